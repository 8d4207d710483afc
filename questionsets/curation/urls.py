"""The curators' workbench under /curatie/; included under the `questionsets` namespace.

The proposals, the version worklist and the workbook import belong to the review
workflow (curation/review)."""

from django.urls import include, path

from .area import details, edit, export, lists, log, views
from .review import urls as review

urlpatterns = [
    # The review workflow first: its "sets/nieuw/" and "schalen/nieuw/" before the
    # workbench's "sets/<code>/" and "schalen/<code>/".
    path("curatie/", include(review.urlpatterns)),
    path("curatie/", views.overview, name="curation"),
    path("curatie/begrippen/", lists.concept_list, name="curation-concepts"),
    path("curatie/begrippen/nieuw/", edit.concept_edit, name="curation-concept-new"),
    path("curatie/begrippen/<str:code>/", details.concept_detail, name="curation-concept"),
    path("curatie/begrippen/<str:code>/wijzigen/", edit.concept_edit, name="curation-concept-edit"),
    path("curatie/indicatoren/", lists.indicator_list, name="curation-indicators"),
    path("curatie/indicatoren/nieuw/", edit.indicator_edit, name="curation-indicator-new"),
    path("curatie/indicatoren/<str:code>/", details.indicator_detail, name="curation-indicator"),
    path(
        "curatie/indicatoren/<str:code>/wijzigen/",
        edit.indicator_edit,
        name="curation-indicator-edit",
    ),
    path(
        "curatie/indicatoren/<str:code>/rekenregels/nieuw/",
        edit.rule_edit,
        name="curation-rule-new",
    ),
    path(
        "curatie/indicatoren/<str:code>/rekenregels/<str:rule_id>/",
        edit.rule_edit,
        name="curation-rule-edit",
    ),
    path("curatie/schalen/", lists.scale_list, name="curation-scales"),
    path("curatie/schalen/<str:code>/", details.scale_detail, name="curation-scale"),
    path("curatie/vragen/", lists.question_list, name="curation-questions"),
    path("curatie/vragen/<str:code>/", details.question_detail, name="curation-question"),
    path("curatie/sets/", lists.set_list, name="curation-sets"),
    path("curatie/sets/<str:code>/", details.set_detail, name="curation-set"),
    path("curatie/bronnen/", lists.source_list, name="curation-sources"),
    path("curatie/bronnen/nieuw/", edit.source_edit, name="curation-source-new"),
    path("curatie/bronnen/<str:code>/", edit.source_edit, name="curation-source-edit"),
    path("curatie/landelijke-cijfers/", lists.figure_list, name="curation-figures"),
    path("curatie/landelijke-cijfers/nieuw/", edit.figure_edit, name="curation-figure-new"),
    path(
        "curatie/landelijke-cijfers/<str:figure_id>/", edit.figure_edit, name="curation-figure-edit"
    ),
    path("curatie/wijzigingslog/", log.change_log, name="curation-log"),
    path("curatie/catalogus/", export.catalogue_workbook, name="curation-workbook"),
    path(
        "curatie/catalogus/catalogus.xlsx",
        export.catalogue_workbook_download,
        name="curation-workbook-download",
    ),
]
