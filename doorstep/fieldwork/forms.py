"""Forms for staff entry: GOV.UK wording for labels, hints and errors. The filter logic is
checked here question by question so each error sits by its question; the survey core checks
it again when the answers are recorded."""

from django import forms
from django.utils import timezone

from doorstep.complaints.forms import day_field, radio_field, text_field
from doorstep.fieldwork import services
from doorstep.fieldwork.paper import PAPER_LANGUAGES
from doorstep.fieldwork.services import FieldworkError, NumberedQuestion
from doorstep.surveys.models import QuestionKind

DONT_KNOW_LABEL = "Don't know (only if the resident says it: never read it out)"


class HouseholdForm(forms.Form):
    household = forms.CharField(
        label="Home reference or household reference", max_length=64,
        help_text="The home reference, for example H000123, or the household reference "
        "printed at the top of each page of the questionnaire, for example K7M2-9QX4-Z",
        error_messages={"required": "Enter the home reference, or the household reference "
                        "from the questionnaire"},
    )
    channel = radio_field(
        "How were the answers given?", choices=list(services.STAFF_CHANNELS.items()),
        required_message="Select how the answers were given",
    )

    def __init__(self, *args, survey, homes, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.homes = survey, homes

    def clean_household(self):
        try:
            home = services.find_household(
                survey=self.survey, text=self.cleaned_data["household"], homes=self.homes)
        except FieldworkError as problem:
            raise forms.ValidationError(str(problem)) from None
        earlier = services.earlier_response(survey=self.survey, home=home)
        if earlier is not None:
            raise forms.ValidationError(services.already_answered(earlier))
        return home


class AnswersForm(forms.Form):
    """Every question of the survey on one page (staff are trained), then the notes."""

    completed_on = day_field("When were the answers given?", what="the answers were given",
                             hint="For a paper questionnaire, the day it arrived. For example, "
                             "27/03/2026")

    def __init__(self, *args, questions: list[NumberedQuestion], due_records=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("completed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.questions = questions
        if due_records:
            # A transactional survey: the answers are about one repair, complaint or case.
            self.fields["record"] = radio_field(
                "Which record are the answers about?",
                choices=[(due.trigger_ref, f"{due.trigger_ref}, closed "
                          f"{due.closed_on:%d/%m/%Y}") for due in due_records],
                required_message="Select the record the answers are about")
            self.order_fields(["record"])
        for question in questions:
            self.fields[self.name_of(question)] = _answer_field(question)
        self.fields["notes"] = text_field(
            "Interviewer's notes (optional)", rows=3, max_length=2000,
            hint="For example, which answers the resident volunteered as don't know, or why a "
            "question was left blank. Not a place for the resident's own words: those go in "
            "the free-text answers.")

    @staticmethod
    def name_of(question: NumberedQuestion) -> str:
        return f"q{question.number}"

    def question_fields(self):
        return [(question, self[self.name_of(question)]) for question in self.questions]

    def clean(self):
        cleaned = super().clean()
        answers = self.answers()
        for question in self.questions:
            if question.asked_if is None or answers.get(question.code) in (None, ""):
                continue
            filter_code, needed = question.asked_if
            if answers.get(filter_code) != needed:
                number, yes = question.opened_by
                self.add_error(self.name_of(question), (
                    f"Question {question.number} is only asked when the answer to question "
                    f"{number} is \u201c{yes}\u201d: leave it blank, or correct question "
                    f"{number}"))
        return cleaned

    def answers(self) -> dict:
        """The answers by question code, in the values the survey core records."""
        data = getattr(self, "cleaned_data", {})
        answers = {}
        for question in self.questions:
            value = data.get(self.name_of(question))
            if value in (None, ""):
                continue
            if question.kind in ("tsm", QuestionKind.SCALE):
                value = int(value)
            answers[question.code] = value.strip() if isinstance(value, str) else value
        return answers


def _answer_field(question: NumberedQuestion) -> forms.Field:
    label = f"{question.number}. {question.wording}"
    hint = _routing_hint(question)
    if question.is_text:
        return text_field(label, hint=hint, rows=3, max_length=4000)
    choices = [(str(value), label) for value, label in question.options]
    if question.dont_know is not None:
        choices.append((str(question.dont_know), DONT_KNOW_LABEL))
    return radio_field(label, choices=choices, required=False, hint=hint,
                       required_message=f"Select an answer to question {question.number}")


def _routing_hint(question: NumberedQuestion) -> str:
    parts = []
    if question.opened_by:
        number, yes = question.opened_by
        parts.append(f"Ask only if the answer to question {number} was \u201c{yes}\u201d.")
    for answer, target in question.skip_to.items():
        if target != question.number + 1:
            where = f"question {target}" if target else "the end"
            parts.append(f"If \u201c{answer.label}\u201d, go to {where}.")
    return " ".join(parts)


class PaperForm(forms.Form):
    household = forms.CharField(
        label="Home reference or household reference", max_length=64,
        help_text="For example H000123, or K7M2-9QX4-Z from an earlier questionnaire",
        error_messages={"required": "Enter the home reference or the household reference"},
    )
    language = radio_field(
        "Language", choices=list(PAPER_LANGUAGES.items()),
        required_message="Select the language to print the questionnaire in",
    )

    def __init__(self, *args, survey, homes, **kwargs):
        kwargs.setdefault("initial", {"language": "en"})
        super().__init__(*args, **kwargs)
        self.survey, self.homes = survey, homes

    def clean_household(self):
        try:
            return services.find_household(
                survey=self.survey, text=self.cleaned_data["household"], homes=self.homes)
        except FieldworkError as problem:
            raise forms.ValidationError(str(problem)) from None
