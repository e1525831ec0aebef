"""Survey design: the TSM question bank, filter logic, the landlord's own questions, one
response per household, pseudonymous keys, deletion requests and transactional surveys."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.repairs.models import Repair
from doorstep.stock.models import Building, Home
from doorstep.surveys import questions as bank
from doorstep.surveys.models import Comment, ResponseDeletion, SurveyResponse
from doorstep.surveys.services import (
    SurveyError,
    add_own_question,
    create_survey,
    delete_household_response,
    due_transactional,
    household_key,
    question_list,
    questions_to_ask,
    record_response,
)

ALL_YES = {"had_repair": "yes", "made_complaint": "yes", "has_communal_areas": "yes"}


def _survey(name="TSM 2025/26", kind="perception", tenure_scope="combined"):
    return create_survey(
        name=name, kind=kind, tenure_scope=tenure_scope, year="2025/26",
        fieldwork_starts=date(2025, 9, 1), fieldwork_ends=date(2025, 11, 30),
    )


def _home(ref="H1", tenure="LCRA", area="North"):
    return Home.objects.create(home_ref=ref, tenure=tenure, area=area)


def test_it_holds_the_regulators_questions_in_the_regulators_order(settings):
    settings.LANDLORD_NAME = "Riverside Homes"
    block = bank.tsm_block(tenure_scope="LCRA")
    assert [q.code for q in block] == [
        "TP01", "had_repair", "TP02", "TP03", "TP04", "TP05", "TP06", "TP07", "TP08",
        "made_complaint", "TP09", "has_communal_areas", "TP10", "TP11", "TP12",
    ]
    # The regulator's TP01 wording (measures.md), with the landlord's name filled in.
    assert block[0].text == (
        "Taking everything into account, how satisfied or dissatisfied are you with the "
        "service provided by Riverside Homes?"
    )
    assert block[1].text == (
        "Has Riverside Homes carried out a repair to your home in the last 12 months?"
    )
    assert "[landlord]" not in " ".join(q.text for q in block)
    # TP08 is the agree scale, the others the satisfied scale.
    assert [label for _, label in block[8].options][0] == "Strongly agree"
    assert [label for _, label in block[0].options][2] == "Neither satisfied nor dissatisfied"


def test_it_never_offers_dont_know_but_records_it_when_volunteered():
    tp01 = bank.TSM_BY_CODE["TP01"]
    assert 9 not in [code for code, _ in tp01.options]
    assert "Don't know" not in " ".join(label for _, label in tp01.options)
    assert tp01.accepts(9)
    assert bank.TSM_BY_CODE["had_repair"].accepts("dont_know")
    assert not tp01.accepts(6)


def test_it_asks_owners_no_repair_questions():
    codes = [q.code for q in bank.tsm_block(tenure_scope="LCHO")]
    assert "TP02" not in codes and "TP03" not in codes and "TP04" not in codes
    assert "had_repair" not in codes
    assert codes[:2] == ["TP01", "TP05"]


@pytest.mark.django_db
def test_it_applies_the_filter_logic():
    survey = _survey()
    opened = {q.code for q in questions_to_ask(survey=survey, answers=ALL_YES)}
    assert {"TP02", "TP03", "TP09", "TP10"} <= opened
    none = {"had_repair": "no", "made_complaint": "no", "has_communal_areas": "dont_know"}
    closed = {q.code for q in questions_to_ask(survey=survey, answers=none)}
    assert not {"TP02", "TP03", "TP09", "TP10"} & closed
    assert {"TP01", "TP04", "TP05", "TP06", "TP07", "TP08", "TP11", "TP12"} <= closed
    # Only a repair opens TP02/TP03: a complaint alone does not.
    only_complaint = {q.code for q in questions_to_ask(
        survey=survey, answers={"had_repair": "no", "made_complaint": "yes"})}
    assert "TP09" in only_complaint and "TP02" not in only_complaint


@pytest.mark.django_db
def test_it_refuses_an_answer_its_filter_did_not_open():
    survey = _survey()
    home = _home()
    with pytest.raises(SurveyError, match="TP02 is only asked when the answer to"):
        record_response(
            survey=survey, home=home, channel="telephone", completed_on=date(2025, 9, 2),
            answers={"TP01": 1, "had_repair": "no", "TP02": 2},
        )
    with pytest.raises(SurveyError, match="TP10 is only asked"):
        record_response(
            survey=survey, home=home, channel="telephone", completed_on=date(2025, 9, 2),
            answers={"TP01": 1, "TP10": 2},  # filter not answered at all
        )
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_it_records_tsm_and_own_answers_and_files_why_as_a_comment():
    survey = _survey()
    add_own_question(survey=survey, code="WHY01", kind="why",
                     wording="Why do you say that?", placed_after="TP01")
    add_own_question(survey=survey, code="EASY", kind="yes_no",
                     wording="Is it easy to contact us?", placed_after="TP08")
    codes = [q.code for q in question_list(survey=survey)]
    assert codes[:3] == ["TP01", "WHY01", "had_repair"]
    assert codes[codes.index("TP08") + 1] == "EASY"
    response = record_response(
        survey=survey, home=_home(), channel="postal", completed_on=date(2025, 9, 3),
        answers={"TP01": 2, "WHY01": "  The caretaker is great ", "EASY": "yes",
                 "had_repair": "yes", "TP02": 9, "TP03": 4},
    )
    response.refresh_from_db()
    assert (response.tp01, response.tp02, response.tp03, response.had_repair) == (2, 9, 4, "yes")
    assert response.tp04 is None and response.channel == "postal"
    assert response.other_answers == {"EASY": "yes"}
    assert list(Comment.objects.values_list("question", "text")) == [
        ("TP01", "The caretaker is great")
    ]


@pytest.mark.django_db
def test_it_keeps_own_questions_out_of_the_middle_of_the_tsm_block():
    survey = _survey()
    for anchor in ("had_repair", "TP02", "made_complaint", "has_communal_areas"):
        with pytest.raises(SurveyError, match="between a filter question"):
            add_own_question(survey=survey, code="Q1", kind="scale", wording="How?",
                             placed_after=anchor)
    with pytest.raises(SurveyError, match="is the regulator's"):
        add_own_question(survey=survey, code="tp05", kind="scale", wording="Safe?")
    with pytest.raises(SurveyError, match="at least two answers"):
        add_own_question(survey=survey, code="Q2", kind="choice", wording="Pick", choices=["a"])


@pytest.mark.django_db
def test_it_takes_one_response_per_household_per_survey():
    survey, other = _survey(), _survey(name="TSM wave 2")
    home = _home()
    answers = {"TP01": 1}
    record_response(survey=survey, home=home, channel="online", answers=answers,
                    completed_on=date(2025, 9, 4))
    with pytest.raises(SurveyError, match="already answered this survey"):
        record_response(survey=survey, home=home, channel="telephone", answers=answers,
                        completed_on=date(2025, 9, 5))
    # Another survey is another question to the same household.
    record_response(survey=other, home=home, channel="online", answers=answers,
                    completed_on=date(2025, 9, 5))
    assert SurveyResponse.objects.filter(survey=survey.name).count() == 1
    # The database holds the line too, whatever path a response takes in.
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            response_ref="dup", survey=survey.name, home=home, tenure="LCRA",
            completed_on=date(2025, 9, 6), channel="sms", household_key=household_key(home=home),
        )
    # Imported responses carry no key, so the constraint leaves them alone.
    for ref in ("imp-1", "imp-2"):
        SurveyResponse.objects.create(response_ref=ref, survey=survey.name, home=home,
                                      tenure="LCRA", completed_on=date(2025, 9, 7),
                                      channel="postal")


@pytest.mark.django_db
def test_it_refuses_a_home_outside_the_surveys_tenure():
    survey = _survey(tenure_scope="LCRA")
    with pytest.raises(SurveyError, match="covers LCRA homes only"):
        record_response(survey=survey, home=_home(tenure="LCHO"), channel="online",
                        answers={"TP01": 1}, completed_on=date(2025, 9, 4))


@pytest.mark.django_db
def test_it_keys_households_pseudonymously(settings):
    settings.SURVEY_HOUSEHOLD_SECRET = "a-secret-for-the-test"
    one, two = _home("H1"), _home("H2")
    key = household_key(home=one)
    assert key == household_key(home=one) and key != household_key(home=two)
    assert "H1" not in key and len(key) == 32
    settings.SURVEY_HOUSEHOLD_SECRET = "another-secret"
    assert household_key(home=one) != key  # without the secret the key cannot be rebuilt


@pytest.mark.django_db
def test_it_deletes_a_response_on_request_and_logs_it_without_the_answers():
    staff = get_user_model().objects.create_user("analyst", password="x")
    survey = _survey()
    add_own_question(survey=survey, code="WHY01", kind="why", wording="Why?", placed_after="TP01")
    home = _home()
    response = record_response(survey=survey, home=home, channel="online",
                               answers={"TP01": 5, "WHY01": "Nobody listens"},
                               completed_on=date(2025, 9, 4))
    [deletion] = delete_household_response(survey=survey, home=home, by=staff)
    assert not SurveyResponse.objects.exists() and not Comment.objects.exists()
    logged = ResponseDeletion.objects.get()
    assert logged == deletion
    assert (logged.survey, logged.response_ref, logged.deleted_by, logged.deleted_by_name) == (
        "TSM 2025/26", response.response_ref, staff, "analyst")
    assert logged.reason == "The resident asked for it to be deleted"
    kept = {field.name for field in ResponseDeletion._meta.fields}
    assert not kept & {"tp01", "home", "household_key", "text", "other_answers"}
    with pytest.raises(SurveyError, match="no response from H1"):
        delete_household_response(survey=survey, home=home, by=staff)


def _at(day):
    return datetime(2025, 10, day, 12, tzinfo=UTC)


@pytest.mark.django_db
def test_it_lists_who_is_due_a_survey_after_a_repair():
    survey = _survey(name="After repairs", kind="after_repair")
    home, block = _home("H1"), Building.objects.create(building_ref="B1")
    repair = dict(reported_at=_at(1), priority="non_emergency", target_at=_at(20))
    Repair.objects.create(repair_ref="R1", home=home, status="completed", completed_at=_at(5),
                          **repair)
    Repair.objects.create(repair_ref="R2", home=home, status="cancelled", **repair)
    Repair.objects.create(repair_ref="R3", building=block, status="completed",
                          completed_at=_at(6), **repair)  # communal: no household to ask
    Repair.objects.create(repair_ref="R4", home=home, status="completed", completed_at=_at(7),
                          repair_type="planned", **repair)
    Repair.objects.create(repair_ref="R5", home=home, status="completed", completed_at=_at(25),
                          **repair)  # after the window
    due = due_transactional(survey=survey, since=date(2025, 10, 1), until=date(2025, 10, 20))
    assert [(d.trigger_ref, d.home, d.closed_on) for d in due] == [("R1", home, date(2025, 10, 5))]
    record_response(survey=survey, home=home, channel="sms", answers={},
                    completed_on=date(2025, 10, 6), trigger_ref="R1")
    assert due_transactional(survey=survey, since=date(2025, 10, 1),
                             until=date(2025, 10, 20)) == []


@pytest.mark.django_db
def test_it_lists_who_is_due_a_survey_after_a_complaint_or_asb_case():
    complaints = _survey(name="After complaints", kind="after_complaint")
    asb = _survey(name="After ASB", kind="after_asb")
    one, two, three = _home("H1"), _home("H2"), _home("H3")
    base = dict(tenure="LCRA", received_on=date(2025, 9, 1))
    Complaint.objects.create(complaint_ref="C1", home=one, stage1_responded_on=date(2025, 10, 3),
                             **base)
    Complaint.objects.create(complaint_ref="C2", home=two, stage1_responded_on=date(2025, 10, 3),
                             escalated_on=date(2025, 10, 8),
                             stage2_responded_on=date(2025, 10, 15), **base)
    Complaint.objects.create(complaint_ref="C3", home=three, withdrawn_on=date(2025, 10, 2),
                             stage1_responded_on=date(2025, 10, 4), **base)
    Complaint.objects.create(complaint_ref="C4", home=three, escalated_on=date(2025, 10, 1),
                             stage1_responded_on=date(2025, 10, 4), **base)  # stage 2 open
    due = due_transactional(survey=complaints, since=date(2025, 10, 1), until=date(2025, 10, 31))
    assert [(d.trigger_ref, d.closed_on) for d in due] == [
        ("C1", date(2025, 10, 3)), ("C2", date(2025, 10, 15))]
    AsbCase.objects.create(case_ref="A1", home=one, opened_on=date(2025, 8, 1),
                           closed_on=date(2025, 10, 9))
    AsbCase.objects.create(case_ref="A2", home=two, opened_on=date(2025, 8, 1))  # still open
    assert [d.trigger_ref for d in due_transactional(
        survey=asb, since=date(2025, 10, 1), until=date(2025, 10, 31))] == ["A1"]
    with pytest.raises(SurveyError, match="Only a transactional survey"):
        due_transactional(survey=_survey(), since=date(2025, 10, 1), until=date(2025, 10, 31))


@pytest.mark.django_db
def test_it_explains_a_bad_survey_design_in_plain_english():
    with pytest.raises(SurveyError, match="not a reporting year"):
        create_survey(name="X", kind="perception", tenure_scope="LCRA", year="2025",
                      fieldwork_starts=date(2025, 9, 1), fieldwork_ends=date(2025, 9, 2))
    with pytest.raises(SurveyError, match="cannot end before it starts"):
        create_survey(name="X", kind="perception", tenure_scope="LCRA", year="2025/26",
                      fieldwork_starts=date(2025, 9, 2), fieldwork_ends=date(2025, 9, 1))
    _survey()
    with pytest.raises(SurveyError, match="already a survey called"):
        _survey()
