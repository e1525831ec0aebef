"""Involvement screens: activities (engagement officers record them), who is heard (staff
and board), impact across activities, the panel's page, and the participants' feedback form
by single-use link (no sign-in, four languages).

Who sees what: ``access.SEE_INVOLVEMENT`` (activities and who took part: personal data),
``MANAGE_INVOLVEMENT`` (engagement officers), ``SEE_INVOLVEMENT_FIGURES`` (aggregates, the
board too) and ``SEE_INVOLVEMENT_PANEL`` (suppressed figures, redacted case studies).
"""

from datetime import date, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from doorstep.accounts import access
from doorstep.actions.models import Action
from doorstep.involvement import forms, impact, services
from doorstep.involvement.models import Activity, ActivityKind, CaseStudy, SocialValue
from doorstep.involvement.reach import (
    CHARACTERISTICS,
    for_panel,
    label_of,
    reach,
    support_offered,
)
from doorstep.involvement.services import InvolvementError
from doorstep.resident import languages
from doorstep.stock.models import Home
from doorstep.voice.redact import redact
from doorstep.web.paging import page_of


def _require_figures(user) -> None:
    if not access.can(user, access.SEE_INVOLVEMENT_FIGURES):
        access.require(user, access.SEE_INVOLVEMENT)


def _last_year() -> tuple[date, date]:
    today = timezone.localdate()
    start = date(today.year - 1 if today.month < 4 else today.year, 4, 1)
    return date(start.year - 1, 4, 1), date(start.year, 3, 31)


# Activities -----------------------------------------------------------------------------


def activities(request):
    access.require(request.user, access.SEE_INVOLVEMENT)
    rows = Activity.objects.prefetch_related("actions").order_by("-held_on", "activity_ref")
    return render(request, "involvement/activities.html", {
        "page": page_of(request, rows),
        "manages": access.can(request.user, access.MANAGE_INVOLVEMENT),
        "withdraw_form": forms.WithdrawForm(),
    })


@require_http_methods(["GET", "POST"])
def new_activity(request):
    access.require(request.user, access.MANAGE_INVOLVEMENT)
    form = forms.ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            activity = services.create_activity(
                by=request.user, supports=data.pop("supports"),
                measure_codes=data.pop("measures"), **data)
        except InvolvementError as problem:
            form.add_error("activity_ref", str(problem))
        else:
            messages.success(request, f"Activity {activity.activity_ref} recorded.")
            return redirect("involvement:activity", activity.activity_ref)
    return render(request, "involvement/activity_form.html", {"form": form})


def activity(request, ref):
    record = access.activity_for(request.user, ref)
    return render(request, "involvement/activity.html", {
        "activity": record,
        "impact": impact.for_activity(record),
        "participants": record.participants.select_related("home").order_by("participant_ref"),
        "case_studies": record.case_studies.order_by("-created_at"),
        "manages": access.can(request.user, access.MANAGE_INVOLVEMENT),
        "participant_form": forms.ParticipantForm(),
        "action_form": forms.LinkActionForm(),
        "recommendation_form": forms.LinkRecommendationForm(),
        "feedback_form": forms.StaffFeedbackForm(),
        "links_form": forms.LinksForm(),
        "social_value_form": forms.ActivitySocialValueForm(initial={
            "social_value": record.social_value_id, "units": record.social_value_units}),
        "paper_languages": [(lang.code, lang.english_name) for lang in languages.LANGUAGES],
    })


@require_POST
def add_participant(request, ref):
    record = access.activity_for(request.user, ref, write=True)
    form = forms.ParticipantForm(request.POST)
    if form.is_valid():
        home_ref = form.cleaned_data["home_ref"].strip()
        home = Home.objects.filter(home_ref=home_ref).first() if home_ref else None
        if home_ref and home is None:
            messages.error(request, f"There is no home with reference {home_ref}.")
        else:
            try:
                services.add_participant(activity=record, by=request.user, home=home,
                                         hours=form.cleaned_data["hours"] or 0)
                messages.success(request, "Participant added.")
            except InvolvementError as problem:
                messages.error(request, str(problem))
    else:
        messages.error(request, "Check the hours given: a number from 0 to 1000.")
    return redirect("involvement:activity", record.activity_ref)


