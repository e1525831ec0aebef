"""Targets, and the dashboard built on them: the year at a glance, a page per measure and
the records behind a figure. Each view calls one function here.

* ``set_target`` / ``targets_for``: what the landlord aims for, per measure, year and tenure,
  with the direction of "better" (lower for RP01, CH01 and NM01).
* ``year_at_a_glance``: every measure for a year and tenure against its target and last year,
  and for the perception measures whether the change is beyond the surveys' margins of error.
* ``measure_page``: one measure's figures, trend over years and quarters, breakdown by a group
  and what residents said.
* ``records_behind``: the engine's ``explain`` for staff, limited to a manager's areas.

Figures come from the measures engine through ``doorstep.measures.cache`` and are shaped here
for one person: a scrutiny panel member never sees a group of fewer than ``SMALL_GROUP``,
a service manager limited to some areas sees only those areas' groups and records.
"""

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from doorstep.accounts import access
from doorstep.core.periods import ReportingYear, WholeDays, default_year
from doorstep.measures.cache import FigureStore, family_of, figure_store
from doorstep.measures.engine import ALL_CODES, PERCEPTION_CODES, explain
from doorstep.measures.management_info import REPORTED_FOR
from doorstep.measures.models import Direction, Target, usual_direction
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES
from doorstep.measures.provisional import provisional_note, sample_words, short_of_sample
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import TENURES, UNKNOWN, MeasureError
from doorstep.surveys.questions import LCRA_ONLY
from doorstep.web.year_figures import years_with_records

BREAKDOWN_NAMES = {
    "area": "Area",
    "scheme": "Scheme",
    "needs_type": "Needs type",
    "channel": "Survey channel",
}
# How each family's figure for a quarter is worked out: the same rules as the year's, over
# the quarter's own records (quarters run April–June, July–September, October–December and
# January–March).
QUARTER_RULES = {
    "TP": "survey responses completed in the quarter (one response per home: its latest in "
    "the quarter)",
    "BS": "homes and their checks as they stood on the quarter's last day",
    "RP01": "homes and their latest stock-condition assessment on the quarter's last day",
    "RP02": "repairs completed in the quarter",
    "CH01": "complaints received (stage 1) or escalated (stage 2) in the quarter, per 1,000 "
    "homes owned on its last day: a quarter's rate, about a quarter of the year's",
    "CH02": "complaints received (stage 1) or escalated (stage 2) in the quarter",
    "NM01": "cases opened in the quarter, per 1,000 homes owned on its last day: a quarter's "
    "rate, about a quarter of the year's",
}
# The conventions each family's figures depend on (``doorstep.measures.conventions``).
FAMILY_CONVENTIONS = {
    "TP": ("superseded_responses",),
    "RP01": ("unassessed_homes",),
    "CH02": ("missing_acknowledgement", "withdrawn_complaints", "working_day_start"),
}
RECORDS_SHOWN = 200


class DashboardError(ValueError):
    """Something asked of the dashboard that cannot be answered, in plain English."""


# Measures, tenures and periods ---------------------------------------------------------


def measure_name(code: str) -> str:
    return MEASURE_NAMES.get(code, code)


def check_code(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in ALL_CODES:
        raise DashboardError(
            f"{code or 'That'} is not one of the Tenant Satisfaction Measures: choose one "
            "from the year at a glance."
        )
    return code


def tenures_for(code: str) -> tuple[str, ...]:
    """The tenures a measure is reported for, the usual one first."""
    if code in PERCEPTION_CODES:
        return ("LCRA",) if code in LCRA_ONLY else TENURES
    return REPORTED_FOR[code]


def breakdowns_for(code: str) -> tuple[str, ...]:
    home_groups = ("area", "scheme", "needs_type")
    return (*home_groups, "channel") if code in PERCEPTION_CODES else home_groups


@dataclass(frozen=True)
class Quarter(WholeDays):
    """A quarter of a reporting year, usable wherever the engine takes a ``year``."""

    year: ReportingYear
    number: int  # 1: April–June ... 4: January–March

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year.first_year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        following = Quarter(self.year, self.number + 1).start if self.number < 4 else None
        return (following or self.year.end + timedelta(days=1)) - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year.label} Q{self.number}"

    @property
    def months(self) -> str:
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def known_years(*, store: FigureStore) -> list[ReportingYear]:
    """Years with any survey, repair or complaint, newest first (kept with the figures)."""
    return store.kept("years", compute=years_with_records)


