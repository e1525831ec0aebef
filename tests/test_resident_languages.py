"""Languages: the resident's choice shown and remembered, Urdu right to left, staff pages
in English, the catalogues (.mo matches .po), and confirming translations."""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from resident_setup import links, sampled_survey

from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.resident import translations
from doorstep.resident.languages import COOKIE_NAME
from doorstep.resident.management.commands.compile_translations import compile_catalogues
from doorstep.resident.models import Invitation
from doorstep.stock.models import Home
from doorstep.surveys import questions as bank
from doorstep.surveys.models import HouseholdProfile
from doorstep.web.testing import text_of

LOCALE = Path(__file__).resolve().parents[1] / "doorstep" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"\[landlord\]|%\([a-z_]+\)s|\{[a-z_]+\}")


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Riverside Homes"


# The catalogues ------------------------------------------------------------------------------


def test_it_has_a_catalogue_for_welsh_polish_and_urdu():
    assert [path.parts[-3] for path in CATALOGUES] == ["cy", "pl", "ur"]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_it_ships_each_compiled_catalogue_exactly_as_its_po_file_says(po_path):
    # Read the .mo with Python's own gettext, the .po with polib: two different readers.
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run doorstep compile-translations"
    with mo_path.open("rb") as mo_file:
        compiled = dict(gettext.GNUTranslations(mo_file)._catalog)
    compiled.pop("", None)  # the header
    written = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path))
               if entry.translated() and not entry.obsolete}
    assert compiled == written, (f"{mo_path} does not match {po_path}: run doorstep "
                                 "compile-translations")


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_it_keeps_every_placeholder_in_every_translation(po_path):
    for entry in polib.pofile(str(po_path)).translated_entries():
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(
            PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize("language", ["cy", "pl", "ur"])
def test_it_translates_every_tsm_question_and_answer(language):
    with translation.override(language):
        for question in bank.TSM_QUESTIONS:
            assert translation.gettext(question.wording) != question.wording, question.code
            for _, label in question.options:
                assert translation.gettext(label) != label, label


def test_it_compiles_the_catalogues_without_gnu_gettext(tmp_path):
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy, ignore=shutil.ignore_patterns("*.mo"))
    written = compile_catalogues(copy)
    assert [path.parts[-3] for path in written] == ["cy", "pl", "ur"]
    with (copy / "cy" / "LC_MESSAGES" / "django.mo").open("rb") as mo_file:
        welsh = gettext.GNUTranslations(mo_file)
    assert welsh.gettext("Continue") == "Parhau"
    assert welsh.gettext("Very satisfied") == "Bodlon iawn"


# The pages in the resident's language ------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_survey_in_welsh_once_chosen_and_remembers_the_choice(client):
    token = links(sampled_survey())["H1"]
    response = client.post(f"/s/{token}/language/", {"language": "cy"})
    assert response.cookies[COOKIE_NAME].value == "cy"
    assert response.cookies[COOKIE_NAME]["path"] == "/s/"
    assert Invitation.objects.get().language == "cy"
    html = client.get(f"/s/{token}/q/TP01/").content.decode()
    assert '<html lang="cy" dir="ltr">' in html
    words = text_of(html)
    assert ("Gan ystyried popeth, pa mor fodlon neu anfodlon ydych chi â’r gwasanaeth a "
            "ddarperir gan Riverside Homes?") in words
    assert "Bodlon iawn Gweddol fodlon" in words and "Parhau" in words
    assert "Newid iaith" in words
    # Another browser, no cookie: the link itself remembers.
    assert '<html lang="cy"' in client.__class__().get(
        f"/s/{token}/q/TP01/").content.decode()
    # The error message is in Welsh too.
    words = text_of(client.post(f"/s/{token}/q/TP01/", {}).content)
    assert "Mae problem wedi codi" in words
    assert "Dewiswch pa mor fodlon neu anfodlon ydych chi" in words


