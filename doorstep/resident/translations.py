"""Which translations of the TSM questions a qualified translator has confirmed.

Each non-English TSM question (its wording and its answers, as the catalogue gives them) is
"needs confirmation" until an administrator records that a qualified translator checked it.
The confirmation keeps the text it confirmed, so a later change to the catalogue makes the
question unconfirmed again. Residents never see any of this.
"""

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext

from doorstep.accounts import access
from doorstep.resident.languages import BY_CODE, TRANSLATED
from doorstep.resident.models import TranslationConfirmation
from doorstep.surveys import questions as bank
from doorstep.surveys.services import SurveyError

CONFIRMED = "confirmed"
NEEDS_CONFIRMATION = "needs confirmation by a qualified translator"
CHANGED = "changed since it was confirmed: needs confirmation by a qualified translator"
NOT_TRANSLATED = "not translated yet: residents see the English"


def catalogue_text(*, language: str, code: str) -> str:
    """The question as the catalogue words it in ``language``: wording, then its answers.
    "[landlord]" stays as it is: the translation is confirmed, not the landlord's name."""
    question = bank.TSM_BY_CODE[code]
    with translation.override(language):
        answers = " / ".join(gettext(label) for _, label in question.options)
        return f"{gettext(question.wording)}\n{answers}"


def english_text(code: str) -> str:
    question = bank.TSM_BY_CODE[code]
    return f"{question.wording}\n" + " / ".join(label for _, label in question.options)


@dataclass(frozen=True)
class TranslationStatus:
    language: str
    code: str
    english: str
    translated: str
    state: str
    confirmation: TranslationConfirmation | None

    @property
    def language_name(self) -> str:
        return BY_CODE[self.language].english_name

    @property
    def is_confirmed(self) -> bool:
        return self.state == CONFIRMED


def translation_statuses(*, language: str | None = None) -> list[TranslationStatus]:
    """Every TSM question in every translated language (or one), with its state."""
    languages = [language] if language else list(TRANSLATED)
    confirmations = {
        (c.language, c.question): c
        for c in TranslationConfirmation.objects.filter(language__in=languages)
    }
    statuses = []
    for code_of_language in languages:
        for question in bank.TSM_QUESTIONS:
            statuses.append(_status(code_of_language, question.code,
                                    confirmations.get((code_of_language, question.code))))
    return statuses


def _status(language: str, code: str, confirmation) -> TranslationStatus:
    english, translated = english_text(code), catalogue_text(language=language, code=code)
    if translated == english:
        state = NOT_TRANSLATED
    elif confirmation is None:
        state = NEEDS_CONFIRMATION
    elif confirmation.text != translated:
        state = CHANGED
    else:
        state = CONFIRMED
    return TranslationStatus(language=language, code=code, english=english,
                             translated=translated, state=state, confirmation=confirmation)


def needs_confirmation(*, language: str, code: str) -> bool:
    """For staff screens that show a translated question (paper, staff entry): flag it."""
    if language not in TRANSLATED:
        return False
    confirmation = TranslationConfirmation.objects.filter(
        language=language, question=code).first()
    return _status(language, code, confirmation).state != CONFIRMED


def confirm_translation(*, language: str, code: str, by) -> TranslationConfirmation:
    """Record that a qualified translator confirmed the catalogue's current text."""
    access.require(by, access.ADMINISTER)
    if language not in TRANSLATED or code not in bank.TSM_BY_CODE:
        raise SurveyError(f"There is no translated question {code} in {language!r}.")
    text = catalogue_text(language=language, code=code)
    if text == english_text(code):
        raise SurveyError(f"{code} has no {BY_CODE[language].english_name} translation yet: "
                          "add one to the catalogue first.")
    confirmation, _ = TranslationConfirmation.objects.update_or_create(
        language=language, question=code,
        defaults={"text": text, "confirmed_by": by, "confirmed_by_name": by.get_username(),
                  "confirmed_at": timezone.now()},
    )
    return confirmation
