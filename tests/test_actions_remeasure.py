"""Did it work: re-measurement of improvement actions, worked by hand.

Each test builds the records of two windows, works the expected figures and statistics out
by hand with the formula written out, and checks ``remeasure`` gives the same. Date-times
are UTC; UK summer time runs 30 March to 26 October 2025, so 1 April 00:00 UK is
31 March 23:00 UTC.
"""

import itertools
import json
import math
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from doorstep.actions.models import Action, ActionStatus, Measurement, RemeasureWindows
from doorstep.actions.remeasure import (
    poisson_rates_z,
    remeasure,
    two_proportion_z,
    two_sided_p,
    windows_for,
)
from doorstep.complaints.models import Complaint
from doorstep.repairs.models import Priority, Repair, RepairStatus
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

_refs = itertools.count(1)
# Agreed on 1 April 2025: the baseline is 2024/25 exactly, 1 April 2024 to 31 March 2025.
AGREED = date(2025, 4, 1)
DONE = date(2025, 6, 30)  # the later window starts on 1 July 2025


def phi_upper_two_sided(z: float) -> float:
    # 2 * (1 - Φ(|z|)), Φ the standard normal distribution: 1 - Φ(x) = erfc(x / √2) / 2.
    return math.erfc(abs(z) / math.sqrt(2))


def action(**fields) -> Action:
    fields.setdefault("measure_code", "RP02-1")
    fields.setdefault("tenure", "LCRA")
    fields.setdefault("status", ActionStatus.DONE)
    fields.setdefault("agreed_on", AGREED)
    fields.setdefault("done_on", DONE)
    return Action.objects.create(action_ref=f"A-{next(_refs)}", title="An action", **fields)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def repairs(count: int, *, completed: str, late: bool = False, home=None) -> None:
    done = at(completed)
    for _ in range(count):
        target = done - timedelta(minutes=1) if late else done + timedelta(days=1)
        Repair.objects.create(
            repair_ref=f"R{next(_refs)}", home=home or _home(), priority=Priority.NON_EMERGENCY,
            reported_at=done - timedelta(days=5), target_at=target, completed_at=done,
            status=RepairStatus.COMPLETED,
        )


_homes: dict = {}


def _home(area="North", tenure="LCRA") -> Home:
    key = (area, tenure)
    if key not in _homes or not Home.objects.filter(pk=_homes[key].pk).exists():
        _homes[key] = Home.objects.create(home_ref=f"H{next(_refs)}", tenure=tenure, area=area)
    return _homes[key]


def homes(count: int, *, area="North", tenure="LCRA") -> list[Home]:
    return Home.objects.bulk_create(
        Home(home_ref=f"H{next(_refs)}", tenure=tenure, area=area) for _ in range(count)
    )


# --- the statistics themselves ---------------------------------------------------------


def test_it_gives_the_textbook_two_sided_p_values_of_the_normal_distribution():
    # Any statistics table: |z| = 1.96 leaves 5% in the two tails, 2.576 leaves 1%, 1.645 10%.
    assert two_sided_p(1.96) == pytest.approx(0.0500, abs=0.0001)
    assert two_sided_p(-2.5758) == pytest.approx(0.0100, abs=0.0001)
    assert two_sided_p(1.6449) == pytest.approx(0.1000, abs=0.0001)


def test_it_works_the_pooled_two_proportion_z_as_the_textbooks_do():
    # 50 of 100 against 65 of 100: pooled p = 115/200 = 0.575;
    # SE = sqrt(0.575 * 0.425 * (1/100 + 1/100)) = sqrt(0.0048875) = 0.069911;
    # z = (0.65 - 0.50) / 0.069911 = 2.1456, two-sided p = 0.0319.
    z = two_proportion_z(x1=50, n1=100, x2=65, n2=100)
    assert z == pytest.approx(2.1456, abs=0.0001)
    assert two_sided_p(z) == pytest.approx(0.0319, abs=0.0001)


def test_it_compares_two_poisson_rates_with_the_pooled_rate():
    # 40 events in 500 home-years against 10 in 250: rates 0.08 and 0.04;
    # pooled 50 / 750 = 0.066667; SE = sqrt(0.066667 * (1/500 + 1/250)) = 0.02;
    # z = (0.04 - 0.08) / 0.02 = -2.0.
    assert poisson_rates_z(x1=40, t1=500, x2=10, t2=250) == pytest.approx(-2.0)


# --- the windows -------------------------------------------------------------------------


def test_it_takes_the_year_before_agreement_and_up_to_a_year_after_done():
    windows = windows_for(action(), until=date(2026, 12, 1))
    # Baseline: 365 days ending 31 March 2025 (the day before agreed), from 1 April 2024.
    assert windows.baseline == (date(2024, 4, 1), date(2025, 3, 31))
    # Later: from 1 July 2025, 365 days, to 30 June 2026 (until is later, so no cut).
    assert windows.after == (date(2025, 7, 1), date(2026, 6, 30))


