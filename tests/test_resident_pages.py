"""The resident's online survey page by page: one question per page, GOV.UK errors, the
filter logic, the landlord's own questions, save and resume, check answers and sending."""

import re

import pytest
from resident_setup import RENTER_PATH, answer_all, links, sampled_survey

from doorstep.resident.models import Invitation
from doorstep.resident.rendering import household_questions
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.surveys.services import add_own_question
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Riverside Homes"


def _radios(html) -> list[str]:
    return re.findall(r'<label class="radios__label" for="id_answer_\d">([^<]+)</label>',
                      html.decode())


def test_it_starts_with_the_choice_of_language_and_what_the_survey_is(client):
    token = links(sampled_survey())["H1"]
    response = client.get(f"/s/{token}/")
    words = text_of(response.content)
    assert response.status_code == 200
    assert "Tell us what you think" in words
    assert "Which language do you want to use? English Cymraeg Polski اردو Continue" in words
    assert "you can stop and come back to the link in your letter later" in words
    response = client.post(f"/s/{token}/language/", {"language": "en-gb"})
    assert response["Location"] == f"/s/{token}/"
    assert client.get(f"/s/{token}/")["Location"] == f"/s/{token}/q/TP01/"


def test_it_asks_one_question_per_page_as_a_fieldset_with_the_question_as_heading(client):
    token = links(sampled_survey())["H1"]
    html = client.get(f"/s/{token}/q/TP01/").content
    assert re.search(
        rb'<fieldset class="fieldset">\s*<legend class="fieldset__legend fieldset__legend--l">'
        rb'<h1 class="fieldset__heading">Taking everything into account, how satisfied or '
        rb'dissatisfied are you with the service provided by Riverside Homes\?</h1></legend>',
        html)
    # The five answers in the regulator's order; don't know is never offered.
    assert _radios(html) == ["Very satisfied", "Fairly satisfied",
                             "Neither satisfied nor dissatisfied", "Fairly dissatisfied",
                             "Very dissatisfied"]
    assert html.count(b'type="radio"') == 5
    assert "know" not in text_of(html).lower()
    words = text_of(html)
    assert "Back" in words and "Continue" in words
    assert f'href="/s/{token}/language/" class="back-link"' in html.decode()
    # TP08 is the agree scale.
    html = client.get(f"/s/{token}/q/TP08/").content
    assert _radios(html)[0] == "Strongly agree" and len(_radios(html)) == 5


