from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from . import errors

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Login and logout only: the password reset is the site's own (questionsets/accounts/),
    # rate-limited and in the site's templates.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="questionsets/accessibility_statement.html"),
        name="accessibility-statement",
    ),
    path("favicon.ico", errors.favicon, name="favicon"),
    path("handleiding/", include("questionsets.guide.urls")),
    path("", include("questionsets.urls")),
]

handler400 = "monitor.errors.bad_request"
handler403 = "monitor.errors.permission_denied"
handler404 = "monitor.errors.page_not_found"
handler500 = "monitor.errors.server_error"
