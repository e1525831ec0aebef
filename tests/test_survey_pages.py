"""The analyst's survey pages, through the test client on a small hand-built landlord: set up
a survey, add a question, leave a household out, draw a seeded sample, issue links, collect
answers on three channels, follow progress, weight, and publish the summary of approach.

The landlord (every home in stock, no profiles):
    renters (LCRA):       North 13, South 10, East 7   (30 households)
    shared owners (LCHO): North 3,  South 2            (5 households)
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstep.accounts import access
from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.fieldwork.services import enter_response
from doorstep.resident.models import Invitation
from doorstep.resident.services import first_unanswered, invitation_for, save_answer, submit
from doorstep.stock.models import Home
from doorstep.surveys.models import (
    ApproachNotes,
    SampledHousehold,
    SampleExclusion,
    Survey,
    SurveyResponse,
    WeightingRun,
)
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey, record_response
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

RENTERS = {"North": 13, "South": 10, "East": 7}
OWNERS = {"North": 3, "South": 2}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def people():
    return cast()


def build_landlord(renters=RENTERS, owners=OWNERS) -> None:
    for tenure, prefix, areas in (("LCRA", "R", renters), ("LCHO", "O", owners)):
        Home.objects.bulk_create(
            Home(home_ref=f"{prefix}{area[0]}{n:02d}", tenure=tenure, area=area)
            for area, count in areas.items() for n in range(1, count + 1))


def words(response) -> str:
    assert response.status_code == 200
    assert inline_code_in(response.content) == []
    return text_of(response.content)


def sampled(survey, tenure, area) -> list[str]:
    return sorted(SampledHousehold.objects.filter(survey=survey, tenure=tenure, area=area)
                  .values_list("home__home_ref", flat=True))


def answer_online(token: str) -> SurveyResponse:
    """A resident answers every question through their link: "No" to the filters, "Very
    satisfied" on every scale, "Yes" to the landlord's own yes/no question."""
    invitation = invitation_for(token)
    while (code := first_unanswered(invitation)) is not None:
        value = "no" if code in ("had_repair", "made_complaint", "has_communal_areas") else (
            "yes" if code == "EASY01" else 1)
        save_answer(invitation=invitation, code=code, value=value)
        invitation.refresh_from_db()
    return submit(invitation=invitation)


# The whole journey ------------------------------------------------------------------------------


