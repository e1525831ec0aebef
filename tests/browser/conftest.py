"""Browser tests: Python Playwright driving Debian's Chromium against Django's live server.

Run them like any other test. Without Chromium (``apt-get install chromium``) or the
``playwright`` package they are skipped, saying why, except when the environment variable CI
is set: CI installs Chromium, so there a missing browser fails the run instead of quietly
testing nothing. Never run ``playwright install``: Playwright drives the system's Chromium.

Helpers for tests (see docs/web.md):

* ``page``: a fresh browser tab on the live server; at the end of the test it fails if any
  page broke the Content Security Policy.
And in ``browser.browsing`` (``from browser.browsing import ...``):

* ``sign_in_as(page, user)``: a signed-in session without typing (use the form when the
  form is what is being tested).
* ``assert_no_axe_violations(page)``: axe-core's WCAG 2.2 A/AA and best-practice rules.
"""

import os
from pathlib import Path

import pytest

from browser.browsing import AXE_SOURCE, AXE_URL

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

def _why_no_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module at a time.

    Playwright's sync API keeps an asyncio loop running in this thread while it is open, and
    Django refuses database calls from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
    So Playwright stays open for one module only, and the variable is set for that module
    only: the other tests keep Django's protection, and the deployment check run by
    tests/test_settings.py never sees the variable.
    """
    problem = _why_no_browser()
    if problem and os.environ.get("CI"):
        pytest.fail(f"Browser tests cannot run in CI: {problem}")
    if problem:
        pytest.skip(f"Browser tests skipped: {problem}")
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024,
                                                                      "height": 768})
    tab = context.new_page()
    tab.set_default_timeout(5000)
    refused = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    # axe-core is served as if from Doorstep itself, so the page's own strict policy
    # (script-src 'self') lets it run: nothing about the page is relaxed for the test.
    tab.route(f"**{AXE_URL}", lambda route: route.fulfill(
        body=AXE_SOURCE, content_type="application/javascript"))
    yield tab
    context.close()
    assert refused == [], f"The page broke the Content Security Policy: {refused}"
