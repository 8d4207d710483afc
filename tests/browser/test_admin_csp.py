"""The admin's export page works under the Content-Security-Policy: "Alles selecteren"
ticks and unticks every field, and the browser reports no CSP violation."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

VIOLATIONS = """() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation",
    (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
}"""


def test_select_all_on_the_export_page_works_without_csp_violations(page, login):
    factories.make_user(username="curator", is_staff=True, is_superuser=True)
    factories.make_source(code="bron1")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(f"({VIOLATIONS})()")
    login("curator")
    response = page.goto("/admin/questionsets/source/export/")
    assert "script-src" in response.headers["content-security-policy"]
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 3
    toggle = page.get_by_label("Alles selecteren")
    expect(toggle).to_be_checked()
    toggle.uncheck()
    for n in range(fields.count()):
        expect(fields.nth(n)).not_to_be_checked()
    toggle.check()
    for n in range(fields.count()):
        expect(fields.nth(n)).to_be_checked()
    assert page.evaluate("window.__csp") == []
    assert [m for m in console if "Content Security Policy" in m] == []


def _community_post():
    from questionsets.community.models import Post

    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    author = factories.make_user(username="anna", municipality=municipality)
    concept = factories.make_concept(slug="vertrouwen", name_nl="Vertrouwen")
    post = Post.objects.create(
        author=author, municipality=municipality, concept=concept, title="Vraag", body="Tekst"
    )
    Post.objects.create(
        author=author, municipality=municipality, concept=concept, parent=post, body="Reactie"
    )
    return post


def test_the_admin_pages_report_no_csp_violation(page, login):
    factories.make_user(username="curator", is_staff=True, is_superuser=True)
    question = factories.make_question()
    post = _community_post()
    page.add_init_script(f"({VIOLATIONS})()")
    login("curator")
    for url in (
        "/admin/",
        "/admin/questionsets/question/",
        f"/admin/questionsets/question/{question.pk}/change/",
        f"/admin/questionsets/question/{question.pk}/nieuwe-versie/",
        f"/admin/questionsets/question/{question.pk}/history/",
        "/admin/questionsets/question/import/",
        "/admin/questionsets/question/export/",
        "/admin/questionsets/questionset/add/",
        "/admin/questionsets/questionset/",
        "/admin/questionsets/cataloguechange/",
        "/admin/questionsets/post/?hidden=no",
        f"/admin/questionsets/post/{post.pk}/change/",
        "/admin/questionsets/follow/",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__csp") == [], url
