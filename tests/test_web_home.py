"""Your Doorstep, the signed-in home page: what the role can do, and the year's measures.

The landlord in these tests, year 2025/26: 8 rented (LCRA) homes, 4 in North and 4 in
South; 3 stage 1 complaints; 4 survey answers to TP01 (very satisfied, fairly satisfied,
fairly dissatisfied, don't know).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.complaints.models import Complaint
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def landlord(*, homes_per_area=4, complaints=3, answers=(1, 2, 4, 9)) -> None:
    for area in ("North", "South"):
        Home.objects.bulk_create(
            Home(home_ref=f"{area[0]}{n}", tenure="LCRA", area=area)
            for n in range(homes_per_area))
    Complaint.objects.bulk_create(
        Complaint(complaint_ref=f"C{n}", tenure="LCRA", received_on=date(2025, 5, 1))
        for n in range(complaints))
    SurveyResponse.objects.bulk_create(
        SurveyResponse(response_ref=f"V{n}", tenure="LCRA", completed_on=date(2025, 10, 1),
                       channel="online", tp01=answer)
        for n, answer in enumerate(answers))


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


def page(client, user, query="") -> str:
    client.force_login(user)
    response = client.get("/" + query)
    assert response.status_code == 200
    return text_of(response.content)


def row(text: str, code: str, tenure: str) -> str:
    """The words of one row of the measures table, from its code to the next row."""
    start = text.index(f"{code} ", text.index("Value"))
    start = text.index(tenure, start)
    return text[start:start + 80]


def test_it_shows_an_administrator_the_admin_and_the_measures(client, people):
    landlord()
    text = page(client, people["administrator"])
    assert "Your role: Administrator." in text
    assert "Administration Users and their roles, conventions and every record." in text
    assert "Tenant Satisfaction Measures, 2025/26 (1 April 2025 to 31 March 2026)" in text
    # CH01-1 for LCRA: 3 complaints / 8 homes x 1,000 = 375.0 per 1,000
    assert row(text, "CH01-1", "Low cost rental (LCRA)").startswith(
        "Low cost rental (LCRA) 3 8 375.0 per 1,000")
    # TP01 for LCRA: satisfied 2 (answers 1, 2) of a base of 3 (don't know left out) = 66.7%
    assert row(text, "TP01", "Low cost rental (LCRA)").startswith(
        "Low cost rental (LCRA) 2 3 66.7%")
    # No shared-ownership homes: CH01-1 for LCHO has nothing to count, never a 0.
    assert row(text, "CH01-1", "Low cost home ownership (LCHO)").startswith(
        "Low cost home ownership (LCHO) 0 0 No figure: nothing to count")


def test_it_keeps_admin_out_of_reach_for_every_other_role(client, people):
    for role in ("analyst", "service_manager", "board_member", "panel_member"):
        client.force_login(people[role])
        html = client.get("/").content.decode()
        assert 'href="/admin/"' not in html, role


def test_it_names_the_areas_a_service_manager_looks_after(client, people):
    landlord()
    text = page(client, people["service_manager"])
    assert "Your role: Service manager, for the North area." in text


def test_it_hides_small_figures_from_a_panel_member_but_not_from_a_board_member(client, people):
    landlord()
    panel = page(client, people["panel_member"])
    assert "Your role: Scrutiny panel member." in panel
    assert ("Figures based on fewer than 10 residents, cases or homes are not shown, so that "
            "no one can be identified from them.") in panel
    # TP01's base is 3 respondents, under 10: suppressed, and its 66.7% appears nowhere.
    assert row(panel, "TP01", "Low cost rental (LCRA)").startswith(
        "Low cost rental (LCRA) Not shown: fewer than 10")
    assert "66.7%" not in panel
    board = page(client, people["board_member"])
    assert row(board, "TP01", "Low cost rental (LCRA)").startswith(
        "Low cost rental (LCRA) 2 3 66.7%")
    assert "not shown" not in board


def test_it_shows_a_figure_to_a_panel_member_once_its_base_reaches_ten(client, people):
    # 10 answers: 6 very satisfied, 4 very dissatisfied; 100 x 6 / 10 = 60.0%
    landlord(answers=(1,) * 6 + (5,) * 4)
    panel = page(client, people["panel_member"])
    assert row(panel, "TP01", "Low cost rental (LCRA)").startswith(
        "Low cost rental (LCRA) 6 10 60.0%")


def test_it_tells_someone_without_a_role_to_ask_for_one_and_shows_nothing_else(client, people):
    landlord()
    text = page(client, people["no_role"])
    assert ("Your sign-in does not have a role in Doorstep yet, so there is nothing to show "
            "you. Ask a Doorstep administrator to give you one.") in text
    assert "Tenant Satisfaction Measures, 2025/26" not in text
    assert "Numerator" not in text


def test_it_shows_another_year_when_asked(client, people):
    landlord()
    Complaint.objects.create(complaint_ref="OLD", tenure="LCRA", received_on=date(2024, 6, 1))
    text = page(client, people["analyst"], "?year=2024/25")
    assert "Tenant Satisfaction Measures, 2024/25 (1 April 2024 to 31 March 2025)" in text
    # 1 complaint in 2024/25 / 8 homes x 1,000 = 125.0
    assert row(text, "CH01-1", "Low cost rental (LCRA)").startswith(
        "Low cost rental (LCRA) 1 8 125.0 per 1,000")


def test_it_explains_a_year_it_does_not_have_instead_of_failing(client, people):
    landlord()
    text = page(client, people["analyst"], "?year=1999/00")
    assert "There is a problem Choose a reporting year from the list" in text
    assert "Tenant Satisfaction Measures, 2025/26" in text  # the latest year instead


def test_it_says_when_there_is_nothing_to_measure_yet(client, people):
    text = page(client, people["analyst"])
    assert ("There are no figures yet: no surveys, repairs or complaints have been imported."
            in text)


def test_it_answers_an_htmx_request_with_the_table_alone(client, people):
    landlord()
    client.force_login(people["analyst"])
    response = client.get("/?year=2025/26", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="year-figures"')
    assert "<html" not in html
    assert "Tenant Satisfaction Measures, 2025/26" in text_of(html)


def test_it_runs_as_many_queries_for_a_big_landlord_as_for_a_small_one(client, people):
    client.force_login(people["administrator"])
    # The same kinds of record in both, so only their number changes.
    landlord(homes_per_area=2, complaints=1, answers=(1, 2, 3, 4, 5))
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    Home.objects.all().delete()
    Complaint.objects.all().delete()
    SurveyResponse.objects.all().delete()
    landlord(homes_per_area=60, complaints=40, answers=(1, 2, 3, 4, 5) * 12)
    with CaptureQueriesContext(connection) as big:
        response = client.get("/")
    assert "per 1,000" in text_of(response.content)
    # The same queries whatever the size: no query per home, complaint or answer.
    assert len(big) == len(small)
    assert len(big) <= 60, [query["sql"][:80] for query in big]
