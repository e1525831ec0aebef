"""The public "you said, we did" page: open to anyone, no sign-in (@login_not_required).

It shows counts, the landlord's own summaries and redacted approved quotes only (see
``you_said_we_did``). It speaks the resident survey's four languages: the language is the
one chosen by a link on the page (``?lang=cy``), else the browser's, else English. An
administrator can switch the page off (Public pages, in the admin): it then answers 404
with a plain page, to everyone.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from doorstep.actions.you_said_we_did import (
    ActionDone,
    Remeasured,
    ThemeRaised,
    page_is_on,
    you_said_we_did,
)
from doorstep.measures.names import MEASURE_NAMES
from doorstep.resident import languages

ENGLISH = "en-GB"


def _language(request) -> str:
    return (languages.known(request.GET.get("lang"))
            or languages.known(translation.get_language_from_request(request))
            or settings.LANGUAGE_CODE)


@login_not_required
@require_safe
def you_said_we_did_page(request):
    if not page_is_on():
        return render(request, "actions/public/off.html", {
            "landlord_name": settings.LANDLORD_NAME,
        }, status=404)
    language = _language(request)
    content = you_said_we_did()
    with translation.override(language):
        response = render(request, "actions/public/you_said_we_did.html", {
            "page": content,
            "themes": [_theme_in_words(theme, language=language) for theme in content.themes],
            "page_language": language,
            "right_to_left": languages.BY_CODE[language].right_to_left,
            "languages": [
                (choice, "?" + urlencode({"lang": choice.code}))
                for choice in languages.LANGUAGES
            ],
            "landlord_name": settings.LANDLORD_NAME,
        })
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    return response


# --- the page's words in the language shown ------------------------------------------------


def _own_words(text: str, *, language: str) -> tuple[str, str]:
    """The text in the page's language where the catalogue has it, else the English with
    the lang attribute a screen reader needs ("" when none is needed)."""
    translated = gettext(text)
    if language == languages.ENGLISH or translated != text:
        return translated, ""
    return text, ENGLISH


def _theme_in_words(theme: ThemeRaised, *, language: str) -> dict:
    label, label_lang = _own_words(theme.label, language=language)
    return {
        "code": theme.code, "label": label, "label_lang": label_lang,
        "this_year": theme.this_year, "last_year": theme.last_year,
        "quotes": theme.quotes,
        "actions": [_action_in_words(action, language=language) for action in theme.actions],
    }


def _day(day) -> str:
    return date_format(day, "j E Y")  # E: the month as a date needs it (Polish genitive)


def _action_in_words(action: ActionDone, *, language: str) -> dict:
    if action.status == "done":
        status = (gettext("Done on %(date)s") % {"date": _day(action.done_on)}
                  if action.done_on else gettext("Done"))
    elif action.status == "in_progress":
        status = gettext("In progress")
    else:
        status = (gettext("Agreed on %(date)s") % {"date": _day(action.agreed_on)}
                  if action.agreed_on else gettext("Agreed"))
    if action.status != "done" and action.due_on:
        status += gettext(", due by %(date)s") % {"date": _day(action.due_on)}
        if action.due_on < timezone.localdate():
            status += gettext(" (later than planned)")
    return {
        "summary": action.summary,
        # Summaries are written in English by staff.
        "summary_lang": "" if language == languages.ENGLISH else ENGLISH,
        "status_words": status,
        "remeasured": _remeasured_in_words(action.remeasured, language=language),
    }


VERDICT_WORDS = {
    "improved": (
        "Since then, the measure it was meant to move (%(measure)s) has improved.",
        "Since then, the measure it was meant to move (%(measure)s) has improved, from "
        "%(before)s to %(after)s.",
    ),
    "worsened": (
        "Since then, the measure it was meant to move (%(measure)s) has got worse.",
        "Since then, the measure it was meant to move (%(measure)s) has got worse, from "
        "%(before)s to %(after)s.",
    ),
    "no clear change": (
        "Since then, the measure it was meant to move (%(measure)s) shows no clear change.",
        "Since then, the measure it was meant to move (%(measure)s) shows no clear change "
        "(%(before)s before, %(after)s after).",
    ),
    "too early to tell": (
        "It is too early to tell whether the measure it was meant to move (%(measure)s) has "
        "changed.",
    ),
}


def _remeasured_in_words(remeasured: Remeasured | None, *, language: str):
    if remeasured is None or remeasured.verdict not in VERDICT_WORDS:
        return ""
    sentences = VERDICT_WORDS[remeasured.verdict]
    with_figures = remeasured.before is not None and len(sentences) > 1
    sentence = gettext(sentences[1] if with_figures else sentences[0])
    name, name_lang = _own_words(
        MEASURE_NAMES.get(remeasured.measure_code, remeasured.measure_code), language=language)
    measure = (format_html('<span lang="{}">{}</span>', name_lang, name) if name_lang
               else escape(name))
    values = {"measure": measure}
    if with_figures:
        values["before"] = _figure(remeasured.before, remeasured.unit)
        values["after"] = _figure(remeasured.after, remeasured.unit)
    # The translated sentence is escaped, then its %(name)s places filled by format_html
    # (which escapes the figures; the measure is already markup).
    template = str(escape(sentence)).replace("{", "{{").replace("}", "}}")
    for name in values:
        template = template.replace(f"%({name})s", "{" + name + "}")
    return format_html(template, **values)


def _figure(value: float, unit: str) -> str:
    shown = number_format(value, decimal_pos=1, use_l10n=True)
    if unit == "%":
        return f"{shown}%"
    return gettext("%(value)s per 1,000 homes") % {"value": shown}
