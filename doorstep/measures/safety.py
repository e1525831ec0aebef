"""BS01–BS05: homes with every required safety check carried out and recorded, at year end.

A home *needs* a kind of check when it, or the building it is in, has a requirement of that
kind active on 31 March. It is *compliant* when every such requirement has a check of that
kind, on the same home or building, completed on or before 31 March and still valid then
(``valid_until`` on or after 31 March: the check falls due that day at the earliest, so it
has not lapsed). A requirement whose ``required_until`` is before 31 March has ended and is
ignored; one ending on 31 March is still in force that day. Remedial works are not part of
the measure. Reported for LCRA and LCHO together (tenure "combined").
"""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat

from doorstep.core.periods import ReportingYear
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import count, groups_of, home_group, homes_at_year_end, tally
from doorstep.stock.models import SafetyCheck, SafetyCheckType, SafetyRequirement, Tenure

CHECK_TYPES = {
    "BS01": SafetyCheckType.GAS,
    "BS02": SafetyCheckType.FIRE_RISK,
    "BS03": SafetyCheckType.ASBESTOS,
    "BS04": SafetyCheckType.WATER,
    "BS05": SafetyCheckType.LIFT,
}


def _of_type(model, check_type: str) -> QuerySet:
    """Requirements or checks of one kind, found through their home or building.

    These are read inside a subquery per home. The stock tables index ``check_type`` on its
    own, and SQLite without statistics prefers that index to the home/building foreign key,
    scanning every requirement of the kind for every home (homes x requirements). Comparing
    an expression rather than the bare column leaves it the foreign-key index.
    """
    return model.objects.alias(kind=Concat(F("check_type"), Value(""))).filter(kind=check_type)


def active_requirements(*, year: ReportingYear, check_type: str) -> QuerySet:
    return _of_type(SafetyRequirement, check_type).filter(
        Q(required_from__isnull=True) | Q(required_from__lte=year.end),
        Q(required_until__isnull=True) | Q(required_until__gte=year.end),
    )


def valid_checks(*, year: ReportingYear, check_type: str) -> QuerySet:
    return _of_type(SafetyCheck, check_type).filter(
        completed_on__lte=year.end, valid_until__gte=year.end
    )


def unmet_requirements(*, year: ReportingYear, check_type: str) -> QuerySet:
    """Active requirements with no valid check on their own home or building."""
    checks = valid_checks(year=year, check_type=check_type)
    return active_requirements(year=year, check_type=check_type).filter(
        ~Exists(checks.filter(home=OuterRef("home"))),
        ~Exists(checks.filter(building=OuterRef("building"))),
    )


def _on_home_or_building(requirements: QuerySet) -> Q:
    """A requirement on the home itself or on its building.

    Written as IN over uncorrelated subqueries, not EXISTS per home: the database finds the
    homes and buildings with such requirements once (SQLite keeps them in a temporary
    index, PostgreSQL in a hash) and looks each home up there. Correlated EXISTS searched
    the requirements, and for "unmet" their checks, again for every home: 130,000 homes
    times five kinds of check. NULLs are left out of the lists, because ``x NOT IN (...,
    NULL)`` is never true and would hide every lapsed check.
    """
    return Q(pk__in=requirements.filter(home__isnull=False).values("home")) | Q(
        building__in=requirements.filter(building__isnull=False).values("building")
    )


def needs_check(*, year: ReportingYear, check_type: str) -> Q:
    return _on_home_or_building(active_requirements(year=year, check_type=check_type))


def lacks_valid_check(*, year: ReportingYear, check_type: str) -> Q:
    return _on_home_or_building(unmet_requirements(year=year, check_type=check_type))


def safety_measures(*, year: ReportingYear, by: str | None = None) -> list[MeasureResult]:
    """BS01–BS05 for the combined stock, from one aggregate query over the homes."""
    homes = homes_at_year_end(year=year).filter(tenure__in=(Tenure.LCRA, Tenure.LCHO))
    aggregates = {}
    for code, check_type in CHECK_TYPES.items():
        aggregates[f"{code}_needing"] = Count(
            "pk", filter=needs_check(year=year, check_type=check_type)
        )
        # An unmet requirement is an active one, so every home lacking a check needs one:
        # compliant = needing - lacking, and "needs" is tested once per home, not twice.
        aggregates[f"{code}_lacking"] = Count(
            "pk", filter=lacks_valid_check(year=year, check_type=check_type)
        )
    counts = tally(homes, group=home_group(by=by), **aggregates)
    return [
        MeasureResult(
            code=code,
            tenure="combined",
            numerator=count(counts, group=group, name=f"{code}_needing")
            - count(counts, group=group, name=f"{code}_lacking"),
            denominator=count(counts, group=group, name=f"{code}_needing"),
            unit="%",
            group=group,
        )
        for code in CHECK_TYPES
        for group in groups_of(counts, by=by)
    ]