def year_shown(*, years: list[ReportingYear], store: FigureStore) -> ReportingYear:
    """The year a page opens on: the latest complete year with records (a year still in
    progress only when no other has records, as for a landlord in its first year)."""
    return default_year(years) or ReportingYear.containing(store.as_of).previous


def opening_year() -> ReportingYear:
    """``year_shown`` for a page that has no figures of its own (the records behind one)."""
    store = figure_store()
    return year_shown(years=known_years(store=store), store=store)


# Targets ----------------------------------------------------------------------------


def targets_for(*, year: ReportingYear) -> dict[tuple[str, str], Target]:
    return {
        (target.code, target.tenure): target
        for target in Target.objects.filter(first_year=year.first_year)
    }


# Targets are set for the years TSMs are reported in (from 2023/24, with three years before
# for comparison) up to ten years ahead; a year 0 or 9999 is a slip, not a plan.
TARGET_YEARS_BACK_TO = 2020
TARGET_YEARS_AHEAD = 10
TARGET_YEARS_WORDS = f"{TARGET_YEARS_BACK_TO}/{(TARGET_YEARS_BACK_TO + 1) % 100:02d} to ten " \
    "years from now"


def target_year_allowed(first_year: int) -> bool:
    this_year = ReportingYear.containing(date.today()).first_year
    return TARGET_YEARS_BACK_TO <= first_year <= this_year + TARGET_YEARS_AHEAD


def set_target(
    *, user, code: str, year: ReportingYear, tenure: str, value: Decimal, direction: str
) -> Target:
    """Record (or change) the target an analyst sets for a measure, year and tenure."""
    access.require(user, access.SET_TARGETS)
    code = check_code(code)
    if tenure not in tenures_for(code):
        raise DashboardError(
            f"{code} is reported for {', '.join(tenures_for(code))} only, not {tenure}."
        )
    if not target_year_allowed(year.first_year):
        raise DashboardError(f"Targets can be set for {TARGET_YEARS_WORDS} only, not "
                             f"{year.first_year}.")
    target, _ = Target.objects.update_or_create(
        code=code,
        first_year=year.first_year,
        tenure=tenure,
        defaults={"value": value, "direction": direction, "set_by": user},
    )
    return target


@dataclass(frozen=True)
class TargetLine:
    code: str
    name: str
    tenure: str
    tenure_name: str
    target: Target | None
    usual_direction: str


@dataclass
class TargetSheet:
    year: ReportingYear
    years: list[ReportingYear]
    lines: list[TargetLine]


def target_sheet(*, user, year: ReportingYear | None) -> TargetSheet:
    """Every measure and tenure of the year (the latest with records unless given), with the
    target set for it if any; the years offered run from next year back."""
    access.require(user, access.SET_TARGETS)
    known = known_years(store=figure_store())
    year = year or (known[0] if known else ReportingYear.containing(date.today()))
    newest = max([year, *known]).first_year + 1
    oldest = min([year, *known]).first_year
    years = [ReportingYear(first) for first in range(newest, oldest - 1, -1)]
    return TargetSheet(year=year, years=years, lines=target_lines(year=year))


def target_lines(*, year: ReportingYear) -> list[TargetLine]:
    targets = targets_for(year=year)
    return [
        TargetLine(
            code=code,
            name=measure_name(code),
            tenure=tenure,
            tenure_name=TENURE_NAMES[tenure],
            target=targets.get((code, tenure)),
            usual_direction=Direction(usual_direction(code)).label,
        )
        for code in ALL_CODES
        for tenure in tenures_for(code)
    ]


# Judging a figure ---------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    key: str  # "met", "not_met", "no_target", "no_figure"
    words: str
    icon: str  # a symbol as well as words: never colour alone


def shown_value(value: float) -> Decimal:
    """The value as published, to one decimal place (halves rounded up, as people do)."""
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def target_status(*, value: float | None, target: Target | None) -> Status:
    """Met or not, judged on the value as shown (one decimal place), so the page never says
    "84.96, shown as 85.0, misses a target of 85.0"."""
    if target is None:
        return Status("no_target", "No target set", "–")
    if value is None:
        return Status("no_figure", "No figure to judge", "–")
    shown = shown_value(value)
    met = shown <= target.value if target.direction == Direction.LOWER else shown >= target.value
    return Status("met", "Target met", "✓") if met else Status("not_met", "Target not met", "✗")


