"""A service manager's lists (issue 17 item 7): their areas' repairs, anti-social behaviour
cases and building-safety compliance, with filters and paging, and the records behind them.

The cast: the manager of North, the manager of South, a performance analyst (every area)
and a scrutiny panel member. The landlord:

- block BN "North Court" holds N1 and N2 (North); block BX "Border House" holds N3 (North)
  and S2 (South); S1 (South) is in no block.
- Repairs, today being after 2025 (so every 2025 target has passed; 2099's has not):
  R1 N1 open emergency, reported 2 Jun 2025, target 3 Jun: late.
  R2 N2 completed 20 Jun, reported 10 Jun, target 10 Jul: on time.
  R3 N1 completed 10 Jul, reported 1 Jul, target 5 Jul: late.
  R4 communal in BX, open, reported 1 Aug 2025, target 2099: not late.
  R5 S1 open emergency, reported 5 Jun, target 6 Jun: late (South's).
  R6 communal in BN, open, reported 1 Sep 2025, target 2 Sep: late.
  North's manager sees R1-R4 and R6 (R4: BX holds a North flat); South's sees R4 and R5.
- ASB cases: A1 N1 opened 1 May 2025, open, a hate incident; A2 N2 opened 1 Jun, closed
  1 Jul; A3 S1 opened 15 Jun, open; A4 N3 opened 1 Aug, open.
- Safety on 31 Mar 2026: Q1 gas on N1, checked 1 Jun 2025 valid to 1 Jun 2026 (valid);
  Q2 gas on N2, checked 10 Jan 2025 valid to 10 Jan 2026 (lapsed; a check done 15 Apr 2026
  is after the day, so does not count); Q3 fire risk on BN, never checked (lapsed); Q4 fire
  risk on BX, checked 1 Sep 2025 valid to 1 Sep 2026 (valid); Q5 gas on S1, never checked;
  Q6 water on N1, required until 31 Dec 2025 only (not in force).
"""

import re
from datetime import date, datetime

import pytest

from doorstep.accounts import access
from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.asb.models import AsbCase
from doorstep.hazards.clocks import UK
from doorstep.repairs.models import Repair
from doorstep.stock import compliance
from doorstep.stock.models import Building, Home, SafetyCheck, SafetyRequirement
from doorstep.web import paging
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

YEAR_END = "2026-03-31"


def uk(*parts) -> datetime:
    return datetime(*parts, tzinfo=UK)


@pytest.fixture
def people():
    return {
        "north": person(Role.SERVICE_MANAGER, username="north", areas=["North"]),
        "south": person(Role.SERVICE_MANAGER, username="south", areas=["South"]),
        "analyst": person(Role.ANALYST),
        "panel": person(Role.PANEL_MEMBER),
    }


@pytest.fixture
def stock():
    court = Building.objects.create(building_ref="BN", name="North Court")
    border = Building.objects.create(building_ref="BX", name="Border House")
    homes = {
        "N1": Home.objects.create(home_ref="N1", tenure="LCRA", area="North", building=court),
        "N2": Home.objects.create(home_ref="N2", tenure="LCRA", area="North", building=court),
        "N3": Home.objects.create(home_ref="N3", tenure="LCRA", area="North", building=border),
        "S1": Home.objects.create(home_ref="S1", tenure="LCRA", area="South"),
        "S2": Home.objects.create(home_ref="S2", tenure="LCRA", area="South", building=border),
    }
    return {"BN": court, "BX": border, **homes}


@pytest.fixture
def repairs(stock):
    def repair(ref, *, reported, target, status="open", priority="non_emergency",
               completed=None, home=None, building=None):
        return Repair.objects.create(
            repair_ref=ref, home=stock.get(home), building=stock.get(building),
            reported_at=reported, target_at=target, completed_at=completed, status=status,
            priority=priority, category="Plumbing", description=f"Leak under sink ({ref})")

    repair("R1", home="N1", priority="emergency", reported=uk(2025, 6, 2, 10),
           target=uk(2025, 6, 3, 10))
    repair("R2", home="N2", status="completed", reported=uk(2025, 6, 10, 9),
           target=uk(2025, 7, 10, 9), completed=uk(2025, 6, 20, 9))
    repair("R3", home="N1", status="completed", reported=uk(2025, 7, 1, 9),
           target=uk(2025, 7, 5, 9), completed=uk(2025, 7, 10, 9))
    repair("R4", building="BX", reported=uk(2025, 8, 1, 9), target=uk(2099, 1, 1, 9))
    repair("R5", home="S1", priority="emergency", reported=uk(2025, 6, 5, 9),
           target=uk(2025, 6, 6, 9))
    repair("R6", building="BN", reported=uk(2025, 9, 1, 9), target=uk(2025, 9, 2, 9))


