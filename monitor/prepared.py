"""Hot reads with their SQL compiled once per process instead of on every request.

Django turns a QuerySet into SQL anew each time it is evaluated. For the small reads that
every catalogue page and every logged-in request make, that compilation costs several
times running the SQL itself: on the bench machine 0.5-1.2 ms of ORM work around 0.05 ms
of SQL per query (`make bench`, issue 7). SQLAlchemy keeps a compiled cache for this
reason; Django has none, so this module gives the few hot paths one:

- `PreparedQuery` compiles a QuerySet built from marker arguments once per database alias,
  then runs the same SQL with the real arguments and turns the rows into model instances
  with the ORM's own converters and related-object populators (select_related included).
- `RowReader` reads one row of one table by a WHERE clause with SQL built from the model's
  metadata, for the session and user rows (their lookups take a datetime, which markers
  cannot stand in for).

Both return exactly what the ORM returns for the same query; tests compare them field by
field. Use them only where `make bench` shows compilation dominating; write everything
else with the ORM.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

_INT_MARKER_BASE = -1_987_654_321  # no catalogue key is negative


def _marker(kind: type, index: int) -> Any:
    if kind is str:
        return f"\x00prepared-argument-{index}\x00"
    if kind is int:
        return _INT_MARKER_BASE - index
    raise TypeError(f"PreparedQuery arguments must be str or int, not {kind.__name__}")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]  # constants, with the argument index where an argument goes
    argument_slots: tuple[tuple[int, int], ...]  # (param position, argument index)
    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...]
    model: type[Model]
    init_list: tuple[str, ...]
    model_slice: slice
    related_populators: tuple[Any, ...]
    annotation_col_map: tuple[tuple[str, int], ...]


def _convert(row: Sequence[Any], converters, connection) -> Sequence[Any]:
    """Apply the ORM's (index, functions, expression) converters, as its compiler does."""
    if not converters:
        return row
    row = list(row)
    for index, functions, expression in converters:
        value = row[index]
        for function in functions:
            value = function(value, expression, connection)
        row[index] = value
    return row


class PreparedQuery:
    """`PreparedQuery(lambda code: Question.objects.filter(code=code), str)`.

    `build` must depend on its arguments only (no `timezone.now()`, no user, no language
    inside it): it runs once per process and database. Its arguments are str or int and
    are passed to the SQL unchanged (equality and `in`-subquery lookups on text and
    integer columns); anything the ORM would transform is refused when compiling. The
    QuerySet may use filter/exclude, select_related, annotate, order_by and slicing, not
    prefetch_related or values().
    """

    def __init__(self, build: Callable[..., QuerySet], *kinds: type):
        self.build = build
        self.kinds = kinds
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()
        self._model: type[Model] | None = None

    def _markers(self) -> list[Any]:
        return [_marker(kind, i) for i, kind in enumerate(self.kinds)]

    def _compile(self, alias: str) -> _Compiled:
        markers = self._markers()
        queryset = self.build(*markers)
        if (
            queryset._prefetch_related_lookups
            or queryset._known_related_objects
            or queryset._iterable_class is not ModelIterable
        ):
            raise TypeError("PreparedQuery takes plain model querysets only")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots, seen = [], set()
        for position, param in enumerate(params):
            for index, marker in enumerate(markers):
                if type(param) is type(marker) and param == marker:
                    slots.append((position, index))
                    seen.add(index)
        if len(seen) != len(markers):
            raise TypeError("PreparedQuery: an argument was transformed by its lookup")
        klass_info = compiler.klass_info
        select = compiler.select
        fields = [column[0] for column in select[: compiler.col_count]]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(params),
            argument_slots=tuple(slots),
            converters=tuple(
                (index, tuple(functions), expression)
                for index, (functions, expression) in compiler.get_converters(fields).items()
            ),
            model=klass_info["model"],
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            model_slice=slice(start, end),
            related_populators=tuple(get_related_populators(klass_info, select, alias)),
            annotation_col_map=tuple((compiler.annotation_col_map or {}).items()),
        )

    def __call__(self, *args: Any) -> list[Model]:
        if self._model is None:
            self._model = self.build(*self._markers()).model
        alias = router.db_for_read(self._model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        params = list(compiled.params)
        for position, index in compiled.argument_slots:
            params[position] = args[index]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return [self._instance(compiled, alias, connection, row) for row in rows]

    @staticmethod
    def _instance(compiled: _Compiled, alias: str, connection, row) -> Model:
        row = _convert(row, compiled.converters, connection)
        obj = compiled.model.from_db(alias, compiled.init_list, row[compiled.model_slice])
        for populator in compiled.related_populators:
            populator.populate(row, obj)
        for name, position in compiled.annotation_col_map:
            setattr(obj, name, row[position])
        return obj


class RowReader:
    """`RowReader(Session, "{} = %s AND {} > %s", ("session_key", "expire_date"))`: one
    row of one table; the `{}` in `where` are filled with the quoted column names."""

    def __init__(self, model: type[Model], where: str, columns: Sequence[str]):
        self.model = model
        self.where = where
        self.where_columns = tuple(columns)
        self.fields = tuple(model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        self._prepared: dict[str, tuple[str, list]] = {}

    def _prepare(self, alias: str) -> tuple[str, list]:
        connection = connections[alias]
        quote = connection.ops.quote_name
        table = self.model._meta.db_table
        select = ", ".join(quote(field.column) for field in self.fields)
        where = self.where.format(*(quote(column) for column in self.where_columns))
        sql = f"SELECT {select} FROM {quote(table)} WHERE {where}"  # noqa: S608 - names from _meta
        converters = []
        for index, field in enumerate(self.fields):
            column = field.get_col(table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        prepared = (sql, converters)
        self._prepared[alias] = prepared
        return prepared

    def connection(self):
        return connections[router.db_for_read(self.model)]

    def get(self, params: Sequence[Any]) -> Model | None:
        """The one row matching `params`, or None."""
        alias = router.db_for_read(self.model)
        sql, converters = self._prepared.get(alias) or self._prepare(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        return self.model.from_db(alias, self.attnames, _convert(row, converters, connection))
