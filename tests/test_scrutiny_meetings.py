"""The panel's meetings: engagement officers plan them, write the agenda, add papers (the
same type and size rules as the panel's evidence, served only as downloads) and write the
minutes; current members and the board read them and can print them."""

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from scrutiny_setup import scrutiny_cast

from doorstep.scrutiny import services
from doorstep.scrutiny.models import Meeting, MeetingPaper
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return scrutiny_cast()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def plan(people):
    return services.plan_meeting(by=people["engagement_officer"], held_on=date(2027, 1, 14),
                                 starts_at=time(18, 30), place="Community room, Elm Court",
                                 agenda="Welcome\nRepairs review: the evidence pack\n\n"
                                 "Any other business")


def test_it_lets_an_engagement_officer_plan_a_meeting_on_screen(people):
    officer = client_for(people["engagement_officer"])
    response = officer.post("/scrutiny/meetings/new/", {
        "held_on": "2027-01-14", "starts_at": "18:30", "place": "Community room",
        "agenda": "Welcome\nRepairs review"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/scrutiny/meetings/{meeting.pk}/"
    assert (meeting.held_on, meeting.starts_at, meeting.place) == (
        date(2027, 1, 14), time(18, 30), "Community room")
    entry = meeting.activity.get()
    assert (entry.action, entry.by) == ("planned", people["engagement_officer"])
    assert entry.changes["held_on"] == [None, "2027-01-14"]


def test_it_shows_the_date_of_the_meeting_is_needed(people):
    response = client_for(people["engagement_officer"]).post("/scrutiny/meetings/new/", {
        "held_on": "", "agenda": "Welcome"})
    assert response.status_code == 200
    assert "Enter the date of the meeting" in text_of(response.content)
    assert Meeting.objects.count() == 0


def test_it_shows_members_the_agenda_one_item_a_line_without_blank_items(people):
    meeting = plan(people)
    page = client_for(people["member"]).get(f"/scrutiny/meetings/{meeting.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<li>Welcome</li>") == 1
    assert "<li>Repairs review: the evidence pack</li>" in html
    assert "<li></li>" not in html
    text = text_of(page.content)
    assert "Thursday 14 January 2027" in text and "18:30" in text
    assert "Community room, Elm Court" in text
    # Members read; they are not offered the officer's changes.
    assert f"/scrutiny/meetings/{meeting.pk}/minutes/" not in html
    assert f"/scrutiny/meetings/{meeting.pk}/papers/new/" not in html


def test_it_lets_only_engagement_officers_change_the_meeting(people):
    meeting = plan(people)
    for who in ("member", "board_member", "analyst"):
        client = client_for(people[who])
        assert client.get(f"/scrutiny/meetings/{meeting.pk}/change/").status_code == 403
        assert client.post(f"/scrutiny/meetings/{meeting.pk}/minutes/",
                           {"minutes": "x"}).status_code == 403
    assert client_for(people["former"]).get(f"/scrutiny/meetings/{meeting.pk}/").status_code == 403
    assert client_for(people["board_member"]).get(
        f"/scrutiny/meetings/{meeting.pk}/").status_code == 200


def test_it_changes_the_agenda_and_records_before_and_after(people):
    meeting = plan(people)
    response = client_for(people["engagement_officer"]).post(
        f"/scrutiny/meetings/{meeting.pk}/change/", {
            "held_on": "2027-01-21", "starts_at": "18:30", "place": "Community room, Elm Court",
            "agenda": "Welcome\nRepairs review: the evidence pack\n\nAny other business"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == date(2027, 1, 21)
    entry = meeting.activity.get(action="changed")
    assert entry.changes == {"held_on": ["2027-01-14", "2027-01-21"]}


def test_it_records_the_minutes_with_who_wrote_them(people):
    meeting = plan(people)
    officer = people["engagement_officer"]
    response = client_for(officer).post(f"/scrutiny/meetings/{meeting.pk}/minutes/", {
        "minutes": "The panel agreed to visit two blocks.\nAction: officer to book the visits."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("The panel agreed to visit two blocks.")
    assert meeting.minutes_by == officer
    page = text_of(client_for(people["member"]).get(f"/scrutiny/meetings/{meeting.pk}/").content)
    assert "The panel agreed to visit two blocks." in page
    assert "Minutes written" in page


def test_it_refuses_empty_minutes(people):
    meeting = plan(people)
    response = client_for(people["engagement_officer"]).post(
        f"/scrutiny/meetings/{meeting.pk}/minutes/", {"minutes": "   "})
    assert "Write the minutes" in text_of(response.content)
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def add(people, meeting, name, content):
    return client_for(people["engagement_officer"]).post(
        f"/scrutiny/meetings/{meeting.pk}/papers/new/", {
            "title": "Repairs figures", "file": SimpleUploadedFile(name, content)})


def test_it_keeps_a_paper_and_serves_it_only_as_a_download(people):
    meeting = plan(people)
    assert add(people, meeting, "repairs.pdf", PDF).status_code == 302
    paper = MeetingPaper.objects.get()
    assert (paper.title, paper.file_name, paper.added_by) == (
        "Repairs figures", "repairs.pdf", people["engagement_officer"])
    got = client_for(people["member"]).get(f"/scrutiny/meetings/{meeting.pk}/papers/{paper.pk}/")
    assert got["Content-Disposition"] == 'attachment; filename="repairs.pdf"'
    assert got["Content-Type"] == "application/octet-stream"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == PDF
    assert client_for(people["former"]).get(
        f"/scrutiny/meetings/{meeting.pk}/papers/{paper.pk}/").status_code == 403
    assert Client().get(f"/scrutiny/meetings/{meeting.pk}/papers/{paper.pk}/").status_code == 302


@pytest.mark.parametrize(("name", "content", "message"), [
    ("page.html", b"<script>alert(1)</script>", "The file must be a PDF, a picture"),
    ("drawing.svg", b"<svg onload='x'/>", "The file must be a PDF, a picture"),
    ("fake.pdf", b"<html>not a pdf</html>", "The file is not a real PDF file"),
    ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "The file must be smaller than 10 MB"),
])
def test_it_refuses_papers_the_evidence_rules_refuse(people, name, content, message):
    meeting = plan(people)
    response = add(people, meeting, name, content)
    assert response.status_code == 200
    assert message in text_of(response.content)
    assert MeetingPaper.objects.count() == 0


def test_it_prints_the_meeting_without_the_navigation(people):
    meeting = plan(people)
    html = client_for(people["member"]).get(f"/scrutiny/meetings/{meeting.pk}/").content.decode()
    assert '<nav aria-label="Scrutiny panel" class="no-print">' in html
    assert "scrutiny/scrutiny.css" in html


def test_it_lists_the_meetings_latest_first(people):
    plan(people)
    services.plan_meeting(by=people["engagement_officer"], held_on=date(2027, 3, 4))
    text = text_of(client_for(people["member"]).get("/scrutiny/meetings/").content)
    assert text.index("Thursday 4 March 2027") < text.index("Thursday 14 January 2027")
