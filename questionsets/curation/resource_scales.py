"""The `schalen` sheet: one row per answer option, grouped into scales."""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from ..models import (
    CODE_PATTERN,
    AnswerOption,
    AnswerScale,
)
from . import audit
from .resource_widgets import BoolWidget, IntWidget, RefWidget, _plain, text_field
from .resources import CatalogueResource


class OptionLoader(BaseInstanceLoader):
    """All options of the scales named in the file, keyed by (scale code, position)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        codes = {resource.row_key(row) for row in dataset.dict}
        options = AnswerOption.objects.filter(scale__code__in=codes).select_related("scale")
        self.instances = {}
        for option in options:
            option.scale_name = option.scale.name
            option.stored = _option_tuple(option)
            self.instances[(option.scale.code, option.position)] = option

    def get_instance(self, row):
        try:
            position = IntWidget().clean(row.get("volgorde"))
        except ValueError:
            return None
        return self.instances.get((self.resource.row_key(row), position))


class ScaleResource(CatalogueResource):
    """Answer scales, one row per option. A scale in use keeps its options forever."""

    sheet_name = "schalen"
    scale = Field(
        attribute="scale",
        column_name="schaal",
        widget=RefWidget(
            AnswerScale, unknown=gettext_lazy("onbekende schaal '%(code)s'"), required=True
        ),
    )
    scale_name = text_field("scale_name", "schaalnaam")
    position = Field(attribute="position", column_name="volgorde", widget=IntWidget())
    code = Field(attribute="code", column_name="code", widget=IntWidget())
    label_nl = text_field("label_nl", "label_nl")
    label_en = text_field("label_en", "label_en")
    is_missing = Field(attribute="is_missing", column_name="ontbrekend", widget=BoolWidget())

    class Meta:
        model = AnswerOption
        fields = ("scale", "scale_name", "position", "code", "label_nl", "label_en", "is_missing")
        import_id_fields = ("scale", "position")
        instance_loader_class = OptionLoader

    def get_queryset(self):
        return AnswerOption.objects.select_related("scale").order_by("scale__code", "position")

    def init_instance(self, row=None):
        option = AnswerOption()
        option.scale_name, option.stored = "", None
        return option

    def iter_queryset(self, queryset):
        for option in super().iter_queryset(queryset.select_related("scale")):
            option.scale_name = option.scale.name
            yield option

    def row_key(self, row):
        return _plain(row.get("schaal")).strip()

    def record_duplicates(self, rows, excel) -> None:
        pass  # done per scale in prepare_rows()

    def prepare_rows(self, rows, excel) -> None:
        """Per scale: one name, unique positions and codes, frozen options if in use.

        Reads the sheet once, keeping per option row only its number, scale name and
        parsed values; then creates the new scales and drops the options an unused
        scale no longer lists.
        """
        by_scale: dict[str, list] = defaultdict(list)
        for number, row in rows():
            code = self.row_key(row)
            if code and not re.match(CODE_PATTERN, code):
                self.add_row_error(
                    number, "scale", _("ongeldige schaalcode '%(code)s'") % {"code": code}
                )
            elif code:
                by_scale[code].append((number, _plain(row.get("schaalnaam")), _parse_option(row)))
        existing = {s.code: s for s in AnswerScale.objects.filter(code__in=by_scale)}
        in_use = set(
            AnswerScale.objects.filter(code__in=by_scale, question_versions__isnull=False)
            .values_list("code", flat=True)
            .distinct()
        )
        stored: dict[str, dict] = defaultdict(dict)
        for option in AnswerOption.objects.filter(scale__code__in=by_scale).select_related("scale"):
            stored[option.scale.code][option.position] = _option_tuple(option)
        models = audit.IMPORT_MODELS[AnswerOption]
        with audit.batch(models, user=self.user, via=audit.Via.IMPORT, keys=set(by_scale)):
            new_scales = []
            for code, scale_rows in by_scale.items():
                self._check_scale_rows(scale_rows, excel)
                if code not in existing:
                    new_scales.append(AnswerScale(code=code, name=scale_rows[0][1]))
                elif code in in_use:
                    self._check_frozen(code, scale_rows, stored[code])
                else:
                    AnswerOption.objects.filter(scale=existing[code]).exclude(
                        position__in=[p[0] for _n, _name, p in scale_rows if p]
                    ).delete()
            AnswerScale.objects.bulk_create(new_scales)

    def _check_scale_rows(self, rows, excel) -> None:
        """Same name on every row, unique positions and codes."""
        first, first_name, _parsed = rows[0]
        positions, codes = {}, {}
        for number, name, parsed in rows:
            if name != first_name:
                self.add_row_error(
                    number,
                    "scale_name",
                    _("de schaalnaam verschilt van rij %(row)s") % {"row": excel(first)},
                )
            if parsed is None:
                continue  # the field widgets report the problem
            for seen, value, attribute in (
                (positions, parsed[0], "position"),
                (codes, parsed[1], "code"),
            ):
                if value in seen:
                    self.add_row_error(
                        number,
                        attribute,
                        _("%(value)s staat ook in rij %(row)s van deze schaal")
                        % {"value": value, "row": excel(seen[value])},
                    )
                seen.setdefault(value, number)

    def _check_frozen(self, code, rows, stored) -> None:
        message = _(
            "schaal '%(code)s' wordt gebruikt door een gepubliceerde vraagversie; de opties "
            "liggen vast: maak een nieuwe schaal"
        ) % {"code": code}
        in_file = set()
        for number, _name, option in rows:
            if option is None:
                continue
            in_file.add(option[0])
            if stored.get(option[0]) != option:
                self.add_row_error(number, "scale", message)
        if set(stored) - in_file:
            self.add_row_error(rows[0][0], "scale", message)

    def save_instance(self, instance, is_create, row, **kwargs):
        scale = instance.scale
        if instance.scale_name != scale.name:
            scale.name = instance.scale_name
            scale.save(update_fields=["name", "updated_at"])
        if is_create or instance.stored != _option_tuple(instance):
            super().save_instance(instance, is_create, row, **kwargs)

    def validate_row(self, instance, errors):
        if "scale_name" not in errors and not instance.scale_name.strip():
            errors.setdefault("scale_name", []).append(_("vul een schaalnaam in"))
        return errors


def _option_tuple(option) -> tuple:
    return (option.position, option.code, option.label_nl, option.label_en, option.is_missing)


def _parse_option(row) -> tuple | None:
    """An option row as ``_option_tuple`` gives a stored one; None if a value is invalid."""
    try:
        return (
            IntWidget().clean(row.get("volgorde")),
            IntWidget().clean(row.get("code")),
            _plain(row.get("label_nl")),
            _plain(row.get("label_en")),
            BoolWidget().clean(row.get("ontbrekend")),
        )
    except ValueError:
        return None
