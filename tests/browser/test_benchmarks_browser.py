"""The benchmarks page in a real browser: axe-core clean, the chart's policy kept, zoom."""

import pytest
from django.utils import timezone
from test_web_benchmarks import PEERS, add_peers

from browser.browsing import assert_no_axe_violations, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, person
from doorstep.benchmarks.models import Release


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def analyst(transactional_db):
    release = Release.objects.create(year="2024/25", file_name="hand.xlsx",
                                     imported_at=timezone.now())  # fmt: skip
    add_peers(release, PEERS)
    return person(Role.ANALYST)


def test_it_has_no_axe_violations_on_the_benchmarks_page(page, live_server, analyst):
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto("/benchmarks/?year=2024/25&measure=TP01&tenure=LCRA&own_code=C3&compare_with=F6")
    assert page.locator("h1").inner_text() == "Benchmarks"
    # C3, 65.0%, trails 70, 80 and 90 of the five others: 4th.
    assert page.get_by_text("Yours: 65.0%, ranked 4 of 5").is_visible()
    # Open the disclosures so axe checks the filters and the full table too.
    for summary in page.locator("summary").all():
        summary.click()
    assert_no_axe_violations(page)


def test_it_reflows_the_benchmarks_page_at_320_pixels(page, live_server, analyst):
    sign_in_as(page, analyst, base_url=live_server.url)
    page.set_viewport_size({"width": 320, "height": 256})
    page.goto("/benchmarks/?year=2024/25&measure=TP01&tenure=LCRA&own_code=D4")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_it_shows_errors_accessibly(page, live_server, analyst):
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto("/benchmarks/?year=2024/25&measure=TP02&tenure=LCHO")
    assert page.title().startswith("Error: Benchmarks")
    assert_no_axe_violations(page)
