"""Every HHSRS hazard under Awaab's Law: a phase-2 hazard (excess cold, in scope from Tue 27
Oct 2026 by the published phasing) reported before and after its start date; a hazard not
yet in scope (asbestos, 2027); emergencies of any hazard but crowding and space; the rule
kept on the case when an administrator changes the dates.

Worked by hand (England's calendar, no bank holiday in November 2026):
- Excess cold, aware Mon 2 Nov 2026: investigate within 10 working days: 3-6, 9-13, 16 ->
  Mon 16 Nov 2026. Read on Wed 18 Nov with no investigation: 2 working days overdue.
  Investigation concluded Wed 11 Nov: summary within 3 (12, 13, 16 -> Mon 16 Nov); safety
  work and further works within 5 (12, 13, 16, 17, 18 -> Wed 18 Nov).
- Excess cold, aware Mon 19 Oct 2026, 8 days before excess cold came into scope: outside
  the timescales, whenever it is read.
"""

from datetime import date, datetime

import pytest
from test_casework_transitions import make_user

from doorstep.core.periods import UK
from doorstep.hazards import services
from doorstep.hazards.hazard_list import load_hazard_list, rule_for
from doorstep.hazards.models import Hazard, HazardCase
from doorstep.stock.models import Home

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hazard_list():
    load_hazard_list()  # in case a transactional test emptied the table before this one


@pytest.fixture
def alice():
    return make_user("alice", "Alice", "Archer")


@pytest.fixture
def home():
    return Home.objects.create(home_ref="H1", tenure="LCRA", area="North")


def uk(*parts) -> datetime:
    return datetime(*parts, tzinfo=UK)


def by_task(clocks) -> dict:
    return {clock.task: clock for clock in clocks}


def test_it_loads_the_29_hhsrs_hazards_with_the_published_phasing():
    hazards = {h.code: h for h in Hazard.objects.all()}
    assert len(hazards) == 29
    assert [h.group for h in Hazard.objects.all()].count("accidents") == 11
    assert hazards["damp_mould"].significant_in_scope_from == date(2025, 10, 27)
    assert hazards["excess_cold"].significant_in_scope_from == date(2026, 10, 27)
    assert hazards["noise"].significant_in_scope_from == date(2027, 10, 27)
    assert hazards["crowding_space"].significant_in_scope_from is None
    assert hazards["crowding_space"].emergency_in_scope_from is None
    assert hazards["fire"].emergency_in_scope_from == date(2025, 10, 27)
    assert load_hazard_list() == 0  # loading again adds nothing and changes nothing


def test_it_runs_the_significant_hazard_clocks_for_a_phase_2_hazard_reported_after_its_start(
    alice, home
):
    case = services.open_hazard_case(by=alice, kind="significant", hazard="excess_cold",
                                     home=home, aware_at=uk(2026, 11, 2, 9))

    assert case.timescales_apply is True
    assert case.rule == ("Significant hazard timescales in force from Tue 27 Oct 2026 for "
                         "excess cold")
    clocks = by_task(services.hazard_clocks(case=case, now=uk(2026, 11, 18, 12)))
    assert (clocks["investigate"].due, clocks["investigate"].status) == (
        date(2026, 11, 16), "overdue")
    assert clocks["investigate"].description == (
        "Overdue: was due by Mon 16 Nov 2026 (2 working days ago)")

    services.record_investigation(case=case, by=alice, concluded_on=date(2026, 11, 11),
                                  findings="Boiler failed; no heating", further_works_needed=True)
    clocks = by_task(services.hazard_clocks(case=case, now=uk(2026, 11, 17, 12)))
    assert {task: (clock.due, clock.status) for task, clock in clocks.items()} == {
        "investigate": (date(2026, 11, 16), "met"),
        "summary": (date(2026, 11, 16), "overdue"),
        "safety_work": (date(2026, 11, 18), "due"),
        "further_works": (date(2026, 11, 18), "due"),
    }


def test_it_keeps_a_phase_2_hazard_reported_before_its_start_outside_the_timescales(
    alice, home
):
    case = services.open_hazard_case(by=alice, kind="significant", hazard="excess_cold",
                                     home=home, aware_at=uk(2026, 10, 19, 9))

    case.refresh_from_db()
    assert case.timescales_apply is False
    assert case.rule == ("Outside Awaab's Law timescales: excess cold came into scope on Tue "
                         "27 Oct 2026, after the landlord became aware on Mon 19 Oct 2026")
    # Read a month later, long after the 10 working days would have run: nothing overdue.
    clocks = services.hazard_clocks(case=case, now=uk(2026, 11, 30, 12))
    assert [(c.task, c.due, c.status) for c in clocks] == [
        ("investigate", None, "outside"), ("summary", None, "outside"),
        ("safety_work", None, "outside"), ("further_works", None, "outside"),
    ]
    assert clocks[0].description == "Not done yet; no deadline: outside Awaab's Law timescales"
    assert services.overdue_hazards(now=uk(2026, 11, 30, 12)) == []
    # Still tracked: the steps are recorded as for any case.
    services.record_investigation(case=case, by=alice, concluded_on=date(2026, 10, 23),
                                  findings="No heating", further_works_needed=False)
    clocks = by_task(services.hazard_clocks(case=case, now=uk(2026, 11, 30, 12)))
    assert clocks["investigate"].description == (
        "Done Fri 23 Oct 2026; no deadline: outside Awaab's Law timescales")
    assert clocks["further_works"].status == "not_needed"
    assert "summary-sent" in services.next_steps(case=case)


