"""Improvement actions: one function per transition, and the lists other pages show.

Every change checks the action's state, makes its change and writes an ``ActionActivity``
row (who, when, what, each field before and after) in one transaction, with the action's
row locked so two people cannot act on stale state. A change the action's state does not
allow raises ``ActionError`` (a ValueError) whose message can be shown as it is.

Transitions act on the instance passed in and update it, so a caller can keep using it.
Agreeing an action records its baseline; completing it re-measures (see ``remeasure``).
A moved deadline keeps the first one in ``original_due_on``.
"""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from doorstep.actions.models import (
    OPEN_STATUSES,
    Action,
    ActionActivity,
    ActionStatus,
    GroupKind,
    Involvement,
    Milestone,
)
from doorstep.core.activity import log_opening, save_and_log

REFERENCE_PREFIX = "A-"

# The fields the edit form changes. Status and dates move only through the transitions.
EDITABLE = (
    "title", "what_will_change", "why", "owner", "owner_name", "team", "involvement",
    "involvement_note", "summary_for_residents", "source", "measure_code", "tenure",
    "group_kind", "group_value", "target_value", "area",
)


class ActionError(ValueError):
    """A change the action's state does not allow, in words that can be shown as they are."""


# --- creating and editing ----------------------------------------------------------------


@transaction.atomic
def create_action(*, by, title: str, action_ref: str = "", **fields) -> Action:
    """Propose a new action; with no ``action_ref`` Doorstep gives it the next A-n."""
    title = (title or "").strip()
    if not title:
        raise ActionError("Give the action a title: what will change, in a few words")
    action_ref = (action_ref or "").strip()
    if action_ref and Action.objects.filter(action_ref=action_ref).exists():
        raise ActionError(f"There is already an action {action_ref}: open it rather than add it")
    unknown = set(fields) - set(EDITABLE) - {"status", "agreed_on", "due_on", "done_on"}
    if unknown:
        raise ActionError(f"Not a field of an action: {', '.join(sorted(unknown))}")
    fields = _checked(fields)
    if fields.get("due_on") and not fields.get("original_due_on"):
        fields["original_due_on"] = fields["due_on"]
    action = Action.objects.create(action_ref=action_ref or _next_ref(), title=title, **fields)
    log_opening(
        ActionActivity, record=action, by=by, action="created",
        summary=f"Action proposed: {title}",
        fields=["action_ref", "title", "status", "measure_code", "tenure", "group_kind",
                "group_value", "area", "owner_id", "owner_name", "team", "due_on"],
    )
    return action


def _next_ref() -> str:
    taken = Action.objects.filter(action_ref__startswith=REFERENCE_PREFIX).values_list(
        "action_ref", flat=True
    )
    numbers = [int(ref[len(REFERENCE_PREFIX):]) for ref in taken
               if ref[len(REFERENCE_PREFIX):].isdigit()]
    return f"{REFERENCE_PREFIX}{max(numbers, default=0) + 1}"


