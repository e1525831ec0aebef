"""The residents' annual report in a real browser: axe-core in every language (Urdu right to
left), and readable on a phone (reflow at 320 CSS pixels, no sideways scrolling); the board
pack for a board member."""

import pytest
from test_publishing_year import publish, small_landlord  # noqa: F401

from browser.browsing import assert_no_axe_violations, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import person

LANGUAGES = {"en-gb": "", "cy": "cy/", "pl": "pl/", "ur": "ur/"}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_it_has_no_axe_violations_in_any_language(page, small_landlord, language):  # noqa: F811
    publish()
    page.goto(f"/report/2024-25/{LANGUAGES[language]}")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ur" else "ltr")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["en-gb", "ur"])
def test_it_reflows_on_a_phone_without_sideways_scrolling(page, small_landlord, language):  # noqa: F811
    publish()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/report/2024-25/{LANGUAGES[language]}")
    # Wide tables scroll inside their own region; the page itself never does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator(".table-scroll").count() >= 4
    assert_no_axe_violations(page)


def test_it_shows_the_board_pack_with_no_axe_violations(page, live_server, small_landlord):  # noqa: F811
    publish()
    sign_in_as(page, person(Role.BOARD_MEMBER, username="board"), base_url=live_server.url)
    page.goto("/board/2024-25/")
    assert page.locator("h1").inner_text() == "Board pack, 2024/25"
    assert_no_axe_violations(page)


def test_it_shows_the_published_year_pages_with_no_axe_violations(
    page, live_server, small_landlord  # noqa: F811
):
    publish()
    sign_in_as(page, person(Role.ANALYST, username="analyst"), base_url=live_server.url)
    for url, heading in (("/published/", "Published years"),
                         ("/published/2024-25/", "Published figures, 2024/25")):
        page.goto(url)
        assert page.locator("h1").inner_text() == heading
        assert_no_axe_violations(page)
