"""Reads that skip what the ORM does per row or per call when a hot path does not need it
(issue 20): `fetch_rows` runs a values_list() QuerySet and returns the driver's rows;
`OneIdRead` also compiles a read by one id to SQL once per process. Use them only where
`make bench` shows the ORM's per-row or per-call work deciding a figure.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections, models


def fetch_rows(queryset: models.QuerySet) -> list[tuple]:
    """The rows of a values_list() QuerySet as the database driver returns them.

    The ORM builds and compiles the query; only Django's row iteration is skipped, which
    runs each row through per-column converters and cost the builder 1.4 ms for 500 items
    (make bench, issue 20). The columns that have converters (booleans, retired_at) come
    back as the driver gives them: 0/1 or a bool, a string or a datetime. The builder
    only tests them for truth, which means the same on every backend; _item and
    _attach_options make the flags real booleans."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class OneIdRead:
    """A values_list() read narrowed to one id, its SQL compiled once per process and
    database: `OneIdRead(lambda pk: Model.objects.filter(owner_id=pk).values_list(...))`.

    Django compiles a QuerySet to SQL anew every time it runs one. The builder's reads
    are the same statements on every response but for the questionnaire's id, and
    compiling them took 1.6 ms of each (make bench, issue 20). `build` is called once,
    with a marker in place of the id, and must depend on nothing else (no user, no
    time, no language); the id goes where the marker went, as a query parameter. A
    `build` whose marker does not come out as a parameter is refused. The rows are as
    fetch_rows returns them."""

    MARKER = -(2**62) - 2026  # no row's id is negative

    def __init__(self, build: Callable[[int], models.QuerySet]):
        self.build = build
        self.compiled: dict[str, tuple[str, tuple, tuple[int, ...]]] = {}

    def rows(self, pk: int, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        compiled = self.compiled.get(using)
        if compiled is None:
            compiled = self.compiled[using] = self.compile(using)
        sql, params, slots = compiled
        params = list(params)
        for slot in slots:
            params[slot] = pk
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def compile(self, using: str = DEFAULT_DB_ALIAS) -> tuple[str, tuple, tuple[int, ...]]:
        sql, params = self.build(self.MARKER).query.get_compiler(using).as_sql()
        slots = tuple(n for n, param in enumerate(params) if param == self.MARKER)
        if not slots:
            raise ValueError("OneIdRead: the id is not a parameter of the compiled SQL")
        return sql, tuple(params), slots