def significant_change(
    *, value: float, previous: float, margin: float, previous_margin: float
) -> bool:
    """Whether a change in a perception measure is larger than chance alone would explain.

    The test: the change (in percentage points) is significant when it is larger than the
    two years' margins of error combined, √(MoE₁² + MoE₂²). Each margin is the regulator's
    95% one (worst case p = 0.5, with the finite population correction), so this is a
    two-proportion test at 95% confidence that errs on the side of "not significant".
    """
    return abs(value - previous) > math.hypot(margin, previous_margin)


@dataclass(frozen=True)
class Change:
    difference: float
    words: str  # "Up 2.3 points", "No change"
    better: bool | None  # None: no change, or a year still in progress (not judged)
    significant: bool | None  # None: not a perception measure, no margins, or provisional
    provisional: bool = False  # the year is still in progress: the change is not judged

    @property
    def arrow(self) -> str:
        """▲ or ▼ for a change as shown (rounded); none for one that rounds to "No change"."""
        shown = shown_value(self.difference)
        return "▲" if shown > 0 else "▼" if shown < 0 else ""


def change_since(
    *, result: MeasureResult, previous: MeasureResult | None, provisional: bool = False
) -> Change | None:
    """The change since last year; for a year still in progress, in points only: a year to
    date is not called better or worse than a whole year, nor significantly different."""
    if previous is None or result.value is None or previous.value is None:
        return None
    difference = result.value - previous.value
    size = abs(shown_value(difference))
    unit = "points" if result.unit == "%" else "per 1,000"
    if not size:
        words, better = "No change", None
    else:
        words = f"{'Up' if difference > 0 else 'Down'} {size} {unit}"
        better = (difference < 0) == (usual_direction(result.code) == Direction.LOWER)
    if provisional:
        return Change(difference=difference, words=words, better=None, significant=None,
                      provisional=True)
    significant = None
    margins = (result.details.get("margin_of_error"), previous.details.get("margin_of_error"))
    if result.code in PERCEPTION_CODES and None not in margins:
        significant = significant_change(
            value=result.value,
            previous=previous.value,
            margin=margins[0],
            previous_margin=margins[1],
        )
    return Change(difference=difference, words=words, better=better, significant=significant)


def base_of(result: MeasureResult) -> float:
    """What a small-group rule counts: respondents for a survey measure, cases for a rate
    per 1,000 homes, otherwise the records in the denominator."""
    if "n" in result.details:
        return result.details["n"]
    if result.unit == "per 1,000":
        return result.numerator
    return result.denominator


def is_small(*, user, result: MeasureResult) -> bool:
    return not access.sees_small_groups(user) and base_of(result) < access.SMALL_GROUP


# The year at a glance ------------------------------------------------------------------


@dataclass(frozen=True)
class GlanceRow:
    code: str
    name: str
    tenure: str | None
    tenure_name: str
    result: MeasureResult | None  # None: not reported for the tenure chosen
    target: Target | None
    status: Status | None
    change: Change | None
    margin: float | None
    suppressed: bool
    note: str = ""
    provisional: bool = False  # the year is still in progress
    # For a survey measure in a year in progress with fewer responses than the regulator
    # requires: why no percentage is given (the value is then not shown).
    short_of_sample: str = ""

    @property
    def is_survey(self) -> bool:
        return self.code in PERCEPTION_CODES

    @property
    def target_value(self) -> float | None:
        return None if self.target is None else float(self.target.value)


@dataclass
class Glance:
    year: ReportingYear
    tenure: str | None
    years: list[ReportingYear]
    rows: list[GlanceRow] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    conventions: dict = field(default_factory=dict)
    # Names everything the rendered table depends on: the template keeps the table's HTML
    # under it (rendering 43 rows costs more than computing them once they are cached).
    fragment_key: str = ""

    @property
    def tenure_name(self) -> str:
        return TENURE_NAMES.get(self.tenure, "every tenure")

    @property
    def provisional_note(self) -> str:
        return provisional_note(self.year) if self.year.in_progress else ""

    @property
    def chart(self):
        """The survey measures against target, with their margins of error, drawn once."""
        from doorstep.measures.charts import glance_chart

        if "_chart" not in self.__dict__:
            self.__dict__["_chart"] = glance_chart(glance=self)
        return self.__dict__["_chart"]


