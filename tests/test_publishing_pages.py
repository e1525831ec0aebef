"""The staff's publishing pages and the board pack, for a cast of users of every role."""

import io
from datetime import date

import openpyxl
import pytest
from test_management_measures import repair
from test_publishing_public import _pdf_tools_or_skip, pdf_text_and_info
from test_publishing_year import NOTE, YEAR, publish, small_landlord  # noqa: F401

from doorstep.accounts.testing import cast
from doorstep.actions.models import Action, ActionStatus
from doorstep.measures.cache import figures_changed
from doorstep.publishing.models import PublishedVersion
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response.status_code, text_of(response.content) if response.status_code == 200 else ""


PUBLISH = {
    "year": "2024/25", "methodological_note": NOTE, "non_emergency_target": "20 working days",
    "emergency_target": "24 hours", "complaint_timescales": "The Code's timescales.",
    "licence": "OGL-UK-3.0",
}


def test_it_lets_an_analyst_publish_a_year_from_the_page(client, people, small_landlord):  # noqa: F811
    client.force_login(people["analyst"])
    page = client.get("/published/")
    assert "Publish the year" in text_of(page.content)
    assert inline_code_in(page.content) == []

    response = client.post("/published/", {**PUBLISH, "methodological_note": ""})
    assert "Enter the note of methodological issues" in text_of(response.content)
    assert not PublishedVersion.objects.exists()

    response = client.post("/published/", PUBLISH)
    assert response.status_code == 302 and response["Location"] == "/published/2024-25/"
    version = PublishedVersion.objects.get()
    assert version.published_by == people["analyst"]
    assert version.complaint_timescales == "The Code's timescales."
    text = text_of(client.get("/published/2024-25/").content)
    assert "Version 1, published" in text and "The live figures still match this version" in text
    listed = client.get("/published/")
    assert "2024/25 Version 1" in text_of(listed.content)
    assert '<option value="2024/25">' not in listed.content.decode()  # published once only


@pytest.mark.parametrize("role", ["board_member", "panel_member", "service_manager",
                                  "complaints_handler", "engagement_officer"])
def test_it_shows_published_years_but_not_the_publishing_forms_to_other_roles(
    client, people, small_landlord, role  # noqa: F811
):
    publish()
    status, text = get(client, people[role], "/published/2024-25/")
    assert status == 200
    assert "Published figures, 2024/25" in text and "RP02-1" in text
    assert "Publish a correction" not in text and "regulator's return" not in text
    assert client.post("/published/2024-25/", {"reason": "x", "methodological_note": "y"}
                       ).status_code == 403
    assert client.post("/published/", PUBLISH).status_code == 403
    assert client.get("/published/2024-25/return.xlsx").status_code == 403
    assert PublishedVersion.objects.count() == 1


def test_it_refuses_a_sign_in_with_no_role(client, people, small_landlord):  # noqa: F811
    publish()
    assert get(client, people["no_role"], "/published/")[0] == 403
    assert get(client, people["no_role"], "/board/2024-25/")[0] == 403


def test_it_publishes_a_correction_and_keeps_every_version_readable(
    client, people, small_landlord  # noqa: F811
):
    publish()
    repair("P9", home=small_landlord["rented"][5], reported="2024-09-01T09:00",
           target="2024-09-02T09:00", completed="2024-09-01T15:00", priority="emergency")
    figures_changed()
    client.force_login(people["analyst"])
    text = text_of(client.get("/published/2024-25/").content)
    assert "The live figures differ from the published ones" in text
    assert "RP02-2 LCRA (– published, 100.0% now)" in text
    # The dashboard says so too.
    glance = text_of(client.get("/measures/?year=2024/25").content)
    assert "The live figures differ from the published ones for 2024/25" in glance

    response = client.post("/published/2024-25/", {"reason": "", "methodological_note": NOTE})
    assert "Enter the reason for the correction" in text_of(response.content)
    response = client.post("/published/2024-25/", {
        "reason": "An emergency repair was missing.", "methodological_note": NOTE})
    assert response.status_code == 302
    text = text_of(client.get("/published/2024-25/").content)
    assert "Version 2, published" in text and "An emergency repair was missing." in text
    old = text_of(client.get("/published/2024-25/?version=1").content)
    assert "This is not the latest version" in old


