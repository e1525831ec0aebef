"""Issue 19, weakness 6: the summary of approach carried whatever HTML a member of staff
typed into its notes. Every output (the page, the Markdown download, what publishing freezes
for its PDF) now has the notes as plain text."""

from datetime import date

import pytest

from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.stock.models import Home
from doorstep.surveys.approach import build_approach, render, staff_text
from doorstep.surveys.models import ApproachNotes
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey

pytestmark = pytest.mark.django_db

TYPED = {
    "contractor": '<script>alert("x")</script>Acme Research ran the <b>phone</b> interviews.',
    "incentives": '<img src=x onerror=alert(1)>A prize draw &lt;script&gt;',
    "representativeness": '<a href="javascript:alert(1)">Younger</a> households answered less.',
    "other_issues": "Fewer than 5 < 10 refusals; <iframe src=//evil.example></iframe>none else",
}


@pytest.fixture
def survey():
    Home.objects.bulk_create(Home(home_ref=f"H{i:02d}", tenure="LCRA", area="North")
                             for i in range(20))
    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="LCRA",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    draw_sample(survey=survey, method="census")
    ApproachNotes.objects.create(survey=survey, **TYPED)
    return survey


def _no_markup(text: str) -> None:
    for tag in ("<script", "<img", "<a ", "<iframe", "<b>", "javascript:alert(1)\">"):
        assert tag not in text, f"{tag!r} survived in {text!r}"


def test_it_keeps_the_words_and_drops_the_tags():
    assert staff_text(TYPED["contractor"]) == 'alert("x")Acme Research ran the phone interviews.'
    assert staff_text(TYPED["incentives"]) == "A prize draw ‹script>"
    assert staff_text(TYPED["other_issues"]) == "Fewer than 5 < 10 refusals; none else"


def test_it_builds_every_section_from_plain_text(survey):
    sections = dict(build_approach(survey=survey).sections)
    assert sections["External contractor"] == [
        'alert("x")Acme Research ran the phone interviews.']
    for lines in sections.values():
        for line in lines:
            _no_markup(line)


def test_it_downloads_markdown_and_plain_text_with_no_markup(client, survey):
    client.force_login(person(Role.ANALYST))
    download = client.get(f"/surveys/{survey.pk}/approach.md")
    assert download.status_code == 200
    text = download.content.decode()
    assert "Acme Research ran the phone interviews." in text
    _no_markup(text)
    _no_markup(render(build_approach(survey=survey), markdown=False))


def test_it_shows_the_page_with_no_markup_a_person_typed(client, survey):
    client.force_login(person(Role.ANALYST))
    page = client.get(f"/surveys/{survey.pk}/approach/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Acme Research ran the phone interviews." in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" not in html
    assert "<img src=x" not in html and "onerror" not in html


def test_it_freezes_plain_text_for_the_published_pdf(survey):
    freezing = pytest.importorskip("doorstep.publishing.freezing")
    frozen = freezing._approach(survey)
    for _, lines in frozen["sections"]:
        for line in lines:
            _no_markup(line)
