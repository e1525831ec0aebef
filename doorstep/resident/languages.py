"""The languages a resident can answer in, and how the choice is found and remembered.

Only the resident pages change language: staff pages stay in English, so there is no
LocaleMiddleware. The resident views activate the language themselves (``translation.override``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

ENGLISH = "en-gb"
COOKIE_NAME = "resident_language"
COOKIE_PATH = "/s/"  # the cookie goes to the resident pages only
COOKIE_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Language:
    code: str
    own_name: str  # what speakers call it: the language picker shows this
    english_name: str
    right_to_left: bool = False


LANGUAGES = (
    Language(ENGLISH, "English", "English"),
    Language("cy", "Cymraeg", "Welsh"),
    Language("pl", "Polski", "Polish"),
    Language("ur", "\u0627\u0631\u062f\u0648", "Urdu", right_to_left=True),
)
BY_CODE = {language.code: language for language in LANGUAGES}
# The languages whose TSM wording a qualified translator must confirm.
TRANSLATED = tuple(language.code for language in LANGUAGES if language.code != ENGLISH)

# What a landlord's records may hold as a household's preferred language.
_NAMES = {
    name.lower(): language.code
    for language in LANGUAGES
    for name in (language.code, language.own_name, language.english_name)
}
_NAMES.update({"en": ENGLISH, "cym": "cy", "pol": "pl", "urd": "ur"})


def known(code: str | None) -> str | None:
    """The language code if it is one the resident pages speak, else None."""
    return code if code in BY_CODE else None


def preferred_by(home) -> str | None:
    """The household's preferred language from the landlord's records, when it is one of ours."""
    household = getattr(home, "household", None) if home is not None else None
    recorded = (getattr(household, "preferred_language", "") or "").strip().lower()
    return _NAMES.get(recorded)


def language_for(request, invitation=None) -> str:
    """The language to show: the one chosen for this link, then the one remembered in this
    browser, then the household's preferred language, then the browser's, then English."""
    chosen = known(getattr(invitation, "language", ""))
    remembered = known(request.COOKIES.get(COOKIE_NAME))
    preferred = preferred_by(invitation.home) if invitation is not None else None
    from_browser = known(translation.get_language_from_request(request))
    return chosen or remembered or preferred or from_browser or settings.LANGUAGE_CODE


def remember(response, language: str) -> None:
    """Keep the choice in a cookie for the resident pages only."""
    response.set_cookie(
        COOKIE_NAME, language, max_age=COOKIE_AGE, path=COOKIE_PATH, httponly=True,
        secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
    )
