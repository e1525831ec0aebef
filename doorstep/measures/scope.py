"""Which homes count in a year's figures, and how figures are broken down into groups.

Only dwelling units the landlord **owns** and holds at year end count in the
management-information denominators (every RSH numerator and denominator says "dwelling units
owned ... at year end"): acquired on or before 31 March (or no date) and not disposed of by
then. A home disposed of *on* 31 March has left the stock at year end.

Breakdowns (``by``) group a measure by a field of the home: its area, scheme, needs type or
building. A record with no value for the field (a home with no scheme, a complaint with no
home) falls in the group ``"unknown"``, so the groups still add up to the total. A communal
repair has a building but no home: it takes the value its building's homes share when they
all share one (a block where every flat is in the same area), and ``"unknown"`` otherwise,
because splitting one repair between groups would break the groups' numerator/denominator
discipline. Repairs keep these groups on themselves (doorstep/repairs/grouping.py).
"""

from django.db.models import (
    CharField,
    Count,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from doorstep.core.periods import ReportingYear
from doorstep.repairs.grouping import GROUP_FIELDS, UNKNOWN
from doorstep.stock.models import Home, Tenure

BREAKDOWNS = ("area", "scheme", "needs_type", "building")
TENURES = ("LCRA", "LCHO", "combined")


class MeasureError(ValueError):
    """A request for figures Doorstep cannot give (an unknown code, tenure or breakdown)."""


def check_breakdown(by: str | None) -> None:
    if by is not None and by not in BREAKDOWNS:
        raise MeasureError(
            f"{by!r} is not a breakdown of the management measures: choose one of "
            + ", ".join(BREAKDOWNS)
        )


def check_tenure(tenure: str | None) -> None:
    if tenure is not None and tenure not in TENURES:
        raise MeasureError(f"{tenure!r} is not a tenure: choose LCRA, LCHO or combined")


def tenures_in(tenure: str) -> tuple[str, ...]:
    """The home tenures a reported tenure covers: "combined" is LCRA and LCHO together."""
    return (Tenure.LCRA, Tenure.LCHO) if tenure == "combined" else (tenure,)


def in_stock_at_year_end(*, year: ReportingYear) -> Q:
    """Owned and held on 31 March: the homes in every "units owned at year end" base."""
    return (
        Q(owned=True)
        & (Q(acquired_on__isnull=True) | Q(acquired_on__lte=year.end))
        & (Q(disposed_on__isnull=True) | Q(disposed_on__gt=year.end))
    )


def homes_at_year_end(*, year: ReportingYear) -> QuerySet:
    return Home.objects.filter(in_stock_at_year_end(year=year))


def _field(by: str) -> str:
    return "building__building_ref" if by == "building" else by


def _known(expression) -> NullIf:
    # Blank text means "not recorded": it goes to the unknown group with the NULLs.
    return NullIf(expression, Value(""))


def home_group(*, by: str | None, prefix: str = ""):
    """The breakdown group of a home reached through ``prefix`` ("" or "home__")."""
    if by is None:
        return None
    return Coalesce(_known(F(prefix + _field(by))), Value(UNKNOWN), output_field=CharField())


def repair_group(*, by: str | None):
    """A repair's group, as its copy of its home's facts holds it (see
    doorstep/repairs/grouping.py: its home's, else the one its building's homes share)."""
    if by is None:
        return None
    return F(GROUP_FIELDS[by])


def tally(queryset: QuerySet, *, group=None, split: tuple[str, ...] = (), **counts) -> dict:
    """Aggregates per (group, *split values) in one GROUP BY query.

    Keys are tuples: ``(None,)`` for the whole with no split, ``("North", "LCRA")`` with
    both. Combinations with no rows are absent; callers read them as zero.
    """
    keys = list(split)
    if group is not None:
        queryset = queryset.annotate(breakdown_group=group)
        keys.insert(0, "breakdown_group")
    if not keys:
        return {(None,): queryset.aggregate(**counts)}
    rows = queryset.order_by().values(*keys).annotate(**counts)
    if group is None:
        return {(None, *(row[key] for key in split)): row for row in rows}
    return {tuple(row[key] for key in keys): row for row in rows}


def groups_of(*tallies: dict, by: str | None) -> list:
    """The groups to report: the whole when there is no breakdown (even with no records),
    otherwise every group seen in any of the tallies, in a stable order."""
    if by is None:
        return [None]
    return sorted({key[0] for counts in tallies for key in counts})


def count(counts: dict, *, group, name: str, split: tuple | None = None) -> float:
    """One aggregate for one group, summed over the split values given (e.g. LCRA + LCHO)."""
    if split is None:
        return counts.get((group,), {}).get(name) or 0
    return sum((counts.get((group, value), {}).get(name) or 0) for value in split)


def stock_counts(*, year: ReportingYear, by: str | None) -> dict:
    """Owned homes at year end per (group, tenure): the base of CH01 and NM01, one query."""
    return tally(
        homes_at_year_end(year=year),
        group=home_group(by=by),
        split=("tenure",),
        homes=Count("pk"),
    )
