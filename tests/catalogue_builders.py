"""Test data for the public catalogue pages: a small hand-made catalogue and a bulk
builder (bulk_create) for query-count tests at 10 and 1,000 questions."""

from __future__ import annotations

from dataclasses import dataclass

from questionsets.models import (
    AnswerType,
    Concept,
    ConceptRelation,
    Definition,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Verification,
)
from tests.factories import (
    make_concept,
    make_indicator,
    make_question,
    make_question_set,
    make_scale,
    make_source,
    make_version,
)

MULTILINE_WORDING = "In hoeverre bent u het eens met:\n  de buurt   is veilig <b>echt</b> & goed?"


@dataclass
class Catalogue:
    onbehagen: Concept
    ongenoegen: Concept
    cohesie: Concept
    onrust: Concept
    published: QuestionSet
    draft: QuestionSet
    retired: QuestionSet


def make_catalogue() -> Catalogue:
    vm = make_source(
        code="vm2023", instrument="Veiligheidsmonitor", edition="2023", publisher="CBS"
    )
    sw = make_source(code="sw2020", instrument="Sociale samenhang en welzijn", edition="2020")
    onbehagen = make_concept(
        code="C02",
        slug="onbehagen",
        name_nl="Maatschappelijk onbehagen",
        name_en="Societal malaise",
        framing=Concept.Framing.NEGATIVE,
    )
    ongenoegen = make_concept(
        code="C03",
        slug="ongenoegen",
        name_nl="Maatschappelijk ongenoegen",
        name_en="Societal grievance",
        domain=Concept.Domain.BOTH,
        framing=Concept.Framing.AMBIVALENT,
    )
    cohesie = make_concept(code="C05", slug="sociale-cohesie", name_nl="Sociale cohesie")
    onrust = make_concept(
        code="C01",
        slug="onrust",
        name_nl="Maatschappelijke onrust",
        domain=Concept.Domain.SAFETY,
        framing=Concept.Framing.NEGATIVE,
    )
    ConceptRelation.objects.create(
        source=onbehagen, target=ongenoegen, kind=ConceptRelation.Kind.CAN_LEAD_TO
    )
    ConceptRelation.objects.create(
        source=ongenoegen, target=onrust, kind=ConceptRelation.Kind.CAN_LEAD_TO
    )
    ConceptRelation.objects.create(
        source=cohesie, target=onrust, kind=ConceptRelation.Kind.PROTECTS_AGAINST
    )
    Definition.objects.create(
        concept=onbehagen,
        position=1,
        source=sw,
        is_verbatim=True,
        text="een houding van bezorgdheid en pessimisme over maatschappelijke ontwikkelingen",
    )
    Definition.objects.create(
        concept=onbehagen,
        position=2,
        source_note="Steenvoorden (2015)",
        text="een gevoel dat de samenleving achteruitgaat",
    )
    indicator = make_indicator(
        concept=onbehagen,
        code="C02-I1",
        name_nl="Richting van het land",
        computation="% verkeerde kant op",
    )
    make_indicator(concept=onbehagen, code="C02-I2", name_nl="Meldingen", kind="registratie")
    scale = make_scale(code="eens4", name="Eens-oneens")
    richting = make_question(
        code="richting",
        concept=onbehagen,
        version_kw={
            "wording_nl": "Gaat het met Nederland de goede of de verkeerde kant op?",
            "source": sw,
            "scale": scale,
            "source_reference": "A12",
        },
    )
    make_version(
        question=richting,
        source=sw,
        scale=scale,
        wording_nl="Gaat het met Nederland in het algemeen de goede of de verkeerde kant op?",
        change_reason="Woorden 'in het algemeen' toegevoegd zoals in de bron",
    )
    buurt = make_question(
        code="buurtveilig",
        concept=onbehagen,
        version_kw={
            "wording_nl": MULTILINE_WORDING,
            "source": vm,
            "scale": scale,
            "instruction_nl": "Eén antwoord.\nLees voor.",
            "verification": Verification.PARAPHRASE,
        },
    )
    leeftijd = make_question(
        code="leeftijd",
        concept=cohesie,
        version_kw={
            "wording_nl": "Wat is uw leeftijd?",
            "answer_type": AnswerType.NUMERIC,
            "source": vm,
        },
    )
    published = make_question_set(
        code="onbehagen1",
        name_nl="Onbehagen kernset",
        name_en="Malaise core set",
        questions=[richting, buurt],
        indicators=[indicator],
        source=sw,
        intro_nl="Nu volgen enkele stellingen.\nGeef per stelling aan…",
        indivisible=True,
        order_locked=True,
    )
    draft = make_question_set(
        code="conceptset",
        name_nl="Geheime conceptset",
        questions=[leeftijd],
        status=QuestionSet.Status.DRAFT,
        indicators=[indicator],
    )
    retired = make_question_set(
        code="oudeset",
        name_nl="Oude onbehagenset",
        questions=[buurt],
        status=QuestionSet.Status.RETIRED,
        indicators=[indicator],
    )
    return Catalogue(onbehagen, ongenoegen, cohesie, onrust, published, draft, retired)


def make_bulk_catalogue(n_questions: int, *, set_size: int = 10) -> QuestionSet:
    """n questions (one version each) in sets of `set_size`, every set serving one
    indicator, plus one set holding all of them. Returns the big set."""
    sources = [make_source(code=f"bulk-src-{i}") for i in range(3)]
    concepts = [make_concept(code=f"B{i:02d}", slug=f"bulk-{i}") for i in range(4)]
    indicators = [make_indicator(concept=c, code=f"{c.code}-I1") for c in concepts]
    ConceptRelation.objects.create(
        source=concepts[0], target=concepts[1], kind=ConceptRelation.Kind.RELATED
    )
    scale = make_scale(code="bulkscale")
    questions = Question.objects.bulk_create(
        Question(code=f"bulk{i}", concept=concepts[i % 4]) for i in range(n_questions)
    )
    versions = QuestionVersion.objects.bulk_create(
        QuestionVersion(
            question=q,
            number=1,
            wording_nl=f"Vraag {i} over vertrouwen in de buurt?",
            wording_en=f"Question {i} about trust?",
            scale=scale,
            source=sources[i % 3],
            verification=Verification.VERBATIM if i % 2 else Verification.PARAPHRASE,
            fingerprint=f"{i:064d}",
        )
        for i, q in enumerate(questions)
    )
    sets = QuestionSet.objects.bulk_create(
        QuestionSet(code=f"bulkset{i}", name_nl=f"Bulkset {i}", status=QuestionSet.Status.PUBLISHED)
        for i in range((n_questions + set_size - 1) // set_size)
    )
    big = make_question_set(code="bulkall", name_nl="Alles", source=sources[0])
    QuestionSetItem.objects.bulk_create(
        [
            QuestionSetItem(
                question_set=sets[i // set_size], position=i % set_size + 1, question_version=v
            )
            for i, v in enumerate(versions)
        ]
        + [
            QuestionSetItem(question_set=big, position=i + 1, question_version=v)
            for i, v in enumerate(versions)
        ]
    )
    through = QuestionSet.indicators.through
    through.objects.bulk_create(
        [
            through(questionset_id=s.pk, indicator_id=indicators[i % 4].pk)
            for i, s in enumerate(sets)
        ]
        + [through(questionset_id=big.pk, indicator_id=indicators[0].pk)]
    )
    return big
