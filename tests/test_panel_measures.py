"""The scrutiny panel's view of the year's measures: aggregated, small groups hidden, and
hidden so that no one can subtract their way to a hidden figure.

The landlord in these tests, year 2025/26:
- rented (LCRA) homes: 10 in North, 12 in South, 15 in East; 5 shared-ownership (LCHO)
  homes in North;
- TP01 answers from one household per home: North 4 (very satisfied x2, fairly satisfied,
  very dissatisfied), South 12 (9 very satisfied, 3 very dissatisfied), East 15 (6 very
  satisfied, 9 very dissatisfied);
- 20 stage 1 complaints from renters and 3 from shared owners.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doorstep.accounts.testing import cast
from doorstep.complaints.models import Complaint
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

ANSWERS = {"North": (1, 1, 2, 5), "South": (1,) * 9 + (5,) * 3, "East": (1,) * 6 + (5,) * 9}
RENTED_HOMES = {"North": 10, "South": 12, "East": 15}


def landlord(*, scale: int = 1) -> None:
    """``scale`` multiplies every count (for the query-count test)."""
    for area, count in RENTED_HOMES.items():
        Home.objects.bulk_create(Home(home_ref=f"{area}-{n}", tenure="LCRA", area=area)
                                 for n in range(count * scale))
    Home.objects.bulk_create(Home(home_ref=f"SO-{n}", tenure="LCHO", area="North")
                             for n in range(5 * scale))
    homes = {home.home_ref: home for home in Home.objects.all()}
    SurveyResponse.objects.bulk_create(
        SurveyResponse(response_ref=f"V-{area}-{n}", home=homes[f"{area}-{n}"], tenure="LCRA",
                       completed_on=date(2025, 10, 1), channel="online", tp01=answer)
        for area, answers in ANSWERS.items() for n, answer in enumerate(answers * scale))
    Complaint.objects.bulk_create(
        Complaint(complaint_ref=f"C-{tenure}-{n}", tenure=tenure, received_on=date(2025, 5, 1))
        for tenure, count in (("LCRA", 20), ("LCHO", 3)) for n in range(count * scale))


@pytest.fixture
def people():
    landlord()
    return cast(manager_areas=("North",))


def panel_page(client, user, query="") -> str:
    client.force_login(user)
    response = client.get("/panel/" + query)
    assert response.status_code == 200
    assert inline_code_in(response.content) == []
    return text_of(response.content)


def row(text: str, start: str) -> str:
    """The words of the table row that starts with ``start``."""
    at = text.index(start, text.index("Based on"))
    return text[at:at + len(start) + 40]


TP01 = "TP01 Satisfied with the overall service Low cost rental (LCRA)"
CH01_1 = "CH01-1 Stage 1 complaints received per 1,000 homes"


def test_it_shows_the_panel_the_whole_landlords_figures_with_small_ones_hidden(client, people):
    text = panel_page(client, people["panel_member"])
    assert "Tenant Satisfaction Measures, 2025/26 (1 April 2025 to 31 March 2026)" in text
    assert "a figure based on fewer than 10 residents, complaints, cases or homes is not shown" \
        in text
    # TP01: 2 + 9 + 6 = 17 very satisfied and 1 fairly satisfied of 4 + 12 + 15 = 31:
    # 100 x 18 / 31 = 58.06%.
    assert row(text, TP01).startswith(f"{TP01} 58.1% 31 residents")
    # 3 shared owners' complaints are too few; the renters' 20 would give them away
    # (23 - 20 = 3), so both are hidden and only the combined figure is shown:
    # 23 complaints / 42 homes x 1,000 = 547.6 per 1,000.
    assert f"{CH01_1} Low cost home ownership (LCHO) Not shown" in text
    assert f"{CH01_1} Low cost rental (LCRA) Not shown" in text
    assert f"{CH01_1} LCRA and LCHO together 547.6 per 1,000 23 complaints" in text
    # 20 / 37 x 1,000 = 540.5 would be the renters' figure: it appears nowhere.
    assert "540.5" not in text


def test_it_hides_the_next_smallest_area_so_the_smallest_cannot_be_subtracted(client, people):
    text = panel_page(client, people["panel_member"], "?year=2025%2F26&by=area")
    assert "Tenant Satisfaction Measures, 2025/26 (1 April 2025 to 31 March 2026), by area" in text
    assert f"{TP01} All homes 58.1% 31 residents" in text
    # North's 4 residents are too few. South's 12 would be enough, but 31 - 12 - 15 = 4
    # would then give North away, so South is hidden too.
    assert f"{TP01} North Not shown" in text
    assert f"{TP01} South Not shown" in text
    # East: 6 very satisfied of 15 = 40.0%.
    assert f"{TP01} East 40.0% 15 residents" in text
    # South's own figure (9 of 12 = 75.0%) and North's (3 of 4 = 75.0%) appear nowhere.
    assert "75.0%" not in text


def test_it_hides_the_same_figures_from_staff_looking_at_the_panels_view(client, people):
    for role in ("analyst", "board_member", "complaints_handler", "service_manager"):
        text = panel_page(client, people[role], "?year=2025%2F26&by=area")
        assert f"{TP01} North Not shown" in text, role
        assert f"{TP01} East 40.0% 15 residents" in text, role


def test_it_shows_no_records_names_or_ways_to_drill_down(client, people):
    client.force_login(people["panel_member"])
    page = client.get("/panel/?year=2025%2F26&by=area").content.decode()
    html = page[page.index("<main"):page.index("</main>")]
    for never in ("North-0", "V-North", "C-LCRA", "Numerator", "Denominator", "explain",
                  "/complaints/", "/homes/"):
        assert never not in html, never


def test_it_offers_only_breakdowns_too_coarse_to_point_to_a_block(client, people):
    text = panel_page(client, people["panel_member"], "?year=2025%2F26&by=building")
    assert "There is a problem Choose a breakdown from the list" in text
    assert f"{TP01} 58.1% 31 residents" in text  # the whole landlord instead
    assert "North Not shown" not in text


def test_it_refuses_someone_with_no_role(client, people):
    client.force_login(people["no_role"])
    response = client.get("/panel/")
    assert response.status_code == 403
    assert "does not include permission to see the measures" in text_of(response.content)


def test_it_puts_the_panel_in_the_navigation_of_the_panel_and_the_board(client, people):
    for role, shown in (("panel_member", True), ("board_member", True), ("analyst", False)):
        client.force_login(people[role])
        assert ('href="/panel/"' in client.get("/").content.decode()) is shown, role


def test_it_answers_htmx_with_the_figures_alone(client, people):
    client.force_login(people["panel_member"])
    response = client.get("/panel/?year=2025%2F26&by=needs_type",
                          headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="panel-figures"')
    assert "<html" not in html
    # Every home's needs type is blank here, so every figure is in "Not recorded".
    assert f"{TP01} Not recorded 58.1% 31 residents" in text_of(html)


def test_it_runs_as_many_queries_for_a_big_landlord_as_for_a_small_one(client):
    people = cast()
    client.force_login(people["panel_member"])
    landlord()
    with CaptureQueriesContext(connection) as small:
        client.get("/panel/?year=2025%2F26&by=area")
    for model in (SurveyResponse, Complaint, Home):
        model.objects.all().delete()
    landlord(scale=3)
    with CaptureQueriesContext(connection) as big:
        response = client.get("/panel/?year=2025%2F26&by=area")
    # 3 x 31 = 93 residents: nothing hidden now, 100 x 54 / 93 = 58.1%.
    assert f"{TP01} All homes 58.1% 93 residents" in text_of(response.content)
    assert len(big) == len(small)
