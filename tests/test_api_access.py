"""The read API, every role against every endpoint: what each may and may not see.

The landlord is tests/api_setup.py's (figures worked by hand there). Each person calls with a
token of their own; the token carries their role.
"""

import json

import pytest
from api_setup import PLANTED, api_landlord

from doorstep.accounts.testing import cast
from doorstep.api import services

pytestmark = pytest.mark.django_db

ROLES = ["administrator", "analyst", "service_manager", "complaints_handler",
         "engagement_officer", "board_member", "panel_member"]
ENDPOINTS = [
    "/api/v1/me", "/api/v1/measures?year=2024-25", "/api/v1/measures/TP01?year=2024-25",
    "/api/v1/targets", "/api/v1/published-years", "/api/v1/published-years/2024-25",
    "/api/v1/published-years/2024-25/figures", "/api/v1/actions",
    "/api/v1/complaints/summary?year=2024-25", "/api/v1/hazards/summary?year=2025-26",
    "/api/v1/surveys", "/api/v1/surveys/{survey}/progress",
]
# Who may open which endpoint (everything else: 403 with the reason).
SURVEY_PROGRESS = {"administrator", "analyst", "engagement_officer", "board_member"}


@pytest.fixture
def landlord():
    return api_landlord()


@pytest.fixture
def people():
    return cast()


def call(client, user, url, **params):
    _, token = services.create_token(user=user, name="test")
    return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def counts(row: dict) -> dict:
    return {key: value["count"] for key, value in row.items() if isinstance(value, dict)}


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_each_endpoint_for_the_roles_that_may_see_it_and_refuses_the_others(
    client, landlord, people, role
):
    for url in ENDPOINTS:
        response = call(client, people[role], url.format(survey=landlord["survey"].pk))
        allowed = "/surveys" not in url or role in SURVEY_PROGRESS
        assert response.status_code == (200 if allowed else 403), (role, url)
        if not allowed:
            assert "does not include permission to follow how many residents" in \
                response.json()["detail"]
        assert response["Cache-Control"] == "private, no-store"


