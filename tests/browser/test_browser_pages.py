"""In a real browser: accessibility (axe-core), keyboard use, zoom and the security policy.

Every test here also fails if any page it loads breaks the Content Security Policy (see the
``page`` fixture), which is how htmx and the stylesheet are shown to work without inline code.
"""

import pytest
from test_web_home import landlord

from browser.browsing import assert_no_axe_violations, focused, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, PASSWORD, cast, person


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def people(transactional_db):
    landlord()
    return cast(manager_areas=("North",))


def test_it_has_no_axe_violations_on_the_sign_in_page_blank_or_with_errors(page):
    page.goto("/sign-in/")
    assert page.title() == "Sign in – Doorstep – Demo Housing Association"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/")
    assert page.title().startswith("Error: Sign in")
    # The error summary takes the focus (autofocus), so a screen reader announces it first.
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    assert focused(page)["text"].startswith("There is a problem Enter your username")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_it_has_no_axe_violations_on_the_home_page_for_each_role(page, people, live_server,
                                                                  role):
    sign_in_as(page, people[role], base_url=live_server.url)
    page.goto("/")
    assert page.locator("h1").inner_text() == "Your Doorstep"
    assert page.locator("header").get_by_text(Role(role).label).is_visible()
    assert_no_axe_violations(page)


def test_it_reaches_the_skip_link_first_and_draws_the_focus(page):
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert (skip["tag"], skip["text"], skip["drawn"]) == ("a", "Skip to main content", True)
    assert page.get_by_text("Skip to main content").is_visible()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    page.keyboard.press("Tab")
    assert focused(page) == {"tag": "input", "id": "id_username", "text": "", "drawn": True}


def test_it_signs_in_with_the_keyboard_alone(page, transactional_db):
    landlord()
    person(Role.ANALYST, username="asha")
    page.goto("/sign-in/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")  # to the main content
    page.keyboard.press("Tab")
    page.keyboard.type("asha")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Your Doorstep"
    assert "Your role: Performance analyst." in page.locator("main").inner_text()


def test_it_changes_year_in_place_with_htmx_inside_the_policy(page, people, live_server):
    from doorstep.complaints.models import Complaint

    Complaint.objects.create(complaint_ref="OLD", tenure="LCRA", received_on="2024-06-01")
    sign_in_as(page, people["analyst"], base_url=live_server.url)
    page.goto("/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Reporting year").select_option("2024/25")
    page.get_by_role("button", name="Show this year").click()
    caption = page.locator("#year-figures-caption")
    caption.filter(has_text="2024/25").wait_for()
    assert caption.inner_text().startswith("Tenant Satisfaction Measures, 2024/25")
    assert page.evaluate("window.notReloaded") is True  # swapped in place, not reloaded
    assert page.url.endswith("/?year=2024%2F25")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/sign-in/", "/"])
def test_it_reflows_at_400_percent_zoom_without_sideways_scrolling(page, people, live_server,
                                                                   path):
    # 400% zoom of a 1280 x 1024 screen: a 320 x 256 CSS-pixel viewport (WCAG 1.4.10).
    page.set_viewport_size({"width": 320, "height": 256})
    sign_in_as(page, people["administrator"], base_url=live_server.url)
    page.goto(path)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window"