def year_at_a_glance(*, user, year: ReportingYear | None, tenure: str | None) -> Glance:
    access.require(user, access.SEE_MEASURES)
    store = figure_store()
    years = known_years(store=store)
    year = year or year_shown(years=years, store=store)
    current = store.measure_set(year=year, tenure=tenure)
    last_year = {
        (result.code, result.tenure): result
        for result in store.measure_set(year=year.previous, tenure=tenure).measures
        if result.group is None
    }
    targets = targets_for(year=year)
    scope = (access.sees_small_groups(user), access.can_explain_measures(user))
    glance = Glance(
        year=year,
        tenure=tenure,
        years=years,
        warnings=current.warnings if access.can_explain_measures(user) else [],
        conventions=current.conventions.as_dict(),
        fragment_key=store._key(
            "glance-table", year.label, year.in_progress, tenure, scope,
            sorted((t.code, t.tenure, str(t.value), t.direction) for t in targets.values()),
        ),
    )
    totals = [result for result in current.measures if result.group is None]
    for code in ALL_CODES:
        results = [result for result in totals if result.code == code]
        if not results:
            glance.rows.append(_not_reported_row(code=code, tenure=tenure))
        for result in results:
            previous = last_year.get((code, result.tenure))
            glance.rows.append(
                _glance_row(
                    user=user,
                    result=result,
                    previous=previous,
                    target=targets.get((code, result.tenure)),
                    year=year,
                )
            )
    return glance


def _glance_row(*, user, result, previous, target, year: ReportingYear) -> GlanceRow:
    # A change could give away a suppressed figure: hidden when either year is small.
    suppressed = is_small(user=user, result=result)
    hidden_change = suppressed or (previous is not None and is_small(user=user, result=previous))
    required = short_of_sample(result=result, year=year)
    if required is not None:
        # Too few answers yet to give a percentage: nor its target status or change.
        return GlanceRow(
            code=result.code, name=measure_name(result.code), tenure=result.tenure,
            tenure_name=TENURE_NAMES[result.tenure], result=result, target=target,
            status=None, change=None, margin=None, suppressed=suppressed, provisional=True,
            short_of_sample=sample_words(result=result, required=required),
        )
    return GlanceRow(
        code=result.code,
        name=measure_name(result.code),
        tenure=result.tenure,
        tenure_name=TENURE_NAMES[result.tenure],
        result=result,
        target=target,
        status=None if suppressed else target_status(value=result.value, target=target),
        change=None if hidden_change else change_since(
            result=result, previous=previous, provisional=year.in_progress),
        margin=result.details.get("margin_of_error"),
        suppressed=suppressed,
        provisional=year.in_progress,
    )


def _not_reported_row(*, code: str, tenure: str | None) -> GlanceRow:
    names = " and ".join(TENURE_NAMES[each] for each in tenures_for(code) if each != "combined")
    return GlanceRow(
        code=code,
        name=measure_name(code),
        tenure=tenure,
        tenure_name=TENURE_NAMES.get(tenure, "Every tenure"),
        result=None,
        target=None,
        status=None,
        change=None,
        margin=None,
        suppressed=False,
        note=f"Not reported for this tenure: the regulator asks for it for {names}"
        + (" together" if tenures_for(code) == ("combined",) else " only")
        + ".",
    )


# A page per measure -------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    label: str
    result: MeasureResult | None
    suppressed: bool
    target: float | None = None  # the period's target, drawn as the target line
    short_of_sample: str = ""  # a year in progress with too few responses: said instead

    @property
    def value(self) -> float | None:
        if self.suppressed or self.short_of_sample or self.result is None:
            return None
        return self.result.value

    @property
    def margin(self) -> float | None:
        """± points at 95% confidence (survey measures), drawn as a band about the value."""
        return None if self.value is None else self.result.details.get("margin_of_error")


@dataclass(frozen=True)
class Group:
    name: str
    result: MeasureResult
    suppressed: bool
    note: str = ""

    @property
    def label(self) -> str:
        return self.name

    @property
    def value(self) -> float | None:
        return None if self.suppressed else self.result.value


