"""Browser tests: Debian's chromium driven by Playwright, axe-core injected from npm.

Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
run while one is active unless told that this is safe (it is: the test thread and the
live server thread are separate and the test only reads/sets up data between steps).
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it.")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    """Run axe-core in the page; return WCAG 2.0/2.1 A+AA violations as readable strings.

    The Content-Security-Policy forbids inline scripts, so axe is served from a
    same-origin URL that Playwright answers itself: the policy stays on in the browser.
    """
    source = AXE_JS.read_text(encoding="utf-8")

    def check(page) -> list[str]:
        page.route(
            "**/__axe__.js",
            lambda route: route.fulfill(body=source, content_type="application/javascript"),
        )
        page.add_script_tag(url="/__axe__.js")
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        return [
            f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]

    return check


@pytest.fixture
def login(page, live_server):
    """Log a user in through the real login form."""

    def do_login(username: str, password: str = "s3cret-pass") -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()

    return do_login
