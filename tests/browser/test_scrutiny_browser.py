"""A scrutiny review in a real browser. A panel member, using the keyboard only, asks for a
review, scopes it, starts gathering, takes an evidence pack, writes findings and a
recommendation; an engagement officer sends it; the service manager answers it (creating
an action); a board member reads the chain. axe-core finds nothing on any page, and the
pages reflow at 320 px (400% zoom of 1280 px). The recommendation is changed before it is
sent; an engagement officer changes a meeting, writes its minutes and reads the residents'
requests page, by keyboard, with axe on each."""

import pytest
from scrutiny_setup import landlord

from browser.browsing import assert_no_axe_violations, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, cast, person
from doorstep.scrutiny import services


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def people(transactional_db):
    landlord()
    people = cast(manager_areas=("South",))
    people["member"] = person(Role.PANEL_MEMBER, username="member", first_name="Pat",
                              last_name="Morgan")
    services.add_member(by=people["engagement_officer"], user=people["member"])
    return people


def tab_to(page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's name (its text, or its label) starts with
    ``name``: what a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = page.evaluate("""() => {
            const e = document.activeElement;
            const label = e.labels && e.labels.length ? e.labels[0].textContent : "";
            return (label || e.textContent || e.value || "").trim().replace(/\\s+/g, " ");
        }""")
        if current.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r} on {page.url}")