@require_POST
def link_action(request, ref):
    record = access.activity_for(request.user, ref, write=True)
    form = forms.LinkActionForm(request.POST)
    action = None
    if form.is_valid():
        action = Action.objects.filter(action_ref=form.cleaned_data["action_ref"].strip()).first()
    if action is None:
        messages.error(request, "There is no action with that reference.")
    else:
        services.link_action(activity=record, action=action, by=request.user)
        messages.success(request, f"Linked to action {action.action_ref}.")
    return redirect("involvement:activity", record.activity_ref)


@require_POST
def link_recommendation(request, ref):
    from doorstep.scrutiny.models import Recommendation

    record = access.activity_for(request.user, ref, write=True)
    form = forms.LinkRecommendationForm(request.POST)
    recommendation = None
    if form.is_valid():
        recommendation = Recommendation.objects.filter(
            review__review_ref=form.cleaned_data["review_ref"].strip(),
            number=form.cleaned_data["number"]).first()
    if recommendation is None:
        messages.error(request, "There is no such recommendation.")
    else:
        services.link_recommendation(activity=record, recommendation=recommendation,
                                     by=request.user)
        messages.success(request, f"Linked to {recommendation}.")
    return redirect("involvement:activity", record.activity_ref)


@require_POST
def staff_feedback(request, ref):
    """Feedback on paper or told to staff, entered by an engagement officer."""
    record = access.activity_for(request.user, ref, write=True)
    form = forms.StaffFeedbackForm(request.POST)
    if form.is_valid():
        services.record_feedback(activity=record, by=request.user, **form.cleaned_data)
        messages.success(request, "Feedback recorded.")
    else:
        messages.error(request, "Answer all three questions and say how the feedback came in.")
    return redirect("involvement:activity", record.activity_ref)


def paper_form(request, ref):
    """The feedback form to print, in the language asked for (``?lang=pl``); answers come
    back to an engagement officer, who enters them as paper feedback."""
    record = access.activity_for(request.user, ref, write=True)
    language = languages.known(request.GET.get("lang")) or languages.ENGLISH
    with translation.override(language):
        return render(request, "involvement/feedback_paper.html", {
            "activity": record, "form": forms.FeedbackForm(), "page_language": language,
            "right_to_left": languages.BY_CODE[language].right_to_left,
            "languages": languages.LANGUAGES})


@require_POST
def issue_links(request, ref):
    record = access.activity_for(request.user, ref, write=True)
    form = forms.LinksForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("involvement:activity", record.activity_ref)
    expires_at = timezone.make_aware(datetime.combine(form.cleaned_data["expires_on"],
                                                      time(23, 59)))
    issued = services.issue_feedback_links(activity=record, count=form.cleaned_data["count"],
                                           expires_at=expires_at)
    links = [request.build_absolute_uri(f"/f/{link.token}/") for link in issued]
    return render(request, "involvement/links.html", {"activity": record, "links": links})


@require_http_methods(["GET", "POST"])
def new_case_study(request, ref):
    record = access.activity_for(request.user, ref, write=True)
    form = forms.CaseStudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_case_study(activity=record, by=request.user, **form.cleaned_data)
        except InvolvementError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Case study added. Check the redacted version, then "
                             "approve it for the panel.")
            return redirect("involvement:activity", record.activity_ref)
    return render(request, "involvement/case_study_form.html",
                  {"form": form, "activity": record})


@require_POST
def approve_case_study(request, ref, pk):
    record = access.activity_for(request.user, ref, write=True)
    case_study = CaseStudy.objects.filter(activity=record, pk=pk).first()
    if case_study is None:
        messages.error(request, "There is no such case study.")
    else:
        services.approve_case_study(case_study=case_study, by=request.user)
        messages.success(request, "Case study approved for the panel.")
    return redirect("involvement:activity", record.activity_ref)


