"""Forms for the analyst's survey pages: GOV.UK wording for labels, hints and errors. They
read what was typed; the survey services decide what is allowed and say why not."""

from decimal import Decimal

from django import forms

from doorstep.complaints.forms import day_field, radio_field, text_field
from doorstep.surveys import questions as bank
from doorstep.surveys.models import (
    OWN_QUESTION_LANGUAGES,
    RIGHT_TO_LEFT,
    ExclusionReason,
    LandlordQuestion,
    QuestionKind,
    SampleMethod,
    Survey,
    TenureScope,
)
from doorstep.surveys.sampling import population, tenures_of


class SurveyForm(forms.Form):
    name = forms.CharField(
        label="Name of the survey", max_length=100,
        help_text="For example, TSM 2026/27. Residents never see it.",
        error_messages={"required": "Enter a name for the survey",
                        "max_length": "The name must be 100 characters or fewer"},
    )
    tenure_scope = radio_field(
        "Who does the survey cover?", choices=TenureScope.choices,
        required_message="Select who the survey covers",
        hint="The regulator wants a figure for each tenure: a combined survey gives both",
    )
    year = forms.CharField(
        label="Reporting year", max_length=7, help_text="For example, 2026/27",
        error_messages={"required": "Enter the reporting year, for example 2026/27"},
    )
    fieldwork_starts = day_field("When does the fieldwork start?", what="the fieldwork starts",
                                 hint="The population is the homes in stock on this day. "
                                 "For example, 01/09/2026")
    fieldwork_ends = day_field("When does the fieldwork end?", what="the fieldwork ends",
                               hint="Links work until the end of this day unless you choose "
                               "another. For example, 30/11/2026")
    method = radio_field(
        "How will you choose who to ask?", choices=SampleMethod.choices,
        required_message="Select a census or a stratified sample",
        hint="You draw the sample on the next page, and can change your mind until the first "
        "response arrives",
    )


def _anchor_label(question: bank.AskedQuestion) -> str:
    words = question.text if len(question.text) <= 70 else question.text[:67].rstrip() + "…"
    return f"After {question.code}: {words}"


