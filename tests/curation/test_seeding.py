"""The national catalogue fixture (the source of truth) and the loaders that seed it."""

import copy
import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from questionsets.curation import seeding
from questionsets.curation.workbook import (
    export_catalogue_workbook,
    import_catalogue_workbook,
    read_workbook,
)
from questionsets.models import (
    CODE_PATTERN,
    AnswerOption,
    AnswerScale,
    CatalogueChange,
    Concept,
    ConceptRelation,
    Definition,
    ImmutableError,
    Indicator,
    Municipality,
    Question,
    Questionnaire,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    ScoringItem,
    ScoringRule,
    Source,
    Verification,
)

FIXTURE = Path(django_settings.BASE_DIR) / "fixtures" / "catalogue.json"

# The size of the national catalogue as committed. fixtures/catalogue.json is the source of
# truth and changes only through curation; a curated change updates these numbers with it.
FIXTURE_SIZE = {
    "sources": 25,
    "concepts": 17,
    "indicators": 37,
    "scales": 35,
    "questions": 139,
    "question_sets": 41,
    "scoring_rules": 4,
}
FIXTURE_ROWS = {
    Source: 25,
    Concept: 17,
    Definition: 7,
    ConceptRelation: 49,
    Indicator: 37,
    AnswerScale: 35,
    AnswerOption: 204,
    Question: 139,
    QuestionVersion: 139,
    QuestionSet: 41,
    QuestionSetItem: 140,
    ScoringRule: 4,
    ScoringItem: 16,
}
VERIFICATION_COUNTS = {
    Verification.VERBATIM: 25,
    Verification.VERBATIM_LABEL: 49,
    Verification.VERBATIM_EN: 25,
    Verification.VERBATIM_3P: 7,
    Verification.VERBATIM_VL: 5,
    Verification.PARAPHRASE: 15,
    Verification.RECONSTRUCTION: 13,
}
# A verification note that starts with the status the wording had when it was catalogued.
STATUS_NOTE = re.compile(
    r"^Status in de referentie: (VERBATIM(?:-(?:LABEL|EN|3P|VL))?|PARAFRASE|RECONSTRUCTIE)\b"
)
STATUS_VERIFICATION = {
    "VERBATIM": Verification.VERBATIM,
    "VERBATIM-LABEL": Verification.VERBATIM_LABEL,
    "VERBATIM-EN": Verification.VERBATIM_EN,
    "VERBATIM-3P": Verification.VERBATIM_3P,
    "VERBATIM-VL": Verification.VERBATIM_VL,
    "PARAFRASE": Verification.PARAPHRASE,
    "RECONSTRUCTIE": Verification.RECONSTRUCTION,
}
# The five group pairs of the spanningsschaal (CBS Belevingen 2016), word for word.
GROUP_PAIRS = [
    "Religieuze groepen",
    "Mensen met en zonder immigratieachtergrond",
    "Jongeren en ouderen",
    "Laag- en hoogopgeleiden",
    "Armen en rijken",
]
WORDING_FIELDS = ("wording_nl", "wording_en", "instruction_nl", "instruction_en")
WORDING_COLUMNS = ("vraagtekst_nl", "vraagtekst_en", "instructie_nl", "instructie_en")


@pytest.fixture(scope="module")
def fixture_data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def seed(db, settings):
    settings.DEBUG = True

    def run(*args):
        out = StringIO()
        call_command("seed_demo", *args, stdout=out)
        return out.getvalue()

    return run


def _row_counts() -> dict[str, int]:
    models = list(apps.get_app_config("questionsets").get_models(include_auto_created=True))
    models.append(get_user_model())
    return {model._meta.label: model.objects.count() for model in models}


def test_seed_demo_twice_gives_identical_counts(seed):
    seed()
    first = _row_counts()
    seed()
    assert _row_counts() == first
    assert first["questionsets.Questionnaire"] == 1


def test_second_seed_demo_run_takes_few_queries(seed, django_assert_max_num_queries):
    seed()
    # +7 for the national figures: sources, questions, indicators and figures read once,
    # a savepoint pair, and the summary count (results issue).
    # +24 for the audit trail: load_catalogue reads the 11 catalogue tables and the
    # set-indicator links once before and once after, whatever the catalogue's size.
    with django_assert_max_num_queries(91):
        output = seed()
    assert "0 nieuw, 0 bijgewerkt" in output


