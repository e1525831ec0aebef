"""NM01: anti-social behaviour cases opened in the year per 1,000 homes (LCRA + LCHO).

Part 1 counts every case opened in the year, hate-related ones included; part 2 counts the
cases involving a hate incident. A case is the record opened in response to a report:
further reports about the same party while it is open belong to it and are not new cases,
so Doorstep counts case records and does not try to merge them. Cases are counted whatever
home they concern (or none: an incident on an estate), because the regulator asks for all
cases opened by or on behalf of the landlord. The base is the owned LCRA and LCHO homes at
year end; the figure is reported as tenure "combined".
"""

from django.db.models import Count, Q

from doorstep.asb.models import AsbCase
from doorstep.core.periods import ReportingYear
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import count, groups_of, home_group, tally, tenures_in

NM01_PARTS = {"NM01-1": "cases", "NM01-2": "hate_cases"}


def opened_in(*, year: ReportingYear) -> Q:
    return Q(opened_on__gte=year.start, opened_on__lte=year.end)


def asb_measures(*, year: ReportingYear, by: str | None, stock: dict) -> list[MeasureResult]:
    """NM01-1 and NM01-2; ``stock`` is ``scope.stock_counts`` for the same year and breakdown."""
    counts = tally(
        AsbCase.objects.filter(opened_in(year=year)),
        group=home_group(by=by, prefix="home__"),
        cases=Count("pk"),
        hate_cases=Count("pk", filter=Q(hate_related=True)),
    )
    return [
        MeasureResult(
            code=code,
            tenure="combined",
            numerator=count(counts, group=group, name=part),
            denominator=count(stock, group=group, name="homes", split=tenures_in("combined")),
            unit="per 1,000",
            group=group,
        )
        for code, part in NM01_PARTS.items()
        for group in groups_of(counts, stock, by=by)
    ]
