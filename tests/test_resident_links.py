"""Single-use survey links: issuing them, a used, expired or unknown link, one response per
household, and what a link can and cannot open."""

import csv
import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from resident_setup import RENTER_PATH, answer_all, links, sampled_survey

from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.resident.models import Invitation
from doorstep.resident.services import TOKEN_ALPHABET, invitation_for
from doorstep.stock.models import Home
from doorstep.surveys.models import Channel, HouseholdProfile, SurveyResponse
from doorstep.surveys.services import add_own_question, record_response
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db
CONTACT = ("contact Demo Housing Association using the phone number or email address in "
           "your letter")


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Demo Housing Association"


def _finish(client, token):
    assert answer_all(client, token) == f"/s/{token}/check/"
    return client.post(f"/s/{token}/check/")


def test_it_issues_one_unguessable_link_per_sampled_household_and_stores_only_its_hash():
    survey = sampled_survey(homes=[("H1", "LCRA"), ("H2", "LCHO")])
    issued = links(survey)
    assert sorted(issued) == ["H1", "H2"]
    for ref, token in issued.items():
        # 26 characters of a 32-letter alphabet: 130 bits.
        assert len(token) == 26 and set(token) <= set(TOKEN_ALPHABET)
        invitation = Invitation.objects.get(home__home_ref=ref)
        assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert issued["H1"] != issued["H2"]


def test_it_gives_no_second_link_unless_asked_for_a_reminder_and_none_to_who_has_answered():
    survey = sampled_survey(homes=[("H1", "LCRA"), ("H2", "LCRA")])
    first = links(survey)
    assert links(survey) == {}
    record_response(survey=survey, home=Home.objects.get(home_ref="H2"), channel=Channel.TELEPHONE,
                    answers={"TP01": 1}, completed_on=timezone.localdate())
    reminder = links(survey, reminder=True)
    assert list(reminder) == ["H1"] and reminder["H1"] != first["H1"]
    # Both of H1's links still open the survey: whichever is used first counts.
    assert invitation_for(first["H1"]).home.home_ref == "H1"
    assert invitation_for(reminder["H1"]).home.home_ref == "H1"


def test_it_forgives_a_link_typed_in_capitals_or_with_o_for_zero_and_l_for_one(client):
    survey = sampled_survey()
    token = links(survey)["H1"]
    typed = token.upper().replace("0", "O").replace("1", "L")
    assert invitation_for(typed).home.home_ref == "H1"
    assert invitation_for(token[:-1] + ("a" if token[-1] != "a" else "b")) is None


def test_it_writes_the_mail_merge_file_with_home_link_language_and_last_day(tmp_path):
    sampled_survey(homes=[("H1", "LCRA"), ("H2", "LCRA")])
    HouseholdProfile.objects.create(home=Home.objects.get(home_ref="H2"),
                                    preferred_language="Polish")
    out = tmp_path / "links.csv"
    call_command("survey_invite", "--survey", "TSM 2025/26", "--base-url",
                 "https://survey.example.org/", "--out", str(out), "--expires",
                 (timezone.localdate() + timedelta(days=20)).isoformat())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["home_ref"] for row in rows] == ["H1", "H2"]
    assert [row["language"] for row in rows] == ["", "pl"]
    last_day = (timezone.localdate() + timedelta(days=20)).isoformat()
    assert {row["link_works_until"] for row in rows} == {last_day}
    for row in rows:
        prefix = "https://survey.example.org/s/"
        assert row["link"].startswith(prefix) and row["link"].endswith("/")
        token = row["link"][len(prefix):-1]
        assert invitation_for(token).home.home_ref == row["home_ref"]
    assert out.stat().st_mode & 0o077 == 0  # working links: readable by the owner only
    # The link works to the end of its last day.
    expires = Invitation.objects.first().expires_at.astimezone(timezone.get_current_timezone())
    assert (expires.date().isoformat(), expires.hour, expires.minute) == (last_day, 23, 59)


def test_it_says_politely_that_a_used_link_has_been_used(client):
    survey = sampled_survey()
    token = links(survey)["H1"]
    assert _finish(client, token)["Location"] == f"/s/{token}/done/"
    for page in ("", "q/TP01/", "check/"):
        response = client.get(f"/s/{token}/{page}")
        assert response.status_code == 410
        words = text_of(response.content)
        assert "You have already answered this survey" in words
        assert "each link can be used once" in words and CONTACT in words
        assert "Traceback" not in words
    # Posting again changes nothing: still one response.
    assert client.post(f"/s/{token}/check/").status_code == 410
    assert SurveyResponse.objects.filter(survey="TSM 2025/26").count() == 1


def test_it_says_politely_that_an_expired_link_has_closed(client):
    survey = sampled_survey()
    token = links(survey)["H1"]
    client.post(f"/s/{token}/q/TP01/", {"answer": "1"})
    Invitation.objects.update(expires_at=timezone.make_aware(timezone.datetime(2025, 11, 30, 23,
                                                                                59)))
    response = client.get(f"/s/{token}/")
    assert response.status_code == 410
    words = text_of(response.content)
    assert "This survey has closed" in words
    assert "could be used until 30 November 2025" in words and CONTACT in words
    assert client.post(f"/s/{token}/q/had_repair/", {"answer": "yes"}).status_code == 410
    assert Invitation.objects.get().answers == {"TP01": 1}


