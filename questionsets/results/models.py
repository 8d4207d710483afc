"""National reference figures and a municipality's aggregated local results."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..catalogue.models import Indicator, Source
from ..catalogue.question_models import Question
from ..catalogue.scoring import ScoringRule
from ..models.base import TimeStampedModel, recorded_user
from ..questionnaires.models import Municipality, Questionnaire, QuestionnaireItem
from .numbers import format_shown

# =========================================================================== results (benchmark)
# National reference figures per question or indicator, and a municipality's local results.
# Only aggregates are stored: respondent-level uploads are parsed in memory
# (questionsets/results.py) and never reach the database.


class Statistic(models.TextChoices):
    PERCENTAGE = "percentage", _("percentage in antwoordcategorieën")
    MEAN = "mean", _("gemiddelde")


class NationalFigureQuerySet(models.QuerySet):
    def newest_first(self):
        return self.select_related("source").order_by("-year", "-pk")


class NationalFigure(TimeStampedModel):
    """A published national value for one question or one indicator in one year.

    A percentage counts the substantive answers in `categories` (answer codes); a mean is
    expressed on `scale_min`..`scale_max` (the answer codes unless the source rescaled).
    """

    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_figures",
        verbose_name=_("vraag"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_figures",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    statistic = models.CharField(_("statistiek"), max_length=20, choices=Statistic.choices)
    categories = models.JSONField(
        _("antwoordcategorieën"),
        default=list,
        blank=True,
        help_text=_("de antwoordcodes die het percentage telt, bijv. [1, 2]"),
    )
    scale_min = models.FloatField(_("schaal van"), null=True, blank=True)
    scale_max = models.FloatField(_("schaal tot"), null=True, blank=True)
    value = models.FloatField(_("waarde"), help_text=_("percentage (0-100) of gemiddelde"))
    n = models.PositiveIntegerField(_("aantal respondenten"), null=True, blank=True)
    standard_error = models.FloatField(_("standaardfout"), null=True, blank=True)
    ci_low = models.FloatField(_("95%-interval van"), null=True, blank=True)
    ci_high = models.FloatField(_("95%-interval tot"), null=True, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="national_figures", verbose_name=_("bron")
    )
    note = models.TextField(_("toelichting"), blank=True)
    # What exactly the figure measures: the question versions it was computed on, and for
    # an indicator the rule (with a hash of its definition at the time) and the variant.
    version_fingerprints = models.JSONField(
        _("vraagversies (vingerafdrukken)"),
        default=list,
        blank=True,
        help_text=_("de versies waarop het cijfer berekend is; leeg: onbekend"),
    )
    rule = models.ForeignKey(
        ScoringRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_figures",
        verbose_name=_("rekenregel"),
    )
    rule_signature = models.CharField(_("rekenregel (vingerafdruk)"), max_length=64, blank=True)
    variant = models.CharField(_("variant"), max_length=100, blank=True)
    population = models.CharField(_("populatie"), max_length=200, blank=True)

    objects = NationalFigureQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("landelijk cijfer")
        verbose_name_plural = _("landelijke cijfers")
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, indicator__isnull=True)
                | Q(question__isnull=True, indicator__isnull=False),
                name="questionsets_figure_question_xor_indicator",
            ),
            models.CheckConstraint(
                condition=~Q(statistic="percentage") | Q(value__gte=0, value__lte=100),
                name="questionsets_figure_percentage_range",
            ),
            models.CheckConstraint(
                condition=Q(standard_error__isnull=True) | Q(standard_error__gte=0),
                name="questionsets_figure_se_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | Q(ci_low__lte=models.F("ci_high")),
                name="questionsets_figure_ci_ordered",
            ),
            models.UniqueConstraint(
                fields=["question", "year", "source", "statistic"],
                condition=Q(question__isnull=False),
                name="questionsets_figure_unique_question",
            ),
            models.UniqueConstraint(
                fields=["indicator", "variant", "year", "source", "statistic"],
                condition=Q(indicator__isnull=False),
                name="questionsets_figure_unique_indicator",
            ),
        ]

    def __str__(self) -> str:
        subject = self.question.code if self.question_id else self.indicator.code
        return f"{subject} {self.year}: {self.display_value()}"

    def clean(self) -> None:
        errors = {}
        if (self.question_id is None) == (self.indicator_id is None):
            errors["question"] = _("Kies een vraag of een indicator (precies één van beide).")
        if self.statistic == Statistic.PERCENTAGE:
            if not self.categories:
                errors["categories"] = _("Een percentage heeft antwoordcategorieën nodig.")
            elif not all(isinstance(c, int) and not isinstance(c, bool) for c in self.categories):
                errors["categories"] = _("Antwoordcategorieën zijn gehele getallen.")
            if self.value is not None and not 0 <= self.value <= 100:
                errors["value"] = _("Een percentage ligt tussen 0 en 100.")
        if (self.scale_min is None) != (self.scale_max is None) or (
            self.scale_min is not None and self.scale_min >= self.scale_max
        ):
            errors["scale_max"] = _("Vul beide schaalgrenzen in, de eerste kleiner dan de tweede.")
        if self.standard_error is not None and self.standard_error < 0:
            errors["standard_error"] = _("Een standaardfout is niet negatief.")
        if None not in (self.ci_low, self.ci_high) and self.ci_low > self.ci_high:
            errors["ci_high"] = _("De bovengrens ligt onder de ondergrens.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_percentage(self) -> bool:
        return self.statistic == Statistic.PERCENTAGE

    def display_value(self) -> str:
        text = format_shown(self.value, 1)
        return f"{text}%" if self.is_percentage else text

    def categories_text(self) -> str:
        return "|".join(str(c) for c in self.categories)

    def display_statistic(self) -> str:
        if self.is_percentage:
            return _("%% antwoordcodes %(codes)s") % {"codes": self.categories_text()}
        return str(self.get_statistic_display())


class ResultUpload(TimeStampedModel):
    """One upload of local results for a questionnaire; a new upload replaces the old one."""

    class Kind(models.TextChoices):
        AGGREGATED = "aggregated", _("geaggregeerd per vraag")
        RESPONDENTS = "respondents", _("gegevens per respondent")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="result_uploads",
        verbose_name=_("vragenlijst"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
        help_text=_("leeg: de eigenaar; anders een gemeente waarmee de vragenlijst gedeeld is"),
    )
    uploaded_by = recorded_user(_("geüpload door"))
    respondents = models.PositiveIntegerField(_("aantal respondenten"), null=True, blank=True)
    weighted = models.BooleanField(_("gewogen"), default=False)
    design_effect = models.FloatField(_("design-effect (Kish)"), null=True, blank=True)
    min_n_wijk = models.PositiveSmallIntegerField(_("minimum n per wijk"), default=30)
    wijk_counts = models.JSONField(
        _("respondenten per wijk"), default=dict, blank=True, help_text=_("alleen aantallen")
    )

    class Meta:
        ordering = ["questionnaire", "-created_at", "-pk"]
        verbose_name = _("upload van lokale resultaten")
        verbose_name_plural = _("uploads van lokale resultaten")

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.get_kind_display()})"


class LocalResult(models.Model):
    """A local estimate for one item or indicator, for the municipality or one wijk."""

    upload = models.ForeignKey(
        ResultUpload, on_delete=models.CASCADE, related_name="results", verbose_name=_("upload")
    )
    item = models.ForeignKey(
        QuestionnaireItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_results",
        verbose_name=_("vraag in vragenlijst"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_results",
        verbose_name=_("indicator"),
    )
    wijk = models.CharField(_("wijk"), max_length=100, blank=True, help_text=_("leeg: gemeente"))
    statistic = models.CharField(_("statistiek"), max_length=20, choices=Statistic.choices)
    categories = models.JSONField(_("antwoordcategorieën"), default=list, blank=True)
    value = models.FloatField(_("waarde"))
    se = models.FloatField(_("standaardfout"), null=True, blank=True)
    ci_low = models.FloatField(_("95%-interval van"), null=True, blank=True)
    ci_high = models.FloatField(_("95%-interval tot"), null=True, blank=True)
    n = models.PositiveIntegerField(_("aantal antwoorden"))
    n_effective = models.FloatField(_("effectieve n"), null=True, blank=True)
    design_effect = models.FloatField(_("design-effect"), null=True, blank=True)
    scale_min = models.FloatField(_("laagste antwoordcode"), null=True, blank=True)
    scale_max = models.FloatField(_("hoogste antwoordcode"), null=True, blank=True)
    n_missing = models.PositiveIntegerField(
        _("aantal ontbrekend"), default=0, help_text=_("antwoorden met een ontbrekend-code of leeg")
    )
    version_fingerprints = models.JSONField(_("vraagversies (vingerafdrukken)"), default=list)
    rule = models.ForeignKey(
        ScoringRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_results",
        verbose_name=_("rekenregel"),
    )
    rule_signature = models.CharField(_("rekenregel (vingerafdruk)"), max_length=64, blank=True)

    class Meta:
        ordering = ["upload", "wijk", "pk"]
        verbose_name = _("lokaal resultaat")
        verbose_name_plural = _("lokale resultaten")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, indicator__isnull=True)
                | Q(item__isnull=True, indicator__isnull=False),
                name="questionsets_localresult_item_xor_indicator",
            ),
            models.UniqueConstraint(
                fields=["upload", "item", "wijk"],
                condition=Q(item__isnull=False),
                name="questionsets_localresult_unique_item",
            ),
            models.UniqueConstraint(
                fields=["upload", "indicator", "rule", "wijk"],
                condition=Q(indicator__isnull=False),
                name="questionsets_localresult_unique_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id or self.indicator_id} {self.wijk or '-'}: {self.value}"

    @property
    def is_percentage(self) -> bool:
        return self.statistic == Statistic.PERCENTAGE


class SamplePlan(TimeStampedModel):
    """The oversampling plan saved with a questionnaire: the planner's inputs, not its result.

    The result is computed again on every visit, with the design effect of the
    questionnaire's latest results at that moment.
    """

    questionnaire = models.OneToOneField(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="sample_plan",
        verbose_name=_("vragenlijst"),
    )
    districts = models.JSONField(
        _("wijken en inwoners"), default=list, help_text=_("[[naam, aantal inwoners], ...]")
    )
    margin = models.DecimalField(_("foutmarge (procentpunten)"), max_digits=4, decimal_places=1)
    confidence = models.DecimalField(_("betrouwbaarheid"), max_digits=3, decimal_places=2)
    response_rate = models.DecimalField(_("verwachte respons (%)"), max_digits=4, decimal_places=1)
    saved_by = recorded_user(_("opgeslagen door"))

    class Meta:
        verbose_name = _("steekproefplan")
        verbose_name_plural = _("steekproefplannen")

    def __str__(self) -> str:
        return f"{self.questionnaire} ({len(self.districts)})"
