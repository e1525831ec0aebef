"""The landlord's own questions in every language: the landlord's Welsh, Polish and Urdu
translations on the online pages and the paper questionnaire; untranslated English marked as
English (lang="en", and dir="ltr" on the right-to-left Urdu page: WCAG 2.2 SC 3.1.2); the
analyst's form that takes the translations, and refuses answers that do not match."""

import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from resident_setup import links, sampled_survey

from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.fieldwork.paper import questionnaire_html, questionnaire_pdf
from doorstep.resident.models import Invitation
from doorstep.stock.models import Home
from doorstep.surveys.models import LandlordQuestion
from doorstep.surveys.services import (
    TranslationError,
    add_own_question,
    translate_own_question,
)
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

CONTACT_EN = "How did you last get in touch with us?"
CONTACT_CHOICES = ["By phone", "By email", "In person"]
CONTACT_CY = "Sut wnaethoch chi gysylltu â ni ddiwethaf?"
CONTACT_CHOICES_CY = ["Dros y ffôn", "Drwy e-bost", "Wyneb yn wyneb"]
EASY_EN = "Was it easy to get in touch with us?"


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Riverside Homes"
    settings.PASSWORD_HASHERS = FAST_HASHERS


class _Languages(HTMLParser):
    """Reads a page the way a screen reader picks a language: each piece of text is in the
    language of the nearest element around it that says one (and likewise its direction)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict]] = []
        self.found: dict[str, list[tuple[str, str]]] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            lang = next((a["lang"] for _, a in reversed(self.open) if "lang" in a), "")
            direction = next((a["dir"] for _, a in reversed(self.open) if "dir" in a), "")
            self.found.setdefault(text, []).append((lang, direction))


def language_of(html: bytes, text: str) -> list[tuple[str, str]]:
    """(lang, dir) in force at every place ``text`` appears on the page."""
    reader = _Languages()
    reader.feed(html.decode())
    return reader.found.get(text, [])


def _contact_question(survey, translations=None):
    return add_own_question(survey=survey, code="CONTACT", kind="choice", placed_after="start",
                            wording=CONTACT_EN, choices=CONTACT_CHOICES,
                            translations=translations)


def _page_in(client, survey, language, code):
    token = links(survey)["H1"]
    client.post(f"/s/{token}/language/", {"language": language})
    return token, client.get(f"/s/{token}/q/{code}/").content


# The online pages --------------------------------------------------------------------------------


def test_it_shows_the_landlords_welsh_wording_and_answers_on_the_welsh_page(client):
    survey = sampled_survey()
    _contact_question(survey, {"cy": {"wording": CONTACT_CY, "choices": CONTACT_CHOICES_CY}})
    token, html = _page_in(client, survey, "cy", "CONTACT")
    words = text_of(html)
    assert CONTACT_CY in words and CONTACT_EN not in words
    for welsh, english in zip(CONTACT_CHOICES_CY, CONTACT_CHOICES, strict=True):
        # Welsh words in the Welsh page: nothing marks them as another language.
        assert language_of(html, welsh) == [("cy", "ltr")]
        assert english not in words
    assert language_of(html, CONTACT_CY) == [("cy", "ltr")]
    assert 'lang="en"' not in html.decode()

    # The answer kept is the English one in the same place, whatever the page's language;
    # the check page shows it in Welsh again.
    client.post(f"/s/{token}/q/CONTACT/", {"answer": "By email"})
    assert Invitation.objects.get().answers["CONTACT"] == "By email"
    Invitation.objects.update(answers={"CONTACT": "By email", "TP01": 1, "had_repair": "no",
                                       "TP04": 1, "TP05": 1, "TP06": 1, "TP07": 1, "TP08": 1,
                                       "made_complaint": "no", "has_communal_areas": "no",
                                       "TP11": 1, "TP12": 1})
    check = client.get(f"/s/{token}/check/").content
    assert language_of(check, "Drwy e-bost") == [("cy", "ltr")]
    assert language_of(check, CONTACT_CY)[0] == ("cy", "ltr")


def test_it_marks_the_english_wording_and_answers_as_english_on_the_polish_page(client):
    survey = sampled_survey()
    _contact_question(survey, {"cy": {"wording": CONTACT_CY, "choices": CONTACT_CHOICES_CY}})
    token, html = _page_in(client, survey, "pl", "CONTACT")
    assert '<html lang="pl"' in html.decode()
    assert language_of(html, CONTACT_EN) == [("en", "ltr")]
    for english in CONTACT_CHOICES:
        assert language_of(html, english) == [("en", "ltr")]
    # The page's own words stay Polish: "Continue" is "Dalej".
    assert language_of(html, "Dalej") == [("pl", "ltr")]

    # The regulator's questions come from the catalogues in Polish, so are not marked.
    tp01 = client.get(f"/s/{token}/q/TP01/").content
    assert 'lang="en"' not in tp01.decode()

    # The check page marks the English question and the English answer too.
    Invitation.objects.update(answers={"CONTACT": "In person", "TP01": 1, "had_repair": "no",
                                       "TP04": 1, "TP05": 1, "TP06": 1, "TP07": 1, "TP08": 1,
                                       "made_complaint": "no", "has_communal_areas": "no",
                                       "TP11": 1, "TP12": 1})
    check = client.get(f"/s/{token}/check/").content
    assert language_of(check, "In person") == [("en", "ltr")]
    assert set(language_of(check, CONTACT_EN)) == {("en", "ltr")}  # the row and "Change"


def test_it_puts_left_to_right_english_on_untranslated_words_on_the_urdu_page(client):
    survey = sampled_survey()
    _contact_question(survey)
    token, html = _page_in(client, survey, "ur", "CONTACT")
    assert '<html lang="ur" dir="rtl">' in html.decode()
    assert language_of(html, CONTACT_EN) == [("en", "ltr")]
    for english in CONTACT_CHOICES:
        assert language_of(html, english) == [("en", "ltr")]

    # A yes/no question of the landlord's: its English wording is marked, but Yes and No
    # come from the catalogues in Urdu and stay right to left.
    add_own_question(survey=survey, code="EASY", kind="yes_no", placed_after="TP01",
                     wording=EASY_EN)
    easy = client.get(f"/s/{token}/q/EASY/").content
    assert language_of(easy, EASY_EN) == [("en", "ltr")]
    assert language_of(easy, "جی ہاں") == [("ur", "rtl")]  # yes, from the catalogue


def test_it_marks_only_the_part_left_untranslated(client):
    survey = sampled_survey()
    # Welsh wording given, Welsh answers left blank.
    _contact_question(survey, {"cy": {"wording": CONTACT_CY, "choices": []}})
    token, html = _page_in(client, survey, "cy", "CONTACT")
    assert language_of(html, CONTACT_CY) == [("cy", "ltr")]
    assert [language_of(html, english) for english in CONTACT_CHOICES] == [
        [("en", "ltr")], [("en", "ltr")], [("en", "ltr")]]


def test_it_marks_nothing_on_the_english_page(client):
    survey = sampled_survey()
    _contact_question(survey, {"cy": {"wording": CONTACT_CY, "choices": CONTACT_CHOICES_CY}})
    token, html = _page_in(client, survey, "en-gb", "CONTACT")
    assert language_of(html, CONTACT_EN) == [("en-gb", "ltr")]
    assert 'lang="en"' not in html.decode()


# The rule for translations -----------------------------------------------------------------------


def test_it_refuses_translated_answers_that_do_not_match_the_english_ones_in_number():
    survey = sampled_survey()
    with pytest.raises(TranslationError) as refused:
        _contact_question(survey, {"cy": {"wording": CONTACT_CY,
                                          "choices": ["Dros y ffôn", "Drwy e-bost"]}})
    assert str(refused.value) == (
        "Give the Welsh answers one for one with the English answers: 3 answers, one a line, "
        "in the same order (you gave 2). Or leave them all blank to show the English answers.")
    assert (refused.value.language, refused.value.part) == ("cy", "choices")
    assert not LandlordQuestion.objects.exists()


def test_it_keeps_only_what_was_translated():
    survey = sampled_survey()
    question = _contact_question(survey, {
        "cy": {"wording": "  " + CONTACT_CY + " ", "choices": ["", *CONTACT_CHOICES_CY, " "]},
        "pl": {"wording": "   ", "choices": []},
        "ur": {"wording": "", "choices": ["", ""]},
    })
    question.refresh_from_db()
    assert question.translations == {"cy": {"wording": CONTACT_CY,
                                            "choices": CONTACT_CHOICES_CY}}
    # A changed translation replaces the old one; the English stays as it was.
    translate_own_question(question=question, translations={"pl": {
        "wording": "Jak ostatnio się z nami skontaktowałeś?", "choices": []}})
    question.refresh_from_db()
    assert question.translations == {"pl": {"wording": "Jak ostatnio się z nami skontaktowałeś?"}}
    assert (question.wording, question.choices) == (CONTACT_EN, CONTACT_CHOICES)


# The paper questionnaire -------------------------------------------------------------------------


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "questionnaire.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_it_prints_the_landlords_welsh_wording_on_the_welsh_paper_questionnaire(tmp_path):
    survey = sampled_survey()
    _contact_question(survey, {"cy": {"wording": CONTACT_CY, "choices": CONTACT_CHOICES_CY}})
    home = Home.objects.get(home_ref="H1")
    welsh = _pdf_text(questionnaire_pdf(survey=survey, homes=[home], language="cy"), tmp_path)
    # It is question 1: placed at the start.
    assert f"1. {CONTACT_CY}" in welsh
    assert " ".join(CONTACT_CHOICES_CY) in welsh
    assert CONTACT_EN not in welsh and "By phone" not in welsh
    polish = _pdf_text(questionnaire_pdf(survey=survey, homes=[home], language="pl"), tmp_path)
    assert f"1. {CONTACT_EN}" in polish and " ".join(CONTACT_CHOICES) in polish


def test_it_marks_the_english_wording_as_english_in_the_urdu_paper_questionnaire():
    survey = sampled_survey()
    _contact_question(survey)
    html = questionnaire_html(survey=survey, homes=[Home.objects.get(home_ref="H1")],
                              language="ur").encode()
    assert language_of(html, CONTACT_EN) == [("en", "ltr")]
    assert [language_of(html, english) for english in CONTACT_CHOICES] == [
        [("en", "ltr")], [("en", "ltr")], [("en", "ltr")]]


# The analyst's pages ---------------------------------------------------------------------------


def _analyst(client):
    people = cast()
    client.force_login(people["analyst"])
    return people


def test_it_saves_the_translations_typed_in_the_analysts_form(client):
    survey = sampled_survey()
    _analyst(client)
    form = client.get(f"/surveys/{survey.pk}/questions/new/").content.decode()
    # Each box says its language; the Urdu boxes read right to left.
    assert 'lang="cy"' in form and 'lang="pl"' in form
    assert form.count('dir="rtl"') == 2 and form.count('lang="ur"') == 2
    assert "Leave blank to show the English wording" in text_of(form.encode())

    response = client.post(f"/surveys/{survey.pk}/questions/new/", {
        "code": "contact", "kind": "choice", "wording": CONTACT_EN,
        "choices": "By phone\nBy email\nIn person\n", "placed_after": "start",
        "wording_cy": CONTACT_CY, "choices_cy": "Dros y ffôn\r\nDrwy e-bost\r\nWyneb yn wyneb",
        "wording_pl": "", "choices_pl": "",
        "wording_ur": "\u06c1\u0645 \u0633\u06d2 \u0631\u0627\u0628\u0637\u06c1", "choices_ur": "",
    })
    assert response.status_code == 302
    question = LandlordQuestion.objects.get(code="CONTACT")
    assert question.translations == {
        "cy": {"wording": CONTACT_CY, "choices": CONTACT_CHOICES_CY},
        "ur": {"wording": "\u06c1\u0645 \u0633\u06d2 \u0631\u0627\u0628\u0637\u06c1"},
    }
    listed = text_of(client.get(f"/surveys/{survey.pk}/").content)
    assert "English, Welsh, Urdu. Translate question CONTACT" in listed


def test_it_shows_mismatched_answers_as_an_error_beside_the_welsh_answers(client):
    survey = sampled_survey()
    _analyst(client)
    response = client.post(f"/surveys/{survey.pk}/questions/new/", {
        "code": "CONTACT", "kind": "choice", "wording": CONTACT_EN,
        "choices": "By phone\nBy email\nIn person", "placed_after": "start",
        "wording_cy": CONTACT_CY, "choices_cy": "Dros y ffôn\nDrwy e-bost\nWyneb yn wyneb\nArall",
    })
    assert response.status_code == 200
    message = ("Give the Welsh answers one for one with the English answers: 3 answers, one a "
               "line, in the same order (you gave 4). Or leave them all blank to show the "
               "English answers.")
    html = response.content.decode()
    # GOV.UK: the summary links to the box, and the message sits by it, tied to it.
    assert f'<a href="#id_choices_cy">{message}</a>' in html.replace("&#x27;", "'")
    assert 'id="id_choices_cy-error"' in html
    assert 'aria-describedby="id_choices_cy-hint id_choices_cy-error"' in html
    assert "<title>Error: " in html
    assert not LandlordQuestion.objects.exists()


def test_it_edits_the_translations_of_a_question_already_added(client):
    survey = sampled_survey()
    question = _contact_question(survey, {"cy": {"wording": CONTACT_CY,
                                                  "choices": CONTACT_CHOICES_CY}})
    people = _analyst(client)
    url = f"/surveys/{survey.pk}/questions/CONTACT/translations/"
    page = client.get(url).content.decode()
    assert CONTACT_CY in page and "Dros y ffôn\nDrwy e-bost\nWyneb yn wyneb" in page
    response = client.post(url, {"wording_cy": "", "choices_cy": "",
                                 "wording_pl": "Jak się z nami kontaktowałeś?",
                                 "choices_pl": "Telefonicznie\nE-mailem\nOsobiście"})
    assert response["Location"] == f"/surveys/{survey.pk}/"
    question.refresh_from_db()
    assert question.translations == {"pl": {"wording": "Jak się z nami kontaktowałeś?",
                                            "choices": ["Telefonicznie", "E-mailem",
                                                        "Osobiście"]}}

    # Not for a colleague without the survey desk, nor a question the survey does not have.
    client.force_login(people["complaints_handler"])
    assert client.post(url, {"wording_pl": "Zmiana"}).status_code == 403
    client.force_login(people["analyst"])
    assert client.get(f"/surveys/{survey.pk}/questions/NOPE/translations/").status_code == 404
    question.refresh_from_db()
    assert question.translations["pl"]["wording"] == "Jak się z nami kontaktowałeś?"
