"""Casework and the annual complaints report in a real browser: axe-core finds nothing on the
case page, a transition form with errors, the queue, the hazard case page and the report;
the forms work from the keyboard; the case page reflows at 320 px. Any Content Security
Policy violation fails the test (see the ``page`` fixture)."""

import re
from datetime import date, datetime

import pytest

from browser.browsing import assert_no_axe_violations, focused, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, cast, person
from doorstep.complaints import services
from doorstep.core.periods import UK
from doorstep.hazards import services as hazard_services
from doorstep.stock.models import Home


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def casework(transactional_db):
    people = cast(manager_areas=("North",))
    alice = people["complaints_handler"]
    alice.first_name, alice.last_name = "Alice", "Archer"
    alice.save()
    person(Role.COMPLAINTS_HANDLER, username="bea", first_name="Bea", last_name="Bell")
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    complaint = services.log_complaint(
        by=alice, home=home, received_on=date(2025, 4, 14), channel="telephone",
        category="repairs", description="The mould came back", stage1_handler=alice)
    services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 15))
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 5, 1),
                               outcome="upheld")
    services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 5, 12))
    hazard = hazard_services.open_hazard_case(
        by=None, kind="damp_mould", aware_at=datetime(2025, 11, 3, 9, tzinfo=UK), home=home)
    return {"people": people, "complaint": complaint, "hazard": hazard}


def test_it_has_no_axe_violations_on_the_case_page_and_reflows_at_320px(
    page, live_server, casework
):
    complaint = casework["complaint"]
    sign_in_as(page, casework["people"]["complaints_handler"], base_url=live_server.url)
    page.goto(f"/complaints/case/{complaint.complaint_ref}/")
    assert page.locator("h1").inner_text() == f"Complaint {complaint.complaint_ref}"
    assert page.get_by_role("cell", name="Overdue", exact=True).count() >= 1
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 320, "height": 256})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_it_shows_the_stage_2_refusal_accessibly_and_works_from_the_keyboard(
    page, live_server, casework
):
    complaint, alice = casework["complaint"], casework["people"]["complaints_handler"]
    sign_in_as(page, alice, base_url=live_server.url)
    page.goto(f"/complaints/case/{complaint.complaint_ref}/stage-2-handler/")
    page.get_by_label("Who will handle it?").select_option(label="Alice Archer")
    page.get_by_role("button", name="Save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Error: Choose the stage 2 handler")
    assert page.locator(".error-summary").inner_text().startswith(
        "There is a problem\nAlice Archer handled stage 1.")
    assert_no_axe_violations(page)

    # The error links to its field; the field then takes a new answer from the keyboard.
    page.locator(".error-summary a").first.click()
    page.get_by_label("Who will handle it?").focus()
    assert focused(page)["drawn"] is True
    page.get_by_label("Who will handle it?").select_option(label="Bea Bell")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Save"
    page.keyboard.press("Enter")
    # (The browser keeps the error link's #fragment across the redirect.)
    page.wait_for_url(re.compile(rf".*/complaints/case/{complaint.complaint_ref}/(#.*)?$"))
    assert page.get_by_text("Stage 2 handler: Bea Bell").is_visible()


def test_it_has_no_axe_violations_on_the_log_form_with_its_radios_and_errors(
    page, live_server, casework
):
    sign_in_as(page, casework["people"]["complaints_handler"], base_url=live_server.url)
    page.goto("/complaints/new/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Log the complaint").click()
    assert page.title().startswith("Error: Log a complaint")
    assert_no_axe_violations(page)
    # Radios are reached and chosen from the keyboard.
    page.get_by_label("Email").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("Email").is_checked()
    assert focused(page)["drawn"] is True


def test_it_has_no_axe_violations_on_the_queue_and_the_hazard_case(page, live_server,
                                                                   casework):
    sign_in_as(page, casework["people"]["administrator"], base_url=live_server.url)
    page.goto("/complaints/")
    assert page.locator("h1").inner_text() == "Complaints"
    assert_no_axe_violations(page)
    page.goto(f"/hazards/case/{casework['hazard'].hazard_ref}/")
    assert page.get_by_role("row", name="Investigate").is_visible()
    assert_no_axe_violations(page)
    page.goto("/")
    assert page.get_by_role("heading", name="Overdue hazards: 1").is_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("role", ["administrator", "panel_member"])
def test_it_has_no_axe_violations_on_the_annual_report(page, live_server, casework, role):
    sign_in_as(page, casework["people"][role], base_url=live_server.url)
    page.goto("/complaints/report/2025-26/")
    assert page.locator("h1").inner_text().startswith(
        "Annual complaints performance and service-improvement report 2025/26")
    assert_no_axe_violations(page)