@dataclass
class MeasurePage:
    code: str
    name: str
    family: str
    year: ReportingYear
    tenure: str
    tenures: tuple[str, ...]
    by: str
    breakdowns: tuple[str, ...]
    years: list[ReportingYear]
    headline: GlanceRow
    conventions: dict
    year_trend: list[Point]
    quarter_trend: list[Point]
    quarter_rule: str
    groups: list[Group]
    groups_note: str
    voice: "Voice | None"
    can_explain: bool
    fragment_key: str = ""  # names everything the page's figures depend on (see Glance)

    @property
    def provisional_note(self) -> str:
        return provisional_note(self.year) if self.year.in_progress else ""


def measure_page(
    *, user, code: str, year: ReportingYear | None, tenure: str | None, by: str | None
) -> MeasurePage:
    access.require(user, access.SEE_MEASURES)
    code = check_code(code)
    tenure = tenure or tenures_for(code)[0]
    if tenure not in tenures_for(code):
        raise DashboardError(
            f"{code} is reported for {' and '.join(tenures_for(code))} only, not {tenure}."
        )
    by = by or "area"
    if by not in breakdowns_for(code):
        raise DashboardError(
            f"{code} cannot be broken down by {by}: choose "
            + " or ".join(BREAKDOWN_NAMES[name].lower() for name in breakdowns_for(code))
            + "."
        )
    store = figure_store()
    years = known_years(store=store)
    year = year or year_shown(years=years, store=store)
    current = _total(store=store, code=code, period=year, tenure=tenure)
    previous = _total(store=store, code=code, period=year.previous, tenure=tenure)
    targets = targets_for(year=year)
    groups, groups_note = _groups(
        user=user,
        results=store.family(code=code, period=year, tenure=tenure, by=by),
        by=by,
    )
    return MeasurePage(
        code=code,
        name=measure_name(code),
        family=family_of(code),
        year=year,
        tenure=tenure,
        tenures=tenures_for(code),
        by=by,
        breakdowns=breakdowns_for(code),
        years=years,
        headline=_glance_row(
            user=user, result=current, previous=previous, target=targets.get((code, tenure)),
            year=year,
        ),
        conventions={
            key: store.conventions.as_dict()[key]
            for key in FAMILY_CONVENTIONS.get(family_of(code), ())
        },
        year_trend=_year_trend(user=user, store=store, code=code, tenure=tenure,
                               years=sorted({*years, year})),
        quarter_trend=_protect_by_subtraction([
            _point(user=user, label=f"Q{quarter.number} ({quarter.months})", result=_total(
                store=store, code=code, period=quarter, tenure=tenure))
            for quarter in (Quarter(year, number) for number in (1, 2, 3, 4))
            if quarter.start <= store.as_of
        ]),
        quarter_rule=QUARTER_RULES[family_of(code)],
        groups=groups,
        groups_note=groups_note,
        voice=residents_said(user=user, code=code, year=year, store=store),
        can_explain=access.can_explain_measures(user),
        fragment_key=store._key(
            "measure-page", code, year.label, year.in_progress, tenure, by, _scope_of(user),
            str(targets.get((code, tenure)) or ""),
            sorted(_targets_over(code=code, tenure=tenure).items()),
        ),
    )


def _scope_of(user) -> tuple:
    """Everything about a person that changes what the measure pages show them."""
    return (
        access.sees_small_groups(user),
        access.can_explain_measures(user),
        access.can_set_targets(user),
        access.can(user, access.SEE_COMMENTS),
        access.can(user, access.SEE_ANONYMISED_COMMENTS),
        tuple(access.areas_for(user) or ()),
    )


def _total(*, store: FigureStore, code: str, period, tenure: str) -> MeasureResult:
    results = store.family(code=code, period=period, tenure=tenure, by=None)
    if results:
        return results[0]
    unit = "per 1,000" if family_of(code) in ("CH01", "NM01") else "%"
    return MeasureResult(code=code, tenure=tenure, numerator=0, denominator=0, unit=unit)


def _point(*, user, label: str, result: MeasureResult) -> Point:
    return Point(label=label, result=result, suppressed=is_small(user=user, result=result))


def _targets_over(*, code: str, tenure: str) -> dict[int, float]:
    """Each year's target for the measure and tenure, by the year's first year."""
    return {
        first_year: float(value)
        for first_year, value in Target.objects.filter(code=code, tenure=tenure)
        .values_list("first_year", "value")
    }