def test_it_takes_an_analyst_from_a_new_survey_to_its_summary_of_approach(client, people):
    build_landlord()
    analyst = people["analyst"]
    client.force_login(analyst)

    # 1. Set up the survey.
    created = client.post("/surveys/new/", {
        "name": "TSM 2025/26", "tenure_scope": "combined", "year": "2025/26",
        "fieldwork_starts": "01/09/2025", "fieldwork_ends": "30/11/2025",
        "method": "stratified"})
    survey = Survey.objects.get(name="TSM 2025/26")
    assert created.status_code == 302
    assert created["Location"] == f"/surveys/{survey.pk}/sample/?method=stratified"
    assert (survey.kind, survey.tenure_scope, survey.year) == ("perception", "combined",
                                                                "2025/26")
    assert (survey.fieldwork_starts, survey.fieldwork_ends) == (date(2025, 9, 1),
                                                               date(2025, 11, 30))

    # 2. A question of the landlord's own, straight after TP01.
    added = client.post(f"/surveys/{survey.pk}/questions/new/", {
        "code": "easy01", "kind": "yes_no", "wording": "Was it easy to contact us?",
        "placed_after": "TP01"})
    assert added.status_code == 302
    questions = words(client.get(f"/surveys/{survey.pk}/"))
    assert "1 TP01 Taking everything into account" in questions
    assert "2 EASY01 Was it easy to contact us? Yours Yes; No Everyone" in questions
    # The repair filter is question 3, so TP02 is asked only after a "Yes" there.
    assert "3 Had a repair Has Demo Housing Association carried out a repair" in questions
    # Owners are not asked the repair questions: TP02 needs a renter who had a repair.
    assert "Renters (LCRA) only, if question 3 is \u201cYes\u201d" in questions
    assert "TP05 Thinking about the condition" in questions
    assert "well maintained? The regulator's Very satisfied; Fairly satisfied; Neither " \
        "satisfied nor dissatisfied; Fairly dissatisfied; Very dissatisfied Renters (LCRA) only" \
        in questions  # TP04

    # 3. Leave one North renter out for a safeguarding concern.
    left_out = client.post(f"/surveys/{survey.pk}/sample/exclusions/new/", {
        "home_ref": "RN01", "reason": "safeguarding", "note": ""})
    assert left_out.status_code == 302
    assert SampleExclusion.objects.get(survey=survey).home.home_ref == "RN01"

    # 4. Draw a stratified sample: 20 renters and 4 owners, seed 7.
    drawn = client.post(f"/surveys/{survey.pk}/sample/", {
        "method": "stratified", "seed": "7", "response_rate": "",
        "invite_lcra": "20", "invite_lcho": "4"})
    assert drawn.status_code == 302
    page = words(client.get(f"/surveys/{survey.pk}/sample/"))
    # Renters: required sample 384.16 / (1 + 384.16 / 30) = 27.83, so 28 responses needed.
    # 29 can be asked (RN01 left out). 20 invitations shared by the frame, North 12, South 10,
    # East 7: 8.28, 6.90, 4.83 -> 8, 6, 4 and the 2 left over to the largest remainders,
    # South and East: 8, 7, 5. Targets share the 28 by all 30 households, North 13, South 10,
    # East 7: 12.13, 9.33, 6.53 -> 12, 9, 6 and the 1 left over to East: 12, 9, 7.
    assert "LCRA 30 ± 5 points 28 (27.8) 1 29 20 140%" in page
    assert "LCRA North 13 8 12" in page
    assert "LCRA South 10 7 9" in page
    assert "LCRA East 7 5 7" in page
    # Owners: required 384.16 / (1 + 384.16 / 5) = 4.94, so 5. Invitations 4 by North 3,
    # South 2: 2.4, 1.6 -> 2, 1 and the 1 left to South: 2, 2. Targets 5: 3, 2 exactly.
    assert "LCHO 5 ± 5 points 5 (4.9) 0 5 4 125%" in page
    assert "LCHO North 3 2 3" in page
    assert "LCHO South 2 2 2" in page
    assert ("The requirement for LCRA cannot be met with this sample: 28 responses are needed "
            "and only 20 households are invited. Invite more households, or draw a census.") in page
    assert "seed 7" in page
    assert "RN01 LCRA North Safeguarding or vulnerability concern" in page
    assert [len(sampled(survey, "LCRA", area)) for area in ("North", "South", "East")] == [8, 7, 5]
    assert "RN01" not in sampled(survey, "LCRA", "North")

    # 5. Issue the links: the mail-merge file is the answer to the form.
    last_day = timezone.localdate() + timedelta(days=30)
    mail_merge = client.post(f"/surveys/{survey.pk}/links/", {
        "base_url": "https://survey.example.org", "last_day": last_day.isoformat()})
    assert mail_merge.status_code == 200
    assert mail_merge["Content-Type"] == "text/csv; charset=utf-8"
    assert mail_merge["Content-Disposition"].startswith('attachment; filename="tsm-2025-26-links-')
    rows = list(csv.DictReader(io.StringIO(mail_merge.content.decode())))
    assert sorted(row["home_ref"] for row in rows) == sorted(
        SampledHousehold.objects.filter(survey=survey).values_list("home__home_ref", flat=True))
    assert len(rows) == 24
    assert all(row["link"].startswith("https://survey.example.org/s/") for row in rows)
    assert {row["link_works_until"] for row in rows} == {last_day.isoformat()}
    tokens = {row["home_ref"]: row["link"].rstrip("/").rsplit("/", 1)[1] for row in rows}

    # 6. Answers: two renters in North online, a renter in East and one in South by telephone,
    # an owner in North on paper.
    north_renters = sampled(survey, "LCRA", "North")
    for ref in north_renters[:2]:
        assert answer_online(tokens[ref]).channel == "online"
    for tenure, area, channel in (("LCRA", "East", "telephone"), ("LCRA", "South", "telephone"),
                                  ("LCHO", "North", "postal")):
        home = Home.objects.get(home_ref=sampled(survey, tenure, area)[0])
        enter_response(survey=survey, home=home, channel=channel, answers={"TP01": 2},
                       completed_on=date(2025, 10, 6), by=analyst)
    links_page = words(client.get(f"/surveys/{survey.pk}/links/"))
    assert "24 links issued 2 used to answer 0 expired unused" in links_page

    # 7. Progress by stratum and channel.
    progress = words(client.get(f"/surveys/{survey.pk}/progress/"))
    assert "5 responses so far: telephone 2, online 2, postal 1." in progress
    # Tenure, area, invited, target, responses, % of target, then telephone, online, postal.
    assert "LCRA North 8 12 2 17% 0 2 0" in progress
    assert "LCRA South 7 9 1 11% 1 0 0" in progress
    assert "LCRA East 5 7 1 14% 1 0 0" in progress
    assert "LCHO North 2 3 1 33% 0 0 1" in progress
    assert "LCHO South 2 2 0 0% 0 0 0" in progress
    assert "All 24 33 5 2 2 1" in progress
    # Margin of error = 196 × √(0.25 / n) × √((N − n) / (N − 1)):
    # renters 196 × 0.25 × √(26/29) = 46.4; owners 196 × 0.5 × √(4/4) = 98.0.
    assert "LCRA 30 20 4 28 (27.8) ± 46.4 points ± 5 points Not yet" in progress
    assert "LCHO 5 4 1 5 (4.9) ± 98.0 points ± 5 points Not yet" in progress

    # 8. Weight by area. n = 5 respondents: North 3, South 1, East 1; the population by area
    # (both tenures) North 16, South 12, East 7 of 35. A weight is n × share ÷ respondents.
    weighted = client.post(f"/surveys/{survey.pk}/weighting/", {"characteristics": ["area"]})
    assert weighted.status_code == 302
    respondents = {"North": 3, "South": 1, "East": 1}
    households = {"North": 16, "South": 12, "East": 7}
    by_area = {area: 5 * households[area] / 35 / respondents[area] for area in respondents}
    assert by_area == pytest.approx({"North": 0.761905, "South": 1.714286, "East": 1.0},
                                    abs=1e-6)
    weights = [by_area[area] for area, count in respondents.items() for _ in range(count)]
    design_effect = len(weights) * sum(w * w for w in weights) / sum(weights) ** 2
    effective = sum(weights) ** 2 / sum(w * w for w in weights)
    assert round(design_effect, 4) == 1.1361  # 5 × 5.680272 / 25
    run = WeightingRun.objects.get(survey=survey)
    assert round(run.design_effect, 4) == round(design_effect, 4)
    assert round(run.effective_sample, 4) == round(effective, 4) == 4.4012
    for response in SurveyResponse.objects.filter(survey=survey.name).select_related("home"):
        assert response.weight == pytest.approx(by_area[response.home.area], abs=1e-9)
    weighting = words(client.get(f"/surveys/{survey.pk}/weighting/"))
    assert "Weighted by Area Responses weighted 5 Design effect 1.14" in weighting
    assert "Effective sample size 4.4 of 5 responses Trimmed 0 responses" in weighting
    assert "Margins All met" in weighting
    # Area shares: population North 16/35 = 45.7%, respondents 3/5 = 60.0%, weighted 45.7%.
    assert "North 45.7% 3 60.0% 45.7%" in weighting

    # 9. The summary of approach, then the parts a person writes.
    summary = words(client.get(f"/surveys/{survey.pk}/approach/"))
    assert "Not ready to publish. Still to be written:" in summary
    assert "1 household was excluded from the sample frame:" in summary
    assert "LCRA: 1 \u2014 Safeguarding or vulnerability concern" in summary
    assert "design effect 1.14, effective sample size 4 of 5 responses" in summary
    saved = client.post(f"/surveys/{survey.pk}/approach/edit/", {
        "contractor": "No contractor: the landlord's own team ran the survey.",
        "incentives": "None.", "missed_sample_reasons": "Fieldwork is still under way.",
        "representativeness": "Too few responses yet to judge.", "other_issues": "None."})
    assert saved.status_code == 302
    assert ApproachNotes.objects.get(survey=survey).updated_by == analyst
    summary = words(client.get(f"/surveys/{survey.pk}/approach/"))
    assert "Not ready to publish" not in summary
    assert "No contractor: the landlord's own team ran the survey." in summary
    markdown = client.get(f"/surveys/{survey.pk}/approach.md")
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert markdown["Content-Disposition"].startswith(
        'attachment; filename="tsm-2025-26-summary-of-approach-')
    text = markdown.content.decode()
    assert text.startswith("# Summary of approach: TSM 2025/26 (2025/26)\n")
    assert "## 7. External contractor\n\nNo contractor: the landlord's own team ran the survey." \
        in text
    assert "[To be written" not in text


