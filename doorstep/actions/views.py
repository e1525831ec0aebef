"""Improvement action screens: the action plan (with CSV and Excel downloads), an action's
page, and one GOV.UK form per change.

Who sees what: ``access.actions_visible_to`` and ``access.action_for``. A panel member sees
the residents' summary of each action only; a board member reads everything and changes
nothing; a service manager changes the actions of their areas.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from doorstep.accounts import access
from doorstep.actions import forms, services
from doorstep.actions.models import Action, ActionStatus, Milestone
from doorstep.actions.remeasure import RemeasureError, described, kind_of, remeasure
from doorstep.actions.services import ActionError
from doorstep.measures.exports import as_csv, as_xlsx
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES
from doorstep.web.paging import page_of


def _require_plan(user) -> None:
    if not (access.can(user, access.SEE_ACTIONS) or access.can(user, access.SEE_ACTION_SUMMARIES)):
        access.require(user, access.SEE_ACTIONS)


# --- the plan --------------------------------------------------------------------------


def plan(request):
    user = request.user
    _require_plan(user)
    visible = access.actions_visible_to(user)
    if not access.sees_whole_actions(user):
        return render(request, "actions/summaries.html", {
            "actions": [_summary(action) for action in sorted(visible, key=natural_ref)],
        })
    form = forms.PlanFilterForm(request.GET or None, actions=visible)
    chosen = visible.select_related("owner").prefetch_related("themes")
    if form.is_valid():
        chosen = filtered(chosen, form.cleaned_data)
    today = timezone.localdate()
    rows = sorted(chosen, key=natural_ref)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _download(rows, export=export, today=today)
    page = page_of(request, rows)
    return render(request, "actions/plan.html", {
        "form": form, "page": page, "actions": page.object_list, "today": today,
        "manages": access.can_manage_actions(user),
        "measure_names": MEASURE_NAMES,
        "query": request.GET.urlencode(),
    })


def natural_ref(action: Action) -> tuple:
    """A-2 before A-10."""
    head, _, number = action.action_ref.rpartition("-")
    return (head, int(number), "") if number.isdigit() else (action.action_ref, 0, "")


def filtered(actions, data: dict):
    if data.get("measure"):
        actions = actions.filter(measure_code=data["measure"])
    if data.get("theme"):
        actions = actions.filter(themes__code=data["theme"]).distinct()
    if data.get("area") == "-":
        actions = actions.filter(area="")
    elif data.get("area"):
        actions = actions.filter(area=data["area"])
    owner = data.get("owner") or ""
    if owner.startswith("user:") and owner[5:].isdigit():
        actions = actions.filter(owner_id=int(owner[5:]))
    elif owner.startswith("name:"):
        actions = actions.filter(owner__isnull=True, owner_name=owner[5:])
    if data.get("status"):
        actions = actions.filter(status=data["status"])
    if data.get("overdue"):
        actions = services.overdue(actions)
    return actions


EXPORT_COLUMNS = [
    "action_ref", "title", "status", "measure", "tenure", "group", "area", "owner", "team",
    "agreed_on", "due_on", "original_due_on", "done_on", "overdue", "involvement",
    "themes", "source", "summary_for_residents",
]


def _download(rows: list[Action], *, export: str, today) -> HttpResponse:
    table = [[
        action.action_ref, action.title, action.get_status_display(), action.measure_code,
        action.tenure, f"{action.group_kind}: {action.group_value}" if action.group_kind else "",
        action.area, action.owner_shown, action.team, action.agreed_on, action.due_on,
        action.original_due_on, action.done_on, action.is_overdue(today=today),
        action.get_involvement_display(), ", ".join(t.label for t in action.themes.all()),
        action.source, action.summary_for_residents,
    ] for action in rows]
    name = f"action-plan-{today.isoformat()}"
    if export == "csv":
        response = HttpResponse(as_csv(columns=EXPORT_COLUMNS, rows=table),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        as_xlsx(columns=EXPORT_COLUMNS, rows=table, sheet="Action plan"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- an action ---------------------------------------------------------------------------


def action_page(request, action_ref):
    user = request.user
    _require_plan(user)
    action = access.action_for(user, action_ref)
    if not access.sees_whole_actions(user):
        return render(request, "actions/summary.html", {"item": _summary(action)})
    changes = access.may_change_action(user, action)
    return render(request, "actions/action.html", {
        "action": action,
        "changes": changes,
        "steps": [STEPS[slug] for slug in next_steps(action)] if changes else [],
        "milestones": action.milestones.all(),
        "activity": action.activity.select_related("by").order_by("-at", "-pk"),
        "themes": action.themes.all(),
        "complaints": access.complaints_visible_to(user).filter(actions=action),
        "comments": action.comments.count(),
        "measure_name": MEASURE_NAMES.get(action.measure_code, ""),
        "tenure_name": TENURE_NAMES.get(action.tenure, action.tenure),
        "result": result_of(action),
        "today": timezone.localdate(),
    })


def result_of(action: Action) -> dict | None:
    """The re-measurement as of today, in words, or None when there is nothing to show."""
    if not action.measure_code or action.agreed_on is None:
        return None
    try:
        result = remeasure(action)
    except RemeasureError:
        return None
    return {**result, "words": described(result), "kind": kind_of(result["measure"]),
            "windows": [_window(name, result[name]) for name in ("baseline", "after")],
            "p_shown": _p_shown(result["p_value"])}


def _window(name: str, window: dict | None) -> dict:
    shown = {"name": "Before it was agreed" if name == "baseline" else "After it was done"}
    if window is None:
        return shown
    return {**shown, **window, "start": date.fromisoformat(window["from"]),
            "end": date.fromisoformat(window["to"])}


def _p_shown(p_value: float | None) -> str:
    if p_value is None:
        return ""
    return f"p = {p_value:.4f}" if p_value >= 0.0001 else "p below 0.0001"


def _summary(action: Action) -> dict:
    """What a panel member sees of an action: the residents' summary, status and dates."""
    result = result_of(action) if action.status == ActionStatus.DONE else None
    return {
        "ref": action.action_ref, "summary": action.summary_for_residents,
        "status": action.get_status_display(), "due_on": action.due_on,
        "done_on": action.done_on, "measure": MEASURE_NAMES.get(action.measure_code, ""),
        "verdict": result["verdict"] if result else "",
        "words": result["words"] if result else "",
    }


