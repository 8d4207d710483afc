"""URLs of exports, print view and conformance check; included under the `questionsets` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "vragenlijsten/<int:pk>/export/<str:fmt>/",
        views.questionnaire_export,
        name="questionnaire-export",
    ),
    path(
        "vragenlijsten/<int:pk>/afdrukken/",
        views.questionnaire_print,
        name="questionnaire-print",
    ),
    path(
        "vragenlijsten/<int:pk>/controle/",
        views.questionnaire_conformance,
        name="questionnaire-conformance",
    ),
]
