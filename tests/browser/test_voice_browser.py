"""The comments page in a real browser: axe-core clean, and a correction made inline with
htmx by keyboard alone, within the Content Security Policy."""

from datetime import date

import pytest
from test_web_voice import CARETAKER, FLAGGED_ON, survey_comment

from browser.browsing import assert_no_axe_violations, sign_in_as, wait_for_focus_on
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, person
from doorstep.stock.models import Home
from doorstep.voice.models import CodedComment
from doorstep.voice.services import code_everything


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def caretaker(transactional_db):
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    comment = survey_comment(home, "R1", date(2025, 10, 4), "TP10", CARETAKER)
    survey_comment(home, "R2", date(2025, 10, 2), "TP01", "Damp in the kitchen, call 07700 900123")
    code_everything(today=FLAGGED_ON)
    return CodedComment.objects.get(survey_comment=comment)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PANEL_MEMBER])
def test_it_has_no_axe_violations_on_the_comments_page(page, live_server, caretaker, role):
    sign_in_as(page, person(role), base_url=live_server.url)
    page.goto("/voice/")
    assert page.locator("h1").inner_text() == "What residents said"
    assert_no_axe_violations(page)


def test_it_corrects_a_comment_inline_by_keyboard(page, live_server, caretaker):
    page.set_default_timeout(15000)  # the machine running CI may be busy
    sign_in_as(page, person(Role.ENGAGEMENT_OFFICER), base_url=live_server.url)
    page.goto("/voice/")
    link = page.locator(f"#comment-{caretaker.pk}").get_by_role("link", name="Correct themes")
    link.focus()
    page.keyboard.press("Enter")
    # htmx swaps the form into the list and moves the focus to it.
    page.wait_for_selector(f"#comment-{caretaker.pk} form")
    assert page.url.endswith("/voice/")
    wait_for_focus_on(page, "Correcting the coding of this comment")
    assert_no_axe_violations(page)
    page.locator("input[name=themes][value=staff_respect]").check()
    page.locator("input[name=sentiment][value=neutral]").check()
    page.get_by_role("button", name="Save correction").press("Enter")
    page.wait_for_selector(f"#comment-{caretaker.pk} .comment__saved")
    wait_for_focus_on(page, "✓ Saved your correction of the sentiment and themes")
    caretaker.refresh_from_db()
    assert caretaker.sentiment == "neutral" and caretaker.themes_corrected
    assert_no_axe_violations(page)