@transaction.atomic
def update_action(*, action: Action, by, **changes) -> Action:
    """Change what the action says (not its status or dates: they have transitions)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ActionError(
            "Change the status and dates with their own buttons, not the edit form: "
            + ", ".join(sorted(unknown))
        )
    if "title" in changes and not (changes["title"] or "").strip():
        raise ActionError("Give the action a title")
    changes = _checked(changes)
    locked = _locked(action)
    return save_and_log(
        ActionActivity, record=action, locked=locked, by=by, action="edited",
        summary="Action details changed", changes=changes,
    )


def _checked(fields: dict) -> dict:
    """Normalise and check the measure, tenure, group and involvement of an action."""
    from doorstep.actions.remeasure import RemeasureError, check_measure

    fields = dict(fields)
    for name in ("title", "owner_name", "team", "source", "group_value", "area",
                 "measure_code", "tenure", "group_kind"):
        if name in fields and fields[name] is not None:
            fields[name] = str(fields[name]).strip()
    if "measure_code" in fields:
        fields["measure_code"] = fields["measure_code"].upper()
    if fields.get("involvement") and fields["involvement"] not in Involvement.values:
        raise ActionError(f"{fields['involvement']!r} is not a kind of involvement")
    if fields.get("group_kind") and fields["group_kind"] not in GroupKind.values:
        raise ActionError(f"{fields['group_kind']!r} is not a kind of group")
    if fields.get("group_kind") and not fields.get("group_value"):
        raise ActionError("Say which group the action is for (for example the area's name)")
    if fields.get("group_kind") == GroupKind.AREA:
        fields["area"] = fields["group_value"]
    if fields.get("measure_code"):
        try:
            fields["tenure"] = check_measure(
                code=fields["measure_code"], tenure=fields.get("tenure") or ""
            )
        except RemeasureError as problem:
            raise ActionError(str(problem)) from None
    elif "measure_code" in fields:
        fields["tenure"] = ""
    return fields


# --- transitions -------------------------------------------------------------------------


@transaction.atomic
def agree_action(*, action: Action, by, agreed_on: date, due_on: date | None = None) -> Action:
    """Agree a proposed action (and, when given, its deadline); records the baseline."""
    locked = _locked(action)
    _must_be(locked, ActionStatus.PROPOSED, doing="agree it")
    _not_future(agreed_on, what="The date it was agreed")
    changes = {"status": ActionStatus.AGREED, "agreed_on": agreed_on}
    if due_on is not None:
        if due_on < agreed_on:
            raise ActionError("The deadline cannot be before the day the action was agreed")
        changes["due_on"] = due_on
        if locked.original_due_on is None:
            changes["original_due_on"] = due_on
    save_and_log(
        ActionActivity, record=action, locked=locked, by=by, action="agreed",
        summary=f"Action agreed on {_day(agreed_on)}"
        + (f", due {_day(due_on)}" if due_on else ""),
        changes=changes,
    )
    from doorstep.actions.remeasure import record_baseline

    record_baseline(action)
    return action


@transaction.atomic
def start_action(*, action: Action, by) -> Action:
    locked = _locked(action)
    _must_be(locked, ActionStatus.AGREED, doing="start it")
    return save_and_log(
        ActionActivity, record=action, locked=locked, by=by, action="started",
        summary="Work on the action started", changes={"status": ActionStatus.IN_PROGRESS},
    )


@transaction.atomic
def complete_action(*, action: Action, by, done_on: date) -> Action:
    """Mark an agreed or in-progress action done; re-measures it as of today."""
    locked = _locked(action)
    _must_be(locked, ActionStatus.AGREED, ActionStatus.IN_PROGRESS, doing="mark it done")
    _not_future(done_on, what="The date it was done")
    if locked.agreed_on and done_on < locked.agreed_on:
        raise ActionError(
            f"It cannot be done ({_day(done_on)}) before it was agreed ({_day(locked.agreed_on)})"
        )
    save_and_log(
        ActionActivity, record=action, locked=locked, by=by, action="done",
        summary=f"Action done on {_day(done_on)}",
        changes={"status": ActionStatus.DONE, "done_on": done_on},
    )
    from doorstep.actions.remeasure import record_remeasurement

    record_remeasurement(action)
    return action


@transaction.atomic
def drop_action(*, action: Action, by, reason: str) -> Action:
    locked = _locked(action)
    _must_be(locked, *OPEN_STATUSES, doing="drop it")
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("Say why the action is being dropped: residents and the board will ask")
    return save_and_log(
        ActionActivity, record=action, locked=locked, by=by, action="dropped",
        summary=f"Action dropped: {reason}",
        changes={"status": ActionStatus.DROPPED, "dropped_reason": reason},
    )


@transaction.atomic
def move_deadline(*, action: Action, by, due_on: date, reason: str) -> Action:
    """Set a new deadline; the first one agreed stays in ``original_due_on``."""
    locked = _locked(action)
    _must_be(locked, *OPEN_STATUSES, doing="move its deadline")
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("Say why the deadline is moving")
    if locked.agreed_on and due_on < locked.agreed_on:
        raise ActionError("The deadline cannot be before the day the action was agreed")
    if due_on == locked.due_on:
        raise ActionError(f"The action is already due on {_day(due_on)}")
    changes = {"due_on": due_on}
    if locked.original_due_on is None:
        changes["original_due_on"] = locked.due_on or due_on
    before = f"from {_day(locked.due_on)} " if locked.due_on else ""
    return save_and_log(
        ActionActivity, record=action, locked=locked, by=by, action="deadline_moved",
        summary=f"Deadline moved {before}to {_day(due_on)}. Reason: {reason}",
        changes=changes,
    )


@transaction.atomic
def add_milestone(*, action: Action, by, title: str, due_on: date | None = None) -> Milestone:
    title = (title or "").strip()
    if not title:
        raise ActionError("Give the milestone a title")
    locked = _locked(action)
    milestone = Milestone.objects.create(action=locked, title=title, due_on=due_on)
    ActionActivity.objects.create(
        action_record=locked, by=by, action="milestone_added",
        summary=f"Milestone added: {title}" + (f", due {_day(due_on)}" if due_on else ""),
        changes={f"milestone {milestone.pk}": [None, title]},
    )
    return milestone


@transaction.atomic
def complete_milestone(*, milestone: Milestone, by, done_on: date) -> Milestone:
    _not_future(done_on, what="The date the milestone was reached")
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.done_on:
        raise ActionError(f"This milestone was already reached on {_day(locked.done_on)}")
    locked.done_on = milestone.done_on = done_on
    locked.save(update_fields=["done_on"])
    ActionActivity.objects.create(
        action_record_id=locked.action_id, by=by, action="milestone_done",
        summary=f"Milestone reached on {_day(done_on)}: {locked.title}",
        changes={f"milestone {locked.pk} done_on": [None, done_on.isoformat()]},
    )
    return milestone


# --- for other pages ---------------------------------------------------------------------


def actions_for_measure(measure_code: str, *, user) -> QuerySet:
    """The actions the user may see that are meant to move ``measure_code`` ("RP02-1")."""
    from doorstep.accounts.access import actions_visible_to

    return actions_visible_to(user).filter(measure_code=measure_code).order_by(
        "status", "due_on", "action_ref"
    )


def actions_for_theme(theme_code: str, *, user) -> QuerySet:
    """The actions the user may see linked to the theme with code ``theme_code``."""
    from doorstep.accounts.access import actions_visible_to

    return actions_visible_to(user).filter(themes__code=theme_code).distinct().order_by(
        "status", "due_on", "action_ref"
    )


def overdue(queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today)


# --- helpers -----------------------------------------------------------------------------


def _locked(action: Action) -> Action:
    return Action.objects.select_for_update().get(pk=action.pk)


def _must_be(action: Action, *statuses: str, doing: str) -> None:
    if action.status not in statuses:
        allowed = " or ".join(ActionStatus(status).label.lower() for status in statuses)
        raise ActionError(
            f"Action {action.action_ref} is {ActionStatus(action.status).label.lower()}: "
            f"only an action that is {allowed} can {doing}"
        )


def _not_future(day: date, *, what: str) -> None:
    if day > timezone.localdate():
        raise ActionError(f"{what} ({_day(day)}) is in the future")


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def actions_visible_to_none() -> QuerySet:
    return Action.objects.none()