def test_seed_demo_loads_at_least_the_required_catalogue(seed):
    seed()
    assert Concept.objects.count() >= 15
    assert ConceptRelation.objects.count() >= 15
    assert Indicator.objects.count() >= 30
    assert Question.objects.count() >= 80
    assert QuestionSet.objects.published().count() >= 15
    assert Municipality.objects.count() == 342
    assert Municipality.objects.get(code="GM0344").name == "Utrecht"


def test_every_question_version_has_a_source_with_a_location(seed):
    seed()
    versions = QuestionVersion.objects.select_related("source")
    assert versions.exists()
    for version in versions:
        assert version.source.instrument
        assert version.source.url or version.source.note, version.source.code


def test_the_fixture_holds_the_whole_national_catalogue(fixture_data):
    assert fixture_data["format"] == seeding.CATALOGUE_FORMAT
    sizes = {key: len(rows) for key, rows in fixture_data.items() if key != "format"}
    assert sizes == FIXTURE_SIZE
    concepts = fixture_data["concepts"]
    assert sum(len(c["definitions"]) for c in concepts) == FIXTURE_ROWS[Definition]
    assert sum(len(c["relations"]) for c in concepts) == FIXTURE_ROWS[ConceptRelation]
    options = sum(len(s["options"]) for s in fixture_data["scales"])
    assert options == FIXTURE_ROWS[AnswerOption]
    items = sum(len(s["items"]) for s in fixture_data["question_sets"])
    assert items == FIXTURE_ROWS[QuestionSetItem]


def test_every_reference_in_the_fixture_resolves(fixture_data):
    def codes(key):
        return {row["code"] for row in fixture_data[key]}

    sources, concepts, indicators = codes("sources"), codes("concepts"), codes("indicators")
    scales, questions = codes("scales"), codes("questions")
    relation_kinds = set(ConceptRelation.Kind.values)
    for concept in fixture_data["concepts"]:
        for definition in concept["definitions"]:
            assert definition["source"] in sources, concept["code"]
        for relation in concept["relations"]:
            assert relation["target"] in concepts - {concept["code"]}, concept["code"]
            assert relation["kind"] in relation_kinds, concept["code"]
    concept_of = {i["code"]: i["concept"] for i in fixture_data["indicators"]}
    assert set(concept_of.values()) <= concepts
    for question in fixture_data["questions"]:
        version = question["version"]
        assert question["concept"] in concepts, question["code"]
        assert concept_of[question["indicator"]] == question["concept"], question["code"]
        assert version["source"] in sources, question["code"]
        if version["answer_type"] == "single":
            assert version["scale"] in scales, question["code"]
        else:
            assert version["scale"] is None, question["code"]
    assert {q["version"]["scale"] for q in fixture_data["questions"]} - {None} == scales
    source_of = {q["code"]: q["version"]["source"] for q in fixture_data["questions"]}
    in_a_set = set()
    for qset in fixture_data["question_sets"]:
        assert qset["items"], qset["code"]
        assert len(set(qset["items"])) == len(qset["items"]), qset["code"]
        assert set(qset["items"]) <= questions, qset["code"]
        assert qset["indicators"] and set(qset["indicators"]) <= indicators, qset["code"]
        # A set never mixes instrument editions.
        assert {source_of[code] for code in qset["items"]} == {qset["source"]}, qset["code"]
        in_a_set.update(qset["items"])
    assert in_a_set == questions


def test_loading_the_fixture_fills_the_database_and_a_second_load_writes_nothing(db, fixture_data):
    first = seeding.load_catalogue(fixture_data)
    assert first["questions_created"] == FIXTURE_SIZE["questions"]
    assert {model: model.objects.count() for model in FIXTURE_ROWS} == FIXTURE_ROWS
    stamps = {
        model: sorted(model.objects.values_list("pk", "updated_at"))
        for model in FIXTURE_ROWS
        if hasattr(model, "updated_at")
    }
    assert stamps

    second = seeding.load_catalogue(fixture_data)

    assert second and {kind: n for kind, n in second.items() if n} == {}
    assert {model: model.objects.count() for model in FIXTURE_ROWS} == FIXTURE_ROWS
    assert {
        model: sorted(model.objects.values_list("pk", "updated_at")) for model in stamps
    } == stamps


