"""The paper questionnaire: every question with tick boxes and routing, the landlord's name,
and the household reference on every page, as a tagged PDF (WeasyPrint).

The home itself (its reference, building and postcode) appears only in the cover letter's
address panel, which is torn off or folded into the envelope window; the question pages
carry the household reference alone, which means nothing without Doorstep.
"""

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from doorstep.fieldwork import references
from doorstep.fieldwork.services import household_questions
from doorstep.resident import languages
from doorstep.stock.models import Home
from doorstep.surveys.models import Survey

# The resident survey's languages, as the commands spell them ("en" for English), each
# named in its own language so a resident finds theirs.
PAPER_LANGUAGES = {
    ("en" if language.code == languages.ENGLISH else language.code): (
        language.own_name if language.own_name == language.english_name
        else f"{language.own_name} ({language.english_name})")
    for language in languages.LANGUAGES
}


def catalogue_code(language: str) -> str:
    return languages.ENGLISH if language == "en" else language


def questionnaire_html(*, survey: Survey, homes: Iterable[Home], language: str = "en") -> str:
    """The questionnaires of ``homes`` in one document, each household starting a new page."""
    if language not in PAPER_LANGUAGES:
        raise ValueError(f"{language!r} is not a questionnaire language")
    with translation.override(catalogue_code(language)):
        households = [
            {
                "home": home,
                "reference": references.household_reference(survey=survey, home=home),
                "questions": household_questions(survey=survey, home=home),
            }
            for home in homes
        ]
        return render_to_string("fieldwork/paper_pdf.html", {
            "survey": survey,
            "households": households,
            "landlord_name": settings.LANDLORD_NAME,
            "language": language,
            "rtl": translation.get_language_bidi(),
        })


def questionnaire_pdf(*, survey: Survey, homes: Iterable[Home], language: str = "en") -> bytes:
    """The questionnaires as one tagged PDF (PDF/UA where WeasyPrint can)."""
    from doorstep.web.pdf import html_to_pdf

    html = questionnaire_html(survey=survey, homes=homes, language=language)
    return html_to_pdf(html, stylesheet="fieldwork/paper-print.css")


def file_name(*, survey: Survey, home: Home) -> str:
    reference = references.household_reference(survey=survey, home=home)
    return f"questionnaire-{slugify(survey.name)}-{reference}.pdf"
