"""CH01 (complaints per 1,000 homes) and CH02 (complaints answered within the Code's times).

Reported for LCRA, LCHO and combined, by the tenure recorded on the complaint (a complaint
may come from someone whose home is not recorded). A stage 1 complaint belongs to the year
it was received in; a stage 2 complaint to the year the escalation was requested in.

CH01's base is the owned homes of that tenure at year end. Withdrawn complaints stay in
CH01: they were made.

CH02 needs the Complaint Handling Code's working-day clocks (``doorstep.complaints.clocks``),
and counting working days between two dates with bank holidays and the organisation's
closure days cannot be written portably in SQL for both SQLite and PostgreSQL. So for the
year's complaints only the date columns the clocks need are fetched with ``values_list``
(one query, no model instances) and each stage is judged with the shared calendar, whose
look-ups are binary searches. The clocks are read as they stand on ``as_of`` (today unless
given): a complaint not yet answered whose deadline is still ahead is "pending", left out of
the base, counted in ``details["pending"]`` and the figure marked ``provisional``.

Conventions: a complaint withdrawn before its response follows ``withdrawn_complaints``
(left out of the base by default); a missing acknowledgement follows
``missing_acknowledgement`` (passed to the clocks). An extension longer than the Code allows
is a data error (listed in the warnings); the clock is run with the longest extension the
Code allows, so the error cannot flatter the figure.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date

from django.db.models import Count, Q, QuerySet

from doorstep.complaints import clocks
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.core.workdays import england_calendar
from doorstep.measures.conventions import DEFAULTS, Conventions
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import count, groups_of, home_group, tally, tenures_in

CH01_STAGES = {"CH01-1": "stage1", "CH01-2": "stage2"}
CH02_STAGES = {"CH02-1": 1, "CH02-2": 2}
# The columns each stage's clock needs, in the order stage_timeliness takes them.
STAGE_COLUMNS = {
    1: ("received_on", "stage1_acknowledged_on", "stage1_responded_on", "stage1_extension_days"),
    2: ("escalated_on", "stage2_acknowledged_on", "stage2_responded_on", "stage2_extension_days"),
}


def made_in(*, year: ReportingYear, stage: int) -> Q:
    start_field = STAGE_COLUMNS[stage][0]
    return Q(**{f"{start_field}__gte": year.start, f"{start_field}__lte": year.end})


def complaints_of_year(*, year: ReportingYear) -> QuerySet:
    return Complaint.objects.filter(made_in(year=year, stage=1) | made_in(year=year, stage=2))


def complaint_volume_measures(
    *, year: ReportingYear, tenures: tuple[str, ...], by: str | None, stock: dict
) -> list[MeasureResult]:
    """CH01-1 and CH01-2 for each tenure asked for; ``stock`` is ``scope.stock_counts``."""
    counts = tally(
        complaints_of_year(year=year),
        group=home_group(by=by, prefix="home__"),
        split=("tenure",),
        stage1=Count("pk", filter=made_in(year=year, stage=1)),
        stage2=Count("pk", filter=made_in(year=year, stage=2)),
    )
    return [
        MeasureResult(
            code=code,
            tenure=tenure,
            numerator=count(counts, group=group, name=stage, split=tenures_in(tenure)),
            denominator=count(stock, group=group, name="homes", split=tenures_in(tenure)),
            unit="per 1,000",
            group=group,
        )
        for code, stage in CH01_STAGES.items()
        for tenure in tenures
        for group in groups_of(counts, stock, by=by)
    ]


def stage_clocks(
    *,
    year: ReportingYear,
    as_of: date,
    conventions: Conventions,
    by: str | None = None,
    extra: tuple[str, ...] = (),
) -> Iterator[tuple[int, tuple, clocks.StageClock | None]]:
    """Each stage made in the year with its clock: (stage, row, clock).

    ``row`` holds (group, tenure, withdrawn_on, *stage 1 columns, *stage 2 columns,
    *extra). The clock is None for a stage dated after ``as_of`` (its clock has not started).
    """
    calendar = england_calendar()
    columns = ["tenure", "withdrawn_on", *STAGE_COLUMNS[1], *STAGE_COLUMNS[2], *extra]
    queryset = complaints_of_year(year=year).order_by()
    group = home_group(by=by, prefix="home__")
    if group is not None:
        queryset = queryset.annotate(breakdown_group=group)
        columns.insert(0, "breakdown_group")
    for row in queryset.values_list(*columns):
        if group is None:
            row = (None, *row)
        for stage in (1, 2):
            start = row[_START[stage]]
            if start is None or start not in year:
                continue
            clock = _clock(
                stage=stage, row=row, as_of=as_of, calendar=calendar, conventions=conventions
            )
            yield stage, row, clock


# Where each stage's columns begin in a stage_clocks row (after group, tenure, withdrawn_on).
_START = {1: 3, 2: 3 + len(STAGE_COLUMNS[1])}


def stage_columns(row: tuple, *, stage: int) -> tuple:
    """(start, acknowledged_on, responded_on, extension_days) of one stage of a row."""
    return row[_START[stage] : _START[stage] + len(STAGE_COLUMNS[stage])]


def _clock(*, stage, row, as_of, calendar, conventions) -> clocks.StageClock | None:
    received_on, acknowledged_on, responded_on, extension = stage_columns(row, stage=stage)
    if received_on > as_of:
        return None
    longest = clocks.TIMESCALES[stage][2]
    return clocks.stage_timeliness(
        stage=stage,
        received_on=received_on,
        acknowledged_on=acknowledged_on,
        responded_on=responded_on,
        extension_days=min(extension or 0, longest),
        withdrawn_on=row[2],
        as_of=as_of,
        calendar=calendar,
        missing_acknowledgement=conventions.missing_acknowledgement,
    )


def counts_as(*, clock: clocks.StageClock | None, conventions: Conventions) -> str:
    """Where a stage falls in CH02: "in_time", "late", "pending" or "excluded"."""
    if clock is None or clock.status == clocks.PENDING:
        return "pending"
    if clock.status == clocks.WITHDRAWN:
        return {"exclude": "excluded", "include_in_time": "in_time", "include_late": "late"}[
            conventions.withdrawn_complaints
        ]
    return "in_time" if clock.status == clocks.IN_TIME else "late"


def complaint_timeliness_measures(
    *,
    year: ReportingYear,
    tenures: tuple[str, ...],
    by: str | None,
    conventions: Conventions = DEFAULTS,
    as_of: date | None = None,
) -> list[MeasureResult]:
    """CH02-1 and CH02-2 for each tenure asked for (see the module notes)."""
    as_of = as_of or date.today()
    tallies: dict[tuple, Counter] = defaultdict(Counter)
    for stage, row, clock in stage_clocks(year=year, as_of=as_of, conventions=conventions, by=by):
        outcome = counts_as(clock=clock, conventions=conventions)
        counter = tallies[(row[0], row[1], stage)]
        counter[outcome] += 1
        if outcome == "in_time" and clock is not None and clock.needed_extension:
            counter["by_extension"] += 1
        if clock is not None and clock.status == clocks.WITHDRAWN:
            counter["withdrawn"] += 1
    groups = [None] if by is None else sorted({key[0] for key in tallies})
    results = []
    for code, stage in CH02_STAGES.items():
        for tenure in tenures:
            for group in groups:
                figures = Counter()
                for home_tenure in tenures_in(tenure):
                    figures.update(tallies.get((group, home_tenure, stage), Counter()))
                results.append(
                    _timeliness_result(code=code, tenure=tenure, group=group, figures=figures)
                )
    return results


def _timeliness_result(*, code, tenure, group, figures: Counter) -> MeasureResult:
    return MeasureResult(
        code=code,
        tenure=tenure,
        numerator=figures["in_time"],
        denominator=figures["in_time"] + figures["late"],
        unit="%",
        group=group,
        details={
            "within_only_by_extension": figures["by_extension"],
            "pending": figures["pending"],
            "provisional": figures["pending"] > 0,
            "withdrawn": figures["withdrawn"],
        },
    )
