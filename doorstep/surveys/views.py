"""The analyst's survey pages: design, sample, links, progress, weighting and the summary of
approach.

Each view checks access first (``doorstep.accounts.access``), reads the form, calls one
service and renders. Designing, sampling, sending links and writing the summary of approach
need MANAGE_SURVEYS; weighting needs WEIGHT_SURVEY_RESPONSES; the progress page needs only
FOLLOW_SURVEY_PROGRESS and shows counts, never a household.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from doorstep.accounts import access
from doorstep.surveys import overview, publishing, services
from doorstep.surveys.approach import build_approach
from doorstep.surveys.approach import render as render_approach
from doorstep.surveys.forms import (
    ApproachNotesForm,
    ExclusionForm,
    LinksForm,
    OwnQuestionForm,
    SampleForm,
    SurveyForm,
    TranslationsForm,
    WeightingForm,
)
from doorstep.surveys.models import (
    OWN_QUESTION_LANGUAGES,
    ApproachNotes,
    SurveyKind,
    SurveyResponse,
    TenureScope,
)
from doorstep.surveys.questions import LCRA_ONLY
from doorstep.surveys.representativeness import representativeness
from doorstep.surveys.sampling import draw_sample, tenures_of
from doorstep.surveys.services import SurveyError, TranslationError
from doorstep.surveys.weighting import (
    DEFAULT_CAP,
    DEFAULT_CHARACTERISTICS,
    DEFAULT_FLOOR,
    apply_weights,
    clear_weights,
    counted_responses,
    current_weighting,
    results_by_channel,
)
from doorstep.web.paging import page_of


@dataclass(frozen=True)
class Tab:
    label: str
    url: str
    current: bool


# (label, URL name, the capability that opens it)
_TABS = [
    ("Questions", "surveys:questions", access.MANAGE_SURVEYS),
    ("Sample", "surveys:sample", access.MANAGE_SURVEYS),
    ("Links", "surveys:links", access.MANAGE_SURVEYS),
    ("Progress", "surveys:progress", access.FOLLOW_SURVEY_PROGRESS),
    ("Weighting", "surveys:weighting", access.MANAGE_SURVEYS),
    ("Summary of approach", "surveys:approach", access.MANAGE_SURVEYS),
]


def _tabs(user, survey, current: str) -> list[Tab]:
    return [
        Tab(label, reverse(url_name, args=[survey.pk]), url_name == current)
        for label, url_name, capability in _TABS if access.can(user, capability)
    ]


def _page(request, template, survey, tab, **context):
    return render(request, template, {
        "survey": survey, "tabs": _tabs(request.user, survey, tab), **context})


# The list and a new survey ----------------------------------------------------------------------


def survey_list(request):
    access.require(request.user, access.FOLLOW_SURVEY_PROGRESS)
    surveys = list(access.surveys_to_follow(request.user).annotate(households=Count("sample")))
    answered = dict(
        SurveyResponse.objects.filter(survey__in=[survey.name for survey in surveys])
        .values_list("survey").annotate(n=Count("pk")).order_by()
    )
    return render(request, "surveys/list.html", {
        "rows": [(survey, answered.get(survey.name, 0)) for survey in surveys],
        "manages": access.can(request.user, access.MANAGE_SURVEYS),
    })


def new_survey(request):
    access.require(request.user, access.MANAGE_SURVEYS)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.create_survey(
                name=data["name"], kind=SurveyKind.PERCEPTION, tenure_scope=data["tenure_scope"],
                year=data["year"], fieldwork_starts=data["fieldwork_starts"],
                fieldwork_ends=data["fieldwork_ends"])
        except SurveyError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{survey.name} is set up. Now draw its sample.")
            return redirect(reverse("surveys:sample", args=[survey.pk])
                            + f"?method={data['method']}")
    return render(request, "surveys/new.html", {"form": form})


# Questions -------------------------------------------------------------------------------------


def questions(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    asked = services.question_list(survey=survey)
    numbers = {question.code: number for number, question in enumerate(asked, start=1)}
    # In a survey of both tenures, owners skip the repair questions (resident.rendering).
    renters_only = (*LCRA_ONLY, "had_repair") if survey.tenure_scope == TenureScope.BOTH else ()
    rows = [(numbers[question.code], question,
             _asked_when(question, numbers, renters_only=question.code in renters_only),
             _translated_into(question))
            for question in asked]
    return _page(request, "surveys/questions.html", survey, "surveys:questions", rows=rows)


def _translated_into(question) -> str:
    """The languages a question is in: a landlord's own in those the landlord gave."""
    if question.kind in ("tsm", "filter"):
        return "English, " + ", ".join(OWN_QUESTION_LANGUAGES.values())  # the catalogues
    given = question.extra.get("translations", {})
    names = [name for language, name in OWN_QUESTION_LANGUAGES.items() if language in given]
    return ", ".join(["English", *names]) if names else "English only"


