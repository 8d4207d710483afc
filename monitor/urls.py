from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import errors

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
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