# Plain errors from the services ------------------------------------------------------------------


@pytest.fixture
def survey():
    build_landlord()
    return create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                         year="2025/26", fieldwork_starts=date(2025, 9, 1),
                         fieldwork_ends=date(2025, 11, 30))


def test_it_refuses_a_second_survey_of_the_same_name_in_plain_english(client, people, survey):
    client.force_login(people["analyst"])
    page = words(client.post("/surveys/new/", {
        "name": "TSM 2025/26", "tenure_scope": "LCRA", "year": "2025/26",
        "fieldwork_starts": "01/09/2025", "fieldwork_ends": "30/11/2025",
        "method": "census"}))
    assert "There is a problem There is already a survey called \u201cTSM 2025/26\u201d." in page
    assert Survey.objects.count() == 1


def test_it_refuses_a_question_that_takes_a_tsm_code_or_goes_between_a_filter_and_its_questions(
        client, people, survey):
    client.force_login(people["analyst"])
    taken = words(client.post(f"/surveys/{survey.pk}/questions/new/", {
        "code": "TP05", "kind": "yes_no", "wording": "Is it safe?", "placed_after": "TP01"}))
    assert "TP05 is the regulator's: give your question another code." in taken
    # Straight after the repair filter is not offered: it would split the filter from TP02.
    split = words(client.post(f"/surveys/{survey.pk}/questions/new/", {
        "code": "OWN1", "kind": "yes_no", "wording": "Was it quick?",
        "placed_after": "had_repair"}))
    assert "Select where the question goes" in split
    assert survey.own_questions.count() == 0