def _asked_when(question, numbers: dict, *, renters_only: bool) -> str:
    """Who is asked the question, in words: "Everyone", "If question 3 is “Yes”"..."""
    conditions = ["Renters (LCRA) only"] if renters_only else []
    if question.follows:
        conditions.append(f"when {question.follows} was asked")
    if question.asked_if is not None:
        filter_code, needed = question.asked_if
        answer = "Yes" if needed == "yes" else needed
        conditions.append(f"if question {numbers.get(filter_code)} is \u201c{answer}\u201d")
    if not conditions:
        return "Everyone"
    words = ", ".join(conditions)
    return words[0].upper() + words[1:]


def add_question(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    form = OwnQuestionForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.add_own_question(
                survey=survey, code=data["code"], kind=data["kind"], wording=data["wording"],
                placed_after=data["placed_after"], choices=form.answer_choices(),
                translations=form.translations())
        except TranslationError as problem:
            form.show_translation_error(problem)
        except SurveyError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Question {question.code} added.")
            return redirect("surveys:questions", survey_id=survey.pk)
    return _page(request, "surveys/question_form.html", survey, "surveys:questions", form=form)


def translate_question(request, survey_id, code):
    # An own question belongs to its survey: whoever may manage the survey may translate it.
    survey = access.survey_to_manage(request.user, survey_id)
    question = get_object_or_404(survey.own_questions, code=code)
    form = TranslationsForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.translate_own_question(question=question, translations=form.translations())
        except TranslationError as problem:
            form.show_translation_error(problem)
        else:
            messages.success(request, f"The translations of question {question.code} are saved.")
            return redirect("surveys:questions", survey_id=survey.pk)
    return _page(request, "surveys/translations_form.html", survey, "surveys:questions",
                 form=form, question=question)


# The sample and exclusions ----------------------------------------------------------------------


def sample(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    has_responses = SurveyResponse.objects.filter(survey=survey.name).exists()
    initial = {"method": survey.sample_method or request.GET.get("method"),
               "seed": survey.sample_seed}
    form = SampleForm(request.POST or None, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            drawn = draw_sample(
                survey=survey, method=form.cleaned_data["method"],
                seed=form.cleaned_data["seed"], response_rate=form.rate(),
                invitations=form.invitations())
        except SurveyError as problem:
            form.add_error(None, str(problem))
        else:
            survey.refresh_from_db()
            messages.success(request, f"Sample drawn with seed {survey.sample_seed}: "
                             f"{sum(drawn.values()):,} households invited.")
            return redirect("surveys:sample", survey_id=survey.pk)
    exclusions = (survey.exclusions.select_related("home", "excluded_by")
                  .order_by("home__home_ref"))
    return _page(request, "surveys/sample.html", survey, "surveys:sample", form=form,
                 plans=overview.sample_plan(survey=survey),
                 strata=overview.progress(survey=survey)["strata"],
                 exclusions=page_of(request, exclusions, param="exclusions_page"),
                 has_responses=has_responses)


def add_exclusion(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    form = ExclusionForm(request.POST or None, survey=survey,
                         homes=access.homes_for_survey_management(request.user))
    if request.method == "POST" and form.is_valid():
        home = form.cleaned_data["home_ref"]
        try:
            services.exclude_household(survey=survey, home=home, reason=form.cleaned_data[
                "reason"], note=form.cleaned_data["note"], by=request.user)
        except SurveyError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Home {home.home_ref} is left out of {survey.name}.")
            return redirect("surveys:sample", survey_id=survey.pk)
    return _page(request, "surveys/exclusion_form.html", survey, "surveys:sample", form=form)


# Links -----------------------------------------------------------------------------------------


def links(request, survey_id):
    """Issue single-use links and download the mail-merge file in one step: the links are in
    no other place, so the file is the answer to the form."""
    survey = access.survey_to_manage(request.user, survey_id)
    initial = {"base_url": f"{request.scheme}://{request.get_host()}",
               "last_day": survey.fieldwork_ends}
    form = LinksForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rows, issued = publishing.issue_links(
                survey=survey, base_url=form.cleaned_data["base_url"],
                last_day=form.cleaned_data["last_day"], reminder=form.cleaned_data["reminder"])
        except SurveyError as problem:
            form.add_error(None, str(problem))
        else:
            if issued:
                response = HttpResponse(rows, content_type="text/csv; charset=utf-8")
                name = publishing.file_name(survey, "links", "csv")
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                response["Cache-Control"] = "no-store"
                return response
            if survey.kind == SurveyKind.PERCEPTION:
                messages.success(request, "No new links: every sampled household already has "
                                 "one. To write to those who have not answered, choose a "
                                 "reminder.")
            else:
                messages.success(request, "No new links: every record closed since fieldwork "
                                 "began already has one.")
            return redirect("surveys:links", survey_id=survey.pk)
    return _page(request, "surveys/links.html", survey, "surveys:links", form=form,
                 counts=overview.link_counts(survey=survey))


# Progress --------------------------------------------------------------------------------------


def progress(request, survey_id):
    survey = access.survey_to_follow(request.user, survey_id)
    figures = overview.progress(survey=survey)
    channels = [(channel, overview.channel_name(channel)) for channel in figures["channels"]]
    strata = [
        (row, [row["by_channel"].get(channel, 0) for channel, _ in channels])
        for row in figures["strata"]
    ]
    totals = [figures["by_channel"].get(channel, 0) for channel, _ in channels]
    return _page(request, "surveys/progress.html", survey, "surveys:progress",
                 channels=channels, strata=strata, tenures=figures["tenures"],
                 achieved=figures["achieved"], totals=totals,
                 channel_totals=[(label, n) for (_, label), n in zip(channels, totals,
                                                                      strict=True)],
                 invited_total=sum(row["invited"] for row in figures["strata"]),
                 target_total=sum(row["target"] for row in figures["strata"]))


# Weighting -------------------------------------------------------------------------------------


def weighting(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    if request.method == "POST":
        access.require(request.user, access.WEIGHT_SURVEY_RESPONSES)
    checks = representativeness(survey=survey)
    margins = overview.weighting_margins(checks)
    run = current_weighting(survey=survey)
    form = WeightingForm(request.POST or None, margins=margins, initial={
        "characteristics": run.characteristics if run else list(DEFAULT_CHARACTERISTICS)})
    if request.method == "POST" and form.is_valid():
        try:
            run = apply_weights(survey=survey, by=request.user,
                                characteristics=form.cleaned_data["characteristics"])
        except SurveyError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Weights written to {run.responses:,} responses: the "
                             "measures now use them.")
            return redirect("surveys:weighting", survey_id=survey.pk)
    shown = run.characteristics if run else [name for name, _ in margins
                                             if name in DEFAULT_CHARACTERISTICS]
    profile = overview.weighted_profile(survey=survey, characteristics=shown,
                                        responses=counted_responses(survey=survey))
    labels = dict(margins)
    return _page(
        request, "surveys/weighting.html", survey, "surveys:weighting", form=form, run=run,
        checks=checks, cap=DEFAULT_CAP, floor=DEFAULT_FLOOR, profile=profile,
        may_weight=access.can(request.user, access.WEIGHT_SURVEY_RESPONSES),
        run_labels=[labels.get(name, name) for name in run.characteristics] if run else [],
        missed=[margin["label"] for margin in profile if not margin["met"]],
        by_channel=_by_channel_table(results_by_channel(survey=survey)),
    )


@require_POST
def unweight(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    access.require(request.user, access.WEIGHT_SURVEY_RESPONSES)
    cleared = clear_weights(survey=survey)
    messages.success(request, f"Weights cleared from {cleared:,} responses: every response "
                     "counts once again.")
    return redirect("surveys:weighting", survey_id=survey.pk)


def _by_channel_table(rows: list[dict]) -> dict:
    """Results by channel turned for a table: a row per question, two columns per channel."""
    channels = [(row["channel"], overview.channel_name(row["channel"]), row["responses"],
                 row["share"]) for row in rows]
    codes = list(rows[0]["measures"]) if rows else []
    questions = [(code, [row["measures"][code] for row in rows]) for code in codes]
    return {"channels": channels, "questions": questions}


# The summary of approach ----------------------------------------------------------------------


def approach(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    summary = build_approach(survey=survey)
    return _page(request, "surveys/approach.html", survey, "surveys:approach", summary=summary,
                 scope=", ".join(tenures_of(survey)),
                 sections=[(number, heading, lines) for number, (heading, lines)
                           in enumerate(summary.sections, start=1)])


def approach_markdown(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    text = render_approach(build_approach(survey=survey), markdown=True)
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    name = publishing.file_name(survey, "summary-of-approach", "md")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def approach_notes(request, survey_id):
    survey = access.survey_to_manage(request.user, survey_id)
    notes = ApproachNotes.objects.filter(survey=survey).first()
    initial = {name: getattr(notes, name) for name in publishing.NOTE_FIELDS} if notes else {}
    form = ApproachNotesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        publishing.save_approach_notes(survey=survey, by=request.user, **form.cleaned_data)
        messages.success(request, "The summary of approach is updated.")
        return redirect("surveys:approach", survey_id=survey.pk)
    return _page(request, "surveys/approach_form.html", survey, "surveys:approach", form=form)
