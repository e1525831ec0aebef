"""The action plan in a real browser: axe-core finds nothing on the plan, an action's page
(with its re-measurement), a form with errors and the panel's summaries; the page reflows
at 320 px. Any Content Security Policy violation fails the test (the ``page`` fixture)."""

from datetime import date

import pytest

from browser.browsing import assert_no_axe_violations, sign_in_as
from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.actions import services


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def plan(transactional_db):
    people = cast(manager_areas=("North",))
    analyst = people["analyst"]
    action = services.create_action(
        by=analyst, action_ref="A-1", title="Fix repairs first time", measure_code="RP02-1",
        summary_for_residents="We are fixing more repairs on the first visit.",
        due_on=date(2025, 9, 30),
    )
    services.agree_action(action=action, by=analyst, agreed_on=date(2025, 4, 1))
    services.add_milestone(action=action, by=analyst, title="New booking system live")
    services.complete_action(action=action, by=analyst, done_on=date(2025, 6, 30))
    services.create_action(by=analyst, action_ref="A-2", title="Cleaner communal areas",
                           area="North")
    return people


def test_it_has_no_axe_violations_on_the_plan_and_an_action(page, live_server, plan):
    sign_in_as(page, plan["analyst"], base_url=live_server.url)
    page.goto("/actions/")
    assert page.locator("h1").inner_text() == "Action plan"
    assert_no_axe_violations(page)
    page.goto("/actions/A-1/")
    assert page.locator("h1").inner_text() == "Fix repairs first time"
    assert page.get_by_text("Did it work?").count() == 1
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 256})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_it_shows_form_errors_accessibly(page, live_server, plan):
    sign_in_as(page, plan["analyst"], base_url=live_server.url)
    page.goto("/actions/A-2/drop/")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Enter why the action is being dropped").count() >= 1
    assert_no_axe_violations(page)
    page.goto("/actions/new/")
    assert_no_axe_violations(page)


def test_it_has_no_axe_violations_on_the_panels_summaries(page, live_server, plan):
    sign_in_as(page, plan["panel_member"], base_url=live_server.url)
    page.goto("/actions/")
    assert page.get_by_text("first visit").count() == 1
    assert_no_axe_violations(page)