def test_it_leaves_out_only_a_home_the_survey_covers(client, people):
    build_landlord()
    renters = create_survey(name="Renters 2025/26", kind="perception", tenure_scope="LCRA",
                            year="2025/26", fieldwork_starts=date(2025, 9, 1),
                            fieldwork_ends=date(2025, 11, 30))
    client.force_login(people["engagement_officer"])
    owner = words(client.post(f"/surveys/{renters.pk}/sample/exclusions/new/", {
        "home_ref": "ON01", "reason": "bereavement"}))
    assert ("Home ON01 is not one of the homes Renters 2025/26 covers: renters (LCRA) in stock "
            "on 01/09/2025") in owner
    other = words(client.post(f"/surveys/{renters.pk}/sample/exclusions/new/", {
        "home_ref": "RN02", "reason": "other", "note": " "}))
    assert "Say why the household is left out when the reason is \u201cother\u201d." in other
    assert SampleExclusion.objects.count() == 0


def test_it_asks_for_a_response_rate_or_numbers_to_invite_for_a_stratified_sample(
        client, people, survey):
    client.force_login(people["analyst"])
    neither = words(client.post(f"/surveys/{survey.pk}/sample/", {"method": "stratified"}))
    assert "Enter the response rate you expect, or the numbers of households to invite" in neither
    both = words(client.post(f"/surveys/{survey.pk}/sample/", {
        "method": "stratified", "response_rate": "40", "invite_lcra": "10"}))
    assert "Give the response rate or the numbers to invite, not both" in both
    assert not SampledHousehold.objects.exists()


