"""Fieldwork screens: the surveys staff can work on, entering a household's answers, and
printing one household's paper questionnaire.

Each view checks access first (``doorstep.accounts.access``), reads the form, calls one
service and renders. Only staff whose role includes entering survey answers get in.
"""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from doorstep.accounts import access
from doorstep.fieldwork import paper, references, services
from doorstep.fieldwork.forms import AnswersForm, HouseholdForm, PaperForm
from doorstep.fieldwork.services import FieldworkError
from doorstep.surveys.models import Channel, SurveyKind, SurveyResponse
from doorstep.surveys.services import due_for_home


def survey_list(request):
    access.require(request.user, access.ENTER_SURVEY_RESPONSES)
    surveys = list(access.surveys_for_entry(request.user).annotate(households=Count("sample")))
    answered = dict(
        SurveyResponse.objects.filter(survey__in=[survey.name for survey in surveys])
        .values_list("survey").annotate(n=Count("pk")).order_by()
    )
    rows = [(survey, answered.get(survey.name, 0)) for survey in surveys]
    return render(request, "fieldwork/index.html", {"rows": rows})


def choose_household(request, survey_id):
    access.require(request.user, access.ENTER_SURVEY_RESPONSES)
    survey = access.survey_for_entry(request.user, survey_id)
    form = HouseholdForm(request.POST or None, initial={"channel": request.GET.get("channel")},
                         survey=survey, homes=access.homes_for_survey_entry(request.user))
    if request.method == "POST" and form.is_valid():
        home = form.cleaned_data["household"]
        return redirect("fieldwork:answers", survey_id=survey.pk,
                        reference=references.household_reference(survey=survey, home=home),
                        channel=form.cleaned_data["channel"])
    return render(request, "fieldwork/household.html", {"survey": survey, "form": form})


def enter_answers(request, survey_id, reference, channel):
    access.require(request.user, access.ENTER_SURVEY_RESPONSES)
    survey = access.survey_for_entry(request.user, survey_id)
    if channel not in services.STAFF_CHANNELS:
        raise Http404("There is no such channel for staff entry.")
    home = _household(request, survey, reference)
    earlier = services.earlier_response(survey=survey, home=home)
    transactional = survey.kind != SurveyKind.PERCEPTION
    due = due_for_home(survey=survey, home=home) if transactional else []
    questions = services.household_questions(survey=survey, home=home)
    form = AnswersForm(request.POST or None, questions=questions, due_records=due)
    can_enter = earlier is None and (due or not transactional)
    if request.method == "POST" and can_enter and form.is_valid():
        try:
            services.enter_response(
                survey=survey, home=home, channel=channel, answers=form.answers(),
                completed_on=form.cleaned_data["completed_on"], by=request.user,
                notes=form.cleaned_data["notes"],
                trigger_ref=form.cleaned_data.get("record", ""))
        except FieldworkError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Answers saved for household {reference} "
                             f"({Channel(channel).label.lower()}). Enter the next household.")
            return redirect(reverse("fieldwork:household", kwargs={"survey_id": survey.pk})
                            + f"?channel={channel}")
    return render(request, "fieldwork/answers.html", {
        "survey": survey, "home": home, "reference": reference, "form": form,
        "channel_label": services.STAFF_CHANNELS[channel],
        "already": services.already_answered(earlier) if earlier else "",
        "none_due": transactional and not due,
    })


def _household(request, survey, reference):
    try:
        return services.find_household(survey=survey, text=reference,
                                       homes=access.homes_for_survey_entry(request.user))
    except FieldworkError:
        raise Http404("There is no such household in this survey, or it is not one you can "
                      "enter answers for.") from None


def paper_questionnaire(request, survey_id):
    """One household's questionnaire as a PDF, in the language chosen (a GET form: it
    changes nothing)."""
    access.require(request.user, access.ENTER_SURVEY_RESPONSES)
    survey = access.survey_for_entry(request.user, survey_id)
    form = PaperForm(request.GET or None, survey=survey,
                     homes=access.homes_for_survey_entry(request.user))
    if form.is_bound and form.is_valid():
        home, language = form.cleaned_data["household"], form.cleaned_data["language"]
        try:
            pdf = paper.questionnaire_pdf(survey=survey, homes=[home], language=language)
        except ImportError:
            return render(request, "fieldwork/pdf_unavailable.html", {"survey": survey},
                          status=503)
        name = paper.file_name(survey=survey, home=home)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "fieldwork/paper.html", {"survey": survey, "form": form})
