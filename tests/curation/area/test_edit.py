"""The workbench's forms: happy paths write through services with an audit row; bad
input is a Dutch form error (400), never a 500."""

from django.urls import reverse

from questionsets.models import (
    CatalogueChange,
    Concept,
    Indicator,
    NationalFigure,
    ScoringRule,
    Source,
)

from ... import factories


def formset_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_a_curator_creates_a_source_and_the_log_says_so(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("questionsets:curation-source-new"),
        {
            "code": "scp-cv-2024",
            "instrument": "Continu Onderzoek Burgerperspectieven",
            "year": "2024",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(code="scp-cv-2024")
    change = CatalogueChange.objects.get(model_label="questionsets.source")
    assert change.user == curator and change.object_key == "scp-cv-2024"
    page = client.get(reverse("questionsets:curation-log")).content.decode()
    assert f"{curator.username} maakte bron scp-cv-2024 aan" in page
    response = client.post(
        reverse("questionsets:curation-source-edit", args=[source.code]),
        {"code": "scp-cv-2024", "instrument": "COB", "year": "2025"},
    )
    assert response.status_code == 302
    changed = CatalogueChange.objects.get(model_label="questionsets.source", action="changed")
    assert set(changed.changes) == {"instrument", "year"}


def test_a_bad_source_is_a_dutch_form_error(client, curator):
    client.force_login(curator)
    factories.make_source(code="bestaat")
    response = client.post(
        reverse("questionsets:curation-source-new"),
        {"code": "bestaat", "instrument": "", "year": "twintig", "url": "geen url"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Controleer het formulier" in page
    assert "Dit veld is verplicht." in page
    assert not CatalogueChange.objects.exists()


def test_a_concept_with_a_definition_and_a_relation(client, curator):
    other = factories.make_concept(code="C90", name_nl="Polarisatie")
    client.force_login(curator)
    data = {
        "code": "C91",
        "slug": "wantrouwen",
        "name_nl": "Wantrouwen",
        "domain": Concept.Domain.SOCIAL,
        "framing": Concept.Framing.NEGATIVE,
        "scope": "maatschappelijk",
        **formset_data("definities", [{"position": "1", "text": "Gebrek aan vertrouwen."}]),
        **formset_data("relaties", [{"kind": "kan_leiden_tot", "target": str(other.pk)}]),
    }
    response = client.post(reverse("questionsets:curation-concept-new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    concept = Concept.objects.get(code="C91")
    assert concept.definitions.get().text == "Gebrek aan vertrouwen."
    assert concept.relations_out.get().target == other
    labels = set(CatalogueChange.objects.values_list("model_label", flat=True))
    assert labels == {
        "questionsets.concept",
        "questionsets.definition",
        "questionsets.conceptrelation",
    }
    detail = client.get(reverse("questionsets:curation-concept", args=["C91"])).content.decode()
    assert "Gebrek aan vertrouwen." in detail and "kan leiden tot" in detail
    assert "Polarisatie" in detail


def test_a_concept_cannot_relate_to_itself(client, curator):
    concept = factories.make_concept(code="C92")
    client.force_login(curator)
    data = {
        "code": "C92",
        "slug": concept.slug,
        "name_nl": concept.name_nl,
        "domain": concept.domain,
        "framing": concept.framing,
        "scope": concept.scope,
        **formset_data("definities", []),
        **formset_data("relaties", [{"kind": "kan_leiden_tot", "target": str(concept.pk)}]),
    }
    response = client.post(reverse("questionsets:curation-concept-edit", args=["C92"]), data)
    assert response.status_code == 400
    assert not concept.relations_out.exists()


def test_an_indicator_is_edited(client, curator):
    indicator = factories.make_indicator()
    client.force_login(curator)
    response = client.post(
        reverse("questionsets:curation-indicator-edit", args=[indicator.code]),
        {
            "code": indicator.code,
            "concept": str(indicator.concept.pk),
            "name_nl": "Nieuwe naam",
            "kind": Indicator.Kind.SURVEY,
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name_nl == "Nieuwe naam"
    assert CatalogueChange.objects.filter(model_label="questionsets.indicator").exists()


def rule_data(question, **kw) -> dict:
    data = {
        "variant": "landelijk",
        "kind": "item_percentage",
        "categories": "1|2",
        "min_matches": "1",
        "min_valid": "1",
        "aggregate": "mean",
        **formset_data("vragen", [{"position": "1", "question": str(question.pk), "recode": ""}]),
    }
    data.update(kw)
    return data


def test_a_scoring_rule_is_created_with_its_question(client, curator):
    indicator = factories.make_indicator()
    question = factories.make_question()
    client.force_login(curator)
    url = reverse("questionsets:curation-rule-new", args=[indicator.code])
    response = client.post(url, rule_data(question))
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = ScoringRule.objects.get(indicator=indicator)
    assert rule.categories == [1, 2]
    assert [i.question for i in rule.items.all()] == [question]
    page = client.get(reverse("questionsets:curation-indicator", args=[indicator.code]))
    assert rule.describe() in page.content.decode()


def test_malformed_categories_and_recodes_are_form_errors(client, curator):
    indicator = factories.make_indicator()
    question = factories.make_question()
    client.force_login(curator)
    url = reverse("questionsets:curation-rule-new", args=[indicator.code])
    bad = client.post(url, rule_data(question, categories="een|twee"))
    assert bad.status_code == 400
    assert "Antwoordcodes zijn gehele getallen" in bad.content.decode()
    empty = client.post(url, rule_data(question, categories=""))
    assert "Een percentage heeft antwoordcategorieën nodig." in empty.content.decode()
    for text in ("1=ja", "1=NaN", "1=Infinity", "1=[1]", "1=true", "1"):
        recode = rule_data(question)
        recode["vragen-0-recode"] = text
        response = client.post(url, recode)
        assert response.status_code == 400, text
        assert "Een hercodering is bijv. 1=0|2=1" in response.content.decode(), text
    assert not ScoringRule.objects.exists()


def figure_data(question, source, **kw) -> dict:
    data = {
        "question": str(question.pk),
        "year": "2023",
        "statistic": "percentage",
        "categories": "1|2",
        "value": "41.5",
        "source": str(source.pk),
    }
    data.update(kw)
    return data


def test_a_national_figure_is_created_and_validated_like_the_import(client, curator):
    question = factories.make_question()
    source = factories.make_source()
    client.force_login(curator)
    url = reverse("questionsets:curation-figure-new")
    unknown = client.post(url, figure_data(question, source, categories="1|7"))
    assert unknown.status_code == 400
    assert "antwoordcode 7 komt niet voor in de schaal van de vraag" in unknown.content.decode()
    too_big = client.post(url, figure_data(question, source, value="140"))
    assert "Een percentage ligt tussen 0 en 100." in too_big.content.decode()
    neither = client.post(url, {**figure_data(question, source), "question": ""})
    assert "Kies een vraag of een indicator" in neither.content.decode()
    assert not NationalFigure.objects.exists()
    response = client.post(url, figure_data(question, source))
    assert response.status_code == 302
    figure = NationalFigure.objects.get()
    assert figure.value == 41.5
    change = CatalogueChange.objects.get(model_label="questionsets.nationalfigure")
    assert change.user == curator and change.object_key == f"{question.code} 2023 percentage"
    edit = reverse("questionsets:curation-figure-edit", args=[figure.pk])
    response = client.post(edit, figure_data(question, source, value="42"))
    assert response.status_code == 302
    assert CatalogueChange.objects.filter(action="changed").get().changes["value"] == [41.5, 42.0]


def test_the_workbook_downloads_with_a_date_in_its_name(client, curator, catalogue):
    import io

    import openpyxl
    from django.utils import timezone

    client.force_login(curator)
    response = client.get(reverse("questionsets:curation-workbook-download"))
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert f'filename="catalogus-{today}.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"bronnen", "begrippen", "vragen", "sets", "berekeningen"} <= set(book.sheetnames)
    wordings = [c.value for row in book["vragen"].iter_rows() for c in row]
    assert f"Nieuwe tekst {catalogue['question'].code}" in wordings
    formulas = [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    page = client.get(reverse("questionsets:curation-workbook")).content.decode()
    assert 'href="/curatie/werkmap-importeren/"' in page


def test_a_clash_at_save_time_is_a_dutch_form_error_not_a_500(client, curator, monkeypatch):
    """Two curators creating the same code at once: the database refuses the second."""
    from django.db import IntegrityError

    from questionsets.curation.area import edit

    def clash(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(edit, "save_object", clash)
    monkeypatch.setattr(edit, "save_with_parts", clash)
    client.force_login(curator)
    source = {"code": "scp-2024", "instrument": "COB", "year": "2024"}
    response = client.post(reverse("questionsets:curation-source-new"), source)
    assert response.status_code == 400
    assert "Dit bestaat al of botst met een ander gegeven" in response.content.decode()
    concept = {
        "code": "C900",
        "slug": "begrip-900",
        "name_nl": "Begrip",
        "domain": Concept.Domain.SOCIAL,
        "framing": Concept.Framing.POSITIVE,
        "scope": "maatschappelijk",
        **formset_data("definities", []),
        **formset_data("relaties", []),
    }
    response = client.post(reverse("questionsets:curation-concept-new"), concept)
    assert response.status_code == 400
    assert "Dit bestaat al of botst met een ander gegeven" in response.content.decode()
    assert not Source.objects.exists() and not Concept.objects.exists()