def test_it_draws_from_a_response_rate_and_says_when_only_a_census_can_meet_the_requirement(
        client, people, survey):
    client.force_login(people["analyst"])
    client.post(f"/surveys/{survey.pk}/sample/", {"method": "stratified", "seed": "3",
                                                  "response_rate": "50"})
    # Invitations ⌈28 ÷ 0.5⌉ = 56 renters and ⌈5 ÷ 0.5⌉ = 10 owners, capped at 30 and 5.
    assert SampledHousehold.objects.filter(survey=survey).count() == 35
    SampleExclusion.objects.create(survey=survey, home=Home.objects.get(home_ref="RS01"),
                                   reason="opted_out")
    page = words(client.get(f"/surveys/{survey.pk}/sample/"))
    # 30 renters need 28 responses; with one left out 29 can be asked. Still possible. The
    # owners need 5 of 5, so only a census of them (under 2,500 households) can meet it.
    assert "cannot be met" not in page and "Only a census" not in page
    SampleExclusion.objects.create(survey=survey, home=Home.objects.get(home_ref="ON01"),
                                   reason="opted_out")
    page = words(client.get(f"/surveys/{survey.pk}/sample/"))
    assert ("Only a census can meet the requirement for LCHO: 5 responses are needed and only "
            "4 households can be asked. Draw a census (every household invited).") in page


def test_it_refuses_to_draw_the_sample_again_once_there_are_responses(client, people, survey):
    draw_sample(survey=survey, method="census", seed=1)
    record_response(survey=survey, home=Home.objects.get(home_ref="RN01"), channel="telephone",
                    answers={"TP01": 1}, completed_on=date(2025, 10, 1))
    client.force_login(people["analyst"])
    page = words(client.get(f"/surveys/{survey.pk}/sample/"))
    assert "The survey has responses, so its sample cannot be drawn again." in page
    refused = words(client.post(f"/surveys/{survey.pk}/sample/", {"method": "census"}))
    assert "TSM 2025/26 already has responses: its sample cannot be drawn again." in refused


def test_it_clears_the_weights_so_every_response_counts_once(client, people, survey):
    draw_sample(survey=survey, method="census", seed=1)
    for ref in ("RN01", "RS01", "RE01", "ON01", "OS01"):
        record_response(survey=survey, home=Home.objects.get(home_ref=ref), channel="postal",
                        answers={"TP01": 1}, completed_on=date(2025, 10, 1))
    client.force_login(people["analyst"])
    client.post(f"/surveys/{survey.pk}/weighting/", {"characteristics": ["area", "tenure"]})
    assert SurveyResponse.objects.filter(weight__isnull=False).count() == 5
    cleared = client.post(f"/surveys/{survey.pk}/weighting/clear/")
    assert cleared.status_code == 302
    assert SurveyResponse.objects.filter(weight__isnull=False).count() == 0
    page = words(client.get(f"/surveys/{survey.pk}/weighting/"))
    assert "No weights: every response counts once." in page


def test_it_says_why_weighting_is_impossible_when_an_area_has_no_respondents(
        client, people, survey):
    draw_sample(survey=survey, method="census", seed=1)
    record_response(survey=survey, home=Home.objects.get(home_ref="RN01"), channel="online",
                    answers={"TP01": 1}, completed_on=date(2025, 10, 1))
    client.force_login(people["analyst"])
    page = words(client.post(f"/surveys/{survey.pk}/weighting/", {"characteristics": ["area"]}))
    assert ("No one with area East, South has answered, so no weight can make up for them: "
            "combine categories or weight on something else.") in page
    assert not WeightingRun.objects.exists()


