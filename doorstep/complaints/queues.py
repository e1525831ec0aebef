"""Work queues: open complaints whose next deadline is due soon or has passed.

The deadlines are counted in working days (bank holidays and closure days), which cannot be
written portably in SQL, so a queue is one query for the complaints open on the day, with
their home, team and handlers joined, and the clocks are read in Python with one shared
calendar: two queries whatever the length of the queue. Open complaints are few (those not
yet answered), so this stays fast.

A complaint is open on a day when its current stage had started and had neither a response
nor a withdrawal by the end of that day. Its handler is the handler of that stage.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from doorstep.complaints.models import Complaint, ComplaintTeam
from doorstep.complaints.services import DUE, OVERDUE, Deadline, case_deadlines
from doorstep.core.workdays import england_calendar

DEFAULT_DUE_SOON_DAYS = 2


@dataclass(frozen=True)
class QueueEntry:
    complaint: Complaint
    # The most pressing outstanding deadline of the stage that is open.
    deadline: Deadline
    handler: object | None  # a user, or None when nobody is assigned
    team: ComplaintTeam | None

    @property
    def overdue(self) -> bool:
        return self.deadline.status == OVERDUE


def _open_stage(stage: int, day: date) -> Q:
    """Stage ``stage`` had started by ``day`` and was neither answered nor withdrawn."""
    start = "received_on" if stage == 1 else "escalated_on"
    responded = f"stage{stage}_responded_on"
    still_open = (
        Q(**{f"{start}__lte": day})
        & (Q(**{f"{responded}__isnull": True}) | Q(**{f"{responded}__gt": day}))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    )
    if stage == 1:
        still_open &= Q(escalated_on__isnull=True) | Q(escalated_on__gt=day)
    return still_open


def open_complaints(
    *, as_of: date, handler=None, team: ComplaintTeam | None = None,
    among: QuerySet | None = None,
) -> QuerySet:
    """Complaints open at the end of ``as_of``, for one handler or team if given.

    ``among``: only these complaints (a screen passes the ones the person may see).
    """
    stage1, stage2 = _open_stage(1, as_of), _open_stage(2, as_of)
    if handler is not None:
        stage1 &= Q(stage1_handler=handler)
        stage2 &= Q(stage2_handler=handler)
    queryset = (Complaint.objects if among is None else among).filter(stage1 | stage2)
    if team is not None:
        queryset = queryset.filter(team=team)
    return queryset.select_related("home", "team", "stage1_handler", "stage2_handler").order_by(
        "received_on", "complaint_ref"
    )


def outstanding(
    *, as_of: date | None = None, handler=None, team: ComplaintTeam | None = None,
    among: QuerySet | None = None,
) -> list[QueueEntry]:
    """Every open complaint with its next deadline, the earliest deadline first."""
    as_of = as_of or timezone.localdate()
    calendar = england_calendar()
    entries = []
    for complaint in open_complaints(as_of=as_of, handler=handler, team=team, among=among):
        waiting = case_deadlines(complaint=complaint, as_of=as_of, calendar=calendar).outstanding()
        if not waiting:
            continue
        stage = max(deadline.stage for deadline in waiting)
        deadline = min(
            (deadline for deadline in waiting if deadline.stage == stage),
            key=lambda deadline: deadline.due_on,
        )
        entries.append(
            QueueEntry(
                complaint=complaint,
                deadline=deadline,
                handler=complaint.stage1_handler if stage == 1 else complaint.stage2_handler,
                team=complaint.team,
            )
        )
    return sorted(entries, key=lambda entry: (entry.deadline.due_on, entry.complaint.complaint_ref))


def overdue(
    *, as_of: date | None = None, handler=None, team: ComplaintTeam | None = None
) -> list[QueueEntry]:
    """Open complaints whose next deadline has passed, the longest overdue first."""
    entries = outstanding(as_of=as_of, handler=handler, team=team)
    return [entry for entry in entries if entry.deadline.status == OVERDUE]


def due_soon(
    *,
    within_days: int = DEFAULT_DUE_SOON_DAYS,
    as_of: date | None = None,
    handler=None,
    team: ComplaintTeam | None = None,
) -> list[QueueEntry]:
    """Open complaints whose next deadline is today or within ``within_days`` working days."""
    if within_days < 0:
        raise ValueError(f"'Due soon' must be 0 working days or more, not {within_days}")
    entries = outstanding(as_of=as_of, handler=handler, team=team)
    return [entry for entry in entries if is_due_soon(entry, within_days=within_days)]


def is_due_soon(entry: QueueEntry, *, within_days: int) -> bool:
    return entry.deadline.status == DUE and entry.deadline.working_days_left <= within_days


def by_handler(entries: Iterable[QueueEntry]) -> list[tuple[object | None, list[QueueEntry]]]:
    """Entries grouped by handler, in handler name order, the unassigned last."""
    return _grouped(entries, key=lambda entry: entry.handler, name=_handler_name)


def by_team(entries: Iterable[QueueEntry]) -> list[tuple[ComplaintTeam | None, list[QueueEntry]]]:
    """Entries grouped by team, in team name order, those with no team last."""
    return _grouped(entries, key=lambda entry: entry.team, name=lambda team: team.name)


def _grouped(entries, *, key, name) -> list[tuple]:
    groups: dict = {}
    for entry in entries:
        groups.setdefault(key(entry), []).append(entry)
    return sorted(
        groups.items(),
        key=lambda item: (item[0] is None, "" if item[0] is None else name(item[0]).lower()),
    )


def _handler_name(user) -> str:
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Queues:
    """The queue screen: open complaints overdue or due soon, in groups (handlers or teams)."""

    as_of: date
    within_days: int
    # (handler or team, or None for "not assigned"; its entries, overdue first)
    groups: list[tuple[object | None, list[QueueEntry]]]
    overdue: int
    due_soon: int
    # Open, with the next deadline further off than "due soon".
    later: int


def queues(
    *, among: QuerySet, group_by: str = "handler", within_days: int = DEFAULT_DUE_SOON_DAYS,
    as_of: date | None = None,
) -> Queues:
    """Overdue and due-soon complaints among those given, grouped by handler or by team."""
    if group_by not in ("handler", "team"):
        raise ValueError(f"Queues are grouped by handler or team, not {group_by!r}")
    as_of = as_of or timezone.localdate()
    entries = outstanding(as_of=as_of, among=among)
    pressing = [entry for entry in entries
                if entry.overdue or is_due_soon(entry, within_days=within_days)]
    grouped = by_team(pressing) if group_by == "team" else by_handler(pressing)
    overdue_count = sum(entry.overdue for entry in pressing)
    return Queues(
        as_of=as_of,
        within_days=within_days,
        groups=grouped,
        overdue=overdue_count,
        due_soon=len(pressing) - overdue_count,
        later=len(entries) - len(pressing),
    )
