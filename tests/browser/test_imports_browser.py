"""Imports in a real browser: accessible (axe-core), usable by keyboard, inside the Content
Security Policy (the ``page`` fixture fails on any breach), with htmx and without."""

import pytest
from django.test import Client

from browser.browsing import assert_no_axe_violations, focused, sign_in_as
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, person
from doorstep.imports.models import ImportRun
from doorstep.stock.models import Building

BUILDINGS = "building_ref,name\nB1,Alder Court\nB2,Birch House\n"
BAD_BUILDINGS = "building_ref,name,Notes\nB1,Alder Court,x\n,No reference,y\n"


@pytest.fixture(autouse=True)
def fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.DATA_DIR = tmp_path


@pytest.fixture
def analyst(transactional_db):
    Client().get("/imports/")  # load every app's URLs before the browser's first request
    return person(Role.ANALYST, username="asha")


def choose_file(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    page.set_input_files("#id_file", str(path))


def test_it_has_no_axe_violations_on_the_import_page_blank_or_with_errors(page, live_server,
                                                                           analyst):
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto("/imports/")
    assert page.locator("h1").inner_text() == "Import a file"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Check the file").click()
    page.locator(".error-summary").wait_for()
    assert "Select what the file holds" in page.locator(".error-summary").inner_text()
    assert_no_axe_violations(page)


def test_it_checks_and_imports_a_file_with_the_keyboard(page, live_server, analyst, tmp_path):
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto("/imports/")
    page.locator("#id_dataset_0").focus()
    page.keyboard.press("Space")  # the first radio: Buildings
    assert page.locator("#id_dataset_0").is_checked()
    assert focused(page)["id"] == "id_dataset_0"
    choose_file(page, tmp_path, "buildings.csv", BUILDINGS)
    page.locator("#id_file").focus()
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Check the file"
    page.keyboard.press("Enter")
    page.wait_for_url("**/imports/runs/*/")
    assert page.locator("h1").inner_text() == "The file is ready to import"
    assert Building.objects.count() == 0
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Import this file").focus()
    page.keyboard.press("Enter")
    page.locator("h1", has_text="Imported").wait_for()
    assert "Created 2, updated 0, unchanged 0." in page.locator("main").inner_text()
    assert Building.objects.count() == 2
    assert [run.outcome for run in ImportRun.objects.order_by("pk")] == ["checked", "imported"]
    assert_no_axe_violations(page)


def test_it_shows_every_problem_in_an_accessible_report(page, live_server, analyst, tmp_path):
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto("/imports/")
    page.get_by_label("Buildings").check()
    choose_file(page, tmp_path, "bad.csv", BAD_BUILDINGS)
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/runs/*/")
    main = page.locator("main").inner_text()
    assert "Nothing was imported" in main
    assert "Ignored columns that are not in the format: Notes." in main
    assert "building_ref" in page.locator("table").first.inner_text()
    assert_no_axe_violations(page)


def test_it_has_no_axe_violations_on_the_history_and_formats(page, live_server, analyst,
                                                             tmp_path):
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto("/imports/")
    page.get_by_label("Buildings").check()
    choose_file(page, tmp_path, "buildings.csv", BUILDINGS)
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/runs/*/")
    for path in ("/imports/history/", "/imports/formats/"):
        page.goto(path)
        assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/imports/", "/imports/history/", "/imports/formats/"])
def test_it_reflows_at_400_percent_zoom(page, live_server, analyst, path):
    page.set_viewport_size({"width": 320, "height": 256})
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto(path)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window"


def test_an_upload_runs_in_the_background_and_its_page_updates_by_itself(
        page, live_server, analyst, tmp_path, settings):
    """As in production: the upload is queued on the database, the page says it is waiting,
    the worker (run here in the test) does the check, and htmx updates the page, with no
    reload, to the outcome; axe on both states."""
    from django.core.management import call_command

    from doorstep.ops.models import Job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sign_in_as(page, analyst, base_url=live_server.url)
    page.goto("/imports/")
    page.get_by_label("Buildings").check()
    choose_file(page, tmp_path, "buildings.csv", BUILDINGS)
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get()
    assert job.status == "queued" and ImportRun.objects.count() == 0
    assert "Waiting to start Check buildings.csv (Buildings)" in page.locator("main").inner_text()
    assert "This page updates by itself" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.evaluate("window.stayedOnThePage = true")  # gone if the browser reloads the page

    call_command("worker", "--batch", verbosity=0)
    outcome = page.get_by_role("link", name="See the outcome")
    outcome.wait_for(timeout=10_000)  # htmx asks every 2 seconds
    assert page.evaluate("window.stayedOnThePage") is True
    main = page.locator("main").inner_text()
    assert "Checked 2 buildings rows: ready to import." in main
    assert "This page updates by itself" not in main
    assert_no_axe_violations(page)
    outcome.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/imports/runs/{ImportRun.objects.get().pk}/")
    assert page.locator("h1").inner_text() == "The file is ready to import"
