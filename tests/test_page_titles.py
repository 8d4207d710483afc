"""Every page's <title> and <h1>, for every persona.

The GET routes are enumerated from the resolver and filled with objects of a small world;
each persona (anonymous, reader, editor, coordinator, curator) asks for every one. Each full
HTML answer has exactly one short, plain <title> ending in the site name, and exactly one
<h1>. A route that no persona sees as a full page must be listed in NOT_PAGES with the
reason, so a new page cannot slip past. (A template once left its title block open and put
a whole section into <title>.)
"""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import get_resolver, resolve
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from questionsets import models as m
from questionsets.accounts.models import token_digest
from questionsets.shelf import services as shelf_services
from questionsets.shelf.proposals import national_proposal_create
from tests.pages import walk

from . import factories as f
from .basket import add_local, add_set, make_set
from .curation.area.conftest import grow
from .curation.review.helpers import propose_version

pytestmark = pytest.mark.django_db

SITE_NAMES = ("Vragencatalogus", "Vragencatalogus maatschappelijke onrust")
MAX_TITLE = 120
TOKEN = "page-titles-invitation"

# Routes that never answer a full HTML page to a GET, with the reason.
NOT_PAGES = {
    "i18n/setlang/": "POST only: the language switch",
    "accounts/logout/": "POST only",
    "favicon.ico": "an icon",
    "handleiding/voorbeelden/export-<str:fmt>/": "a download",
    "handleiding/voorbeelden/wijken.xlsx": "a download",
    "handleiding/voorbeelden/wijken.csv": "a download",
    "handleiding/voorbeelden/catalogus.xlsx": "a download",
    "begrippen/<slug:slug>/volgen/": "POST only",
    "vragen-aan-collegas/<str:post_id>/reageren/": "htmx fragment / POST",
    "begrippen/<slug:slug>/paneel/": "htmx fragment of the concept map",
    "begrippen/<slug:slug>/samenvatting-<str:language>.pdf": "a download",
    "begrippenkader-<str:language>.pdf": "a download",
    "vragenlijsten/<int:pk>/resultaten/sjabloon.xlsx": "a download",
    "vragenlijsten/<int:pk>/resultaten/vergelijking.xlsx": "a download",
    "vragenlijsten/<int:pk>/resultaten/vergelijking.json": "a download",
    "vragenlijsten/<int:pk>/export/<str:fmt>/": "a download",
    "curatie/voorstellen/<int:pk>/<str:step>/": "POST only",
    "curatie/catalogus/catalogus.xlsx": "a download",
    "curatie/werkmap-importeren/bevestigen/": "POST only",
    "vragenlijsten/set-toevoegen/": "POST only",
    "vragenlijsten/<int:pk>/volgorde/": "POST only",
    "vragenlijsten/<int:pk>/onderdelen/": "POST only",
    "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/verwijderen/": "POST only",
    "vragenlijsten/<int:pk>/sets/<int:set_id>/verwijderen/": "POST only",
    "vragenlijsten/<int:pk>/vragen/<int:item_id>/verwijderen/": "POST only",
    "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/verplaatsen/": "POST only",
    "vragenlijsten/<int:pk>/onderdelen/<int:section_id>/naam/": "POST only",
    "vragenlijsten/<int:pk>/vragen/<int:item_id>/verplaatsen/": "POST only",
    "vragenlijsten/<int:pk>/vragen/<int:item_id>/bijwerken/": "POST only",
    "vragenlijsten/<int:pk>/vragen/<int:item_id>/behouden/": "POST only",
    "vragenlijsten/<int:pk>/sets/<int:set_id>/terugzetten/": "POST only",
    "gemeenten/<str:municipality_code>/team/leden/<int:membership_id>/rol/": "POST only",
    "gemeenten/<str:municipality_code>/team/uitnodigingen/<int:invitation_id>/intrekken/": (
        "POST only"
    ),
    "vragenlijsten/<int:pk>/delen/gemeente/": "POST only",
    "vragenlijsten/<int:pk>/delen/regio/": "POST only",
    "vragenlijsten/<int:pk>/delen/openbaar/": "POST only",
    "gedeelde-vragen/<int:shared_id>/gebruiken/": "POST only",
    "gedeelde-vragen/<int:shared_id>/intrekken/": "POST only",
    "vragenlijsten/<int:pk>/gedeelde-vragen/<int:item_id>/bijwerken/": "POST only",
    "wachtwoord-vergeten/<uidb64>/<token>/": "checked with a real link below",
    "gedeelde-vragen/<int:shared_id>/nationaal-voorstellen/": "POST only",
    "curatie/gemeentevoorstellen/<int:pk>/accepteren/": "POST only",
    "curatie/gemeentevoorstellen/<int:pk>/<str:step>/": "POST only",
}


