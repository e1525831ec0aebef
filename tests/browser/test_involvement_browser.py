"""The participants' feedback form in a real browser, in Polish: axe-core on the form, on
its error summary and on the thank-you page; answered with the keyboard; the link works
once."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from browser.browsing import assert_no_axe_violations
from doorstep.involvement import services
from doorstep.involvement.models import Feedback


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Riverside Homes"


def _link() -> str:
    activity = services.create_activity(
        by=None, activity_ref="INV-1", title="Spacer po osiedlu Oak Court", kind="walkabout",
        held_on=date(2025, 6, 1), channel="in_person")
    issued = services.issue_feedback_links(activity=activity, count=1,
                                           expires_at=timezone.now() + timedelta(days=30))
    return issued[0].token


def test_it_takes_feedback_in_polish_accessibly(page, live_server):
    token = _link()
    page.goto(f"/f/{token}/?lang=pl")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator("h1").inner_text() == "Powiedz nam, co myślisz"
    assert page.locator("legend").first.inner_text() == "Czy czułeś(-aś), że Cię wysłuchano?"
    assert_no_axe_violations(page)

    # Sent with nothing chosen: the error summary, in Polish, linked to each question.
    page.get_by_role("button", name="Wyślij moje odpowiedzi").click()
    assert page.locator(".error-summary").is_visible()
    assert "Zaznacz, czy czułeś(-aś), że Cię wysłuchano" in page.locator(
        ".error-summary").inner_text()
    assert_no_axe_violations(page)

    # With the keyboard: the label of each answer chooses it.
    page.get_by_label("Częściowo").check()
    page.locator("#id_changed_1").press("Space")  # "Jeszcze nie"
    page.get_by_label("Może").check()
    page.get_by_role("button", name="Wyślij moje odpowiedzi").press("Enter")
    page.wait_for_selector("text=Dziękujemy")
    assert_no_axe_violations(page)
    feedback = Feedback.objects.get()
    assert (feedback.listened, feedback.changed, feedback.again, feedback.language) == (
        "partly", "not_yet", "maybe", "pl")

    page.goto(f"/f/{token}/?lang=pl")
    assert page.locator("h1").inner_text() == "Ten link nie działa"
    assert_no_axe_violations(page)
