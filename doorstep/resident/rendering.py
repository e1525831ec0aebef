"""A survey's questions as a household is asked them, in the resident's language.

Shared by every channel that shows the questions to a person (the online pages here; staff
entry, SMS and paper in ``doorstep.fieldwork``): the order and filter logic come from the
survey core, the words from the gettext catalogues in ``doorstep/locale``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

from doorstep.stock.models import Tenure
from doorstep.surveys import questions as bank
from doorstep.surveys.models import QuestionKind, Survey
from doorstep.surveys.services import questions_to_ask

# Questions whose answer is the resident's own words, in a text box.
WORDS = (QuestionKind.FREE_TEXT, QuestionKind.WHY)
# What owners are not asked, even in a survey of renters and owners together.
_NOT_FOR_OWNERS = frozenset((*bank.LCRA_ONLY, "had_repair"))


def household_questions(*, survey: Survey, home, answers: dict) -> list[bank.AskedQuestion]:
    """The questions this household is asked, in order, given its answers so far.

    The survey's list with the filter logic applied; a shared owner (LCHO) in a survey of
    both tenures is not asked TP02-TP04 or the repair filter, nor a "why" that follows them.
    """
    skipped = _NOT_FOR_OWNERS if home.tenure == Tenure.LCHO else frozenset()
    return [
        question for question in questions_to_ask(survey=survey, answers=answers)
        if question.code not in skipped and question.follows not in skipped
    ]


@dataclass(frozen=True)
class ShownQuestion:
    """One question as a person reads it: translated, the landlord named."""

    code: str
    text: str
    options: tuple  # (value, label) pairs, labels translated; empty for a text box
    missing: str  # the error when no answer is chosen (blank: an answer may be left out)

    @property
    def asks_for_words(self) -> bool:
        return not self.options

    def label_of(self, value) -> str:
        return next((label for option, label in self.options if option == value), str(value))


def shown(question: bank.AskedQuestion) -> ShownQuestion:
    """The question in the active language (``translation.override`` around the call)."""
    return ShownQuestion(
        code=question.code,
        text=_text(question),
        options=tuple((value, gettext(label)) for value, label in question.options),
        missing=_missing(question),
    )


def _text(question: bank.AskedQuestion) -> str:
    tsm = bank.TSM_BY_CODE.get(question.code)
    if tsm is None or question.kind not in ("tsm", "filter"):
        # The landlord's own wording: it is not in the catalogues, so it shows as written.
        return question.text
    # Translate the wording with "[landlord]" in it, then name the landlord.
    return gettext(tsm.wording).replace("[landlord]", settings.LANDLORD_NAME)


def _missing(question: bank.AskedQuestion) -> str:
    if question.kind in WORDS:
        return ""
    if question.options == bank.AGREE_OPTIONS:
        return gettext("Select how much you agree or disagree")
    if question.options == bank.SATISFIED_OPTIONS:
        return gettext("Select how satisfied or dissatisfied you are")
    if question.kind in ("filter", QuestionKind.YES_NO):
        return gettext("Select yes or no")
    return gettext("Select an answer")