@pytest.fixture
def asb(stock):
    AsbCase.objects.create(case_ref="A1", home=stock["N1"], opened_on=date(2025, 5, 1),
                           hate_related=True, category="Noise",
                           description="Shouting <b>at night</b> from the flat above")
    AsbCase.objects.create(case_ref="A2", home=stock["N2"], opened_on=date(2025, 6, 1),
                           closed_on=date(2025, 7, 1), category="Vandalism")
    AsbCase.objects.create(case_ref="A3", home=stock["S1"], opened_on=date(2025, 6, 15))
    AsbCase.objects.create(case_ref="A4", home=stock["N3"], opened_on=date(2025, 8, 1))


@pytest.fixture
def safety(stock):
    def requirement(ref, kind, *, home=None, building=None, until=None):
        SafetyRequirement.objects.create(requirement_ref=ref, check_type=kind,
                                         home=stock.get(home), building=stock.get(building),
                                         required_until=until)

    def check(ref, kind, done, valid, *, home=None, building=None):
        SafetyCheck.objects.create(check_ref=ref, check_type=kind, completed_on=done,
                                   valid_until=valid, home=stock.get(home),
                                   building=stock.get(building))

    requirement("Q1", "gas", home="N1")
    check("K1", "gas", date(2025, 6, 1), date(2026, 6, 1), home="N1")
    requirement("Q2", "gas", home="N2")
    check("K2", "gas", date(2025, 1, 10), date(2026, 1, 10), home="N2")
    check("K2-later", "gas", date(2026, 4, 15), date(2027, 4, 15), home="N2")
    requirement("Q3", "fire_risk", building="BN")
    requirement("Q4", "fire_risk", building="BX")
    check("K4", "fire_risk", date(2025, 9, 1), date(2026, 9, 1), building="BX")
    requirement("Q5", "gas", home="S1")
    requirement("Q6", "water", home="N1", until=date(2025, 12, 31))


