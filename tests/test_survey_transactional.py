"""Transactional surveys (after a repair, complaint or ASB case): one response per record,
not per household, so a household with two repairs is asked about each; links issued per
record with the record kept; staff entry choosing the record; the command's window."""

import csv
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from doorstep.accounts.testing import cast
from doorstep.asb.models import AsbCase
from doorstep.repairs.models import Repair
from doorstep.resident.models import Invitation
from doorstep.resident.services import issue_transactional_invitations
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.surveys.services import (
    SurveyError,
    add_own_question,
    create_survey,
    record_response,
)

pytestmark = pytest.mark.django_db

ANSWERED_ON = date(2025, 10, 20)


def _survey(name="After repairs", kind="after_repair"):
    survey = create_survey(name=name, kind=kind, tenure_scope="combined", year="2025/26",
                           fieldwork_starts=date(2025, 9, 1), fieldwork_ends=date(2025, 11, 30))
    add_own_question(survey=survey, code="FIXED", kind="yes_no",
                     wording="Was the repair done right first time?")
    return survey


def _repair(ref, home, day):
    completed = datetime(2025, 10, day, 12, tzinfo=UTC)
    return Repair.objects.create(
        repair_ref=ref, home=home, status="completed", completed_at=completed,
        reported_at=datetime(2025, 10, 1, 9, tzinfo=UTC), priority="non_emergency",
        target_at=datetime(2025, 10, 28, 9, tzinfo=UTC))


@pytest.fixture
def two_repairs():
    """H1 had two repairs completed (R1 on 5 October, R2 on 12 October); H2 had R3."""
    one = Home.objects.create(home_ref="H1", tenure="LCRA", area="North")
    two = Home.objects.create(home_ref="H2", tenure="LCRA", area="North")
    _repair("R1", one, 5)
    _repair("R2", one, 12)
    _repair("R3", two, 14)
    return one, two


def _answer(survey, home, trigger_ref, channel="telephone"):
    return record_response(survey=survey, home=home, channel=channel, answers={"FIXED": "yes"},
                           completed_on=ANSWERED_ON, trigger_ref=trigger_ref)


def test_it_takes_one_answer_per_repair_so_a_home_with_two_repairs_answers_twice(two_repairs):
    one, _two = two_repairs
    survey = _survey()
    _answer(survey, one, "R1")
    _answer(survey, one, "R2", channel="postal")
    assert sorted(SurveyResponse.objects.filter(survey="After repairs", home=one)
                  .values_list("trigger_ref", flat=True)) == ["R1", "R2"]


def test_it_refuses_a_second_answer_about_the_same_repair(two_repairs):
    one, _two = two_repairs
    survey = _survey()
    _answer(survey, one, "R1")
    with pytest.raises(SurveyError, match="already been answered about R1"):
        _answer(survey, one, "R1", channel="postal")
    assert SurveyResponse.objects.filter(survey="After repairs").count() == 1


def test_it_still_takes_one_answer_per_household_in_a_perception_survey(two_repairs):
    one, _two = two_repairs
    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    record_response(survey=survey, home=one, channel="telephone", answers={"TP01": 2},
                    completed_on=ANSWERED_ON)
    with pytest.raises(SurveyError, match="already answered this survey"):
        record_response(survey=survey, home=one, channel="postal", answers={"TP01": 4},
                        completed_on=ANSWERED_ON)
    with pytest.raises(SurveyError, match="perception survey"):
        record_response(survey=survey, home=one, channel="postal", answers={"TP01": 4},
                        completed_on=ANSWERED_ON, trigger_ref="R2")


def test_it_refuses_a_record_of_another_home_another_kind_or_none(two_repairs):
    one, two = two_repairs
    AsbCase.objects.create(case_ref="A1", home=one, opened_on=date(2025, 8, 1),
                           closed_on=date(2025, 10, 9))
    Repair.objects.create(repair_ref="R9", home=one, status="reported",
                          reported_at=datetime(2025, 10, 1, 9, tzinfo=UTC),
                          priority="non_emergency",
                          target_at=datetime(2025, 10, 28, 9, tzinfo=UTC))  # not completed
    survey = _survey()
    with pytest.raises(SurveyError, match="R3 is not a completed repair of"):
        _answer(survey, one, "R3")  # H2's repair
    with pytest.raises(SurveyError, match="A1 is not a completed repair of"):
        _answer(survey, one, "A1")  # an ASB case
    with pytest.raises(SurveyError, match="R9 is not a completed repair of"):
        _answer(survey, one, "R9")
    with pytest.raises(SurveyError, match="say which completed repair"):
        _answer(survey, one, "")
    asb = _survey(name="After ASB", kind="after_asb")
    with pytest.raises(SurveyError, match="R1 is not a closed ASB case of"):
        _answer(asb, one, "R1")
    assert _answer(asb, one, "A1").trigger_ref == "A1"
    assert SurveyResponse.objects.count() == 1


def test_it_issues_a_link_per_repair_and_the_link_records_its_repair(client, two_repairs):
    survey = _survey()
    issued = issue_transactional_invitations(
        survey=survey, since=date(2025, 10, 1), until=date(2025, 10, 12),
        expires_at=timezone.now() + timedelta(days=10))
    # R3 (14 October) is after the window.
    assert [(link.home.home_ref, link.invitation.trigger_ref) for link in issued] == [
        ("H1", "R1"), ("H1", "R2")]
    # Issued again: no second link for the same repair.
    assert issue_transactional_invitations(
        survey=survey, since=date(2025, 10, 1), until=date(2025, 10, 31),
        expires_at=timezone.now() + timedelta(days=10))[0].invitation.trigger_ref == "R3"
    for link in issued:
        token = link.token
        client.post(f"/s/{token}/language/", {"language": "en"})
        assert client.post(f"/s/{token}/q/FIXED/", {"answer": "yes"})["Location"] == (
            f"/s/{token}/check/")
        assert client.post(f"/s/{token}/check/")["Location"] == f"/s/{token}/done/"
    assert sorted(SurveyResponse.objects.filter(survey="After repairs", channel="online")
                  .values_list("home__home_ref", "trigger_ref")) == [("H1", "R1"), ("H1", "R2")]


