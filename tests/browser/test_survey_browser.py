"""The analyst's survey pages in a real browser: axe-core finds nothing on the survey list,
the questions, the sample page (with its warning, and with its errors shown), the links,
progress, weighting and the summary of approach, and the wide progress table scrolls inside
its own region at 320 px. Any Content Security Policy violation fails the test (see the
``page`` fixture)."""

from datetime import date

import pytest

from browser.browsing import assert_no_axe_violations, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, person
from doorstep.stock.models import Home
from doorstep.surveys.models import SampleExclusion
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey, record_response
from doorstep.surveys.weighting import apply_weights


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def survey(transactional_db):
    for area, count in (("North", 6), ("South", 4)):
        Home.objects.bulk_create(Home(home_ref=f"R{area[0]}{n}", tenure="LCRA", area=area)
                                 for n in range(count))
    Home.objects.bulk_create(Home(home_ref=f"O{n}", tenure="LCHO", area="North")
                             for n in range(3))
    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    SampleExclusion.objects.create(survey=survey, home=Home.objects.get(home_ref="RS3"),
                                   reason="bereavement")
    draw_sample(survey=survey, method="stratified", seed=5, invitations={"LCRA": 6, "LCHO": 2})
    for ref, channel in (("RN0", "online"), ("RN1", "telephone"), ("RS0", "postal"),
                         ("O0", "online")):
        record_response(survey=survey, home=Home.objects.get(home_ref=ref), channel=channel,
                        answers={"TP01": 1, "TP05": 2}, completed_on=date(2025, 10, 1))
    apply_weights(survey=survey, characteristics=["area", "tenure"])
    return survey


def test_it_has_no_axe_violations_on_the_survey_pages(page, live_server, survey):
    sign_in_as(page, person(Role.ANALYST), base_url=live_server.url)
    checks = {
        "/surveys/": "Surveys",
        f"/surveys/{survey.pk}/": "Questions",
        f"/surveys/{survey.pk}/sample/": "Sample",
        f"/surveys/{survey.pk}/links/": "Send the online survey links",
        f"/surveys/{survey.pk}/progress/": "Responses so far",
        f"/surveys/{survey.pk}/weighting/": "Weighting",
        f"/surveys/{survey.pk}/approach/": "Summary of approach",
    }
    for path, heading in checks.items():
        page.goto(path)
        assert page.locator("h1").inner_text() == heading
        assert_no_axe_violations(page)
    # 10 renters need 384.16 / (1 + 384.16 / 10) = 9.75, so 10 responses; with one left out
    # only 9 can be asked, and a census of under 2,500 households is the only way to meet it.
    page.goto(f"/surveys/{survey.pk}/sample/")
    assert "Only a census can meet the requirement for LCRA: 10 responses are needed and only " \
        "9 households can be asked." in page.locator(".warning-text").first.inner_text()


def test_it_shows_the_sample_form_errors_accessibly(page, live_server, survey):
    renters = create_survey(name="Renters 2025/26", kind="perception", tenure_scope="LCRA",
                            year="2025/26", fieldwork_starts=date(2025, 9, 1),
                            fieldwork_ends=date(2025, 11, 30))
    sign_in_as(page, person(Role.ANALYST), base_url=live_server.url)
    page.goto(f"/surveys/{renters.pk}/sample/")
    page.get_by_label("Stratified random sample by area and tenure").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Draw the sample").click()
    assert page.title().startswith("Error: Sample")
    assert "Enter the response rate you expect, or the numbers of households to invite" in \
        page.locator(".error-summary").inner_text()
    assert_no_axe_violations(page)


def test_it_shows_the_new_survey_form_errors_accessibly(page, live_server, transactional_db):
    sign_in_as(page, person(Role.ANALYST), base_url=live_server.url)
    page.goto("/surveys/new/")
    assert_no_axe_violations(page)
    page.get_by_label("Reporting year").fill("2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Set up the survey").click()
    assert page.title().startswith("Error: Set up a TSM survey")
    summary = page.locator(".error-summary").inner_text()
    assert "Enter a name for the survey" in summary
    assert "Select who the survey covers" in summary
    assert_no_axe_violations(page)


def test_it_keeps_the_progress_page_within_a_small_phone_screen(page, live_server, survey):
    sign_in_as(page, person(Role.ANALYST), base_url=live_server.url)
    page.set_viewport_size({"width": 320, "height": 480})
    page.goto(f"/surveys/{survey.pk}/progress/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.get_by_role("region", name="Responses by tenure and area against target, "
                            "by channel").is_visible()