def test_fixture_wordings_survive_the_database_and_the_excel_round_trip_byte_for_byte(
    db, fixture_data
):
    expected = {
        q["code"]: tuple(q["version"][field] for field in WORDING_FIELDS)
        for q in fixture_data["questions"]
    }
    intros = {s["code"]: (s["intro_nl"], s["intro_en"]) for s in fixture_data["question_sets"]}
    seeding.load_catalogue(fixture_data)
    stored = {
        v.question.code: tuple(getattr(v, field) for field in WORDING_FIELDS)
        for v in QuestionVersion.objects.select_related("question")
    }
    assert stored == expected
    assert {s.code: (s.intro_nl, s.intro_en) for s in QuestionSet.objects.all()} == intros

    workbook = export_catalogue_workbook()
    sheets = read_workbook(workbook)

    def rows(sheet):
        dataset = sheets[sheet]
        # An empty cell reads back as None; every other text must come back unchanged.
        return [
            {h: ("" if v is None else v) for h, v in zip(dataset.headers, r, strict=True)}
            for r in dataset
        ]

    exported = {r["code"]: tuple(r[c] for c in WORDING_COLUMNS) for r in rows("vragen")}
    assert exported == expected
    assert {r["code"]: (r["inleiding_nl"], r["inleiding_en"]) for r in rows("sets")} == intros

    report = import_catalogue_workbook(workbook)

    assert report.ok, report.all_errors()
    for sheet in report.sheets:
        assert sheet.totals.get("new", 0) == sheet.totals.get("update", 0) == 0, sheet
    assert QuestionVersion.objects.count() == FIXTURE_ROWS[QuestionVersion]
    stored = {
        v.question.code: tuple(getattr(v, field) for field in WORDING_FIELDS)
        for v in QuestionVersion.objects.select_related("question")
    }
    assert stored == expected


def test_the_fixture_rules_are_rows_of_the_workbook_and_reimport_without_a_change(db, fixture_data):
    seeding.load_catalogue(fixture_data)
    workbook = export_catalogue_workbook()
    dataset = read_workbook(workbook)["berekeningen"]
    rows = [dict(zip(dataset.headers, r, strict=True)) for r in dataset]
    exported = {}
    for row in rows:
        exported.setdefault((row["indicator"], row["variant"]), []).append(
            (row["volgorde"], row["vraag"], row["omgepoold"] == "ja")
        )
    assert exported == {
        (r["indicator"], r["variant"]): [
            (n, i["question"], i["reversed"]) for n, i in enumerate(r["items"], start=1)
        ]
        for r in fixture_data["scoring_rules"]
    }
    cohesion = next(r for r in rows if r["indicator"] == "C08-I1")
    assert (cohesion["soort"], cohesion["min_geldig"], cohesion["schaal_tot"]) == (
        "schaalscore",
        4,
        10,
    )
    stamps = sorted(ScoringRule.objects.values_list("pk", "updated_at"))
    items = sorted(ScoringItem.objects.values_list())
    trail = CatalogueChange.objects.count()

    report = import_catalogue_workbook(workbook)

    assert report.ok, report.all_errors()
    [sheet] = [s for s in report.sheets if s.sheet == "berekeningen"]
    assert (sheet.totals["new"], sheet.totals["update"], sheet.totals["skip"]) == (0, 0, 16)
    assert sorted(ScoringRule.objects.values_list("pk", "updated_at")) == stamps
    assert sorted(ScoringItem.objects.values_list()) == items
    assert CatalogueChange.objects.count() == trail


def test_verbatim_is_kept_for_wordings_seen_word_for_word(fixture_data):
    questions = fixture_data["questions"]
    counts = Counter(q["version"]["verification"] for q in questions)
    assert counts == VERIFICATION_COUNTS
    for question in questions:
        version = question["version"]
        note = version["verification_note"]
        assert note, question["code"]  # every wording says how it was checked
        if version["verification"] == Verification.VERBATIM:
            assert re.search(r"Gezien in: https?://\S", note), question["code"]
        status = STATUS_NOTE.match(note)
        if status:
            assert STATUS_VERIFICATION[status.group(1)] == version["verification"], question["code"]
    with_status = [q for q in questions if STATUS_NOTE.match(q["version"]["verification_note"])]
    assert len(with_status) == 116


