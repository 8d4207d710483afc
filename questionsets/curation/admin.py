"""The curators' back office: catalogue maintenance with an Excel round trip.

Every changelist loads its rows in a fixed number of queries (select_related or
annotations, never a query per row). Published question versions are read-only. Nothing
published changes here without a second curator: the "nieuwe versie" form and the questions
sheet import make proposals "ter beoordeling" (review services), and sets and scales are
imported in the curation area (/curatie/), not here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat, truncatechars
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm
from import_export.results import RowResult

from ..models import (
    AnswerOption,
    AnswerScale,
    CatalogueChange,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    Membership,
    Municipality,
    NationalFigure,
    Question,
    Questionnaire,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    ResultUpload,
    Source,
    Verification,
)
from ..results.figures import NationalFigureResource
from . import audit_admin, resource_questions, resource_scales, resource_sets, resources, workbook
from .admin_input import ReviewedImportMixin, SafeExportMixin, SafeIdsAdminMixin
from .audit import AuditedAdminMixin
from .forms import NewVersionForm
from .review import services as review
from .review.importing import ProposingQuestionResource
from .review.models import Proposal
from .services import VERSION_INPUT_FIELDS

# --------------------------------------------------------------------------- import/export base


class SafeImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("Het bestand is te groot (%(size)s); het mag hoogstens %(limit)s zijn.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
                }
            )
        return upload


class CatalogueAdmin(SafeIdsAdminMixin, SafeExportMixin, AuditedAdminMixin, ImportExportModelAdmin):
    """Excel import (dry-run preview first) and export of one catalogue sheet."""

    catalogue_resource: type[resources.CatalogueResource]
    import_form_class = SafeImportForm

    @property
    def resource_classes(self):
        return [self.catalogue_resource]

    @property
    def import_formats(self):
        return [workbook.SafeXLSX.for_sheet(self.catalogue_resource.sheet_name)]

    @property
    def export_formats(self):
        return self.import_formats

    def add_success_message(self, result, request):
        """In Dutch: the package's Dutch translation lacks this message."""
        totals = result.totals
        messages.success(
            request,
            _(
                "Werkmap geïmporteerd (%(kind)s): %(new)s nieuw, %(updated)s bijgewerkt, "
                "%(deleted)s verwijderd en %(skipped)s ongewijzigd."
            )
            % {
                "kind": self.model._meta.verbose_name_plural,
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "deleted": totals[RowResult.IMPORT_TYPE_DELETE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValidationError):
            for message in e.messages:
                form.add_error("import_file", message)
        else:
            super().add_data_read_fail_error_to_form(form, e)


# --------------------------------------------------------------------------- sources, concepts


@admin.register(Source)
class SourceAdmin(CatalogueAdmin):
    catalogue_resource = resources.SourceResource
    list_display = ("code", "instrument", "edition", "year", "publisher")
    list_filter = ("year", "publisher")
    search_fields = ("code", "instrument", "publisher", "edition")
    # Django 6's default; without it the add form warns (an error under the tests' -W error).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class DefinitionInline(SafeIdsAdminMixin, admin.StackedInline):
    model = Definition
    extra = 0
    autocomplete_fields = ("source",)
    fields = ("position", "text", "source", "source_note", "is_verbatim")


class ConceptRelationInline(SafeIdsAdminMixin, admin.TabularInline):
    model = ConceptRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("target",)
    fields = ("kind", "target", "note")
    verbose_name_plural = gettext_lazy("relaties naar andere begrippen")


@admin.register(Concept)
class ConceptAdmin(CatalogueAdmin):
    catalogue_resource = resources.ConceptResource
    list_display = ("code", "name_nl", "domain", "framing", "scope", "indicator_count")
    list_filter = ("domain", "framing", "scope")
    search_fields = ("code", "slug", "name_nl", "name_en")
    prepopulated_fields = {"slug": ("name_nl",)}
    inlines = (DefinitionInline, ConceptRelationInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_indicators=Count("indicators"))

    @admin.display(description=gettext_lazy("indicatoren"), ordering="n_indicators")
    def indicator_count(self, obj):
        return obj.n_indicators


@admin.register(Indicator)
class IndicatorAdmin(CatalogueAdmin):
    catalogue_resource = resources.IndicatorResource
    list_display = ("code", "name_nl", "concept", "kind", "computation")
    list_filter = ("kind", "concept__domain")
    list_select_related = ("concept",)
    search_fields = ("code", "name_nl", "name_en", "concept__name_nl", "concept__code")
    autocomplete_fields = ("concept",)


# --------------------------------------------------------------------------- answer scales


class AnswerOptionInline(SafeIdsAdminMixin, admin.TabularInline):
    """Options of a scale; frozen (read-only, no add or delete) once a version uses it."""

    model = AnswerOption
    extra = 0
    fields = ("position", "code", "label_nl", "label_en", "is_missing")
    ordering = ("position",)

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_in_use()

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(AnswerScale)
class AnswerScaleAdmin(ReviewedImportMixin, CatalogueAdmin):
    catalogue_resource = resource_scales.ScaleResource
    list_display = ("code", "name", "option_count", "in_use")
    search_fields = ("code", "name", "options__label_nl")
    list_filter = (("question_versions", admin.EmptyFieldListFilter),)
    inlines = (AnswerOptionInline,)

    def get_queryset(self, request):
        used = QuestionVersion.objects.filter(scale=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(n_options=Count("options", distinct=True), used=Exists(used))
        )

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None and obj.is_in_use() else ()

    @admin.display(description=gettext_lazy("opties"), ordering="n_options")
    def option_count(self, obj):
        return obj.n_options

    @admin.display(description=gettext_lazy("in gebruik"), boolean=True, ordering="used")
    def in_use(self, obj):
        return obj.used


# --------------------------------------------------------------------------- questions


class VersionInline(SafeIdsAdminMixin, admin.TabularInline):
    """The version history of a question: read-only, never deleted."""

    model = QuestionVersion
    extra = 0
    fields = ("number", "wording_nl", "answer_type", "scale", "verification", "created_at")
    readonly_fields = fields
    ordering = ("-number",)
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def latest_version_subquery(field: str) -> Subquery:
    versions = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number")
    return Subquery(versions.values(field)[:1])


@admin.register(Question)
class QuestionAdmin(CatalogueAdmin):
    catalogue_resource = resource_questions.QuestionResource
    list_display = ("code", "latest_wording", "latest_number", "latest_verification", "concept")
    list_filter = ("concept__domain", "versions__verification", "versions__answer_type")
    list_select_related = ("concept",)
    search_fields = ("code", "versions__wording_nl", "concept__name_nl")
    autocomplete_fields = ("concept",)
    readonly_fields = ("new_version_link",)
    fields = ("code", "concept", "note", "new_version_link")
    inlines = (VersionInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_number_value=latest_version_subquery("number"),
                latest_wording_value=latest_version_subquery("wording_nl"),
                latest_verification_value=latest_version_subquery("verification"),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.versions.exists():
            return ("code", "new_version_link")
        return ("new_version_link",)

    def get_import_resource_classes(self, request):
        return [ProposingQuestionResource]  # a changed published wording becomes a proposal

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        messages.info(
            request,
            _(
                "Een gewijzigde tekst van een gepubliceerde vraag is niet gepubliceerd maar als "
                "voorstel ter beoordeling aangeboden; een tweede curator keurt het goed onder "
                "Curatie › Voorstellen."
            ),
        )

    @admin.display(description=gettext_lazy("versie"), ordering="latest_number_value")
    def latest_number(self, obj):
        return obj.latest_number_value

    @admin.display(description=gettext_lazy("vraagtekst"))
    def latest_wording(self, obj):
        return truncatechars(obj.latest_wording_value or "", 90)

    @admin.display(description=gettext_lazy("verificatie"))
    def latest_verification(self, obj):
        return dict(Verification.choices).get(obj.latest_verification_value, "")

    @admin.display(description=gettext_lazy("nieuwe versie"))
    def new_version_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Sla de vraag eerst op; daarna kunt u een versie voorstellen.")
        url = reverse("admin:questionsets_question_new_version", args=[obj.pk])
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _("Nieuwe versie voorstellen")
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.new_version_view)
        return [
            path("<int:object_id>/nieuwe-versie/", view, name="questionsets_question_new_version"),
            *super().get_urls(),
        ]

    def new_version_view(self, request, object_id):
        question = get_object_or_404(Question, pk=object_id)
        if not self.has_change_permission(request, question):
            raise PermissionDenied
        latest = question.latest_version()
        form = NewVersionForm(request.POST or None, latest=latest)
        if request.method == "POST" and form.is_valid():
            # Four eyes: the admin proposes, like the curation area; it never publishes.
            proposal = review.proposal_create(
                kind=Proposal.Kind.VERSION,
                author=request.user,
                payload=review.version_payload(form.version_data(), latest),
                reason=form.cleaned_data["change_reason"],
                submit=True,
                question=question,
            )
            self.message_user(
                request,
                _(
                    "Versie %(n)s is voorgesteld en ter beoordeling aangeboden; een tweede "
                    "curator moet het voorstel goedkeuren voordat het gepubliceerd wordt."
                )
                % {"n": proposal.payload["number"]},
            )
            return redirect("questionsets:curation-proposal", pk=proposal.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": question,
            "latest": latest,
            "form": form,
            "title": _("Nieuwe versie van vraag %(code)s") % {"code": question.code},
        }
        return TemplateResponse(request, "admin/questionsets/question/new_version.html", context)


@admin.register(QuestionVersion)
class QuestionVersionAdmin(SafeIdsAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Published versions: content is read-only; only verification may be upgraded."""

    list_display = (
        "__str__",
        "short_wording",
        "answer_type",
        "scale",
        "source",
        "verification",
        "created_at",
    )
    list_filter = ("verification", "answer_type", "source")
    list_select_related = ("question", "scale", "source")
    search_fields = ("question__code", "wording_nl", "wording_en", "source_variable")
    fields = (
        "question",
        "number",
        *VERSION_INPUT_FIELDS,
        "change_reason",
        "fingerprint",
        "created_at",
        "created_by",
    )
    readonly_fields = tuple(f for f in fields if f not in QuestionVersion.MUTABLE_FIELDS)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=gettext_lazy("vraagtekst"))
    def short_wording(self, obj):
        return truncatechars(obj.wording_nl, 90)


# --------------------------------------------------------------------------- question sets


class QuestionSetItemInline(SafeIdsAdminMixin, admin.TabularInline):
    model = QuestionSetItem
    extra = 0
    fields = ("position", "question_version")
    ordering = ("position",)
    autocomplete_fields = ("question_version",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question_version__question")


@admin.register(QuestionSet)
class QuestionSetAdmin(ReviewedImportMixin, CatalogueAdmin):
    catalogue_resource = resource_sets.QuestionSetResource
    list_display = ("code", "name_nl", "status", "indivisible", "order_locked", "item_count")
    list_filter = ("status", "indivisible", "order_locked", "indicators__concept__domain")
    search_fields = ("code", "name_nl", "name_en")
    autocomplete_fields = ("indicators", "source")
    inlines = (QuestionSetItemInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_items=Count("items", distinct=True))

    # Four eyes: a set is published, changed or retired only through a proposal (/curatie/).
    def get_readonly_fields(self, request, obj=None):
        return ("status",)

    def has_change_permission(self, request, obj=None):
        published = obj is not None and obj.status != QuestionSet.Status.DRAFT
        return not published and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and obj.status != QuestionSet.Status.DRAFT
        return not published and super().has_delete_permission(request, obj)

    @admin.display(description=gettext_lazy("vragen"), ordering="n_items")
    def item_count(self, obj):
        return obj.n_items


# --------------------------------------------------------------------------- municipal side


@admin.register(Municipality)
class MunicipalityAdmin(SafeIdsAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "province", "safety_region_name")
    list_filter = ("province", "safety_region_name")
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(SafeIdsAdminMixin, admin.ModelAdmin):
    list_display = ("user", "municipality", "role")
    list_filter = ("role", "municipality__province")
    list_select_related = ("user", "municipality")
    search_fields = ("user__username", "user__email", "municipality__name", "municipality__code")
    autocomplete_fields = ("user", "municipality")


@admin.register(Questionnaire)
class QuestionnaireAdmin(SafeIdsAdminMixin, admin.ModelAdmin):
    list_display = ("title", "municipality", "year", "status", "created_by", "updated_at")
    list_filter = ("status", "year")
    list_select_related = ("municipality", "created_by")
    search_fields = ("title", "municipality__name", "municipality__code")
    autocomplete_fields = ("municipality",)
    raw_id_fields = ("created_by",)
    readonly_fields = ("lock_version", "created_at", "updated_at")


# --------------------------------------------------------------------------- benchmark (results)


@admin.register(NationalFigure)
class NationalFigureAdmin(CatalogueAdmin):
    catalogue_resource = NationalFigureResource
    list_display = ("subject", "year", "statistic", "display_value", "n", "source")
    list_filter = ("year", "statistic", "source")
    list_select_related = ("question", "indicator", "source")
    search_fields = ("question__code", "indicator__code", "indicator__name_nl", "note")
    autocomplete_fields = ("question", "indicator", "source")

    @admin.display(description=gettext_lazy("vraag of indicator"))
    def subject(self, obj):
        return obj.question.code if obj.question_id else obj.indicator.code

    @admin.display(description=gettext_lazy("waarde"), ordering="value")
    def display_value(self, obj):
        return obj.display_value()


@admin.register(ResultUpload)
class ResultUploadAdmin(SafeIdsAdminMixin, admin.ModelAdmin):
    """Uploads hold aggregates only; curators may look and delete, not edit."""

    list_display = ("questionnaire", "kind", "respondents", "weighted", "uploaded_by", "created_at")
    list_filter = ("kind", "weighted")
    list_select_related = ("questionnaire__municipality", "uploaded_by")
    search_fields = ("questionnaire__title", "questionnaire__municipality__name")
    readonly_fields = [f.name for f in ResultUpload._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------------- audit trail


@admin.register(CatalogueChange)
class CatalogueChangeAdmin(SafeIdsAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only, in words (the workbench's Wijzigingslog is the curators'
    view). A question's or set's own history is its "Geschiedenis"."""

    list_display = ("created_at", "user", "via", "in_words")
    list_filter = ("action", "via", audit_admin.KindFilter)
    list_select_related = ("user",)
    search_fields = ("object_key", "user__username")
    date_hierarchy = "created_at"
    fields = ("created_at", "user", "via", "in_words", "kind", "action", "changed_fields")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("wijziging"))
    def in_words(self, obj):
        return audit_admin.sentence(obj)

    @admin.display(description=gettext_lazy("soort"))
    def kind(self, obj):
        return audit_admin.kind_name(obj.model_label)

    @admin.display(description=gettext_lazy("wijzigingen (oud → nieuw)"))
    def changed_fields(self, obj):
        return audit_admin.changes_text(obj)
