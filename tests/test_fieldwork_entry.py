"""Staff entry of survey answers (telephone, paper, face to face, doorstep): the channel
recorded and logged, the paper's household reference and its check character, one response
per household whatever the channel, the filter logic, volunteered don't know with the
interviewer's note, and who may enter answers at all."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstep.accounts.testing import cast
from doorstep.fieldwork import references
from doorstep.fieldwork.models import EntryLog, EntrySource, InterviewerNote
from doorstep.fieldwork.services import FieldworkError, enter_response, household_questions
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, LandlordQuestion, ResponseDeletion, SurveyResponse
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import (
    add_own_question,
    create_survey,
    delete_response,
    record_response,
)
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

ENTERED_ON = date(2025, 10, 6)


@pytest.fixture
def people():
    return cast()


@pytest.fixture
def survey():
    Home.objects.create(home_ref="H1", tenure="LCRA", area="North")
    Home.objects.create(home_ref="H2", tenure="LCHO", area="South")
    Home.objects.create(home_ref="H3", tenure="LCRA", area="South")
    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    draw_sample(survey=survey, method="census", seed=1)
    return survey


def home(ref) -> Home:
    return Home.objects.get(home_ref=ref)


def enter_through_the_pages(client, user, survey, *, household, channel, answers, notes=""):
    """The two pages as a member of staff uses them: which household and how, then answers."""
    client.force_login(user)
    chosen = client.post(f"/fieldwork/surveys/{survey.pk}/enter/",
                         {"household": household, "channel": channel})
    if chosen.status_code != 302:
        return chosen
    return client.post(chosen["Location"], {"completed_on": "06/10/2025", "notes": notes,
                                            **answers})


# The check character --------------------------------------------------------------------


def test_it_works_the_check_character_by_luhn_mod_32():
    # K7M29QX4 as values K=19 7=7 M=20 2=2 9=9 Q=23 X=29 4=4. From the right, every second
    # value doubled (its base-32 digits added): 4->8, X 29, Q 46->1+14=15, 9, 2->4, M 20,
    # 7->14, K 19. Total 118 = 3 x 32 + 22; 32 - 22 = 10, which is A.
    assert references.check_character("K7M29QX4") == "A"
    # 00000001: the 1 doubled is 2; 32 - 2 = 30, which is Y.
    assert references.check_character("00000001") == "Y"


@pytest.mark.parametrize("typed", ["K7M2-9QX4-A", "k7m2 9qx4 a", "K7M29QX4A", "K7M2-9QX4-a"])
def test_it_accepts_a_reference_however_it_is_spaced_or_cased(typed):
    assert references.checked(typed) == "K7M2-9QX4-A"


def test_it_reads_o_as_zero_and_i_or_l_as_one():
    assert references.checked("OOOO-OOOI-Y") == "0000-0001-Y"
    assert references.checked("0000-000L-Y") == "0000-0001-Y"


@pytest.mark.parametrize(("typed", "mistake"), [
    ("K7M2-9QX5-A", "one character wrong (4 typed as 5)"),
    ("K7M2-9XQ4-A", "two neighbours swapped (QX as XQ): the check character would be 4"),
    ("K7M2-9QX4-B", "the check character wrong"),
    ("0000-0001-Z", "the check character wrong"),
])
def test_it_refuses_a_mistyped_reference(typed, mistake):
    with pytest.raises(references.WrongReference, match="a character may be mistyped"):
        references.checked(typed)


def test_it_refuses_a_reference_of_the_wrong_length_or_with_a_u():
    with pytest.raises(references.WrongReference, match="9 letters and numbers"):
        references.checked("K7M2-9QX4")
    with pytest.raises(references.WrongReference, match="9 letters and numbers"):
        references.checked("K7M2-9QU4-A")


def test_it_gives_a_household_another_reference_in_another_survey(survey):
    later = create_survey(name="TSM 2026/27", kind="perception", tenure_scope="combined",
                          year="2026/27", fieldwork_starts=date(2026, 9, 1),
                          fieldwork_ends=date(2026, 11, 30))
    this_year = references.household_reference(survey=survey, home=home("H1"))
    assert references.checked(this_year) == this_year
    assert references.household_reference(survey=later, home=home("H1")) != this_year


# Entering answers through the pages -------------------------------------------------------


@pytest.mark.parametrize(("channel", "label"), [
    ("telephone", "Telephone"),
    ("postal", "Postal"),
    ("face_to_face", "Face to face"),
    ("doorstep", "Doorstep interview"),
])
def test_it_records_and_logs_the_channel_the_answers_came_by(client, people, survey, channel,
                                                             label):
    officer = people["engagement_officer"]
    before = timezone.now()
    saved = enter_through_the_pages(client, officer, survey, household="H1", channel=channel,
                                    answers={"q1": "2", "q2": "no", "q5": "1"})
    assert saved.status_code == 302
    response = SurveyResponse.objects.get(survey="TSM 2025/26")
    assert (response.channel, response.home.home_ref, response.completed_on) == (
        channel, "H1", ENTERED_ON)
    assert response.get_channel_display() == label
    assert (response.tp01, response.had_repair, response.tp02, response.tp04) == (2, "no", None, 1)
    log = EntryLog.objects.get()
    assert (log.response_ref, log.channel, log.source, log.entered_by, log.entered_by_name) == (
        response.response_ref, channel, EntrySource.STAFF, officer, "engagement_officer")
    assert log.entered_at >= before
    # Back to the first page for the next household, the channel kept.
    assert saved["Location"] == f"/fieldwork/surveys/{survey.pk}/enter/?channel={channel}"
    page = text_of(client.get(saved["Location"]).content)
    assert "Answers saved for household" in page


def test_it_finds_the_household_from_the_reference_on_the_paper(client, people, survey):
    printed = references.household_reference(survey=survey, home=home("H3"))
    typed = printed.replace("-", " ").lower()
    saved = enter_through_the_pages(client, people["analyst"], survey, household=typed,
                                    channel="postal", answers={"q1": "4"})
    assert saved.status_code == 302
    assert SurveyResponse.objects.get().home.home_ref == "H3"


def test_it_refuses_a_mistyped_paper_reference_and_records_nothing(client, people, survey):
    printed = references.household_reference(survey=survey, home=home("H3"))
    # The last body character changed to another of the alphabet: always caught.
    body_last = printed[8]
    wrong = printed[:8] + ("0" if body_last != "0" else "1") + printed[9:]
    page = enter_through_the_pages(client, people["analyst"], survey, household=wrong,
                                   channel="postal", answers={"q1": "4"})
    text = text_of(page.content)
    assert page.status_code == 200
    assert "There is a problem" in text
    assert f"{wrong} is not a household reference: a character may be mistyped" in text
    assert SurveyResponse.objects.count() == 0


def test_it_refuses_a_reference_from_another_surveys_paper(client, people, survey):
    later = create_survey(name="TSM 2026/27", kind="perception", tenure_scope="combined",
                          year="2026/27", fieldwork_starts=date(2026, 9, 1),
                          fieldwork_ends=date(2026, 11, 30))
    last_years_paper = references.household_reference(survey=survey, home=home("H1"))
    page = enter_through_the_pages(client, people["analyst"], later, household=last_years_paper,
                                   channel="postal", answers={"q1": "4"})
    assert (f"No household in TSM 2026/27 has the reference {last_years_paper}"
            in text_of(page.content))


def test_it_says_when_the_household_answered_online_and_takes_no_paper(client, people, survey):
    record_response(survey=survey, home=home("H1"), channel="online", answers={"TP01": 1},
                    completed_on=date(2025, 9, 20))
    printed = references.household_reference(survey=survey, home=home("H1"))
    page = enter_through_the_pages(client, people["engagement_officer"], survey,
                                   household=printed, channel="postal", answers={"q1": "5"})
    assert ("This household has already answered TSM 2025/26 (online, 20/09/2025). Each "
            "household answers once" in text_of(page.content))
    # And if the answers page is reached all the same, it says so and saves nothing.
    answers_url = f"/fieldwork/surveys/{survey.pk}/enter/{printed}/postal/"
    again = client.post(answers_url, {"completed_on": "06/10/2025", "q1": "5"})
    assert "has already answered TSM 2025/26 (online" in text_of(again.content)
    assert list(SurveyResponse.objects.values_list("channel", "tp01")) == [("online", 1)]
    assert EntryLog.objects.count() == 0


def test_it_refuses_a_second_staff_entry_for_the_same_household_by_another_channel(survey,
                                                                                    people):
    enter_response(survey=survey, home=home("H3"), channel="telephone", answers={"TP01": 2},
                   completed_on=ENTERED_ON, by=people["analyst"])
    with pytest.raises(FieldworkError, match="already answered TSM 2025/26 \\(telephone"):
        enter_response(survey=survey, home=home("H3"), channel="doorstep",
                       answers={"TP01": 3}, completed_on=ENTERED_ON, by=people["analyst"])
    assert SurveyResponse.objects.count() == 1


def test_it_applies_the_filter_logic_at_staff_entry(client, people, survey):
    # Question 2 is the repair filter; 3 and 4 are TP02 and TP03, asked only after "Yes".
    page = enter_through_the_pages(client, people["analyst"], survey, household="H1",
                                   channel="telephone",
                                   answers={"q1": "2", "q2": "no", "q3": "4"})
    text = text_of(page.content)
    assert page.status_code == 200
    assert ("Question 3 is only asked when the answer to question 2 is \u201cYes\u201d: leave "
            "it blank, or correct question 2") in text
    assert SurveyResponse.objects.count() == 0

    url = f"/fieldwork/surveys/{survey.pk}/enter/H1/telephone/"
    saved = client.post(url, {"completed_on": "06/10/2025", "q1": "2", "q2": "yes", "q3": "4",
                              "q4": "5"})
    assert saved.status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.had_repair, response.tp02, response.tp03) == ("yes", 4, 5)


def test_it_numbers_the_questions_and_routes_no_past_what_the_filter_opens(survey):
    questions = household_questions(survey=survey, home=home("H1"))
    numbered = [(q.number, q.code) for q in questions]
    assert numbered == [
        (1, "TP01"), (2, "had_repair"), (3, "TP02"), (4, "TP03"), (5, "TP04"), (6, "TP05"),
        (7, "TP06"), (8, "TP07"), (9, "TP08"), (10, "made_complaint"), (11, "TP09"),
        (12, "has_communal_areas"), (13, "TP10"), (14, "TP11"), (15, "TP12"),
    ]
    routes = {q.number: q.skip_to["no"] for q in questions if q.skip_to}
    assert routes == {2: 5, 10: 12, 12: 14}
    assert questions[2].opened_by == (2, "Yes")


def test_it_asks_owners_no_repair_questions_at_entry(survey):
    codes = [q.code for q in household_questions(survey=survey, home=home("H2"))]
    assert codes[:3] == ["TP01", "TP05", "TP06"]
    assert not {"had_repair", "TP02", "TP03", "TP04"} & set(codes)


def test_it_records_a_volunteered_dont_know_with_the_interviewers_note(client, people, survey):
    client.force_login(people["analyst"])
    form = text_of(client.get(f"/fieldwork/surveys/{survey.pk}/enter/H1/face_to_face/").content)
    assert "Very dissatisfied or Don't know (only if the resident says it: never read it out)" \
        in form
    saved = client.post(f"/fieldwork/surveys/{survey.pk}/enter/H1/face_to_face/", {
        "completed_on": "06/10/2025", "q1": "9", "q2": "dont_know", "q15": "9",
        "notes": "Said she did not know about ASB: no problems where she lives",
    })
    assert saved.status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.tp01, response.had_repair, response.tp12) == (9, "dont_know", 9)
    assert InterviewerNote.objects.get(response=response).text == (
        "Said she did not know about ASB: no problems where she lives")


def test_it_files_a_landlords_why_question_as_a_comment_on_tp01(client, people, survey):
    add_own_question(survey=survey, code="WHY01", kind="why", wording="Why do you say that?",
                     placed_after="TP01")
    client.force_login(people["analyst"])
    saved = client.post(f"/fieldwork/surveys/{survey.pk}/enter/H1/telephone/", {
        "completed_on": "06/10/2025", "q1": "4", "q2": "Repairs take weeks to book",
    })
    assert saved.status_code == 302
    comment = Comment.objects.get()
    assert (comment.question, comment.text) == ("TP01", "Repairs take weeks to book")
    assert LandlordQuestion.objects.count() == 1


def test_it_refuses_an_empty_questionnaire(client, people, survey):
    client.force_login(people["analyst"])
    page = client.post(f"/fieldwork/surveys/{survey.pk}/enter/H1/postal/",
                       {"completed_on": "06/10/2025"})
    assert "Enter at least one answer: a blank questionnaire is not a response" in text_of(
        page.content)
    assert SurveyResponse.objects.count() == 0


def test_it_deletes_the_note_with_the_response_and_keeps_the_log(survey, people):
    response = enter_response(survey=survey, home=home("H1"), channel="telephone",
                              answers={"TP01": 1}, completed_on=ENTERED_ON,
                              by=people["analyst"], notes="Volunteered don't know on TP12")
    delete_response(response=response, by=people["administrator"])
    assert InterviewerNote.objects.count() == 0
    assert ResponseDeletion.objects.get().response_ref == response.response_ref
    assert EntryLog.objects.get().response_ref == response.response_ref


def test_it_refuses_a_home_outside_the_survey(client, people):
    Home.objects.create(home_ref="R1", tenure="LCRA", area="North")
    owners = create_survey(name="Owners 2025/26", kind="perception", tenure_scope="LCHO",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    client.force_login(people["analyst"])
    page = client.post(f"/fieldwork/surveys/{owners.pk}/enter/",
                       {"household": "R1", "channel": "telephone"})
    assert ("Home R1 is not in Owners 2025/26: the survey covers shared owners (LCHO) in stock "
            "on 01/09/2025") in text_of(page.content)


# Who may enter answers ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["administrator", "analyst", "engagement_officer"])
def test_it_opens_fieldwork_to_the_roles_that_enter_answers(client, people, survey, role):
    client.force_login(people[role])
    index = client.get("/fieldwork/")
    text = text_of(index.content)
    assert index.status_code == 200
    assert "TSM 2025/26 1 Sep 2025 to 30 Nov 2025 3 0" in text
    assert inline_code_in(index.content) == []
    assert "Survey fieldwork" in text_of(client.get("/").content)
    for url in (f"/fieldwork/surveys/{survey.pk}/enter/",
                f"/fieldwork/surveys/{survey.pk}/enter/H1/telephone/",
                f"/fieldwork/surveys/{survey.pk}/paper/"):
        page = client.get(url)
        assert page.status_code == 200
        assert inline_code_in(page.content) == []


@pytest.mark.parametrize("role", ["board_member", "panel_member", "complaints_handler",
                                  "service_manager", "no_role"])
def test_it_refuses_fieldwork_to_every_other_role(client, people, survey, role):
    client.force_login(people[role])
    for url in ("/fieldwork/", f"/fieldwork/surveys/{survey.pk}/enter/",
                f"/fieldwork/surveys/{survey.pk}/enter/H1/telephone/",
                f"/fieldwork/surveys/{survey.pk}/paper/?household=H1&language=en"):
        page = client.get(url)
        assert page.status_code == 403, url
        assert "does not include permission to enter residents' survey answers" in text_of(
            page.content)
    refused = client.post(f"/fieldwork/surveys/{survey.pk}/enter/H1/telephone/",
                          {"completed_on": "06/10/2025", "q1": "1"})
    assert refused.status_code == 403
    assert SurveyResponse.objects.count() == 0
    assert "Survey fieldwork" not in text_of(client.get("/").content)


def test_it_answers_404_for_a_survey_or_household_that_does_not_exist(client, people, survey):
    client.force_login(people["analyst"])
    assert client.get("/fieldwork/surveys/999/enter/").status_code == 404
    assert client.get(f"/fieldwork/surveys/{survey.pk}/enter/NOPE/telephone/").status_code == 404
    assert client.get(f"/fieldwork/surveys/{survey.pk}/enter/H1/online/").status_code == 404


def test_it_lists_the_surveys_in_the_same_number_of_queries_however_many(client, people,
                                                                         survey):
    client.force_login(people["analyst"])
    with CaptureQueriesContext(connection) as one_survey:
        client.get("/fieldwork/")
    for year in (2023, 2024):
        create_survey(name=f"TSM {year}/{year % 100 + 1}", kind="perception",
                      tenure_scope="LCRA", year=f"{year}/{year % 100 + 1}",
                      fieldwork_starts=date(year, 9, 1), fieldwork_ends=date(year, 11, 30))
    with CaptureQueriesContext(connection) as three_surveys:
        page = client.get("/fieldwork/")
    assert "TSM 2023/24" in text_of(page.content) and "TSM 2024/25" in text_of(page.content)
    assert len(three_surveys) == len(one_survey)
