"""The guide: every page in Dutch and English, every link on it, every example file."""

import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from questionsets.curation import seeding
from questionsets.exports.build import build_catalogue_reference
from questionsets.exports.conformance import check_workbook
from questionsets.models import Membership, QuestionSet, ResultUpload

from .. import factories

pytestmark = pytest.mark.django_db

GUIDE_PAGES = (
    "guide:index",
    "guide:comparability",
    "guide:files",
    "guide:together",
    "guide:contact",
)
FORMATS = ("xlsx", "xlsform", "limesurvey", "spss", "ddi", "csv")
HREF = re.compile(r'(?:href|src)="([^"]+)"')


@pytest.fixture
def national(db):
    path = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
    seeding.load_catalogue(json.loads(path.read_text()))


@pytest.fixture
def demo_questionnaire(national, municipality, editor):
    """A questionnaire holding the spanningsschaal, as the demo has."""
    from questionsets.questionnaires import services

    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2026, user=editor
    )
    qset = QuestionSet.objects.published().get(code="spanningsamenleving")
    services.questionnaire_add_set(
        questionnaire=questionnaire, question_set=qset, expected_version=questionnaire.lock_version
    )
    return questionnaire


def in_language(client: Client, language: str) -> Client:
    client.cookies["django_language"] = language
    return client


def internal_links(content: str, base: str) -> set[str]:
    links = set()
    for href in HREF.findall(content):
        href = href.replace("&amp;", "&")
        if href.startswith(("mailto:", "#", "http://", "https://")):
            continue
        links.add(urljoin(base, href).split("#")[0])
    return links


def fetch(client: Client, url: str) -> int:
    """The status of a page or download; a static asset must be found by the static finders
    (whitenoise serves them in production; the test client does not serve static files)."""
    if url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL):
        relative = urlsplit(url).path.split("/static/", 1)[1]
        return 200 if finders.find(relative) else 404
    return client.get(url).status_code


def crawl(client: Client) -> dict[str, int]:
    """Every guide page and every internal link and asset on it, once each: url -> status."""
    seen: dict[str, int] = {}
    for name in GUIDE_PAGES:
        url = reverse(name)
        response = client.get(url)
        seen[url] = response.status_code
        for link in internal_links(response.content.decode(), url):
            if link not in seen:
                seen[link] = fetch(client, link)
    return seen


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_link_on_every_guide_page_answers_anonymously(client, national, language):
    statuses = crawl(in_language(client, language))
    assert len(statuses) > 20
    broken = {url: code for url, code in statuses.items() if code >= 400}
    assert broken == {}
    assert any(urlsplit(u).path.startswith("/static/") for u in statuses)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_link_on_every_guide_page_answers_for_an_editor(
    client, demo_questionnaire, editor, language
):
    client.force_login(editor)
    statuses = crawl(in_language(client, language))
    template = reverse("questionsets:results-template", args=[demo_questionnaire.pk])
    assert statuses[template] == 200
    assert {url: code for url, code in statuses.items() if code >= 400} == {}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_guide_pages_are_in_the_chosen_language(client, national, language):
    content = in_language(client, language).get(reverse("guide:index")).content.decode()
    assert f'<html lang="{language}">' in content
    assert ("De route in negen stappen" in content) == (language == "nl")
    assert ("The route in nine steps" in content) == (language == "en")


def test_guide_covers_the_route_with_links_to_where_it_happens(client, national):
    content = client.get(reverse("guide:index")).content.decode()
    for anchor in (
        "vinden",
        "winkelen",
        "bouwen",
        "exporteren",
        "veldwerk",
        "controleren",
        "uploaden",
        "vergelijken",
        "plannen",
    ):
        assert f'id="{anchor}"' in content
    assert 'href="/zoeken/"' in content and 'href="/planner/"' in content
    assert 'href="/vragenlijsten/"' in content


def test_contact_page_shows_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "team@vragen.example"
    content = client.get(reverse("guide:contact")).content.decode()
    assert 'href="mailto:team@vragen.example"' in content


def test_header_and_footer_link_the_guide(client, national):
    content = client.get(reverse("questionsets:home")).content.decode()
    assert content.count(f'href="{reverse("guide:index")}"') >= 2


def test_guide_pages_refuse_posts(client):
    assert client.post(reverse("guide:index")).status_code == 405


def test_unknown_example_is_404(client, national):
    assert client.get(reverse("guide:example-export", args=["pdf"])).status_code == 404


def test_export_examples_need_a_published_set(client, db):
    assert client.get(reverse("guide:example-export", args=["xlsx"])).status_code == 404


