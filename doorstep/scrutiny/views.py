"""The scrutiny panel's workspace: one task per page, every page access-checked.

Who sees what is decided in ``doorstep.accounts.access`` (``require_scrutiny``,
``review_for``, ``recommendation_for``): current panel members and engagement officers work
on reviews; the board and analysts read them; a service manager answers the
recommendations of their areas. A panel member who has left the panel is refused.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from doorstep.accounts import access
from doorstep.scrutiny import forms, services
from doorstep.scrutiny.models import (
    CodeReviewComment,
    EvidencePack,
    Meeting,
    Membership,
    Notification,
    Panel,
    Recommendation,
    ResidentRequest,
    Review,
    ScrutinySettings,
    Stage,
)
from doorstep.scrutiny.services import ScrutinyError
from doorstep.web.pdf import html_to_pdf


def _review_url(review) -> str:
    return f"/scrutiny/reviews/{review.review_ref}/"


def _form_page(request, *, form, title: str, back: str, back_label: str, save, intro: str = "",
               button: str = "Save and continue", upload: bool = False):
    """A GOV.UK form page: on a valid post call ``save(data)`` (which returns where to go);
    a ScrutinyError is shown at the top as the error summary does."""
    if request.method == "POST" and form.is_valid():
        try:
            return redirect(save(form.cleaned_data))
        except ScrutinyError as problem:
            form.add_error(None, str(problem))
    return render(request, "scrutiny/form.html", {
        "form": form, "title": title, "back": back, "back_label": back_label,
        "intro": intro, "button": button, "upload": upload})


# --- the panel -------------------------------------------------------------------------


def index(request):
    user = request.user
    if not access.can_see_scrutiny(user) and access.can(
            user, access.RESPOND_TO_RECOMMENDATIONS):
        return redirect("scrutiny:responses")
    access.require_scrutiny(user)
    reviews = Review.objects.prefetch_related("recommendations")
    return render(request, "scrutiny/index.html", {
        "panel": Panel.current(), "reviews": reviews,
        "works": access.can_work_on_reviews(user),
        "manages": access.can(user, access.RUN_SCRUTINY),
        "overdue": services.overdue_responses(recommendations=Recommendation.objects.all()),
    })


def members(request):
    access.require_scrutiny(request.user)
    return render(request, "scrutiny/members.html", {
        "panel": Panel.current(),
        "current": Membership.objects.filter(left_on__isnull=True).select_related("user"),
        "former": Membership.objects.filter(left_on__isnull=False).select_related("user"),
        "manages": access.can(request.user, access.RUN_SCRUTINY),
    })


def add_member(request):
    access.require(request.user, access.RUN_SCRUTINY)
    form = forms.MemberForm(request.POST or None)

    def save(data):
        services.add_member(by=request.user, user=data["user"],
                            declarations=data["declarations"])
        return "scrutiny:members"
    return _form_page(request, form=form, title="Add a member to the panel",
                      back="/scrutiny/members/", back_label="Back to the members", save=save)


@require_POST
def member_leaves(request, membership_id):
    access.require(request.user, access.RUN_SCRUTINY)
    membership = get_object_or_404(Membership, pk=membership_id)
    try:
        services.member_leaves(by=request.user, membership=membership)
        messages.success(request, f"{membership.user.get_full_name() or membership.user} "
                         "has left the panel and can no longer open its workspace.")
    except ScrutinyError as problem:
        messages.error(request, str(problem))
    return redirect("scrutiny:members")


def terms(request):
    access.require(request.user, access.RUN_SCRUTINY)
    panel = Panel.current()
    form = forms.TermsForm(request.POST or None,
                           initial={"terms_of_reference": panel.terms_of_reference})

    def save(data):
        services.set_terms_of_reference(by=request.user, text=data["terms_of_reference"])
        return "scrutiny:members"
    return _form_page(request, form=form, title="The panel's terms of reference",
                      back="/scrutiny/members/", back_label="Back to the members", save=save,
                      button="Save")


# --- meetings: kept by engagement officers, read by members and the board ---------------


def meetings(request):
    access.require_scrutiny(request.user)
    return render(request, "scrutiny/meetings.html", {
        "meetings": Meeting.objects.prefetch_related("papers"),
        "manages": access.can(request.user, access.RUN_SCRUTINY)})


def new_meeting(request):
    access.require(request.user, access.RUN_SCRUTINY)
    form = forms.MeetingForm(request.POST or None)

    def save(data):
        meeting = services.plan_meeting(by=request.user, **data)
        return f"/scrutiny/meetings/{meeting.pk}/"
    return _form_page(request, form=form, title="Plan a panel meeting",
                      back="/scrutiny/meetings/", back_label="Back to the meetings", save=save)


def meeting(request, pk):
    access.require_scrutiny(request.user)
    found = get_object_or_404(Meeting, pk=pk)
    return render(request, "scrutiny/meeting.html", {
        "meeting": found, "papers": found.papers.all(),
        "activity": found.activity.select_related("by"),
        "manages": access.can(request.user, access.RUN_SCRUTINY)})


def change_meeting(request, pk):
    access.require(request.user, access.RUN_SCRUTINY)
    found = get_object_or_404(Meeting, pk=pk)
    form = forms.MeetingForm(request.POST or None, initial={
        name: getattr(found, name) for name in services.MEETING_FIELDS})

    def save(data):
        services.change_meeting(meeting=found, by=request.user, **data)
        return f"/scrutiny/meetings/{found.pk}/"
    return _form_page(request, form=form, title="Change the meeting and its agenda",
                      back=f"/scrutiny/meetings/{found.pk}/", back_label="Back to the meeting",
                      save=save, button="Save")


def minutes(request, pk):
    access.require(request.user, access.RUN_SCRUTINY)
    found = get_object_or_404(Meeting, pk=pk)
    form = forms.MinutesForm(request.POST or None, initial={"minutes": found.minutes})

    def save(data):
        services.record_minutes(meeting=found, by=request.user, minutes=data["minutes"])
        return f"/scrutiny/meetings/{found.pk}/"
    return _form_page(request, form=form, title=f"Minutes of the meeting on "
                      f"{found.held_on:%-d %B %Y}", back=f"/scrutiny/meetings/{found.pk}/",
                      back_label="Back to the meeting", save=save, button="Save the minutes")


def add_paper(request, pk):
    access.require(request.user, access.RUN_SCRUTINY)
    found = get_object_or_404(Meeting, pk=pk)
    form = forms.PaperForm(request.POST or None, request.FILES or None)

    def save(data):
        services.add_paper(meeting=found, by=request.user, title=data["title"],
                           upload=data["file"])
        return f"/scrutiny/meetings/{found.pk}/"
    return _form_page(request, form=form, title="Add a paper for the meeting",
                      back=f"/scrutiny/meetings/{found.pk}/", back_label="Back to the meeting",
                      save=save, upload=True, button="Add the paper")


def paper_file(request, pk, paper_id):
    access.require_scrutiny(request.user)
    found = get_object_or_404(Meeting, pk=pk)
    paper = get_object_or_404(found.papers, pk=paper_id)
    # Always a download, never shown in the browser, as the panel's own evidence.
    response = FileResponse(paper.file.open("rb"), as_attachment=True,
                            filename=paper.file_name or "paper",
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- residents' requests that fell short (the engagement team's screen) -----------------


def short_requests(request):
    """Residents' requests that did not reach the threshold, so the engagement team can
    reply to them. Not for the panel: it shows who asked and how to reach them."""
    access.require(request.user, access.RUN_SCRUTINY)
    return render(request, "scrutiny/short_requests.html", {
        "requests": ResidentRequest.objects.filter(meets_threshold=False, review__isnull=True),
        "needed": ScrutinySettings.current().supporters_needed})


# --- reviews ---------------------------------------------------------------------------


def new_review(request):
    access.require_scrutiny(request.user, write=True)
    form = forms.RequestForm(request.POST or None)

    def save(data):
        review = services.request_review(by=request.user, **data)
        return _review_url(review) + "scope/"
    return _form_page(request, form=form, title="Ask for a review", back="/scrutiny/",
                      back_label="Back to the panel's reviews", save=save)


def review(request, review_ref):
    review = access.review_for(request.user, review_ref)
    recommendations = review.recommendations.select_related("manager").prefetch_related(
        "actions__measurements")
    return render(request, "scrutiny/review.html", {
        "review": review, "stages": Stage.choices,
        "stage_index": list(Stage.values).index(review.stage),
        "packs": review.packs.all(), "own_evidence": review.own_evidence.all(),
        "recommendations": recommendations, "activity": review.activity.select_related("by"),
        "works": access.can_work_on_reviews(request.user),
        "requests": review.resident_requests.all(),
        "print": "print" in request.GET,
    })


def scope(request, review_ref):
    review = access.review_for(request.user, review_ref, write=True)
    form = forms.ScopeForm(request.POST or None, initial={
        name: getattr(review, name) for name in services.SCOPE_FIELDS})

    def save(data):
        services.set_scope(review=review, by=request.user, **data)
        return _review_url(review)
    return _form_page(request, form=form, title=f"Scope of the review: {review.title}",
                      back=_review_url(review), back_label="Back to the review", save=save,
                      intro="The scope says what the review asks and what evidence the "
                      "evidence pack will hold.")


@require_POST
def step(request, review_ref, step):
    review = access.review_for(request.user, review_ref, write=True)
    moves = {"gather": services.start_gathering, "pack": services.take_pack,
             "send": services.send_recommendations}
    if step not in moves:
        raise Http404("There is no such step.")
    try:
        done = moves[step](review=review, by=request.user)
        if step == "pack":
            return redirect(f"{_review_url(review)}packs/{done.pk}/")
    except ScrutinyError as problem:
        messages.error(request, str(problem))
    return redirect(_review_url(review))


def pack(request, review_ref, pack_id):
    review = access.review_for(request.user, review_ref)
    evidence_pack = get_object_or_404(EvidencePack, review=review, pk=pack_id)
    return render(request, "scrutiny/pack.html", {"review": review, "pack": evidence_pack,
                                                  "c": evidence_pack.content})


def pack_pdf(request, review_ref, pack_id):
    review = access.review_for(request.user, review_ref)
    evidence_pack = get_object_or_404(EvidencePack, review=review, pk=pack_id)
    html = render_to_string("scrutiny/pack_pdf.html", {
        "review": review, "pack": evidence_pack, "c": evidence_pack.content}, request=request)
    pdf = html_to_pdf(html, stylesheet="scrutiny/pack-print.css")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="evidence-pack-{review.review_ref}-{evidence_pack.pk}.pdf"')
    return response


def add_evidence(request, review_ref):
    review = access.review_for(request.user, review_ref, write=True)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)

    def save(data):
        services.add_evidence(review=review, by=request.user, kind=data["kind"],
                              title=data["title"], note=data["note"], upload=data["file"])
        return _review_url(review)
    return _form_page(request, form=form, title="Add the panel's own evidence",
                      back=_review_url(review), back_label="Back to the review", save=save,
                      upload=True, button="Add the evidence")


def evidence_file(request, review_ref, evidence_id):
    review = access.review_for(request.user, review_ref)
    evidence = get_object_or_404(review.own_evidence, pk=evidence_id)
    if not evidence.file:
        raise Http404("This evidence has no file.")
    # Always a download, never shown in the browser: an upload cannot run as a page.
    response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.file_name or "evidence",
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def findings(request, review_ref):
    review = access.review_for(request.user, review_ref, write=True)
    form = forms.FindingsForm(request.POST or None, initial={"findings": review.findings})

    def save(data):
        services.record_findings(review=review, by=request.user, findings=data["findings"])
        return _review_url(review)
    return _form_page(request, form=form, title="The panel's findings",
                      back=_review_url(review), back_label="Back to the review", save=save)


def new_recommendation(request, review_ref):
    review = access.review_for(request.user, review_ref, write=True)
    form = forms.RecommendationForm(request.POST or None)

    def save(data):
        services.add_recommendation(review=review, by=request.user, **data)
        return _review_url(review)
    return _form_page(request, form=form, title="Add a recommendation",
                      back=_review_url(review), back_label="Back to the review", save=save,
                      button="Add the recommendation")


def edit_recommendation(request, pk):
    found = access.recommendation_for(request.user, pk)
    review = access.review_for(request.user, found.review.review_ref, write=True)
    if found.is_sent:
        messages.error(request, "This recommendation has been sent to the landlord, so it is "
                       "kept as sent and cannot be changed.")
        return redirect(f"/scrutiny/recommendations/{found.pk}/")
    form = forms.RecommendationForm(request.POST or None, initial={
        "text": found.text, "measures": found.measures, "evidence": found.evidence,
        "area": found.area, "manager": found.manager_id})

    def save(data):
        services.edit_recommendation(recommendation=found, by=request.user, **data)
        return f"/scrutiny/recommendations/{found.pk}/"
    return _form_page(request, form=form, title=f"Change recommendation {found.number} of "
                      f"review {review.review_ref}", back=f"/scrutiny/recommendations/{found.pk}/",
                      back_label="Back to the recommendation", save=save, button="Save")


def close(request, review_ref):
    review = access.review_for(request.user, review_ref, write=True)
    form = forms.CloseForm(request.POST or None)

    def save(data):
        services.close_review(review=review, by=request.user, impact_view=data["impact_view"])
        return _review_url(review)
    return _form_page(request, form=form, title="Close the review", button="Close the review",
                      back=_review_url(review), back_label="Back to the review", save=save)


# --- recommendations and responses -----------------------------------------------------


def recommendation(request, pk):
    found = access.recommendation_for(request.user, pk)
    return render(request, "scrutiny/recommendation.html", {
        "recommendation": found, "review": found.review,
        "actions": found.actions.prefetch_related("measurements"),
        "activity": found.activity.select_related("by"),
        "edits": not found.is_sent and access.can_work_on_reviews(request.user),
        "answers": access.can(request.user, access.RESPOND_TO_RECOMMENDATIONS)
        and found.pk in set(access.recommendations_to_answer(request.user)
                            .values_list("pk", flat=True)),
    })


def responses(request):
    access.require(request.user, access.RESPOND_TO_RECOMMENDATIONS)
    waiting = access.recommendations_to_answer(request.user).select_related("review")
    return render(request, "scrutiny/responses.html", {
        "waiting": waiting.filter(decision="").order_by("response_due_on"),
        "answered": waiting.exclude(decision=""), "today": timezone.localdate()})


def respond(request, pk):
    found = access.recommendation_for(request.user, pk, respond=True)
    form = forms.ResponseForm(request.POST or None)

    def save(data):
        services.respond(recommendation=found, by=request.user, **data)
        return f"/scrutiny/recommendations/{found.pk}/"
    return _form_page(request, form=form, title=f"Answer recommendation {found.number} of "
                      f"review {found.review.review_ref}", back="/scrutiny/responses/",
                      back_label="Back to the recommendations to answer", save=save,
                      intro=f"The recommendation, as sent: {found.sent_text}. The answer is "
                      f"due by {found.response_due_on:%-d %B %Y}." if found.response_due_on
                      else "", button="Send the answer")


# --- the Complaint Handling Code review, notifications -----------------------------------


def code_comments(request, year):
    access.require_scrutiny(request.user, write=True)
    existing = CodeReviewComment.objects.filter(year=year).first()
    form = forms.CodeCommentsForm(request.POST or None,
                                  initial={"comments": existing.comments if existing else ""})

    def save(data):
        CodeReviewComment.objects.update_or_create(
            year=year, defaults={"comments": data["comments"].strip(), "by": request.user,
                                 "at": timezone.now()})
        return f"/complaints/report/{year}/"
    return _form_page(request, form=form, title=f"The panel's comments on complaint "
                      f"handling, {year.replace('-', '/')}", back="/scrutiny/",
                      back_label="Back to the panel's reviews", save=save, button="Save",
                      intro="Your comments appear in the annual complaints report beside "
                      "the governing body's response.")


def notifications(request):
    if access.role_of(request.user) is None:
        access.require(request.user, access.SEE_SCRUTINY)
    return render(request, "scrutiny/notifications.html", {
        "notifications": Notification.objects.filter(user=request.user)[:100]})