def test_it_gives_the_analyst_the_regulators_return_of_a_version(
    client, people, small_landlord  # noqa: F811
):
    publish()
    client.force_login(people["analyst"])
    response = client.get("/published/2024-25/return.xlsx?version=1")
    assert response.status_code == 200
    assert 'filename="tsm-return-2024-25-v1.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["TSM25_LCRA_Perception", "TSM25_LCHO_Perception",
                                   "TSM25_Combined_Perception", "TSM25_Management_Info"]


def _actions(people):
    overdue = Action.objects.create(
        action_ref="A-1", title="Call back on every missed repair", status=ActionStatus.AGREED,
        measure_code="RP02-1", due_on=date(2025, 1, 31), owner_name="Repairs manager")
    moved = Action.objects.create(
        action_ref="A-2", title="New complaints letters", status=ActionStatus.IN_PROGRESS,
        measure_code="CH02-1", due_on=date(2099, 6, 30), original_due_on=date(2099, 3, 31))
    Action.objects.create(action_ref="A-3", title="Done already", status=ActionStatus.DONE,
                          due_on=date(2025, 1, 31), done_on=date(2025, 1, 20))
    return overdue, moved


@pytest.mark.parametrize("role", ["board_member", "analyst", "administrator"])
def test_it_shows_the_board_pack_for_a_year(client, people, small_landlord, role):  # noqa: F811
    publish()
    _actions(people)
    status, text = get(client, people[role], "/board/2024-25/")
    assert status == 200
    assert "Board pack, 2024/25" in text
    assert "Published figures, version 1 of 2024/25" in text
    assert "RP02-1 Non-emergency repairs completed within target" in text
    assert "66.7%" in text
    assert "A-1 Call back on every missed repair" in text  # overdue
    assert "A-2 New complaints letters" in text  # deadline moved
    assert "Done already" not in text
    assert "Scrutiny recommendations awaiting a response" in text
    assert "Complaints open on" in text and "Hazard cases open under Awaab's Law: 0" in text
    assert "Data-quality warnings" in text


def test_it_shows_a_quarter_from_the_live_figures(client, people, small_landlord):  # noqa: F811
    status, text = get(client, people["board_member"], "/board/2024-25/q1/")
    assert status == 200
    assert "Board pack, 2024/25 Q1" in text and "is not published, so they may still change" in (
        text)
    # Q1 (April to June): repair P1 in time, stage 1 complaints C1 and C2 received.
    assert "1 / 1" in text
    assert "compared with 2023/24 Q4" in text
    assert get(client, people["board_member"], "/board/2024-25/q5/")[0] == 404


@pytest.mark.parametrize("role", ["panel_member", "complaints_handler", "service_manager",
                                  "engagement_officer"])
def test_it_keeps_the_board_pack_from_other_roles(client, people, small_landlord, role):  # noqa: F811
    assert get(client, people[role], "/board/2024-25/")[0] == 403
    assert get(client, people[role], "/board/2024-25/pdf/")[0] == 403


