"""Plain helpers behind the catalogue pages: concept-map layout and wording diff."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from questionsets.catalogue.display import (
    LABEL_WIDTH,
    NODE_WIDTH,
    TAG_LINE,
    TAG_WIDTH,
    concept_map_layout,
    edge_path,
    localized,
    text_width,
    wording_diff,
    wrap_label,
)

CATALOGUE = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "catalogue.json").read_text("utf-8")
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
        a.x + a.width <= b.x
        or b.x + b.width <= a.x
        or a.y + a.height <= b.y
        or b.y + b.height <= a.y
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
    assert all(n.y >= 0 and n.y + n.height <= result.height for n in nodes)


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


def test_long_labels_wrap_whole_onto_as_many_lines_as_they_need():
    label = "Democratische rechtsorde (steun en ondermijning) / problematisch gedrag"
    lines = wrap_label(label)
    assert " ".join(lines) == label and len(lines) >= 3
    assert all(text_width(line) <= LABEL_WIDTH for line in lines)
    assert wrap_label("Polarisatie") == ["Polarisatie"]


def test_a_word_longer_than_a_line_is_split_with_a_hyphen_not_cut_off():
    word = "Onveiligheidsgevoelensbelevingsonderzoeksresultaten"
    lines = wrap_label(word)
    assert len(lines) > 1 and all(text_width(line) <= LABEL_WIDTH for line in lines)
    assert "".join(line.removesuffix("-") for line in lines) == word


def test_the_width_estimate_is_on_the_safe_side_for_wide_letters():
    # A line of capitals or wide letters is estimated wider than one of narrow ones, and
    # every character at least as wide as half the font size (no sans-serif font's
    # letters average less).
    assert text_width("MMMM") > text_width("AAAA") > text_width("aaaa") > text_width("iiii")
    assert text_width("abcdefghijklmnopqrstuvwxyz", 14) >= 26 * 7


def catalogue_layout(language="nl"):
    concepts = CATALOGUE["concepts"]
    name = "name_en" if language == "en" else "name_nl"
    return concept_map_layout(
        columns=COLUMNS,
        nodes=[(c["code"], c["domain"], c[name] or c["name_nl"], c) for c in concepts],
        edges=[(c["code"], r["target"], r) for c in concepts for r in c.get("relations", [])],
        edge_label=lambda relation: relation["kind"].replace("_", " "),
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_concept_label_of_the_catalogue_is_whole_and_fits_its_box(language):
    result = catalogue_layout(language)
    name = "name_en" if language == "en" else "name_nl"
    for node in result.nodes:
        assert " ".join(node.lines) == " ".join((node.item[name] or node.item["name_nl"]).split())
        assert all(text_width(line) <= LABEL_WIDTH for line in node.lines), node.lines
        assert node.text_x + LABEL_WIDTH <= node.x + node.width


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_two_concepts_of_the_catalogue_overlap_and_all_fit_the_canvas(language):
    result = catalogue_layout(language)
    nodes = result.nodes
    assert len(nodes) == len(CATALOGUE["concepts"])
    assert all(not boxes_overlap(a, b) for a in nodes for b in nodes if a is not b)
    assert all(0 <= n.x and n.x + n.width <= result.width for n in nodes)
    assert all(0 <= n.y and n.y + n.height <= result.height for n in nodes)


def test_every_relation_of_the_catalogue_is_drawn_and_named_at_both_ends():
    result = catalogue_layout()
    relations = [
        (c["code"], r["target"], r["kind"])
        for c in CATALOGUE["concepts"]
        for r in c.get("relations", [])
    ]
    assert len(relations) > 40
    drawn = [(e.source.key, e.target.key, e.item["kind"]) for e in result.edges]
    assert sorted(drawn) == sorted(relations)
    by_key = {n.key: n for n in result.nodes}
    for source, target, kind in relations:
        source_tag = next(t for t in by_key[source].tags if t.partner == target)
        target_tag = next(t for t in by_key[target].tags if t.partner == source)
        label = kind.replace("_", " ")
        assert f"{label} →" in " ".join(source_tag.lines)
        assert f"← {label}" in " ".join(target_tag.lines)


def test_relation_tags_fit_inside_their_node_below_the_label():
    for node in catalogue_layout().nodes:
        for tag in node.tags:
            assert all(text_width(line, 12) <= TAG_WIDTH for line in tag.lines)
            assert node.tag_y + (len(tag.lines) - 1) * TAG_LINE <= node.y + node.height
            assert node.tag_y - 12 >= node.text_y + (len(node.lines) - 1) * 18


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
    assert all(hub.y < y < hub.y + hub.height for y in starts)
    assert starts == sorted(starts)  # ordered like the targets, so they do not cross