def test_database_verification_follows_the_fixture(seed, fixture_data):
    seed()
    expected = {
        q["code"] for q in fixture_data["questions"] if q["version"]["verification"] == "verbatim"
    }
    verified = set(
        QuestionVersion.objects.filter(verification=Verification.VERBATIM).values_list(
            "question__code", flat=True
        )
    )
    assert verified == expected


def test_english_only_items_carry_the_source_text_and_a_working_translation(fixture_data):
    english = [
        q for q in fixture_data["questions"] if q["version"]["verification"] == "verbatim_en"
    ]
    assert english
    for question in english:
        version = question["version"]
        assert version["wording_en"] and version["wording_nl"] != version["wording_en"]
        assert "niet gezien" in version["verification_note"]


def test_spanningsschaal_is_two_indivisible_sets_of_the_five_group_pairs(seed):
    seed()
    sets = QuestionSet.objects.with_items().filter(
        code__in=["spanningsamenleving", "spanningbuurt"]
    )
    assert len(sets) == 2
    for qset in sets:
        assert qset.indivisible and qset.order_locked
        assert qset.intro_nl
        versions = [item.question_version for item in qset.items.all()]
        assert [v.wording_nl for v in versions] == GROUP_PAIRS
        for version in versions:
            assert version.verification == Verification.VERBATIM_LABEL
            assert "Niet gezien" in version.verification_note
    society, neighbourhood = sorted(sets, key=lambda s: s.code != "spanningsamenleving")
    assert "samenleving" in society.intro_nl
    assert "buurt" in neighbourhood.intro_nl


def test_registration_indicators_have_no_questions_and_no_sets(seed, fixture_data):
    seed()
    registrations = Indicator.objects.filter(kind=Indicator.Kind.REGISTRATION)
    assert registrations.exists()
    assert not QuestionSet.objects.filter(indicators__in=registrations).exists()
    codes = set(registrations.values_list("code", flat=True))
    assert not [q for q in fixture_data["questions"] if q["indicator"] in codes]


def test_every_indicator_in_the_fixture_records_how_it_is_computed(fixture_data):
    kinds = {Indicator.Kind.SURVEY, Indicator.Kind.COMPOSITE, Indicator.Kind.REGISTRATION}
    indicators = [i for i in fixture_data["indicators"] if i["kind"] in kinds]
    assert {i["kind"] for i in indicators} == kinds
    max_length = Indicator._meta.get_field("computation").max_length
    empty = [i["code"] for i in indicators if not i["computation"].strip()]
    assert empty == []
    assert [i["code"] for i in indicators if len(i["computation"]) > max_length] == []
    registrations = [i for i in indicators if i["kind"] == Indicator.Kind.REGISTRATION]
    assert all("geen enquête" in i["computation"] for i in registrations)


def test_every_code_in_the_fixture_passes_the_code_rule(fixture_data):
    rule = re.compile(CODE_PATTERN)
    codes = (
        [q["code"] for q in fixture_data["questions"]]
        + [s["code"] for s in fixture_data["scales"]]
        + [s["code"] for s in fixture_data["question_sets"]]
    )
    assert len(codes) == len(set(codes))
    assert [code for code in codes if not rule.match(code)] == []


def test_missing_answer_options_are_flagged_outside_the_substantive_range(fixture_data):
    missing = re.compile(r"^(weet (ik )?niet|geen oordeel|niet van toepassing|don't know)", re.I)
    for scale in fixture_data["scales"]:
        substantive = [o["code"] for o in scale["options"] if not o["is_missing"]]
        for option in scale["options"]:
            assert bool(missing.match(option["label_nl"])) == option["is_missing"], scale["code"]
            if option["is_missing"]:
                assert option["code"] > max(substantive)


