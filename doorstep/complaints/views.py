"""Complaint casework screens and the annual complaints report.

Each view checks access first (``doorstep.accounts.access``), reads the form, calls one
service and renders. A change the Code or the case's state refuses comes back from the
service as a ``CaseworkError`` and is shown on the form as it is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from doorstep.accounts import access
from doorstep.complaints import annual_report as report_service
from doorstep.complaints import forms, letters, queues, services
from doorstep.complaints.annual_report import ReportError
from doorstep.complaints.services import CaseworkError
from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES
from doorstep.web.paging import page_of_groups
from doorstep.web.pdf import html_to_pdf
from doorstep.web.year_figures import years_with_records

# --- queues -----------------------------------------------------------------------------


def complaint_list(request):
    """The queues: open complaints overdue or due soon, by handler or by team."""
    access.require(request.user, access.SEE_COMPLAINTS)
    group_by = "team" if request.GET.get("group") == "team" else "handler"
    wanted = request.GET.get("ref", "").strip()
    if wanted:
        found = access.complaints_visible_to(request.user).filter(complaint_ref=wanted).first()
        if found is not None:
            return redirect("complaints:case", complaint_ref=found.complaint_ref)
    within = _within_days(request.GET.get("within", ""))
    queue = queues.queues(among=access.complaints_visible_to(request.user),
                          group_by=group_by, within_days=within)
    context = {
        "queues": queue,
        "page": page_of_groups(request, queue.groups),
        "group_by": group_by,
        "wanted": wanted,
        "handles": access.can(request.user, access.HANDLE_COMPLAINTS),
    }
    return render(request, "complaints/list.html", context)


def _within_days(text: str) -> int:
    """"Due soon" in working days from ?within=; anything but 0 to 20 means the default."""
    return int(text) if text.isdigit() and int(text) <= 20 else queues.DEFAULT_DUE_SOON_DAYS


# --- logging a complaint ----------------------------------------------------------------


def _repairs_to_link(user):
    """Repairs a complaint may point at: those the person sees, and any repair of a home they
    see (a complaints handler does not see repairs, but must link the one complained about)."""
    from doorstep.repairs.models import Repair

    homes = access.homes_visible_to(user)
    return access.repairs_visible_to(user) | Repair.objects.filter(home__in=homes)


def log_complaint(request):
    access.require(request.user, access.HANDLE_COMPLAINTS)
    initial = {"repair_ref": request.GET.get("repair", "")}
    form = forms.LogComplaintForm(
        request.POST or None, initial=initial,
        homes=access.homes_visible_to(request.user),
        repairs=_repairs_to_link(request.user),
        handlers=services.complaint_handlers(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.log_complaint(
                by=request.user, received_on=data["received_on"], channel=data["channel"],
                home=data["home_ref"], tenure=data["tenure"] or "",
                category=data["category"], description=data["description"],
                service_request_repair=data["repair_ref"],
                service_request_ref=data["service_request_ref"], team=data["team"],
                stage1_handler=data["stage1_handler"],
            )
        except CaseworkError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Complaint {complaint.complaint_ref} logged")
            return redirect("complaints:case", complaint_ref=complaint.complaint_ref)
    return render(request, "complaints/log.html", {
        "form": form,
        "complaint_guidance": services.COMPLAINT_GUIDANCE,
        "service_request_guidance": services.SERVICE_REQUEST_GUIDANCE,
    })


# --- the case page ----------------------------------------------------------------------


def case_page(request, complaint_ref):
    complaint = access.complaint_for(request.user, complaint_ref)
    case = services.case_file(complaint=complaint)
    handles = access.can(request.user, access.HANDLE_COMPLAINTS)
    steps = [STEPS[name] for name in case.next_steps] if handles else []
    answering = access.actions_visible_to(request.user).filter(complaints=complaint)
    return render(request, "complaints/case.html", {
        "complaint": complaint,
        "case": case,
        "steps": steps,
        "handles": handles,
        "actions": [(action, _action_url(action)) for action in answering.order_by("action_ref")],
        # Hazard cases are for hazard handlers: others see the reference, not a link.
        "works_hazards": access.can(request.user, access.HANDLE_HAZARDS),
    })


def letter(request, complaint_ref, kind):
    """The handler records the wording, reviews the letter, then downloads it as a PDF."""
    complaint = access.complaint_for(request.user, complaint_ref, write=True)
    if kind not in letters.KINDS:
        raise Http404("There is no such letter.")
    form = forms.LetterPartsForm(request.POST or None, kind=kind, initial={
        name: getattr(complaint, name) for name in services.LETTER_FIELDS})
    if request.method == "POST" and form.is_valid():
        services.record_letter_parts(complaint=complaint, by=request.user, **form.cleaned_data)
        messages.success(request, "Letter wording saved")
        return redirect("complaints:letter", complaint_ref=complaint.complaint_ref, kind=kind)
    try:
        made = letters.make_letter(complaint, kind)
    except letters.LetterIncomplete as incomplete:
        made, missing = None, incomplete.missing
    else:
        missing = []
    if request.GET.get("format") == "pdf":
        if made is None:
            return render(request, "complaints/letter.html", {
                "complaint": complaint, "kind": kind, "title": letters.KINDS[kind],
                "form": form, "letter": None, "missing": missing}, status=409)
        html = render_to_string("complaints/letter_pdf.html", {"letter": made}, request=request)
        try:
            pdf = _pdf(html)
        except ImportError:
            return render(request, "complaints/letter.html", {
                "complaint": complaint, "kind": kind, "title": letters.KINDS[kind],
                "form": form, "letter": made, "missing": [], "pdf_unavailable": True},
                status=503)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{complaint.complaint_ref}-{kind}.pdf"')
        return response
    return render(request, "complaints/letter.html", {
        "complaint": complaint, "kind": kind, "title": letters.KINDS[kind], "form": form,
        "letter": made, "missing": missing})


def _action_url(action) -> str:
    try:
        return reverse("actions:action", kwargs={"action_ref": action.action_ref})
    except NoReverseMatch:  # the action plan's pages are not switched on
        return ""


# --- one form per transition ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # the page's question or heading, and the link text on the case page
    form: type
    act: Callable  # (complaint, by, data) -> the one service call
    done: str  # the message after it worked
    button: str = "Save"
    # The field a refusal is about (None: shown above the form).
    refusal_field: str | None = None
    needs_handlers: bool = False
    # What the form starts with when the complaint already holds an answer (the learning).
    initial: Callable | None = None


STEPS = {step.slug: step for step in [
    Step(services.ACKNOWLEDGE, "Record the acknowledgement", forms.AcknowledgeForm,
         lambda complaint, by, data: services.acknowledge(complaint=complaint, by=by,
                                                          on=data["on"]),
         "Acknowledgement recorded", "Record the acknowledgement", "on"),
    Step(services.EXTEND, "Extend the response deadline", forms.ExtendForm,
         lambda complaint, by, data: services.extend(
             complaint=complaint, by=by, working_days=data["working_days"],
             reason=data["reason"], notified_on=data["notified_on"]),
         "Extension recorded", "Extend the deadline", "working_days"),
    Step(services.RESPOND, "Record the stage 1 response", forms.RespondForm,
         lambda complaint, by, data: services.respond_at_stage1(
             complaint=complaint, by=by, on=data["on"], outcome=data["outcome"]),
         "Stage 1 response recorded", "Record the response", "on"),
    Step(services.ESCALATE, "Escalate to stage 2", forms.EscalateForm,
         lambda complaint, by, data: services.escalate(
             complaint=complaint, by=by, requested_on=data["requested_on"],
             reason=data["reason"]),
         "Escalated to stage 2", "Escalate to stage 2", "requested_on"),
    Step(services.STAGE1_HANDLER, "Choose the stage 1 handler", forms.HandlerForm,
         lambda complaint, by, data: services.assign_stage1_handler(
             complaint=complaint, by=by, handler=data["handler"]),
         "Stage 1 handler assigned", refusal_field="handler", needs_handlers=True),
    Step(services.STAGE2_HANDLER, "Choose the stage 2 handler", forms.HandlerForm,
         lambda complaint, by, data: services.assign_stage2_handler(
             complaint=complaint, by=by, handler=data["handler"]),
         "Stage 2 handler assigned", refusal_field="handler", needs_handlers=True),
    Step(services.FINAL_RESPONSE, "Record the stage 2 (final) response", forms.RespondForm,
         lambda complaint, by, data: services.respond_at_stage2(
             complaint=complaint, by=by, on=data["on"], outcome=data["outcome"]),
         "Stage 2 response recorded", "Record the final response"),
    Step(services.WITHDRAW, "Record that the resident withdrew the complaint",
         forms.WithdrawForm,
         lambda complaint, by, data: services.withdraw(
             complaint=complaint, by=by, on=data["on"], reason=data["reason"]),
         "Withdrawal recorded", "Record the withdrawal", "on"),
    Step(services.TEAM, "Choose the team", forms.TeamForm,
         lambda complaint, by, data: services.assign_team(complaint=complaint, by=by,
                                                          team=data["team"]),
         "Team recorded"),
    Step(services.REMEDY, "Record the remedy and any compensation", forms.RemedyForm,
         lambda complaint, by, data: services.record_remedy(
             complaint=complaint, by=by, remedies=data["remedies"],
             compensation_gbp=data["compensation_gbp"]),
         "Remedy recorded", "Record the remedy"),
    Step(services.LEARNING, "Record the learning and root cause", forms.LearningForm,
         lambda complaint, by, data: services.record_learning(
             complaint=complaint, by=by, learning=data["learning"],
             root_cause=data["root_cause"]),
         "Learning recorded", "Record the learning",
         initial=lambda complaint: {"root_cause": complaint.root_cause_id,
                                    "learning": complaint.learning}),
]}


def transition(request, complaint_ref, step):
    step = STEPS.get(step)
    if step is None:
        raise Http404("There is no such page.")
    complaint = access.complaint_for(request.user, complaint_ref, write=True)
    extra = {"handlers": services.complaint_handlers()} if step.needs_handlers else {}
    if step.initial:
        extra["initial"] = step.initial(complaint)
    form = step.form(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            step.act(complaint, request.user, form.cleaned_data)
        except CaseworkError as refusal:
            form.add_error(step.refusal_field, str(refusal))
        else:
            messages.success(request, f"{step.done} for complaint {complaint.complaint_ref}")
            return redirect("complaints:case", complaint_ref=complaint.complaint_ref)
    outstanding = services.case_deadlines(complaint=complaint).outstanding()
    return render(request, "complaints/step.html", {
        "complaint": complaint, "step": step, "form": form, "outstanding": outstanding,
    })


# --- the annual complaints report -------------------------------------------------------


def _year(slug: str) -> ReportingYear:
    try:
        return ReportingYear.parse(slug)
    except PeriodError:
        raise Http404("There is no such reporting year.") from None


def report_index(request):
    access.require(request.user, access.SEE_MEASURES)
    years = years_with_records()
    form = forms.ReportYearForm(request.GET or None, years=years)
    if form.is_bound and form.is_valid():
        year = ReportingYear.parse(form.cleaned_data["year"])
        return redirect("complaints:report", year=_slug(year))
    return render(request, "complaints/report_index.html", {"form": form, "years": years})


def _slug(year: ReportingYear) -> str:
    return year.label.replace("/", "-")


@dataclass(frozen=True)
class MeasureRow:
    name: str
    tenure_name: str
    result: object
    suppressed: bool


def _report_context(request, year: ReportingYear) -> dict:
    report = report_service.annual_report(year=year)
    suppress = not access.sees_small_groups(request.user)
    rows = [
        MeasureRow(MEASURE_NAMES.get(result.code, result.code),
                   TENURE_NAMES.get(result.tenure, result.tenure), result,
                   suppress and result.denominator < access.SMALL_GROUP)
        for result in report.measures
    ]
    return {
        "report": report,
        "ch01": [row for row in rows if row.result.code.startswith("CH01")],
        "ch02": [row for row in rows if row.result.code.startswith("CH02")],
        "year_slug": _slug(year),
        "suppress": suppress,
        "small_group": access.SMALL_GROUP,
        # Complaint references (the learning not yet acted on): complaints staff only.
        "shows_cases": access.can(request.user, access.SEE_COMPLAINTS),
        # A panel member reads each improvement action as its residents' summary alone.
        "whole_actions": access.sees_whole_actions(request.user),
        "administers": access.can(request.user, access.ADMINISTER),
    }


def annual_report_page(request, year):
    access.require(request.user, access.SEE_MEASURES)
    return render(request, "complaints/report.html", _report_context(request, _year(year)))


def annual_report_pdf(request, year):
    access.require(request.user, access.SEE_MEASURES)
    year = _year(year)
    context = _report_context(request, year) | {"for_pdf": True}
    html = render_to_string("complaints/report_pdf.html", context, request=request)
    try:
        pdf = _pdf(html)
    except ImportError:
        return render(request, "complaints/pdf_unavailable.html", {"year_slug": _slug(year)},
                      status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="complaints-report-{_slug(year)}.pdf"'
    )
    return response


def _pdf(html: str) -> bytes:
    return html_to_pdf(html, stylesheet="complaints/report-print.css")


def self_assessment_edit(request, year, section):
    access.require(request.user, access.ADMINISTER)
    year = _year(year)
    current = next((s for s in report_service.self_assessment(year=year)
                    if s.number == section), None)
    if current is None:
        raise Http404("The Complaint Handling Code has no such section.")
    initial = {"compliant": current.compliant, "evidence": current.evidence}
    form = forms.SelfAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report_service.record_self_assessment(
                year=year, section_number=section, compliant=form.cleaned_data["compliant"],
                evidence=form.cleaned_data["evidence"], by=request.user)
        except ReportError as refusal:
            form.add_error("evidence", str(refusal))
        else:
            messages.success(request, f"Self-assessment for section {section} saved")
            return redirect(reverse("complaints:report", kwargs={"year": _slug(year)})
                            + f"#section-{section}")
    return render(request, "complaints/self_assessment_form.html", {
        "form": form, "section": current, "year": year, "year_slug": _slug(year),
    })


def governing_body_edit(request, year):
    access.require(request.user, access.ADMINISTER)
    year = _year(year)
    current = report_service.governing_body_response(year=year)
    initial = ({"text": current.text, "member": current.member,
                "responded_on": current.responded_on} if current else {})
    form = forms.GoverningBodyResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report_service.record_governing_body_response(
                year=year, by=request.user, **form.cleaned_data)
        except ReportError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "The governing body's response is saved")
            return redirect(reverse("complaints:report", kwargs={"year": _slug(year)})
                            + "#governing-body")
    return render(request, "complaints/governing_body_form.html", {
        "form": form, "year": year, "year_slug": _slug(year),
    })
