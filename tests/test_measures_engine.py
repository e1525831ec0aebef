"""The measures engine: the combined set, explanations, warnings and conventions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from test_management_measures import (
    GAS,
    YEAR,
    _assess,
    _stage1_complaints,
    asb_case,
    building,
    check,
    complaint,
    home,
    repair,
    requirement,
)

from doorstep.measures.data_quality import management_warnings
from doorstep.measures.engine import compute_measures, explain
from doorstep.measures.models import ConventionChoice, current_conventions
from doorstep.measures.scope import MeasureError
from doorstep.repairs.models import Priority
from doorstep.stock.models import SafetyCheckType
from doorstep.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

MARCH_END = date(2026, 3, 31)


def response(ref, *, tenure="LCRA", tp01, channel="online", **fields) -> SurveyResponse:
    return SurveyResponse.objects.create(
        response_ref=ref,
        tenure=tenure,
        completed_on=date(2025, 10, 1),
        channel=channel,
        tp01=tp01,
        **fields,
    )


def by_key(measure_set) -> dict:
    return {(r.code, r.tenure, r.group): r for r in measure_set.measures}


# The combined set


def test_it_combines_perception_and_management_measures_with_their_context():
    homes = [home(f"H{n}") for n in range(1, 5)]
    home("S1", tenure="LCHO")
    for ref, answer in (("V1", 1), ("V2", 2), ("V3", 4), ("V4", 9)):
        response(ref, tp01=answer)
    complaint("C1", received=date(2025, 5, 1), home=homes[0])
    asb_case("N1", opened=date(2025, 5, 1))

    measure_set = compute_measures(year=YEAR, as_of=MARCH_END)
    result = by_key(measure_set)

    # TP01: very + fairly satisfied 2 of the 3 scale answers (don't know left out): 66.7%
    assert (result["TP01", "LCRA", None].numerator, result["TP01", "LCRA", None].denominator) == (
        2,
        3,
    )
    assert result["CH01-1", "LCRA", None].value == 250.0  # 1 complaint / 4 homes
    assert result["NM01-1", "combined", None].value == 200.0  # 1 case / 5 homes
    assert ("TP02", "LCHO", None) not in result  # renters only
    assert ("TP01", "combined", None) not in result  # combined only on request
    codes = [r.code for r in measure_set.measures]
    assert codes.index("TP12") < codes.index("BS01") < codes.index("NM01-2")
    assert measure_set.survey_accuracy["LCRA"]["population"] == 4
    assert measure_set.survey_accuracy["LCRA"]["responses"] == 4
    assert measure_set.conventions.unassessed_homes == "in_denominator"
    # H1-H4 have no stock-condition assessment
    assert {"home_without_assessment"} <= {w["code"] for w in measure_set.warnings}


def test_it_writes_the_json_contract():
    home("H1")
    response("V1", tp01=1)

    row = compute_measures(year=YEAR, tenure="LCRA", as_of=MARCH_END).as_dict()

    assert (row["year"], row["period_start"], row["period_end"]) == (
        "2025/26",
        "2025-04-01",
        "2026-03-31",
    )
    tp01 = next(m for m in row["measures"] if m["code"] == "TP01")
    assert (tp01["value"], tp01["numerator"], tp01["denominator"], tp01["unit"]) == (
        100.0,
        1.0,
        1.0,
        "%",
    )
    assert tp01["group"] is None and tp01["n"] == 1
    bs01 = next(m for m in row["measures"] if m["code"] == "RP01")
    assert bs01["value"] == 0.0 and bs01["unassessed"] == 1  # 0 failing of 1 home


def test_it_uses_the_conventions_an_administrator_chose():
    _stage1_complaints()
    ConventionChoice.objects.create(key="withdrawn_complaints", value="include_in_time")

    measure_set = compute_measures(year=YEAR, tenure="LCRA", as_of=MARCH_END)

    assert measure_set.conventions.withdrawn_complaints == "include_in_time"
    assert measure_set.as_dict()["conventions"]["withdrawn_complaints"] == "include_in_time"
    ch02 = by_key(measure_set)["CH02-1", "LCRA", None]
    assert (ch02.numerator, ch02.denominator) == (3, 6)  # E counted in time


def test_it_refuses_a_convention_value_that_is_not_allowed():
    choice = ConventionChoice(key="withdrawn_complaints", value="sometimes")

    with pytest.raises(ValidationError) as problem:
        choice.full_clean()

    assert "exclude, include_in_time, include_late" in str(problem.value)


def test_it_falls_back_to_the_default_for_a_stored_value_no_longer_allowed():
    ConventionChoice.objects.create(key="unassessed_homes", value="retired-option")
    ConventionChoice.objects.create(key="missing_acknowledgement", value="out_of_time")

    conventions = current_conventions()

    assert conventions.unassessed_homes == "in_denominator"
    assert conventions.missing_acknowledgement == "out_of_time"


def test_it_breaks_down_by_channel_for_perception_only():
    home("H1")
    response("V1", tp01=1, channel="postal")
    response("V2", tp01=5, channel="online")

    result = by_key(compute_measures(year=YEAR, tenure="LCRA", by="channel", as_of=MARCH_END))

    assert result["TP01", "LCRA", "postal"].value == 100.0
    assert result["TP01", "LCRA", "online"].value == 0.0
    assert not [key for key in result if not key[0].startswith("TP")]


def test_it_says_plainly_what_was_wrong_with_a_request():
    with pytest.raises(MeasureError, match="'XX01' is not a Tenant Satisfaction Measure"):
        explain(code="XX01", year=YEAR)
    with pytest.raises(MeasureError, match="RP01 is reported for LCRA only, not LCHO"):
        explain(code="RP01", year=YEAR, tenure="LCHO")
    with pytest.raises(MeasureError, match="'region' is not a breakdown"):
        compute_measures(year=YEAR, by="region")
    with pytest.raises(MeasureError, match="'LCR' is not a tenure"):
        compute_measures(year=YEAR, tenure="LCR")


# Explain


def test_it_lists_the_repairs_that_missed_their_target_and_by_how_much():
    rented = home("H1")
    block = building("B1")
    home("H2", building=block)
    repair(
        "R1",
        home=rented,
        reported="2025-05-01T09:00",
        target="2025-05-20T17:00",
        completed="2025-05-10T12:00",
    )
    repair(
        "R2",
        home=rented,
        reported="2025-07-01T09:00",
        target="2025-07-20T17:00",
        completed="2025-07-22T20:30",
        priority_label="Routine",
    )
    repair(
        "R3",
        building=block,
        reported="2025-12-01T09:00",
        target="2025-12-20T17:00",
        completed="2025-12-20T17:45",
    )
    repair(
        "E1",
        home=rented,
        reported="2025-10-05T10:00",
        target="2025-10-06T10:00",
        completed="2025-10-06T12:00",
        priority=Priority.EMERGENCY,
    )

    columns, rows = explain(code="RP02-1", year=YEAR)

    assert columns == ["repair", "home", "priority", "reported", "target", "completed", "late by"]
    # Times shown in UK time: 20:30 UTC in July is 21:30 BST; December is GMT.
    assert rows == [
        [
            "R2",
            "H1",
            "Routine",
            "2025-07-01 10:00",
            "2025-07-20 18:00",
            "2025-07-22 21:30",
            "2 days 3 hours 30 minutes",
        ],
        [
            "R3",
            "communal: B1",
            "",
            "2025-12-01 09:00",
            "2025-12-20 17:00",
            "2025-12-20 17:45",
            "45 minutes",
        ],
    ]


def test_it_lists_complaints_out_of_time_and_why():
    _stage1_complaints()

    columns, rows = explain(code="CH02-1", year=YEAR, tenure="LCRA", as_of=MARCH_END)

    why = {row[0]: (row[columns.index("why")], row[columns.index("in CH02 base")]) for row in rows}
    assert why == {
        "B": ("late acknowledgement", "yes"),
        "D": ("late response", "yes"),
        "E": ("withdrawn before a response", "no"),
        "F": ("pending: no response yet, deadline not passed", "no"),
        "G": ("overdue: no response and the deadline has passed", "yes"),
    }
    d_row = next(row for row in rows if row[0] == "D")
    assert d_row[columns.index("respond by")] == date(2025, 5, 1)


def test_it_lists_homes_lacking_a_valid_check_and_the_requirement_that_failed():
    block = building("B1")
    flat = home("H1", building=block, area="East")
    home("H2", building=block, area="East")
    fine = home("H3")
    requirement("F1", SafetyCheckType.FIRE_RISK, on=block)
    requirement("G1", GAS, on=flat)
    check("C1", GAS, on=flat, done=date(2024, 11, 1), valid_until=date(2025, 11, 1))
    requirement("G3", GAS, on=fine)
    check("C3", GAS, on=fine, done=date(2025, 11, 1), valid_until=date(2026, 11, 1))

    gas_columns, gas_rows = explain(code="BS01", year=YEAR)
    _, fire_rows = explain(code="BS02", year=YEAR)

    assert gas_columns == ["home", "area", "requirement", "required on", "problem"]
    assert gas_rows == [
        [
            "H1",
            "East",
            "G1",
            "home",
            "last check C1 (done 01 November 2024) was valid only until 01 November 2025",
        ],
    ]
    assert fire_rows == [
        ["H1", "East", "F1", "building B1", "no check recorded on or before 31 March 2026"],
        ["H2", "East", "F1", "building B1", "no check recorded on or before 31 March 2026"],
    ]


def test_it_lists_homes_failing_decent_homes_or_not_assessed():
    failing, fine = home("H1"), home("H2")
    home("H3")
    _assess("A1", failing, date(2025, 11, 1), False, "kitchen")
    _assess("A2", fine, date(2025, 11, 1), True)

    _, rows = explain(code="RP01", year=YEAR)

    assert rows == [
        ["H1", "North", "fails the Decent Homes Standard", date(2025, 11, 1), "kitchen"],
        ["H3", "North", "no stock-condition assessment on or before 31 March 2026", None, ""],
    ]


def test_it_lists_the_asb_and_hate_cases_counted():
    rented = home("H1")
    asb_case("N1", opened=date(2025, 5, 1), home=rented)
    asb_case("N2", opened=date(2025, 6, 1), hate=True)
    asb_case("N0", opened=date(2025, 3, 1))

    _, cases = explain(code="NM01-1", year=YEAR)
    _, hate = explain(code="NM01-2", year=YEAR)

    assert [row[0] for row in cases] == ["N1", "N2"]
    assert hate == [["N2", None, None, date(2025, 6, 1), None, True]]


def test_it_lists_complaints_counted_in_ch01_by_escalation_date_at_stage_two():
    complaint("C1", received=date(2025, 3, 1), escalated_on=date(2025, 4, 2))
    complaint("C2", received=date(2025, 5, 1))

    _, stage2 = explain(code="CH01-2", year=YEAR, tenure="LCRA")

    assert stage2 == [["C1", "LCRA", None, date(2025, 4, 2), None]]


# Data-quality warnings


def test_it_warns_about_records_that_cannot_be_right():
    rented = home("H1")
    repair(
        "R1",
        home=rented,
        reported="2025-05-10T09:00",
        target="2025-05-01T09:00",
        completed="2025-05-12T09:00",
    )  # target before report
    repair(
        "R2",
        home=rented,
        reported="2025-06-10T09:00",
        target="2025-06-20T09:00",
        completed="2025-06-09T09:00",
    )  # completed before reported
    complaint("C1", received=date(2025, 6, 10), stage1_responded_on=date(2025, 6, 1))
    complaint("C2", received=date(2025, 6, 10), tenure="")  # no home, no tenure
    complaint("C3", received=date(2025, 6, 10), stage1_extension_days=15)
    check("K1", GAS, on=rented, done=date(2025, 6, 1), valid_until=date(2025, 5, 1))

    warnings = {w["code"]: w for w in management_warnings(year=YEAR)}

    assert {code: (w["count"], w["examples"]) for code, w in warnings.items()} == {
        "repair_target_before_report": (1, ["R1"]),
        "repair_completed_before_report": (1, ["R2"]),
        "home_without_assessment": (1, ["H1"]),
        "complaint_response_before_receipt": (1, ["C1"]),
        "complaint_extension_too_long": (1, ["C3"]),
        "complaint_without_home_or_tenure": (1, ["C2"]),
        "check_valid_until_before_completed": (1, ["K1"]),
    }
    assert all(w["message"].endswith(".") for w in warnings.values())


def test_it_gives_no_warnings_for_clean_records():
    rented = home("H1")
    _assess("A1", rented, date(2025, 5, 1), True)
    repair(
        "R1",
        home=rented,
        reported="2025-05-01T09:00",
        target="2025-05-20T09:00",
        completed="2025-05-02T09:00",
    )

    assert management_warnings(year=YEAR) == []
