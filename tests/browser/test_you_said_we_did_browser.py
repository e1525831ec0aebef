"""The public "you said, we did" page in a real browser: axe-core in every language (Urdu
right to left), no sign-in, the language chosen by a link with the keyboard, reflow at 320
CSS pixels, and a print layout without the page's navigation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from test_you_said_we_did import comment

from browser.browsing import assert_no_axe_violations, focused
from doorstep.actions import services as action_services
from doorstep.complaints.quotes import approve_quote
from doorstep.core.periods import ReportingYear
from doorstep.voice.models import Theme, ThemeFramework
from doorstep.voice.services import load_default_framework

LANGUAGES = {"en-gb": "ltr", "cy": "ltr", "pl": "ltr", "ur": "rtl"}


@pytest.fixture(autouse=True)
def landlord(settings):
    settings.LANDLORD_NAME = "Riverside Homes"


@pytest.fixture
def raised(transactional_db, django_user_model):
    """Twelve households raised damp and mould this year; one action done, one under way;
    one comment approved as a quote."""
    if not ThemeFramework.objects.filter(is_active=True).exists():
        load_default_framework()  # a transactional test before this one emptied the tables
    staff = django_user_model.objects.create(username="officer")
    start = ReportingYear.containing(timezone.localdate()).start
    comments = [comment(home_ref=f"D{n}", theme="damp_mould", received=start)
                for n in range(12)]
    approve_quote(coded_comment=comments[0], theme_code="damp_mould", by=staff)
    damp = Theme.objects.get(framework__is_active=True, code="damp_mould")
    done = action_services.create_action(
        by=staff, title="Damp inspections", action_ref="A-1", measure_code="TP05",
        summary_for_residents="We now inspect every report of damp within 10 working days.")
    done.themes.add(damp)
    action_services.agree_action(action=done, by=staff, agreed_on=start)
    action_services.complete_action(action=done, by=staff,
                                    done_on=timezone.localdate() - timedelta(days=5))
    doing = action_services.create_action(
        by=staff, title="Ventilation", action_ref="A-2",
        summary_for_residents="We are fitting extractor fans in 200 kitchens and bathrooms.")
    doing.themes.add(damp)
    action_services.agree_action(action=doing, by=staff, agreed_on=start,
                                 due_on=timezone.localdate() + timedelta(days=90))


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_it_is_accessible_in_every_language_without_signing_in(page, raised):
    for language, direction in LANGUAGES.items():
        page.set_viewport_size({"width": 1024, "height": 768})
        page.goto(f"/you-said-we-did/?lang={language}")
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("document.documentElement.dir") == direction
        assert page.locator("h1").count() == 1
        assert page.locator("section.public-theme").count() == 1
        assert page.locator("blockquote").count() == 1
        assert_no_axe_violations(page)
        page.set_viewport_size({"width": 320, "height": 256})
        assert _fits(page), f"the page scrolls sideways at 320 px in {language}"


def test_it_lays_urdu_out_right_to_left(page, raised):
    page.goto("/you-said-we-did/?lang=ur")

    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("h1").inner_text() == "آپ نے کہا، ہم نے کیا"
    assert page.locator("h2#theme-damp_mould").inner_text() == "نمی اور پھپھوندی"
    # The staff's English summary is marked English inside the Urdu page.
    summary = page.get_by_text("We now inspect every report of damp")
    assert summary.get_attribute("lang") == "en-GB"
    assert_no_axe_violations(page)


def test_it_changes_language_by_a_link_with_the_keyboard(page, raised):
    page.goto("/you-said-we-did/")
    page.wait_for_load_state("load")
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page)["text"] == "Cymraeg":
            break
    assert focused(page)["text"] == "Cymraeg" and focused(page)["drawn"]

    page.keyboard.press("Enter")
    page.wait_for_url("**/you-said-we-did/?lang=cy", timeout=20_000)  # a busy machine

    assert page.locator("h1").inner_text() == "Dywedoch chi, gwnaethom ni"
    assert page.locator('a[aria-current="true"]').inner_text() == "Cymraeg"


def test_it_prints_without_its_navigation(page, raised):
    page.goto("/you-said-we-did/?lang=pl")
    page.emulate_media(media="print")

    assert not page.locator(".public-languages").is_visible()
    assert not page.locator(".public-contents").is_visible()
    assert page.locator("h2#theme-damp_mould").is_visible()
    assert page.locator(".footer").is_visible()
