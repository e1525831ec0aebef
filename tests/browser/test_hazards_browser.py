"""Hazard pages in a real browser: axe-core finds nothing on the filtered queue, a case outside
Awaab's Law timescales, the home page's hazards panel and the year's hazard report (for an
administrator and a panel member); the queue's filters work from the keyboard; the queue
reflows at 320 px. Any Content Security Policy violation fails the test."""

from datetime import datetime

import pytest

from browser.browsing import assert_no_axe_violations, sign_in_as
from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.core.periods import UK
from doorstep.hazards import services
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.stock.models import Home


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def hazards(transactional_db):
    load_hazard_list()  # a transactional test before this one emptied the table
    people = cast(manager_areas=("North",))
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    wiring = services.open_hazard_case(by=None, kind="emergency", hazard="electrical",
                                       home=home, aware_at=datetime(2026, 11, 30, 9, tzinfo=UK))
    cold = services.open_hazard_case(by=None, kind="significant", hazard="excess_cold",
                                     home=home, aware_at=datetime(2026, 10, 19, 9, tzinfo=UK))
    return {"people": people, "wiring": wiring, "cold": cold}


def test_it_has_no_axe_violations_on_the_queue_and_filters_from_the_keyboard(
    page, live_server, hazards
):
    sign_in_as(page, hazards["people"]["administrator"], base_url=live_server.url)
    page.goto("/hazards/")
    assert page.locator("h1").inner_text() == "Hazard cases"
    assert_no_axe_violations(page)

    page.get_by_label("Group of hazards").select_option("physiological")
    page.get_by_role("button", name="Show these cases").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/hazards/?*group=physiological*")
    assert page.get_by_role("link", name=hazards["cold"].hazard_ref).is_visible()
    assert page.get_by_role("link", name=hazards["wiring"].hazard_ref).count() == 0
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""Array.from(document.querySelectorAll('body *')).filter(
        e => e.getBoundingClientRect().right > 321 && !e.closest('.table-scroll')).map(
        e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)""")
    assert width <= 320, wide


def test_it_has_no_axe_violations_on_a_case_outside_the_timescales_and_the_home_page(
    page, live_server, hazards
):
    sign_in_as(page, hazards["people"]["service_manager"], base_url=live_server.url)
    page.goto(f"/hazards/case/{hazards['cold'].hazard_ref}/")
    assert page.get_by_text("Outside Awaab's Law timescales.").first.is_visible()
    assert_no_axe_violations(page)
    page.goto("/")
    assert page.get_by_role("heading", name="Overdue hazards: 1").is_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("role", ["administrator", "panel_member"])
def test_it_has_no_axe_violations_on_the_hazard_report(page, live_server, hazards, role):
    sign_in_as(page, hazards["people"][role], base_url=live_server.url)
    page.goto("/hazards/report/")
    page.get_by_label("Which reporting year?").fill("next year")
    page.get_by_role("button", name="Show the report").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Which reporting year?").fill("2026/27")
    page.get_by_role("button", name="Show the report").click()
    assert page.locator("h1").inner_text() == "Hazard report 2026/27"
    assert_no_axe_violations(page)
