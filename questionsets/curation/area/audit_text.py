"""The audit trail in plain words: one sentence per CatalogueChange.

``sentence(change)`` says who did what to which object, in the active language, e.g.
"Anna de Vries stelde versie 3 van vraag c05i1brel voor (reden: …)". Object kinds are
named in words ("vraagversie", never ``questionsets.questionversion``). Actions other
than created/changed/deleted (the proposals of curation/review: propose, submit,
approve, return, ...) render from the same table; their extra data (a reason, the number
of municipalities notified) is read from the change set or an ``extra`` attribute.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Each action as a sentence with %(who)s and %(object)s (separable Dutch verbs split).
VERBS = {
    "created": gettext_lazy("%(who)s maakte %(object)s aan"),
    "changed": gettext_lazy("%(who)s wijzigde %(object)s"),
    "deleted": gettext_lazy("%(who)s verwijderde %(object)s"),
    "propose": gettext_lazy("%(who)s stelde %(object)s voor"),
    "submit": gettext_lazy("%(who)s legde %(object)s ter beoordeling voor"),
    "approve": gettext_lazy("%(who)s keurde %(object)s goed"),
    "return": gettext_lazy("%(who)s stuurde %(object)s terug"),
    "reject": gettext_lazy("%(who)s wees %(object)s af"),
    "withdraw": gettext_lazy("%(who)s trok %(object)s in"),
    "retire": gettext_lazy("%(who)s liet %(object)s vervallen"),
    "publish": gettext_lazy("%(who)s publiceerde %(object)s"),
}
OTHER_VERB = gettext_lazy("%(who)s: %(action)s bij %(object)s")

# The object kinds, by model label: a name in words and how its natural key reads.
KINDS = {
    "questionsets.source": gettext_lazy("bron %(key)s"),
    "questionsets.concept": gettext_lazy("begrip %(key)s"),
    "questionsets.definition": gettext_lazy("definitie %(b)s van begrip %(a)s"),
    "questionsets.conceptrelation": gettext_lazy("de relatie ‘%(key)s’"),
    "questionsets.indicator": gettext_lazy("indicator %(key)s"),
    "questionsets.answerscale": gettext_lazy("antwoordschaal %(key)s"),
    "questionsets.answeroption": gettext_lazy("antwoordoptie %(b)s van schaal %(a)s"),
    "questionsets.question": gettext_lazy("vraag %(key)s"),
    "questionsets.questionversion": gettext_lazy("versie %(b)s van vraag %(a)s"),
    "questionsets.questionset": gettext_lazy("set %(key)s"),
    "questionsets.questionsetitem": gettext_lazy("onderdeel %(b)s van set %(a)s"),
    "questionsets.scoringrule": gettext_lazy("rekenregel ‘%(b)s’ van indicator %(a)s"),
    "questionsets.scoringitem": gettext_lazy(
        "onderdeel %(b)s van rekenregel ‘%(variant)s’ van indicator %(indicator)s"
    ),
    "questionsets.nationalfigure": gettext_lazy("landelijk cijfer %(key)s"),
    "questionsets.proposal": gettext_lazy("voorstel %(key)s"),
}
# Keys whose last part is a number or code after the owner's key ("c05i1brel 3").
SPLIT_LAST = {
    "questionsets.definition",
    "questionsets.answeroption",
    "questionsets.questionversion",
    "questionsets.questionsetitem",
    "questionsets.scoringitem",
}
SPLIT_FIRST = {"questionsets.scoringrule"}  # "C01-I1 in de samenleving"
MAX_FIELDS = 4  # changed fields named in a sentence; more are counted
REASON_KEYS = ("reason", "reden", "change_reason", "comment", "note")
NOTIFIED_KEYS = ("notified", "notified_count", "municipalities_notified")


def kind_name(model_label: str) -> str:
    """The kind of object in words, e.g. "vraagversie" (the model's Dutch verbose name)."""
    model = _model(model_label)
    return str(model._meta.verbose_name) if model is not None else model_label.split(".")[-1]


def _model(model_label: str):
    try:
        return apps.get_model(model_label)
    except (LookupError, ValueError):
        return None


def object_words(model_label: str, key: str, pk: str = "") -> str:
    key = key or f"#{pk}"
    template = KINDS.get(model_label)
    if template is None:
        return f"{kind_name(model_label)} {key}"
    if model_label == "questionsets.conceptrelation":
        key = _relation_words(key)
    parts = {"key": key, "a": key, "b": ""}
    if model_label in SPLIT_LAST and " " in key:
        parts["a"], parts["b"] = key.rsplit(" ", 1)
    elif model_label in SPLIT_FIRST and " " in key:
        parts["a"], parts["b"] = key.split(" ", 1)
    parts["indicator"], _space, parts["variant"] = parts["a"].partition(" ")
    if model_label in SPLIT_LAST | SPLIT_FIRST and not parts["b"]:
        return f"{kind_name(model_label)} {key}"
    if model_label == "questionsets.scoringitem" and not parts["variant"]:
        return f"{kind_name(model_label)} {key}"
    return str(template) % parts


def _relation_words(key: str) -> str:
    """ "C01 kan_leiden_tot C02" -> "C01 kan leiden tot C02" (the kind in words)."""
    from ...models import ConceptRelation

    parts = key.split(" ")
    if len(parts) != 3:
        return key
    kinds = dict(ConceptRelation.Kind.choices)
    return f"{parts[0]} {kinds.get(parts[1], parts[1])} {parts[2]}"


def person(user) -> str:
    if user is None:
        return _("Het systeem")
    return user.get_full_name() or user.get_username()


def extra_data(change) -> dict:
    """Reason and notified count of a proposal action, wherever the writer put them."""
    extra = getattr(change, "extra", None)
    data = dict(extra) if isinstance(extra, dict) else {}
    if change.action not in ("created", "changed", "deleted") and isinstance(change.changes, dict):
        data = {**change.changes, **data}
    return data


def _first(data: dict, keys: tuple[str, ...]):
    for key in keys:
        value = data.get(key)
        if value not in (None, "", []):
            return value
    return None


def changed_fields(change) -> str:
    if change.action != "changed" or not isinstance(change.changes, dict):
        return ""
    model = _model(change.model_label)
    names = []
    for attname in change.changes:
        names.append(_field_name(model, attname))
    shown = ", ".join(names[:MAX_FIELDS])
    more = len(names) - MAX_FIELDS
    if more > 0:
        shown += " " + ngettext("en %(n)d ander veld", "en %(n)d andere velden", more) % {"n": more}
    return shown


def _field_name(model, attname: str) -> str:
    if model is not None:
        for field in model._meta.get_fields():
            if getattr(field, "attname", field.name) == attname or field.name == attname:
                return str(getattr(field, "verbose_name", attname))
    return attname.replace("_", " ")


def sentence(change) -> str:
    """The change as one sentence in the active language."""
    who = person(change.user)
    obj = object_words(change.model_label, change.object_key, change.object_pk)
    verb = VERBS.get(change.action)
    if verb is None:
        text = str(OTHER_VERB) % {"who": who, "action": change.action, "object": obj}
    else:
        text = str(verb) % {"who": who, "object": obj}
    return text + _details(change)


def _details(change) -> str:
    parts = []
    if fields := changed_fields(change):
        parts.append(f" ({fields})")
    data = extra_data(change)
    reason = _first(data, REASON_KEYS)
    if isinstance(reason, list):  # a [old, new] pair from a change set
        reason = reason[-1]
    if reason:
        parts.append(" " + _("(reden: %(reason)s)") % {"reason": reason})
    notified = _first(data, NOTIFIED_KEYS)
    if isinstance(notified, int) and not isinstance(notified, bool):
        message = ngettext(
            "%(n)d gemeente kreeg een melding", "%(n)d gemeenten kregen een melding", notified
        )
        parts.append(" · " + message % {"n": notified})
    return "".join(parts)


def via_words(change) -> str:
    return str(change.get_via_display()) if hasattr(change, "get_via_display") else change.via


def field_changes(change) -> list[tuple[str, object, object]]:
    """(field in words, old, new) per changed field; a choice shows its label, not its code."""
    if not isinstance(change.changes, dict):
        return []
    model = _model(change.model_label)
    rows = []
    for attname, values in change.changes.items():
        old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
        choices = _choices(model, attname)
        rows.append((_field_name(model, attname), choices.get(old, old), choices.get(new, new)))
    return rows


def _choices(model, attname: str) -> dict:
    if model is None:
        return {}
    try:
        field = model._meta.get_field(attname)
    except Exception:  # noqa: BLE001 - an attname such as "scale_id" or a removed field
        return {}
    return {k: str(v) for k, v in (field.choices or [])}
