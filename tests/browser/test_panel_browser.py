"""The scrutiny panel's pages in a real browser: axe-core clean, keyboard, zoom, htmx inside
the Content Security Policy (the ``page`` fixture fails on any breach)."""

import pytest
from django.test import Client
from test_panel_comments import REDACTED, residents_said
from test_panel_measures import landlord

from browser.browsing import assert_no_axe_violations, focused, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, person


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def panel_member(transactional_db):
    landlord()
    residents_said()
    # Load every app's URLs and views before the browser's first request (seconds on a
    # busy machine), so that its 5-second timeout measures the page, not Python's imports.
    Client().get("/panel/")
    return person(Role.PANEL_MEMBER, username="pat")


def test_it_has_no_axe_violations_on_the_panels_measures_whole_and_by_area(page, live_server,
                                                                           panel_member):
    sign_in_as(page, panel_member, base_url=live_server.url)
    page.goto("/panel/")
    assert page.locator("h1").inner_text() == "The year's measures for the scrutiny panel"
    assert_no_axe_violations(page)
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Break the figures down by").select_option("area")
    page.get_by_role("button", name="Show these figures").click()
    caption = page.locator("#panel-figures-caption")
    caption.filter(has_text="by area").wait_for()
    assert page.evaluate("window.notReloaded") is True  # swapped in place by htmx
    table = page.locator("#panel-figures table.panel-table").inner_text()
    assert "North\tNot shown" in table and "East\t40.0%\t15 residents" in table
    assert_no_axe_violations(page)


def test_it_has_no_axe_violations_on_what_residents_said(page, live_server, panel_member):
    sign_in_as(page, panel_member, base_url=live_server.url)
    page.goto("/panel/comments/")
    assert page.locator("h1").inner_text() == "What residents said"
    assert REDACTED in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Theme", exact=True).select_option("repairs")
    page.get_by_role("button", name="Show these comments").click()
    page.locator("h2", has_text="Comments about Repairs").wait_for()
    assert_no_axe_violations(page)


def test_it_moves_between_the_panels_pages_with_the_keyboard(page, live_server, panel_member):
    sign_in_as(page, panel_member, base_url=live_server.url)
    page.goto("/panel/")
    page.get_by_role("link", name="Residents' comments").focus()
    assert focused(page)["drawn"] is True
    page.keyboard.press("Enter")
    page.wait_for_url("**/panel/comments/")
    assert page.locator("h1").inner_text() == "What residents said"


@pytest.mark.parametrize("path", ["/panel/?year=2025%2F26&by=area", "/panel/comments/"])
def test_it_reflows_at_400_percent_zoom(page, live_server, panel_member, path):
    page.set_viewport_size({"width": 320, "height": 256})
    sign_in_as(page, panel_member, base_url=live_server.url)
    page.goto(path)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window"