def test_it_ends_the_later_window_on_the_until_date_and_follows_the_administrator():
    RemeasureWindows.objects.create(baseline_days=182, after_days=182)
    windows = windows_for(action(), until=date(2025, 9, 30))
    # 182 days ending 31 March 2025: October 31 + November 30 + December 31 + January 31 +
    # February 28 (2025 is no leap year) + March 31 = 182, so from 1 October 2024.
    assert windows.baseline == (date(2024, 10, 1), date(2025, 3, 31))
    assert windows.after == (date(2025, 7, 1), date(2025, 9, 30))


def test_it_counts_each_record_in_the_window_of_its_own_day_around_the_year_end():
    plan = action()
    # 23:30 UTC on 31 March 2025 is 00:30 UK on 1 April: the agreement day, in neither window.
    repairs(1, completed="2025-03-31T23:30")
    # 22:30 UTC on 31 March 2025 is 23:30 UK on 31 March: the baseline's last day.
    repairs(1, completed="2025-03-31T22:30")
    # 1 April 2024 00:30 UK (23:30 UTC on 31 March): the baseline's first day.
    repairs(1, completed="2024-03-31T23:30", late=True)
    # 30 June 2025 (done day): neither; 1 July 2025 00:30 UK: the later window.
    repairs(1, completed="2025-06-30T12:00")
    repairs(1, completed="2025-06-30T23:30")

    result = remeasure(plan, until=date(2026, 6, 30))

    assert result["baseline"] == {
        "from": "2024-04-01", "to": "2025-03-31", "numerator": 1, "denominator": 2,
        "value": 50.0,
    }
    assert result["after"] == {
        "from": "2025-07-01", "to": "2026-06-30", "numerator": 1, "denominator": 1,
        "value": 100.0,
    }
    # A base of 1 is under 30.
    assert result["verdict"] == "too early to tell"


# --- percentages from records (RP02) ------------------------------------------------------


def test_it_tests_a_record_based_percentage_with_the_pooled_two_proportion_test():
    plan = action()
    repairs(20, completed="2024-10-01T12:00")  # baseline: 20 of 40 in time
    repairs(20, completed="2024-11-01T12:00", late=True)
    repairs(32, completed="2025-10-01T12:00")  # later: 32 of 40 in time
    repairs(8, completed="2025-11-01T12:00", late=True)

    result = remeasure(plan, until=date(2026, 3, 31))

    # p1 = 20/40 = 0.5, p2 = 32/40 = 0.8, pooled p = 52/80 = 0.65;
    # SE = sqrt(0.65 * 0.35 * (1/40 + 1/40)) = sqrt(0.011375) = 0.106654;
    # z = 0.3 / 0.106654 = 2.8129; two-sided p = 2(1 - Φ(2.8129)) = 0.0049.
    pooled = 52 / 80
    z = (0.8 - 0.5) / math.sqrt(pooled * (1 - pooled) * (1 / 40 + 1 / 40))
    assert z == pytest.approx(2.8129, abs=0.0001)
    assert result == {
        "action": plan.action_ref,
        "measure": "RP02-1",
        "tenure": "LCRA",
        "group": None,
        "baseline": {"from": "2024-04-01", "to": "2025-03-31", "numerator": 20,
                     "denominator": 40, "value": 50.0},
        "after": {"from": "2025-07-01", "to": "2026-03-31", "numerator": 32,
                  "denominator": 40, "value": 80.0},
        "test": "two-proportion z-test",
        "p_value": round(phi_upper_two_sided(z), 4),
        "verdict": "improved",
    }
    assert result["p_value"] == 0.0049


def test_it_says_no_clear_change_when_the_difference_is_within_chance():
    plan = action()
    repairs(20, completed="2024-10-01T12:00")
    repairs(20, completed="2024-11-01T12:00", late=True)
    repairs(24, completed="2025-10-01T12:00")  # 60% against 50%
    repairs(16, completed="2025-11-01T12:00", late=True)

    result = remeasure(plan, until=date(2026, 3, 31))

    # pooled 44/80 = 0.55; SE = sqrt(0.55 * 0.45 * 0.05) = 0.111243; z = 0.1 / 0.111243
    # = 0.8989; p = 0.3687: not below 0.05.
    z = 0.1 / math.sqrt(0.55 * 0.45 * (2 / 40))
    assert result["p_value"] == round(phi_upper_two_sided(z), 4) == 0.3687
    assert result["verdict"] == "no clear change"