@pytest.mark.django_db
def test_it_lays_urdu_out_right_to_left(client):
    token = links(sampled_survey())["H1"]
    client.post(f"/s/{token}/language/", {"language": "ur"})
    html = client.get(f"/s/{token}/q/TP01/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert "آپ Riverside Homes کی فراہم کردہ سروس سے کس حد تک مطمئن" in text_of(html)


@pytest.mark.django_db
def test_it_uses_the_remembered_language_for_a_link_that_cannot_be_used(client):
    client.cookies[COOKIE_NAME] = "pl"
    response = client.get("/s/abcdefghjkmnpqrstvwxyz0123/")
    assert response.status_code == 404
    assert '<html lang="pl" dir="ltr">' in response.content.decode()
    assert "Ten link nie działa" in text_of(response.content)
    # The language can be changed there too.
    response = client.post("/s/abcdefghjkmnpqrstvwxyz0123/language/", {"language": "ur"})
    assert response.cookies[COOKIE_NAME].value == "ur"
    assert "یہ لنک کام نہیں کر رہا" in text_of(client.get("/s/abcdefghjkmnpqrstvwxyz0123/",
                                                        ).content)


@pytest.mark.django_db
def test_it_starts_in_the_households_preferred_language_from_the_landlords_records(client):
    survey = sampled_survey()
    HouseholdProfile.objects.create(home=Home.objects.get(home_ref="H1"),
                                    preferred_language="Urdu")
    token = links(survey)["H1"]
    html = client.get(f"/s/{token}/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert re.search(r'value="ur" class="radios__input" id="id_language_3"[^>]*checked', html)


@pytest.mark.django_db
def test_it_goes_back_to_the_same_page_after_a_change_of_language(client):
    token = links(sampled_survey())["H1"]
    client.post(f"/s/{token}/q/TP01/", {"answer": "2"})
    page = client.get(f"/s/{token}/q/TP01/").content.decode()
    change = re.search(r'<a href="([^"]+)" class="header__language-link">', page).group(1)
    assert change == f"/s/{token}/language/?next=%2Fs%2F{token}%2Fq%2FTP01%2F"
    form_page = client.get(change.replace("&amp;", "&")).content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', form_page).group(1)
    assert client.post(action, {"language": "pl"})["Location"] == f"/s/{token}/q/TP01/"
    # Only this link's own pages: anywhere else, the survey carries on.
    response = client.post(f"/s/{token}/language/?next=https://evil.example/", {"language": "pl"})
    assert response["Location"] == f"/s/{token}/"


@pytest.mark.django_db
def test_it_keeps_staff_pages_in_english_whatever_the_residents_choice(client):
    client.force_login(person(Role.ANALYST))
    client.cookies[COOKIE_NAME] = "cy"
    client.cookies["django_language"] = "cy"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="cy,pl;q=0.9")
    assert '<html lang="en-GB">' in response.content.decode()
    assert "Your Doorstep" in text_of(response.content)


# Confirming translations ---------------------------------------------------------------------


@pytest.mark.django_db
def test_it_marks_every_translated_tsm_question_as_needing_confirmation_at_first():
    statuses = translations.translation_statuses()
    assert len(statuses) == 3 * 15
    assert {status.state for status in statuses} == {translations.NEEDS_CONFIRMATION}
    assert translations.needs_confirmation(language="pl", code="TP05")
    assert not translations.needs_confirmation(language="en-gb", code="TP05")


@pytest.mark.django_db
def test_it_lets_only_an_administrator_confirm_a_translation():
    with pytest.raises(PermissionDenied):
        translations.confirm_translation(language="cy", code="TP01", by=person(Role.ANALYST))
    confirmation = translations.confirm_translation(language="cy", code="TP01",
                                                    by=person(Role.ADMINISTRATOR))
    assert confirmation.text == (
        "Gan ystyried popeth, pa mor fodlon neu anfodlon ydych chi â’r gwasanaeth a ddarperir "
        "gan [landlord]?\nBodlon iawn / Gweddol fodlon / Ddim yn fodlon nac yn anfodlon / "
        "Gweddol anfodlon / Anfodlon iawn")
    assert confirmation.confirmed_by_name == "administrator"
    assert not translations.needs_confirmation(language="cy", code="TP01")
    assert translations.needs_confirmation(language="pl", code="TP01")


@pytest.mark.django_db
def test_it_needs_confirmation_again_when_the_catalogue_changes(settings, tmp_path):
    translations.confirm_translation(language="pl", code="TP11", by=person(Role.ADMINISTRATOR))
    assert not translations.needs_confirmation(language="pl", code="TP11")
    # A translator corrects the Polish TP11 in a copy of the catalogues, compiled as usual.
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    po_path = copy / "pl" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    entry = catalogue.find(bank.TSM_BY_CODE["TP11"].wording)
    entry.msgstr = entry.msgstr.replace("pozytywny wpływ na", "dobry wpływ na")
    catalogue.save()
    compile_catalogues(copy)
    settings.LOCALE_PATHS = [copy]
    [status] = [s for s in translations.translation_statuses(language="pl") if s.code == "TP11"]
    assert status.state == translations.CHANGED
    assert "dobry wpływ na" in status.translated
    assert translations.needs_confirmation(language="pl", code="TP11")


@pytest.mark.django_db
def test_it_shows_administrators_the_state_of_each_translation_and_confirms_on_request(client):
    client.force_login(person(Role.ADMINISTRATOR, is_staff=True))
    url = "/admin/resident/translationconfirmation/"
    words = text_of(client.get(url).content)
    assert "45 of 45 translated questions are not confirmed" in words
    assert "Welsh TP01 Taking everything into account" in words
    assert words.count("Needs confirmation by a qualified translator") == 45
    response = client.post(url, {"language": "ur", "question": "TP12"}, follow=True)
    words = text_of(response.content)
    assert "TP12 in ur is confirmed as it now reads." in words
    assert "44 of 45 translated questions are not confirmed" in words
    assert "Confirmed by administrator on" in words


@pytest.mark.django_db
def test_it_keeps_the_translations_page_from_staff_who_do_not_administer(client):
    client.force_login(person(Role.ANALYST, is_staff=True))
    url = "/admin/resident/translationconfirmation/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"language": "ur", "question": "TP12"}).status_code == 403
    assert not translations.TranslationConfirmation.objects.exists()