def test_it_refuses_a_perception_survey_to_the_transactional_links(two_repairs):
    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    with pytest.raises(SurveyError, match="perception survey"):
        issue_transactional_invitations(survey=survey, since=date(2025, 10, 1),
                                        until=date(2025, 10, 31),
                                        expires_at=timezone.now() + timedelta(days=10))


def _invite(*extra, out):
    call_command("survey_invite", "--base-url", "https://survey.example.org", "--out",
                 str(out), "--expires", (timezone.localdate() + timedelta(days=20)).isoformat(),
                 *extra)


def test_it_writes_the_record_column_for_a_transactional_survey(tmp_path, two_repairs):
    _survey()
    out = tmp_path / "links.csv"
    _invite("--survey", "After repairs", "--since", "2025-10-01", "--until", "2025-10-31",
            out=out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(row["home_ref"], row["record_ref"]) for row in rows] == [
        ("H1", "R1"), ("H1", "R2"), ("H2", "R3")]
    assert Invitation.objects.count() == 3


def test_it_explains_the_commands_window_mistakes(tmp_path, two_repairs):
    _survey()
    create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                  year="2025/26", fieldwork_starts=date(2025, 9, 1),
                  fieldwork_ends=date(2025, 11, 30))
    out = tmp_path / "links.csv"
    with pytest.raises(CommandError, match="needs --since and --until"):
        _invite("--survey", "After repairs", "--since", "2025-10-01", out=out)
    with pytest.raises(CommandError, match="for transactional surveys only"):
        _invite("--survey", "TSM 2025/26", "--since", "2025-10-01", "--until", "2025-10-31",
                out=out)
    with pytest.raises(CommandError, match="cannot come before its start"):
        _invite("--survey", "After repairs", "--since", "2025-10-31", "--until", "2025-10-01",
                out=out)
    assert Invitation.objects.count() == 0


def test_it_lets_staff_choose_the_repair_the_answers_are_about(client, two_repairs):
    one, _two = two_repairs
    survey = _survey()
    _answer(survey, one, "R1")  # R1 answered already: only R2 is offered
    client.force_login(cast()["analyst"])
    url = f"/fieldwork/surveys/{survey.pk}/enter/"
    chosen = client.post(url, {"household": "H1", "channel": "telephone"})
    assert chosen.status_code == 302
    page = client.get(chosen["Location"]).content.decode()
    assert "R2, closed 12/10/2025" in page and "R1, closed" not in page
    # The survey's one question, FIXED, is question 1 on the entry page.
    missing = client.post(chosen["Location"], {"completed_on": "20/10/2025", "q1": "yes"})
    assert "Select the record the answers are about" in missing.content.decode()
    saved = client.post(chosen["Location"], {"completed_on": "20/10/2025", "record": "R2",
                                             "q1": "yes"})
    assert saved.status_code == 302
    response = SurveyResponse.objects.get(survey="After repairs", trigger_ref="R2")
    assert (response.home, response.channel, response.other_answers) == (
        one, "telephone", {"FIXED": "yes"})
    # Both repairs answered: staff are told plainly there is nothing left to ask about.
    done = client.get(chosen["Location"]).content.decode()
    assert "This household has nothing left to ask about in After repairs" in done
    assert "Save the answers" not in done


def test_it_deletes_every_answer_of_a_household_that_asks_and_logs_each(two_repairs):
    from django.contrib.auth import get_user_model

    from doorstep.surveys.models import ResponseDeletion
    from doorstep.surveys.services import delete_household_response

    one, two = two_repairs
    survey = _survey()
    first, second = _answer(survey, one, "R1"), _answer(survey, one, "R2")
    _answer(survey, two, "R3")
    staff = get_user_model().objects.create_user("analyst", password="x")

    deletions = delete_household_response(survey=survey, home=one, by=staff)

    assert sorted(d.response_ref for d in deletions) == sorted(
        [first.response_ref, second.response_ref])
    assert ResponseDeletion.objects.count() == 2
    # H2's answer about R3 stays.
    assert list(SurveyResponse.objects.values_list("trigger_ref", flat=True)) == ["R3"]


def test_it_issues_a_transactional_surveys_links_from_the_analysts_page(client, two_repairs):
    survey = _survey()  # fieldwork 1 September to 30 November 2025: all three repairs closed in it
    client.force_login(cast()["analyst"])
    form = {"base_url": "https://survey.example.org",
            "last_day": (timezone.localdate() + timedelta(days=30)).isoformat()}

    mail_merge = client.post(f"/surveys/{survey.pk}/links/", form)
    again = client.post(f"/surveys/{survey.pk}/links/", form, follow=True)
    reminder = client.post(f"/surveys/{survey.pk}/links/", {**form, "reminder": "on"})

    rows = list(csv.reader(mail_merge.content.decode().splitlines()))
    assert rows[0] == ["home_ref", "link", "language", "link_works_until", "record_ref"]
    assert sorted((row[0], row[4]) for row in rows[1:]) == [
        ("H1", "R1"), ("H1", "R2"), ("H2", "R3")]
    assert "every record closed since fieldwork began already has one" in again.content.decode()
    assert "has no reminders" in reminder.content.decode()