def test_it_tells_the_analyst_when_every_sampled_household_already_has_a_link(
        client, people, survey):
    draw_sample(survey=survey, method="census", seed=1)
    client.force_login(people["analyst"])
    form = {"base_url": "https://survey.example.org",
            "last_day": (timezone.localdate() + timedelta(days=5)).isoformat()}
    assert client.post(f"/surveys/{survey.pk}/links/", form).status_code == 200
    again = client.post(f"/surveys/{survey.pk}/links/", form, follow=True)
    assert "No new links: every sampled household already has one." in words(again)
    assert Invitation.objects.count() == 35
    reminder = client.post(f"/surveys/{survey.pk}/links/", {**form, "reminder": "on"})
    assert len(reminder.content.decode().strip().splitlines()) == 1 + 35
    bad = words(client.post(f"/surveys/{survey.pk}/links/", {**form, "base_url": "survey.org"}))
    assert "The address must start with https:// (or http:// for a trial)." in bad


# Who may do what -------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [
    # role: (manage surveys, weight responses, follow progress)
    ("administrator", (True, True, True)),
    ("analyst", (True, True, True)),
    ("engagement_officer", (True, False, True)),
    ("board_member", (False, False, True)),
    ("service_manager", (False, False, False)),
    ("complaints_handler", (False, False, False)),
    ("panel_member", (False, False, False)),
    ("no_role", (False, False, False)),
])
def test_it_gives_the_survey_pages_only_to_the_roles_that_run_or_oversee_surveys(
        people, role, expected):
    user = people[role]
    assert (access.can(user, access.MANAGE_SURVEYS),
            access.can(user, access.WEIGHT_SURVEY_RESPONSES),
            access.can(user, access.FOLLOW_SURVEY_PROGRESS)) == expected


MANAGE_PAGES = ["/{id}/", "/{id}/questions/new/", "/{id}/sample/",
                "/{id}/sample/exclusions/new/", "/{id}/links/", "/{id}/weighting/",
                "/{id}/approach/", "/{id}/approach.md", "/{id}/approach/edit/"]


@pytest.mark.parametrize("role", ["board_member", "panel_member", "complaints_handler",
                                  "service_manager", "no_role"])
def test_it_refuses_the_design_sample_links_weighting_and_approach_pages_to_other_roles(
        client, people, survey, role):
    client.force_login(people[role])
    for page in ["/new/", *MANAGE_PAGES]:
        response = client.get("/surveys" + page.format(id=survey.pk))
        assert response.status_code == 403, page
        assert "does not include permission to design surveys" in text_of(response.content)
    for page in ["/new/", "/{id}/sample/", "/{id}/links/", "/{id}/weighting/",
                 "/{id}/weighting/clear/", "/{id}/approach/edit/"]:
        assert client.post("/surveys" + page.format(id=survey.pk), {
            "method": "census", "base_url": "https://x.org", "characteristics": ["area"],
        }).status_code == 403, page
    assert not SampledHousehold.objects.exists() and not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["panel_member", "complaints_handler", "service_manager",
                                  "no_role"])
def test_it_keeps_even_the_counts_from_roles_that_do_not_oversee_surveys(
        client, people, survey, role):
    client.force_login(people[role])
    for page in ("/surveys/", f"/surveys/{survey.pk}/progress/"):
        response = client.get(page)
        assert response.status_code == 403
        assert "does not include permission to follow how many residents have answered" in \
            text_of(response.content)


def test_it_shows_a_board_member_the_counts_but_no_household(client, people, survey):
    draw_sample(survey=survey, method="census", seed=1)
    client.force_login(people["board_member"])
    listed = words(client.get("/surveys/"))
    assert "TSM 2025/26" in listed and "Set up a TSM survey" not in listed
    progress = words(client.get(f"/surveys/{survey.pk}/progress/"))
    assert "LCRA North 13 12 0 0%" in progress
    assert "RN01" not in progress
    # The survey's own menu offers the board only what it may open.
    content = client.get(f"/surveys/{survey.pk}/progress/").content.decode()
    assert f'href="/surveys/{survey.pk}/progress/"' in content
    for page in ("sample", "links", "weighting", "approach"):
        assert f'href="/surveys/{survey.pk}/{page}/"' not in content


