import copy
import importlib.util
import json
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from questionsets.curation import seeding
from questionsets.models import (
    CODE_PATTERN,
    Concept,
    ConceptRelation,
    ImmutableError,
    Indicator,
    Municipality,
    Question,
    Questionnaire,
    QuestionSet,
    QuestionVersion,
    Verification,
)

ROOT = Path(django_settings.BASE_DIR)
FIXTURE = ROOT / "fixtures" / "catalogue.json"
BUILDER = ROOT / "scripts" / "build_catalogue_fixture.py"
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "domain" / "catalogue-reference.md"
STATUS_TOKEN = re.compile(r"^(VERBATIM(?:-(?:LABEL|EN|3P|VL))?|PARAFRASE|RECONSTRUCTIE)\b")


def _status_token(item: dict) -> str | None:
    match = STATUS_TOKEN.match(str(item.get("status") or ""))
    return match.group(1) if match else None


def _needs_reference():
    # CI lays shared/ beside the checkout; a missing reference is a broken setup, not a skip.
    assert REFERENCE.exists(), f"domain reference not found at {REFERENCE}"


@pytest.fixture(scope="module")
def fixture_data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference_items():
    _needs_reference()
    text = REFERENCE.read_text(encoding="utf-8")
    section6 = text.split("\n## 6.")[1]
    block = re.search(r"```yaml\n(.*?)```", section6, re.S).group(1)
    concepts = yaml.safe_load(block)["concepts"]
    return {
        item["id"]: item
        for concept in concepts
        for indicator in concept.get("indicatoren", [])
        for item in indicator.get("items") or []
    }


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


def test_only_verbatim_reference_items_are_verified(fixture_data, reference_items):
    verified_items = set()
    for question in fixture_data["questions"]:
        item = reference_items[question["reference_item"]]
        token = _status_token(item)
        if question["version"]["verification"] == Verification.VERBATIM:
            assert token == "VERBATIM", question["code"]
            verified_items.add(question["reference_item"])
        else:
            assert question["version"]["verification_note"], question["code"]
    verbatim_items = {
        item_id for item_id, item in reference_items.items() if _status_token(item) == "VERBATIM"
    }
    assert verified_items == verbatim_items


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
    _needs_reference()
    seed()
    section3 = REFERENCE.read_text(encoding="utf-8").split("\n## 3.")[1]
    pairs = re.search(r'Groepsparen \(VERBATIM-LABEL, S18\): "([^"]+)"', section3).group(1)
    expected = [p.removeprefix("en ").lower() for p in pairs.split(", ")]
    sets = QuestionSet.objects.with_items().filter(
        code__in=["spanningsamenleving", "spanningbuurt"]
    )
    assert len(sets) == 2
    for qset in sets:
        assert qset.indivisible and qset.order_locked
        assert qset.intro_nl
        versions = [item.question_version for item in qset.items.all()]
        assert [v.wording_nl.lower() for v in versions] == expected
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


def test_committed_fixture_equals_the_builder_output():
    _needs_reference()
    spec = importlib.util.spec_from_file_location("build_catalogue_fixture", BUILDER)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    expected = builder.render(builder.build(REFERENCE))
    assert FIXTURE.read_text(encoding="utf-8") == expected, (
        "fixtures/catalogue.json is outdated or hand-edited; "
        "run .venv/bin/python scripts/build_catalogue_fixture.py"
    )


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
