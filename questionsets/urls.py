from django.urls import path

from .catalogue import views as catalogue  # noqa: F401
from .exports import views as exports  # noqa: F401
from .questionnaires import views as questionnaires  # noqa: F401
from .results import views as results  # noqa: F401

app_name = "questionsets"

catalogue_urls = [
    path("", catalogue.home, name="home"),
    path("begrippen/<slug:slug>/", catalogue.concept_detail, name="concept-detail"),
    path("sets/<str:code>/", catalogue.questionset_detail, name="questionset-detail"),
    path("vragen/<str:code>/", catalogue.question_detail, name="question-detail"),
    path("zoeken/", catalogue.search_page, name="search"),
]

questionnaire_urls = [
    path("vragenlijsten/", questionnaires.questionnaire_list, name="questionnaire-list"),
    path("vragenlijsten/nieuw/", questionnaires.questionnaire_create, name="questionnaire-create"),
    path(
        "vragenlijsten/set-toevoegen/",
        questionnaires.questionnaire_add_set,
        name="questionnaire-add-set",
    ),
    path(
        "vragenlijsten/<int:pk>/", questionnaires.questionnaire_detail, name="questionnaire-detail"
    ),
    path(
        "vragenlijsten/<int:pk>/instellingen/",
        questionnaires.questionnaire_settings,
        name="questionnaire-settings",
    ),
    path(
        "vragenlijsten/<int:pk>/kopieren/",
        questionnaires.questionnaire_copy,
        name="questionnaire-copy",
    ),
    path(
        "vragenlijsten/<int:pk>/archiveren/",
        questionnaires.questionnaire_archive,
        name="questionnaire-archive",
    ),
    path(
        "vragenlijsten/<int:pk>/volgorde/",
        questionnaires.questionnaire_reorder,
        name="questionnaire-reorder",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/",
        questionnaires.questionnaire_section_create,
        name="questionnaire-section-create",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/verplaatsen/",
        questionnaires.questionnaire_section_move,
        name="questionnaire-section-move",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/naam/",
        questionnaires.questionnaire_section_rename,
        name="questionnaire-section-rename",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/verwijderen/",
        questionnaires.questionnaire_section_delete,
        name="questionnaire-section-delete",
    ),
    path(
        "vragenlijsten/<int:pk>/sets/<int:set_id>/verwijderen/",
        questionnaires.questionnaire_set_remove,
        name="questionnaire-set-remove",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/nieuw/",
        questionnaires.questionnaire_item_create,
        name="questionnaire-item-create",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/bewerken/",
        questionnaires.questionnaire_item_edit,
        name="questionnaire-item-edit",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/aanpassen/",
        questionnaires.questionnaire_item_adapt,
        name="questionnaire-item-adapt",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/verwijderen/",
        questionnaires.questionnaire_item_remove,
        name="questionnaire-item-remove",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/verplaatsen/",
        questionnaires.questionnaire_item_move,
        name="questionnaire-item-move",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/bijwerken/",
        questionnaires.questionnaire_item_upgrade,
        name="questionnaire-item-upgrade",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/behouden/",
        questionnaires.questionnaire_item_keep,
        name="questionnaire-item-keep",
    ),
]

urlpatterns = catalogue_urls + questionnaire_urls

results_urls = [
    path("planner/", results.planner, name="planner"),
    path(
        "vragenlijsten/<int:pk>/resultaten/",
        results.results_comparison,
        name="results-comparison",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/uploaden/",
        results.results_upload,
        name="results-upload",
    ),
    path(
        "vragenlijsten/<int:pk>/resultaten/vergelijking.xlsx",
        results.results_export_xlsx,
        name="results-export",
    ),
]

urlpatterns += results_urls

export_urls = [
    path(
        "vragenlijsten/<int:pk>/export/<str:fmt>/",
        exports.questionnaire_export,
        name="questionnaire-export",
    ),
    path(
        "vragenlijsten/<int:pk>/afdrukken/",
        exports.questionnaire_print,
        name="questionnaire-print",
    ),
    path(
        "vragenlijsten/<int:pk>/controle/",
        exports.questionnaire_conformance,
        name="questionnaire-conformance",
    ),
]

urlpatterns += export_urls
