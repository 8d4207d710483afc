"""The municipal side: municipalities, memberships, questionnaires and the basket."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..catalogue.models import AnswerScale
from ..catalogue.question_models import CHOICE_TYPES, AnswerType, QuestionSet, QuestionVersion
from ..models.base import (
    CODE_MAX_LENGTH,
    TimeStampedModel,
    code_rule_constraint,
    code_validator,
    recorded_user,
)

# --------------------------------------------------------------------------- municipalities


class Municipality(models.Model):
    code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode is GM gevolgd door vier cijfers."))
        ],
    )
    name = models.CharField(_("naam"), max_length=200)
    province = models.CharField(_("provincie"), max_length=100)
    safety_region_code = models.CharField(_("code veiligheidsregio"), max_length=4)
    safety_region_name = models.CharField(_("veiligheidsregio"), max_length=200)
    inhabitants = models.PositiveIntegerField(
        _("inwoners op 1 januari"),
        null=True,
        blank=True,
        help_text=_("bepaalt de CBS-gemeentegrootteklasse; leeg: onbekend"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("redacteur")
        READER = "reader", _("lezer")
        # Manages the municipality's team (accounts/) and edits like an editor.
        COORDINATOR = "coordinator", _("coördinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gemeente"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.READER)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="questionsets_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.municipality} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role in EDITING_ROLES


EDITING_ROLES = (Membership.Role.EDITOR, Membership.Role.COORDINATOR)


class Questionnaire(TimeStampedModel):
    """A municipality's questionnaire (the basket). Always belongs to one municipality."""

    class Status(models.TextChoices):
        ACTIVE = "actief", _("actief")
        ARCHIVED = "gearchiveerd", _("gearchiveerd")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("gemeente"),
    )
    title = models.CharField(_("titel"), max_length=200)
    year = models.PositiveSmallIntegerField(_("jaar"))
    description = models.TextField(_("beschrijving"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    local_time_budget_minutes = models.PositiveSmallIntegerField(
        _("tijdsbudget lokale vragen (minuten)"), default=5
    )
    lock_version = models.PositiveIntegerField(_("versie voor gelijktijdig bewerken"), default=1)
    created_by = recorded_user(_("aangemaakt door"))

    class Meta:
        ordering = ["municipality", "-year", "title"]
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title", "year"], name="questionsets_questionnaire_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


# =========================================================================== questionnaire builder
# The basket: what a municipality puts in its questionnaire. Everything below hangs off
# one Questionnaire, so tenancy follows from the questionnaire's municipality.
#
# Local answer scales are owned by the questionnaire (LocalScale/LocalOption) rather than
# being AnswerScale rows with a municipality owner: AnswerScale codes are one national
# namespace and a scale freezes once a published version uses it, while a local scale
# stays editable, is private to one questionnaire and is copied along with it.


class QuestionnaireSection(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("vragenlijst"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")

    def __str__(self) -> str:
        return self.title


class QuestionnaireSet(models.Model):
    """A national set that was put in the basket; its indicators are tracked from here."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="basket_sets",
        verbose_name=_("vragenlijst"),
    )
    question_set = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vragenset"),
    )
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "added_at", "pk"]
        verbose_name = _("vragenset in vragenlijst")
        verbose_name_plural = _("vragensets in vragenlijst")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "question_set"],
                name="questionsets_basketset_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} / {self.question_set.code}"


class LocalScale(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="local_scales",
        verbose_name=_("vragenlijst"),
    )
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        ordering = ["questionnaire", "name", "pk"]
        verbose_name = _("lokale antwoordschaal")
        verbose_name_plural = _("lokale antwoordschalen")

    def __str__(self) -> str:
        return self.name


class LocalOption(models.Model):
    scale = models.ForeignKey(
        LocalScale, on_delete=models.CASCADE, related_name="options", verbose_name=_("schaal")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    code = models.PositiveIntegerField(_("antwoordcode"))
    label_nl = models.CharField(_("label"), max_length=300)
    is_missing = models.BooleanField(
        _("ontbrekend antwoord"),
        default=False,
        help_text=_(
            "bijv. 'weet niet', 'geen antwoord': telt niet mee in percentages en gemiddelden"
        ),
    )

    class Meta:
        ordering = ["scale", "position"]
        verbose_name = _("lokale antwoordoptie")
        verbose_name_plural = _("lokale antwoordopties")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "code"], name="questionsets_localoption_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_nl}"


class QuestionnaireItemQuerySet(models.QuerySet):
    def for_builder(self):
        """Everything the builder shows per item, plus the newest published version id."""
        latest = QuestionVersion.objects.filter(
            question=models.OuterRef("question_version__question")
        ).order_by("-number")
        return (
            self.select_related(
                "question_version__question",
                "question_version__scale",
                "scale",
                "local_scale",
                "derived_from__question",
                "from_set",
                "shared_version__shared_question__municipality",
            )
            .prefetch_related(
                "question_version__scale__options",
                "scale__options",
                "local_scale__options",
                "shared_version__options",
            )
            .annotate(
                latest_version_id=models.Subquery(latest.values("pk")[:1]),
                # The newest version of the shared question a shared item uses (shelf/).
                latest_shared_number=models.Subquery(
                    apps.get_model("questionsets", "SharedQuestionVersion")
                    .objects.filter(
                        shared_question=models.OuterRef("shared_version__shared_question")
                    )
                    .order_by("-number")
                    .values("number")[:1]
                ),
            )
        )


class QuestionnaireItem(models.Model):
    """One question in a municipal questionnaire.

    National items point at an immutable QuestionVersion and show exactly that; adapted
    and local items carry their own wording under a local code.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("landelijk")
        ADAPTED = "adapted", _("aangepast")
        LOCAL = "local", _("lokaal")
        # A shared local question of another municipality, used by reference (shelf/).
        SHARED = "shared", _("gedeeld")

    # Denormalised from section so that codes are unique per questionnaire in the database.
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("vragenlijst"),
    )
    section = models.ForeignKey(
        QuestionnaireSection,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("onderdeel"),
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[code_validator])
    question_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_items",
        verbose_name=_("vraagversie"),
    )
    declined_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bewust niet bijgewerkt naar"),
    )
    from_set = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uit vragenset"),
    )
    wording = models.TextField(_("vraagtekst"), blank=True)
    instruction = models.TextField(_("instructie"), blank=True)
    answer_type = models.CharField(
        _("antwoordtype"), max_length=20, choices=AnswerType.choices, blank=True
    )
    scale = models.ForeignKey(
        AnswerScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antwoordschaal uit de catalogus"),
    )
    local_scale = models.ForeignKey(
        LocalScale,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("lokale antwoordschaal"),
    )
    derived_from = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgeleid van"),
    )
    not_comparable_reason = models.TextField(_("reden niet vergelijkbaar"), blank=True)
    shared_version = models.ForeignKey(
        "questionsets.SharedQuestionVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("gedeelde vraagversie"),
    )

    objects = QuestionnaireItemQuerySet.as_manager()

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("vraag in vragenlijst")
        verbose_name_plural = _("vragen in vragenlijst")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="questionsets_qitem_unique_code"
            ),
            code_rule_constraint("questionsets_qitem_code_rule"),
            models.CheckConstraint(
                condition=(
                    Q(kind="national", question_version__isnull=False)
                    | Q(~Q(kind="national"), question_version__isnull=True)
                ),
                name="questionsets_qitem_national_has_version",
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(local_scale__isnull=True),
                name="questionsets_qitem_one_scale",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="shared", shared_version__isnull=False)
                    | Q(~Q(kind="shared"), shared_version__isnull=True)
                ),
                name="questionsets_qitem_shared_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.kind in (self.Kind.NATIONAL, self.Kind.SHARED):
            return
        has_scale = self.scale_id is not None or self.local_scale_id is not None
        if self.answer_type in CHOICE_TYPES and not has_scale:
            raise ValidationError(
                {"scale": _("Een keuzevraag heeft een antwoordschaal nodig.")}, code="no_scale"
            )
        if self.answer_type not in CHOICE_TYPES and has_scale:
            raise ValidationError(
                {"scale": _("Alleen keuzevragen hebben een antwoordschaal.")}, code="scale"
            )

    @property
    def is_national(self) -> bool:
        return self.kind == self.Kind.NATIONAL

    @property
    def is_shared(self) -> bool:
        return self.kind == self.Kind.SHARED

    def display_wording(self) -> str:
        if self.is_shared:
            return self.shared_version.wording
        return self.question_version.wording_nl if self.is_national else self.wording

    def display_instruction(self) -> str:
        if self.is_shared:
            return self.shared_version.instruction
        return self.question_version.instruction_nl if self.is_national else self.instruction

    def display_answer_type(self) -> str:
        if self.is_shared:
            return self.shared_version.answer_type
        return self.question_version.answer_type if self.is_national else self.answer_type

    def display_scale_name(self) -> str:
        if self.is_shared:
            return ""
        scale = self.question_version.scale if self.is_national else self.scale or self.local_scale
        return scale.name if scale is not None else ""

    def display_options(self) -> list:
        """(code, label, is_missing) from whichever scale applies; uses prefetched options."""
        if self.is_shared:
            return [(o.code, o.label_nl, o.is_missing) for o in self.shared_version.options.all()]
        if self.is_national:
            scale = self.question_version.scale
        else:
            scale = self.scale or self.local_scale
        if scale is None:
            return []
        return [(o.code, o.label_nl, o.is_missing) for o in scale.options.all()]
