"""The builder's task floor (bench.builder_floor) is pinned to the page it bounds: its
plain-Python answer (the sections with their rows and tools, the summary's lists of
indicators and sets), judged by its own rules (bench.builder_judge), is the page's,
byte for byte, for every kind of row, set verdict and reader."""

import pytest

from bench.builder_floor import answer, elements, page_rows, without_tokens
from bench.harness import capture
from questionsets.models import AnswerType
from questionsets.questionnaires import items, services
from questionsets.questionnaires.items import NewScale, questionnaire_remove_item
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
    unverified = factories.make_question(version_kw={"verification": "paraphrase"})
    add_set(questionnaire, factories.make_question_set(questions=[unverified]))
    free = factories.make_question_set(
        questions=[factories.make_question(), factories.make_question()],
        indicators=[factories.make_indicator()],
        name_nl="Vrij",
    )
    add_set(questionnaire, free)
    gone = fresh(questionnaire).items.get(
        question_version__question=free.items.last().question_version.question
    )
    questionnaire_remove_item(item=gone, expected_version=fresh(questionnaire).lock_version)
    services.questionnaire_add_section(
        questionnaire=fresh(questionnaire),
        title="Leeg & <nieuw>",
        expected_version=fresh(questionnaire).lock_version,
    )
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
    third = locked.items.last().question_version.question  # breaks the locked set
    national = fresh(questionnaire).items.get(question_version__question=third)
    items.questionnaire_adapt_item(
        item=national,
        data={"code": "lokaangepast", "wording": "Anders <gezegd>?", "instruction": ""},
        expected_version=fresh(questionnaire).lock_version,
    )
    return fresh(questionnaire)


@pytest.mark.parametrize(
    "persona,htmx", [("editor", False), ("editor", True), ("colleague", False)]
)
def test_the_floor_builds_the_pages_answer_byte_for_byte(
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
    assert rows.count('<li class="item item-') == questionnaire.items.count() == 7
    sections, indicators, basket = answer(*captured.context)
    for marker in ("version-notice", "item-intro", "item-derived", "(ontbrekend)", "&amp;"):
        assert marker in rows
    assert ("item-actions" in rows) == (persona == "editor")
    assert page_rows(sections) == rows
    # Verdicts the floor worked out itself: a broken locked set, an adapted question, a
    # question taken out of a free set (with its button for editors), an empty section.
    for marker in ("state-not_comparable", "Leeg &amp; &lt;nieuw&gt;", "item-empty"):
        assert marker in sections
    assert "aangepaste vraag" in basket and "ontbreekt:" in basket
    assert ("Terugzetten" in basket) == ("section-tools" in sections) == (persona == "editor")
    assert indicators.count('<li class="indicator') == 2  # the locked set's, the free set's
    page = without_tokens(html)
    for part in (sections, indicators, basket):
        assert without_tokens(part) in page


def test_a_row_is_small(client, editor, questionnaire):
    """Issue 20: about 1 KB and 10 elements per row, one CSRF token and one lock version
    for all rows (the section forms carry their own, for use without JavaScript)."""
    client.force_login(editor)
    html = client.get(f"/vragenlijsten/{questionnaire.pk}/").content.decode()
    plain = [row for row in page_rows(html).split("</li>")[:-1] if "version-notice" not in row]
    assert len(plain) == 6
    assert sum(len(row.encode()) for row in plain) / len(plain) <= 1024
    # li, head p, code, wording, options, actions p, 3 buttons, link; an instruction, or a
    # set's intro before its first question, adds to a row.
    assert sorted(elements(row) for row in plain) == [9, 10, 10, 10, 11, 13]
    sections = questionnaire.sections.count()
    html = client.get(f"/vragenlijsten/{questionnaire.pk}/", **HTMX).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') == 1 + 1 + sections  # rows, new, renames
    assert html.count('name="lock_version"') == 1 + 1 + sections


def test_the_figure_times_the_answer_encoded_and_refuses_a_floor_that_differs(
    client, editor, questionnaire, monkeypatch
):
    """PageBench.task_floor: the floor's answer is encoded, the form the page's own answer
    has on the wire; a floor whose answer is not the page's gets no figure."""
    from bench import builder_floor, figures

    client.force_login(editor)
    encoded = []

    class Part(str):
        def encode(self, *args):
            encoded.append(len(self))
            return str.encode(self, *args)

    written = builder_floor.answer
    monkeypatch.setattr(
        builder_floor, "answer", lambda *args: [Part(part) for part in written(*args)]
    )
    bench = figures.PageBench(client, repeat=1)
    url = f"/vragenlijsten/{questionnaire.pk}/"
    figure = bench.task_floor("builder", url)
    assert figure.value > 0 and figure.floor > 0
    assert len(encoded) >= 3 * 3  # three parts: the check, then each timed run
    for wrong in (0, 1, 2):  # the sections, the indicators, the sets

        def differs(*args, wrong=wrong):
            parts = written(*args)
            parts[wrong] = parts[wrong].replace("</li>", "</li> ", 1)
            return parts

        monkeypatch.setattr(builder_floor, "answer", differs)
        with pytest.raises(RuntimeError, match="differs"):
            bench.task_floor("builder", url)


def test_the_floor_judges_as_the_product_in_any_order(questionnaire):
    """bench.builder_judge against comparability.set_verdicts (and the items' states) for
    the fixture's items in 60 shuffled orders, so the floor's rules cannot drift from the
    product's where the page checks above happen not to look."""
    import random

    from bench.builder_judge import Judged
    from questionsets.questionnaires.builder import BuilderRead
    from questionsets.questionnaires.comparability import broken_sets, item_state, set_verdicts

    read = BuilderRead().load(questionnaire)
    shuffle = random.Random(20).shuffle
    seen = set()
    for _ in range(60):
        order = list(read.items)
        shuffle(order)
        product = set_verdicts(read.basket, order)
        judged = Judged(read.basket, order)
        assert judged.verdicts == {sid: (v.status, v.reasons) for sid, v in product.items()}
        assert judged.broken == broken_sets(product)
        for item in order:
            if item.is_national:
                assert judged.state(item) == item_state(item, broken_sets=judged.broken)
        seen |= {status for status, _reasons in judged.verdicts.values()}
    # (a complete set with an unchecked wording is the provisional one)
    assert seen == {"provisional", "incomplete", "not_comparable"}
