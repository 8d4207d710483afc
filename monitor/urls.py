from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="questionsets/accessibility_statement.html"),
        name="accessibility-statement",
    ),
    path("", include("questionsets.urls")),
]