class TranslationFields:
    """Optional boxes for a question's wording (and a choice question's answers) in Welsh,
    Polish and Urdu. Each box is marked with its language (and Urdu's direction), so a
    browser's spelling checker and a screen reader treat what is typed correctly."""

    def add_translation_fields(self, *, initial: dict | None = None) -> None:
        for language, name in OWN_QUESTION_LANGUAGES.items():
            given = (initial or {}).get(language, {})
            attrs = {"lang": language, "dir": "rtl" if language in RIGHT_TO_LEFT else "ltr"}
            wording = text_field(f"{name} wording (optional)", rows=3, max_length=1000,
                                 hint="Leave blank to show the English wording")
            choices = text_field(
                f"{name} answers to choose from (a choice question only, optional)",
                rows=4, max_length=2000,
                hint="One answer a line, in the same order as the English answers. Leave "
                "blank to show the English answers")
            for field in (wording, choices):
                field.widget.attrs.update(attrs)
            wording.initial = given.get("wording", "")
            choices.initial = "\n".join(given.get("choices", []))
            self.fields[f"wording_{language}"] = wording
            self.fields[f"choices_{language}"] = choices

    def translation_groups(self):
        """(language name, wording box, answers box) for the template, one per language."""
        return [(name, self[f"wording_{language}"], self[f"choices_{language}"])
                for language, name in OWN_QUESTION_LANGUAGES.items()]

    def translations(self) -> dict:
        """What was typed, as ``services.own_translations`` takes it."""
        data = self.cleaned_data
        return {
            language: {"wording": data.get(f"wording_{language}", ""),
                       "choices": _lines(data.get(f"choices_{language}", ""))}
            for language in OWN_QUESTION_LANGUAGES
        }

    def show_translation_error(self, problem) -> None:
        """Put a ``TranslationError`` beside the box it is about."""
        self.add_error(f"{problem.part}_{problem.language}", str(problem))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OwnQuestionForm(TranslationFields, forms.Form):
    code = forms.CharField(
        label="Short code", max_length=20,
        help_text="Letters and numbers, for example EASY01. It names the answer in exports.",
        error_messages={"required": "Enter a short code for the question"},
    )
    kind = radio_field("What kind of answer does it take?", choices=QuestionKind.choices,
                       required_message="Select the kind of answer")
    wording = text_field("The question, as residents will read it",
                         required_message="Enter the question", rows=3, max_length=1000)
    choices = text_field(
        "Answers to choose from (a choice question only)", rows=4, max_length=2000,
        hint="One answer a line, in the order residents should see them")
    placed_after = forms.ChoiceField(
        label="Where does it go?",
        help_text="Your questions never go between a filter question and the TSM questions it "
        "opens, so the regulator's block reads as written",
        error_messages={"required": "Select where the question goes",
                        "invalid_choice": "Select where the question goes"},
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        places = [(bank.START, "At the start, before the TSM questions")]
        if survey.includes_tsm:
            places += [
                (question.code, _anchor_label(question))
                for question in bank.tsm_block(tenure_scope=survey.tenure_scope)
                if question.code not in bank.NOT_AN_ANCHOR
            ]
        self.fields["placed_after"].choices = places
        self.add_translation_fields()

    def answer_choices(self) -> list[str]:
        return _lines(self.cleaned_data.get("choices", ""))


class TranslationsForm(TranslationFields, forms.Form):
    """The translations of a question already added (its English stays as it is)."""

    def __init__(self, *args, question: LandlordQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.add_translation_fields(initial=question.translations)


class SampleForm(forms.Form):
    method = radio_field("How will you choose who to ask?", choices=SampleMethod.choices,
                         required_message="Select a census or a stratified sample")
    response_rate = forms.DecimalField(
        label="Response rate you expect, in per cent (stratified sample)", required=False,
        min_value=Decimal("0.1"), max_value=100, decimal_places=1,
        help_text="Doorstep invites enough households to reach the required sample at this "
        "rate. For example, 35. Leave it blank if you give the numbers to invite below.",
        error_messages={
            "invalid": "The response rate must be a number, like 35",
            "min_value": "The response rate must be more than 0",
            "max_value": "The response rate must be 100 or less",
            "max_decimal_places": "Give the response rate to one decimal place at most",
        },
    )
    seed = forms.IntegerField(
        label="Random seed (optional)", required=False, min_value=0, max_value=2**63 - 1,
        help_text="The same seed on the same households draws the same sample. Leave it "
        "blank for a new one: the page then shows the seed used.",
        error_messages={"invalid": "The seed must be a whole number, like 2026",
                        "min_value": "The seed must be 0 or more",
                        "max_value": "The seed is too large"},
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenures = tenures_of(survey)
        for tenure in self.tenures:
            self.fields[self.invite_field(tenure)] = forms.IntegerField(
                label=f"{tenure} households to invite (stratified sample)", required=False,
                min_value=0,
                help_text="Instead of a response rate: how many to invite. Leave blank to use "
                "the response rate.",
                error_messages={
                    "invalid": f"The number of {tenure} households must be a whole number",
                    "min_value": f"The number of {tenure} households cannot be negative",
                },
            )

    @staticmethod
    def invite_field(tenure: str) -> str:
        return f"invite_{tenure.lower()}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") != SampleMethod.STRATIFIED:
            return cleaned
        rate = cleaned.get("response_rate")
        if rate is not None and self.invitations():
            self.add_error("response_rate", "Give the response rate or the numbers to invite, "
                           "not both")
        elif rate is None and not self.invitations() and not self.errors:
            self.add_error("response_rate", "Enter the response rate you expect, or the "
                           "numbers of households to invite")
        return cleaned

    def invitations(self) -> dict[str, int] | None:
        chosen = {tenure: self.cleaned_data.get(self.invite_field(tenure))
                  for tenure in self.tenures}
        given = {tenure: n for tenure, n in chosen.items() if n is not None}
        return given or None

    def rate(self) -> float | None:
        rate = self.cleaned_data.get("response_rate")
        return None if rate is None else float(rate) / 100


class ExclusionForm(forms.Form):
    home_ref = forms.CharField(
        label="Home reference", max_length=64, help_text="For example, H000123",
        error_messages={"required": "Enter the home reference of the household to leave out"},
    )
    reason = radio_field("Why is the household left out?", choices=ExclusionReason.choices,
                         required_message="Select why the household is left out",
                         hint="The reasons (not the households) are published in the summary "
                         "of approach")
    note = text_field("Note (needed when the reason is other)", rows=3, max_length=1000,
                      hint="It is published when the reason is other: write it for residents "
                      "to read, with no names")

    def __init__(self, *args, survey: Survey, homes, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.homes = survey, homes

    def clean_home_ref(self):
        ref = self.cleaned_data["home_ref"].strip()
        home = self.homes.filter(home_ref=ref).first()
        if home is None:
            raise forms.ValidationError(f"There is no home {ref}: check the reference")
        if not population(survey=self.survey).filter(pk=home.pk).exists():
            covers = self.survey.get_tenure_scope_display()
            raise forms.ValidationError(
                f"Home {ref} is not one of the homes {self.survey} covers: "
                f"{covers[0].lower()}{covers[1:]} in stock on "
                f"{self.survey.fieldwork_starts:%d/%m/%Y}")
        return home


class LinksForm(forms.Form):
    base_url = forms.CharField(
        label="The address residents use to reach Doorstep", max_length=200,
        help_text="The start of every link, for example https://survey.example.org",
        error_messages={"required": "Enter the address residents use to reach Doorstep"},
    )
    last_day = day_field("Last day the links work", what="the links stop working",
                         hint="Usually the last day of the fieldwork. For example, 30/11/2026")
    reminder = forms.BooleanField(
        label="Reminder: a new link for every household that has not answered yet",
        required=False,
        help_text="Their first link keeps working; whichever is used first counts",
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_reminder-hint"}),
    )


class WeightingForm(forms.Form):
    characteristics = forms.MultipleChoiceField(
        label="Weight the responses to the population by", widget=forms.CheckboxSelectMultiple,
        help_text="Only what the landlord holds for every household is offered. Area and "
        "tenure are usual; add more only where the test below shows a difference.",
        error_messages={"required": "Select at least one characteristic to weight by"},
    )

    def __init__(self, *args, margins: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["characteristics"].choices = margins


class ApproachNotesForm(forms.Form):
    contractor = text_field(
        "The role of any external contractor", rows=3, max_length=4000,
        hint="For example, which agency ran the telephone interviews, or that no contractor "
        "was used")
    incentives = text_field("Incentives offered", rows=3, max_length=4000,
                            hint="For example, a prize draw, or that there were none")
    missed_sample_reasons = text_field(
        "Why the required sample size was not met (if it was not)", rows=3, max_length=4000)
    representativeness = text_field(
        "What the representativeness figures mean", rows=4, max_length=4000,
        hint="Where respondents differ from the population, and what was done about it")
    other_issues = text_field(
        "Other methodological issues", rows=4, max_length=4000,
        hint="Including anything that affects comparison with last year, such as a change of "
        "method")