def site_routes():
    """The site's own routes: Django's admin keeps its own title scheme."""
    return [(r, cb) for r, cb in walk(get_resolver().url_patterns) if not r.startswith("admin/")]


# The object a `code` stands for, by the route's first segments.
CODE_OF = [
    ("gemeenten/", "municipality_code"),
    ("curatie/begrippen/", "concept_code"),
    ("curatie/indicatoren/", "indicator_code"),
    ("indicatoren/", "indicator_code"),
    ("curatie/schalen/", "scale_code"),
    ("curatie/bronnen/", "source_code"),
    ("curatie/sets/", "set_code"),
    ("sets/", "set_code"),
    ("curatie/vragen/", "question_code"),
    ("vragen/", "question_code"),
]
PK_OF = [
    ("curatie/voorstellen/", "proposal"),
    ("curatie/gemeentevoorstellen/", "national_proposal"),
    ("curatie/versies/", "version"),
]
# Only a national question can be adapted.
ITEM_OF = [("vragenlijsten/<int:pk>/vragen/<int:item_id>/aanpassen/", "national_item_id")]


PERSONAS = ["anonymous", "reader", "editor", "coordinator", "curator"]


@pytest.fixture
def personas(editor, colleague, curator, municipality):
    coordinator = f.make_user(municipality=municipality, role=m.Membership.Role.COORDINATOR)
    return {
        "anonymous": None,
        "reader": colleague,
        "editor": editor,
        "coordinator": coordinator,
        "curator": curator,
    }


@pytest.fixture
def world(municipality, curator, personas):
    catalogue = grow(1)
    qset = make_set(2)
    questionnaire = f.make_questionnaire(municipality=municipality, title="Monitor 2025")
    add_set(questionnaire, qset)
    add_local(questionnaire, wording="Lokale vraag?")
    item = questionnaire.items.order_by("pk").last()
    question = qset.items.first().question_version.question
    partner = f.make_municipality(code="GM0307", name="Amersfoort")
    share = m.QuestionnaireShare.objects.create(questionnaire=questionnaire, municipality=partner)
    post = m.Post.objects.create(
        author=personas["coordinator"],
        municipality=municipality,
        concept=catalogue["concept"],
        title="t",
        body="b",
    )
    shared = shelf_services.shared_question_publish(item=item, rationale="r", user=None)
    national_proposal = national_proposal_create(
        shared=shared.shared_question, user=personas["editor"], motivation="m"
    )
    invitation = m.Invitation.objects.create(
        email="i@x.nl",
        municipality=municipality,
        role="reader",
        token_digest=token_digest(TOKEN),
        expires_at=timezone.now() + timedelta(days=7),
    )
    access_request = m.AccessRequest.objects.create(
        name="A", email="a@x.nl", municipality=municipality, role="reader", reason="r"
    )
    indicator = catalogue["indicator"]
    return {
        "pk": questionnaire.pk,
        "proposal": propose_version(question, curator, submit=False).pk,
        "national_proposal": national_proposal.pk,
        "version": question.latest_version().pk,
        "item_id": item.pk,
        "national_item_id": questionnaire.items.order_by("pk").first().pk,
        "section_id": questionnaire.sections.first().pk,
        "set_id": questionnaire.basket_sets.get().pk,
        "share_id": share.pk,
        "shared_id": shared.shared_question_id,
        "post_id": post.pk,
        "slug": catalogue["concept"].slug,
        "municipality_code": municipality.code,
        "concept_code": catalogue["concept"].code,
        "indicator_code": indicator.code,
        "scale_code": question.latest_version().scale.code,
        "source_code": question.latest_version().source.code,
        "set_code": qset.code,
        "question_code": question.code,
        "rule_id": indicator.scoring_rules.get().pk,
        "figure_id": m.NationalFigure.objects.first().pk,
        "membership_id": personas["editor"].memberships.get().pk,
        "invitation_id": invitation.pk,
        "request_id": access_request.pk,
        "token": TOKEN,
    }


