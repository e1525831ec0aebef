"""The public "you said, we did" page: no sign-in, counts of residents per theme this year
and last with small groups suppressed, what was done, approved redacted quotes, in four
languages, and an administrator's switch.

The cast of residents (this reporting year unless said otherwise; the year is the one
containing today, so the dates move with the calendar):
- damp and mould: 12 households comment (one of them twice) and 2 more complain with the root
  cause "Damp and mould not dealt with properly": 14 residents; last year 3 (fewer than 10).
- repairs: 10 households complain with the root cause "Missed or late appointment": 10;
  last year 11 households comment: 11.
- rent and charges: 9 households, 25 comments between them: fewer than 10 both years, so
  the theme is not shown at all, in any language.
- heating: one household comments 15 times: 1 resident, not shown.
Every comment carries planted personal data (a name, a phone number, an email address, an
address and a reference) that must never reach the page.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from doorstep.actions import services as action_services
from doorstep.actions.public_views import _remeasured_in_words
from doorstep.actions.you_said_we_did import Remeasured, you_said_we_did
from doorstep.complaints import services as complaint_services
from doorstep.complaints.models import PublicPages, RootCause
from doorstep.complaints.quotes import QuoteError, approve_quote
from doorstep.core.periods import ReportingYear
from doorstep.stock.models import Home
from doorstep.voice.models import CodedComment, HazardFlag, Theme, ThemeMention
from doorstep.voice.redact import redact
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

URL = "/you-said-we-did/"
LANGUAGES = ("en-gb", "cy", "pl", "ur")

PLANTED = ("Mrs Okafor", "Okafor", "Julie Hughes", "07700 900123", "0113 496 0000",
           "jo.bloggs@example.com", "12 Elm Road", "Elm Road", "LS6 2AB", "H000123",
           "C-2024-0412")
COMMENT = ("Mrs Okafor at 12 Elm Road LS6 2AB has had black mould for months. Julie Hughes "
           "said call 07700 900123 or email jo.bloggs@example.com, ref H000123.")


def today():
    return timezone.localdate()


def this_year():
    return ReportingYear.containing(today())


def home(ref, area="North"):
    return Home.objects.get_or_create(home_ref=ref, defaults={"tenure": "LCRA",
                                                              "area": area})[0]


def comment(*, home_ref, theme, received, text=COMMENT, redacted=None):
    coded = CodedComment.objects.create(
        source="survey", home=home(home_ref), received_on=received, text=text,
        redacted_text=redact(text) if redacted is None else redacted, sentiment="negative")
    ThemeMention.objects.create(coded_comment=coded, theme_code=theme, sentiment="negative")
    return coded


@pytest.fixture
def residents(django_user_model):
    handler = django_user_model.objects.create(username="handler")
    start, last_start = this_year().start, this_year().previous.start
    damp = [comment(home_ref=f"D{n}", theme="damp_mould", received=start) for n in range(12)]
    comment(home_ref="D0", theme="damp_mould", received=start)  # the same household again
    for n in range(3):
        comment(home_ref=f"OLD{n}", theme="damp_mould", received=last_start)
    for n in range(11):
        comment(home_ref=f"R{n}", theme="repairs", received=last_start + timedelta(days=3))
    for n in range(25):
        comment(home_ref=f"RENT{n % 9}", theme="rent_charges", received=start,
                text="Rent went up again, Mr Patel of 4 Oak Lane says ref C-2024-0412")
    for _ in range(15):
        comment(home_ref="HEAT", theme="heating_hot_water", received=start)
    causes = {"damp": RootCause.objects.get(code="damp_mould_response"),
              "missed": RootCause.objects.get(code="missed_appointment")}
    complaints = []
    for ref, cause in [*((f"D{12 + n}", "damp") for n in range(2)),
                       *((f"M{n}", "missed") for n in range(10))]:
        complaint = complaint_services.log_complaint(
            by=handler, home=home(ref), received_on=start, channel="telephone",
            description="Call Julie Hughes on 0113 496 0000")
        complaint_services.record_learning(complaint=complaint, by=handler,
                                           learning="Mrs Okafor waited", root_cause=causes[cause])
        complaints.append(complaint)
    return {"damp": damp, "complaints": complaints, "handler": handler}


@pytest.fixture
def actions(residents):
    by = residents["handler"]
    damp_theme = Theme.objects.get(framework__is_active=True, code="damp_mould")
    done_on = today() - timedelta(days=20)
    inspect = action_services.create_action(
        by=by, title="Inspect damp within 10 days", action_ref="A-1", measure_code="TP05",
        summary_for_residents="We now inspect every report of damp within 10 working days.")
    inspect.themes.add(damp_theme)
    action_services.agree_action(action=inspect, by=by, agreed_on=this_year().start)
    action_services.complete_action(action=inspect, by=by, done_on=done_on)
    reminders = action_services.create_action(
        by=by, title="Text reminders", action_ref="A-2",
        summary_for_residents="We text you the day before a repair visit. Thanks to Mrs "
        "Okafor (07700 900123) for the idea.")
    reminders.complaints.add(residents["complaints"][5])  # a missed-appointment complaint
    action_services.agree_action(action=reminders, by=by, agreed_on=this_year().start,
                                 due_on=today() + timedelta(days=60))
    action_services.start_action(action=reminders, by=by)
    secret = action_services.create_action(
        by=by, title="Proposed, not decided", action_ref="A-3",
        summary_for_residents="Thinking about evening visits.")
    secret.themes.add(damp_theme)
    no_summary = action_services.create_action(by=by, title="Staff only", action_ref="A-4")
    no_summary.themes.add(damp_theme)
    action_services.agree_action(action=no_summary, by=by, agreed_on=this_year().start)
    return {"done_on": done_on}


# --- what the page holds --------------------------------------------------------------------


def test_it_counts_residents_per_theme_and_suppresses_small_ones(residents):
    page = you_said_we_did(today=today())

    assert [(t.code, t.this_year, t.last_year) for t in page.themes] == [
        ("damp_mould", 14, None),  # 12 households commenting + 2 complaining; last year 3
        ("repairs", 10, 11),
    ]
    assert page.this_year == this_year() and page.small_group == 10


def test_it_lists_what_was_done_with_the_remeasured_verdict(residents, actions):
    page = you_said_we_did(today=today())
    damp, repairs = page.themes

    assert [(a.summary, a.status, a.done_on) for a in damp.actions] == [
        ("We now inspect every report of damp within 10 working days.", "done",
         actions["done_on"]),
    ]
    # Done 20 days ago: the later window is under a quarter.
    assert damp.actions[0].remeasured.verdict == "too early to tell"
    assert damp.actions[0].remeasured.before is None
    # A name typed into a summary by mistake is redacted too.
    assert [(a.summary, a.status) for a in repairs.actions] == [
        ("We text you the day before a repair visit. Thanks to [name] [phone]) for the idea.",
         "in_progress")]


def test_it_shows_the_page_without_sign_in_and_with_no_personal_data(client, residents,
                                                                      actions):
    quoted = residents["damp"][3]
    approve_quote(coded_comment=quoted, theme_code="damp_mould", by=residents["handler"])
    # A comment stored unredacted by mistake is redacted again when approved and shown.
    careless = residents["damp"][4]
    careless.redacted_text = COMMENT
    careless.save()
    approve_quote(coded_comment=careless, theme_code="damp_mould", by=residents["handler"])

    for language in LANGUAGES:
        response = client.get(URL, {"lang": language})
        html = response.content.decode()
        text = text_of(response.content)
        assert response.status_code == 200, language
        assert inline_code_in(response.content) == [], language
        for planted in PLANTED:
            assert planted not in html, (language, planted)
        assert "[name]" in text  # the approved quote, as redacted
        assert "Mr Patel" not in html and "Oak Lane" not in html
        assert "Mrs Okafor waited" not in html  # complaints' learning is never public
        assert 'id="theme-rent_charges"' not in html and "theme-heating" not in html
        assert "A-1" not in html and "A-3" not in html and "A-4" not in html
        assert "Thinking about evening visits" not in html and "Staff only" not in html

    english = text_of(client.get(URL).content)
    assert "Damp and mould You said Residents who raised it in " \
           f"{this_year().label} 14 Residents who raised it in " \
           f"{this_year().previous.label} Fewer than 10" in english
    assert "Rent and charges" not in english and "Heating and hot water" not in english
    assert "We now inspect every report of damp within 10 working days. Done on " in english
    assert ("It is too early to tell whether the measure it was meant to move (Satisfied "
            "that the home is safe) has changed.") in english
    assert ("We text you the day before a repair visit. Thanks to [name] [phone]) for the "
            "idea. In progress, due by ") in english
    assert english.count("A resident (personal details removed)") == 2


def test_it_speaks_each_language_with_the_right_lang_and_direction(client, residents, actions):
    expected = {
        "en-gb": ('lang="en-gb" dir="ltr"', "You said, we did", "Damp and mould"),
        "cy": ('lang="cy" dir="ltr"', "Dywedoch chi, gwnaethom ni", "Lleithder a llwydni"),
        "pl": ('lang="pl" dir="ltr"', "Powiedzieliście, zrobiliśmy", "Wilgoć i pleśń"),
        "ur": ('lang="ur" dir="rtl"', "آپ نے کہا، ہم نے کیا", "نمی اور پھپھوندی"),
    }
    for language, (attributes, title, damp) in expected.items():
        response = client.get(URL, {"lang": language})
        html = response.content.decode()
        assert f"<html {attributes}>" in html, language
        assert f"<title>{title} – " in html, language
        assert damp in text_of(response.content), language
        assert response["Content-Language"] == language
        # The staff's summaries are English: marked so a screen reader switches voice.
        if language != "en-gb":
            assert ('<p lang="en-GB">We now inspect every report of damp within 10 working '
                    "days.</p>") in html
        # Every language is offered by a link in its own language.
        for code, name in (("cy", "Cymraeg"), ("pl", "Polski"), ("ur", "اردو")):
            assert f'href="?lang={code}" lang="{code}" hreflang="{code}"' in html
            assert name in html
    rent_words = ("Rent and charges", "Rhent a thaliadau", "Czynsz i opłaty", "کرایہ اور چارجز")
    for language in LANGUAGES:
        html = client.get(URL, {"lang": language}).content.decode()
        assert not any(words in html for words in rent_words), language


def test_it_takes_the_browsers_language_when_none_is_chosen(client, residents):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5")
    assert '<html lang="pl" dir="ltr">' in response.content.decode()
    assert '<html lang="en-gb" dir="ltr">' in client.get(URL).content.decode()
    # An unknown choice falls back rather than failing.
    assert '<html lang="en-gb" dir="ltr">' in client.get(URL, {"lang": "xx"}).content.decode()


def test_it_says_so_when_no_theme_is_big_enough(client):
    text = text_of(client.get(URL).content)
    assert "No theme has yet been raised by 10 or more residents" in text


def test_it_answers_404_with_a_plain_page_when_the_administrator_switches_it_off(
    client, residents
):
    PublicPages.objects.create(you_said_we_did=False)

    response = client.get(URL)

    assert response.status_code == 404
    text = text_of(response.content)
    assert "Page not found" in text and "Damp and mould" not in text
    assert inline_code_in(response.content) == []
    PublicPages.objects.update(you_said_we_did=True)
    assert client.get(URL).status_code == 200


def test_it_refuses_a_post(client):
    assert client.post(URL).status_code == 405


# --- quotes ---------------------------------------------------------------------------------


def test_it_quotes_only_approved_redacted_comments_without_hazard_flags(residents):
    handler = residents["handler"]
    flagged = residents["damp"][0]
    HazardFlag.objects.create(coded_comment=flagged, kind="damp_and_mould_growth",
                              flagged_on=today(), follow_up_by=today())
    with pytest.raises(QuoteError, match="never quoted in public"):
        approve_quote(coded_comment=flagged, theme_code="damp_mould", by=handler)
    with pytest.raises(QuoteError, match="not coded under the theme 'repairs'"):
        approve_quote(coded_comment=residents["damp"][1], theme_code="repairs", by=handler)

    quote = approve_quote(coded_comment=residents["damp"][1], theme_code="damp_mould", by=handler)

    assert quote.text == (
        "[name] at [address] [postcode] has had black mould for months. [name] said call "
        "[phone] or email [email], ref [reference]."
    )
    assert you_said_we_did(today=today()).themes[0].quotes == [quote.text]
    # Recoded without the theme: no longer quoted under it.
    ThemeMention.objects.filter(coded_comment=residents["damp"][1]).delete()
    assert you_said_we_did(today=today()).themes[0].quotes == []


def test_it_drops_a_quote_whose_theme_is_too_small_to_show(residents):
    rent = CodedComment.objects.filter(mentions__theme_code="rent_charges").first()
    approve_quote(coded_comment=rent, theme_code="rent_charges", by=residents["handler"])

    page = you_said_we_did(today=today())

    assert all(theme.code != "rent_charges" for theme in page.themes)
    assert all("Rent went up" not in q for theme in page.themes for q in theme.quotes)


# --- verdicts in words, and the cost of the page ---------------------------------------------


def test_it_words_each_verdict_with_association_not_cause():
    improved = Remeasured("improved", "RP02-1", 81.2, 86.0, "%")
    worse = Remeasured("worsened", "CH01-1", 30.0, 42.5, "per 1,000 homes")
    unclear = Remeasured("no clear change", "TP01", None, None, "%")

    assert str(_remeasured_in_words(improved, language="en-gb")) == (
        "Since then, the measure it was meant to move (Non-emergency repairs completed within "
        "target) has improved, from 81.2% to 86.0%.")
    assert str(_remeasured_in_words(worse, language="en-gb")) == (
        "Since then, the measure it was meant to move (Stage 1 complaints received per 1,000 "
        "homes) has got worse, from 30.0 per 1,000 homes to 42.5 per 1,000 homes.")
    assert str(_remeasured_in_words(unclear, language="en-gb")) == (
        "Since then, the measure it was meant to move (Satisfied with the overall service) "
        "shows no clear change.")
    # In Welsh the sentence is translated; the English measure name is marked as English.
    with translation.override("cy"):
        welsh = str(_remeasured_in_words(improved, language="cy"))
    assert '<span lang="en-GB">Non-emergency repairs completed within target</span>' in welsh
    assert welsh.startswith("Ers hynny, mae’r mesur yr oedd i fod i’w wella (<span")
    assert welsh.endswith(") wedi gwella, o 81.2% i 86.0%.")


def test_it_renders_in_the_same_number_of_queries_for_more_actions(client, residents):
    by = residents["handler"]
    damp_theme = Theme.objects.get(framework__is_active=True, code="damp_mould")

    def add_actions(count, start):
        for n in range(start, start + count):
            made = action_services.create_action(
                by=by, title=f"Action {n}", action_ref=f"Q-{n}",
                summary_for_residents=f"Planned change {n} for damp.")
            made.themes.add(damp_theme)
            action_services.agree_action(action=made, by=by, agreed_on=this_year().start)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    add_actions(2, 0)
    few = queries()
    add_actions(6, 2)
    assert "Planned change 7 for damp." in text_of(client.get(URL).content)
    assert queries() == few


# --- the administrator's screens ------------------------------------------------------------


def test_it_lets_an_administrator_approve_a_quote_and_switch_the_page_in_the_admin(
    client, residents
):
    from doorstep.accounts.models import Role
    from doorstep.accounts.testing import person
    from doorstep.complaints.models import ApprovedQuote

    admin = person(Role.ADMINISTRATOR, username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    flagged, chosen = residents["damp"][0], residents["damp"][2]
    HazardFlag.objects.create(coded_comment=flagged, kind="damp_and_mould_growth",
                              flagged_on=today(), follow_up_by=today())

    refused = client.post("/admin/complaints/approvedquote/add/",
                          {"coded_comment": flagged.pk, "theme_code": "damp_mould"})
    assert "never quoted in public" in text_of(refused.content)
    response = client.post("/admin/complaints/approvedquote/add/",
                           {"coded_comment": chosen.pk, "theme_code": "damp_mould"})
    assert response.status_code == 302
    quote = ApprovedQuote.objects.get()
    assert (quote.coded_comment, quote.approved_by) == (chosen, admin)
    assert "Okafor" not in quote.text and quote.text.startswith("[name] at [address]")

    response = client.post("/admin/complaints/publicpages/add/", {})  # the box left unticked
    assert response.status_code == 302
    assert client.get(URL).status_code == 404
