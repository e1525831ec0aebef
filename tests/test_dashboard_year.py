"""The year at a glance: every measure against its target and last year, for each role.

The landlord in these tests (built by ``landlord()``, shared with the other dashboard tests):

* 100 owned rented (LCRA) homes: 60 in North (N01-N60, scheme Oak), 40 in South (S01-S40,
  scheme Elm); no shared-ownership homes.
* TP01 in 2025/26: 20 responses from 20 homes, North 12 (9 satisfied, 3 dissatisfied),
  South 8 (4 satisfied, 4 very dissatisfied): 13 / 20 = 65.0%; North 9/12 = 75.0%,
  South 4/8 = 50.0%. In 2024/25: 2 satisfied of 20 = 10.0%.
* TP05 in 2025/26: 12 of the same 20 satisfied = 60.0%; in 2024/25 10 of 20 = 50.0%.
* Margin of error, both years: N = 100, n = 20:
  100 x 1.96 x sqrt(0.25 / 20) x sqrt((100 - 20) / (100 - 1))
  = 196 x 0.1118034 x 0.8989331 = 19.70 points; combined sqrt(2) x 19.70 = 27.86 points.
  TP01's change (+55.0) is larger: significant. TP05's (+10.0) is not.
* CH01-1: 3 stage 1 complaints in 2025/26 (30.0 per 1,000), 5 in 2024/25 (50.0 per 1,000).
* RP02-1: 4 non-emergency repairs completed in 2025/26, 3 within target: 75.0%. The late
  one, R4 on home S01, has the priority label "=HYPERLINK(...)" (for the export tests).
* Targets for 2025/26: TP01 LCRA 60.0 (higher is better), CH01-1 LCRA 25.0 (lower).
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doorstep.accounts.testing import cast
from doorstep.complaints.models import Complaint
from doorstep.core.periods import UK
from doorstep.measures.models import Target
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

YEAR_PAGE = "/measures/"


@pytest.fixture(autouse=True)
def fresh_figures():
    # The figures are cached by data version; these tests write records without an import.
    cache.clear()
    yield
    cache.clear()


def _responses(prefix, year, answers, *, homes, question="tp01", **others):
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            response_ref=f"{prefix}{n:02d}", tenure="LCRA", completed_on=date(year, 10, 1),
            channel="online" if n % 2 else "postal", home=home,
            **{question: answer}, **{k: v[n] for k, v in others.items()},
        )
        for n, (home, answer) in enumerate(zip(homes, answers, strict=True))
    )


def landlord(*, north_answers=(1,) * 5 + (2,) * 4 + (4,) * 3,
             south_answers=(1,) * 2 + (2,) * 2 + (5,) * 4, targets=True) -> None:
    Home.objects.bulk_create(
        [Home(home_ref=f"N{n:02d}", tenure="LCRA", area="North", scheme="Oak")
         for n in range(1, 61)]
        + [Home(home_ref=f"S{n:02d}", tenure="LCRA", area="South", scheme="Elm")
           for n in range(1, 41)]
    )
    homes = {home.home_ref: home for home in Home.objects.all()}
    surveyed = [homes[f"N{n:02d}"] for n in range(1, 13)] + [
        homes[f"S{n:02d}"] for n in range(1, 9)]
    answers = tuple(north_answers) + tuple(south_answers)
    tp05 = (1,) * 12 + (4,) * 8
    _responses("V", 2025, answers, homes=surveyed, tp05=tp05)
    _responses("W", 2024, (1, 2) + (4,) * 18, homes=surveyed, tp05=(1,) * 10 + (5,) * 10)
    Complaint.objects.bulk_create(
        [Complaint(complaint_ref=f"C{n}", tenure="LCRA", received_on=date(2025, 6, 2),
                   home=homes["N01"]) for n in range(3)]
        + [Complaint(complaint_ref=f"D{n}", tenure="LCRA", received_on=date(2024, 6, 3))
           for n in range(5)]
    )
    reported = datetime(2025, 5, 1, 9, 0, tzinfo=UK)
    Repair.objects.bulk_create(
        Repair(repair_ref=f"R{n}", home=homes[home], reported_at=reported,
               priority="non_emergency", priority_label=label,
               target_at=reported + timedelta(days=20),
               completed_at=reported + timedelta(days=days), status="completed")
        for n, home, label, days in [
            (1, "N01", "Routine", 5), (2, "N02", "Routine", 10), (3, "S02", "Routine", 19),
            (4, "S01", '=HYPERLINK("http://evil.example","click")', 30),
        ]
    )
    if targets:
        Target.objects.create(code="TP01", first_year=2025, tenure="LCRA",
                              value=Decimal("60.0"), direction="higher")
        Target.objects.create(code="CH01-1", first_year=2025, tenure="LCRA",
                              value=Decimal("25.0"), direction="lower")


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


def page_text(client, user, query="?year=2025/26&tenure=LCRA", url=YEAR_PAGE) -> str:
    client.force_login(user)
    response = client.get(url + query)
    assert response.status_code == 200, response.content[:500]
    assert inline_code_in(response.content) == []
    return text_of(response.content)


def row(text: str, code: str, length=170) -> str:
    start = text.index(f"{code} ", text.index("Change since"))
    return text[start:start + length]


def test_it_shows_an_analyst_every_measure_against_target_and_last_year(client, people):
    landlord()
    text = page_text(client, people["analyst"])
    assert "Tenant Satisfaction Measures, 2025/26, against target and 2024/25" in text
    # 13 of 20 satisfied = 65.0%, target 60.0 higher is better: met. 10.0% a year before:
    # up 55.0 points, beyond the combined margin of 27.86 points.
    assert row(text, "TP01").startswith(
        "TP01 Satisfied with the overall service Low cost rental (LCRA) 65.0% ± 19.7 points "
        "13 / 20 60.0% higher is better ✓ Target met ▲ Up 55.0 points (better) Significant")
    # 60.0% against 50.0%: up 10.0 points, inside the 27.86-point combined margin.
    assert "Up 10.0 points (better) Within the margin of error" in row(text, "TP05")
    # 3 complaints / 100 homes x 1,000 = 30.0, target 25.0 where lower is better: missed.
    # Last year 5 / 100 x 1,000 = 50.0: down 20.0, which is better for CH01.
    assert row(text, "CH01-1").startswith(
        "CH01-1 Stage 1 complaints received per 1,000 homes Low cost rental (LCRA) "
        "30.0 per 1,000 3 / 100 25.0 lower is better ✗ Target not met ▼ Down 20.0 per 1,000 "
        "(better)")
    # 3 of 4 repairs in time = 75.0%; no target; nothing last year to compare with.
    assert row(text, "RP02-1").startswith(
        "RP02-1 Non-emergency repairs completed within target Low cost rental (LCRA) 75.0% "
        "3 / 4 – – No target set No figure to compare")
    assert "Set the targets for 2025/26" in text
    assert "two-proportion test at 95% confidence" in text


def test_it_lists_all_26_parts_of_the_22_measures_even_those_not_reported_for_a_tenure(
        client, people):
    landlord()
    text = page_text(client, people["board_member"], "?year=2025/26&tenure=LCHO")
    codes = ["TP01", "TP02", "TP03", "TP04", "TP05", "TP06", "TP07", "TP08", "TP09", "TP10",
             "TP11", "TP12", "BS01", "BS02", "BS03", "BS04", "BS05", "RP01", "RP02-1",
             "RP02-2", "CH01-1", "CH01-2", "CH02-1", "CH02-2", "NM01-1", "NM01-2"]
    places = [text.index(f"{code} ", text.index("Change since")) for code in codes]
    assert places == sorted(places)
    assert ("RP01 Homes that do not meet the Decent Homes Standard Low cost home ownership "
            "(LCHO) Not reported for this tenure: the regulator asks for it for Low cost rental "
            "(LCRA) only.") in text
    assert ("BS01 Homes with all required gas safety checks Low cost home ownership (LCHO) Not "
            "reported for this tenure") in text
    # No shared-ownership homes: CH01-1 for LCHO has nothing to count, never a 0.
    assert row(text, "CH01-1").startswith(
        "CH01-1 Stage 1 complaints received per 1,000 homes Low cost home ownership (LCHO) "
        "No figure: nothing to count 0 / 0")
    # A board member reads, but does not set targets.
    assert "Set the targets" not in text


def test_it_hides_small_figures_and_their_changes_from_a_panel_member(client, people):
    landlord()
    text = page_text(client, people["panel_member"])
    # TP01's base is 20 respondents: shown.
    assert row(text, "TP01").startswith(
        "TP01 Satisfied with the overall service Low cost rental (LCRA) 65.0%")
    # CH01-1 counts 3 complaints, RP02-1 4 repairs: fewer than 10, so neither the figure,
    # nor its status, nor its change (which could give it away) is shown.
    ch01 = row(text, "CH01-1", 110)
    assert "Not shown: fewer than 10" in ch01
    assert "30.0" not in ch01 and "Target not met" not in ch01 and "Down" not in ch01
    assert "Not shown: fewer than 10" in row(text, "RP02-1", 110)
    assert "75.0%" not in text


def test_it_shows_data_quality_warnings_only_to_those_who_can_drill_down(client, people):
    landlord()
    Complaint.objects.create(complaint_ref="NOHOME", tenure="LCRA",
                             received_on=date(2025, 7, 1))
    analyst = page_text(client, people["analyst"])
    assert "Data-quality warnings" in analyst
    board = page_text(client, people["board_member"])
    assert "Data-quality warnings" not in board


def test_it_refuses_someone_without_a_role_and_hides_the_page_from_their_navigation(
        client, people):
    landlord()
    client.force_login(people["no_role"])
    response = client.get(YEAR_PAGE)
    assert response.status_code == 403
    assert "does not include permission to see the measures" in text_of(response.content)
    client.force_login(people["complaints_handler"])
    assert "Year at a glance" in text_of(client.get("/").content)


def test_it_explains_a_year_or_tenure_it_cannot_read_and_shows_the_latest_instead(
        client, people):
    landlord()
    text = page_text(client, people["analyst"], "?year=next+year&tenure=council")
    assert "There is a problem" in text
    assert "Choose a reporting year from the list" in text
    assert "Choose a tenure from the list" in text
    assert "Tenant Satisfaction Measures, 2025/26" in text


def test_it_reuses_the_computed_figures_until_the_records_behind_them_change(
    client, people, django_capture_on_commit_callbacks
):
    from doorstep.measures.cache import figures_changed

    landlord()
    page_text(client, people["analyst"])
    # A bulk write sends no signal, so it is not seen...
    Complaint.objects.bulk_create([Complaint(complaint_ref="LATE", tenure="LCRA",
                                             received_on=date(2025, 8, 1))])
    assert "30.0 per 1,000 3 / 100" in row(page_text(client, people["analyst"]), "CH01-1")
    # ...until the figures are said to have changed, as every import does:
    # 4 / 100 x 1,000 = 40.0.
    figures_changed()
    assert "40.0 per 1,000 4 / 100" in row(page_text(client, people["analyst"]), "CH01-1")
    # A complaint saved on its own says so itself once committed: 5 / 100 x 1,000 = 50.0.
    with django_capture_on_commit_callbacks(execute=True):
        Complaint.objects.create(complaint_ref="LATER", tenure="LCRA",
                                 received_on=date(2025, 8, 2))
    assert "50.0 per 1,000 5 / 100" in row(page_text(client, people["analyst"]), "CH01-1")


def test_it_runs_as_many_queries_for_a_big_landlord_as_for_a_small_one(client, people):
    client.force_login(people["analyst"])
    landlord()
    with CaptureQueriesContext(connection) as small_cold:
        client.get(YEAR_PAGE + "?year=2025/26")
    with CaptureQueriesContext(connection) as small:
        client.get(YEAR_PAGE + "?year=2025/26")
    Home.objects.bulk_create(Home(home_ref=f"X{n}", tenure="LCRA", area="East")
                             for n in range(300))
    Complaint.objects.bulk_create(Complaint(complaint_ref=f"X{n}", tenure="LCRA",
                                            received_on=date(2025, 9, 1)) for n in range(80))
    Target.objects.create(code="TP05", first_year=2025, tenure="LCRA", value=50,
                          direction="higher")
    cache.clear()
    with CaptureQueriesContext(connection) as big_cold:
        response = client.get(YEAR_PAGE + "?year=2025/26")
    with CaptureQueriesContext(connection) as big:
        client.get(YEAR_PAGE + "?year=2025/26")
    assert "83 / 400" in text_of(response.content)  # 3 + 80 complaints, 100 + 300 homes
    assert len(big_cold) == len(small_cold)
    # Served from the cache: session, user, conventions, data version, targets.
    assert len(big) == len(small) <= 8, [query["sql"][:80] for query in big]