def test_it_shows_an_error_summary_when_no_answer_is_chosen(client):
    token = links(sampled_survey())["H1"]
    response = client.post(f"/s/{token}/q/TP01/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Taking everything into account" in html
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "There is a problem" in summary
    assert '<a href="#id_answer_0">Select how satisfied or dissatisfied you are</a>' in summary
    assert 'aria-describedby="id_answer-error"' in html
    assert 'class="form-group form-group--error"' in html
    assert "Error: Select how satisfied or dissatisfied you are" in text_of(html)
    # A filter question asks for yes or no.
    response = client.post(f"/s/{token}/q/had_repair/", {"answer": "maybe"})
    assert "Select yes or no" in text_of(response.content)
    assert Invitation.objects.get().answers == {}


def test_it_asks_about_repairs_only_after_a_repair_and_forgets_them_when_the_answer_changes(
        client):
    token = links(sampled_survey())["H1"]
    client.post(f"/s/{token}/q/TP01/", {"answer": "1"})
    assert client.post(f"/s/{token}/q/had_repair/", {"answer": "no"})["Location"] == (
        f"/s/{token}/q/TP04/")
    # TP02 is not asked now: going there carries on with the survey.
    assert client.get(f"/s/{token}/q/TP02/")["Location"] == f"/s/{token}/q/TP04/"
    # Changing the answer to yes opens TP02 and TP03.
    assert client.post(f"/s/{token}/q/had_repair/", {"answer": "yes"})["Location"] == (
        f"/s/{token}/q/TP02/")
    client.post(f"/s/{token}/q/TP02/", {"answer": "2"})
    client.post(f"/s/{token}/q/TP03/", {"answer": "3"})
    assert Invitation.objects.get().answers == {"TP01": 1, "had_repair": "yes", "TP02": 2,
                                                "TP03": 3}
    # And back to no: their answers go, as the filter no longer opens them.
    client.post(f"/s/{token}/q/had_repair/", {"answer": "no"})
    assert Invitation.objects.get().answers == {"TP01": 1, "had_repair": "no"}


def test_it_asks_complaints_and_communal_areas_only_after_a_yes(client):
    token = links(sampled_survey())["H1"]
    path = [step for step in RENTER_PATH if step[0] not in ("has_communal_areas", "TP10")]
    path.insert(path.index(("TP11", "3")), ("has_communal_areas", "no"))
    path[path.index(("made_complaint", "no"))] = ("made_complaint", "yes")
    path.insert(path.index(("made_complaint", "yes")) + 1, ("TP09", "4"))
    assert answer_all(client, token, path) == f"/s/{token}/check/"
    answers = Invitation.objects.get().answers
    assert answers["TP09"] == 4 and "TP10" not in answers


def test_it_asks_an_owner_in_a_survey_of_both_tenures_no_repair_questions(client):
    survey = sampled_survey(homes=[("O1", "LCHO")])
    codes = [q.code for q in household_questions(
        survey=survey, home=Home.objects.get(home_ref="O1"), answers={})]
    assert codes == ["TP01", "TP05", "TP06", "TP07", "TP08", "made_complaint",
                     "has_communal_areas", "TP11", "TP12"]
    token = links(survey)["O1"]
    assert client.post(f"/s/{token}/q/TP01/", {"answer": "1"})["Location"] == (
        f"/s/{token}/q/TP05/")


def test_it_puts_the_landlords_own_questions_in_place(client):
    survey = sampled_survey()
    add_own_question(survey=survey, code="EASY", kind="yes_no", placed_after="TP01",
                     wording="Was it easy to contact us?")
    add_own_question(survey=survey, code="WHY01", kind="why", placed_after="TP01",
                     wording="Why do you say that?")
    token = links(survey)["H1"]
    assert client.post(f"/s/{token}/q/TP01/", {"answer": "5"})["Location"] == (
        f"/s/{token}/q/EASY/")
    html = client.get(f"/s/{token}/q/EASY/").content
    assert "Was it easy to contact us?" in text_of(html) and _radios(html) == ["Yes", "No"]
    assert client.post(f"/s/{token}/q/EASY/", {"answer": "no"})["Location"] == (
        f"/s/{token}/q/WHY01/")
    html = client.get(f"/s/{token}/q/WHY01/").content.decode()
    # A text box labelled by the question, which may be left empty.
    assert re.search(r'<h1 class="label-wrapper"><label class="label label--l" '
                     r'for="id_answer">Why do you say that\?</label></h1>', html)
    assert 'aria-describedby="id_answer-hint"' in html
    assert "You do not have to answer this question" in text_of(html)
    too_long = client.post(f"/s/{token}/q/WHY01/", {"answer": "x" * 2001})
    assert "Your answer must be 2,000 characters or fewer" in text_of(too_long.content)
    assert client.post(f"/s/{token}/q/WHY01/", {"answer": "  The lift is broken  "})[
        "Location"] == f"/s/{token}/q/had_repair/"
    answer_all(client, token, RENTER_PATH[1:])
    client.post(f"/s/{token}/check/")
    response = SurveyResponse.objects.get()
    assert response.other_answers == {"EASY": "no"}
    assert list(Comment.objects.values_list("question", "text")) == [("TP01", "The lift is broken")]


def test_it_saves_answers_as_the_resident_goes_and_resumes_in_another_browser(client):
    token = links(sampled_survey())["H1"]
    client.post(f"/s/{token}/language/", {"language": "en-gb"})
    for code, value in RENTER_PATH[:4]:
        client.post(f"/s/{token}/q/{code}/", {"answer": value})
    # Another day, another device: no cookie, no session, the same link.
    later = client.__class__()
    assert later.get(f"/s/{token}/")["Location"] == f"/s/{token}/q/TP04/"
    # The answers so far are shown when the resident goes back.
    html = later.get(f"/s/{token}/q/TP03/").content.decode()
    assert re.search(r'value="4" class="radios__input" id="id_answer_3"[^>]*checked', html)
    assert f'href="/s/{token}/q/TP02/" class="back-link"' in html


def test_it_shows_every_answer_to_check_with_a_link_to_change_it(client):
    token = links(sampled_survey())["H1"]
    assert answer_all(client, token) == f"/s/{token}/check/"
    html = client.get(f"/s/{token}/check/").content.decode()
    words = text_of(html)
    assert "Check your answers before sending them" in words
    assert ("Taking everything into account, how satisfied or dissatisfied are you with the "
            "service provided by Riverside Homes? Fairly satisfied Change your answer to:") in words
    assert ("Has Riverside Homes carried out a repair to your home in the last 12 months? "
            "Yes") in words
    assert "Have you made a complaint to Riverside Homes in the last 12 months? No" in words
    assert words.count("Change your answer to:") == 14  # TP09 was not asked
    assert f'href="/s/{token}/q/TP03/"' in html
    assert "Send your answers" in words
    assert SurveyResponse.objects.count() == 0  # nothing is sent until the resident sends it


def test_it_sends_residents_with_unanswered_questions_back_to_them(client):
    token = links(sampled_survey())["H1"]
    client.post(f"/s/{token}/q/TP01/", {"answer": "1"})
    assert client.get(f"/s/{token}/check/")["Location"] == f"/s/{token}/q/had_repair/"
    assert client.post(f"/s/{token}/check/")["Location"] == f"/s/{token}/q/had_repair/"
    assert SurveyResponse.objects.count() == 0


def test_it_confirms_the_answers_were_sent(client):
    token = links(sampled_survey())["H1"]
    answer_all(client, token)
    # Not sent yet: the confirmation page sends the resident on to check the answers.
    assert client.get(f"/s/{token}/done/")["Location"] == f"/s/{token}/check/"
    response = client.post(f"/s/{token}/check/", follow=True)
    words = text_of(response.content)
    assert response.redirect_chain == [(f"/s/{token}/done/", 302)]
    assert "Your answers have been sent" in words
    assert "Thank you for telling Riverside Homes what you think." in words
