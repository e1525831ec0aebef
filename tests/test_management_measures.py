"""Hand-worked examples for the management-information measures (BS, RP, CH, NM).

Year 2025/26 throughout: 1 April 2025 to 31 March 2026. Date-times are written in UTC; UK
summer time began on 30 March 2025 and 29 March 2026, so 1 April 00:00 UK is 31 March
23:00 UTC in both years.
"""

from datetime import UTC, date, datetime

import pytest

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.measures.conventions import DEFAULTS, Conventions
from doorstep.measures.management_info import management_measures
from doorstep.repairs.models import Priority, Repair, RepairStatus, RepairType
from doorstep.stock.models import (
    Building,
    Home,
    SafetyCheck,
    SafetyCheckType,
    SafetyRequirement,
    StockConditionAssessment,
)

YEAR = ReportingYear(2025)
YEAR_END = date(2026, 3, 31)
GAS, FIRE = SafetyCheckType.GAS, SafetyCheckType.FIRE_RISK

pytestmark = pytest.mark.django_db


# Builders: the fewest fields each record needs, so each test shows only what matters.


def home(ref, *, tenure="LCRA", area="North", **fields) -> Home:
    return Home.objects.create(home_ref=ref, tenure=tenure, area=area, **fields)


def building(ref) -> Building:
    return Building.objects.create(building_ref=ref)


def requirement(ref, check_type, *, on, **dates) -> SafetyRequirement:
    asset = {"building": on} if isinstance(on, Building) else {"home": on}
    return SafetyRequirement.objects.create(
        requirement_ref=ref, check_type=check_type, **asset, **dates
    )


