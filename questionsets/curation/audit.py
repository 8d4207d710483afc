"""The audit trail of the national catalogue: who changed what, and when.

No signals (house style): the places that write call in here.

- ``record(instance, action, user=..., via=..., before=...)`` for one object, from the
  admin (``AuditedAdminMixin`` in admin.py) and the services;
- ``batch(models, user=..., via=...)`` around bulk writes (Excel import, seed loading):
  it reads the tracked tables before and after (a constant number of queries) and records
  one row per created, changed or deleted object. While a batch covers a model, ``record``
  leaves that model to the batch, so nothing is recorded twice.

Audit rows are written in the caller's transaction: a dry run that rolls back leaves no
trace, and a real change never lands without its audit row.
"""

from __future__ import annotations

import contextvars
from collections import defaultdict
from collections.abc import Collection, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from django.db import connection
from django.utils import timezone

from ..models import (
    AnswerOption,
    AnswerScale,
    CatalogueChange,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    ScoringItem,
    ScoringRule,
    Source,
)

Action = CatalogueChange.Action
Via = CatalogueChange.Via
# Bookkeeping columns that every save touches; they say nothing about the content.
IGNORED_FIELDS = {"created_at", "updated_at"}
# Rows read, compared and written at a time after a batch. Small, because the changes
# of a chunk are the largest transient memory of an import (make bench: peak memory of a
# 5,000-row import 2.90x openpyxl's iteration with 50, 3.35x with 200).
STREAM_CHUNK = 50


@dataclass(frozen=True)
class Spec:
    key: tuple[str, ...]  # lookups that make the natural key, e.g. ("question__code", "number")
    parent: tuple[type, str] | None = None  # (model, fk attname) whose history this is part of


TRACKED: dict[type, Spec] = {
    Source: Spec(("code",)),
    Concept: Spec(("code",)),
    Definition: Spec(("concept__code", "position"), (Concept, "concept_id")),
    ConceptRelation: Spec(("source__code", "kind", "target__code"), (Concept, "source_id")),
    Indicator: Spec(("code",)),
    AnswerScale: Spec(("code",)),
    AnswerOption: Spec(("scale__code", "position"), (AnswerScale, "scale_id")),
    Question: Spec(("code",)),
    QuestionVersion: Spec(("question__code", "number"), (Question, "question_id")),
    QuestionSet: Spec(("code",)),
    QuestionSetItem: Spec(("question_set__code", "position"), (QuestionSet, "question_set_id")),
    ScoringRule: Spec(("indicator__code", "variant")),
    ScoringItem: Spec(
        ("rule__indicator__code", "rule__variant", "position"), (ScoringRule, "rule_id")
    ),
}
CATALOGUE_MODELS = tuple(TRACKED)
# Many-to-many fields folded into their owner's snapshot as a sorted list of ids.
M2M_FIELDS = {QuestionSet: ("indicators",)}

_covered: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "audit_covered", default=frozenset()
)


def subject_of(model: type, values: dict) -> str:
    parent = TRACKED[model].parent
    if parent is None:
        return f"{model._meta.label_lower}:{values['id']}"
    parent_model, attname = parent
    return f"{parent_model._meta.label_lower}:{values[attname]}"


def subject_for(instance) -> str:
    return f"{type(instance)._meta.label_lower}:{instance.pk}"


def _fields(model: type) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]


def _columns(model: type) -> list[str]:
    return _fields(model) + [k for k in TRACKED[model].key if "__" in k]


def _pop_key(model: type, row: dict) -> str:
    """Take the joined key lookups out of `row`; return the natural key as text."""
    parts = [row.pop(k) if "__" in k else row[k] for k in TRACKED[model].key]
    return " ".join(str(v) for v in parts)[:300]


def snapshot(model: type, keys: Collection[str] | None = None) -> dict:
    """{pk: {field: value, ...}} for every row; natural key under "__key__".

    With `keys`, only the rows whose natural key starts with one of them (the codes of
    one import batch: a question's code covers the question and its versions).
    """
    return {row["id"]: row for row in _rows(model, keys)}