def test_it_says_worsened_when_a_higher_is_better_measure_falls_significantly():
    plan = action()
    repairs(32, completed="2024-10-01T12:00")
    repairs(8, completed="2024-11-01T12:00", late=True)
    repairs(20, completed="2025-10-01T12:00")
    repairs(20, completed="2025-11-01T12:00", late=True)

    result = remeasure(plan, until=date(2026, 3, 31))

    assert result["p_value"] == 0.0049  # the same z as the improvement, the other way
    assert result["verdict"] == "worsened"


# --- too early to tell ----------------------------------------------------------------------


def test_it_is_too_early_to_tell_before_a_full_quarter_has_passed():
    plan = action()
    repairs(20, completed="2024-10-01T12:00")
    repairs(20, completed="2024-11-01T12:00", late=True)
    repairs(40, completed="2025-08-01T12:00")  # 100% on a base of 40, but...

    # 1 July to 29 September 2025 is 91 days: long enough; to 28 September, 90: too short.
    short = remeasure(plan, until=date(2025, 9, 28))
    enough = remeasure(plan, until=date(2025, 9, 29))

    assert short["after"]["to"] == "2025-09-28"
    assert (short["verdict"], short["p_value"]) == ("too early to tell", None)
    assert enough["verdict"] == "improved"


def test_it_is_too_early_to_tell_on_a_later_base_under_thirty():
    plan = action()
    repairs(20, completed="2024-10-01T12:00")
    repairs(20, completed="2024-11-01T12:00", late=True)
    repairs(29, completed="2025-10-01T12:00")

    result = remeasure(plan, until=date(2026, 3, 31))

    assert result["after"]["denominator"] == 29
    assert result["verdict"] == "too early to tell"


def test_it_is_too_early_to_tell_while_the_action_is_not_done():
    plan = action(status=ActionStatus.IN_PROGRESS, done_on=None)
    result = remeasure(plan, until=date(2026, 3, 31))
    assert (result["after"], result["verdict"]) == (None, "too early to tell")


# --- perception measures (TP01) -----------------------------------------------------------


def test_it_tests_a_perception_measure_as_the_year_at_a_glance_does():
    homes(1000)  # the relevant population, N = 1,000 LCRA homes
    plan = action(measure_code="TP01")
    for answer, count in ((1, 60), (4, 40)):  # baseline: 60 of 100 satisfied
        for _ in range(count):
            SurveyResponse.objects.create(response_ref=f"S{next(_refs)}", tenure="LCRA",
                                          completed_on=date(2024, 11, 1), tp01=answer)
    for answer, count in ((2, 75), (5, 25)):  # later: 75 of 100
        for _ in range(count):
            SurveyResponse.objects.create(response_ref=f"S{next(_refs)}", tenure="LCRA",
                                          completed_on=date(2025, 11, 1), tp01=answer)

    result = remeasure(plan, until=date(2026, 3, 31))

    # Each margin: 100 * 1.96 * sqrt(0.25 / 100) * sqrt((1000 - 100) / 999) = 9.3018 points;
    # combined sqrt(9.3018² + 9.3018²) = 13.1548; the change, 15 points, is larger:
    # significant. The p-value that test implies: z = 1.96 * 15 / 13.1548 = 2.2349.
    margin = 100 * 1.96 * math.sqrt(0.25 / 100) * math.sqrt(900 / 999)
    assert margin == pytest.approx(9.3018, abs=0.0001)
    z = 1.96 * 15 / math.hypot(margin, margin)
    assert result["baseline"]["value"] == 60.0 and result["after"]["value"] == 75.0
    assert result["test"] == "change against the combined margins of error"
    assert result["p_value"] == round(phi_upper_two_sided(z), 4) == 0.0254
    assert result["verdict"] == "improved"


# --- rates per 1,000 homes (CH01), for a group (an area) -----------------------------------


