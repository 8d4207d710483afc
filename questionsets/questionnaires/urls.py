"""URLs of the questionnaire builder (the basket); included under the `questionsets` namespace."""

from django.urls import path

from . import item_views, set_picker, views

urlpatterns = [
    path("vragenlijsten/", views.questionnaire_list, name="questionnaire-list"),
    path("vragenlijsten/nieuw/", views.questionnaire_create, name="questionnaire-create"),
    path(
        "vragenlijsten/set-toevoegen/",
        views.questionnaire_add_set,
        name="questionnaire-add-set",
    ),
    path("vragenlijsten/<int:pk>/", views.questionnaire_detail, name="questionnaire-detail"),
    path(
        "vragenlijsten/<int:pk>/instellingen/",
        views.questionnaire_settings,
        name="questionnaire-settings",
    ),
    path(
        "vragenlijsten/<int:pk>/kopieren/",
        views.questionnaire_copy,
        name="questionnaire-copy",
    ),
    path(
        "vragenlijsten/<int:pk>/archiveren/",
        views.questionnaire_archive,
        name="questionnaire-archive",
    ),
    path(
        "vragenlijsten/<int:pk>/volgorde/",
        views.questionnaire_reorder,
        name="questionnaire-reorder",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/",
        views.questionnaire_section_create,
        name="questionnaire-section-create",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/verplaatsen/",
        views.questionnaire_section_move,
        name="questionnaire-section-move",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/naam/",
        views.questionnaire_section_rename,
        name="questionnaire-section-rename",
    ),
    path(
        "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/verwijderen/",
        views.questionnaire_section_delete,
        name="questionnaire-section-delete",
    ),
    path(
        "vragenlijsten/<int:pk>/sets/<int:set_id>/verwijderen/",
        views.questionnaire_set_remove,
        name="questionnaire-set-remove",
    ),
    path(
        "vragenlijsten/<int:pk>/sets/<int:set_id>/terugzetten/",
        item_views.questionnaire_set_restore,
        name="questionnaire-set-restore",
    ),
    path(
        "vragenlijsten/<int:pk>/sets/kiezen/",
        set_picker.questionnaire_set_picker,
        name="questionnaire-set-picker",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/nieuw/",
        item_views.questionnaire_item_create,
        name="questionnaire-item-create",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/bewerken/",
        item_views.questionnaire_item_edit,
        name="questionnaire-item-edit",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/aanpassen/",
        item_views.questionnaire_item_adapt,
        name="questionnaire-item-adapt",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/verwijderen/",
        item_views.questionnaire_item_remove,
        name="questionnaire-item-remove",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/verplaatsen/",
        views.questionnaire_item_move,
        name="questionnaire-item-move",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/bijwerken/",
        item_views.questionnaire_item_upgrade,
        name="questionnaire-item-upgrade",
    ),
    path(
        "vragenlijsten/<int:pk>/vragen/<int:item_id>/behouden/",
        item_views.questionnaire_item_keep,
        name="questionnaire-item-keep",
    ),
]
