"""Staff entry in a real browser: axe-core finds nothing on the household page and on the
answers page (with their errors shown), the answers page reflows at 320 px, and a whole
telephone interview can be entered with the keyboard alone. Any Content Security Policy
violation fails the test (see the ``page`` fixture)."""

from datetime import date

import pytest

from browser.browsing import assert_no_axe_violations, focused, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, person
from doorstep.fieldwork.models import EntryLog
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def fieldwork(transactional_db):
    Home.objects.create(home_ref="H1", tenure="LCRA", area="North")
    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    draw_sample(survey=survey, method="census", seed=1)
    return {"survey": survey, "officer": person(Role.ENGAGEMENT_OFFICER)}


def tab_to(page, element_id: str, *, limit: int = 80) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(limit):
        if focused(page)["id"] == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}; stopped at {focused(page)}")


def test_it_has_no_axe_violations_on_the_entry_pages_with_their_errors(page, live_server,
                                                                       fieldwork):
    survey = fieldwork["survey"]
    sign_in_as(page, fieldwork["officer"], base_url=live_server.url)
    page.goto(f"/fieldwork/surveys/{survey.pk}/enter/")
    assert_no_axe_violations(page)
    page.get_by_label("Home reference or household reference").fill("K7M2-9QX4-B")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error: Which household?")
    summary = page.locator(".error-summary").inner_text()
    assert "K7M2-9QX4-B is not a household reference: a character may be mistyped" in summary
    assert "Select how the answers were given" in summary
    assert_no_axe_violations(page)

    page.goto(f"/fieldwork/surveys/{survey.pk}/enter/H1/telephone/")
    assert page.locator("h1").inner_text().startswith("Enter answers for household ")
    assert_no_axe_violations(page)
    page.get_by_role("group", name="2. Has Demo Housing Association carried out a repair").\
        get_by_label("No", exact=True).check()
    page.get_by_role("group", name="3. How satisfied or dissatisfied are you with the overall").\
        get_by_label("Fairly satisfied").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the answers").click()
    assert "Question 3 is only asked when the answer to question 2 is \u201cYes\u201d" in \
        page.locator(".error-summary").inner_text()
    assert_no_axe_violations(page)
    assert SurveyResponse.objects.count() == 0

    page.set_viewport_size({"width": 320, "height": 256})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_it_takes_a_whole_telephone_interview_from_the_keyboard(page, live_server, fieldwork):
    survey = fieldwork["survey"]
    sign_in_as(page, fieldwork["officer"], base_url=live_server.url)
    page.goto(f"/fieldwork/surveys/{survey.pk}/enter/")

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    tab_to(page, "id_household")
    page.keyboard.type("H1")
    page.keyboard.press("Tab")  # into the channels: the first, Telephone interview
    assert focused(page)["id"] == "id_channel_0"
    page.keyboard.press("Space")
    tab_to(page, "")  # past the radios to the button (which has no id)
    assert focused(page)["text"] == "Continue"
    assert focused(page)["drawn"] is True
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text().startswith("Enter answers for household ")
    # Question 1: the second answer (Fairly satisfied) with the arrow key.
    tab_to(page, "id_q1_0")
    page.keyboard.press("ArrowDown")
    assert focused(page)["id"] == "id_q1_1"
    # Question 2: Yes (the first answer), then question 3: Very satisfied.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_q2_0"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_q3_0"
    page.keyboard.press("Space")
    tab_to(page, "id_notes")
    page.keyboard.type("Resident prefers calls after 5pm")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Save the answers"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Answers saved for household" in page.locator(".notification").inner_text()
    response = SurveyResponse.objects.get()
    assert (response.channel, response.tp01, response.had_repair, response.tp02) == (
        "telephone", 2, "yes", 1)
    assert EntryLog.objects.get().entered_by == fieldwork["officer"]
