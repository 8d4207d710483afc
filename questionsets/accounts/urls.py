"""URLs of the accounts capability; included under the `questionsets` namespace."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import team_views, views

TEAM = "gemeenten/<str:municipality_code>/team/"

urlpatterns = [
    path("toegang-aanvragen/", views.access_request, name="access-request"),
    path("toegang-aanvragen/verzonden/", views.access_request_sent, name="access-request-sent"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("wachtwoord-vergeten/", views.password_reset, name="password-reset"),
    path("wachtwoord-vergeten/verzonden/", views.password_reset_done, name="password-reset-done"),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="questionsets/accounts/password_reset_confirm.html",
            success_url=reverse_lazy("questionsets:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord-gewijzigd/",
        views.password_reset_complete,
        name="password-reset-complete",
    ),
    path("team/", team_views.my_teams, name="my-teams"),
    path(TEAM, team_views.team, name="team"),
    path(TEAM + "uitnodigen/", team_views.invite, name="team-invite"),
    path(TEAM + "leden/<int:membership_id>/rol/", team_views.member_role, name="team-member-role"),
    path(
        TEAM + "leden/<int:membership_id>/verwijderen/",
        team_views.member_remove,
        name="team-member-remove",
    ),
    path(
        TEAM + "uitnodigingen/<int:invitation_id>/intrekken/",
        team_views.invitation_withdraw,
        name="team-invitation-withdraw",
    ),
    path("toegangsaanvragen/", team_views.request_list, name="access-request-list"),
    path(
        "toegangsaanvragen/<int:request_id>/",
        team_views.request_detail,
        name="access-request-detail",
    ),
]
