"""LimeSurvey TSV export, checked against LimeSurvey's own import rules.

No validator exists outside LimeSurvey itself (FORMATS.md §2.3), so this test re-implements the
rules as FORMATS.md §2.1-2.2 quotes them from LimeSurvey/LimeSurvey:

* ``import_helper.php::TSVImportSurvey``: columns matched by header name after stripping the
  BOM; rows read with ``fgetcsv($tmp, 0, "\\t", '"')``; row classes S, SL, G, Q, SQ, A;
  relationships by proximity; each extra language repeats the base block with "exactly the same
  number and order of rows".
* ``Question.php``: title 1-20 characters matching ``/^[a-z,A-Z][[:alnum:]]*$/``, unique per
  survey (LimeSurvey databases may compare case-insensitively, so we check that too), reserved
  words ``LANG, SID, SAVEDID, TOKEN, QID, GID, SGQ, self, that, this``; subquestion codes
  ``/^[[:alnum:]]*$/`` and not ``time``; ``mandatory`` in Y/S/N; ``other`` in Y/N; ``type`` one
  character.
* ``Answer.php``: code 1-5 characters, ``/^[a-z0-9]*$/i``, unique per question.
"""

import csv
import html
import io
import re

import pytest

from questionsets.exports import limesurvey
from questionsets.exports.base import ExportError, ExportOption
from questionsets.exports.base import ExportItem as Item

from .samples import big_questionnaire, sample_items, sample_questionnaire

QUESTION_CODE = re.compile(r"^[a-zA-Z][a-zA-Z0-9]*$")
SUBQUESTION_CODE = re.compile(r"^[a-zA-Z0-9]*$")
ANSWER_CODE = re.compile(r"^[a-z0-9]*$", re.IGNORECASE)
RESERVED = {"LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this"}
QUESTION_TYPES = set("15ABCDEFGHIKLMNOPQRSTUXY!:;|*")  # Question::typeList() keys


def parse(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff"), "LimeSurvey's own export is UTF-8 with a BOM"
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter="\t")
    header = [h.strip() for h in next(reader)]
    rows = []
    for values in reader:
        assert len(values) == len(header), values
        rows.append(dict(zip(header, values, strict=True)))
    return header, rows


def check_limesurvey_rules(data: bytes) -> dict[str, list[dict[str, str]]]:
    header, rows = parse(data)
    for column in ("class", "type/scale", "name", "text", "help", "language", "relevance"):
        assert column in header
    settings = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    base = settings["language"]
    languages = [base, *settings.get("additional_languages", "").split()]
    first_non_s = next(i for i, r in enumerate(rows) if r["class"] != "S")
    assert all(r["class"] == "S" for r in rows[:first_non_s])

    blocks: dict[str, list[dict[str, str]]] = {lang: [] for lang in languages}
    for row in rows[first_non_s:]:
        assert row["class"] in {"SL", "G", "Q", "SQ", "A"}, row
        assert row["language"] in languages, row
        blocks[row["language"]].append(row)
    # Base language first, then each translation as one contiguous block.
    order = [r["language"] for r in rows[first_non_s:]]
    assert order == sorted(order, key=languages.index)

    shape = None
    for language, block in blocks.items():
        seen_codes: set[str] = set()
        current = None  # class of the last G/Q seen
        answers: set[str] = set()
        subquestions: set[str] = set()
        for row in block:
            cls = row["class"]
            if cls == "SL":
                assert current is None, "SL rows come before the first group"
            elif cls == "G":
                assert row["name"], "a group needs a name"
                current = "G"
            elif cls == "Q":
                assert current is not None, "a question needs a group before it"
                code = row["name"]
                assert 1 <= len(code) <= 20 and QUESTION_CODE.match(code), code
                assert code not in RESERVED
                assert code.lower() not in seen_codes, f"duplicate question code {code}"
                seen_codes.add(code.lower())
                assert len(row["type/scale"]) == 1 and row["type/scale"] in QUESTION_TYPES
                assert row["mandatory"] in {"Y", "S", "N"}
                assert row["other"] in {"Y", "N"}
                current, question_type = "Q", row["type/scale"]
                answers, subquestions = set(), set()
            elif cls == "A":
                assert current == "Q" and question_type == "L", "answers follow their question"
                code = row["name"]
                assert 1 <= len(code) <= 5 and ANSWER_CODE.match(code), code
                assert code not in answers, "Answer codes must be unique by question"
                answers.add(code)
            elif cls == "SQ":
                assert current == "Q" and question_type == "M"
                code = row["name"]
                assert code and SUBQUESTION_CODE.match(code) and code != "time"
                assert code not in subquestions
                subquestions.add(code)
        block_shape = [(r["class"], r["name"], r["type/scale"]) for r in block if r["class"] != "G"]
        groups = [(r["class"], r["id"]) for r in block if r["class"] == "G"]
        if shape is None:
            shape = (block_shape, groups)
        else:
            assert (block_shape, groups) == shape, f"{language} block differs from the base"
    return blocks


