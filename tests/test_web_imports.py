"""Imports in the browser: check a file, read the report, confirm, and the history.

Real files go through the real importer: CSV and XLSX built here, uploaded with the test
client. Only analysts and administrators may import; everyone else is refused with 403.
"""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from doorstep.accounts.testing import cast
from doorstep.imports.models import ImportRun
from doorstep.imports.reading import file_sha256
from doorstep.stock.models import Building, Home
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

BUILDINGS = "building_ref,name,postcode\nB1,Alder Court,LS1 4AB\nB2,Birch House,LS2 7CD\n"
# Row 2 is fine; row 3 names a building Doorstep has never heard of and a tenure that does
# not exist; the Notes column is not in the format.
BAD_HOMES = ("home_ref,tenure,area,building_ref,Notes\n"
             "H1,LCRA,North,,first\n"
             "H2,Freehold,South,B404,second\n")


@pytest.fixture(autouse=True)
def private_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


def upload(name: str, content: str | bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def check(client, dataset: str, name: str, content, **extra):
    data = {"file": upload(name, content)}
    if dataset:
        data["dataset"] = dataset
    return client.post("/imports/", data, **extra)


def kept_files(data_dir: Path) -> list[str]:
    folder = data_dir / "uploads"
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) \
        if folder.exists() else []


# Who may import --------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["administrator", "analyst"])
def test_it_opens_the_import_page_to_analysts_and_administrators(client, people, role):
    client.force_login(people[role])
    response = client.get("/imports/")
    text = text_of(response.content)
    assert response.status_code == 200
    assert "Import a file" in text
    assert "What does the file hold? Import them in this order" in text
    # Every dataset, in import order, each with its hint and a link to its columns.
    order = ["Buildings", "Homes", "Stock condition", "Repairs", "Complaints",
             "Anti-social behaviour (ASB) cases", "Safety requirements", "Safety checks",
             "Survey responses"]
    form = text[text.index("What does the file hold?"):]
    places = [form.index(f"{label} ") for label in order]
    assert places == sorted(places)
    assert ("Homes The stock: one row per dwelling unit. Import buildings first. See the columns"
            " of Homes") in text
    html = response.content.decode()
    assert 'href="/imports/formats/#survey_responses"' in html
    assert 'aria-describedby="id_dataset_1-hint"' in html
    assert inline_code_in(html) == []


@pytest.mark.parametrize("role", ["service_manager", "complaints_handler", "engagement_officer",
                                  "board_member", "panel_member", "no_role"])
def test_it_refuses_every_import_page_to_everyone_else(client, people, role):
    checked = ImportRun.objects.create(
        dataset="buildings", file_name="b.csv", file_sha256="0" * 64, run_by="asha (web)",
        started_at=timezone.now(), finished_at=timezone.now(), outcome="checked")
    client.force_login(people[role])
    for path in ("/imports/", "/imports/history/", "/imports/formats/",
                 f"/imports/runs/{checked.pk}/"):
        response = client.get(path, headers={"HX-Request": "true"})
        assert response.status_code == 403, (role, path)
        assert "does not include permission to import data" in text_of(response.content)
    response = check(client, "buildings", "buildings.csv", BUILDINGS)
    assert response.status_code == 403
    assert client.post(f"/imports/runs/{checked.pk}/import/").status_code == 403
    assert Building.objects.count() == 0
    assert ImportRun.objects.count() == 1


def test_it_keeps_imports_out_of_the_navigation_of_those_who_cannot_import(client, people):
    client.force_login(people["board_member"])
    assert 'href="/imports/"' not in client.get("/").content.decode()
    client.force_login(people["analyst"])
    assert 'href="/imports/"' in client.get("/").content.decode()


def test_it_refuses_an_upload_without_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["analyst"])
    response = check(client, "buildings", "buildings.csv", BUILDINGS)
    assert response.status_code == 403
    assert ImportRun.objects.count() == 0


# Check, then confirm ---------------------------------------------------------------------