def _year_trend(*, user, store: FigureStore, code: str, tenure: str,
                years: list[ReportingYear]) -> list[Point]:
    """A point per year, oldest first, each with that year's target; a year in progress is
    labelled so, and gives no percentage while its survey is short of the required sample."""
    targets = _targets_over(code=code, tenure=tenure)
    points = []
    for year in years:
        result = _total(store=store, code=code, period=year, tenure=tenure)
        required = short_of_sample(result=result, year=year)
        points.append(Point(
            label=year.shown, result=result, suppressed=is_small(user=user, result=result),
            target=targets.get(year.first_year),
            short_of_sample="" if required is None else sample_words(
                result=result, required=required),
        ))
    return points


def _groups(*, user, results: list[MeasureResult], by: str) -> tuple[list[Group], str]:
    notes = []
    areas = access.areas_for(user)
    if areas is not None and by in ("area", "scheme"):
        allowed = set(areas) if by == "area" else _schemes_in(user=user)
        results = [result for result in results if result.group in allowed]
        notes.append(
            f"Only the {'areas' if by == 'area' else 'schemes in the areas'} you look after "
            f"({', '.join(areas)}) are shown."
        )
    elif areas is not None:
        notes.append("These groups are for the whole landlord, not only your areas.")
    groups = [
        Group(name=_group_name(result.group), result=result,
              suppressed=is_small(user=user, result=result))
        for result in results
    ]
    groups = _protect_by_subtraction(groups)
    if any(group.suppressed for group in groups):
        notes.append(
            f"Groups with fewer than {access.SMALL_GROUP} respondents or cases are not shown, "
            "nor the next smallest group when only one would be hidden, so that no one can be "
            "identified and no hidden figure can be worked out from the total."
        )
    return groups, " ".join(notes)


def _group_name(group: str) -> str:
    if group == UNKNOWN:
        return "Not recorded"
    return group.replace("_", " ").capitalize() if group.islower() else group


def _schemes_in(*, user) -> set[str]:
    return set(access.homes_visible_to(user).values_list("scheme", flat=True).distinct())


def _protect_by_subtraction(parts: list) -> list:
    """With one part (a group, a quarter) hidden, the total minus the others would give it
    away: hide the next smallest too."""
    hidden = [part for part in parts if part.suppressed]
    shown = [part for part in parts if not part.suppressed]
    if len(hidden) != 1 or not shown:
        return parts
    smallest = min(shown, key=lambda part: (base_of(part.result), part.label))
    return [replace(part, suppressed=True) if part is smallest else part for part in parts]


# What residents said ------------------------------------------------------------------


COMMENTS_SHOWN = 10


@dataclass(frozen=True)
class ThemeCount:
    code: str
    label: str
    positive: int | None
    neutral: int | None
    negative: int | None
    total: int | None  # None: fewer than SMALL_GROUP, not shown to this person


@dataclass(frozen=True)
class ResidentComment:
    text: str
    month: str
    sentiment: str
    themes: list[str]


@dataclass
class Voice:
    anonymised: bool
    question_comments: int | None
    themes: list[ThemeCount]
    comments: list[ResidentComment]
    total: int


def residents_said(
    *, user, code: str, year: ReportingYear, store: FigureStore | None = None
) -> Voice | None:
    """Survey comments on the measure's question or its themes, in the year: qualitative,
    counted and shown beside the figure, never part of it. None for a role that reads no
    comments. Anonymised readers get redacted text and never a flagged comment.

    Kept with the figures (by what the person may read: as written or anonymised, which
    areas, whether small counts show), as counting the themes costs as much as the rest of
    the page."""
    if not (access.can(user, access.SEE_COMMENTS)
            or access.can(user, access.SEE_ANONYMISED_COMMENTS)):
        return None
    store = store or figure_store()
    scope = (
        access.can(user, access.SEE_COMMENTS),
        tuple(access.areas_for(user) or ()),
        access.sees_small_groups(user),
    )
    return store.kept("voice", code, year.label, scope,
                      compute=lambda: _residents_said(user=user, code=code, year=year))