def _rows(model: type, keys: Collection[str] | None = None, *, stream: bool = False):
    """The rows ``snapshot`` returns, as a generator in pk order (fetched in chunks if
    `stream`, so the caller can look at one row at a time)."""
    queryset = model.objects.order_by("pk")
    if keys is not None:
        queryset = queryset.filter(**{f"{TRACKED[model].key[0]}__in": list(keys)})
    links: dict[int, dict[str, list]] = defaultdict(dict)
    for name in M2M_FIELDS.get(model, ()):
        through = model._meta.get_field(name).remote_field.through
        source, target = _through_columns(model, through)
        pairs = through.objects.values_list(source, target).order_by(source, target)
        if keys is not None:
            pairs = pairs.filter(**{f"{source}__in": queryset.values("pk")})
        for owner, other in pairs:
            links[owner].setdefault(name, []).append(other)
    values = queryset.values(*_columns(model))
    for row in values.iterator(chunk_size=STREAM_CHUNK) if stream else values:
        row["__key__"] = _pop_key(model, row)
        for name in M2M_FIELDS.get(model, ()):
            row[name] = links.get(row["id"], {}).get(name, [])
        yield row


def _through_columns(model, through) -> tuple[str, str]:
    fks = [f for f in through._meta.concrete_fields if f.is_relation]
    source = next(f for f in fks if f.related_model is model)
    target = next(f for f in fks if f is not source)
    return source.attname, target.attname


def diff(before: dict | None, after: dict | None) -> dict:
    """{field: [old, new]} for the fields that differ (all of them for create/delete)."""
    names = [n for n in (after or before or {}) if n != "__key__"]
    old, new = before or {}, after or {}
    return {n: [old.get(n), new.get(n)] for n in names if old.get(n) != new.get(n)}


def _change(model, pk, values, action, changes, user, via, when) -> CatalogueChange:
    return CatalogueChange(
        created_at=when,
        user=user if getattr(user, "is_authenticated", False) else None,
        via=via,
        model_label=model._meta.label_lower,
        object_pk=str(pk),
        object_key=values.get("__key__", ""),
        subject=subject_of(model, values),
        action=action,
        changes=changes,
    )


def changes_between(model, before: dict, after: dict, *, user, via) -> list[CatalogueChange]:
    return list(_changes(model, before, after.values(), user=user, via=via))


def _changes(model, before: dict, after: Iterable[dict], *, user, via):
    """The audit rows between `before` ({pk: row}) and `after` (rows in pk order), in pk
    order; `after` is read once, one row at a time."""
    when = timezone.now()
    gone = iter(sorted(before))  # before pks not yet matched, ascending
    pending = next(gone, None)

    def change(pk, old, new):
        action = Action.CREATED if old is None else Action.DELETED if new is None else None
        changes = diff(old, new)
        if action is None and not changes:
            return None
        return _change(model, pk, new or old, action or Action.CHANGED, changes, user, via, when)

    for new in after:
        pk = new["id"]
        while pending is not None and pending < pk:  # deleted: in before, not after
            yield change(pending, before[pending], None)
            pending = next(gone, None)
        if pending == pk:
            pending = next(gone, None)
        row = change(pk, before.get(pk), new)
        if row is not None:
            yield row
    while pending is not None:
        yield change(pending, before[pending], None)
        pending = next(gone, None)


@contextmanager
def batch(
    models: Iterable[type],
    *,
    user=None,
    via: str = Via.IMPORT,
    keys: Collection[str] | None = None,
):
    """Record every change to `models` made inside the block (on normal exit only).

    `keys` limits the before and after reads to the rows with those natural keys (see
    ``snapshot``), so a streamed import reads one batch's rows, not whole tables. The
    after state is read in chunks and compared row by row, and the audit rows are
    written in chunks. A model an enclosing batch already covers is left to that batch.
    """
    models = tuple(m for m in models if m not in _covered.get())
    before = {model: snapshot(model, keys) for model in models}
    token = _covered.set(_covered.get() | frozenset(models))
    try:
        yield
    finally:
        _covered.reset(token)
    for model in models:
        after = _rows(model, keys, stream=True)
        changes = _changes(model, before.pop(model), after, user=user, via=via)
        while chunk := list(islice(changes, STREAM_CHUNK)):
            write(chunk)