def test_seed_demo_refuses_demo_accounts_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG staat uit"):
        call_command("seed_demo", stdout=StringIO())
    assert not get_user_model().objects.exists()
    call_command("seed_demo", "--catalogue-only", stdout=StringIO())
    assert Question.objects.exists() and not get_user_model().objects.exists()
    call_command("seed_demo", "--allow-demo-accounts", stdout=StringIO())
    assert get_user_model().objects.filter(username="curator", is_superuser=True).exists()


def test_second_run_resets_demo_passwords_but_keeps_user_changes(seed):
    seed()
    user = get_user_model().objects.get(username="utrecht-redacteur")
    user.email = "nieuw@utrecht.example.org"
    user.set_password("my-own-password")
    user.save()
    questionnaire = Questionnaire.objects.get()
    questionnaire.description = "Eigen toelichting"
    questionnaire.save()
    output = seed()
    user.refresh_from_db()
    assert user.email == "nieuw@utrecht.example.org"
    assert user.check_password("demo-utrecht-2025")
    assert Questionnaire.objects.get().description == "Eigen toelichting"
    assert "demo-curator-2025" in output
    assert user.memberships.get().municipality.code == "GM0344"


def test_changed_fixture_wording_publishes_a_new_version(db, fixture_data):
    seeding.load_catalogue(fixture_data)
    data = copy.deepcopy(fixture_data)
    question = next(q for q in data["questions"] if q["code"] == "c02i1b")
    question["version"]["wording_nl"] += " (herzien)"
    counts = seeding.load_catalogue(data)
    assert counts["versions_created"] == 1
    latest = Question.objects.get(code="c02i1b").latest_version()
    assert latest.number == 2
    assert latest.change_reason == seeding.CHANGE_REASON
    assert QuestionSet.objects.get(code="c02i1").items.filter(question_version=latest).exists()
    assert seeding.load_catalogue(data)["versions_created"] == 0


def test_a_changed_fixture_wording_keeps_the_verification_the_fixture_states(db, fixture_data):
    # The fixture is curated: its verification describes the wording it gives (a new wording
    # from the Excel import or the admin starts as "niet gecontroleerd" instead).
    seeding.load_catalogue(fixture_data)
    data = copy.deepcopy(fixture_data)
    question = next(q for q in data["questions"] if q["code"] == "c02i1b")
    question["version"]["wording_nl"] += " (herzien)"
    seeding.load_catalogue(data)
    latest = Question.objects.get(code="c02i1b").latest_version()
    stated = question["version"]
    assert (latest.number, latest.verification, latest.verification_note) == (
        2,
        stated["verification"],
        stated["verification_note"],
    )
    assert seeding.load_catalogue(data)["versions_reverified"] == 0


def test_verification_change_updates_the_version_in_place(db, fixture_data):
    seeding.load_catalogue(fixture_data)
    data = copy.deepcopy(fixture_data)
    question = next(q for q in data["questions"] if q["code"] == "c10i1a")
    question["version"]["verification"] = Verification.VERBATIM
    counts = seeding.load_catalogue(data)
    assert counts["versions_created"] == 0 and counts["versions_reverified"] == 1
    assert Question.objects.get(code="c10i1a").versions.get().is_verified


def test_options_of_a_scale_in_use_are_never_edited(db, fixture_data):
    seeding.load_catalogue(fixture_data)
    data = copy.deepcopy(fixture_data)
    scale = next(s for s in data["scales"] if s["code"] == "overlast3")
    scale["options"][0]["label_nl"] = "heel veel overlast"
    with pytest.raises(ImmutableError):
        seeding.load_catalogue(data)
    assert Question.objects.get(code="c10i1a").latest_version().answer_options()[0].label_nl == (
        "veel overlast"
    )


@pytest.mark.django_db
def test_the_example_questionnaire_arrives_filled_and_a_rerun_keeps_user_changes():
    call_command("seed_demo", "--allow-demo-accounts", verbosity=0)
    example = Questionnaire.objects.get(title__startswith="Voorbeeld")
    sets = set(example.basket_sets.values_list("question_set__code", flat=True))
    assert sets == {"spanningsamenleving", "c08i1", "c06i1"}
    assert example.items.filter(kind="national").count() == 5 + 5 + 13
    example.items.filter(code="c05i1arel").delete()
    call_command("seed_demo", "--allow-demo-accounts", verbosity=0)
    assert not example.items.filter(code="c05i1arel").exists()