def test_guide_files_page_query_count_is_fixed(client, national, editor, django_assert_num_queries):
    client.force_login(editor)
    client.get(reverse("guide:files"))
    with django_assert_num_queries(3):  # session, user, questionnaires
        assert client.get(reverse("guide:files")).status_code == 200


# --------------------------------------------------------------------------- example files


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_example_downloads(client, national, fmt):
    response = client.get(reverse("guide:example-export", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert len(response.content) > 100


@pytest.mark.parametrize("fmt", ["xlsx", "xlsform"])
def test_fieldwork_examples_pass_the_conformance_check(client, national, fmt, tmp_path):
    data = client.get(reverse("guide:example-export", args=[fmt])).content
    report = check_workbook(data, build_catalogue_reference())
    assert {v.verdict for v in report.verdicts if v.verdict != "missing"} == {"identical"}
    path = tmp_path / "voorbeeld.xlsx"
    path.write_bytes(data)
    call_command("check_conformance", str(path))  # exits non-zero on any difference


def test_fieldwork_example_is_accepted_by_the_conformance_upload_of_a_questionnaire(
    client, national, municipality, editor
):
    from questionsets.questionnaires import services

    qset = QuestionSet.objects.published().order_by("code").first()
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Voorbeeld", year=2026, user=editor
    )
    services.questionnaire_add_set(
        questionnaire=questionnaire, question_set=qset, expected_version=questionnaire.lock_version
    )
    data = client.get(reverse("guide:example-export", args=["xlsx"])).content
    client.force_login(editor)
    upload = io.BytesIO(data)
    upload.name = "voorbeeld.xlsx"
    response = client.post(
        reverse("questionsets:questionnaire-conformance", args=[questionnaire.pk]),
        {"file": upload},
    )
    assert response.status_code == 200
    assert response.context["report"].is_conform


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_planner_example_is_accepted_by_the_planner(client, national, editor, ext):
    data = client.get(reverse(f"guide:example-planner-{ext}")).content
    client.force_login(editor)
    upload = io.BytesIO(data)
    upload.name = f"wijken.{ext}"
    response = client.post(
        reverse("questionsets:planner"),
        {"file": upload, "margin": "5", "confidence": "0.95", "response_rate": "30"},
    )
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan is not None
    assert [row.wijk for row in plan.rows] == ["Noord", "Oost", "Zuid", "West"]


def test_catalogue_example_is_accepted_by_the_catalogue_import(client, db, tmp_path):
    data = client.get(reverse("guide:example-catalogue")).content
    path = tmp_path / "catalogus.xlsx"
    path.write_bytes(data)
    call_command("import_catalogue", str(path))  # raises CommandError on any problem
    assert QuestionSet.objects.exists()


def test_results_template_offered_by_the_guide_is_accepted_by_the_upload(
    client, demo_questionnaire, editor
):
    client.force_login(editor)
    files_page = client.get(reverse("guide:files")).content.decode()
    template_url = reverse("questionsets:results-template", args=[demo_questionnaire.pk])
    assert f'href="{template_url}"' in files_page
    workbook = load_workbook(io.BytesIO(client.get(template_url).content))
    data, codes = workbook.worksheets
    header = [c.value for c in data[1]]
    valid = {}
    for column, _question, code, _label, missing in codes.iter_rows(min_row=2, values_only=True):
        if code is not None and missing == "nee":
            valid.setdefault(column, []).append(code)
    for n in range(60):
        data.append(
            [
                valid[c][n % len(valid[c])] if c in valid else ("Noord" if c == "wijk" else 1)
                for c in header
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "resultaten.xlsx"
    response = client.post(
        reverse("questionsets:results-upload", args=[demo_questionnaire.pk]),
        {"kind": "respondents", "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ResultUpload.objects.filter(questionnaire=demo_questionnaire).count() == 1


def test_a_reader_is_offered_the_template_but_not_the_upload(
    client, demo_questionnaire, municipality
):
    reader = factories.make_user(
        username="lezer", municipality=municipality, role=Membership.Role.READER
    )
    client.force_login(reader)
    content = client.get(reverse("guide:files")).content.decode()
    assert reverse("questionsets:results-template", args=[demo_questionnaire.pk]) in content
    assert reverse("questionsets:results-upload", args=[demo_questionnaire.pk]) not in content


@pytest.mark.parametrize(
    ("language", "heading", "words"),
    [
        ("nl", "Samenwerken met andere gemeenten", "Voorstellen voor de nationale catalogus"),
        ("en", "Working with other municipalities", "Propose for the national catalogue"),
    ],
)
def test_the_together_page_explains_sharing_and_proposing(client, db, language, heading, words):
    client.cookies["django_language"] = language
    body = client.get(reverse("guide:together")).content.decode()
    assert f"<h1>{heading}</h1>" in body
    assert words in body
    assert 'aria-current="page"' in body
