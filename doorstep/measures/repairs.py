"""RP01 (homes failing the Decent Homes Standard) and RP02 (repairs completed within target).

Both are reported for LCRA only.

RP01 reads each home's latest stock-condition assessment on or before 31 March. Homes with
none are "unassessed": under the default ``unassessed_homes`` convention they stay in the
denominator (they are not known to fail) and are listed as a data-quality warning; under
"exclude" they leave it. Either way the count is in ``details["unassessed"]``.

RP02 counts responsive repairs (not planned or void work) **completed during the year**:
completed_at on or after 1 April 00:00 and before the next 1 April 00:00, UK time (date-times
are stored in UTC, so a repair completed at 00:30 on 1 April in summer time, 23:30 UTC on
31 March, belongs to the next year). A repair is within target when completed no later than
its own target date-time, so one completed exactly on time is in time. Cancelled repairs are
never in RP02. The repairs counted are those on owned LCRA homes, whether or not the home is
still held at year end (the repair was done for an LCRA tenant), plus communal repairs on a
building holding at least one owned LCRA home.

The context the regulator asks for travels in ``details`` for each priority: ``raised``
(reported in the year, any outcome), ``completed`` (completed in the year),
``closed_other`` (cancelled; a repair records no cancellation date, so these are the
cancelled repairs *raised* in the year) and ``outstanding_at_year_end`` (raised before the
year ended, not cancelled, and not completed by then).
"""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from doorstep.core.periods import ReportingYear
from doorstep.measures.conventions import DEFAULTS, Conventions
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import (
    count,
    groups_of,
    home_group,
    homes_at_year_end,
    repair_group,
    tally,
)
from doorstep.repairs.models import Priority, Repair, RepairStatus, RepairType
from doorstep.stock.models import StockConditionAssessment, Tenure

RP02_PRIORITIES = {"RP02-1": Priority.NON_EMERGENCY, "RP02-2": Priority.EMERGENCY}


def decent_homes_homes(*, year: ReportingYear) -> QuerySet:
    """Owned LCRA homes at year end to which the Decent Homes Standard applies."""
    return homes_at_year_end(year=year).filter(tenure=Tenure.LCRA, decent_homes_applies=True)


def decent_homes_base(*, year: ReportingYear) -> QuerySet:
    """Those homes with their latest verdict, for listing them.

    ``latest_meets`` is True (meets), False (fails) or None (no assessment by year end).
    """
    latest = (
        StockConditionAssessment.objects.filter(home=OuterRef("pk"), assessed_on__lte=year.end)
        .order_by("-assessed_on", "-pk")
        .values("meets_decent_homes")[:1]
    )
    return decent_homes_homes(year=year).annotate(latest_meets=Subquery(latest))


# Counting needs no verdict per home. Homes are looked up in two lists the database makes
# once (IN over uncorrelated subqueries) instead of finding each home's latest assessment
# in turn: on PostgreSQL, with 130,000 homes, three times faster.


def _assessed_by(*, year: ReportingYear) -> QuerySet:
    return StockConditionAssessment.objects.filter(assessed_on__lte=year.end)


