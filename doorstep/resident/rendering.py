"""A survey's questions as a household is asked them, in the resident's language.

Shared by every channel that shows the questions to a person (the online pages here; staff
entry, SMS and paper in ``doorstep.fieldwork``): the order and filter logic come from the
survey core, the TSM words from the gettext catalogues in ``doorstep/locale``, and the
landlord's own questions from the translations the landlord gave (or their English, marked so).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
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


ENGLISH = "en"


@dataclass(frozen=True)
class ShownQuestion:
    """One question as a person reads it: translated, the landlord named.

    A landlord's own question that has no translation into the page's language shows its
    English words; ``text_lang``/``options_lang`` are then "en" so that the page marks them as
    English (WCAG 2.2 SC 3.1.2, Language of Parts) and a screen reader says them in English."""

    code: str
    text: str
    options: tuple  # (value, label) pairs, labels translated; empty for a text box
    missing: str  # the error when no answer is chosen (blank: an answer may be left out)
    text_lang: str = ""  # the wording's language when it is not the page's
    options_lang: str = ""  # the answer labels' language when it is not the page's
    page_rtl: bool = False  # the page reads right to left (Urdu)

    @property
    def asks_for_words(self) -> bool:
        return not self.options

    @property
    def text_attrs(self) -> str:
        """` lang="en"` (and ` dir="ltr"` on a right-to-left page) for the wording's element."""
        return self._attrs(self.text_lang)

    @property
    def options_attrs(self) -> str:
        """The same for each answer label."""
        return self._attrs(self.options_lang)

    def _attrs(self, lang: str) -> str:
        if not lang:
            return ""
        if self.page_rtl:
            return format_html(' lang="{}" dir="ltr"', lang)
        return format_html(' lang="{}"', lang)

    def label_of(self, value) -> str:
        return next((label for option, label in self.options if option == value), str(value))


def shown(question: bank.AskedQuestion) -> ShownQuestion:
    """The question in the active language (``translation.override`` around the call)."""
    if question.kind in ("tsm", "filter"):
        return ShownQuestion(
            code=question.code,
            text=_tsm_text(question),
            options=tuple((value, gettext(label)) for value, label in question.options),
            missing=_missing(question),
        )
    return _own(question)


def _tsm_text(question: bank.AskedQuestion) -> str:
    # Translate the wording with "[landlord]" in it, then name the landlord.
    tsm = bank.TSM_BY_CODE[question.code]
    return gettext(tsm.wording).replace("[landlord]", settings.LANDLORD_NAME)


def _own(question: bank.AskedQuestion) -> ShownQuestion:
    """A landlord's own question: its translation into the page's language where the landlord
    gave one; otherwise its English words, marked as English."""
    page_english = (translation.get_language() or ENGLISH).startswith(ENGLISH)
    translated = {} if page_english else (
        question.extra.get("translations", {}).get(translation.get_language(), {}))
    untranslated = "" if page_english else ENGLISH
    if question.kind == QuestionKind.CHOICE:
        # The landlord's own answers: translated as a whole (one for one, as the survey
        # services check) or shown as written.
        values = [value for value, _ in question.options]
        labels = translated.get("choices") or []
        if len(labels) != len(values):
            labels, options_lang = [label for _, label in question.options], untranslated
        else:
            options_lang = ""
        options = tuple(zip(values, labels, strict=True))
    else:
        # Yes/no and the satisfaction scale: the catalogues' labels, in the page's language.
        options = tuple((value, gettext(label)) for value, label in question.options)
        options_lang = ""
    return ShownQuestion(
        code=question.code,
        text=translated.get("wording") or question.text,
        options=options,
        missing=_missing(question),
        text_lang="" if "wording" in translated else untranslated,
        options_lang=options_lang if options else "",
        page_rtl=translation.get_language_bidi(),
    )


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
