"""A reporting year still in progress: never the default, always labelled provisional, its
changes not judged, and a survey short of the regulator's sample gives no percentage.

The landlord in these tests, with "this year" the reporting year containing today and
"last year" the one before it (complete, as it ended on 31 March):

* 100 owned rented (LCRA) homes, H00-H99.
* TP01 last year: 20 responses, 13 satisfied: 13 / 20 = 65.0%.
* TP01 this year (so far): ``current_answers`` responses, completed on 1 April.
* CH01-1: 3 stage 1 complaints last year, 30.0 per 1,000 homes; 1 this year, 10.0 per
  1,000: down 20.0 per 1,000 (fewer complaints, which a whole year would call better).
* The regulator's required sample for N = 100 (±5%): n0 = 1.96² × 0.25 ÷ 0.05² = 384.16,
  then 384.16 ÷ (1 + 384.16 ÷ 100) = 79.35, so 80 responses.
"""

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from doorstep.accounts.testing import cast
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear, default_year, year_choices
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

THIS_YEAR = ReportingYear.containing(timezone.localdate())
LAST_YEAR = THIS_YEAR.previous
PROVISIONAL = f"{THIS_YEAR.label} year to date (provisional)"


@pytest.fixture(autouse=True)
def fresh_figures():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


def landlord(*, current_answers=(1,)) -> None:
    Home.objects.bulk_create(Home(home_ref=f"H{n:02d}", tenure="LCRA", area="North")
                             for n in range(100))
    homes = list(Home.objects.order_by("home_ref"))
    last = (1,) * 13 + (5,) * 7
    SurveyResponse.objects.bulk_create(
        [SurveyResponse(response_ref=f"L{n:02d}", tenure="LCRA", home=homes[n], tp01=answer,
                        completed_on=date(LAST_YEAR.first_year, 10, 1), channel="online")
         for n, answer in enumerate(last)]
        + [SurveyResponse(response_ref=f"T{n:02d}", tenure="LCRA", home=homes[50 + n],
                          tp01=answer, completed_on=THIS_YEAR.start, channel="online")
           for n, answer in enumerate(current_answers)]
    )
    Complaint.objects.bulk_create(
        [Complaint(complaint_ref=f"C{n}", tenure="LCRA", home=homes[n],
                   received_on=date(LAST_YEAR.first_year, 6, 2)) for n in range(3)]
        + [Complaint(complaint_ref="D0", tenure="LCRA", home=homes[9],
                     received_on=THIS_YEAR.start)]
    )


