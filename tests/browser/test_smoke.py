import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_chromium_without_axe_violations(page, axe):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Vragencatalogus maatschappelijke onrust"
    assert axe(page) == []