def check(ref, check_type, *, on, done, valid_until) -> SafetyCheck:
    asset = {"building": on} if isinstance(on, Building) else {"home": on}
    return SafetyCheck.objects.create(
        check_ref=ref, check_type=check_type, completed_on=done, valid_until=valid_until, **asset
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def repair(ref, *, reported, target, completed=None, status=None, **fields) -> Repair:
    fields.setdefault("priority", Priority.NON_EMERGENCY)
    status = status or (RepairStatus.COMPLETED if completed else RepairStatus.OPEN)
    return Repair.objects.create(
        repair_ref=ref,
        reported_at=at(reported),
        target_at=at(target),
        completed_at=at(completed) if completed else None,
        status=status,
        **fields,
    )


def complaint(ref, *, received, tenure="LCRA", **fields) -> Complaint:
    return Complaint.objects.create(
        complaint_ref=ref, tenure=tenure, received_on=received, **fields
    )


def asb_case(ref, *, opened, home=None, hate=False) -> AsbCase:
    return AsbCase.objects.create(case_ref=ref, opened_on=opened, home=home, hate_related=hate)


def figures(*, conventions=DEFAULTS, as_of=date(2026, 3, 31), **options) -> dict:
    """{(code, tenure, group): MeasureResult} for 2025/26."""
    results = management_measures(year=YEAR, conventions=conventions, as_of=as_of, **options)
    return {(r.code, r.tenure, r.group): r for r in results}


def fraction(result) -> tuple:
    return (result.numerator, result.denominator)


# BS01–BS05


def test_it_counts_homes_whose_gas_checks_are_all_valid_at_year_end():
    valid = home("H1")
    requirement("R1", GAS, on=valid)
    check("C1", GAS, on=valid, done=date(2025, 6, 1), valid_until=date(2026, 6, 1))
    expired = home("H2")  # done before year end, lapsed by year end
    requirement("R2", GAS, on=expired)
    check("C2", GAS, on=expired, done=date(2025, 3, 1), valid_until=date(2026, 3, 1))
    ended = home("H3")  # requirement ended before year end: not needed
    requirement("R3", GAS, on=ended, required_until=date(2026, 1, 31))
    too_late = home("H4")  # the only check was done after year end
    requirement("R4", GAS, on=too_late)
    check("C4", GAS, on=too_late, done=date(2026, 4, 2), valid_until=date(2027, 4, 2))
    home("H5")  # no gas at all
    due_on_year_end = home("H6")  # falls due on 31 March: still valid that day
    requirement("R6", GAS, on=due_on_year_end)
    check("C6", GAS, on=due_on_year_end, done=date(2025, 3, 31), valid_until=YEAR_END)
    later = home("H7")  # requirement starts after year end
    requirement("R7", GAS, on=later, required_from=date(2026, 4, 10))

    bs01 = figures()["BS01", "combined", None]

    # needing gas: H1, H2, H4, H6 = 4; compliant: H1, H6 = 2; 100 * 2 / 4 = 50
    assert fraction(bs01) == (2, 4)
    assert bs01.value == 50.0


def test_it_needs_every_requirement_on_the_home_and_its_building_met():
    block_ok, block_missing = building("B1"), building("B2")
    requirement("F1", FIRE, on=block_ok)
    check("FC1", FIRE, on=block_ok, done=date(2025, 9, 1), valid_until=date(2026, 9, 1))
    requirement("F2", FIRE, on=block_missing)  # the building lacks its FRA
    home("H1", building=block_ok)
    home("H2", building=block_ok)
    home("H3", building=block_missing)
    home("H4", building=block_missing)
    own_fra = home("H5", building=block_ok)  # building fine, own requirement unmet
    requirement("F5", FIRE, on=own_fra)
    home("H6")  # no building, no requirement

    bs02 = figures()["BS02", "combined", None]

    # needing an FRA: H1-H5 = 5; compliant: H1, H2 = 2 (H3, H4 in B2; H5's own); 40%
    assert fraction(bs02) == (2, 5)
    assert bs02.value == 40.0


def test_it_counts_each_kind_of_check_separately():
    block = building("B1")
    flat = home("H1", building=block)
    house = home("H2")
    requirement("A1", SafetyCheckType.ASBESTOS, on=block)
    check(
        "AC1",
        SafetyCheckType.ASBESTOS,
        on=block,
        done=date(2025, 5, 1),
        valid_until=date(2026, 5, 1),
    )
    requirement("L1", SafetyCheckType.LIFT, on=block)  # no LOLER report
    requirement("W1", SafetyCheckType.WATER, on=flat)
    requirement("W2", SafetyCheckType.WATER, on=house)
    check(
        "WC2", SafetyCheckType.WATER, on=house, done=date(2024, 1, 1), valid_until=date(2027, 1, 1)
    )
    # A gas check on the building does not meet a gas requirement on the home.
    requirement("G2", GAS, on=house)
    check("GC2", GAS, on=block, done=date(2025, 5, 1), valid_until=date(2026, 5, 1))

    result = figures()
    assert fraction(result["BS01", "combined", None]) == (0, 1)  # H2 needs gas, has none
    assert fraction(result["BS03", "combined", None]) == (1, 1)  # H1 via its building
    assert fraction(result["BS04", "combined", None]) == (1, 2)  # H2 yes, H1 no: 50%
    assert fraction(result["BS05", "combined", None]) == (0, 1)
    assert result["BS05", "combined", None].value == 0.0  # a real 0, with a base


def test_it_leaves_disposed_sold_and_unowned_homes_out_of_the_base():
    homes = [
        home("IN"),
        home("GONE-ON-YEAR-END", disposed_on=YEAR_END),  # out: gone on 31 March
        home("GONE-AFTER", disposed_on=date(2026, 4, 1)),  # in
        home("MANAGED", owned=False),  # out: not owned
        home("BOUGHT-AFTER", acquired_on=date(2026, 4, 1)),  # out
        home("BOUGHT-ON-YEAR-END", acquired_on=YEAR_END, tenure="LCHO"),  # in
    ]
    for place, each in enumerate(homes):
        requirement(f"R{place}", GAS, on=each)
        if each.home_ref != "BOUGHT-ON-YEAR-END":
            check(f"C{place}", GAS, on=each, done=date(2025, 7, 1), valid_until=date(2026, 7, 1))

    bs01 = figures()["BS01", "combined", None]

    # base: IN, GONE-AFTER, BOUGHT-ON-YEAR-END = 3; compliant IN, GONE-AFTER = 2
    assert fraction(bs01) == (2, 3)
    assert bs01.value == pytest.approx(100 * 2 / 3)


def test_it_gives_no_value_when_nothing_is_in_the_base():
    home("H1")  # in stock, but no requirements and no repairs, complaints or cases

    result = figures()

    assert fraction(result["BS05", "combined", None]) == (0, 0)
    assert result["BS05", "combined", None].value is None
    assert result["RP02-2", "LCRA", None].value is None
    assert result["CH01-1", "LCHO", None].value is None  # no LCHO homes at all
    assert result["CH01-1", "LCRA", None].value == 0.0  # 0 complaints / 1 home


# RP01


def _assess(ref, target, on, meets, reason=""):
    StockConditionAssessment.objects.create(
        assessment_ref=ref, home=target, assessed_on=on, meets_decent_homes=meets, reason=reason
    )


def _decent_homes_stock():
    failing = home("H1")
    _assess("A1a", failing, date(2023, 5, 1), True)
    _assess("A1b", failing, date(2025, 11, 1), False, "kitchen")
    mended = home("H2")
    _assess("A2a", mended, date(2024, 5, 1), False)
    _assess("A2b", mended, date(2025, 6, 1), True)
    assessed_late = home("H3")  # only assessed after year end: unassessed at year end
    _assess("A3", assessed_late, date(2026, 4, 15), False)
    home("H4")  # never assessed
    exempt = home("H5", decent_homes_applies=False)
    _assess("A5", exempt, date(2025, 6, 1), False)
    ownership = home("H6", tenure="LCHO")  # RP01 is LCRA only
    _assess("A6", ownership, date(2025, 6, 1), False)
    sold = home("H7", disposed_on=date(2026, 1, 1))
    _assess("A7", sold, date(2025, 6, 1), False)


def test_it_reads_each_homes_latest_assessment_by_year_end():
    _decent_homes_stock()

    rp01 = figures()["RP01", "LCRA", None]

    # base H1-H4 = 4 (unassessed H3, H4 stay in); failing: H1 = 1; 100 * 1 / 4 = 25
    assert fraction(rp01) == (1, 4)
    assert rp01.value == 25.0
    assert rp01.details["unassessed"] == 2


def test_it_can_leave_unassessed_homes_out_of_rp01():
    _decent_homes_stock()

    rp01 = figures(conventions=Conventions(unassessed_homes="exclude"))["RP01", "LCRA", None]

    # base H1, H2 = 2; failing H1; 50%
    assert fraction(rp01) == (1, 2)
    assert rp01.value == 50.0


# RP02


def test_it_counts_responsive_repairs_completed_in_the_year_within_target():
    rented, shared = home("H1"), home("H2", tenure="LCHO")
    rented_block, shared_block = building("B1"), building("B2")
    home("H3", building=rented_block)
    home("H4", tenure="LCHO", building=shared_block)
    # Non-emergency.
    repair(
        "R1",
        home=rented,
        reported="2025-05-01T09:00",
        target="2025-05-20T17:00",
        completed="2025-05-10T12:00",
    )  # in time
    repair(
        "R2",
        home=rented,
        reported="2025-06-01T09:00",
        target="2025-06-20T17:00",
        completed="2025-06-20T17:00",
    )  # exactly on target: in time
    repair(
        "R3",
        home=rented,
        reported="2025-07-01T09:00",
        target="2025-07-20T17:00",
        completed="2025-07-20T17:01",
    )  # a minute late
    repair(
        "R4",
        home=rented,
        reported="2025-08-01T09:00",
        target="2025-08-20T17:00",
        status=RepairStatus.CANCELLED,
    )
    repair(
        "R5",
        home=rented,
        reported="2025-05-01T09:00",
        target="2025-05-02T09:00",
        completed="2025-09-01T09:00",
        repair_type=RepairType.PLANNED,
    )
    repair(
        "R6",
        home=rented,
        reported="2025-05-01T09:00",
        target="2025-05-02T09:00",
        completed="2025-09-01T09:00",
        repair_type=RepairType.VOID,
    )
    repair(
        "R7",
        home=rented,
        reported="2026-03-20T09:00",
        target="2026-04-10T17:00",
        completed="2026-03-31T23:30",
    )  # 00:30 on 1 April 2026 UK time: next year
    repair(
        "R8",
        home=rented,
        reported="2025-03-20T09:00",
        target="2025-04-15T17:00",
        completed="2025-03-31T23:30",
    )  # 00:30 on 1 April 2025 UK time: this year
    repair(
        "R9",
        home=shared,
        reported="2025-05-01T09:00",
        target="2025-05-02T09:00",
        completed="2025-09-01T09:00",
    )  # LCHO: not in RP02
    repair(
        "R10",
        building=rented_block,
        reported="2025-10-01T09:00",
        target="2025-10-20T17:00",
        completed="2025-10-03T12:00",
    )  # communal, LCRA block
    repair(
        "R11",
        building=shared_block,
        reported="2025-10-01T09:00",
        target="2025-10-20T17:00",
        completed="2025-10-30T12:00",
    )  # LCHO-only block
    repair("R12", home=rented, reported="2025-12-01T09:00", target="2025-12-20T17:00")
    # Emergency.
    emergency = {"priority": Priority.EMERGENCY}
    repair(
        "E1",
        home=rented,
        reported="2025-10-01T10:00",
        target="2025-10-02T10:00",
        completed="2025-10-01T15:00",
        **emergency,
    )
    repair(
        "E2",
        home=rented,
        reported="2025-10-05T10:00",
        target="2025-10-06T10:00",
        completed="2025-10-06T12:00",
        **emergency,
    )
    repair(
        "E3",
        home=shared,
        reported="2025-10-05T10:00",
        target="2025-10-06T10:00",
        completed="2025-10-06T12:00",
        **emergency,
    )

    result = figures()
    routine, urgent = result["RP02-1", "LCRA", None], result["RP02-2", "LCRA", None]

    # completed in year: R1, R2, R3, R8, R10 = 5; in time: R1, R2, R8, R10 = 4; 80%
    assert fraction(routine) == (4, 5)
    assert routine.value == 80.0
    # raised in year: R1, R2, R3, R4, R7, R10, R12 = 7 (R8 was reported last year);
    # cancelled: R4; outstanding at year end: R7 (done after it), R12 (open)
    assert routine.details == {
        "raised": 7,
        "completed": 5,
        "closed_other": 1,
        "outstanding_at_year_end": 2,
    }
    # E1 in time, E2 late (E3 is LCHO); 50%
    assert fraction(urgent) == (1, 2)
    assert urgent.value == 50.0
    assert ("RP02-1", "LCHO", None) not in result


# CH01 and CH02


def test_it_counts_complaints_per_thousand_homes_by_stage_and_tenure():
    for ref in ("H1", "H2", "H3", "H4"):
        home(ref)
    home("SOLD", disposed_on=date(2026, 2, 1))
    home("S1", tenure="LCHO")
    home("S2", tenure="LCHO")
    complaint("C1", received=date(2025, 5, 1))
    complaint("C2", received=date(2025, 3, 31), escalated_on=date(2025, 4, 10))  # stage 2 only
    complaint("C3", received=YEAR_END)
    complaint("C4", received=date(2026, 4, 1))  # next year
    complaint("C5", received=date(2025, 6, 1), withdrawn_on=date(2025, 6, 2))  # still made
    complaint("C6", received=date(2025, 7, 1), escalated_on=date(2025, 8, 1), tenure="LCHO")

    result = figures()

    # LCRA: stage 1 C1, C3, C5 = 3 over 4 homes = 750 per 1,000; stage 2 C2 = 250
    assert fraction(result["CH01-1", "LCRA", None]) == (3, 4)
    assert result["CH01-1", "LCRA", None].value == 750.0
    assert result["CH01-2", "LCRA", None].value == 250.0
    # LCHO: C6 at both stages, 2 homes: 500 each
    assert result["CH01-1", "LCHO", None].value == 500.0
    assert result["CH01-2", "LCHO", None].value == 500.0
    # combined: stage 1 4/6 = 666.67; stage 2 2/6 = 333.33
    assert fraction(result["CH01-1", "combined", None]) == (4, 6)
    assert result["CH01-2", "combined", None].value == pytest.approx(1000 * 2 / 6)


def _stage1_complaints():
    easter = date(2025, 4, 14)  # Mon; Good Friday 18 and Easter Monday 21 April in between
    # Acknowledge by Wed 23 April; respond within 10 working days of acknowledgement.
    complaint(
        "A",
        received=easter,
        stage1_acknowledged_on=date(2025, 4, 15),
        stage1_responded_on=date(2025, 5, 1),
    )  # due Thu 1 May: in time
    complaint(
        "B",
        received=easter,
        stage1_acknowledged_on=date(2025, 4, 24),
        stage1_responded_on=date(2025, 4, 25),
    )  # acknowledged late, answered in time
    complaint(
        "C",
        received=easter,
        stage1_acknowledged_on=date(2025, 4, 15),
        stage1_extension_days=10,
        stage1_responded_on=date(2025, 5, 16),
    )  # by extension
    complaint(
        "D",
        received=easter,
        stage1_acknowledged_on=date(2025, 4, 15),
        stage1_responded_on=date(2025, 5, 2),
    )  # a day late
    complaint(
        "E",
        received=easter,
        stage1_acknowledged_on=date(2025, 4, 15),
        withdrawn_on=date(2025, 4, 20),
    )
    complaint("F", received=date(2026, 3, 25), stage1_acknowledged_on=date(2026, 3, 26))
    # F is due Mon 13 April 2026 (Easter 3 and 6 April skipped): pending on 31 March
    complaint("G", received=date(2025, 6, 2), stage1_acknowledged_on=date(2025, 6, 3))  # overdue
    complaint(
        "S",
        received=date(2025, 6, 2),
        tenure="LCHO",
        stage1_acknowledged_on=date(2025, 6, 3),
        stage1_responded_on=date(2025, 6, 4),
    )


def test_it_counts_stage_one_complaints_answered_within_the_code():
    _stage1_complaints()

    result = figures()
    rented = result["CH02-1", "LCRA", None]

    # base: A, B, C, D, G = 5 (E withdrawn, F pending); in time: A, C = 2; 40%
    assert fraction(rented) == (2, 5)
    assert rented.value == 40.0
    assert rented.details["within_only_by_extension"] == 1  # C
    assert rented.details["pending"] == 1  # F
    assert rented.details["provisional"] is True
    # combined adds S (in time): 3 / 6 = 50%
    assert fraction(result["CH02-1", "combined", None]) == (3, 6)
    assert result["CH02-1", "LCHO", None].details["provisional"] is False


def test_it_follows_the_withdrawn_complaints_convention():
    _stage1_complaints()

    in_time = figures(conventions=Conventions(withdrawn_complaints="include_in_time"))
    late = figures(conventions=Conventions(withdrawn_complaints="include_late"))

    # E joins the base: (2 + 1) / 6 = 50%, or 2 / 6 = 33.3%
    assert fraction(in_time["CH02-1", "LCRA", None]) == (3, 6)
    assert fraction(late["CH02-1", "LCRA", None]) == (2, 6)


def test_it_stops_counting_pending_once_the_day_measured_is_later():
    _stage1_complaints()

    later = figures(as_of=date(2026, 4, 14))["CH02-1", "LCRA", None]

    # F's deadline (13 April 2026) has passed unanswered: overdue, so 2 / 6
    assert fraction(later) == (2, 6)
    assert later.details["pending"] == 0
    assert later.details["provisional"] is False


def test_it_follows_the_missing_acknowledgement_convention():
    # No acknowledgement: the response is due 10 working days after the acknowledgement
    # deadline (Wed 23 April), skipping Early May bank holiday: Thu 8 May.
    complaint("J", received=date(2025, 4, 14), stage1_responded_on=date(2025, 5, 6))

    from_deadline = figures()["CH02-1", "LCRA", None]
    strict = figures(conventions=Conventions(missing_acknowledgement="out_of_time"))

    assert fraction(from_deadline) == (1, 1)
    assert fraction(strict["CH02-1", "LCRA", None]) == (0, 1)


def test_it_times_stage_two_from_the_escalation_request():
    last_year = {
        "received": date(2025, 3, 3),
        "stage1_acknowledged_on": date(2025, 3, 4),
        "stage1_responded_on": date(2025, 3, 10),
    }
    # Escalated Wed 30 April; acknowledged Thu 1 May (due by Thu 8 May); the response is
    # due 20 working days later, Mon 2 June (Early May and Spring bank holidays skipped).
    stage2 = {"escalated_on": date(2025, 4, 30), "stage2_acknowledged_on": date(2025, 5, 1)}
    complaint("H", **last_year, **stage2, stage2_responded_on=date(2025, 6, 2))
    complaint("I", **last_year, **stage2, stage2_responded_on=date(2025, 6, 3))

    result = figures()

    assert fraction(result["CH02-2", "LCRA", None]) == (1, 2)  # H in time, I a day late
    assert fraction(result["CH02-1", "LCRA", None]) == (0, 0)  # stage 1 was last year
    assert result["CH02-1", "LCRA", None].value is None
    assert result["CH01-2", "LCRA", None].numerator == 2


# NM01


def test_it_counts_asb_cases_and_hate_cases_per_thousand_homes():
    rented = home("H1")
    home("H2")
    home("H3")
    home("S1", tenure="LCHO")
    home("SOLD", disposed_on=date(2025, 12, 1))
    home("MANAGED", owned=False)
    asb_case("N1", opened=date(2025, 4, 1), home=rented)
    asb_case("N2", opened=date(2025, 9, 1), home=rented, hate=True)
    asb_case("N3", opened=date(2025, 3, 31))  # last year
    asb_case("N4", opened=YEAR_END)
    asb_case("N5", opened=date(2025, 10, 1))  # no home: still a case opened

    result = figures()

    # base: H1, H2, H3, S1 = 4 homes; cases N1, N2, N4, N5 = 4: 1,000 per 1,000 homes
    assert fraction(result["NM01-1", "combined", None]) == (4, 4)
    assert result["NM01-1", "combined", None].value == 1000.0
    # hate: N2 (also counted in part 1): 1 / 4 * 1000 = 250
    assert result["NM01-2", "combined", None].value == 250.0


# Breakdowns


def test_it_breaks_figures_down_by_area_with_unknown_for_records_without_one():
    north, south = home("N1", area="North"), home("S1", area="South")
    home("S2", area="South")
    complaint("C1", received=date(2025, 5, 1), home=north)
    complaint("C2", received=date(2025, 5, 1), home=south)
    complaint("C3", received=date(2025, 5, 1), home=south)
    complaint("C4", received=date(2025, 5, 1))  # no home

    result = figures(by="area", tenure="LCRA")

    assert fraction(result["CH01-1", "LCRA", "North"]) == (1, 1)  # 1,000 per 1,000
    assert fraction(result["CH01-1", "LCRA", "South"]) == (2, 2)
    assert fraction(result["CH01-1", "LCRA", "unknown"]) == (1, 0)
    assert result["CH01-1", "LCRA", "unknown"].value is None
    assert ("CH01-1", "LCRA", None) not in result


def test_it_puts_a_communal_repair_in_its_buildings_area_only_when_the_homes_agree():
    one_area, two_areas = building("B1"), building("B2")
    home("H1", area="North", building=one_area)
    home("H2", area="North", building=one_area)
    home("H3", area="North", building=two_areas)
    home("H4", area="South", building=two_areas)
    done = {"reported": "2025-05-01T09:00", "target": "2025-05-20T17:00"}
    repair("R1", building=one_area, completed="2025-05-10T09:00", **done)
    repair("R2", building=two_areas, completed="2025-05-30T09:00", **done)  # late

    by_area = figures(by="area")
    by_building = figures(by="building")

    assert fraction(by_area["RP02-1", "LCRA", "North"]) == (1, 1)
    assert fraction(by_area["RP02-1", "LCRA", "unknown"]) == (0, 1)
    assert fraction(by_building["RP02-1", "LCRA", "B1"]) == (1, 1)
    assert fraction(by_building["RP02-1", "LCRA", "B2"]) == (0, 1)


def test_it_breaks_down_by_scheme_and_needs_type():
    first = home("H1", scheme="Elm Court", needs_type="older_persons")
    home("H2", scheme="Elm Court", needs_type="general_needs")
    home("H3", needs_type="general_needs")  # no scheme
    asb_case("N1", opened=date(2025, 5, 1), home=first, hate=True)

    by_scheme = figures(by="scheme")
    by_needs = figures(by="needs_type")

    # Elm Court: 1 case / 2 homes = 500; the home with no scheme is in "unknown": 0 / 1
    assert by_scheme["NM01-1", "combined", "Elm Court"].value == 500.0
    assert fraction(by_scheme["NM01-1", "combined", "unknown"]) == (0, 1)
    assert by_needs["NM01-2", "combined", "older_persons"].value == 1000.0
    assert fraction(by_needs["NM01-2", "combined", "general_needs"]) == (0, 2)


def test_it_reports_each_measure_only_for_its_tenures():
    home("H1")

    lcho = figures(tenure="LCHO")
    everything = figures()

    assert sorted({code for code, _, _ in lcho}) == ["CH01-1", "CH01-2", "CH02-1", "CH02-2"]
    assert {tenure for code, tenure, _ in everything if code.startswith("BS")} == {"combined"}
    assert {tenure for code, tenure, _ in everything if code.startswith("RP")} == {"LCRA"}
    assert {tenure for code, tenure, _ in everything if code.startswith("CH02")} == {
        "LCRA",
        "LCHO",
        "combined",
    }
    assert len(everything) == 5 + 1 + 2 + 6 + 6 + 2
