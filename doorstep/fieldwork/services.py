"""Staff entry of survey answers: finding the household, the questions as numbered on paper
with their routing, and recording the answers through the survey core.

Telephone, paper (postal), face-to-face and doorstep answers all go through
``doorstep.surveys.services.record_response``, the same rules as the online survey: the
filter logic, the answer values and one response per household per survey. This module adds
what only staff entry needs: the household found from a home reference or the paper's
household reference, the log of who entered what, and the interviewer's notes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from doorstep.fieldwork import references
from doorstep.fieldwork.models import EntryLog, EntrySource, InterviewerNote
from doorstep.resident.rendering import shown
from doorstep.stock.models import Home, Tenure
from doorstep.surveys import questions as bank
from doorstep.surveys.models import Channel, QuestionKind, Survey, SurveyKind, SurveyResponse
from doorstep.surveys.sampling import population
from doorstep.surveys.services import (
    SurveyError,
    household_key,
    question_list,
    record_response,
)

# The channels staff enter, with what each means to the person entering it.
STAFF_CHANNELS = {
    Channel.TELEPHONE: "Telephone interview",
    Channel.POSTAL: "Paper questionnaire returned by post",
    Channel.FACE_TO_FACE: "Face-to-face interview (a booked visit or an event)",
    Channel.DOORSTEP: "Doorstep interview (calling at the home)",
}


class FieldworkError(ValueError):
    """Something staff asked for that cannot be done, in plain English."""


# Finding the household -------------------------------------------------------------------


def find_household(*, survey: Survey, text: str, homes: QuerySet) -> Home:
    """The household a home reference or a paper's household reference points to.

    ``homes`` is what the person may enter answers for (from the access rules). A home
    reference is tried first; a household reference is then checked for mistyping before
    anyone looks it up.
    """
    text = (text or "").strip()
    if not text:
        raise FieldworkError(
            "Enter the home reference, or the household reference from the questionnaire")
    in_survey = population(survey=survey).filter(pk__in=homes.values("pk"))
    home = homes.filter(home_ref=text).first()
    if home is not None:
        if not in_survey.filter(pk=home.pk).exists():
            covers = survey.get_tenure_scope_display()
            raise FieldworkError(
                f"Home {home.home_ref} is not in {survey}: the survey covers "
                f"{covers[0].lower()}{covers[1:]} in stock on {survey.fieldwork_starts:%d/%m/%Y}")
        return home
    if not references.looks_like_reference(text):
        raise FieldworkError(
            f"There is no home {text} that you can enter answers for: check the reference")
    try:
        wanted = references.checked(text)
    except references.WrongReference as problem:
        raise FieldworkError(str(problem)) from None
    # Sampled households first: the questionnaires are printed for them.
    for candidates in (in_survey.filter(pk__in=survey.sample.values("home")), in_survey):
        for home in candidates.order_by("pk"):
            if references.household_reference(survey=survey, home=home) == wanted:
                return home
    raise FieldworkError(
        f"No household in {survey} has the reference {wanted}. References differ from one "
        "survey to the next: check that the questionnaire is for this survey")


def earlier_response(*, survey: Survey, home: Home, trigger_ref: str = ""
                     ) -> SurveyResponse | None:
    """The household's earlier answer to a perception survey; for a transactional survey,
    the earlier answer about this record (a household may answer once per record)."""
    if survey.kind != SurveyKind.PERCEPTION:
        return SurveyResponse.objects.filter(
            survey=survey.name, trigger_ref=trigger_ref).first() if trigger_ref else None
    return SurveyResponse.objects.filter(
        survey=survey.name, household_key=household_key(home=home), trigger_ref="").first()


def already_answered(response: SurveyResponse) -> str:
    channel = Channel(response.channel).label.lower()
    if response.trigger_ref:
        return (f"{response.survey} has already been answered about {response.trigger_ref} "
                f"({channel}, {response.completed_on:%d/%m/%Y}). Each record is asked about "
                "once: do not enter these answers.")
    return (
        f"This household has already answered {response.survey} ({channel}, "
        f"{response.completed_on:%d/%m/%Y}). Each household answers once: do not enter "
        "these answers. If the resident wants to change them, the first response must be "
        "deleted at their request first."
    )


# The questions, numbered as on paper ------------------------------------------------------


@dataclass(frozen=True)
class NumberedQuestion:
    """A question as printed and entered: its number, words, options and routing."""

    number: int
    code: str
    kind: str  # "tsm", "filter" or a LandlordQuestion kind
    wording: str
    options: tuple  # (value, label) offered to the resident
    dont_know: object = None  # the value a volunteered don't know is recorded as, if any
    opened_by: tuple | None = None  # (question number, answer label) that opens it
    skip_to: dict = field(default_factory=dict)  # filter answer -> question number (0: end)
    asked_if: tuple | None = None
    # ' lang="en"' (with ' dir="ltr"' in Urdu) on a landlord's untranslated English words.
    wording_attrs: str = ""
    options_attrs: str = ""

    @property
    def is_text(self) -> bool:
        return self.kind in (QuestionKind.FREE_TEXT, QuestionKind.WHY)

    @property
    def offers_dont_know(self) -> bool:
        return self.dont_know is not None


def household_questions(*, survey: Survey, home: Home) -> list[NumberedQuestion]:
    """The survey's questions for this household, numbered, in the resident's language
    (call inside ``translation.override``) and with the filter routing worked out."""
    asked = _for_tenure(question_list(survey=survey), tenure=home.tenure)
    numbers = {question.code: number for number, question in enumerate(asked, start=1)}
    numbered = []
    for number, question in enumerate(asked, start=1):
        tsm = bank.TSM_BY_CODE.get(question.code)
        words = shown(question)  # the same words as the online survey's, translated
        numbered.append(NumberedQuestion(
            number=number,
            code=question.code,
            kind=question.kind,
            wording=words.text,
            options=words.options,
            dont_know=tsm.recordable[0] if tsm else None,
            opened_by=(numbers[question.asked_if[0]], _("Yes")) if question.asked_if else None,
            skip_to=_skip_to(asked, number) if question.kind == "filter" else {},
            asked_if=question.asked_if,
            wording_attrs=words.text_attrs,
            options_attrs=words.options_attrs,
        ))
    return numbered


def _for_tenure(asked: list, *, tenure: str) -> list:
    # Owners are not asked the repairs questions (nor the filter that only opens them), even
    # in a survey of renters and owners together.
    if tenure != Tenure.LCHO:
        return asked
    dropped = {*bank.LCRA_ONLY, "had_repair"}
    return [q for q in asked if q.code not in dropped and q.follows not in dropped]


def _skip_to(asked: list, number: int) -> dict:
    """Where "No" goes after a filter: the first later question the filter does not open."""
    filter_code = asked[number - 1].code
    for later, question in enumerate(asked[number:], start=number + 1):
        if question.asked_if is None or question.asked_if[0] != filter_code:
            return {bank.FilterAnswer.NO: later}
    return {bank.FilterAnswer.NO: 0}


# Recording ------------------------------------------------------------------------------


@transaction.atomic
def enter_response(
    *,
    survey: Survey,
    home: Home,
    channel: str,
    answers: dict,
    completed_on: date,
    by,
    notes: str = "",
    trigger_ref: str = "",
) -> SurveyResponse:
    """Answers taken by staff, recorded like every other channel's and logged."""
    if channel not in STAFF_CHANNELS:
        raise FieldworkError(
            "Choose how the answers were given: " + ", ".join(STAFF_CHANNELS.values()).lower())
    if by is None or not getattr(by, "is_authenticated", False):
        raise FieldworkError("Only a signed-in member of staff can enter answers.")
    if not any(value not in (None, "") for value in answers.values()):
        raise FieldworkError("Enter at least one answer: a blank questionnaire is not a "
                             "response")
    earlier = earlier_response(survey=survey, home=home, trigger_ref=trigger_ref)
    if earlier is not None:
        raise FieldworkError(already_answered(earlier))
    try:
        response = record_response(survey=survey, home=home, channel=channel, answers=answers,
                                   completed_on=completed_on, trigger_ref=trigger_ref)
    except SurveyError as refusal:
        raise FieldworkError(str(refusal)) from None
    log_entry(response=response, source=EntrySource.STAFF, by=by)
    if notes.strip():
        InterviewerNote.objects.create(response=response, text=notes.strip(), written_by=by)
    return response


def log_entry(*, response: SurveyResponse, source: str, by=None, by_name: str = "") -> EntryLog:
    return EntryLog.objects.create(
        survey=response.survey, response_ref=response.response_ref, channel=response.channel,
        source=source, entered_by=by, entered_by_name=by.get_username() if by else by_name,
    )
