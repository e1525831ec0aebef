"""The year's hazard report: the cases the landlord became aware of in a reporting year, by
hazard, on time and late, read on their Awaab's Law clocks as they stand now.

Each case has one outcome, so the columns of a row add up to its cases:

- on time: on the clocks, every clock met (or not needed), none running;
- late: on the clocks, at least one clock missed or overdue;
- still running: on the clocks, nothing late yet, a clock still running or waiting;
- outside timescales: opened outside Awaab's Law's timescales (a hazard not yet in scope
  when the landlord became aware): recorded and tracked, no deadline.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from doorstep.core.periods import ReportingYear
from doorstep.core.workdays import england_calendar
from doorstep.hazards import clocks
from doorstep.hazards.models import Hazard, HazardCase, HazardKind
from doorstep.hazards.services import hazard_clocks

ON_TIME, LATE, RUNNING, OUTSIDE = "on_time", "late", "running", "outside"
OUTCOME_LABELS = {ON_TIME: "On time", LATE: "Late", RUNNING: "Still running",
                  OUTSIDE: "Outside Awaab's Law timescales"}
NOT_RECORDED = "Hazard not recorded"


@dataclass(frozen=True)
class CaseOutcome:
    case: HazardCase
    outcome: str
    late_clocks: list[str]  # the labels of the clocks missed or overdue

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass
class HazardRow:
    name: str
    group: str  # the group's label, "" for cases with no hazard recorded
    emergency: int = 0
    significant: int = 0
    on_time: int = 0
    late: int = 0
    running: int = 0
    outside: int = 0

    @property
    def cases(self) -> int:
        return self.emergency + self.significant

    def add(self, outcome: CaseOutcome) -> None:
        if outcome.case.kind == HazardKind.EMERGENCY:
            self.emergency += 1
        else:
            self.significant += 1
        setattr(self, outcome.outcome, getattr(self, outcome.outcome) + 1)


@dataclass
class HazardReport:
    year: ReportingYear
    as_of: datetime
    rows: list[HazardRow]
    total: HazardRow
    cases: list[CaseOutcome] = field(default_factory=list)


def outcome_of(case: HazardCase, *, now: datetime, calendar) -> CaseOutcome:
    case_clocks = hazard_clocks(case=case, now=now, calendar=calendar)
    if not case.timescales_apply:
        return CaseOutcome(case, OUTSIDE, [])
    late = [clock.label for clock in case_clocks
            if clock.status in (clocks.MISSED, clocks.OVERDUE)]
    if late:
        return CaseOutcome(case, LATE, late)
    if any(clock.status in (clocks.DUE, clocks.WAITING) for clock in case_clocks):
        return CaseOutcome(case, RUNNING, [])
    return CaseOutcome(case, ON_TIME, [])


def hazard_report(*, year: ReportingYear, cases: QuerySet | None = None,
                  now: datetime | None = None) -> HazardReport:
    """Every case the landlord became aware of in ``year`` (``cases``: only these), one row
    per hazard of the list in its order (hazards with no case left out), then the cases with
    no hazard recorded, and the total. Three queries: the hazards, the cases, the calendar."""
    now = now or timezone.now()
    calendar = england_calendar()
    chosen = (
        (HazardCase.objects if cases is None else cases)
        .filter(aware_at__gte=year.starts_at, aware_at__lt=year.ends_before)
        .select_related("hazard", "home")
        .order_by("aware_at", "pk")
    )
    rows = {hazard.code: HazardRow(hazard.name, hazard.get_group_display())
            for hazard in Hazard.objects.order_by("position", "code")}
    not_recorded = HazardRow(NOT_RECORDED, "")
    total = HazardRow("All hazards", "")
    outcomes = []
    for case in chosen:
        outcome = outcome_of(case, now=now, calendar=calendar)
        outcomes.append(outcome)
        rows.get(case.hazard_id, not_recorded).add(outcome)
        total.add(outcome)
    shown = [row for row in [*rows.values(), not_recorded] if row.cases]
    outcomes.sort(key=lambda o: (o.case.hazard.position if o.case.hazard else 999,
                                 o.case.aware_at, o.case.pk))
    return HazardReport(year=year, as_of=now, rows=shown, total=total, cases=outcomes)
