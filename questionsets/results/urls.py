"""URLs of results upload, comparison and the planner (namespace `questionsets`)."""

from django.urls import path

from . import planner_views, views

urlpatterns = [
    path("planner/", planner_views.planner, name="planner"),
    path(
        "vragenlijsten/<int:pk>/resultaten/planner/",
        planner_views.results_planner,
        name="results-planner",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/",
        views.results_comparison,
        name="results-comparison",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/uploaden/",
        views.results_upload,
        name="results-upload",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/sjabloon.xlsx",
        views.results_template,
        name="results-template",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/vergelijking.xlsx",
        views.results_export_xlsx,
        name="results-export",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/vergelijking.json",
        views.results_export_json,
        name="results-json",
    ),
]