def page_text(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert inline_code_in(response.content) == []
    return text_of(response.content)


# The rule ------------------------------------------------------------------------------


def test_it_opens_on_the_latest_complete_year_whatever_today_is():
    years = [ReportingYear(2026), ReportingYear(2025), ReportingYear(2024)]
    # 2 April 2026: 2025/26 ended two days ago, 2026/27 has barely begun.
    assert default_year(years, today=date(2026, 4, 2)) == ReportingYear(2025)
    # 31 March 2026 is still inside 2025/26: the latest complete year is 2024/25.
    assert default_year(years, today=date(2026, 3, 31)) == ReportingYear(2024)
    # A landlord in its first year has only the year in progress: that is shown.
    assert default_year([ReportingYear(2026)], today=date(2026, 12, 3)) == ReportingYear(2026)
    assert default_year([], today=date(2026, 12, 3)) is None


def test_it_labels_only_a_year_begun_and_not_ended_as_provisional():
    today = date(2026, 12, 3)
    assert ReportingYear(2026).shown_label(today=today) == "2026/27 year to date (provisional)"
    assert ReportingYear(2025).shown_label(today=today) == "2025/26"
    # A year not begun (offered for targets) is only its label.
    assert ReportingYear(2027).shown_label(today=today) == "2027/28"
    assert year_choices([ReportingYear(2026), ReportingYear(2025)], today=today) == [
        ("2026/27", "2026/27 year to date (provisional)"), ("2025/26", "2025/26")]


# The pages -----------------------------------------------------------------------------


def test_it_does_not_let_one_answer_this_year_become_the_dashboards_default(client, people):
    landlord(current_answers=(1,))
    text = page_text(client, people["analyst"], "/")
    assert f"Tenant Satisfaction Measures, {LAST_YEAR.label} (1 April" in text
    assert PROVISIONAL not in text.split("Show this year")[1]
    # The picker still offers this year, by its provisional name.
    assert PROVISIONAL in text
    glance = page_text(client, people["analyst"], "/measures/")
    assert f"Tenant Satisfaction Measures, {LAST_YEAR.label}, against target" in glance
    measure = page_text(client, people["analyst"], "/measures/TP01/")
    assert f"The figure for {LAST_YEAR.label} Value 65.0%" in measure
    panel = page_text(client, people["panel_member"], "/panel/")
    assert f"Tenant Satisfaction Measures, {LAST_YEAR.label} (1 April" in panel


def test_it_labels_this_year_provisional_on_the_dashboard_and_gives_no_percentage(
        client, people):
    landlord(current_answers=(1,))
    text = page_text(client, people["analyst"], f"/?year={THIS_YEAR.label}")
    assert f"Tenant Satisfaction Measures, {PROVISIONAL} (1 April" in text
    assert f"{THIS_YEAR.label} is still in progress: it runs to 31 March" in text
    # One satisfied answer is not "TP01 100%": 1 response of the 80 required.
    tp01 = text[text.index("TP01 "):text.index("TP02 ")]
    assert ("Low cost rental (LCRA) 1 1 Too few responses so far: 1 of the 80 the regulator "
            "requires, so no percentage is given yet.") in tp01
    assert "100.0%" not in tp01


def test_it_gives_this_years_change_in_points_without_calling_it_better(client, people):
    landlord(current_answers=(1,))
    text = page_text(client, people["analyst"], f"/measures/?year={THIS_YEAR.label}")
    assert f"Tenant Satisfaction Measures, {PROVISIONAL}, against target" in text
    assert "Year to date (provisional)." in text
    # CH01-1: 30.0 -> 10.0 per 1,000: down 20.0, not judged.
    start = text.index("CH01-1 ", text.index("Change since"))
    row = text[start:text.index("CH02-1 ", start)]
    assert "10.0 per 1,000" in row
    assert "▼ Down 20.0 per 1,000 Not judged: the year is still in progress" in row
    assert "(better)" not in text and "(worse)" not in text
    assert "Significant" not in row
    # TP01 on 1 response: no value, no target status, no change.
    start = text.index("TP01 ", text.index("Change since"))
    row = text[start:text.index("TP02 ", start)]
    assert ("Too few responses so far: 1 of the 80 the regulator requires, so no percentage "
            "is given yet. – Not compared yet") in row


def test_it_labels_a_measure_page_of_this_year_and_its_small_base(client, people):
    landlord(current_answers=(1,))
    text = page_text(client, people["analyst"], f"/measures/TP01/?year={THIS_YEAR.label}")
    assert f"TP01 · {PROVISIONAL} · Low cost rental (LCRA)" in text
    assert (f"The figure for {PROVISIONAL} Year to date (provisional). {THIS_YEAR.label} is "
            "still in progress") in text
    assert "Too few responses so far: 1 of the 80 the regulator requires" in text
    # The trend's table: last year's 65.0%, this year's point says why it has none.
    years = text[text.index("By reporting year: the numbers"):text.index("Quarter by quarter")]
    assert (f"{LAST_YEAR.label} 13 20 65.0% ± 19.7 points – {PROVISIONAL} 1 1 Too few "
            "responses so far: 1 of the 80") in years
    complaints = page_text(client, people["analyst"],
                           f"/measures/CH01-1/?year={THIS_YEAR.label}")
    assert "Change since" in complaints
    assert "▼ Down 20.0 per 1,000 Not judged: the year is still in progress" in complaints
    assert "(better)" not in complaints


def test_it_labels_this_year_on_the_panels_page_and_says_the_sample_is_short(client, people):
    # 12 responses so far: enough to show a panel (10 or more), short of the 80 required.
    landlord(current_answers=(1,) * 10 + (5,) * 2)
    text = page_text(client, people["panel_member"], f"/panel/?year={THIS_YEAR.label}")
    assert f"Tenant Satisfaction Measures, {PROVISIONAL} (1 April" in text
    assert f"{THIS_YEAR.label} is still in progress" in text
    assert ("Satisfied with the overall service Low cost rental (LCRA) Too few responses so "
            "far: 12 of the 80 the regulator requires, so no percentage is given yet.") in text
    assert "83.3%" not in text  # 10 / 12, as if final
    # A complete year's panel figure is a percentage, as it was.
    text = page_text(client, people["panel_member"], f"/panel/?year={LAST_YEAR.label}")
    assert "Satisfied with the overall service Low cost rental (LCRA) 65.0% 20 residents" in text


def test_it_labels_this_years_csv_export_in_the_file_and_its_name(client, people):
    landlord(current_answers=(1,))
    client.force_login(people["analyst"])
    response = client.get(f"/measures/CH01-1/records.csv?year={THIS_YEAR.label}&tenure=LCRA")
    assert response.status_code == 200
    name = THIS_YEAR.label.replace("/", "-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="CH01-1-LCRA-{name}-year-to-date-provisional-records.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "reporting year"
    assert len(rows) == 2  # the header and the one complaint this year
    assert rows[1][0] == "D0" and rows[1][-1] == PROVISIONAL
    # Last year's file is as it always was: no extra column, no label in the name.
    response = client.get(f"/measures/CH01-1/records.csv?year={LAST_YEAR.label}&tenure=LCRA")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "reporting year" not in rows[0] and len(rows) == 4
    assert "provisional" not in response["Content-Disposition"]


def test_it_lists_last_years_records_when_no_year_is_asked_for(client, people):
    landlord(current_answers=(1,))
    text = page_text(client, people["analyst"], "/measures/CH01-1/records/")
    assert f"CH01-1 · {LAST_YEAR.label} · LCRA" in text
    assert "3 records." in text
