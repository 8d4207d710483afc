"""Plain presentation helpers for the public catalogue, free of the ORM.

`concept_map_layout` places concepts in one column per domain, wraps every label
whole, and prepares the relations as curves and tags shown for the concept in focus; `wording_diff` marks what changed between two
wordings. Both are plain functions so they can be unit-tested without a database.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import get_language

# Geometry of the concept map, in SVG user units (= CSS px at 100%). Label text is
# 14px, relation tags 12px; their widths are estimated per character on the safe side
# (see `text_width`) so a label never runs out of its box in any sans-serif font.
NODE_WIDTH = 236
TEXT_X = 40  # label text starts right of the framing badge
TEXT_RIGHT = 12
LABEL_SIZE = 14
LABEL_LINE = 18
TAG_SIZE = 12
TAG_LINE = 15
PAD_Y = 10
NODE_GAP = 18
COLUMN_GAP = 84
COLUMN_WIDTH = NODE_WIDTH + COLUMN_GAP
MARGIN_X = 28
MARGIN_TOP = 56
MARGIN_BOTTOM = 24
LABEL_WIDTH = NODE_WIDTH - TEXT_X - TEXT_RIGHT
TAG_WIDTH = NODE_WIDTH - 2 * TEXT_RIGHT

# Width of a character as a fraction of the font size, rounded up from the widest common
# sans-serif fonts (DejaVu Sans, Arial, Segoe UI, Roboto): wide letters, capitals and
# digits, narrow punctuation, and everything else as a generous lowercase letter.
_WIDE = set("MWmw@%&")
_NARROW = set("ijlItf.,;:'!|()[] ")


def char_width(char: str, size: float) -> float:
    if char in _WIDE:
        return 1.0 * size
    if char in _NARROW:
        return 0.42 * size
    if char.isupper() or char.isdigit():
        return 0.78 * size
    return 0.64 * size


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A conservative estimate of the rendered width of `text` at `size` px."""
    return sum(char_width(c, size) for c in text)


def wrap_text(text: str, width: float, size: float = LABEL_SIZE) -> list[str]:
    """Break `text` at spaces into lines no wider than `width` (estimated). Nothing is
    cut off: a single word wider than a line is split over lines with a hyphen."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size) > width:
            cut = _fitting_prefix(current, width - char_width("-", size), size)
            lines.append(current[:cut] + "-")
            current = current[cut:]
    return lines + [current] if current or not lines else lines


def _fitting_prefix(word: str, width: float, size: float) -> int:
    used, cut = 0.0, 0
    for cut, char in enumerate(word):  # noqa: B007
        used += char_width(char, size)
        if used > width:
            return max(cut, 1)
    return len(word)


def wrap_label(label: str) -> list[str]:
    return wrap_text(label, LABEL_WIDTH, LABEL_SIZE)


@dataclass
class MapTag:
    """What a node says about its relation(s) with the concept in focus `partner`."""

    partner: Hashable
    lines: list[str]
    partner_item: Any = None


@dataclass
class MapNode:
    key: Hashable
    item: Any
    column: int
    row: int = 0
    lines: list[str] = field(default_factory=list)
    tags: list[MapTag] = field(default_factory=list)
    relation_count: int = 0
    y: int = 0
    width: int = NODE_WIDTH

    @property
    def x(self) -> int:
        return MARGIN_X + self.column * COLUMN_WIDTH

    @property
    def tag_lines(self) -> int:
        """Lines reserved for the relation tag: the longest one this node can show."""
        return max((len(tag.lines) for tag in self.tags), default=0)

    @property
    def height(self) -> int:
        tags = self.tag_lines * TAG_LINE + (4 if self.tags else 0)
        return 2 * PAD_Y + len(self.lines) * LABEL_LINE + tags

    @property
    def cx(self) -> int:
        return self.x + NODE_WIDTH // 2

    @property
    def cy(self) -> int:
        return self.y + self.height // 2

    @property
    def text_x(self) -> int:
        return self.x + TEXT_X

    @property
    def text_y(self) -> int:
        """Baseline of the first label line."""
        return self.y + PAD_Y + LABEL_SIZE

    @property
    def badge_y(self) -> int:
        return self.y + PAD_Y + len(self.lines) * LABEL_LINE // 2

    @property
    def tag_x(self) -> int:
        return self.x + TEXT_RIGHT

    @property
    def tag_y(self) -> int:
        return self.y + PAD_Y + len(self.lines) * LABEL_LINE + 4 + TAG_SIZE


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


def concept_map_layout(
    *,
    columns: Sequence[tuple[Hashable, str]],
    nodes: Iterable[tuple[Hashable, Hashable, str, Any]],
    edges: Iterable[tuple[Hashable, Hashable, Any]],
    edge_label: Any = None,
    sweeps: int = 4,
) -> MapLayout:
    """Lay out a layered graph: one column per group, rows ordered to shorten edges.

    `columns` is [(group, label)], `nodes` is [(key, group, label, item)] in their
    initial order, `edges` is [(source key, target key, item)]. Rows within a column
    are reordered by the barycentre of their neighbours (a few sweeps), which keeps
    related concepts at similar heights. `edge_label(item)` names an edge's kind: each
    node gets a tag per neighbour naming their relation(s), shown while that neighbour
    is in focus; the node is tall enough for its longest tag, so nothing overlaps.
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
    _attach_tags(edge_list, edge_label or (lambda item: ""))
    _number_rows(by_column)
    for _ in range(sweeps):
        for column in by_column:
            column.sort(key=lambda n: (_barycentre(n, neighbours[n.key]), n.row))
            _number_rows([column])
    bottom = max((_stack(column) for column in by_column), default=MARGIN_TOP)
    return MapLayout(
        width=2 * MARGIN_X + (len(columns) - 1) * COLUMN_WIDTH + NODE_WIDTH,
        height=max(bottom, MARGIN_TOP + 40) + MARGIN_BOTTOM,
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


def _attach_tags(edge_list: list[tuple[MapNode, MapNode, Any]], edge_label: Any) -> None:
    kinds: dict[tuple[Hashable, Hashable], list[str]] = {}
    nodes: dict[Hashable, MapNode] = {}
    for source, target, _item in edge_list:
        nodes[source.key], nodes[target.key] = source, target
        source.relation_count += 1
        target.relation_count += 1
    for source, target, item in edge_list:
        label = str(edge_label(item))
        for node, partner, text in ((source, target, f"{label} →"), (target, source, f"← {label}")):
            found = kinds.setdefault((node.key, partner.key), [])
            if label and text not in found:
                found.append(text)
    for (key, partner), texts in kinds.items():
        lines = wrap_text("; ".join(texts), TAG_WIDTH, TAG_SIZE) if texts else []
        nodes[key].tags.append(MapTag(partner, lines, nodes[partner].item))


def _stack(column: list[MapNode]) -> int:
    """Place a column's nodes top to bottom; return where the last one ends."""
    y = MARGIN_TOP
    for node in column:
        node.y = y
        y += node.height + NODE_GAP
    return y - NODE_GAP if column else MARGIN_TOP


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
        step = (node.height - 16) / len(group)
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
        bend = 30 + 8 * abs(source.row - target.row)
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