def test_it_says_politely_that_an_unknown_link_does_not_work(client):
    sampled_survey()
    for token in ("abcdefghjkmnpqrstvwxyz0123", "nonsense", "x" * 200):
        response = client.get(f"/s/{token}/")
        assert response.status_code == 404
        words = text_of(response.content)
        assert "This link does not work" in words
        assert "Check that the link is typed exactly as it is in your letter" in words
        assert CONTACT in words


def test_it_lets_one_of_two_links_for_the_same_household_send_answers(client):
    survey = sampled_survey()
    first = links(survey)["H1"]
    second = links(survey, reminder=True)["H1"]
    other_browser = client.__class__()
    answer_all(other_browser, second)
    assert _finish(client, first)["Location"] == f"/s/{first}/done/"
    # The second link's answers cannot be sent: the household has answered.
    response = other_browser.post(f"/s/{second}/check/")
    assert response.status_code == 410
    assert "Your household has already answered this survey" in text_of(response.content)
    response = SurveyResponse.objects.get(survey="TSM 2025/26")
    assert (response.channel, response.home.home_ref) == ("online", "H1")


def test_it_turns_a_link_away_when_the_household_answered_by_phone(client):
    survey = sampled_survey()
    token = links(survey)["H1"]
    record_response(survey=survey, home=Home.objects.get(home_ref="H1"),
                    channel=Channel.TELEPHONE, answers={"TP01": 3},
                    completed_on=timezone.localdate())
    response = client.get(f"/s/{token}/")
    assert response.status_code == 410
    assert "Demo Housing Association already has your household’s answers" in text_of(
        response.content)


def test_it_shows_a_link_only_its_own_surveys_questions(client):
    survey_a = sampled_survey(name="Survey A")
    survey_b = sampled_survey(name="Survey B")
    add_own_question(survey=survey_a, code="EASY", kind="yes_no", placed_after="TP01",
                     wording="Was this survey easy to find?")
    add_own_question(survey=survey_b, code="BONLY", kind="yes_no", placed_after="TP01",
                     wording="A question only survey B asks?")
    token_a = links(survey_a)["H1"]
    client.post(f"/s/{token_a}/q/TP01/", {"answer": "1"})
    response = client.get(f"/s/{token_a}/", follow=True)
    assert "Was this survey easy to find?" in text_of(response.content)
    # Survey B's question is not there for survey A's link.
    response = client.get(f"/s/{token_a}/q/BONLY/")
    assert response.status_code == 404
    assert "A question only survey B asks" not in text_of(response.content)
    assert client.post(f"/s/{token_a}/q/BONLY/", {"answer": "yes"}).status_code == 404
    assert "BONLY" not in Invitation.objects.get(survey=survey_a).answers


def test_it_keeps_staff_pages_behind_sign_in_for_a_resident_with_a_link(client):
    survey = sampled_survey()
    token = links(survey)["H1"]
    assert client.get(f"/s/{token}/").status_code == 200
    for path in ("/", "/admin/resident/invitation/", "/admin/resident/translationconfirmation/",
                 "/measures/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(("/sign-in/?next=", "/admin/login/?next="))


def test_it_keeps_resident_pages_out_of_caches_and_inside_the_security_policy(client):
    survey = sampled_survey()
    token = links(survey)["H1"]
    response = client.get(f"/s/{token}/")
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert inline_code_in(response.content) == []


def test_it_shows_staff_the_household_key_of_a_link_but_never_the_home(client):
    survey = sampled_survey()
    links(survey)
    client.force_login(person(Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    words = text_of(client.get("/admin/resident/invitation/").content)
    invitation = Invitation.objects.get()
    assert invitation.household_key in words
    assert "H1" not in words.replace(invitation.household_key, "")


def test_it_records_the_renters_answers_as_one_online_response(client):
    survey = sampled_survey()
    token = links(survey)["H1"]
    _finish(client, token)
    response = SurveyResponse.objects.get(survey="TSM 2025/26")
    expected = dict(RENTER_PATH)
    assert response.channel == "online" and response.completed_on == timezone.localdate()
    assert [response.tp01, response.tp02, response.tp03, response.tp09, response.tp10] == [
        2, 1, 4, None, 5]
    assert (response.had_repair, response.made_complaint, response.has_communal_areas) == (
        "yes", "no", "yes")
    assert int(expected["TP12"]) == response.tp12 == 2
    invitation = Invitation.objects.get()
    assert invitation.used_at is not None and invitation.answers == {}


def test_it_writes_a_mail_merge_row_a_spreadsheet_will_not_run_as_a_formula():
    from types import SimpleNamespace

    from doorstep.surveys.publishing import mail_merge_rows

    home = Home(home_ref="=HYPERLINK(\"http://evil.example\")", tenure="LCRA", area="North")
    link = SimpleNamespace(home=home, token="ABC234")
    [row] = mail_merge_rows([link], base_url="https://example.org", last_day=timezone.localdate())

    assert row[0] == "'=HYPERLINK(\"http://evil.example\")"
    assert row[1] == "https://example.org/s/ABC234/"