def listed(client, user, url: str) -> tuple[list[str], str]:
    """(the references in the first column of the list, in order; the page's words)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    refs = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', body)
    return refs, text_of(response.content)


# Repairs ----------------------------------------------------------------------------------


def test_it_lists_a_managers_own_repairs_newest_first_communal_ones_included(
        client, people, repairs):
    assert listed(client, people["north"], "/repairs/")[0] == ["R6", "R4", "R3", "R2", "R1"]
    assert listed(client, people["south"], "/repairs/")[0] == ["R4", "R5"]
    refs, text = listed(client, people["analyst"], "/repairs/")
    assert refs == ["R6", "R4", "R3", "R2", "R5", "R1"]
    assert "Repairs: 6" in text


@pytest.mark.parametrize(("query", "expected"), [
    ("status=open", ["R6", "R4", "R1"]),
    ("status=completed", ["R3", "R2"]),
    ("priority=emergency", ["R1"]),
    ("target=late", ["R6", "R3", "R1"]),
    ("status=open&target=late", ["R6", "R1"]),
    ("building=BN", ["R6", "R3", "R2", "R1"]),  # the block's own and its flats'
    ("building=BX", ["R4"]),
    ("since=2025-06-05&until=2025-07-01", ["R3", "R2"]),  # both ends included
    ("since=05/06/2025", ["R6", "R4", "R3", "R2"]),
])
def test_it_filters_the_repairs(client, people, repairs, query, expected):
    refs, text = listed(client, people["north"], f"/repairs/?{query}")
    assert refs == expected
    assert f"Repairs matching these filters: {len(expected)}" in text


def test_it_refuses_a_date_range_that_ends_before_it_starts(client, people, repairs):
    refs, text = listed(client, people["north"], "/repairs/?since=2025-07-01&until=2025-06-01")
    assert "The end date must be the same as or after the start date" in text
    assert refs == ["R6", "R4", "R3", "R2", "R1"]  # the bad filter is not applied


def test_it_shows_a_repair_to_its_areas_manager_and_not_to_another(client, people, repairs):
    client.force_login(people["north"])
    text = text_of(client.get("/repairs/R1/").content)
    assert "Repair R1" in text
    assert "Leak under sink (R1)" in text
    assert "Priority Emergency" in text
    assert client.get("/repairs/R5/").status_code == 404  # South's: not confirmed to exist
    client.force_login(people["south"])
    assert client.get("/repairs/R1/").status_code == 404
    assert client.get("/repairs/R4/").status_code == 200  # a communal repair to a shared block


def test_it_refuses_the_repairs_pages_to_a_panel_member(client, people, repairs):
    client.force_login(people["panel"])
    assert client.get("/repairs/").status_code == 403
    assert client.get("/repairs/R1/").status_code == 403


def test_it_pages_a_long_list_keeping_the_filters(client, people, repairs, monkeypatch):
    monkeypatch.setattr(paging.page_of, "__kwdefaults__", {"per_page": 2, "param": "page"})
    refs, text = listed(client, people["north"], "/repairs/?status=open&page=2")
    assert refs == ["R1"]
    assert "Page 2 of 2" in text
    html = client.get("/repairs/?status=open").content.decode()
    assert 'href="?status=open&amp;page=2"' in html


# ASB cases --------------------------------------------------------------------------------


def test_it_lists_a_managers_own_asb_cases_newest_first(client, people, asb):
    assert listed(client, people["north"], "/asb/")[0] == ["A4", "A2", "A1"]
    assert listed(client, people["south"], "/asb/")[0] == ["A3"]


@pytest.mark.parametrize(("query", "expected"), [
    ("state=open", ["A4", "A1"]),
    ("state=closed", ["A2"]),
    ("hate=yes", ["A1"]),
    ("building=BN", ["A2", "A1"]),
    ("since=2025-05-15", ["A4", "A2"]),
    ("until=2025-06-01", ["A2", "A1"]),
])
def test_it_filters_the_asb_cases(client, people, asb, query, expected):
    refs, text = listed(client, people["north"], f"/asb/?{query}")
    assert refs == expected
    assert f"Anti-social behaviour cases matching these filters: {len(expected)}" in text


def test_it_shows_an_asb_case_to_its_areas_manager_only(client, people, asb):
    client.force_login(people["north"])
    response = client.get("/asb/A1/")
    text = text_of(response.content)
    assert "Involves a hate incident Yes" in text
    assert "Shouting <b>at night</b>" in text  # the resident's words, escaped
    assert "&lt;b&gt;at night&lt;/b&gt;" in response.content.decode()
    assert client.get("/asb/A3/").status_code == 404
    client.force_login(people["south"])
    assert client.get("/asb/A1/").status_code == 404
    client.force_login(people["panel"])
    assert client.get("/asb/").status_code == 403
    assert client.get("/asb/A1/").status_code == 403


# Building safety --------------------------------------------------------------------------


def test_it_lists_the_safety_checks_in_force_lapsed_first(client, people, safety):
    refs, text = listed(client, people["north"], f"/stock/safety/?on={YEAR_END}")
    assert refs == ["Q3", "Q2", "Q1", "Q4"]  # never checked, then by the date each falls due
    assert "Safety checks required on 31 Mar 2026: 4" in text
    assert ("Q2 Home N2 North Gas safety K2 10 Jan 2025 10 Jan 2026 No") in text
    assert ("Q4 Block: Border House (BX) The block Fire risk assessment K4 1 Sep 2025 "
            "1 Sep 2026 Yes") in text
    assert "Q3 Block: North Court (BN) The block Fire risk assessment None recorded Never" in text
    assert listed(client, people["south"], f"/stock/safety/?on={YEAR_END}")[0] == ["Q5", "Q4"]
    assert listed(client, people["analyst"], f"/stock/safety/?on={YEAR_END}")[0] == [
        "Q3", "Q5", "Q2", "Q1", "Q4"]


@pytest.mark.parametrize(("query", "expected"), [
    ("state=lapsed", ["Q3", "Q2"]),
    ("state=valid", ["Q1", "Q4"]),
    ("check_type=gas", ["Q2", "Q1"]),
    ("building=BN", ["Q3", "Q2", "Q1"]),  # the block's own and its flats'
    ("since=2026-05-01&until=2026-12-31", ["Q1", "Q4"]),
])
def test_it_filters_the_safety_checks(client, people, safety, query, expected):
    refs, text = listed(client, people["north"], f"/stock/safety/?on={YEAR_END}&{query}")
    assert refs == expected
    assert f"Safety checks required on 31 Mar 2026, matching these filters: {len(expected)}" in text


def test_it_counts_a_check_done_later_from_the_day_it_was_done(people, safety):
    requirements = access.requirements_visible_to(people["north"])
    later = compliance.compliance_list(requirements=requirements, on=date(2026, 5, 1))
    assert {row.requirement_ref: row.last_check_ref for row in later} == {
        "Q1": "K1", "Q2": "K2-later", "Q3": None, "Q4": "K4"}
    assert [row.requirement_ref for row in compliance.lapsed(requirements=requirements,
                                                              on=date(2026, 5, 1))] == ["Q3"]


def test_it_refuses_building_safety_to_a_panel_member(client, people, safety):
    client.force_login(people["panel"])
    assert client.get("/stock/safety/").status_code == 403
    assert not access.requirements_visible_to(people["panel"]).exists()


def test_it_reads_each_list_in_as_many_queries_however_long_it_is(
        client, people, stock, repairs, asb, safety):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["analyst"])
    urls = ["/repairs/", "/asb/", f"/stock/safety/?on={YEAR_END}"]

    def queries() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            found.append(len(context))
        return found

    few = queries()
    for n in range(20):
        home = Home.objects.create(home_ref=f"X{n}", tenure="LCRA", area="North",
                                   building=stock["BN"])
        Repair.objects.create(repair_ref=f"RX{n}", home=home, reported_at=uk(2025, 10, 1, 9),
                              target_at=uk(2025, 10, 2, 9), status="open",
                              priority="emergency")
        AsbCase.objects.create(case_ref=f"AX{n}", home=home, opened_on=date(2025, 10, 1))
        SafetyRequirement.objects.create(requirement_ref=f"QX{n}", check_type="gas", home=home)
    assert queries() == few
