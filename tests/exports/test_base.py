from questionsets.exports import FORMATS
from questionsets.exports.base import intro_starts, options_text, wording_with_intro
from questionsets.models import fingerprint as model_fingerprint

from .samples import TRUST_INTRO, sample_items, sample_questionnaire


def test_fingerprint_matches_the_catalogue_models():
    for item in sample_items():
        assert item.computed_fingerprint() == model_fingerprint(
            wording=item.wording_nl,
            instruction=item.instruction_nl,
            answer_type=item.answer_type,
            options=[(o.code, o.label_nl) for o in item.options],
        )


def test_sections_keep_order_and_group_consecutive_items():
    q = sample_questionnaire()
    assert [(s.title, len(s.items)) for s in q.sections()] == [
        ("Vertrouwen in instituties", 2),
        ("Leefbaarheid & veiligheid", 4),
        ("Tot slot", 1),
        ("Leefbaarheid & veiligheid", 1),
        ("Lokale vragen", 2),
    ]


def test_scales_are_distinct_in_first_use_order():
    q = sample_questionnaire()
    assert [s.code for s in q.scales()] == ["vertrouwen5", "eens5", "voorzieningen", "janee"]


def test_intro_is_shown_once_where_a_set_starts():
    items = sample_items()
    starts = [(i.code, s) for i, s in intro_starts(items)]
    assert starts[:3] == [("vert1", True), ("vert2", False), ("vei1", False)]
    assert wording_with_intro(items[0], True) == f"{TRUST_INTRO}\n\nDe gemeente"
    assert wording_with_intro(items[1], False) == "De politie"


def test_options_text():
    assert options_text(sample_items()[-2].options) == "1 = Ja; 2 = Nee"


def test_registry_lists_every_format():
    assert list(FORMATS) == ["xlsx", "xlsform", "limesurvey", "spss", "ddi", "csv"]
    for render in FORMATS.values():
        exported = render(sample_questionnaire())
        assert exported.filename.startswith("vragenlijst_utrecht_2025.")
        assert exported.content_type
        assert isinstance(exported.data, bytes) and exported.data