def write(changes: list[CatalogueChange]) -> None:
    """Append audit rows: with COPY on PostgreSQL, with one INSERT elsewhere.

    Django's bulk INSERT on PostgreSQL sends each column as one array parameter, and
    psycopg escapes the text of such arrays in Python, character class by character
    class: for the JSON change sets that cost more than the rest of an import's
    writes (make bench, 1,000-row import on PostgreSQL: 3.31x the floor with INSERT).
    COPY's rows are formatted by psycopg's C code. Each value is prepared by its
    model field, as an INSERT would; the audit table has no triggers or defaults
    that COPY would skip.
    """
    if connection.vendor != "postgresql":
        CatalogueChange.objects.bulk_create(changes)
        return
    fields = [f for f in CatalogueChange._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(CatalogueChange._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for change in changes:
                copy.write_row(
                    [f.get_db_prep_save(getattr(change, f.attname), connection) for f in fields]
                )


def state(instance) -> dict | None:
    """The stored state of one tracked object (None if it is not in the database)."""
    model = type(instance)
    if instance.pk is None:
        return None
    row = model.objects.filter(pk=instance.pk).values(*_columns(model)).first()
    if row is None:
        return None
    row["__key__"] = _pop_key(model, row)
    for name in M2M_FIELDS.get(model, ()):
        row[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
    return row


def is_tracked(instance) -> bool:
    return type(instance) in TRACKED


def record(instance, action: str, *, user=None, via: str = Via.ADMIN, before=None):
    """Record one object's change; `before` is ``state(instance)`` taken before the write.

    For a deletion pass the state as `before` (the row is gone by now).
    """
    model = type(instance)
    if model not in TRACKED or model in _covered.get():
        return None
    after = None if action == Action.DELETED else state(instance)
    changes = diff(before, after)
    if action == Action.CHANGED and not changes:
        return None
    values = after or before or {"id": instance.pk}
    pk = instance.pk if instance.pk is not None else values["id"]
    change = _change(model, pk, values, action, changes, user, via, timezone.now())
    change.save()
    return change


def history(obj):
    """The audit rows of `obj` and of its parts (versions, items, options...), newest first."""
    return CatalogueChange.objects.filter(subject=subject_for(obj)).select_related("user")


# --------------------------------------------------------------------------- writers

# What each Excel sheet (by its resource's model) writes, directly or through services.
IMPORT_MODELS: dict[type, tuple[type, ...]] = {
    Source: (Source,),
    Concept: (Concept,),
    Indicator: (Indicator,),
    AnswerOption: (AnswerScale, AnswerOption),
    Question: (Question, QuestionVersion),
    QuestionSet: (QuestionSet, QuestionSetItem),
    ScoringItem: (ScoringRule, ScoringItem),
}


class AuditedAdminMixin:
    """ModelAdmin mixin: record saves, deletions and inline changes; show the history.

    The parent is recorded after its inlines and many-to-many fields are saved
    (``save_related``), so its row shows the final state.
    """

    def save_model(self, request, obj, form, change):
        request._audit_before = state(obj) if change and is_tracked(obj) else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = Action.CHANGED if change else Action.CREATED
        before = getattr(request, "_audit_before", None)
        record(form.instance, action, user=request.user, via=Via.ADMIN, before=before)

    def save_formset(self, request, form, formset, change):
        if formset.model not in TRACKED:
            return super().save_formset(request, form, formset, change)
        before = {id(f.instance): state(f.instance) for f in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        user = request.user
        for obj in formset.new_objects:
            record(obj, Action.CREATED, user=user, via=Via.ADMIN)
        for obj, _fields in formset.changed_objects:
            record(obj, Action.CHANGED, user=user, via=Via.ADMIN, before=before.get(id(obj)))
        for obj in formset.deleted_objects:
            record(obj, Action.DELETED, user=user, via=Via.ADMIN, before=before.get(id(obj)))

    def delete_model(self, request, obj):
        before = state(obj) if is_tracked(obj) else None
        super().delete_model(request, obj)
        record(obj, Action.DELETED, user=request.user, via=Via.ADMIN, before=before)

    def delete_queryset(self, request, queryset):
        objects = [(obj, state(obj)) for obj in queryset] if self.model in TRACKED else []
        super().delete_queryset(request, queryset)
        for obj, before in objects:
            record(obj, Action.DELETED, user=request.user, via=Via.ADMIN, before=before)

    def history_view(self, request, object_id, extra_context=None):
        """The "Geschiedenis" page: the catalogue's own audit trail of this object and its parts."""
        from django.core.exceptions import PermissionDenied
        from django.template.response import TemplateResponse
        from django.utils.translation import gettext as _

        if self.model not in TRACKED:
            return super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Geschiedenis van %(object)s") % {"object": obj},
            "subtitle": None,
            "changes": history(obj)[:500],
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/questionsets/catalogue_history.html", context)