def latest_assessment_fails(*, year: ReportingYear) -> Q:
    """The home's latest assessment by year end (ties: the later recorded) is a fail."""
    assessed = _assessed_by(year=year)
    later = assessed.filter(home=OuterRef("home")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    failing_latest = assessed.filter(meets_decent_homes=False).exclude(Exists(later))
    return Q(pk__in=failing_latest.values("home"))


def not_assessed(*, year: ReportingYear) -> Q:
    """No assessment on or before year end (an assessment always has a home: no NULLs)."""
    return ~Q(pk__in=_assessed_by(year=year).values("home"))


def decent_homes_measures(
    *, year: ReportingYear, by: str | None = None, conventions: Conventions = DEFAULTS
) -> list[MeasureResult]:
    counts = tally(
        decent_homes_homes(year=year),
        group=home_group(by=by),
        homes=Count("pk"),
        failing=Count("pk", filter=latest_assessment_fails(year=year)),
        unassessed=Count("pk", filter=not_assessed(year=year)),
    )
    results = []
    for group in groups_of(counts, by=by):
        homes, unassessed = (count(counts, group=group, name=n) for n in ("homes", "unassessed"))
        if conventions.unassessed_homes == "exclude":
            homes -= unassessed
        results.append(
            MeasureResult(
                code="RP01",
                tenure="LCRA",
                numerator=count(counts, group=group, name="failing"),
                denominator=homes,
                unit="%",
                group=group,
                details={"unassessed": unassessed},
            )
        )
    return results


def lcra_responsive_repairs() -> QuerySet:
    """Responsive repairs on owned LCRA homes, or communal ones in a block holding one.

    Whether a repair is on such a home is kept on the repair (``counts_as_lcra``, see
    doorstep/repairs/grouping.py), so no home is looked up here.
    """
    return Repair.objects.filter(repair_type=RepairType.RESPONSIVE, counts_as_lcra=True)


def slices_of_year(*, year: ReportingYear) -> list[QuerySet]:
    """The repairs RP02 and its context can count in the year, in four disjoint slices.

    Each slice is one range of an index that holds every column RP02 counts with, so only
    about a year's repairs are read, from the index alone, not the three or more years the
    table holds: reported in the year (by report date); reported before it and completed
    in it or later, or not completed at all (two ranges by completion date: as one OR,
    SQLite read every repair reported before the year); reported after it yet completed
    in it, a data error the warnings list (by report date).
    """
    starts, ends = year.starts_at, year.ends_before
    repairs = lcra_responsive_repairs()
    return [
        repairs.filter(reported_at__gte=starts, reported_at__lt=ends),
        repairs.filter(completed_at__gte=starts, reported_at__lt=starts),
        repairs.filter(completed_at__isnull=True, reported_at__lt=starts),
        # Only the report date in the filter: with the completion date too, SQLite scans
        # the whole year's completions. The counts' own filters pick out the errors.
        repairs.filter(reported_at__gte=ends),
    ]


def completed_in(*, year: ReportingYear) -> Q:
    return Q(
        status=RepairStatus.COMPLETED,
        completed_at__gte=year.starts_at,
        completed_at__lt=year.ends_before,
    )


def within_target() -> Q:
    return Q(completed_at__lte=F("target_at"))


def repair_measures(*, year: ReportingYear, by: str | None = None) -> list[MeasureResult]:
    """RP02-1 and RP02-2 with their context counts: one query per slice of the year's
    repairs (see ``slices_of_year``), grouped by priority, the slices' counts added up."""
    completed = completed_in(year=year)
    raised = Q(reported_at__gte=year.starts_at, reported_at__lt=year.ends_before)
    not_done_by_year_end = Q(completed_at__isnull=True) | Q(completed_at__gte=year.ends_before)
    aggregates = {
        "completed": Count("pk", filter=completed),
        "in_time": Count("pk", filter=completed & within_target()),
        "raised": Count("pk", filter=raised),
        "closed_other": Count("pk", filter=raised & Q(status=RepairStatus.CANCELLED)),
        "outstanding": Count(
            "pk",
            filter=Q(reported_at__lt=year.ends_before)
            & ~Q(status=RepairStatus.CANCELLED)
            & not_done_by_year_end,
        ),
    }
    counts = added_up(
        tally(repairs, group=repair_group(by=by), split=("priority",), **aggregates)
        for repairs in slices_of_year(year=year)
    )
    results = []
    for code, priority in RP02_PRIORITIES.items():
        for group in groups_of(counts, by=by):
            figures = {
                name: count(counts, group=group, name=name, split=(priority,))
                for name in ("completed", "in_time", "raised", "closed_other", "outstanding")
            }
            results.append(
                MeasureResult(
                    code=code,
                    tenure="LCRA",
                    numerator=figures["in_time"],
                    denominator=figures["completed"],
                    unit="%",
                    group=group,
                    details={
                        "raised": figures["raised"],
                        "completed": figures["completed"],
                        "closed_other": figures["closed_other"],
                        "outstanding_at_year_end": figures["outstanding"],
                    },
                )
            )
    return results


def added_up(tallies) -> dict:
    """Tallies of disjoint sets of records, as one: counts of the same key are added."""
    total: dict[tuple, dict] = {}
    for counts in tallies:
        for key, row in counts.items():
            if key not in total:
                total[key] = dict(row)
                continue
            for name, value in row.items():
                if isinstance(value, int):
                    total[key][name] += value
    return total
