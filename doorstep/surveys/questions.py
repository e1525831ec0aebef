"""The Tenant Satisfaction Measures question bank, and the landlord's own questions around it.

The regulator fixes the wording, the answer scales and the order of the twelve perception
questions and the three filter questions; a landlord only puts its own name where the
regulator writes "[landlord]". Sources for every wording are listed in ``docs/surveys.md``.

The filter logic is data, not code: a question with ``asked_if`` is asked only when the
filter question named there was answered "yes" (TP02/TP03 after a repair, TP09 after a
complaint, TP10 with communal areas). Don't know is never *offered* (the regulator forbids
it as an option) but is always *recordable* when a resident volunteers it.

A landlord's own question is placed after a TSM question; it may never sit between a filter
and the questions it opens, nor between TP02 and TP03, so the TSM block reads exactly as the
regulator wrote it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_noop

from doorstep.surveys.models import Answer, FilterAnswer

SATISFIED_OPTIONS = (
    (Answer.VERY_SATISFIED, gettext_noop("Very satisfied")),
    (Answer.FAIRLY_SATISFIED, gettext_noop("Fairly satisfied")),
    (Answer.NEITHER, gettext_noop("Neither satisfied nor dissatisfied")),
    (Answer.FAIRLY_DISSATISFIED, gettext_noop("Fairly dissatisfied")),
    (Answer.VERY_DISSATISFIED, gettext_noop("Very dissatisfied")),
)
AGREE_OPTIONS = (
    (Answer.VERY_SATISFIED, gettext_noop("Strongly agree")),
    (Answer.FAIRLY_SATISFIED, gettext_noop("Agree")),
    (Answer.NEITHER, gettext_noop("Neither agree nor disagree")),
    (Answer.FAIRLY_DISSATISFIED, gettext_noop("Disagree")),
    (Answer.VERY_DISSATISFIED, gettext_noop("Strongly disagree")),
)
FILTER_OPTIONS = ((FilterAnswer.YES, gettext_noop("Yes")), (FilterAnswer.NO, gettext_noop("No")))
DONT_KNOW_ANSWER = Answer.DONT_KNOW
DONT_KNOW_FILTER = FilterAnswer.DONT_KNOW


class QuestionError(ValueError):
    """An answer or a question design that breaks the rules, in plain English."""


@dataclass(frozen=True)
class Question:
    code: str  # TP01-TP12, or the SurveyResponse field of a filter question
    wording: str  # with "[landlord]" where the landlord's name goes
    options: tuple  # offered to the resident, in the regulator's order
    recordable: tuple  # also accepted when volunteered (never offered)
    asked_if: tuple[str, str] | None = None  # (filter code, answer) that opens the question
    is_filter: bool = False

    def text(self, *, landlord: str | None = None) -> str:
        return self.wording.replace("[landlord]", landlord or settings.LANDLORD_NAME)

    def accepts(self, value) -> bool:
        return value in {code for code, _ in self.options} or value in self.recordable


def _scale(code: str, wording: str, *, asked_if=None, agree=False) -> Question:
    return Question(
        code=code,
        wording=wording,
        options=AGREE_OPTIONS if agree else SATISFIED_OPTIONS,
        recordable=(DONT_KNOW_ANSWER,),
        asked_if=asked_if,
    )


def _filter(code: str, wording: str) -> Question:
    return Question(
        code=code,
        wording=wording,
        options=FILTER_OPTIONS,
        recordable=(DONT_KNOW_FILTER,),
        is_filter=True,
    )


_AFTER_REPAIR = ("had_repair", FilterAnswer.YES)
_AFTER_COMPLAINT = ("made_complaint", FilterAnswer.YES)
_WITH_COMMUNAL_AREAS = ("has_communal_areas", FilterAnswer.YES)

# The regulator's order (Tenant Satisfaction Measures: Technical requirements). Wording and
# answer labels are marked for translation (gettext_noop: the bank keeps the English and the
# resident pages translate at render time, then put the landlord's name in). Curly quotes are
# written as themselves, not as escapes, so that xgettext reads the same text Python does.
TSM_QUESTIONS: tuple[Question, ...] = (
    _scale(
        "TP01",
        gettext_noop(
            "Taking everything into account, how satisfied or dissatisfied are you with the "
            "service provided by [landlord]?"
        ),
    ),
    _filter(
        "had_repair",
        gettext_noop("Has [landlord] carried out a repair to your home in the last 12 months?"),
    ),
    _scale(
        "TP02",
        gettext_noop(
            "How satisfied or dissatisfied are you with the overall repairs service from "
            "[landlord] over the last 12 months?"
        ),
        asked_if=_AFTER_REPAIR,
    ),
    _scale(
        "TP03",
        gettext_noop(
            "How satisfied or dissatisfied are you with the time taken to complete your most "
            "recent repair after you reported it?"
        ),
        asked_if=_AFTER_REPAIR,
    ),
    _scale(
        "TP04",
        gettext_noop(
            "How satisfied or dissatisfied are you that [landlord] provides a home that is "
            "well maintained?"
        ),
    ),
    _scale(
        "TP05",
        gettext_noop(
            "Thinking about the condition of the property or building you live in, how "
            "satisfied or dissatisfied are you that [landlord] provides a home that is safe?"
        ),
    ),
    _scale(
        "TP06",
        gettext_noop(
            "How satisfied or dissatisfied are you that [landlord] listens to your views and "
            "acts upon them?"
        ),
    ),
    _scale(
        "TP07",
        gettext_noop(
            "How satisfied or dissatisfied are you that [landlord] keeps you informed about "
            "things that matter to you?"
        ),
    ),
    _scale(
        "TP08",
        gettext_noop(
            "To what extent do you agree or disagree with the following “[landlord] "
            "treats me fairly and with respect”?"
        ),
        agree=True,
    ),
    _filter(
        "made_complaint",
        gettext_noop("Have you made a complaint to [landlord] in the last 12 months?"),
    ),
    _scale(
        "TP09",
        gettext_noop(
            "How satisfied or dissatisfied are you with [landlord]’s approach to "
            "complaints handling?"
        ),
        asked_if=_AFTER_COMPLAINT,
    ),
    _filter(
        "has_communal_areas",
        gettext_noop(
            "Do you live in a building with communal areas, either inside or outside, that "
            "[landlord] is responsible for maintaining?"
        ),
    ),
    _scale(
        "TP10",
        gettext_noop(
            "How satisfied or dissatisfied are you that [landlord] keeps these communal areas "
            "clean and well maintained?"
        ),
        asked_if=_WITH_COMMUNAL_AREAS,
    ),
    _scale(
        "TP11",
        gettext_noop(
            "How satisfied or dissatisfied are you that [landlord] makes a positive "
            "contribution to your neighbourhood?"
        ),
    ),
    _scale(
        "TP12",
        gettext_noop(
            "How satisfied or dissatisfied are you with [landlord]’s approach to "
            "handling anti-social behaviour?"
        ),
    ),
)
TSM_BY_CODE = {question.code: question for question in TSM_QUESTIONS}
FILTER_CODES = tuple(question.code for question in TSM_QUESTIONS if question.is_filter)
# Renters only: the regulator reports TP02-TP04 for LCRA alone.
LCRA_ONLY = ("TP02", "TP03", "TP04")
# A landlord's question may not go here: it would split a filter from what it opens.
NOT_AN_ANCHOR = (*FILTER_CODES, "TP02")
START = "start"


@dataclass(frozen=True)
class AskedQuestion:
    """One question as a survey asks it: TSM or the landlord's own."""

    code: str
    text: str
    kind: str  # "tsm", "filter" or a LandlordQuestion kind
    options: tuple = ()
    asked_if: tuple[str, str] | None = None
    follows: str = ""
    extra: dict = field(default_factory=dict)