def test_it_lets_an_engagement_officer_run_the_survey_but_not_weight_it(client, people, survey):
    draw_sample(survey=survey, method="census", seed=1)
    client.force_login(people["engagement_officer"])
    page = words(client.get(f"/surveys/{survey.pk}/weighting/"))
    assert "Write the weights" not in page and "Clear the weights" not in page
    assert "Respondents against the population" in page
    assert client.post(f"/surveys/{survey.pk}/weighting/",
                       {"characteristics": ["area"]}).status_code == 403
    assert client.post(f"/surveys/{survey.pk}/weighting/clear/").status_code == 403
    assert client.get(f"/surveys/{survey.pk}/links/").status_code == 200


def test_it_answers_404_for_a_survey_that_does_not_exist(client, people):
    client.force_login(people["analyst"])
    assert client.get("/surveys/999/sample/").status_code == 404
    assert client.get("/surveys/999/progress/").status_code == 404


def test_it_sends_a_signed_out_visitor_to_sign_in(client, survey):
    response = client.get(f"/surveys/{survey.pk}/progress/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize(("role", "shown"), [
    ("analyst", True), ("engagement_officer", True), ("board_member", True),
    ("panel_member", False), ("complaints_handler", False)])
def test_it_puts_surveys_in_the_menu_of_the_roles_that_may_open_them(client, people, role, shown):
    client.force_login(people[role])
    assert ("Surveys Design a survey, draw its sample" in words(client.get("/"))) is shown


# Queries ---------------------------------------------------------------------------------------


def _progress_queries(client, survey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/surveys/{survey.pk}/progress/").status_code == 200
    return len(queries)


def test_it_counts_progress_in_as_many_queries_for_many_strata_as_for_one(client, people):
    client.force_login(people["analyst"])
    build_landlord(renters={"North": 4}, owners={})
    small = create_survey(name="Small", kind="perception", tenure_scope="combined",
                          year="2025/26", fieldwork_starts=date(2025, 9, 1),
                          fieldwork_ends=date(2025, 11, 30))
    draw_sample(survey=small, method="census", seed=1)
    record_response(survey=small, home=Home.objects.get(home_ref="RN01"), channel="online",
                    answers={"TP01": 1}, completed_on=date(2025, 10, 1))
    few = _progress_queries(client, small)

    areas = {f"Area {n}": 6 for n in range(8)}
    Home.objects.bulk_create(
        Home(home_ref=f"{tenure}{area}-{n}", tenure=tenure, area=area)
        for tenure in ("LCRA", "LCHO") for area in areas for n in range(6))
    big = create_survey(name="Big", kind="perception", tenure_scope="combined",
                        year="2025/26", fieldwork_starts=date(2025, 9, 1),
                        fieldwork_ends=date(2025, 11, 30))
    draw_sample(survey=big, method="census", seed=1)
    channels = ["online", "telephone", "postal", "face_to_face", "doorstep"]
    for number, home in enumerate(Home.objects.exclude(area="North").order_by("pk")[:40]):
        record_response(survey=big, home=home, channel=channels[number % 5],
                        answers={"TP01": 1}, completed_on=date(2025, 10, 1))
    page = words(client.get(f"/surveys/{big.pk}/progress/"))
    assert "40 responses so far" in page
    assert _progress_queries(client, big) == few


def test_it_works_the_margin_of_error_of_a_census_of_every_household_as_zero(client, people):
    build_landlord(renters={"North": 3}, owners={})
    survey = create_survey(name="Tiny", kind="perception", tenure_scope="LCRA", year="2025/26",
                           fieldwork_starts=date(2025, 9, 1), fieldwork_ends=date(2025, 11, 30))
    draw_sample(survey=survey, method="census", seed=1)
    for ref in ("RN01", "RN02", "RN03"):
        record_response(survey=survey, home=Home.objects.get(home_ref=ref), channel="online",
                        answers={"TP01": 1}, completed_on=date(2025, 10, 1))
    client.force_login(people["analyst"])
    page = words(client.get(f"/surveys/{survey.pk}/progress/"))
    # Every household answered: no sampling error. A census under 2,500 meets the requirement.
    # Required: 384.16 / (1 + 384.16 / 3) = 2.98, so 3.
    assert "LCRA 3 3 3 3 (3.0) ± 0.0 points ± 5 points Met" in page