def test_it_checks_a_file_first_and_writes_nothing_until_confirmed(client, people,
                                                                   private_data_dir):
    client.force_login(people["analyst"])
    response = check(client, "buildings", "buildings.csv", BUILDINGS)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/imports/runs/{run.pk}/"
    assert (run.outcome, run.rows, run.created, run.user) == ("checked", 2, 2, people["analyst"])
    assert run.run_by == "analyst (web)"
    assert Building.objects.count() == 0
    # Kept privately under DATA_DIR, in a folder named by the file's SHA-256.
    assert kept_files(private_data_dir) == [f"{run.file_sha256}/buildings.csv"]

    text = text_of(client.get(response["Location"]).content)
    assert "The file is ready to import" in text
    assert ("Checked 2 buildings rows from buildings.csv in " in text
            and "Would create 2, would update 0, unchanged 0." in text)
    assert "This was a check only: nothing was written." in text
    assert "Import this file" in text

    response = client.post(f"/imports/runs/{run.pk}/import/")
    imported = ImportRun.objects.get(outcome="imported")
    assert response["Location"] == f"/imports/runs/{imported.pk}/"
    assert list(Building.objects.order_by("building_ref").values_list("building_ref", "name")) \
        == [("B1", "Alder Court"), ("B2", "Birch House")]
    assert imported.file_sha256 == run.file_sha256
    assert kept_files(private_data_dir) == []  # gone once imported
    text = text_of(client.get(response["Location"]).content)
    assert "Imported Imported 2 buildings rows from buildings.csv in" in text
    assert "Created 2, updated 0, unchanged 0." in text
    # The check can no longer be confirmed: its file is gone.
    text = text_of(client.get(f"/imports/runs/{run.pk}/").content)
    assert "Import this file" not in text
    assert "This file is no longer waiting to be imported" in text


def test_it_says_so_when_the_checked_file_is_gone_instead_of_importing(client, people,
                                                                       private_data_dir):
    client.force_login(people["administrator"])
    check(client, "buildings", "buildings.csv", BUILDINGS)
    run = ImportRun.objects.get()
    for path in (private_data_dir / "uploads").rglob("*.csv"):
        path.unlink()
    response = client.post(f"/imports/runs/{run.pk}/import/", follow=True)
    assert ("This file is no longer waiting to be imported: it has been imported already, "
            "or was checked more than a day ago. Upload it again.") in text_of(response.content)
    assert Building.objects.count() == 0
    assert ImportRun.objects.count() == 1


def test_it_will_not_import_a_kept_file_that_changed_after_its_check(client, people,
                                                                     private_data_dir):
    client.force_login(people["analyst"])
    check(client, "buildings", "buildings.csv", BUILDINGS)
    run = ImportRun.objects.get()
    kept = next((private_data_dir / "uploads").rglob("*.csv"))
    kept.write_text(BUILDINGS + "B3,Cedar Row,LS3 1AA\n")
    assert "Import this file" not in text_of(client.get(f"/imports/runs/{run.pk}/").content)
    client.post(f"/imports/runs/{run.pk}/import/")
    assert Building.objects.count() == 0


def test_it_confirms_only_a_clean_check(client, people):
    client.force_login(people["analyst"])
    check(client, "homes", "homes.csv", BAD_HOMES)
    rejected = ImportRun.objects.get()
    assert client.post(f"/imports/runs/{rejected.pk}/import/").status_code == 404
    assert client.get(f"/imports/runs/{rejected.pk}/import/").status_code == 405
    assert client.get("/imports/runs/999999/").status_code == 404


def test_it_lists_every_problem_with_its_row_and_column_as_the_command_line_does(
        client, people, private_data_dir):
    client.force_login(people["analyst"])
    response = check(client, "homes", "homes.csv", BAD_HOMES, follow=True)
    text = text_of(response.content)
    run = ImportRun.objects.get()
    assert (run.outcome, run.error_count) == ("rejected", 2)
    assert "Nothing was imported 2 problems in homes.csv (2 rows checked)." in text
    assert "Ignored columns that are not in the format: Notes." in text
    assert "Row Column Value Problem" in text
    assert "3 tenure Freehold 'Freehold' is not a known tenure: use one of LCRA, LCHO" in text
    assert ("3 building_ref B404 there is no building with reference 'B404': import it in "
            "buildings first") in text
    assert "Import this file" not in text
    assert Home.objects.count() == 0
    assert kept_files(private_data_dir) == []  # nothing to confirm, so nothing kept


def test_it_reads_an_excel_workbook_as_well(client, people):
    workbook = Workbook()
    workbook.active.title = "buildings"
    for row in (["building_ref", "name"], ["B1", "Alder Court"], ["B2", "Birch House"],
                ["B3", "Cedar Row"]):
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(people["analyst"])
    text = text_of(check(client, "buildings", "stock.xlsx", content.getvalue(),
                         follow=True).content)
    assert "Checked 3 buildings rows from stock.xlsx" in text
    assert "Would create 3, would update 0, unchanged 0." in text