def test_it_compares_complaint_rates_of_an_area_as_two_poisson_rates():
    north = homes(500, area="North")
    south = homes(500, area="South")
    plan = action(measure_code="CH01-1", group_kind="area", group_value="North", area="North")
    for number in range(40):  # baseline: 40 stage 1 complaints in the North
        Complaint.objects.create(complaint_ref=f"C{next(_refs)}", home=north[number],
                                 tenure="LCRA", received_on=date(2024, 9, 1))
    for number in range(10):  # later: 10 in the North ...
        Complaint.objects.create(complaint_ref=f"C{next(_refs)}", home=north[number],
                                 tenure="LCRA", received_on=date(2025, 9, 1))
    for number in range(60):  # ... and the South's, which are not this action's group
        Complaint.objects.create(complaint_ref=f"C{next(_refs)}", home=south[number],
                                 tenure="LCRA", received_on=date(2025, 9, 1))

    # The later window runs 1 July to 29 December 2025: 182 days.
    result = remeasure(plan, until=date(2025, 12, 29))

    # Exposure: baseline 500 homes x 365/365 = 500 home-years; later 500 x 182/365 = 249.315.
    # Rates 40/500 = 0.08 and 10/249.315 = 0.040110 a home-year (80.0 and 40.1 per 1,000
    # homes a year); pooled 50/749.315 = 0.066728; SE = sqrt(0.066728 * (1/500 + 1/249.315))
    # = 0.020027; z = (0.040110 - 0.08) / 0.020027 = -1.9918; p = 0.0464: fewer complaints,
    # and lower is better for CH01.
    t1, t2 = 500 * 365 / 365, 500 * 182 / 365
    pooled = 50 / (t1 + t2)
    z = (10 / t2 - 40 / t1) / math.sqrt(pooled * (1 / t1 + 1 / t2))
    assert z == pytest.approx(-1.9918, abs=0.0001)
    assert result["group"] == {"kind": "area", "value": "North"}
    assert result["baseline"] == {"from": "2024-04-01", "to": "2025-03-31", "numerator": 40,
                                  "denominator": 500, "value": 80.0}
    assert result["after"] == {"from": "2025-07-01", "to": "2025-12-29", "numerator": 10,
                               "denominator": 500, "value": 40.1}
    assert result["test"] == "comparison of two Poisson rates"
    assert result["p_value"] == round(phi_upper_two_sided(z), 4) == 0.0464
    assert result["verdict"] == "improved"


# --- the command ------------------------------------------------------------------------------


def test_it_prints_the_contract_as_json_and_a_table():
    plan = action()
    repairs(20, completed="2024-10-01T12:00")
    repairs(20, completed="2024-11-01T12:00", late=True)
    repairs(32, completed="2025-10-01T12:00")
    repairs(8, completed="2025-11-01T12:00", late=True)

    out = StringIO()
    call_command("actions", "remeasure", plan.action_ref, "--until", "2026-03-31",
                 "--format", "json", stdout=out)
    table = StringIO()
    call_command("actions", "remeasure", plan.action_ref, "--until", "2026-03-31",
                 stdout=table)

    result = json.loads(out.getvalue())
    assert list(result) == ["action", "measure", "tenure", "group", "baseline", "after",
                            "test", "p_value", "verdict"]
    assert (result["p_value"], result["verdict"]) == (0.0049, "improved")
    assert "Verdict: improved" in table.getvalue()
    assert "associated with an improvement" in table.getvalue()
    assert "caused" not in table.getvalue().replace("does not show the action caused", "")


def test_it_refuses_an_unknown_action_or_a_bad_date():
    with pytest.raises(CommandError, match="no action A-999"):
        call_command("actions", "remeasure", "A-999")
    plan = action()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("actions", "remeasure", plan.action_ref, "--until", "31/03/2026")


def test_it_keeps_the_baseline_recorded_when_agreed_against_later_imports():
    from doorstep.actions.remeasure import record_baseline

    plan = action()
    repairs(20, completed="2024-10-01T12:00")
    repairs(20, completed="2024-11-01T12:00", late=True)
    record_baseline(plan)
    repairs(40, completed="2024-12-01T12:00")  # imported later, into the baseline's period

    result = remeasure(plan, until=date(2026, 3, 31))

    assert Measurement.objects.get(action=plan).denominator == 40
    assert (result["baseline"]["numerator"], result["baseline"]["denominator"]) == (20, 40)


def test_it_never_shows_a_very_small_p_value_as_zero():
    from doorstep.actions.remeasure import shown_p

    assert (shown_p(0.00314), shown_p(0.000012345), shown_p(0.5)) == (0.0031, 1.2e-05, 0.5)


def test_it_takes_a_baseline_across_a_year_end_when_agreed_mid_year():
    # Agreed 1 October 2025: the baseline is 1 October 2024 to 30 September 2025, half of
    # 2024/25 and half of 2025/26; records on both sides of 31 March 2025 count.
    plan = action(agreed_on=date(2025, 10, 1), done_on=date(2025, 12, 31))
    repairs(3, completed="2024-09-30T12:00")  # the day before the window: out
    repairs(10, completed="2024-10-01T12:00")  # the first day: in
    repairs(10, completed="2025-03-31T12:00", late=True)  # 2024/25's last day: in
    repairs(10, completed="2025-04-01T12:00")  # 2025/26's first day: in
    repairs(5, completed="2025-10-01T12:00")  # the agreement day: out

    result = remeasure(plan, until=date(2026, 6, 30))

    assert (result["baseline"]["from"], result["baseline"]["to"]) == ("2024-10-01", "2025-09-30")
    assert (result["baseline"]["numerator"], result["baseline"]["denominator"]) == (20, 30)
    # Later: 1 January to 30 June 2026, 181 days; nothing completed in it.
    assert (result["after"]["from"], result["after"]["to"]) == ("2026-01-01", "2026-06-30")
    assert result["verdict"] == "too early to tell"
