"""The builder's task floor (bench.builder_floor) is pinned to the page it bounds: its
plain-Python rows are the page's item rows, byte for byte, for every kind of row."""

import pytest

from bench.builder_floor import elements, item_rows, page_rows
from bench.harness import capture
from questionsets.models import AnswerType
from questionsets.questionnaires import items, services
from questionsets.questionnaires.items import NewScale
from tests import factories

from ..basket import add_local, add_set, fresh

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def questionnaire(municipality, editor):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    odd = factories.make_question(
        version_kw={"wording_nl": "Vindt u \"A & B\" <beter> dan 'C'?", "instruction_nl": "Kies"}
    )
    outdated = factories.make_question()
    locked = factories.make_question_set(
        questions=[odd, outdated, factories.make_question()],
        indicators=[factories.make_indicator()],
        name_nl="Buurt & <wijk>",
        intro_nl="In hoeverre bent u het eens met:",
        indivisible=True,
        order_locked=True,
    )
    add_set(questionnaire, locked)
    add_set(questionnaire, factories.make_question_set(questions=[factories.make_question()]))
    factories.make_version(question=outdated, wording_nl="Hoe tevreden bent u nu over het?")
    add_local(questionnaire, code="lokgetal")
    add_local(
        questionnaire,
        code="lokschaal",
        answer_type=AnswerType.SINGLE,
        new_scale=NewScale(
            name="Eigen",
            options=[(1, "Ja"), (2, "Nee"), (9, "Weet niet")],
            missing_codes=frozenset({9}),
        ),
    )
    national = fresh(questionnaire).items.filter(kind="national").last()
    items.questionnaire_adapt_item(
        item=national,
        data={"code": "lokaangepast", "wording": "Anders <gezegd>?", "instruction": ""},
        expected_version=fresh(questionnaire).lock_version,
    )
    return fresh(questionnaire)


@pytest.mark.parametrize(
    "persona,htmx", [("editor", False), ("editor", True), ("colleague", False)]
)
def test_the_floor_builds_the_pages_rows_byte_for_byte(
    client, request, questionnaire, persona, htmx
):
    client.force_login(request.getfixturevalue(persona))
    responses = []
    captured = capture(
        lambda: responses.append(
            client.get(f"/vragenlijsten/{questionnaire.pk}/", **(HTMX if htmx else {}))
        )
    )
    html = responses[0].content.decode()
    rows = page_rows(html)
    assert rows.count('<li class="item item-') == questionnaire.items.count() == 6
    for marker in ("version-notice", "item-intro", "item-derived", "(ontbrekend)", "&amp;"):
        assert marker in rows
    assert ("item-actions" in rows) == (persona == "editor")
    assert item_rows(captured.context[0]) == rows


def test_a_row_is_small(client, editor, questionnaire):
    """Issue 20: about 1 KB and 10 elements per row, one CSRF token and one lock version
    for all rows (the section forms carry their own, for use without JavaScript)."""
    client.force_login(editor)
    html = client.get(f"/vragenlijsten/{questionnaire.pk}/").content.decode()
    plain = [row for row in page_rows(html).split("</li>")[:-1] if "version-notice" not in row]
    assert len(plain) == 5
    assert sum(len(row.encode()) for row in plain) / len(plain) <= 1024
    # li, head p, code, wording, options, actions p, 3 buttons, link; an instruction, or a
    # set's intro before its first question, adds to a row.
    assert sorted(elements(row) for row in plain) == [9, 10, 10, 11, 13]
    sections = questionnaire.sections.count()
    html = client.get(f"/vragenlijsten/{questionnaire.pk}/", **HTMX).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') == 1 + 1 + sections  # rows, new, renames
    assert html.count('name="lock_version"') == 1 + 1 + sections


def test_the_figure_times_the_rows_encoded_and_refuses_a_floor_that_differs(
    client, editor, questionnaire, monkeypatch
):
    """PageBench.task_floor: the floor's answer is the page's rows as bytes, the form the
    page's own answer has on the wire; a floor giving other rows gets no figure."""
    from bench import builder_floor, figures

    client.force_login(editor)
    encoded = []

    class Rows(str):
        def encode(self, *args):
            encoded.append(len(self))
            return str.encode(self, *args)

    written = builder_floor.item_rows
    monkeypatch.setattr(builder_floor, "item_rows", lambda context: Rows(written(context)))
    bench = figures.PageBench(client, repeat=1)
    url = f"/vragenlijsten/{questionnaire.pk}/"
    figure = bench.task_floor("builder", url)
    assert figure.value > 0 and figure.floor > 0
    assert len(encoded) >= 3  # the check, then each timed run of the floor
    monkeypatch.setattr(builder_floor, "item_rows", lambda context: written(context) + " ")
    with pytest.raises(RuntimeError, match="differ"):
        bench.task_floor("builder", url)