def test_it_refuses_every_endpoint_without_a_token_and_with_a_person_with_no_role(
    client, landlord, people
):
    for url in ENDPOINTS:
        url = url.format(survey=landlord["survey"].pk)
        assert client.get(url).status_code == 401
        assert client.get(url, HTTP_AUTHORIZATION="Bearer dst_not-a-token").status_code == 401
    # A token made while the person had a role acts with the role they have now: none.
    user = people["analyst"]
    _, token = services.create_token(user=user, name="BI")
    user.profile.delete()
    response = client.get("/api/v1/measures", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert "Your role (No role)" in response.json()["detail"]


def test_it_gives_the_year_at_a_glance_with_targets_for_staff(client, landlord, people):
    body = call(client, people["analyst"], "/api/v1/measures", year="2024-25",
                page_size=500).json()
    tp01 = next(row for row in body["items"] if (row["code"], row["tenure"]) == ("TP01", "LCRA"))
    assert tp01["figure"]["numerator"] == 8.0
    assert tp01["figure"]["denominator"] == 11.0
    assert tp01["figure"]["value"] == pytest.approx(800 / 11)
    assert tp01["figure"]["respondents"] == 11  # 12 answers, one "don't know"
    assert (tp01["target"], tp01["target_direction"], tp01["target_status"]) == \
        (75.0, "higher", "not_met")
    lcho = next(row for row in body["items"] if (row["code"], row["tenure"]) == ("TP01", "LCHO"))
    assert lcho["figure"]["value"] == 50.0
    assert lcho["figure"]["suppressed"] is False


def test_it_hides_a_small_group_from_a_panel_member_but_not_from_the_board(
    client, landlord, people
):
    def tp01_lcho(role):
        body = call(client, people[role], "/api/v1/measures", year="2024-25",
                    page_size=500).json()
        return next(row for row in body["items"]
                    if (row["code"], row["tenure"]) == ("TP01", "LCHO"))["figure"]

    assert tp01_lcho("panel_member") == {
        "numerator": None, "denominator": None, "value": None, "respondents": None,
        "margin_of_error": None, "suppressed": True,
    }
    assert tp01_lcho("board_member")["value"] == 50.0


def test_it_hides_small_published_figures_and_breakdown_groups_from_a_panel_member(
    client, landlord, people
):
    figures = call(client, people["panel_member"], "/api/v1/published-years/2024-25/figures",
                   page_size=500).json()["items"]
    by_key = {(row["code"], row["tenure"]): row["figure"] for row in figures}
    assert by_key[("TP01", "LCHO")]["suppressed"] is True  # 4 respondents
    assert by_key[("TP01", "LCHO")]["value"] is None
    assert by_key[("TP01", "LCRA")]["value"] == pytest.approx(800 / 11)  # 12 respondents
    # By area: North has 10 LCRA answers on the scale, South 1: South hidden, and North too,
    # or the total less North would give South away.
    detail = call(client, people["panel_member"], "/api/v1/measures/TP01", year="2024-25",
                  tenure="LCRA", by="area").json()
    assert [(g["group"], g["figure"]["suppressed"]) for g in detail["groups"]] == \
        [("North", True), ("South", True)]
    assert "fewer than 10" in detail["groups_note"]
    staff = call(client, people["analyst"], "/api/v1/measures/TP01", year="2024-25",
                 tenure="LCRA", by="area").json()
    assert [(g["group"], g["figure"]["respondents"]) for g in staff["groups"]] == \
        [("North", 10), ("South", 1)]


def test_it_counts_complaints_by_stage_and_tenure_for_each_role(client, landlord, people):
    def summary(role):
        body = call(client, people[role], "/api/v1/complaints/summary", year="2024-25").json()
        return body["scope"], {row["tenure"]: counts(row) for row in body["by_tenure"]}

    scope, rows = summary("analyst")
    assert scope == "The whole landlord"
    assert rows["LCRA"] == {"stage_1_received": 12, "stage_2_escalated": 2,
                            "stage_1_responded": 11, "stage_2_responded": 2, "withdrawn": 0,
                            "open_at_stage_1": 1, "open_at_stage_2": 0}
    assert rows["all"]["stage_1_received"] == 14
    # The manager of the North: 8 LCRA and 2 LCHO complaints.
    scope, rows = summary("service_manager")
    assert scope == "Your areas: North"
    assert (rows["LCRA"]["stage_1_received"], rows["LCHO"]["stage_1_received"]) == (8, 2)
    # The board counts every complaint, reading counts only.
    assert summary("board_member")[1]["all"]["stage_1_received"] == 14
    # A panel member: LCHO's 2 hidden, so LCRA's 12 too (else 14 - 12 = 2); the total shown.
    _, rows = summary("panel_member")
    assert rows["LCHO"]["stage_1_received"] is None
    assert rows["LCRA"]["stage_1_received"] is None
    assert rows["all"]["stage_1_received"] == 14
    assert rows["all"]["open_at_stage_1"] is None  # 1


def test_it_counts_hazard_cases_by_hazard_and_hides_them_from_a_panel_member_when_few(
    client, landlord, people
):
    body = call(client, people["analyst"], "/api/v1/hazards/summary", year="2025-26").json()
    assert [(row["hazard"], counts(row)["cases"], counts(row)["significant"])
            for row in body["by_hazard"]] == [("Damp and mould growth", 3, 3)]
    assert counts(body["total"])["cases"] == 3
    panel = call(client, people["panel_member"], "/api/v1/hazards/summary",
                 year="2025-26").json()
    assert panel["total"]["cases"] == {"count": None, "suppressed": True}
    assert panel["by_hazard"][0]["significant"] == {"count": None, "suppressed": True}


def test_it_shows_a_panel_member_only_the_residents_summary_of_agreed_actions(
    client, landlord, people
):
    staff = call(client, people["analyst"], "/api/v1/actions").json()
    assert [row["action_ref"] for row in staff["items"]] == ["A1", "A2"]
    assert staff["items"][0]["title"] == "Answer repairs calls within a day"
    panel = call(client, people["panel_member"], "/api/v1/actions").json()
    assert panel["count"] == 1
    (only,) = panel["items"]
    assert only["summary_for_residents"] == "We will call you back within a day about a repair."
    assert only["title"] is None and only["area"] is None and only["due_on"] is None


def test_it_gives_survey_progress_in_counts_by_tenure_and_channel(client, landlord, people):
    body = call(client, people["board_member"],
                f"/api/v1/surveys/{landlord['survey'].pk}/progress").json()
    assert body["achieved"] == 16
    assert body["by_channel"] == {"telephone": 8, "online": 4, "postal": 4} or \
        sorted(body["by_channel"].items()) == [("online", 4), ("postal", 4), ("telephone", 8)]
    assert {row["tenure"]: row["achieved"] for row in body["tenures"]} == {"LCRA": 12, "LCHO": 4}
    listed = call(client, people["engagement_officer"], "/api/v1/surveys").json()
    assert [(row["name"], row["achieved"]) for row in listed["items"]] == [("TSM 2024/25", 16)]


@pytest.mark.parametrize("role", ROLES)
def test_it_never_answers_with_personal_data(client, landlord, people, role):
    shown = ""
    for url in ENDPOINTS:
        response = call(client, people[role], url.format(survey=landlord["survey"].pk),
                        page_size=500)
        shown += json.dumps(response.json())
    for planted in PLANTED:
        assert planted not in shown
    for reference in ("H00", "S0", "C00", "C07", "HZ0", "R00"):
        assert f'"{reference}"' not in shown


def test_it_reads_a_published_year_and_its_versions(client, landlord, people):
    body = call(client, people["board_member"], "/api/v1/published-years/2024-25").json()
    assert (body["year"], body["current_version"], body["licence"]) == ("2024/25", 1, "OGL-UK-3.0")
    assert body["methodological_note"] == "We moved from phone to online interviews this year."
    assert body["non_emergency_target"] == "20 working days"
    missing = call(client, people["board_member"], "/api/v1/published-years/2023-24")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no published 2023/24."}


def test_it_answers_a_question_it_cannot_answer_plainly(client, landlord, people):
    analyst = people["analyst"]
    assert call(client, analyst, "/api/v1/measures/XX99").status_code == 404
    wrong = call(client, analyst, "/api/v1/measures/TP02", tenure="LCHO")
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "TP02 is reported for LCRA only, not LCHO."
    odd_year = call(client, analyst, "/api/v1/measures", year="1900-01")
    assert odd_year.status_code == 400
    assert "not a reporting year Doorstep can hold" in odd_year.json()["detail"]


def test_it_reads_a_list_in_the_same_number_of_queries_however_long(
    client, landlord, people, django_assert_num_queries
):
    from doorstep.actions.models import Action

    _, token = services.create_token(user=people["analyst"], name="BI")
    header = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get("/api/v1/actions", **header)  # the token's first use and minute recorded
    # The token (with its person), its minute counted, then read, and the actions.
    with django_assert_num_queries(4):
        assert client.get("/api/v1/actions", **header).json()["count"] == 2
    Action.objects.bulk_create(Action(action_ref=f"B{n:02d}", title=f"Action {n}")
                               for n in range(30))
    with django_assert_num_queries(4):
        assert client.get("/api/v1/actions", **header).json()["count"] == 32
