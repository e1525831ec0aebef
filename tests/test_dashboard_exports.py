"""The records behind a figure: who may see them, a manager's areas, and downloads that
cannot run a formula. The landlord is ``test_dashboard_year.landlord``: RP02-1's only late
repair is R4 on home S01 (South), with the priority label '=HYPERLINK(...)'."""

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from openpyxl import load_workbook
from test_dashboard_year import landlord

from doorstep.accounts.models import Role
from doorstep.accounts.testing import cast, person
from doorstep.core.periods import ReportingYear
from doorstep.measures.exports import as_csv, as_xlsx, safe_cell
from doorstep.measures.targets import Quarter
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db
RECORDS = "/measures/RP02-1/records"
YEAR = "?year=2025/26&tenure=LCRA"


@pytest.fixture(autouse=True)
def fresh_figures():
    cache.clear()


@pytest.fixture
def people():
    landlord()
    return cast(manager_areas=("North",))


def test_it_defuses_every_cell_that_could_run_as_a_formula():
    risky = ["=1+1", "+44 7700", "-2", "@SUM(A1)", "\tcmd", "\rcmd"]
    assert [safe_cell(value) for value in risky] == [
        "'=1+1", "'+44 7700", "'-2", "'@SUM(A1)", "'\tcmd", "'\rcmd"]
    # Numbers, dates and plain text are left alone; a negative number is a number.
    assert [safe_cell(value) for value in (-2, 1.5, date(2025, 4, 1), "Routine", None, True)] == [
        -2, 1.5, date(2025, 4, 1), "Routine", "", "yes"]


def test_it_lists_the_late_repair_and_downloads_it_safely(client, people):
    client.force_login(people["analyst"])
    text = text_of(client.get(RECORDS + "/" + YEAR).content)
    assert ('Repair Home Priority Reported Target Completed Late by R4 S01 '
            '=HYPERLINK("http://evil.example","click") 2025-05-01 09:00 2025-05-21 09:00 '
            '2025-05-31 09:00 10 days') in text
    assert "1 record." in text
    response = client.get(RECORDS + ".csv" + YEAR)
    assert response["Content-Disposition"] == (
        'attachment; filename="RP02-1-LCRA-2025-26-records.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["repair", "home", "priority", "reported", "target", "completed", "late by"],
        ["R4", "S01", "'=HYPERLINK(\"http://evil.example\",\"click\")", "2025-05-01 09:00",
         "2025-05-21 09:00", "2025-05-31 09:00", "10 days"],
    ]
    response = client.get(RECORDS + ".xlsx" + YEAR)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet["C2"]
    assert cell.value == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert cell.data_type == "s"  # text, not a formula


def test_it_writes_xlsx_numbers_and_dates_as_themselves():
    body = as_xlsx(columns=["ref", "count", "on"], rows=[["-X", 3, date(2025, 5, 1)]],
                   sheet="RP01")
    sheet = load_workbook(io.BytesIO(body)).active
    assert [cell.value for cell in sheet[2]][:2] == ["'-X", 3]
    assert sheet["C2"].value.date() == date(2025, 5, 1)
    assert as_csv(columns=["a"], rows=[["@x"]]).decode("utf-8-sig") == "a\r\n'@x\r\n"


def test_it_keeps_the_records_from_everyone_who_may_not_drill_down(client, people):
    for role in ("complaints_handler", "engagement_officer",
                 "board_member", "panel_member", "no_role"):
        client.force_login(people[role])
        for url in (RECORDS + "/" + YEAR, RECORDS + ".csv" + YEAR, RECORDS + ".xlsx" + YEAR):
            response = client.get(url)
            assert response.status_code == 403, (role, url)
            # The page's words, not its bytes: a random CSRF token may contain "R4".
            assert "R4" not in text_of(response.content)


def test_it_limits_a_managers_records_to_their_areas(client, people):
    south = person(Role.SERVICE_MANAGER, username="south", areas=["South"])
    client.force_login(south)
    assert "R4 S01" in text_of(client.get(RECORDS + "/" + YEAR).content)
    client.force_login(people["service_manager"])  # North only
    text = text_of(client.get(RECORDS + "/" + YEAR).content)
    assert "Only records about homes in your areas (North) are listed" in text
    assert "R4" not in text and "0 records." in text
    rows = list(csv.reader(io.StringIO(
        client.get(RECORDS + ".csv" + YEAR).content.decode("utf-8-sig"))))
    assert len(rows) == 1  # the header alone
    # TP01's responses: North's 12 of the 20, by home.
    text = text_of(client.get("/measures/TP01/records/" + YEAR).content)
    assert "12 records." in text and " S0" not in text


def test_it_divides_the_year_into_quarters_from_april():
    year = ReportingYear(2025)
    quarters = [Quarter(year, number) for number in (1, 2, 3, 4)]
    assert [(q.start, q.end) for q in quarters] == [
        (date(2025, 4, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 3, 31))]
    assert date(2025, 9, 30) in quarters[1] and date(2025, 10, 1) not in quarters[1]
    assert quarters[3].ends_before.isoformat() == "2026-04-01T00:00:00+01:00"