def test_it_puts_an_emergency_of_a_phase_2_hazard_on_the_24_hour_clock_before_its_start(
    alice, home
):
    case = services.open_hazard_case(by=alice, kind="emergency", hazard="excess_cold",
                                     home=home, aware_at=uk(2026, 10, 19, 9))

    assert case.timescales_apply is True
    assert case.rule == ("Emergency hazard timescales (24 hours) in force from Mon 27 Oct 2025 "
                         "for excess cold")
    clock = services.hazard_clocks(case=case, now=uk(2026, 10, 20, 12))[0]
    assert (clock.status, clock.description) == (
        "overdue", "Overdue: was due by Tue 20 Oct 2026 at 09:00 BST (3 hours ago)")


def test_it_records_a_case_for_a_hazard_not_yet_in_scope(alice, home):
    case = services.open_hazard_case(by=alice, kind="significant", hazard="asbestos_mmf",
                                     home=home, aware_at=uk(2026, 11, 2, 9),
                                     description="Damaged artex ceiling")

    assert (case.kind, case.hazard.name, case.timescales_apply) == (
        "significant", "Asbestos and manufactured mineral fibres", False)
    assert case.rule == (
        "Outside Awaab's Law timescales: asbestos and manufactured mineral fibres comes into "
        "scope on Wed 27 Oct 2027, after the landlord became aware on Mon 2 Nov 2026")
    assert case.activity.get().summary.endswith(case.rule)
    assert case.title == "Significant hazard: asbestos and manufactured mineral fibres"
    assert [c.status for c in services.hazard_clocks(case=case)] == ["outside"] * 4
    listed = services.open_hazards(now=uk(2026, 12, 1, 9))
    assert [(entry.case, entry.overdue, entry.next_due) for entry in listed] == [
        (case, [], None)]
    assert services.open_by_hazard(listed) == [services.OpenByHazard(
        "asbestos_mmf", "Asbestos and manufactured mineral fibres", 0, 0, 1)]


def test_it_keeps_the_rule_a_case_was_opened_under_when_the_dates_change(alice, home):
    before = services.open_hazard_case(by=alice, kind="significant", hazard="excess_cold",
                                       home=home, aware_at=uk(2026, 10, 19, 9))
    # The regulations bring excess cold forward to 1 October 2026 (an administrator's change).
    Hazard.objects.filter(code="excess_cold").update(significant_in_scope_from=date(2026, 10, 1))
    after = services.open_hazard_case(by=alice, kind="significant", hazard="excess_cold",
                                      home=home, aware_at=uk(2026, 10, 19, 9))

    before.refresh_from_db()
    assert (before.timescales_apply, after.timescales_apply) == (False, True)
    assert after.rule == ("Significant hazard timescales in force from Thu 1 Oct 2026 for "
                          "excess cold")
    assert HazardCase.objects.filter(timescales_apply=False).get() == before


def test_it_records_the_hazard_of_an_emergency_opened_without_one(alice, home):
    case = services.open_hazard_case(by=alice, kind="emergency", home=home,
                                     aware_at=uk(2026, 11, 2, 9))
    assert case.title == "Emergency hazard: hazard not recorded"
    assert case.rule == ("Emergency hazard timescales (24 hours) in force from Mon 27 Oct 2025 "
                         "for any hazard but crowding and space")
    assert services.next_steps(case=case)[:2] == ["made-safe", "hazard"]

    with pytest.raises(services.HazardError, match="Crowding and space cannot be an emergency"):
        services.record_hazard(case=case, by=alice, hazard="crowding_space")
    services.record_hazard(case=case, by=alice, hazard="fire")

    case.refresh_from_db()
    assert case.hazard_id == "fire"
    entry = case.activity.get(action="hazard_recorded")
    assert (entry.summary, entry.changes) == ("Hazard recorded: fire",
                                              {"hazard_id": [None, "fire"]})
    with pytest.raises(services.HazardError, match="The hazard is already recorded: fire"):
        services.record_hazard(case=case, by=alice, hazard="electrical")


def test_it_reads_the_rule_for_crowding_and_space_as_never_in_scope():
    crowding = Hazard.objects.get(code="crowding_space")
    rule = rule_for(kind="significant", hazard=crowding, aware_on=date(2028, 1, 5))
    assert rule.timescales_apply is False
    assert rule.text == ("Outside Awaab's Law timescales: crowding and space has no date to "
                         "come into scope (Awaab's Law leaves out crowding and space)")
    # Before Awaab's Law came into force, not even an emergency.
    assert rule_for(kind="emergency", hazard=None, aware_on=date(2025, 10, 26)).text == (
        "Outside Awaab's Law timescales: the landlord became aware on Sun 26 Oct 2025, before "
        "emergency hazards came into scope on Mon 27 Oct 2025")


def test_it_lets_an_administrator_change_a_hazards_dates_in_the_admin(client, alice, home):
    from doorstep.accounts.models import Role
    from doorstep.accounts.testing import person
    from doorstep.web.testing import text_of

    admin = person(Role.ADMINISTRATOR, username="root", is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    html = client.get("/admin/hazards/hazard/").content.decode()
    assert "29 hazards" in text_of(html)
    # The dates are edited in the list itself: 13 hazards of the 2026 phase.
    assert html.count('value="27/10/2026"') == 13
    response = client.post("/admin/hazards/hazard/excess_cold/change/", {
        "name": "Excess cold", "group": "physiological", "position": "2",
        "significant_in_scope_from": "2026-10-01", "emergency_in_scope_from": "2025-10-27",
    })
    assert response.status_code == 302
    assert Hazard.objects.get(code="excess_cold").significant_in_scope_from == date(2026, 10, 1)
    assert client.get("/admin/hazards/hazard/add/").status_code == 403
    case = services.open_hazard_case(by=alice, kind="significant", hazard="excess_cold",
                                     home=home, aware_at=uk(2026, 10, 19, 9))
    assert case.timescales_apply is True