def build(route: str, world) -> str:
    def value(name):
        table = {"code": CODE_OF, "pk": PK_OF, "item_id": ITEM_OF}.get(name, [])
        key = next((key for prefix, key in table if route.startswith(prefix)), name)
        return str(world[key])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda g: value(g.group(1)), route)


def page_urls(world) -> dict[str, str]:
    urls = {}
    for route, callback in site_routes():
        if route in NOT_PAGES:
            continue
        url = build(route, world)
        assert resolve(url).func == callback, f"{route} built as {url} resolves elsewhere"
        urls[route] = url
    return urls


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def title_problems(document: str) -> list[str]:
    """What is wrong with the page's <title> and <h1>; empty when all is well."""
    page = _SVG.sub("", document)  # an inline SVG may carry <title>s of its own
    problems = []
    for tag in ("title", "h1"):
        count = len(re.findall(rf"<{tag}[\s>]", page))
        if count != 1:
            problems.append(f"{count} <{tag}> elements")
    match = _TITLE.search(page)
    raw = match.group(1) if match else ""
    text = html.unescape(raw)
    if "<" in text or ">" in text:
        problems.append("markup in <title>")
    if text != " ".join(text.split()):
        problems.append("line breaks or stray spaces in <title>")
    if len(text) >= MAX_TITLE:
        problems.append(f"<title> of {len(text)} characters")
    if not text.endswith(SITE_NAMES):
        problems.append("<title> does not end in the site name")
    return [f"{problem}: {text[:80]!r}" for problem in problems]


def is_document(response) -> bool:
    """A whole HTML page (not a download, a redirect or an htmx fragment)."""
    start = response.content.lstrip()[:15].lower()
    return response["Content-Type"].startswith("text/html") and start == b"<!doctype html>"


def must_show(persona: str, route: str) -> bool:
    """Between them the coordinator and the curator see every page of the site."""
    for_curator = route.startswith("curatie/") or route.endswith("/verbergen/")
    return {"coordinator": not for_curator, "curator": for_curator}.get(persona, False)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_has_one_plain_title_and_one_h1(persona, world, personas):
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    problems, shown = [], set()
    for route, url in page_urls(world).items():
        response = client.get(url)
        assert response.status_code < 500, url
        if not is_document(response):
            continue
        if response.status_code == 200:
            shown.add(route)
        problems += [f"{url}: {problem}" for problem in title_problems(response.text)]
    assert problems == [], "\n".join(problems)
    expected = {route for route in page_urls(world) if must_show(persona, route)}
    assert sorted(expected - shown) == []


def test_the_password_reset_link_page_too(client, editor):
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    response = client.get(f"/wachtwoord-vergeten/{uid}/{token}/", follow=True)
    assert response.status_code == 200 and is_document(response)
    assert title_problems(response.text) == []
    assert "Nieuw wachtwoord kiezen" in response.text


def test_the_check_catches_a_title_block_left_open():
    document = (
        "<!doctype html><html><head><title>Delen · Monitor<section>\n<h2>Gebruikt</h2>"
        "</section> · Vragencatalogus</title></head><body><h1>Delen</h1></body></html>"
    )
    assert title_problems(document) == [
        "markup in <title>: 'Delen · Monitor<section>\\n<h2>Gebruikt</h2></section> · Vragencatalogus'",
        "line breaks or stray spaces in <title>: "
        "'Delen · Monitor<section>\\n<h2>Gebruikt</h2></section> · Vragencatalogus'",
    ]


def test_every_route_listed_as_not_a_page_still_exists():
    routes = {route for route, _ in site_routes()}
    assert sorted(set(NOT_PAGES) - routes) == []


def test_a_confirmation_without_javascript_is_a_whole_page_with_one_h1(
    client, editor, municipality
):
    questionnaire = f.make_questionnaire(municipality=municipality, title="Monitor 2025")
    add_set(questionnaire, make_set(1))
    basket_set = questionnaire.basket_sets.get()
    client.force_login(editor)
    path = f"/vragenlijsten/{questionnaire.pk}/sets/{basket_set.pk}/verwijderen/"
    questionnaire.refresh_from_db()
    response = client.post(path, {"lock_version": questionnaire.lock_version})
    assert response.status_code == 200 and is_document(response)
    assert "Ja, verwijderen" in response.text
    assert title_problems(response.text) == []
