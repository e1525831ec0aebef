"""Hazard case screens (Awaab's Law): the work list, opening a case, the case page with every
clock, one form per step, and the year's hazard report (a page and a PDF).

Who sees what: ``access.hazard_cases_visible_to`` and ``access.hazard_case_for`` (hazard
cases are repairs work; administrators and service managers work them). The report's
figures are measures (whoever sees the measures, small counts suppressed for those who may
not see small groups); its list of cases is repairs work.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from doorstep.accounts import access
from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.hazards import forms, services
from doorstep.hazards.clocks import uk_date
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.hazards.models import Hazard
from doorstep.hazards.report import LATE, OUTCOME_LABELS, hazard_report
from doorstep.hazards.services import HazardError
from doorstep.web.paging import page_of
from doorstep.web.pdf import html_to_pdf

CASES_PER_PAGE = 50
REPAIRS_PER_PAGE = 25
REPORT_CASES_PER_PAGE = 100
# WeasyPrint takes about 3 s a page of cases: the PDF lists this many late cases at most.
PDF_CASES = 200

# --- the work list ----------------------------------------------------------------------


def hazard_list(request):
    access.require(request.user, access.SEE_REPAIRS)
    user = request.user
    form = forms.QueueFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cases = access.hazard_cases_visible_to(user)
    if chosen:
        cases = form.filter(cases)
    works = access.can(user, access.HANDLE_HAZARDS)
    worklist = services.worklist(cases=cases, repairs=access.repairs_visible_to(user),
                                 areas=access.areas_for(user), to_check=works,
                                 overdue_only=chosen.get("clock") == "overdue")
    return render(request, "hazards/list.html", {
        "works": works, "form": form, "filtered": any(chosen.values()),
        "overdue_count": worklist.on_clock.overdue_count,
        "page": page_of(request, worklist.on_clock, per_page=CASES_PER_PAGE),
        "repairs_page": page_of(request, worklist.repairs, per_page=REPAIRS_PER_PAGE,
                                param="repairs_page"),
        "flags_page": page_of(request, worklist.flags, per_page=REPAIRS_PER_PAGE,
                              param="flags_page"),
    })


# --- opening a case ---------------------------------------------------------------------


def open_from_report(request):
    access.require(request.user, access.SEE_REPAIRS)
    access.require(request.user, access.HANDLE_HAZARDS)
    form = forms.OpenFromReportForm(request.POST or None,
                                    homes=access.homes_visible_to(request.user),
                                    handlers=services.hazard_handlers())
    opened = _open(request, form, lambda data: services.open_hazard_case(
        by=request.user, kind=data["kind"], hazard=data["hazard"] or None,
        aware_at=data["moment"], home=data["home_ref"], description=data["description"],
        handler=data["handler"]))
    return opened or render(request, "hazards/open.html", {
        "form": form, "title": "Open a hazard case from a report"})


def open_from_repair(request, repair_ref):
    repair = access.repair_for(request.user, repair_ref)
    access.require(request.user, access.HANDLE_HAZARDS)
    suggested = services.suggested_for_repair(repair=repair)
    form = forms.OpenFromRepairForm(request.POST or None, handlers=services.hazard_handlers(),
                                    initial=suggested)
    opened = _open(request, form, lambda data: services.open_from_repair(
        repair=repair, by=request.user, kind=data["kind"], hazard=data["hazard"] or None,
        handler=data["handler"]))
    return opened or render(request, "hazards/open.html", {
        "form": form, "repair": repair, "suggested": suggested,
        "title": f"Open a hazard case from repair {repair.repair_ref}"})


def open_from_comment(request, flag_id):
    flag = _flag_for(request.user, flag_id)
    access.require(request.user, access.HANDLE_HAZARDS)
    # The flag names an HHSRS hazard by its code, or "safeguarding": then the person chooses.
    hazard = Hazard.objects.filter(code=flag.kind).first()
    if hazard is None and load_hazard_list():  # the reference table emptied (a flushed test db)
        hazard = Hazard.objects.filter(code=flag.kind).first()
    form = forms.OpenFromCommentForm(
        request.POST or None, handlers=services.hazard_handlers(),
        initial={"aware_on": flag.flagged_on, "hazard": hazard.code if hazard else "",
                 "kind": services.HazardKind.SIGNIFICANT if hazard else None},
    )
    opened = _open(request, form, lambda data: services.open_from_flag(
        flag=flag, by=request.user, kind=data["kind"], hazard=data["hazard"] or None,
        aware_at=data["moment"], handler=data["handler"]))
    return opened or render(request, "hazards/open.html", {
        "form": form, "flag": flag, "title": "Open a hazard case from a resident's comment"})


def open_from_complaint(request, complaint_ref):
    # Whoever handles hazards and can see the complaint (a service manager, say) opens the case.
    complaint = access.complaint_for(request.user, complaint_ref)
    access.require(request.user, access.HANDLE_HAZARDS)
    damp = complaint.category == "damp_mould"
    form = forms.OpenFromCommentForm(
        request.POST or None, handlers=services.hazard_handlers(),
        initial={"aware_on": complaint.received_on, "hazard": "damp_mould" if damp else "",
                 "kind": services.HazardKind.SIGNIFICANT if damp else None},
    )
    opened = _open(request, form, lambda data: services.open_from_complaint(
        complaint=complaint, by=request.user, kind=data["kind"], hazard=data["hazard"] or None,
        aware_at=data["moment"], handler=data["handler"]))
    return opened or render(request, "hazards/open.html", {
        "form": form, "complaint": complaint,
        "title": f"Open a hazard case from complaint {complaint.complaint_ref}"})


def _flag_for(user, flag_id: int):
    # The flag carries a resident's comment as written: the rule for comments applies.
    from doorstep.voice.models import HazardFlag

    if not access.can(user, access.SEE_COMMENTS):
        raise Http404("There is no such record, or it is not one you can see.")
    flags = HazardFlag.objects.select_related("coded_comment", "coded_comment__home")
    areas = access.areas_for(user)
    if areas is not None:
        flags = flags.filter(coded_comment__home__area__in=areas)
    flag = flags.filter(pk=flag_id).first()
    if flag is None:
        raise Http404("There is no such record, or it is not one you can see.")
    return flag


def _open(request, form, open_case: Callable):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        case = open_case(form.cleaned_data)
    except HazardError as refusal:
        form.add_error(None, str(refusal))
        return None
    messages.success(request, f"Hazard case {case.hazard_ref} opened")
    return redirect("hazards:case", hazard_ref=case.hazard_ref)


# --- the case page ----------------------------------------------------------------------


def case_page(request, hazard_ref):
    case = access.hazard_case_for(request.user, hazard_ref)
    hazard = services.hazard_file(case=case)
    works = access.can(request.user, access.HANDLE_HAZARDS)
    return render(request, "hazards/case.html", {
        "case": case, "hazard": hazard, "works": works,
        "steps": [STEPS[name] for name in hazard.next_steps] if works else [],
    })


# --- one form per step ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type
    act: Callable  # (case, by, data) -> the one service call
    done: str
    refusal_field: str | None = None
    form_kwargs: dict = field(default_factory=dict)
    needs_handlers: bool = False


def _on(label: str) -> dict:
    return {"label": label}


STEPS = {step.slug: step for step in [
    Step(services.MADE_SAFE, "Record that the hazard was made safe", forms.MadeSafeForm,
         lambda case, by, data: services.record_made_safe(case=case, by=by, at=data["moment"]),
         "Made safe recorded", "on"),
    Step(services.INVESTIGATION, "Record the investigation", forms.InvestigationForm,
         lambda case, by, data: services.record_investigation(
             case=case, by=by, concluded_on=data["concluded_on"], findings=data["findings"],
             further_works_needed=data["further_works_needed"]),
         "Investigation recorded", "concluded_on"),
    Step(services.SUMMARY_SENT, "Record the written summary sent to the tenant",
         forms.DayForm,
         lambda case, by, data: services.record_summary_sent(case=case, by=by, on=data["on"]),
         "Written summary recorded", "on",
         _on("When was the written summary of findings given to the tenant?")),
    Step(services.SAFETY_WORK, "Record the safety work", forms.DayForm,
         lambda case, by, data: services.record_safety_work(case=case, by=by, on=data["on"]),
         "Safety work recorded", "on", _on("When was the safety work done?")),
    Step(services.DEFER_FURTHER_WORKS, "Further works cannot begin within 5 working days",
         forms.DeferForm,
         lambda case, by, data: services.defer_further_works(case=case, by=by,
                                                             reason=data["reason"]),
         "Recorded: further works must start within 12 weeks", "reason"),
    Step(services.FURTHER_WORKS_STARTED, "Record that further works started", forms.DayForm,
         lambda case, by, data: services.record_further_works_started(case=case, by=by,
                                                                      on=data["on"]),
         "Further works start recorded", "on", _on("When did the further works start?")),
    Step(services.ALTERNATIVE_ACCOMMODATION, "Record an offer of alternative accommodation",
         forms.AlternativeAccommodationForm,
         lambda case, by, data: services.offer_alternative_accommodation(
             case=case, by=by, on=data["on"], note=data["note"]),
         "Offer of alternative accommodation recorded", "on"),
    Step(services.HAZARD, "Record the hazard", forms.HazardForm,
         lambda case, by, data: services.record_hazard(case=case, by=by,
                                                       hazard=data["hazard"]),
         "Hazard recorded", "hazard"),
    Step(services.HANDLER, "Choose the handler", forms.HandlerForm,
         lambda case, by, data: services.assign_handler(case=case, by=by,
                                                        handler=data["handler"]),
         "Handler assigned", "handler", needs_handlers=True),
    Step(services.CLOSE, "Close the case", forms.CloseForm,
         lambda case, by, data: services.close_case(case=case, by=by, on=data["on"],
                                                    note=data["note"]),
         "Case closed", "on"),
]}


def step_page(request, hazard_ref, step):
    step = STEPS.get(step)
    if step is None:
        raise Http404("There is no such page.")
    case = access.hazard_case_for(request.user, hazard_ref, write=True)
    extra = {"handlers": services.hazard_handlers()} if step.needs_handlers else {}
    form = step.form(request.POST or None, **step.form_kwargs, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            step.act(case, request.user, form.cleaned_data)
        except HazardError as refusal:
            form.add_error(step.refusal_field, str(refusal))
        else:
            messages.success(request, f"{step.done} for hazard case {case.hazard_ref}")
            return redirect("hazards:case", hazard_ref=case.hazard_ref)
    return render(request, "hazards/step.html", {
        "case": case, "step": step, "form": form,
        "clocks": [clock for clock in services.hazard_clocks(case=case) if clock.is_open],
        "aware_on": uk_date(case.aware_at),
    })


# --- the year's hazard report -----------------------------------------------------------


def _year(slug: str) -> ReportingYear:
    try:
        return ReportingYear.parse(slug)
    except PeriodError:
        raise Http404("There is no such reporting year.") from None


def _slug(year: ReportingYear) -> str:
    return year.label.replace("/", "-")


def report_index(request):
    access.require(request.user, access.SEE_MEASURES)
    form = forms.ReportYearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("hazards:report", year=_slug(form.cleaned_data["year"]))
    return render(request, "hazards/report_index.html", {"form": form})


def _report_context(request, year: ReportingYear, *, outcome: str = "") -> dict:
    """The report's figures (the whole landlord) and the cases the person may see, those of
    one ``outcome`` when given."""
    user = request.user
    report = hazard_report(year=year)
    shows_cases = access.can(user, access.SEE_REPAIRS)
    if shows_cases:
        visible = set(access.hazard_cases_visible_to(user).values_list("pk", flat=True))
        cases = [row for row in report.cases if row.case.pk in visible
                 and (not outcome or row.outcome == outcome)]
    else:
        cases = []
    return {
        "report": report, "year_slug": _slug(year), "shows_cases": shows_cases,
        "cases": cases, "all_areas": access.areas_for(user) is None, "outcome": outcome,
        "outcome_label": OUTCOME_LABELS.get(outcome, ""),
        "suppress": not access.sees_small_groups(user), "small_group": access.SMALL_GROUP,
    }


def report_page(request, year):
    access.require(request.user, access.SEE_MEASURES)
    outcome = request.GET.get("outcome", "")
    if outcome not in OUTCOME_LABELS:
        outcome = ""
    context = _report_context(request, _year(year), outcome=outcome)
    page = page_of(request, context["cases"], per_page=REPORT_CASES_PER_PAGE)
    return render(request, "hazards/report.html", context | {
        "page": page, "cases": page.object_list, "cases_count": page.paginator.count,
        "outcomes": OUTCOME_LABELS.items(),
    })


def report_pdf(request, year):
    """The PDF lists the late cases only, the first ``PDF_CASES`` of them: a hundred pages of
    cases on time would hide them (the page lists every case)."""
    access.require(request.user, access.SEE_MEASURES)
    year = _year(year)
    context = _report_context(request, year, outcome=LATE)
    late = context["cases"]
    html = render_to_string("hazards/report_pdf.html", context | {
        "for_pdf": True, "cases": late[:PDF_CASES], "cases_count": len(late),
        "cut_to": PDF_CASES if len(late) > PDF_CASES else None,
    }, request=request)
    try:
        pdf = _pdf(html)
    except ImportError:
        return render(request, "hazards/pdf_unavailable.html", {"year_slug": _slug(year)},
                      status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hazard-report-{_slug(year)}.pdf"'
    return response


def _pdf(html: str) -> bytes:
    """The report as a tagged PDF, styled as the complaints report."""
    return html_to_pdf(html, stylesheet="complaints/report-print.css")