@require_POST
def withdraw_consent(request):
    access.require(request.user, access.MANAGE_INVOLVEMENT)
    form = forms.WithdrawForm(request.POST)
    home = None
    if form.is_valid():
        home = Home.objects.filter(home_ref=form.cleaned_data["home_ref"].strip()).first()
    if home is None:
        messages.error(request, "There is no home with that reference.")
        return redirect("involvement:activities")
    try:
        services.withdraw_consent(home=home, by=request.user)
        messages.success(request, f"Consent withdrawn for {home.home_ref}: its profile has "
                         "been cleared.")
    except InvolvementError as problem:
        messages.error(request, str(problem))
    return redirect("involvement:activities")


# Social value ---------------------------------------------------------------------------


def _require_social_values(user) -> None:
    """The landlord's table of values is kept by engagement officers and administrators."""
    if not access.can(user, access.ADMINISTER):
        access.require(user, access.MANAGE_INVOLVEMENT)


def social_values(request):
    """The landlord's table of values, and the social value of the period's activities."""
    access.require(request.user, access.SEE_INVOLVEMENT)
    start, end = _last_year()
    form = forms.PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not request.GET:
        form = forms.PeriodForm(initial={"start": start, "end": end})
    keeps = access.can(request.user, access.ADMINISTER) or access.can(
        request.user, access.MANAGE_INVOLVEMENT)
    return render(request, "involvement/social_values.html", {
        "values": SocialValue.objects.all(), "form": form, "keeps": keeps,
        "totals": impact.social_value(start=start, end=end),
    })


@require_http_methods(["GET", "POST"])
def edit_social_value(request, pk=None):
    _require_social_values(request.user)
    value = None
    if pk is not None:
        value = SocialValue.objects.filter(pk=pk).first()
        if value is None:
            raise Http404("There is no such social value.")
    initial = {} if value is None else {
        "outcome": value.outcome, "pounds_per_unit": value.pounds_per_unit,
        "unit": value.unit, "source": value.source}
    form = forms.SocialValueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_social_value(by=request.user, social_value=value, **form.cleaned_data)
        except InvolvementError as problem:
            form.add_error("outcome", str(problem))
        else:
            messages.success(request, f"Social value for {form.cleaned_data['outcome']} saved.")
            return redirect("involvement:social-values")
    return render(request, "involvement/social_value_form.html",
                  {"form": form, "value": value})


@require_POST
def record_social_value(request, ref):
    record = access.activity_for(request.user, ref, write=True)
    form = forms.ActivitySocialValueForm(request.POST)
    if form.is_valid():
        try:
            services.record_social_value(activity=record, by=request.user,
                                         social_value=form.cleaned_data["social_value"],
                                         units=form.cleaned_data["units"])
            messages.success(request, "Social value recorded.")
        except InvolvementError as problem:
            messages.error(request, str(problem))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("involvement:activity", record.activity_ref)


# Linking from a scrutiny recommendation's side ------------------------------------------


def _recommendation(review_ref: str, number: int):
    from doorstep.scrutiny.models import Recommendation

    recommendation = Recommendation.objects.select_related("review").filter(
        review__review_ref=review_ref, number=number).first()
    if recommendation is None:
        raise Http404("There is no such recommendation.")
    return recommendation


@require_http_methods(["GET", "POST"])
def recommendation_activities(request, review_ref, number):
    """The activities a scrutiny recommendation came from, and a form to link another."""
    access.require(request.user, access.SEE_INVOLVEMENT)
    recommendation = _recommendation(review_ref, number)
    form = forms.LinkActivityForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, access.MANAGE_INVOLVEMENT)
        if form.is_valid():
            record = Activity.objects.filter(
                activity_ref=form.cleaned_data["activity_ref"].strip()).first()
            if record is None:
                form.add_error("activity_ref", "There is no activity with that reference")
            else:
                services.link_recommendation(activity=record, recommendation=recommendation,
                                             by=request.user)
                messages.success(request, f"Linked to activity {record.activity_ref}.")
                return redirect("involvement:recommendation-activities", review_ref, number)
    return render(request, "involvement/recommendation_activities.html", {
        "recommendation": recommendation, "form": form,
        "activities": recommendation.involvement_activities.order_by("-held_on"),
        "manages": access.can(request.user, access.MANAGE_INVOLVEMENT),
    })


