"""URLs of sharing (namespace `questionsets`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("gemeenten/<str:code>/", views.municipality_detail, name="sharing-municipality"),
    path(
        "gemeenten/<str:code>/instellingen/",
        views.municipality_settings,
        name="sharing-municipality-settings",
    ),
    path(
        "vragenlijsten/<int:pk>/delen/", views.questionnaire_sharing, name="sharing-questionnaire"
    ),
    path(
        "vragenlijsten/<int:pk>/delen/gemeente/",
        views.questionnaire_share,
        name="sharing-share",
    ),
    path(
        "vragenlijsten/<int:pk>/delen/regio/",
        views.questionnaire_share_region,
        name="sharing-share-region",
    ),
    path(
        "vragenlijsten/<int:pk>/delen/intrekken/",
        views.questionnaire_unshare,
        name="sharing-unshare-all",
    ),
    path(
        "vragenlijsten/<int:pk>/delen/<int:share_id>/intrekken/",
        views.questionnaire_unshare,
        name="sharing-unshare",
    ),
    path(
        "vragenlijsten/<int:pk>/delen/openbaar/",
        views.questionnaire_public,
        name="sharing-public",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/gemeenten/",
        views.regional_comparison,
        name="sharing-regional-comparison",
    ),
]