# --- forms ---------------------------------------------------------------------------------


def new_action(request):
    access.require(request.user, access.MANAGE_ACTIONS)
    form = forms.NewActionForm(request.POST or None, complaints=_complaints(request.user),
                               comments=_comments_read(request.user),
                               initial={"involvement": "none"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        links = _links(data)
        areas = access.areas_for(request.user)
        area = data["group_value"] if data.get("group_kind") == "area" else data["area"]
        if areas is not None and area not in areas:
            form.add_error("area", "Choose one of your areas: " + ", ".join(areas))
        else:
            try:
                action = services.create_action(by=request.user, **data)
            except ActionError as refusal:
                form.add_error(None, str(refusal))
            else:
                _link(action, links, user=request.user)
                messages.success(request, f"Action {action.action_ref} added")
                return redirect("actions:action", action_ref=action.action_ref)
    return render(request, "actions/form.html", {"form": form, "title": "Add an action"})


def edit_action(request, action_ref):
    action = access.action_for(request.user, action_ref, write=True)
    initial = {name: getattr(action, name) for name in services.EDITABLE}
    initial["themes"] = list(action.themes.all())
    initial["complaint_refs"] = ", ".join(
        action.complaints.values_list("complaint_ref", flat=True)
    )
    initial["comment_ids"] = ", ".join(str(pk) for pk in _comments_read(request.user).filter(
        survey_comment__in=action.comments.all()).order_by("pk").values_list("pk", flat=True))
    form = forms.ActionForm(request.POST or None, complaints=_complaints(request.user),
                            comments=_comments_read(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        links = _links(data)
        areas = access.areas_for(request.user)
        area = data["group_value"] if data.get("group_kind") == "area" else data["area"]
        if areas is not None and area not in areas:
            form.add_error("area", "Choose one of your areas: " + ", ".join(areas))
        else:
            try:
                services.update_action(action=action, by=request.user, **data)
            except ActionError as refusal:
                form.add_error(None, str(refusal))
            else:
                _link(action, links, user=request.user)
                messages.success(request, f"Action {action.action_ref} changed")
                return redirect("actions:action", action_ref=action.action_ref)
    return render(request, "actions/form.html", {
        "form": form, "action": action, "title": f"Change action {action.action_ref}"})


def _complaints(user):
    return access.complaints_visible_to(user)


def _comments_read(user):
    """Coded comments, numbered as "What residents said" numbers them, that the user reads."""
    return access.coded_comments_visible_to(user)[0].select_related("survey_comment")


def _links(data: dict) -> dict:
    return {"themes": data.pop("themes", None) or [],
            "complaints": data.pop("complaint_refs", None) or [],
            "comments": data.pop("comment_ids", None) or []}


def _link(action: Action, links: dict, *, user) -> None:
    """Set the evidence the form names, keeping links to records the user cannot see (a
    service manager editing must not unlink another area's complaints)."""
    hidden_complaints = action.complaints.exclude(pk__in=_complaints(user).values("pk"))
    readable = _comments_read(user).exclude(survey_comment=None).values("survey_comment")
    hidden_comments = action.comments.exclude(pk__in=readable)
    action.themes.set(links["themes"])
    action.complaints.set([*links["complaints"], *hidden_complaints])
    action.comments.set([*links["comments"], *hidden_comments])


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type
    act: Callable  # (action, by, data) -> the one service call
    done: str
    allowed: tuple


STEPS = {step.slug: step for step in [
    Step("agree", "Agree the action", forms.AgreeForm,
         lambda action, by, data: services.agree_action(
             action=action, by=by, agreed_on=data["agreed_on"], due_on=data["due_on"]),
         "agreed", (ActionStatus.PROPOSED,)),
    Step("start", "Start work on the action", forms.ConfirmForm,
         lambda action, by, data: services.start_action(action=action, by=by),
         "started", (ActionStatus.AGREED,)),
    Step("done", "Mark the action done", forms.DoneForm,
         lambda action, by, data: services.complete_action(
             action=action, by=by, done_on=data["done_on"]),
         "marked done", (ActionStatus.AGREED, ActionStatus.IN_PROGRESS)),
    Step("deadline", "Move the deadline", forms.DeadlineForm,
         lambda action, by, data: services.move_deadline(
             action=action, by=by, due_on=data["due_on"], reason=data["reason"]),
         "given a new deadline",
         (ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PROGRESS)),
    Step("drop", "Drop the action", forms.DropForm,
         lambda action, by, data: services.drop_action(action=action, by=by,
                                                       reason=data["reason"]),
         "dropped", (ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PROGRESS)),
]}


def next_steps(action: Action) -> list[str]:
    return [slug for slug, step in STEPS.items() if action.status in step.allowed]


def step_page(request, action_ref, step):
    step = STEPS.get(step)
    if step is None:
        raise Http404("There is no such page.")
    action = access.action_for(request.user, action_ref, write=True)
    form = step.form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            step.act(action, request.user, form.cleaned_data)
        except (ActionError, RemeasureError) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Action {action.action_ref} {step.done}")
            return redirect("actions:action", action_ref=action.action_ref)
    return render(request, "actions/step.html", {"action": action, "step": step, "form": form})


def new_milestone(request, action_ref):
    action = access.action_for(request.user, action_ref, write=True)
    form = forms.MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(action=action, by=request.user, **form.cleaned_data)
        except ActionError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Milestone added to action {action.action_ref}")
            return redirect("actions:action", action_ref=action.action_ref)
    return render(request, "actions/step.html", {
        "action": action, "form": form, "step": {"title": "Add a milestone"}})


def milestone_done(request, action_ref, milestone_id):
    action = access.action_for(request.user, action_ref, write=True)
    milestone = Milestone.objects.filter(action=action, pk=milestone_id).first()
    if milestone is None:
        raise Http404("There is no such milestone.")
    form = forms.DoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_milestone(milestone=milestone, by=request.user,
                                        done_on=form.cleaned_data["done_on"])
        except ActionError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Milestone reached: {milestone.title}")
            return redirect("actions:action", action_ref=action.action_ref)
    return render(request, "actions/step.html", {
        "action": action, "form": form,
        "step": {"title": f"Record the milestone reached: {milestone.title}"}})
