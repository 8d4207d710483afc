"""Questions to colleagues in the browser: post, reply from another municipality, a curator
hides it; axe-core on the panel and the profile page in Dutch and English."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from questionsets.community.models import Post
from questionsets.models import Concept
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Spanningen na een incident"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people():
    factories.make_concept(slug="vertrouwen", name_nl="Vertrouwen", name_en="Trust")
    factories.make_question_set(code="vertrouwenset", name_nl="Vertrouwensset")
    utrecht = factories.make_municipality(code="GM0344", name="Utrecht")
    amsterdam = factories.make_municipality(code="GM0363", name="Amsterdam")
    return {
        "anna": factories.make_user(username="anna", municipality=utrecht),
        "bram": factories.make_user(username="bram", municipality=amsterdam),
        "cura": factories.make_user(username="cura", is_staff=True),
    }


def as_user(page, login, username):
    page.context.clear_cookies()
    login(username)
    expect(page.get_by_role("button", name=re.compile("Uitloggen"))).to_be_visible()
    page.goto("/begrippen/vertrouwen/")
    panel = page.locator("section#collegas")
    expect(panel.get_by_role("heading", name="Vragen aan collega's elders")).to_be_visible()
    return panel


def test_post_reply_and_hide(page, login, people):
    panel = as_user(page, login, "anna")
    expect(panel.get_by_text("Noem geen inwoners of andere personen")).to_be_visible()
    panel.get_by_label("Titel").fill(TITLE)
    panel.get_by_label("Uw vraag of ervaring").fill("Wij zien hier dit verschijnsel.\nElders ook?")
    panel.get_by_role("button", name="Plaatsen").click()
    expect(page.get_by_role("status")).to_be_focused()
    post = page.get_by_role("article", name=TITLE)
    expect(post).to_contain_text("iemand van gemeente Utrecht")

    panel = as_user(page, login, "bram")
    post = panel.get_by_role("article", name=TITLE)
    post.get_by_label("Uw reactie").fill("Ja, in Amsterdam ook. Bel gerust.")
    post.get_by_role("button", name="Reageren").click()
    expect(page.get_by_role("article", name=TITLE)).to_contain_text("iemand van gemeente Amsterdam")
    expect(page.get_by_role("article", name=TITLE)).to_contain_text("Ja, in Amsterdam ook.")

    panel = as_user(page, login, "cura")
    panel.get_by_role("article", name=TITLE).get_by_role(
        "link", name=re.compile(f"^Verbergen \\({TITLE[:20]}")
    ).click()
    expect(page.locator("h1")).to_have_text("Bericht verbergen")
    page.get_by_label("Reden (de auteur ziet deze)").fill("Te herleiden tot een inwoner.")
    page.get_by_role("button", name="Ja, verberg dit bericht").click()
    expect(page).to_have_url(re.compile(r"/begrippen/vertrouwen/#collegas$"))
    hidden = page.get_by_role("article", name=TITLE)
    expect(hidden).to_contain_text("Verborgen voor collega's.")
    expect(hidden).to_contain_text("Te herleiden tot een inwoner.")

    panel = as_user(page, login, "bram")
    expect(panel.get_by_text("Nog geen vragen of ervaringen.")).to_be_visible()
    expect(page.get_by_text(TITLE)).to_have_count(0)

    panel = as_user(page, login, "anna")
    expect(panel.get_by_role("article", name=TITLE)).to_contain_text(
        "Uw bericht is verborgen door een curator."
    )
    assert Post.objects.get(parent=None).hidden_reason == "Te herleiden tot een inwoner."


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_panel_and_the_profile_page_pass_axe(page, axe, login, people, live_server, language):
    post = Post.objects.create(
        author=people["anna"],
        municipality=people["anna"].memberships.get().municipality,
        concept=Concept.objects.get(slug="vertrouwen"),
        title=TITLE,
        body="Tekst\nmet regels",
    )
    Post.objects.create(
        author=people["bram"],
        municipality=people["bram"].memberships.get().municipality,
        concept=post.concept,
        parent=post,
        body="Reactie",
    )
    as_user(page, login, "anna")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/begrippen/vertrouwen/")
    panel = page.locator("section#collegas")
    expect(panel.get_by_role("article")).to_have_count(1)
    expect(panel.locator("button[aria-pressed]")).to_be_visible()
    assert axe(page) == [], "concept page with the panel"
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.querySelector('#collegas').scrollWidth") <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 720})
    panel.locator("button[aria-pressed]").click()
    expect(page.locator("section#collegas button[aria-pressed='true']")).to_be_focused()
    assert axe(page) == [], "panel after following"
    page.goto("/vragen-aan-collegas/profiel/")
    expect(page.locator("h1")).to_be_visible()
    assert axe(page) == [], "profile page"
    page.goto(f"/vragen-aan-collegas/{post.pk}/verwijderen/")
    assert axe(page) == [], "delete confirmation"
    page.context.clear_cookies()
    login("cura")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"/vragen-aan-collegas/{post.pk}/verbergen/")
    expect(page.locator("h1")).to_be_visible()
    assert axe(page) == [], "hide confirmation"
    page.goto("/sets/vertrouwenset/")
    expect(page.locator("section#collegas h2")).to_be_visible()
    assert axe(page) == [], "set page with the panel"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_member_of_two_municipalities_posts_as_the_chosen_one(
    page, axe, login, people, live_server, language
):
    from questionsets.models import Membership, Municipality

    amsterdam = Municipality.objects.get(code="GM0363")
    Membership.objects.create(user=people["anna"], municipality=amsterdam)
    Post.objects.create(
        author=people["bram"],
        municipality=amsterdam,
        concept=Concept.objects.get(slug="vertrouwen"),
        title=TITLE,
        body="Tekst",
    )
    as_user(page, login, "anna")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/begrippen/vertrouwen/")
    panel = page.locator("section#collegas")
    expect(panel.get_by_role("article")).to_have_count(1)
    post_as = {"nl": "Plaatsen namens", "en": "Post as"}[language]
    expect(panel.get_by_label(post_as)).to_have_value(str(amsterdam.pk))
    assert axe(page) == [], "panel with the municipality choice"
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 720})
    panel.get_by_label({"nl": "Titel", "en": "Title"}[language]).fill("Namens Utrecht")
    panel.get_by_label(
        {"nl": "Uw vraag of ervaring", "en": "Your question or experience"}[language]
    ).fill("Tekst")
    panel.get_by_label(post_as).select_option(label="Utrecht")
    panel.get_by_role("button", name={"nl": "Plaatsen", "en": "Post"}[language], exact=True).click()
    post = page.get_by_role("article", name="Namens Utrecht")
    expect(post).to_contain_text("Utrecht")
    assert Post.objects.get(title="Namens Utrecht").municipality.code == "GM0344"