@pytest.mark.parametrize(("name", "content", "message"), [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
     "This is an old Excel (.xls) file: save it as an Excel workbook (.xlsx) or as 'CSV "
     "UTF-8' and import that"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "This is not a CSV or XLSX file (it holds binary data)"),
    ("empty.csv", b"", "The file is empty: it needs a header row and at least one row"),
    ("latin1.csv", "building_ref,name\nB1,Café Row\n".encode("latin-1"),
     "The file is not UTF-8 text (the first character that is not UTF-8 is on line 2)."),
])
def test_it_gives_the_importers_own_message_for_a_file_it_cannot_read(client, people, name,
                                                                      content, message):
    client.force_login(people["analyst"])
    text = text_of(check(client, "buildings", name, content, follow=True).content)
    assert "Nothing was imported 1 problem in" in text
    assert message in text
    assert "Whole file" in text


def test_it_asks_for_the_dataset_and_the_file_with_an_error_summary(client, people):
    client.force_login(people["analyst"])
    response = client.post("/imports/", {})
    text = text_of(response.content)
    assert response.status_code == 200
    assert "There is a problem Select what the file holds Select a CSV or Excel file to upload" \
        in text
    assert "Error: Select what the file holds" in text
    assert "<title>Error: Import a file" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_it_refuses_a_file_over_the_size_limit_in_the_setting(client, people, settings):
    settings.IMPORT_UPLOAD_MAX_MB = 1
    client.force_login(people["analyst"])
    big = "building_ref,name\n" + "".join(f"B{n},{'x' * 40}\n" for n in range(30_000))
    assert len(big) > 1024 * 1024  # 30,000 rows of about 47 characters: over 1 MB
    text = text_of(check(client, "buildings", "big.csv", big).content)
    assert ("The file must be smaller than 1 MB: split it into several files, or import it "
            "with the doorstep import command") in text
    assert "Up to 1 MB." in text
    assert ImportRun.objects.count() == 0


def test_it_sends_htmx_to_the_report_as_a_whole_page(client, people):
    client.force_login(people["analyst"])
    response = check(client, "buildings", "buildings.csv", BUILDINGS,
                     headers={"HX-Request": "true"})
    run = ImportRun.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/imports/runs/{run.pk}/"


# History -----------------------------------------------------------------------------------

def record_runs(count: int, *, user=None, start: int = 0) -> None:
    """Runs a minute apart: repairs-0.csv is the oldest."""
    first = timezone.now() - timedelta(days=1)
    ImportRun.objects.bulk_create(
        ImportRun(dataset="repairs", file_name=f"repairs-{n}.csv", file_sha256="a" * 64,
                  run_by="asha (command line)", user=user,
                  started_at=first + timedelta(minutes=n), finished_at=first + timedelta(
                      minutes=n, seconds=2),
                  outcome="imported", rows=100 + n, created=n, errors=[])
        for n in range(start, start + count))


def test_it_lists_the_import_history_newest_first_a_page_at_a_time(client, people):
    record_runs(30)
    client.force_login(people["analyst"])
    text = text_of(client.get("/imports/history/").content)
    assert "Checks and imports" in text
    # 30 runs, 25 a page: the newest 25 here (29 down to 5), the other 5 on page 2.
    assert text.count("repairs-") == 25
    assert text.index("repairs-29.csv") < text.index("repairs-28.csv") < text.index(
        "repairs-5.csv")
    assert "Page 1 of 2" in text and "Next page" in text
    text = text_of(client.get("/imports/history/?page=2").content)
    assert text.count("repairs-") == 5
    assert "Previous page" in text
    assert "Repairs repairs-0.csv Imported 100 0 0 0 asha (command line)" in text
    assert "repairs-5.csv" not in text


def test_it_lists_the_history_in_the_same_number_of_queries_for_3_runs_or_30(client, people):
    client.force_login(people["analyst"])
    record_runs(3, user=people["analyst"])
    with CaptureQueriesContext(connection) as few:
        client.get("/imports/history/")
    record_runs(27, user=people["administrator"], start=3)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/imports/history/")
    assert text_of(response.content).count("repairs-") == 25
    assert len(many) == len(few)


def test_it_shows_the_columns_of_every_dataset(client, people):
    client.force_login(people["analyst"])
    text = text_of(client.get("/imports/formats/").content)
    assert "2. Homes The stock: one row per dwelling unit. Import buildings first." in text
    assert "Area Required: every row needs a value Patch" in text
    assert "Scheme Optional Estate" in text


def test_it_keeps_uploads_where_no_address_serves_them(client, people, private_data_dir):
    client.force_login(people["analyst"])
    check(client, "buildings", "buildings.csv", BUILDINGS)
    sha = ImportRun.objects.get().file_sha256
    assert sha == file_sha256(next((private_data_dir / "uploads").rglob("*.csv")))
    for path in (f"/uploads/{sha}/buildings.csv", f"/static/uploads/{sha}/buildings.csv",
                 f"/imports/uploads/{sha}/buildings.csv"):
        assert client.get(path).status_code == 404
