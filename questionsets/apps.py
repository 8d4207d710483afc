from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questionsets"
    verbose_name = _("Vragencatalogus")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .community import admin as community_admin  # noqa: F401  (posts and follows)
        from .curation import admin, admin_scoring  # noqa: F401  (registers the curation admin)
