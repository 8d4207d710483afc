"""The read model of the review page: what changes (as diffs) and whom it affects."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import (
    AnswerOption,
    AnswerScale,
    QuestionSetItem,
    QuestionVersion,
    Source,
    Verification,
)
from . import diffs, effects
from .models import Proposal

VERSION_TEXTS = (
    ("wording_nl", gettext_lazy("vraagtekst (Nederlands)")),
    ("wording_en", gettext_lazy("vraagtekst (Engels)")),
    ("instruction_nl", gettext_lazy("instructie (Nederlands)")),
    ("instruction_en", gettext_lazy("instructie (Engels)")),
)


def review_context(proposal: Proposal) -> dict:
    builder = {
        Proposal.Kind.VERSION: _version_context,
        Proposal.Kind.SET: _set_context,
        Proposal.Kind.RETIRE_SET: _set_context,
        Proposal.Kind.RETIRE_QUESTION: _retire_question_context,
        Proposal.Kind.SCALE: _scale_context,
        Proposal.Kind.QUESTION: _question_context,
    }[proposal.kind]
    context = builder(proposal)
    if proposal.kind == Proposal.Kind.SCALE:
        context["effect"] = effects.scale_effect()
    else:
        context["effect"] = effects.effect_of(proposal)
    return context


def _options(scale_ids) -> dict[int, AnswerScale]:
    options = Prefetch("options", queryset=AnswerOption.objects.order_by("position"))
    return AnswerScale.objects.prefetch_related(options).in_bulk([s for s in scale_ids if s])


def _option_dicts(scale: AnswerScale | None) -> list[dict]:
    if scale is None:
        return []
    return [
        {"code": o.code, "label_nl": o.label_nl, "label_en": o.label_en, "missing": o.is_missing}
        for o in scale.options.all()
    ]


def _version_context(proposal: Proposal) -> dict:
    new = proposal.payload.get("version", {})
    base = (
        QuestionVersion.objects.filter(
            question_id=proposal.question_id, number=proposal.payload.get("base_number")
        )
        .select_related("source")
        .first()
    )
    scales = _options([new.get("scale"), base.scale_id if base else None])
    sources = Source.objects.in_bulk([new.get("source")])
    old_scale = scales.get(base.scale_id) if base else None
    new_scale = scales.get(new.get("scale"))
    rows = diffs.field_rows(
        [
            (label, getattr(base, f, "") if base else "", new.get(f, ""))
            for f, label in VERSION_TEXTS
        ]
        + [
            (_("antwoordtype"), base.answer_type if base else "", new.get("answer_type", "")),
            (_("schaal"), str(old_scale or ""), str(new_scale or "")),
            (_("bron"), str(base.source) if base else "", str(sources.get(new.get("source"), ""))),
            (
                _("vraagnummer in bron"),
                getattr(base, "source_reference", ""),
                new.get("source_reference", ""),
            ),
            (
                _("variabele in bron"),
                getattr(base, "source_variable", ""),
                new.get("source_variable", ""),
            ),
        ]
    )
    options = None
    if old_scale != new_scale:
        options = diffs.option_rows(_option_dicts(old_scale), _option_dicts(new_scale))
    return {
        "base": base,
        "rows": rows,
        "option_rows": options,
        "new_verification": _verification_label(new.get("verification") or ""),
        "new_verification_note": new.get("verification_note") or "",
    }


def _question_context(proposal: Proposal) -> dict:
    """A new question: every field is new; the answers are an existing national scale's
    or the new scale's (``scale_code``)."""
    new = proposal.payload.get("version", {})
    scale = _options([new.get("scale")]).get(new.get("scale"))
    source = Source.objects.filter(pk=new.get("source")).first()
    new_scale = proposal.payload.get("scale_code")
    scale_label = str(scale or "") or (
        _("nieuwe schaal %(code)s") % {"code": new_scale} if new_scale else ""
    )
    rows = diffs.field_rows(
        [(_("code"), "", proposal.payload.get("code", ""))]
        + [(label, "", new.get(f, "")) for f, label in VERSION_TEXTS]
        + [
            (_("antwoordtype"), "", new.get("answer_type", "")),
            (_("schaal"), "", scale_label),
            (_("bron"), "", str(source or "")),
        ]
    )
    options = _option_dicts(scale) if scale else proposal.payload.get("options", [])
    return {"rows": rows, "option_rows": diffs.option_rows([], options) if options else None}


def _items(ids) -> list[dict]:
    versions = QuestionVersion.objects.select_related("question").in_bulk(ids)
    return [_item(versions[pk]) for pk in ids if pk in versions]


def _item(version: QuestionVersion) -> dict:
    return {
        "question": version.question.code,
        "number": version.number,
        "wording": version.wording_nl,
    }


def _retire_question_context(proposal: Proposal) -> dict:
    """The question stays as it is; only its status changes: shown as one row."""
    latest = proposal.question.latest_version()
    label = _("status van %(code)s") % {"code": proposal.question.code}
    rows = diffs.field_rows([(label, _("in gebruik"), _("vervallen"))])
    return {"rows": rows, "retired_wording": latest.wording_nl if latest else ""}


def _set_context(proposal: Proposal) -> dict:
    qset = proposal.question_set
    old_items = []
    if qset is not None:
        items = QuestionSetItem.objects.filter(question_set=qset).select_related(
            "question_version__question"
        )
        old_items = [_item(i.question_version) for i in items.order_by("position")]
    if proposal.kind == Proposal.Kind.RETIRE_SET:
        return {"item_rows": diffs.item_rows(old_items, old_items), "rows": []}
    new = proposal.payload
    fields = [
        ("name_nl", _("naam (Nederlands)")),
        ("name_en", _("naam (Engels)")),
        ("description", _("beschrijving")),
        ("intro_nl", _("gedeelde inleiding (Nederlands)")),
        ("intro_en", _("gedeelde inleiding (Engels)")),
        ("indivisible", _("ondeelbaar")),
        ("order_locked", _("vaste volgorde")),
    ]
    blank = {"indivisible": False, "order_locked": False}
    rows = diffs.field_rows(
        [
            (label, getattr(qset, f) if qset else blank.get(f, ""), new.get(f, blank.get(f, "")))
            for f, label in fields
        ]
    )
    return {"rows": rows, "item_rows": diffs.item_rows(old_items, _items(new.get("items", [])))}


def _scale_context(proposal: Proposal) -> dict:
    old = []
    if proposal.scale_id:
        old = _option_dicts(_options([proposal.scale_id]).get(proposal.scale_id))
    new = proposal.payload
    return {
        "option_rows": diffs.option_rows(old, new.get("options", [])),
        "rows": diffs.field_rows(
            [
                (_("naam"), proposal.scale.name if proposal.scale else "", new.get("name", "")),
                (
                    _("toelichting"),
                    proposal.scale.note if proposal.scale else "",
                    new.get("note", ""),
                ),
            ]
        ),
    }


def _verification_label(value: str) -> str:
    """The status in words; empty (and "unverified") is shown as "niet gecontroleerd"."""
    if value in Verification.values and value != Verification.UNVERIFIED:
        return Verification(value).label
    return ""
