"""Import format for improvement actions (landlords keep action plans in spreadsheets).

One row per action, matched by ``action_ref`` (importing the same file twice changes
nothing). An ``area`` names the area whose service manager looks after the action and, when
the row names a measure, the group the measure is re-measured for. ``theme`` takes one
theme code of the active framework, or several separated by semicolons. ``owner`` is kept
as a name (the person may have no Doorstep account).

After writing: a first deadline is kept as ``original_due_on``, and an agreed action with a
measure gets its baseline recorded (a done one its re-measurement), as agreeing and
completing it in Doorstep would.
"""

from django.db.models import F

from doorstep.actions.models import (
    Action,
    ActionActivity,
    ActionStatus,
    GroupKind,
    Involvement,
    MeasurementKind,
)
from doorstep.imports import columns as c
from doorstep.imports.framework import Children, Column, Dataset, RowProblem
from doorstep.imports.values import Invalid, code_key, text_parser
from doorstep.measures.engine import ALL_CODES
from doorstep.measures.scope import TENURES

NEEDS_AGREED = (ActionStatus.AGREED, ActionStatus.IN_PROGRESS, ActionStatus.DONE)


def _measure(text: str) -> str:
    code = text.strip().upper()
    if code not in ALL_CODES:
        raise Invalid(
            f"{text!r} is not a Tenant Satisfaction Measure: use a code such as TP01, "
            "RP02-1, CH01-1 or BS01"
        )
    return code


def _tenure(text: str) -> str:
    for tenure in TENURES:
        if code_key(text) == code_key(tenure):
            return tenure
    raise Invalid(f"{text!r} is not a tenure: use LCRA, LCHO or combined")


def theme_column() -> Column:
    """Theme codes of the active framework, read when the import starts."""
    from doorstep.voice.services import active_framework

    framework = active_framework()
    themes = {code_key(t.code): t.pk for t in framework.themes.all()} if framework else {}
    listed = ", ".join(sorted(t.code for t in framework.themes.all())) if framework else ""

    def parse(text: str) -> tuple:
        found = set()
        for code in (part.strip() for part in text.split(";")):
            if not code:
                continue
            pk = themes.get(code_key(code))
            if pk is None:
                raise Invalid(
                    f"{code!r} is not a theme of the active framework: use one of {listed}"
                    if listed else f"{code!r} is not a theme: no theme framework is active"
                )
            found.add(pk)
        return tuple((pk,) for pk in sorted(found))

    return Column("theme", parse, field="themes", default=(), aliases=("themes",))


def _check_action(values: dict):
    from doorstep.actions.remeasure import RemeasureError, check_measure

    status = values["status"]
    if values["measure_code"]:
        try:
            values["tenure"] = check_measure(code=values["measure_code"],
                                             tenure=values["tenure"])
        except RemeasureError as problem:
            yield RowProblem("tenure", str(problem))
    elif values["tenure"]:
        yield RowProblem("tenure", "is given, but measure is empty: name the measure")
    if values["area"] and values["measure_code"]:
        values["group_kind"], values["group_value"] = GroupKind.AREA, values["area"]
    else:
        values["group_kind"], values["group_value"] = "", ""
    if status in NEEDS_AGREED and values["agreed_on"] is None:
        yield RowProblem("agreed_on", f"is empty, but the status is {status}: an agreed action "
                         "needs the date it was agreed (its baseline ends the day before)")
    if status == ActionStatus.DONE and values["done_on"] is None:
        yield RowProblem("done_on", "is empty, but the status is done: give the date it was "
                         "done")
    if status != ActionStatus.DONE and values["done_on"] is not None:
        yield RowProblem("done_on", f"has a date, but the status is {status}, not done")
    for name in ("done_on", "due_on"):
        if values["agreed_on"] and values[name] and values[name] < values["agreed_on"]:
            what = "it was done" if name == "done_on" else "it is due"
            yield RowProblem(name, f"is before agreed_on: {what} before it was agreed")
    if values["dropped_reason"] and status != ActionStatus.DROPPED:
        yield RowProblem("dropped_reason", f"is given, but the status is {status}, not dropped")
    values["owner_name"] = values.pop("owner")


def _after_write(plan) -> None:
    from doorstep.actions.remeasure import RemeasureError, record_baseline, record_remeasurement

    Action.objects.filter(original_due_on__isnull=True, due_on__isnull=False).update(
        original_due_on=F("due_on")
    )
    refs = list(plan.create) + [ref for _, ref in plan.update]
    for action in Action.objects.filter(action_ref__in=refs).exclude(measure_code=""):
        if action.agreed_on is None:
            continue
        kinds = set(action.measurements.values_list("kind", flat=True))
        try:
            if MeasurementKind.BASELINE not in kinds:
                record_baseline(action)
            if action.status == ActionStatus.DONE and MeasurementKind.AFTER not in kinds:
                record_remeasurement(action)
        except RemeasureError:
            continue
    for ref in plan.create:
        action = Action.objects.get(action_ref=ref)
        ActionActivity.objects.create(action_record=action, action="imported",
                                      summary="Action imported from a spreadsheet")


def _conflicts(changing: dict[str, dict]):
    """Imported values that would undo work done on an action in Doorstep: a field the
    activity log shows was changed in Doorstep may not be changed by a file."""
    worked: dict[str, set[str]] = {}
    logged = ActionActivity.objects.filter(action_record__action_ref__in=list(changing))
    for ref, changes in logged.values_list("action_record__action_ref", "changes"):
        worked.setdefault(ref, set()).update(changes)
    for current in Action.objects.filter(action_ref__in=list(worked)).values():
        ref = current["action_ref"]
        for name in sorted(worked[ref] & changing[ref].keys()):
            if changing[ref][name] != current[name]:
                yield (ref, name, f"action {ref} has been worked in Doorstep, where {name} is "
                       f"{current[name] or 'blank'}; this file has "
                       f"{changing[ref][name] or 'blank'}. Nothing was overwritten: bring "
                       "the file up to date with Doorstep, or leave this row out")


ACTIONS = Dataset(
    name="actions",
    model=Action,
    ref="action_ref",
    fields=("action_ref", "title", "measure_code", "tenure", "area", "group_kind",
            "group_value", "status", "agreed_on", "due_on", "done_on", "owner_name", "team",
            "summary_for_residents", "involvement", "dropped_reason"),
    description="Improvement actions: the landlord's action plan.",
    columns=lambda lookups: [
        c.reference("action_ref"),
        Column("title", text_parser(max_length=200), required=True),
        Column("measure", _measure, field="measure_code", default=""),
        Column("tenure", _tenure, default=""),
        c.short_text("area", max_length=100),
        theme_column(),
        c.choices("status", ActionStatus, what="status", default=ActionStatus.PROPOSED),
        c.date_column("agreed_on"),
        c.date_column("due_on"),
        c.date_column("done_on"),
        c.short_text("owner", max_length=200),
        c.short_text("team", max_length=200),
        c.free_text("summary_for_residents"),
        c.choices("involvement", Involvement, what="kind of involvement",
                  default=Involvement.NONE),
        c.free_text("dropped_reason"),
    ],
    check_row=_check_action,
    find_conflicts=_conflicts,
    after_write=_after_write,
    children=Children(model=Action.themes.through, parent_field="action_id",
                      fields=("theme_id",), key="themes"),
)
