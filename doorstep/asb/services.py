"""Anti-social behaviour cases as the service manager works them: filtered, newest first.

The queryset passed in is already the person's (``access.asb_cases_visible_to``): these
functions narrow it, never widen it.
"""

from datetime import date

from django.db.models import QuerySet

OPEN = "open"
CLOSED = "closed"
STATES = [(OPEN, "Open"), (CLOSED, "Closed")]


def asb_case_list(
    *, among: QuerySet, state: str = "", hate_related: bool = False, building_ref: str = "",
    opened_from: date | None = None, opened_to: date | None = None,
) -> QuerySet:
    """The cases among ``among`` that match every filter given, the newest opened first.
    A case is open until it has a closing date."""
    cases = among
    if state == OPEN:
        cases = cases.filter(closed_on__isnull=True)
    elif state == CLOSED:
        cases = cases.filter(closed_on__isnull=False)
    if hate_related:
        cases = cases.filter(hate_related=True)
    if building_ref:
        cases = cases.filter(home__building__building_ref=building_ref)
    if opened_from:
        cases = cases.filter(opened_on__gte=opened_from)
    if opened_to:
        cases = cases.filter(opened_on__lte=opened_to)
    return cases.select_related("home", "home__building").order_by("-opened_on", "case_ref")


def open_cases(*, among: QuerySet) -> QuerySet:
    """Cases still open: the figure on the manager's home page."""
    return asb_case_list(among=among, state=OPEN)
