"""URLs of the review workflow, mounted under /curatie/ by questionsets/curation/urls.py."""

from django.urls import path

from . import import_views, views

urlpatterns = [
    path("voorstellen/", views.proposal_list, name="curation-proposals"),
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