# Who is heard ---------------------------------------------------------------------------


def _reach_table(request):
    start, end = _last_year()
    form = forms.ReachForm(request.GET or None, initial={
        "start": start, "end": end, "characteristic": "age_band"})
    characteristic = "age_band"
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        characteristic = form.cleaned_data["characteristic"]
    elif not request.GET:
        form = forms.ReachForm(initial={"start": start, "end": end,
                                        "characteristic": characteristic})
    return form, reach(start=start, end=end, characteristic=characteristic), start, end


def _rows(table: dict) -> list[dict]:
    characteristic = table["characteristic"]
    rows = []
    for row in table["groups"]:
        rows.append({
            **row, "label": label_of(characteristic, row["group"]),
            "residuals": {name: table["tests"][name].get("residuals", {}).get(row["group"])
                          for name in table["tests"]},
            "under": [name for name, test in table["tests"].items()
                      if row["group"] in test["under_represented"]],
        })
    return rows


def reach_page(request):
    _require_figures(request.user)
    form, table, start, end = _reach_table(request)
    return render(request, "involvement/reach.html", {
        "form": form, "table": table, "rows": _rows(table),
        "label": CHARACTERISTICS[table["characteristic"]][1],
        "support": support_offered(start=start, end=end),
    })


def impact_page(request):
    _require_figures(request.user)
    years = impact.across_activities()
    for year in years:
        for measure in year["measures"]:
            measure["involved_sentence"] = impact.sentence(
                code=measure["code"], difference=measure["involved_difference"],
                first="households that took part", second="those that did not")
            measure["areas_sentence"] = impact.sentence(
                code=measure["code"], difference=measure["areas_difference"],
                first="households in areas with more involvement",
                second="households in areas with less")
    return render(request, "involvement/impact.html", {"years": years})


def panel_page(request):
    access.require(request.user, access.SEE_INVOLVEMENT_PANEL)
    form, table, start, end = _reach_table(request)
    shown = for_panel(table)
    kinds = dict(ActivityKind.choices)
    held = Activity.objects.filter(held_on__range=(start, end))
    return render(request, "involvement/panel.html", {
        "form": form, "table": shown, "rows": [
            {**row, "label": label_of(shown["characteristic"], row["group"])}
            for row in shown["groups"]],
        "label": CHARACTERISTICS[shown["characteristic"]][1],
        "support": support_offered(start=start, end=end),
        # Outcomes are staff's free text: names and addresses removed for the panel.
        "activities": [{"title": a.title, "kind": kinds[a.kind], "held_on": a.held_on,
                        "outcome": redact(a.outcome) if a.outcome else ""}
                       for a in held.order_by("-held_on")],
        "case_studies": CaseStudy.objects.filter(approved=True, activity__in=held)
        .select_related("activity").order_by("-activity__held_on"),
        "small_group": access.SMALL_GROUP,
    })


# The participants' feedback form (public, by single-use link) ---------------------------


def _feedback_language(request) -> str:
    chosen = languages.known(request.GET.get("lang") or request.POST.get("lang"))
    return chosen or languages.language_for(request)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request, token):
    language = _feedback_language(request)
    with translation.override(language):
        link = services.feedback_link_for(token)
        context = {"page_language": language, "languages": languages.LANGUAGES,
                   "right_to_left": languages.BY_CODE[language].right_to_left,
                   "token": token}
        if link is None:
            return render(request, "involvement/feedback_problem.html", context, status=410)
        form = forms.FeedbackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_feedback(activity=link.activity, link=link, channel="online",
                                         language=language, **form.cleaned_data)
            except InvolvementError:
                return render(request, "involvement/feedback_problem.html", context,
                              status=410)
            return render(request, "involvement/feedback_done.html", context)
        return render(request, "involvement/feedback.html",
                      {**context, "form": form, "activity": link.activity})
