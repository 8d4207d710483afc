"""URLs of the guide, under /handleiding/ (namespace `guide`)."""

from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.guide_page, {"page": "index"}, name="index"),
    path("vergelijkbaarheid/", views.guide_page, {"page": "comparability"}, name="comparability"),
    path("bestanden/", views.guide_files, name="files"),
    path("samenwerken/", views.guide_page, {"page": "together"}, name="together"),
    path("contact/", views.guide_page, {"page": "contact"}, name="contact"),
    path("voorbeelden/export-<str:fmt>/", views.example_export, name="example-export"),
    path(
        "voorbeelden/wijken.xlsx",
        views.example_planner,
        {"ext": "xlsx"},
        name="example-planner-xlsx",
    ),
    path(
        "voorbeelden/wijken.csv", views.example_planner, {"ext": "csv"}, name="example-planner-csv"
    ),
    path("voorbeelden/catalogus.xlsx", views.example_catalogue, name="example-catalogue"),
]