def test_it_makes_a_tagged_pdf_of_the_board_pack(client, people, small_landlord, tmp_path):  # noqa: F811
    _pdf_tools_or_skip()
    publish()
    client.force_login(people["board_member"])
    response = client.get("/board/2024-25/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text, info = pdf_text_and_info(response.content, tmp_path)
    assert "Tagged: yes" in info and "Title: Board pack, 2024/25" in info
    assert "The measures against target" in text and "66.7%" in text


def test_it_lists_published_years_in_the_same_number_of_queries_however_many(
    client, people, small_landlord  # noqa: F811
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doorstep.core.periods import ReportingYear
    from doorstep.publishing import services

    client.force_login(people["board_member"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/published/").status_code == 200
        return len(captured)

    publish()
    one = queries()
    for first in (2021, 2022, 2023):
        services.publish_year(year=ReportingYear(first), by=None, methodological_note="None.",
                              non_emergency_target="20 days", emergency_target="24 hours")
    assert queries() == one
    text = text_of(client.get("/published/").content)
    assert text.index("2024/25 Version 1") < text.index("2021/22 Version 1")


# --- "Prepare the PDF": the board pack made in the background (issue 18, item 5) -------------


def test_it_prepares_the_board_pack_pdf_as_a_job_and_serves_the_file(
    client, people, small_landlord, tmp_path, settings  # noqa: F811
):
    from doorstep.ops.models import Job
    from doorstep.ops.pdfs import prepared_path

    _pdf_tools_or_skip()
    settings.DATA_DIR = tmp_path / "data"
    publish()
    client.force_login(people["board_member"])
    assert "Prepare the PDF" in text_of(client.get("/board/2024-25/").content)
    assert client.get("/board/2024-25/prepare-pdf/").status_code == 405  # GET starts nothing
    assert Job.objects.count() == 0
    response = client.post("/board/2024-25/prepare-pdf/")
    job = Job.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/jobs/{job.pk}/")
    assert job.status == Job.Status.DONE
    assert job.message.startswith("Board pack, 2024/25: the PDF is ready (")
    assert job.result_url == f"/jobs/{job.pk}/pdf/"
    # The file the worker made, under the data folder, holds the pack's title and figure.
    made = prepared_path(job.pk)
    assert made.parent == tmp_path / "data" / "prepared"
    text, info = pdf_text_and_info(made.read_bytes(), tmp_path)
    assert "Tagged: yes" in info and "Title: Board pack, 2024/25" in info
    assert "The measures against target" in text and "66.7%" in text
    download = client.get(job.result_url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="board-pack-202425-{job.pk}.pdf"')
    assert b"".join(download.streaming_content) == made.read_bytes()
    # Another board member cannot open someone else's prepared PDF; other roles are refused.
    from doorstep.accounts.models import Role
    from doorstep.accounts.testing import person

    client.force_login(person(Role.BOARD_MEMBER, username="another_board_member"))
    assert client.get(job.result_url).status_code == 404
    client.force_login(people["engagement_officer"])
    assert client.get(job.result_url).status_code == 404
    assert client.post("/board/2024-25/prepare-pdf/").status_code == 403
    assert Job.objects.count() == 1


def test_it_prepares_the_residents_report_pdf_as_a_job(
    client, people, small_landlord, tmp_path, settings  # noqa: F811
):
    from doorstep.ops.models import Job
    from doorstep.ops.pdfs import prepared_path

    _pdf_tools_or_skip()
    settings.DATA_DIR = tmp_path / "data"
    publish()
    client.force_login(people["analyst"])
    assert "Prepare the PDF" in text_of(client.get("/published/2024-25/").content)
    assert client.post("/report/2023-24/prepare-pdf/").status_code == 404  # not published
    assert Job.objects.count() == 0
    response = client.post("/report/2024-25/prepare-pdf/")
    job = Job.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/jobs/{job.pk}/")
    assert job.status == Job.Status.DONE
    assert job.message.startswith("Residents' report, 2024/25: the PDF is ready (")
    made = prepared_path(job.pk)
    text, info = pdf_text_and_info(made.read_bytes(), tmp_path)
    assert "Tagged: yes" in info
    assert "Our year 2024/25: a report for residents" in text and "66.7%" in text
    download = client.get(f"/jobs/{job.pk}/pdf/")
    assert download["Content-Disposition"] == (
        f'attachment; filename="residents-report-202425-{job.pk}.pdf"')
    assert b"".join(download.streaming_content) == made.read_bytes()
    client.force_login(people["board_member"])  # not the person who started it
    assert client.get(f"/jobs/{job.pk}/pdf/").status_code == 404