def visible(text: str) -> str:
    """What a respondent sees of LimeSurvey HTML text."""
    return html.unescape(text.replace("<br />", "\n"))


def test_limesurvey_rules_hold_and_texts_are_exact():
    q = sample_questionnaire()
    exported = limesurvey.render(q)
    assert exported.filename == "vragenlijst_utrecht_2025.limesurvey.txt"
    blocks = check_limesurvey_rules(exported.data)
    assert set(blocks) == {"nl", "en"}
    dutch = blocks["nl"]
    questions = {r["name"]: (i, r) for i, r in enumerate(dutch) if r["class"] == "Q"}
    for item in q.items:
        i, row = questions[item.code]
        assert visible(row["text"]) == item.wording_nl.replace("\x07", "")
        assert visible(row["help"]) == item.instruction_nl
        assert (
            row["type/scale"]
            == {"single": "L", "multiple": "M", "numeric": "N", "text": "T"}[item.answer_type]
        )
        following = []
        for r in dutch[i + 1 :]:
            if r["class"] not in ("A", "SQ"):
                break
            following.append((int(r["name"]), visible(r["text"])))
        assert following == [(o.code, o.label_nl) for o in item.options]
    intro = [r for r in dutch if r["type/scale"] == "X"]
    assert [visible(r["text"]) for r in intro] == [sample_items()[0].intro_nl]
    english = {r["name"]: r for r in blocks["en"] if r["class"] == "Q"}
    assert english["vert1"]["text"] == "The municipality"
    assert english["vei1"]["text"] == dutch[questions["vei1"][0]]["text"]  # Dutch fallback


def test_texts_are_html_safe():
    data = limesurvey.render(sample_questionnaire()).data.decode()
    assert "&lt;straat&gt;" in data and "<straat>" not in data
    assert "Kies één antwoord.<br />Lees de antwoorden voor." in data
    assert "\x07" not in data


def test_intro_codes_never_clash_with_item_codes():
    items = tuple(
        Item(
            code=code,
            kind="local",
            section="S",
            wording_nl="W",
            intro_nl="Stam",
            answer_type="text",
        )
        for code in ("intro1", "intro2")
    )
    blocks = check_limesurvey_rules(limesurvey.render(sample_questionnaire(items)).data)
    codes = [r["name"] for r in blocks["nl"] if r["class"] == "Q"]
    assert codes == ["intro3", "intro1", "intro2"]


def test_answer_codes_longer_than_five_are_refused():
    item = Item(
        code="lok9",
        kind="local",
        section="S",
        wording_nl="W",
        answer_type="single",
        options=(ExportOption(123456, "Te lang"),),
    )
    with pytest.raises(ExportError, match="langer dan 5"):
        limesurvey.render(sample_questionnaire((item,)))


def test_500_items():
    blocks = check_limesurvey_rules(limesurvey.render(big_questionnaire()).data)
    assert sum(r["class"] == "Q" and r["type/scale"] != "X" for r in blocks["nl"]) == 500