def go(page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def fill_by_keyboard(page, label: str, text: str) -> None:
    tab_to(page, label)
    page.keyboard.type(text)


def checked_page(page, heading: str) -> None:
    assert page.locator("h1").inner_text() == heading
    assert_no_axe_violations(page)


def test_it_runs_a_review_from_request_to_answer_by_keyboard(page, live_server, people):
    sign_in_as(page, people["member"], base_url=live_server.url)
    page.goto("/scrutiny/")
    checked_page(page, "Scrutiny panel: reviews")
    tab_to(page, "Ask for a new review")
    go(page)
    page.wait_for_url("**/reviews/new/")
    checked_page(page, "Ask for a review")
    fill_by_keyboard(page, "What should the panel review?", "Overall satisfaction")
    tab_to(page, "Save and continue")
    go(page)
    page.wait_for_url("**/reviews/R-1/scope/")
    checked_page(page, "Scope of the review: Overall satisfaction")
    fill_by_keyboard(page, "What question will the review answer?", "Why is East unhappy?")
    fill_by_keyboard(page, "Which measures?", "TP01")
    tab_to(page, "Show the figures area by area")
    page.keyboard.press("Space")
    tab_to(page, "Save and continue")
    go(page)
    page.wait_for_url("**/reviews/R-1/")
    checked_page(page, "Review R-1: Overall satisfaction")
    tab_to(page, "Start gathering evidence")
    go(page)
    page.wait_for_url("**/reviews/R-1/")
    tab_to(page, "Take an evidence pack now")
    go(page)
    page.wait_for_url("**/packs/*/")
    checked_page(page, "Evidence pack: Overall satisfaction")
    # North (4 residents) and South (which would give North away) are hidden; East shown.
    rows = page.locator("tr").all_inner_texts()
    assert any(r.split("\t")[2:4] == ["North", "Not shown: too few to show safely"]
               for r in rows)
    assert any(r.split("\t")[2:5] == ["East", "40.0%", "15 residents"] for r in rows)
    page.set_viewport_size({"width": 320, "height": 256})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    page.set_viewport_size({"width": 1024, "height": 768})
    tab_to(page, "Back to review R-1")
    go(page)
    page.wait_for_url("**/reviews/R-1/")
    tab_to(page, "Write the findings")
    go(page)
    checked_page(page, "The panel's findings")
    fill_by_keyboard(page, "What did the panel find?", "East is least satisfied.")
    tab_to(page, "Save and continue")
    go(page)
    page.wait_for_url("**/reviews/R-1/")
    tab_to(page, "Add a recommendation")
    go(page)
    checked_page(page, "Add a recommendation")
    fill_by_keyboard(page, "What does the panel recommend?", "Meet East's residents.")
    fill_by_keyboard(page, "Which area is it about?", "South")
    tab_to(page, "Which service manager answers it?")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Add the recommendation")
    go(page)
    page.wait_for_url("**/reviews/R-1/")
    tab_to(page, "Recommendation 1")
    go(page)
    checked_page(page, "Recommendation 1 of review R-1")
    tab_to(page, "Change this recommendation")
    go(page)
    checked_page(page, "Change recommendation 1 of review R-1")
    fill_by_keyboard(page, "What does the panel recommend?", " In person.")
    tab_to(page, "Save")
    go(page)
    checked_page(page, "Recommendation 1 of review R-1")
    assert page.get_by_text("In person.").count() >= 1  # the change is saved
    page.goto("/scrutiny/reviews/R-1/")
    checked_page(page, "Review R-1: Overall satisfaction")
    tab_to(page, "Send the recommendations to the landlord")
    go(page)
    page.wait_for_url("**/reviews/R-1/")
    assert page.get_by_text("Stage: Awaiting the landlord's response").count() == 1
    checked_page(page, "Review R-1: Overall satisfaction")

    page.context.clear_cookies()
    sign_in_as(page, people["service_manager"], base_url=live_server.url)
    page.goto("/scrutiny/responses/")
    checked_page(page, "Scrutiny recommendations to answer")
    page.get_by_role("link", name="Answer review R-1 recommendation 1").click()
    checked_page(page, "Answer recommendation 1 of review R-1")
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Reasons").fill("We will hold a meeting in East.")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url("**/recommendations/*/")
    checked_page(page, "Recommendation 1 of review R-1")

    page.context.clear_cookies()
    sign_in_as(page, people["board_member"], base_url=live_server.url)
    page.goto("/scrutiny/reviews/R-1/")
    checked_page(page, "Review R-1: Overall satisfaction")
    assert page.get_by_text("Stage: Monitoring").count() == 1
    page.get_by_role("link", name="Recommendation 1").click()
    checked_page(page, "Recommendation 1 of review R-1")
    assert page.get_by_text("Action A-1: Proposed").count() == 1
    assert page.get_by_text("We will hold a meeting in East.").count() >= 1


def test_it_has_no_axe_violations_on_the_public_request_form(page, live_server, people):
    page.goto("/ask-for-a-review/")
    checked_page(page, "Ask the scrutiny panel for a review")
    page.get_by_role("button", name="Send the request").click()
    assert page.get_by_text("Enter your name").count() >= 1
    assert_no_axe_violations(page)


def test_it_keeps_a_meeting_its_changes_and_minutes_and_lists_requests_by_keyboard(
        page, live_server, people):
    from datetime import date

    services.plan_meeting(by=people["engagement_officer"], held_on=date(2026, 1, 15),
                          agenda="1. Welcome")
    sign_in_as(page, people["engagement_officer"], base_url=live_server.url)
    page.goto("/scrutiny/meetings/")
    checked_page(page, "The panel's meetings")
    tab_to(page, "Thursday 15 January 2026")
    go(page)
    checked_page(page, "Panel meeting on Thursday 15 January 2026")
    tab_to(page, "Change the date, place or agenda")
    go(page)
    checked_page(page, "Change the meeting and its agenda")
    fill_by_keyboard(page, "Where is it? (optional)", "Community room, Elm Court")
    tab_to(page, "Save")
    go(page)
    checked_page(page, "Panel meeting on Thursday 15 January 2026")
    assert page.get_by_text("Community room, Elm Court").count() >= 1
    tab_to(page, "Write the minutes")
    go(page)
    checked_page(page, "Minutes of the meeting on 15 January 2026")
    fill_by_keyboard(page, "Minutes of the meeting", "The panel agreed its next review.")
    tab_to(page, "Save the minutes")
    go(page)
    checked_page(page, "Panel meeting on Thursday 15 January 2026")
    assert page.get_by_text("The panel agreed its next review.").count() == 1
    page.goto("/scrutiny/requests/")
    checked_page(page, "Residents' requests that did not have enough support")
