"""The year at a glance and a measure page in a real browser: axe-core finds no WCAG 2.2
A/AA problem, the pickers work with the keyboard alone, nothing breaks the security policy
(the ``page`` fixture fails on any violation) and the pages reflow at 400% zoom."""

import pytest
from django.core.cache import cache
from test_dashboard_year import landlord

from browser.browsing import assert_no_axe_violations, focused, sign_in_as
from doorstep.accounts.testing import cast
from doorstep.core.periods import ReportingYear
from doorstep.measures.targets import measure_page, year_at_a_glance


@pytest.fixture
def people(transactional_db):
    cache.clear()
    landlord()
    people = cast(manager_areas=("North",))
    # The live server shares this process's cache: compute the figures once, here, so each
    # page loads inside the browser's time limit on a busy machine.
    year = ReportingYear(2025)
    for tenure in (None, "LCRA"):
        year_at_a_glance(user=people["analyst"], year=year, tenure=tenure)
    measure_page(user=people["analyst"], code="TP01", year=year, tenure=None, by=None)
    yield people
    cache.clear()


@pytest.mark.parametrize("role", ["analyst", "panel_member"])
def test_it_has_no_axe_violations_on_the_year_at_a_glance(page, people, live_server, role):
    sign_in_as(page, people[role], base_url=live_server.url)
    page.set_default_navigation_timeout(30000)  # the live server's first request loads Django
    page.goto("/measures/?year=2025/26&tenure=LCRA")
    assert page.locator("h1").inner_text() == "Year at a glance"
    assert_no_axe_violations(page)


def test_it_has_no_axe_violations_on_a_measure_page_and_its_target_form(
        page, people, live_server):
    sign_in_as(page, people["analyst"], base_url=live_server.url)
    page.goto("/measures/TP01/?year=2025/26")
    assert page.locator("h1").inner_text() == "Satisfied with the overall service"
    assert page.locator("svg.chart").count() == 3
    assert_no_axe_violations(page)
    page.goto("/measures/targets/2025/TP05/LCRA/")  # no target yet: the value is blank
    page.get_by_role("button", name="Save the target").click()
    page.locator(".error-summary").wait_for()
    assert page.title().startswith("Error: Target for TP05")
    assert_no_axe_violations(page)


def test_it_changes_the_tenure_with_the_keyboard_alone(page, people, live_server):
    sign_in_as(page, people["board_member"], base_url=live_server.url)
    page.goto("/measures/?year=2025/26")
    page.locator("#id_tenure").focus()
    assert focused(page)["drawn"]
    page.keyboard.press("ArrowDown")  # "Every tenure" -> LCRA
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Show these figures"
    page.keyboard.press("Enter")
    page.wait_for_url("**tenure=LCRA**")
    assert "TP01 Satisfied with the overall service" in page.locator("main").inner_text()


def test_it_reflows_at_400_percent_zoom(page, people, live_server):
    sign_in_as(page, people["analyst"], base_url=live_server.url)
    page.set_viewport_size({"width": 320, "height": 256})
    for url in ("/measures/?year=2025/26", "/measures/TP01/?year=2025/26"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), url

