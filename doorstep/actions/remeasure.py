"""Did it work: an action's measure before it was agreed and after it was done.

The windows (defaults an administrator can change, ``models.RemeasureWindows``):

* the **baseline** is the measure over the 365 days ending the day before ``agreed_on``;
* the **later window** starts the day after ``done_on`` and runs for up to 365 days,
  ending no later than ``until`` (default today).

Both are computed by the measure's own definition through the measures engine
(``engine.compute_measure_over``), for the action's tenure and group (an area, a scheme...).

The verdict is read in the direction of "better" for the measure (lower is better for RP01,
CH01 and NM01; higher for every other measure) with a two-sided test at 95%:

* percentages from records (RP01, RP02, CH02, BS01-BS05): the two-proportion z-test with
  pooled variance, z = (p2 - p1) / sqrt(p(1 - p)(1/n1 + 1/n2)), p = (x1 + x2) / (n1 + n2);
* perception measures (TP01-TP12): the test the year at a glance uses
  (``targets.significant_change``: the change is larger than the two margins of error
  combined, sqrt(MoE1^2 + MoE2^2)); its p-value is the one that test implies, from
  z = 1.96 x change / sqrt(MoE1^2 + MoE2^2);
* rates per 1,000 homes (CH01, NM01): two Poisson rates compared with the pooled z-test,
  exposure in home-years (homes x days / 365), z = (r2 - r1) / sqrt(r(1/t1 + 1/t2)),
  r = (x1 + x2) / (t1 + t2). The values shown are per 1,000 homes a year, so a later window
  shorter than a year compares fairly.

"Too early to tell" while the later window is shorter than 91 days or its base (records,
respondents or homes) is under 30. A difference is "associated with" the action, never
"caused by" it: other things change too.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from doorstep.actions.models import (
    Action,
    ActionStatus,
    Measurement,
    MeasurementKind,
    RemeasureWindows,
    Verdict,
    current_windows,
)
from doorstep.core import survey_stats
from doorstep.measures.engine import ALL_CODES, PERCEPTION_CODES, compute_measure_over
from doorstep.measures.management_info import REPORTED_FOR
from doorstep.measures.models import Direction, usual_direction
from doorstep.measures.perception import measure_codes
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import MeasureError
from doorstep.measures.targets import significant_change

PROPORTION_TEST = "two-proportion z-test"
PERCEPTION_TEST = "change against the combined margins of error"
POISSON_TEST = "comparison of two Poisson rates"
NO_TEST = "none"
RATE_CODES = ("CH01-1", "CH01-2", "NM01-1", "NM01-2")
Z_95 = survey_stats.Z_95  # the margins of error use 1.96
ALPHA = 0.05


class RemeasureError(ValueError):
    """An action that cannot be re-measured, in words that can be shown as they are."""


def kind_of(code: str) -> str:
    if code in PERCEPTION_CODES:
        return "perception"
    if code in RATE_CODES:
        return "rate"
    return "proportion"


def test_name(code: str) -> str:
    return {"perception": PERCEPTION_TEST, "rate": POISSON_TEST}.get(
        kind_of(code), PROPORTION_TEST
    )


def tenures_for(code: str) -> tuple[str, ...]:
    if code in PERCEPTION_CODES:
        return tuple(t for t in ("LCRA", "LCHO", "combined")
                     if t == "combined" or code in measure_codes(tenure=t))
    return REPORTED_FOR[code]


def check_measure(*, code: str, tenure: str) -> str:
    """The tenure to measure ``code`` for: ``tenure`` if the measure is reported for it,
    else (when blank) the first tenure the measure is reported for."""
    if code not in ALL_CODES:
        raise RemeasureError(
            f"{code!r} is not a Tenant Satisfaction Measure: use a code such as TP01, "
            "RP02-1, CH01-1 or BS01"
        )
    allowed = tenures_for(code)
    if not tenure:
        return allowed[0]
    if tenure not in allowed:
        raise RemeasureError(f"{code} is reported for {', '.join(allowed)}, not {tenure}")
    return tenure


# --- windows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Windows:
    baseline: tuple[date, date]
    after: tuple[date, date] | None  # None: not done, or the later window has not begun


def windows_for(action: Action, *, until: date | None = None,
                settings: RemeasureWindows | None = None) -> Windows:
    settings = settings or current_windows()
    if action.agreed_on is None:
        raise RemeasureError(
            f"Action {action.action_ref} has not been agreed, so it has no baseline yet"
        )
    until = until or timezone.localdate()
    baseline_end = action.agreed_on - timedelta(days=1)
    baseline = (baseline_end - timedelta(days=settings.baseline_days - 1), baseline_end)
    after = None
    if action.status == ActionStatus.DONE and action.done_on:
        start = action.done_on + timedelta(days=1)
        end = min(start + timedelta(days=settings.after_days - 1), until)
        if end >= start:
            after = (start, end)
    return Windows(baseline=baseline, after=after)


# --- one window's figure -------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    start: date
    end: date
    numerator: float
    denominator: float
    value: float | None
    base: float  # what "too early to tell" counts: records, respondents or homes
    margin: float | None = None  # perception measures: the margin of error, in points

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_dict(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
            "value": None if self.value is None else round(self.value, 1),
        }


def figure_over(*, code: str, tenure: str, group_kind: str, group_value: str,
                start: date, end: date) -> Figure:
    results = compute_measure_over(
        code=code, start=start, end=end, tenure=tenure, by=group_kind or None
    )
    wanted = group_value if group_kind else None
    result = next((r for r in results if r.group == wanted), None)
    if result is None:
        unit = "per 1,000" if code in RATE_CODES else "%"
        result = MeasureResult(code=code, tenure=tenure, numerator=0, denominator=0, unit=unit,
                               group=wanted, details={"n": 0} if code in PERCEPTION_CODES else {})
    return _figure(result, start=start, end=end)


def _figure(result: MeasureResult, *, start: date, end: date) -> Figure:
    days = (end - start).days + 1
    if result.code in RATE_CODES:
        years = result.denominator * days / 365
        value = 1000 * result.numerator / years if years else None
        return Figure(start, end, result.numerator, result.denominator, value,
                      base=result.denominator)
    if result.code in PERCEPTION_CODES:
        return Figure(start, end, result.numerator, result.denominator, result.value,
                      base=result.details.get("n") or 0,
                      margin=result.details.get("margin_of_error"))
    return Figure(start, end, result.numerator, result.denominator, result.value,
                  base=result.denominator)


# --- the tests -------------------------------------------------------------------------------


def two_sided_p(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_z(*, x1: float, n1: float, x2: float, n2: float) -> float:
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if not spread:
        return 0.0
    return (x2 / n2 - x1 / n1) / spread


def poisson_rates_z(*, x1: float, t1: float, x2: float, t2: float) -> float:
    pooled = (x1 + x2) / (t1 + t2)
    spread = math.sqrt(pooled * (1 / t1 + 1 / t2))
    if not spread:
        return 0.0
    return (x2 / t2 - x1 / t1) / spread


def compare(*, code: str, baseline: Figure, after: Figure) -> tuple[float | None, bool, int]:
    """(p-value, significant at 95%, sign of the change: +1 up, -1 down, 0 none)."""
    kind = kind_of(code)
    if kind == "perception":
        if baseline.margin is None or after.margin is None:
            return None, False, 0
        change = after.value - baseline.value
        combined = math.hypot(baseline.margin, after.margin)
        if not combined:
            return (0.0 if change else 1.0), bool(change), _sign(change)
        significant = significant_change(value=after.value, previous=baseline.value,
                                         margin=after.margin, previous_margin=baseline.margin)
        return two_sided_p(Z_95 * change / combined), significant, _sign(change)
    if kind == "rate":
        t1 = baseline.denominator * baseline.days / 365
        t2 = after.denominator * after.days / 365
        z = poisson_rates_z(x1=baseline.numerator, t1=t1, x2=after.numerator, t2=t2)
    else:
        z = two_proportion_z(x1=baseline.numerator, n1=baseline.denominator,
                             x2=after.numerator, n2=after.denominator)
    p = two_sided_p(z)
    return p, p < ALPHA, _sign(z)


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


# --- the re-measurement --------------------------------------------------------------------


def remeasure(action: Action, *, until: date | None = None) -> dict:
    """The contract of ``doorstep actions remeasure --format json``."""
    if not action.measure_code:
        raise RemeasureError(
            f"Action {action.action_ref} names no measure, so there is nothing to re-measure"
        )
    settings = current_windows()
    windows = windows_for(action, until=until, settings=settings)
    code, tenure = action.measure_code, action.tenure or check_measure(
        code=action.measure_code, tenure=""
    )
    baseline = _stored_baseline(action, windows.baseline) or _over(action, *windows.baseline)
    after = _over(action, *windows.after) if windows.after else None
    result = {
        "action": action.action_ref,
        "measure": code,
        "tenure": tenure,
        "group": (
            {"kind": action.group_kind, "value": action.group_value}
            if action.group_kind else None
        ),
        "baseline": baseline.as_dict(),
        "after": after.as_dict() if after else None,
        "test": test_name(code),
        "p_value": None,
        "verdict": Verdict.TOO_EARLY.value,
    }
    if after is None or after.days < settings.min_after_days or after.base < settings.min_base:
        return result
    if baseline.value is None or after.value is None or not baseline.base:
        result["test"] = NO_TEST
        result["verdict"] = Verdict.NO_CLEAR_CHANGE.value
        return result
    p, significant, sign = compare(code=code, baseline=baseline, after=after)
    result["p_value"] = None if p is None else shown_p(p)
    if not significant or not sign:
        result["verdict"] = Verdict.NO_CLEAR_CHANGE.value
    else:
        lower_better = usual_direction(code) == Direction.LOWER
        better = (sign < 0) if lower_better else (sign > 0)
        result["verdict"] = (Verdict.IMPROVED if better else Verdict.WORSENED).value
    return result


def _over(action: Action, start: date, end: date) -> Figure:
    try:
        return figure_over(code=action.measure_code, tenure=action.tenure or check_measure(
            code=action.measure_code, tenure=""), group_kind=action.group_kind,
            group_value=action.group_value, start=start, end=end)
    except MeasureError as problem:
        raise RemeasureError(str(problem)) from None


def _stored_baseline(action: Action, window: tuple[date, date]) -> Figure | None:
    """The baseline recorded when the action was agreed, if it is for the same measure and
    window: later imports do not move the figure the action was agreed against."""
    stored = action.measurements.filter(
        kind=MeasurementKind.BASELINE, measure_code=action.measure_code, tenure=action.tenure,
        group_kind=action.group_kind, group_value=action.group_value,
        period_start=window[0], period_end=window[1],
    ).order_by("-recorded_at", "-pk").first()
    if stored is None:
        return None
    return Figure(stored.period_start, stored.period_end, stored.numerator, stored.denominator,
                  stored.value, base=stored.base, margin=stored.margin)


def record_baseline(action: Action) -> Measurement | None:
    """Record the baseline of a just-agreed action (nothing when it names no measure)."""
    if not action.measure_code or action.agreed_on is None:
        return None
    window = windows_for(action).baseline
    figure = _over(action, *window)
    return _store(action, MeasurementKind.BASELINE, figure)


def record_remeasurement(action: Action, *, until: date | None = None) -> Measurement | None:
    """Record the re-measurement of a done action as of ``until`` (today)."""
    if not action.measure_code or action.agreed_on is None:
        return None
    if not action.measurements.filter(kind=MeasurementKind.BASELINE).exists():
        record_baseline(action)
    result = remeasure(action, until=until)
    after = result["after"]
    if after is None:
        return None
    figure = _over(action, date.fromisoformat(after["from"]), date.fromisoformat(after["to"]))
    return _store(action, MeasurementKind.AFTER, figure, test=result["test"],
                  p_value=result["p_value"], verdict=result["verdict"])


def _store(action: Action, kind: str, figure: Figure, **outcome) -> Measurement:
    return Measurement.objects.create(
        action=action, kind=kind, measure_code=action.measure_code,
        tenure=action.tenure, group_kind=action.group_kind, group_value=action.group_value,
        period_start=figure.start, period_end=figure.end, numerator=figure.numerator,
        denominator=figure.denominator, value=figure.value, base=figure.base,
        margin=figure.margin, **outcome,
    )


def shown_p(p: float) -> float:
    """Four decimal places; below 0.0001, two significant figures, so a very small p is
    never shown as 0."""
    return round(p, 4) if p >= 0.0001 else float(f"{p:.2g}")


def _number(value: float):
    return int(value) if float(value).is_integer() else round(value, 2)


def described(result: dict) -> str:
    """The verdict in plain English, as the action's page and measure page show it."""
    verdict = result["verdict"]
    if verdict == Verdict.TOO_EARLY:
        return ("Too early to tell: the later period is under a quarter long or has too few "
                "records to judge yet.")
    if verdict == Verdict.NO_CLEAR_CHANGE:
        return ("No clear change: any difference since the action is within what chance "
                "alone would explain.")
    word = "an improvement" if verdict == Verdict.IMPROVED else "a worsening"
    return (f"The action is associated with {word} in the measure (a change larger than "
            "chance alone would explain at 95% confidence). It does not show the action "
            "caused it.")