def _residents_said(*, user, code: str, year: ReportingYear) -> Voice | None:
    from doorstep.voice import services as voice
    from doorstep.voice.models import CodedComment, ThemeMention

    if access.can(user, access.SEE_COMMENTS):
        anonymised = False
        comments = CodedComment.objects.filter(
            source="survey", survey_comment__in=access.comments_visible_to(user)
        )
    elif access.can(user, access.SEE_ANONYMISED_COMMENTS):
        anonymised = True
        comments = voice.for_audience(
            CodedComment.objects.filter(source="survey"), audience=voice.PANEL
        )
    else:
        return None
    themes = voice.themes_for_measure(code)
    on_question = Q(question=code) if code in PERCEPTION_CODES else Q(pk__in=[])
    comments = comments.filter(received_on__range=(year.start, year.end)).filter(
        on_question | Q(mentions__theme_code__in=themes)
    ).distinct()
    counts = {}
    for row in (
        ThemeMention.objects.filter(coded_comment__in=comments, theme_code__in=themes)
        .values("theme_code", "sentiment")
        .annotate(comments=Count("coded_comment", distinct=True))
        .order_by()
    ):
        counts.setdefault(row["theme_code"], {})[row["sentiment"]] = row["comments"]
    labels = _theme_labels()
    shows_small = access.sees_small_groups(user)
    theme_counts = [
        _theme_count(code=theme, label=labels.get(theme, theme), counts=counts.get(theme, {}),
                     shows_small=shows_small)
        for theme in themes
    ]
    question_comments = comments.filter(question=code).count() if on_question else None
    if question_comments is not None and not shows_small and question_comments < 10:
        question_comments = None
    latest = comments.order_by("-received_on", "-pk").prefetch_related("mentions")
    total = comments.count()
    return Voice(
        anonymised=anonymised,
        question_comments=question_comments,
        themes=theme_counts,
        comments=[
            _comment(coded=coded, labels=labels, anonymised=anonymised)
            for coded in latest[:COMMENTS_SHOWN]
        ],
        total=total,
    )


def _theme_labels() -> dict[str, str]:
    from doorstep.voice.framework import DEFAULT_THEMES
    from doorstep.voice.services import active_framework

    framework = active_framework()
    themes = framework.themes.all() if framework else DEFAULT_THEMES
    return {theme.code: theme.label for theme in themes}


def _theme_count(*, code: str, label: str, counts: dict, shows_small: bool) -> ThemeCount:
    total = sum(counts.values())
    if not shows_small and total < access.SMALL_GROUP:
        return ThemeCount(code, label, None, None, None, None)
    return ThemeCount(
        code,
        label,
        counts.get("positive", 0),
        counts.get("neutral", 0),
        counts.get("negative", 0),
        total,
    )


def _comment(*, coded, labels: dict, anonymised: bool) -> ResidentComment:
    return ResidentComment(
        text=coded.redacted_text if anonymised else coded.text,
        month=f"{coded.received_on:%B %Y}" if coded.received_on else "",
        sentiment=coded.get_sentiment_display(),
        themes=[labels.get(m.theme_code, m.theme_code) for m in coded.mentions.all()],
    )


# The records behind a figure -----------------------------------------------------------


@dataclass
class Records:
    code: str
    name: str
    year: ReportingYear
    tenure: str
    columns: list[str]
    rows: list[list]
    areas: list[str] | None

    @property
    def shown(self) -> list[list]:
        return self.rows[:RECORDS_SHOWN]


def records_behind(*, user, code: str, year: ReportingYear, tenure: str | None) -> Records:
    """The engine's explain for staff who may drill down, limited to a manager's areas."""
    access.require(user, access.EXPLAIN_MEASURES)
    code = check_code(code)
    tenure = tenure or tenures_for(code)[0]
    try:
        columns, rows = explain(code=code, year=year, tenure=tenure)
    except MeasureError as problem:
        raise DashboardError(str(problem)) from problem
    areas = access.areas_for(user)
    if areas is not None:
        rows = _in_areas(user=user, columns=columns, rows=rows)
    return Records(code=code, name=measure_name(code), year=year, tenure=tenure,
                   columns=columns, rows=rows, areas=areas)


def _in_areas(*, user, columns: list[str], rows: list[list]) -> list[list]:
    """Only the rows about homes (or communal repairs in blocks) in the manager's areas; a
    record with no home belongs to no area and is left out, as in the casework lists."""
    home_column = next(
        (place for place, name in enumerate(columns) if name in ("home", "home_ref")), None
    )
    if home_column is None:
        return []
    visible = access.homes_visible_to(user)
    homes = set(visible.values_list("home_ref", flat=True))
    buildings = set(
        visible.filter(building__isnull=False).values_list("building__building_ref", flat=True)
    )
    kept = []
    for row in rows:
        ref = str(row[home_column] or "")
        if ref in homes or (ref.startswith("communal: ") and ref[10:] in buildings):
            kept.append(row)
    return kept
