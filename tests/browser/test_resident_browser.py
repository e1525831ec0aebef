"""The resident's online survey in a real browser: a resident answering from start to end
with the keyboard alone, in Urdu (right to left); axe-core on every kind of page in every
language; reflow at 320 CSS pixels."""

import pytest
from resident_setup import RENTER_PATH, links, sampled_survey

from browser.browsing import assert_no_axe_violations, focused
from doorstep.resident.models import Invitation
from doorstep.surveys.models import SurveyResponse


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Riverside Homes"


def _tab_to(page, wanted, *, limit=40) -> dict:
    """Press Tab until the focus is on the element ``wanted`` picks (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element wanted; last was {now}")


def _choose(page, name: str, index: int, *, checked: int | None = None) -> None:
    """Tab into a radio group and move to option ``index`` with the arrow keys, as a
    keyboard user does; Space when the first is wanted and none is chosen yet."""
    radio = _tab_to(page, lambda now: now["id"].startswith(f"id_{name}_"))
    assert radio["drawn"], "the focus must be visible on the radio"
    start = checked if checked is not None else 0
    assert radio["id"] == f"id_{name}_{start}"
    if index == start:
        page.keyboard.press("Space")
    for _ in range(index - start):
        page.keyboard.press("ArrowDown")
    assert page.locator(f"#id_{name}_{index}").is_checked()


def _continue(page, label: str) -> None:
    button = _tab_to(page, lambda now: now["tag"] == "button")
    assert button["text"] == label and button["drawn"]
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _option(value: str) -> int:
    return {"yes": 0, "no": 1}.get(value, int(value) - 1 if value.isdigit() else 0)


def test_it_lets_a_resident_answer_in_urdu_with_the_keyboard_alone(page, live_server):
    survey = sampled_survey()
    token = links(survey)["H1"]
    page.goto(f"/s/{token}/")
    assert page.locator("h1").inner_text() == "Tell us what you think"
    # English is chosen to start with; three presses of the down arrow reach Urdu.
    _choose(page, "language", 3, checked=0)
    _continue(page, "Continue")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ur", "rtl"]
    assert page.url.endswith(f"/s/{token}/q/TP01/")
    # Right to left: each radio sits to the right of its label.
    radio = page.locator("#id_answer_0").bounding_box()
    label = page.locator("label[for=id_answer_0]").bounding_box()
    assert radio["x"] > label["x"] + label["width"] - 1
    assert page.locator("h1").inner_text().startswith("ہر چیز کو مدنظر رکھتے ہوئے")

    for code, value in RENTER_PATH:
        assert page.url.endswith(f"/q/{code}/"), f"expected {code}, at {page.url}"
        _choose(page, "answer", _option(value))
        _continue(page, "جاری رکھیں")

    assert page.url.endswith(f"/s/{token}/check/")
    assert page.locator("h1").inner_text() == "بھیجنے سے پہلے اپنے جوابات چیک کریں"
    _continue(page, "اپنے جوابات بھیجیں")
    assert page.url.endswith(f"/s/{token}/done/")
    assert page.locator("h1").inner_text() == "آپ کے جوابات بھیج دیے گئے ہیں"

    response = SurveyResponse.objects.get(survey="TSM 2025/26")
    assert response.channel == "online" and response.home.home_ref == "H1"
    assert [response.tp01, response.tp02, response.tp03, response.tp04, response.tp05,
            response.tp06, response.tp07, response.tp08, response.tp09, response.tp10,
            response.tp11, response.tp12] == [2, 1, 4, 2, 1, 3, 2, 1, None, 5, 3, 2]
    assert (response.had_repair, response.made_complaint, response.has_communal_areas) == (
        "yes", "no", "yes")
    assert Invitation.objects.get().language == "ur"


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["en-gb", "cy", "pl", "ur"])
def test_it_has_no_axe_violations_on_any_survey_page_in_each_language(page, live_server,
                                                                       language):
    survey = sampled_survey()
    token = links(survey)["H1"]
    page.goto(f"/s/{token}/")
    assert_no_axe_violations(page)  # the first page: what the survey is and the language
    page.locator(f"#id_language_{['en-gb', 'cy', 'pl', 'ur'].index(language)}").check()
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert page.evaluate("document.documentElement.lang") == language
    assert_no_axe_violations(page)  # a question
    page.set_viewport_size({"width": 320, "height": 256})
    assert _fits(page), "the question page scrolls sideways at 320 px"
    page.set_viewport_size({"width": 1024, "height": 768})
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)  # the error state

    # Every answer given: check answers, send, the confirmation, then the link used again.
    Invitation.objects.update(answers={code: int(value) if value.isdigit() else value
                                       for code, value in RENTER_PATH})
    page.goto(f"/s/{token}/check/")
    assert page.locator(".summary-list__row").count() == 14
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 256})
    assert _fits(page), "the check answers page scrolls sideways at 320 px"
    page.set_viewport_size({"width": 1024, "height": 768})
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.url.endswith("/done/")
    assert_no_axe_violations(page)
    page.goto(f"/s/{token}/")
    assert_no_axe_violations(page)  # the used link's polite page
    page.goto("/s/abcdefghjkmnpqrstvwxyz0123/")
    assert page.evaluate("document.documentElement.lang") == language
    assert_no_axe_violations(page)  # an unknown link
