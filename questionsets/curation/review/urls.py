"""URLs of the review workflow, mounted under /curatie/ by questionsets/curation/urls.py."""

from django.urls import path

from . import import_views, national_views, views

urlpatterns = [
    path("voorstellen/", views.proposal_list, name="curation-proposals"),
    path("gemeentevoorstellen/", national_views.national_list, name="curation-nationals"),
    path("gemeentevoorstellen/<int:pk>/", national_views.national_detail, name="curation-national"),
    path(
        "gemeentevoorstellen/<int:pk>/accepteren/",
        national_views.national_accept,
        name="curation-national-accept",
    ),
    path(
        "gemeentevoorstellen/<int:pk>/<str:step>/",
        national_views.national_decide,
        name="curation-national-decide",
    ),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="curation-proposal"),
    path("voorstellen/<int:pk>/bewerken/", views.proposal_edit, name="curation-proposal-edit"),
    path("voorstellen/<int:pk>/<str:step>/", views.proposal_step, name="curation-proposal-step"),
    path(
        "vragen/<str:code>/nieuwe-versie/", views.propose_version, name="curation-propose-version"
    ),
    path(
        "vragen/<str:code>/laten-vervallen/",
        views.propose_retire_question,
        name="curation-retire-question",
    ),
    path("sets/nieuw/", views.propose_set, name="curation-propose-set"),
    path("sets/<str:code>/wijzigen/", views.propose_set, name="curation-change-set"),
    path("sets/<str:code>/laten-vervallen/", views.propose_retire_set, name="curation-retire-set"),
    path("schalen/nieuw/", views.propose_scale, name="curation-propose-scale"),
    path("schalen/<str:code>/wijzigen/", views.propose_scale, name="curation-change-scale"),
    path("versies/", views.version_list, name="curation-versions"),
    path("versies/<int:pk>/verificatie/", views.version_verify, name="curation-verify"),
    path("werkmap-importeren/", import_views.workbook_import, name="curation-import"),
    path(
        "werkmap-importeren/bevestigen/",
        import_views.workbook_confirm,
        name="curation-import-confirm",
    ),
]