def tsm_block(*, tenure_scope: str, landlord: str | None = None) -> list[AskedQuestion]:
    """The TSM questions for the tenure, in the regulator's order, with the landlord named."""
    asked = []
    for question in TSM_QUESTIONS:
        if tenure_scope == "LCHO" and question.code in LCRA_ONLY:
            continue
        if tenure_scope == "LCHO" and question.code == "had_repair":
            continue  # it only opens TP02/TP03, which owners are not asked
        asked.append(
            AskedQuestion(
                code=question.code,
                text=question.text(landlord=landlord),
                kind="filter" if question.is_filter else "tsm",
                options=question.options,
                asked_if=question.asked_if,
            )
        )
    return asked


def check_anchor(code: str) -> None:
    """Refuse a place for a landlord's question that would break the TSM block."""
    if code == START or (code in TSM_BY_CODE and code not in NOT_AN_ANCHOR):
        return
    if code in NOT_AN_ANCHOR:
        raise QuestionError(
            f"A question of your own cannot go straight after {code}: it would come between a "
            "filter question and the TSM questions it opens. Place it after TP03, TP09 or "
            "TP10 instead."
        )
    raise QuestionError(
        f"{code!r} is not a TSM question: place your question after one of "
        + ", ".join(q.code for q in TSM_QUESTIONS if q.code not in NOT_AN_ANCHOR)
        + ", or at the start."
    )


def is_asked(question: AskedQuestion, *, answers: dict) -> bool:
    """Whether the question is asked, given the answers so far (filter logic)."""
    if question.asked_if is None:
        return True
    filter_code, needed = question.asked_if
    return answers.get(filter_code) == needed


def filter_problems(answers: dict) -> list[str]:
    """TSM answers given although their filter question did not open them."""
    problems = []
    for question in TSM_QUESTIONS:
        if question.asked_if is None or answers.get(question.code) is None:
            continue
        filter_code, needed = question.asked_if
        if answers.get(filter_code) != needed:
            asked = TSM_BY_CODE[filter_code].text()
            problems.append(
                f"{question.code} is only asked when the answer to \u201c{asked}\u201d is "
                f"\u201cYes\u201d, so its answer cannot be recorded."
            )
    return problems
