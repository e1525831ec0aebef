"""Repairs as the service manager works them: one area's jobs, filtered, newest first.

The queryset passed in is already the person's (``access.repairs_visible_to``): these
functions narrow it, never widen it.
"""

from datetime import date, datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from doorstep.repairs.models import RepairStatus


def late(*, now: datetime) -> Q:
    """Past the landlord's own target: still open after it, or completed after it."""
    return Q(status=RepairStatus.OPEN, target_at__lt=now) | Q(
        status=RepairStatus.COMPLETED, completed_at__gt=F("target_at"))


def repair_list(
    *, among: QuerySet, status: str = "", priority: str = "", building_ref: str = "",
    reported_from: date | None = None, reported_to: date | None = None,
    only_late: bool = False, now: datetime | None = None,
) -> QuerySet:
    """The repairs among ``among`` that match every filter given, newest report first.

    Report dates are days in the UK (a repair reported at 00:30 on 1 April BST is April's).
    ``building_ref`` finds both the block's communal repairs and its flats' repairs.
    """
    repairs = among
    if status:
        repairs = repairs.filter(status=status)
    if priority:
        repairs = repairs.filter(priority=priority)
    if building_ref:
        repairs = repairs.filter(Q(building__building_ref=building_ref)
                                 | Q(home__building__building_ref=building_ref))
    if reported_from:
        repairs = repairs.filter(reported_at__gte=_start_of(reported_from))
    if reported_to:
        repairs = repairs.filter(reported_at__lt=_start_of(reported_to, days_after=1))
    if only_late:
        repairs = repairs.filter(late(now=now or timezone.now()))
    return repairs.select_related("home", "building").order_by("-reported_at", "repair_ref")


def open_and_late(*, among: QuerySet, now: datetime | None = None) -> QuerySet:
    """Open repairs already past their target: the figure on the manager's home page."""
    return repair_list(among=among, status=RepairStatus.OPEN, only_late=True, now=now)


def _start_of(day: date, *, days_after: int = 0) -> datetime:
    moment = datetime.combine(day + timedelta(days=days_after), datetime.min.time())
    return timezone.make_aware(moment)
