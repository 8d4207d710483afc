"""Plain presentation helpers for the public catalogue, free of the ORM.

`concept_map_layout` places concepts in one column per domain and draws the
relations as curves between them; `wording_diff` marks what changed between two
wordings. Both are plain functions so they can be unit-tested without a database.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import get_language

NODE_WIDTH = 200
NODE_HEIGHT = 56
COLUMN_WIDTH = 300
ROW_HEIGHT = 80
MARGIN_X = 50
MARGIN_TOP = 56
MARGIN_BOTTOM = 24
LINE_CHARS = 22


@dataclass
class MapNode:
    key: Hashable
    item: Any
    column: int
    row: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def x(self) -> int:
        return MARGIN_X + self.column * COLUMN_WIDTH

    @property
    def y(self) -> int:
        return MARGIN_TOP + self.row * ROW_HEIGHT

    @property
    def cx(self) -> int:
        return self.x + NODE_WIDTH // 2

    @property
    def cy(self) -> int:
        return self.y + NODE_HEIGHT // 2

    @property
    def text_y(self) -> int:
        """Baseline of the first text line, so one or two lines sit centred."""
        return self.cy + 5 - (len(self.lines) - 1) * 8

    width = NODE_WIDTH
    height = NODE_HEIGHT


@dataclass
class MapEdge:
    source: MapNode
    target: MapNode
    item: Any
    path: str


@dataclass
class MapColumn:
    key: Hashable
    label: str
    x: int
    nodes: list[MapNode]

    @property
    def label_x(self) -> int:
        return self.x + NODE_WIDTH // 2


@dataclass
class MapLayout:
    width: int
    height: int
    columns: list[MapColumn]
    nodes: list[MapNode]
    edges: list[MapEdge]


def wrap_label(label: str, width: int = LINE_CHARS, max_lines: int = 2) -> list[str]:
    lines = textwrap.wrap(label, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def concept_map_layout(
    *,
    columns: Sequence[tuple[Hashable, str]],
    nodes: Iterable[tuple[Hashable, Hashable, str, Any]],
    edges: Iterable[tuple[Hashable, Hashable, Any]],
    sweeps: int = 4,
) -> MapLayout:
    """Lay out a layered graph: one column per group, rows ordered to shorten edges.

    `columns` is [(group, label)], `nodes` is [(key, group, label, item)] in their
    initial order, `edges` is [(source key, target key, item)]. Rows within a column
    are reordered by the barycentre of their neighbours (a few sweeps), which keeps
    related concepts at similar heights and so reduces crossings.
    """
    column_index = {key: i for i, (key, _label) in enumerate(columns)}
    placed = {
        key: MapNode(key=key, item=item, column=column_index[group], lines=wrap_label(label))
        for key, group, label, item in nodes
    }
    by_column: list[list[MapNode]] = [[] for _ in columns]
    for node in placed.values():
        by_column[node.column].append(node)
    edge_list = [
        (placed[s], placed[t], item) for s, t, item in edges if s in placed and t in placed
    ]
    neighbours: dict[Hashable, list[MapNode]] = {key: [] for key in placed}
    for source, target, _item in edge_list:
        neighbours[source.key].append(target)
        neighbours[target.key].append(source)
    _number_rows(by_column)
    for _ in range(sweeps):
        for column in by_column:
            column.sort(key=lambda n: (_barycentre(n, neighbours[n.key]), n.row))
            _number_rows([column])
    rows = max((len(c) for c in by_column), default=0)
    return MapLayout(
        width=2 * MARGIN_X + (len(columns) - 1) * COLUMN_WIDTH + NODE_WIDTH,
        height=MARGIN_TOP + max(rows, 1) * ROW_HEIGHT - (ROW_HEIGHT - NODE_HEIGHT) + MARGIN_BOTTOM,
        columns=[
            MapColumn(key=key, label=label, x=MARGIN_X + i * COLUMN_WIDTH, nodes=by_column[i])
            for i, (key, label) in enumerate(columns)
        ],
        nodes=[n for column in by_column for n in column],
        edges=[
            MapEdge(s, t, item, edge_path(s, t, *ports))
            for (s, t, item), ports in zip(edge_list, spread_ports(edge_list), strict=True)
        ],
    )


def _number_rows(columns: list[list[MapNode]]) -> None:
    for column in columns:
        for row, node in enumerate(column):
            node.row = row


def _barycentre(node: MapNode, neighbours: list[MapNode]) -> float:
    others = [n.row for n in neighbours if n.column != node.column] or [n.row for n in neighbours]
    return sum(others) / len(others) if others else node.row


def _sides(source: MapNode, target: MapNode) -> tuple[str, str]:
    if source.column == target.column:
        return "right", "right"
    return ("right", "left") if source.column < target.column else ("left", "right")


def spread_ports(edges: list[tuple[MapNode, MapNode, Any]]) -> list[tuple[int, int]]:
    """Where each edge meets its two nodes: the ends on one side of a node are spread
    over its height, ordered by the height of the node at the other end, so edges fan
    out instead of meeting in one point."""
    ends: dict[tuple[Hashable, str], list[tuple[int, int, int]]] = {}
    for index, (source, target, _item) in enumerate(edges):
        source_side, target_side = _sides(source, target)
        ends.setdefault((source.key, source_side), []).append((target.cy, index, 0))
        ends.setdefault((target.key, target_side), []).append((source.cy, index, 1))
    ports = [[0, 0] for _ in edges]
    for (_key, _side), group in ends.items():
        group.sort()
        node = edges[group[0][1]][group[0][2]]
        step = (NODE_HEIGHT - 16) / len(group)
        for slot, (_other_y, index, end) in enumerate(group):
            ports[index][end] = round(node.y + 8 + step * (slot + 0.5))
    return [(a, b) for a, b in ports]


def edge_path(
    source: MapNode, target: MapNode, y1: int | None = None, y2: int | None = None
) -> str:
    """An SVG cubic Bézier from the side of `source` facing `target` to its border."""
    y1 = source.cy if y1 is None else y1
    y2 = target.cy if y2 is None else y2
    if source.column == target.column:
        # Loop out to the right of the column and back in.
        x1, x2 = source.x + NODE_WIDTH, target.x + NODE_WIDTH + 4
        bend = 30 + 12 * abs(source.row - target.row)
        return f"M {x1} {y1} C {x1 + bend} {y1}, {x2 + bend} {y2}, {x2} {y2}"
    if source.column < target.column:
        x1, x2 = source.x + NODE_WIDTH, target.x - 4
    else:
        x1, x2 = source.x, target.x + NODE_WIDTH + 4
    mid = (x1 + x2) // 2
    return f"M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2} {y2}"


# --------------------------------------------------------------------------- wording diff

_TOKENS = re.compile(r"\s+|[^\s]+")


def wording_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level difference as [(op, text)], op one of equal/delete/insert.

    Whitespace is kept as its own tokens, so joining the equal+insert parts gives
    back `new` exactly and equal+delete gives back `old`.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            parts.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("insert", "".join(b[j1:j2])))
    return parts


# --------------------------------------------------------------------------- languages


def in_language(obj: Any, field_name: str) -> tuple[str, str]:
    """(text, language code) of a catalogue field in the active language.

    English shows `<field>_en` where the catalogue has it; otherwise, and in Dutch, the
    Dutch text (`<field>_nl`, or the plain field for texts the catalogue keeps in Dutch
    only) with "nl", so the page can mark it `lang="nl"`. Names start with a capital, as
    names do in a heading or a list ("societal unrest" is stored as the source glosses it).
    """
    text, language = _pick_language(obj, field_name)
    if field_name == "name":
        text = capfirst(text)
    return text or "", language


def _pick_language(obj: Any, field_name: str) -> tuple[str, str]:
    if (get_language() or "nl").startswith("en"):
        value = getattr(obj, f"{field_name}_en", "")
        if value:
            return value, "en"
    return getattr(obj, f"{field_name}_nl", None) or getattr(obj, field_name, ""), "nl"


def localized(obj: Any, field_name: str) -> str:
    """The text of `in_language`, for places that cannot mark a language (attributes)."""
    return in_language(obj, field_name)[0]
