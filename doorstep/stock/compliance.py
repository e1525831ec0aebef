"""Building-safety compliance as a service manager works it: every safety requirement in
force on a day, beside the latest check of its kind on the same home or block, and whether
that check is still valid.

The rule is the one BS01–BS05 count by (doorstep/measures/safety.py), read on any day
rather than only on 31 March: a requirement is met on a day when a check of its kind, on
its own home or block, was completed by then and is valid until that day or later.
"""

from datetime import date

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from doorstep.stock.models import SafetyCheck

VALID = "valid"
LAPSED = "lapsed"
STATES = [(LAPSED, "No valid check (lapsed or never done)"), (VALID, "A valid check")]


def in_force(*, on: date) -> Q:
    return (Q(required_from__isnull=True) | Q(required_from__lte=on)) & (
        Q(required_until__isnull=True) | Q(required_until__gte=on))


def compliance_list(
    *, requirements: QuerySet, on: date, check_type: str = "", state: str = "",
    building_ref: str = "", due_from: date | None = None, due_to: date | None = None,
) -> QuerySet:
    """The requirements in force on ``on`` among ``requirements``, each annotated with its
    latest check by then (``last_check_ref``, ``last_completed_on``, ``valid_until``), the
    ones with no valid check first, then the soonest due.

    ``state``: VALID or LAPSED on ``on``; ``due_from``/``due_to``: when the check in hand
    falls due (its ``valid_until``).
    """
    latest = (
        SafetyCheck.objects.filter(check_type=OuterRef("check_type"), completed_on__lte=on)
        .filter(Q(home=OuterRef("home")) | Q(building=OuterRef("building")))
        .order_by("-valid_until", "-completed_on", "-pk")
    )
    rows = requirements.filter(in_force(on=on)).annotate(
        last_check_ref=Subquery(latest.values("check_ref")[:1]),
        last_completed_on=Subquery(latest.values("completed_on")[:1]),
        valid_until=Subquery(latest.values("valid_until")[:1]),
    )
    if check_type:
        rows = rows.filter(check_type=check_type)
    if state == VALID:
        rows = rows.filter(valid_until__gte=on)
    elif state == LAPSED:
        rows = rows.filter(Q(valid_until__isnull=True) | Q(valid_until__lt=on))
    if building_ref:
        rows = rows.filter(Q(building__building_ref=building_ref)
                           | Q(home__building__building_ref=building_ref))
    if due_from:
        rows = rows.filter(valid_until__gte=due_from)
    if due_to:
        rows = rows.filter(valid_until__lte=due_to)
    return rows.select_related("home", "building").order_by(
        F("valid_until").asc(nulls_first=True), "requirement_ref")


def lapsed(*, requirements: QuerySet, on: date) -> QuerySet:
    """Requirements in force with no valid check on ``on``: the manager's home-page figure."""
    return compliance_list(requirements=requirements, on=on, state=LAPSED)
