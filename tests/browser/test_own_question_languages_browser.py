"""The landlord's own questions in a real browser: axe-core finds nothing on a Welsh page
that shows an untranslated (English) question of the landlord's, nor on the analyst's forms
for the question and its translations, with and without errors."""

import pytest
from resident_setup import links, sampled_survey

from browser.browsing import assert_no_axe_violations, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, person
from doorstep.resident.models import Invitation
from doorstep.surveys.services import add_own_question


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Riverside Homes"
    settings.PASSWORD_HASHERS = FAST_HASHERS


def test_it_has_no_axe_violations_on_a_welsh_page_with_an_untranslated_question(
        page, live_server):
    survey = sampled_survey()
    add_own_question(survey=survey, code="CONTACT", kind="choice", placed_after="start",
                     wording="How did you last get in touch with us?",
                     choices=["By phone", "By email", "In person"])
    token = links(survey)["H1"]
    page.goto(f"/s/{token}/")
    page.locator("#id_language_1").check()  # Cymraeg
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert page.url.endswith(f"/s/{token}/q/CONTACT/")
    assert page.evaluate("document.documentElement.lang") == "cy"
    heading = page.locator("h1")
    assert heading.inner_text() == "How did you last get in touch with us?"
    assert heading.get_attribute("lang") == "en"
    assert page.locator("label[lang=en]").all_inner_texts() == [
        "By phone", "By email", "In person"]
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.locator("button[type=submit]").click()  # no answer: the error state
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)

    Invitation.objects.update(answers={
        "CONTACT": "By phone", "TP01": 1, "had_repair": "no", "TP04": 1, "TP05": 1,
        "TP06": 1, "TP07": 1, "TP08": 1, "made_complaint": "no", "has_communal_areas": "no",
        "TP11": 1, "TP12": 1})
    page.goto(f"/s/{token}/check/")
    assert page.locator("dt[lang=en]").inner_text() == "How did you last get in touch with us?"
    assert_no_axe_violations(page)


def test_it_has_no_axe_violations_on_the_analysts_question_and_translation_forms(
        page, live_server):
    survey = sampled_survey()
    sign_in_as(page, person(Role.ANALYST), base_url=live_server.url)
    page.goto(f"/surveys/{survey.pk}/questions/new/")
    assert page.locator("#id_wording_ur").get_attribute("dir") == "rtl"
    assert_no_axe_violations(page)

    page.fill("#id_code", "CONTACT")
    page.locator("input[name=kind][value=choice]").check()
    page.fill("#id_wording", "How did you last get in touch with us?")
    page.fill("#id_choices", "By phone\nBy email\nIn person")
    page.select_option("#id_placed_after", "start")
    page.fill("#id_wording_cy", "Sut wnaethoch chi gysylltu â ni ddiwethaf?")
    page.fill("#id_choices_cy", "Dros y ffôn\nDrwy e-bost")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the question").click()
    assert page.locator(".error-summary a").inner_text().startswith(
        "Give the Welsh answers one for one with the English answers: 3 answers")
    assert_no_axe_violations(page)

    page.fill("#id_choices_cy", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the question").click()
    assert page.url.endswith(f"/surveys/{survey.pk}/")
    assert_no_axe_violations(page)  # the questions, with the new Languages column

    page.get_by_role("link", name="Translate question CONTACT").click()
    page.wait_for_url(f"**/surveys/{survey.pk}/questions/CONTACT/translations/")
    assert page.locator("h1").inner_text() == "Translate question CONTACT"
    assert page.input_value("#id_wording_cy") == "Sut wnaethoch chi gysylltu â ni ddiwethaf?"
    assert_no_axe_violations(page)
