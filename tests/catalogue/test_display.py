"""Plain helpers behind the catalogue pages: concept-map layout and wording diff."""

import pytest
from django.utils import translation

from questionsets.catalogue.display import (
    NODE_HEIGHT,
    NODE_WIDTH,
    concept_map_layout,
    edge_path,
    localized,
    wording_diff,
    wrap_label,
)

COLUMNS = [("sociaal", "sociaal domein"), ("beide", "beide"), ("oov", "OOV")]


def layout(nodes, edges=()):
    return concept_map_layout(
        columns=COLUMNS,
        nodes=[(key, group, key, None) for key, group in nodes],
        edges=[(s, t, None) for s, t in edges],
    )


def boxes_overlap(a, b):
    return not (
        a.x + NODE_WIDTH <= b.x
        or b.x + NODE_WIDTH <= a.x
        or a.y + NODE_HEIGHT <= b.y
        or b.y + NODE_HEIGHT <= a.y
    )


def test_layout_puts_each_domain_in_its_own_column_left_to_right():
    result = layout([("a", "oov"), ("b", "sociaal"), ("c", "beide")])
    x = {n.key: n.x for n in result.nodes}
    assert x["b"] < x["c"] < x["a"]
    assert [c.label for c in result.columns] == ["sociaal domein", "beide", "OOV"]


def test_layout_never_overlaps_nodes_and_fits_them_in_the_canvas():
    result = layout([(f"n{i}", COLUMNS[i % 3][0]) for i in range(18)])
    nodes = result.nodes
    assert all(not boxes_overlap(a, b) for a in nodes for b in nodes if a is not b)
    assert all(n.x >= 0 and n.x + NODE_WIDTH <= result.width for n in nodes)
    assert all(n.y >= 0 and n.y + NODE_HEIGHT <= result.height for n in nodes)


def test_layout_orders_rows_so_related_concepts_sit_level():
    # c2 in the middle column is linked to a1 (row 1 of the left column): it moves up
    # next to it instead of staying below.
    result = layout(
        [("a0", "sociaal"), ("a1", "sociaal"), ("c1", "beide"), ("c2", "beide")],
        edges=[("a1", "c2"), ("a0", "c1")],
    )
    row = {n.key: n.row for n in result.nodes}
    assert row["c1"] == row["a0"] and row["c2"] == row["a1"]


def test_layout_draws_one_edge_per_relation_between_known_nodes():
    result = layout([("a", "sociaal"), ("b", "oov")], edges=[("a", "b"), ("a", "missing")])
    assert len(result.edges) == 1
    assert result.edges[0].path.startswith("M ")


def test_layout_of_an_empty_catalogue_is_an_empty_canvas():
    result = layout([])
    assert result.nodes == [] and result.edges == [] and result.height > 0


def test_edges_leave_from_the_side_facing_the_target():
    result = layout([("a", "sociaal"), ("b", "oov")])
    a, b = result.nodes
    forward, backward = edge_path(a, b), edge_path(b, a)
    assert forward.startswith(f"M {a.x + NODE_WIDTH} ")
    assert backward.startswith(f"M {b.x} ")


def test_edges_within_one_column_loop_outside_it():
    result = layout([("a", "sociaal"), ("b", "sociaal")])
    a, b = result.nodes
    start_x = int(edge_path(a, b).split()[1])
    assert start_x == a.x + NODE_WIDTH


def test_long_labels_wrap_to_two_lines_with_an_ellipsis():
    lines = wrap_label("Problematisch gedrag en ondermijning van de democratische rechtsorde")
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert wrap_label("Polarisatie") == ["Polarisatie"]


def test_wording_diff_marks_inserted_and_deleted_words():
    parts = wording_diff("Gaat het goed?", "Gaat het in het algemeen goed?")
    assert ("insert", " in het algemeen") in parts or ("insert", "in het algemeen ") in parts
    assert not any(op == "delete" for op, _ in parts)
    replaced = wording_diff("Bent u tevreden?", "Bent u ontevreden?")
    assert ("delete", "tevreden?") in replaced and ("insert", "ontevreden?") in replaced


@pytest.mark.parametrize(
    ("old", "new"),
    [("a  b\nc", "a b\n\nc d"), ("", "nieuw"), ("weg", ""), ("gelijk", "gelijk")],
)
def test_wording_diff_keeps_whitespace_so_both_sides_can_be_rebuilt(old, new):
    parts = wording_diff(old, new)
    assert "".join(t for op, t in parts if op != "delete") == new
    assert "".join(t for op, t in parts if op != "insert") == old


def test_localized_prefers_english_only_when_filled_in():
    class Row:
        name_nl, name_en = "Onbehagen", "Malaise"

    class Untranslated:
        name_nl, name_en = "Onbehagen", ""

    with translation.override("en"):
        assert localized(Row, "name") == "Malaise"
        assert localized(Untranslated, "name") == "Onbehagen"
    with translation.override("nl"):
        assert localized(Row, "name") == "Onbehagen"


def test_edges_meeting_one_side_of_a_node_are_spread_over_its_height():
    result = layout(
        [("hub", "beide"), ("a", "oov"), ("b", "oov"), ("c", "oov")],
        edges=[("hub", "a"), ("hub", "b"), ("hub", "c")],
    )
    starts = [int(edge.path.split()[2]) for edge in result.edges]
    hub = result.nodes[0]
    assert len(set(starts)) == 3
    assert all(hub.y < y < hub.y + NODE_HEIGHT for y in starts)
    assert starts == sorted(starts)  # ordered like the targets, so they do not cross
