"""National reference figures: model rules, the admin Excel import, the demo seed."""

import json
from pathlib import Path

import pytest
import tablib
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from questionsets.curation import demo, seeding
from questionsets.curation.workbook import result_errors
from questionsets.models import NationalFigure, QuestionVersion, Statistic
from questionsets.results import figures
from tests import factories

from .conftest import xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = [
    "vraag",
    "indicator",
    "jaar",
    "statistiek",
    "categorieen",
    "schaal_van",
    "schaal_tot",
    "waarde",
    "n",
    "standaardfout",
    "ci_onder",
    "ci_boven",
    "bron",
    "toelichting",
]


@pytest.fixture
def catalogue():
    scale = factories.make_scale(labels=("heel veel", "tamelijk veel", "weinig", "geen"))
    question = factories.make_question(code="tk", version_kw={"scale": scale})
    indicator = factories.make_indicator(code="C06-I1")
    source = factories.make_source(code="cbs-sw")
    return question, indicator, source


def dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def row(question="tk", indicator="", value=25, categories="1|2", source="cbs-sw", year=2022):
    return [
        question,
        indicator,
        year,
        "percentage",
        categories,
        "",
        "",
        value,
        7500,
        "",
        "",
        "",
        source,
        "",
    ]


def test_question_xor_indicator_is_a_database_constraint(catalogue):
    question, indicator, source = catalogue
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalFigure.objects.create(
            question=question,
            indicator=indicator,
            year=2022,
            statistic=Statistic.MEAN,
            value=6,
            source=source,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalFigure.objects.create(year=2022, statistic=Statistic.MEAN, value=6, source=source)


def test_import_creates_figures_for_questions_and_indicators(catalogue):
    result = figures.NationalFigureResource().import_data(
        dataset(row(), row(question="", indicator="C06-I1", value=50.5)), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert NationalFigure.objects.count() == 2
    figure = NationalFigure.objects.get(question__code="tk")
    assert figure.categories == [1, 2] and figure.value == 25 and figure.n == 7500


def test_import_with_a_bad_row_imports_nothing_and_says_where(catalogue):
    data = dataset(
        row(),
        row(question="onbekend", year=2021),
        row(source="nergens", year=2020),
        row(value=125, year=2019),
        row(categories="1|7", year=2018),
        row(question="tk", indicator="C06-I1", year=2017),
    )
    result = figures.NationalFigureResource().import_data(
        data, dry_run=False, use_transactions=True
    )
    assert NationalFigure.objects.count() == 0
    lines = result_errors("landelijke_cijfers", result)
    assert "blad 'landelijke_cijfers', rij 3, kolom 'vraag': onbekende vraag 'onbekend'" in lines
    assert "blad 'landelijke_cijfers', rij 4, kolom 'bron': onbekende bron 'nergens'" in lines
    assert (
        "blad 'landelijke_cijfers', rij 5, kolom 'waarde': Een percentage ligt tussen 0 en 100."
        in lines
    )
    assert (
        "blad 'landelijke_cijfers', rij 6, kolom 'categorieen': antwoordcode 7 komt niet voor "
        "in de schaal van de vraag" in lines
    )
    assert (
        "blad 'landelijke_cijfers', rij 7, kolom 'vraag': Kies een vraag of een indicator "
        "(precies één van beide)." in lines
    )


def test_admin_import_previews_then_confirms(client, curator, catalogue):
    client.force_login(curator)
    url = reverse("admin:questionsets_nationalfigure_import")
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = xlsx_bytes([HEADERS, row()])
    response = client.post(
        url, {"format": "0", "import_file": SimpleUploadedFile("cijfers.xlsx", data)}
    )
    assert response.status_code == 200
    assert NationalFigure.objects.count() == 0  # dry run: a preview only
    assert "confirm" in response.content.decode().lower()


def test_seed_loads_the_reference_figures_idempotently():
    catalogue = json.loads((Path(settings.BASE_DIR) / "fixtures" / "catalogue.json").read_text())
    seeding.load_catalogue(catalogue)
    figures = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "national_figures.json").read_text()
    )
    assert demo.load_national_figures(figures) == (73, 0)
    assert demo.load_national_figures(figures) == (0, 0)
    # Several years per figure make a trend; each names where it was seen.
    years = NationalFigure.objects.filter(question__code="c06i1tweedekamer")
    assert sorted(years.values_list("year", flat=True)) == [2013, 2016, 2019, 2020, 2021, 2022]
    assert all("Gezien in: http" in f.note for f in NationalFigure.objects.all())
    assert NationalFigure.objects.exclude(ci_low=None).count() == 7
    # A question figure records the version it measured: the catalogue's current one.
    tk = years.get(year=2022)
    assert tk.version_fingerprints == [tk.question.versions.get().fingerprint]
    assert tk.display_value() == "30,4%" and tk.categories == [1, 2]
    # No source showed the exact rule behind an indicator figure, so none carries a rule,
    # but each records its variant and the questions it was about.
    cohesion = NationalFigure.objects.filter(indicator__code="C08-I1")
    assert sorted(cohesion.values_list("year", "value")) == [(2021, 6.4), (2023, 6.4)]
    assert all(f.rule is None and f.rule_signature == "" for f in cohesion)
    tensions = NationalFigure.objects.get(indicator__code="C05-I1")
    assert tensions.variant == "in de samenleving"
    society = QuestionVersion.objects.filter(question__code__startswith="c05i1a")
    assert tensions.version_fingerprints == sorted(v.fingerprint for v in society)


def test_catalogue_pages_show_the_latest_national_figure(client, catalogue):
    question, indicator, source = catalogue
    for year, value in ((2021, 30.0), (2022, 25.0)):
        NationalFigure.objects.create(
            question=question,
            year=year,
            statistic=Statistic.PERCENTAGE,
            categories=[1, 2],
            value=value,
            source=source,
        )
    NationalFigure.objects.create(
        indicator=indicator, year=2021, statistic=Statistic.MEAN, value=6.4, source=source
    )
    factories.make_question_set(code="vertrouwen", questions=[question], indicators=[indicator])
    page = client.get(reverse("questionsets:question-detail", args=["tk"])).content.decode()
    assert "<strong>25,0%</strong>" in page and "30,0%" not in page
    page = client.get(reverse("questionsets:questionset-detail", args=["vertrouwen"]))
    assert "<strong>25,0%</strong>" in page.content.decode()
    assert "<strong>6,4</strong>" in page.content.decode()
    page = client.get(reverse("questionsets:concept-detail", args=[indicator.concept.slug]))
    assert "<strong>6,4</strong>" in page.content.decode()
