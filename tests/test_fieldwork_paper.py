"""The paper questionnaire: read back from the PDF with pdftotext (poppler-utils), it holds
every question in order with tick-box answers and the filter routing, the landlord's name,
and the household reference on every page; the home appears on the cover letter only."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core.management import call_command

from doorstep.accounts.testing import cast
from doorstep.fieldwork import references
from doorstep.fieldwork.paper import questionnaire_html
from doorstep.stock.models import Building, Home
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey, record_response
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def needs_pdftotext():
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")


@pytest.fixture
def survey(settings):
    settings.LANDLORD_NAME = "Riverside Homes"
    block = Building.objects.create(building_ref="B1", name="Poplar Court", postcode="KM4 9YR")
    Home.objects.create(home_ref="RIV-000123", tenure="LCRA", area="North", building=block,
                        postcode="KM4 9YR")
    Home.objects.create(home_ref="RIV-000200", tenure="LCHO", area="South")
    Home.objects.create(home_ref="RIV-000300", tenure="LCRA", area="South")
    survey = create_survey(name="TSM 2026/27", kind="perception", tenure_scope="combined",
                           year="2026/27", fieldwork_starts=date(2026, 9, 1),
                           fieldwork_ends=date(2026, 11, 30))
    draw_sample(survey=survey, method="census", seed=1)
    return survey


def pages_of(pdf_path) -> list[str]:
    """Each page's words, whitespace collapsed (pdftotext puts a form feed between pages)."""
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def reference_of(survey, home_ref) -> str:
    return references.household_reference(survey=survey, home=Home.objects.get(home_ref=home_ref))


def test_it_prints_every_question_with_its_routing_and_the_reference_on_each_page(
    survey, tmp_path
):
    call_command("survey_paper", survey="TSM 2026/27", out=tmp_path, household=["RIV-000123"])
    reference = reference_of(survey, "RIV-000123")
    pdf = tmp_path / f"questionnaire-tsm-202627-{reference}.pdf"
    pages = pages_of(pdf)
    assert len(pages) >= 3
    for page in pages:
        assert f"Household reference {reference}" in page
    # The home is named on the cover letter only.
    assert "Home RIV-000123 Poplar Court KM4 9YR" in pages[0]
    assert "Tell Riverside Homes what you think" in pages[0]
    assert "by 30 November 2026" in pages[0]
    for page in pages[1:]:
        assert "RIV-000123" not in page and "KM4 9YR" not in page and "Poplar" not in page

    questions = " ".join(pages[1:])
    in_order = [
        "1. Taking everything into account, how satisfied or dissatisfied are you with the "
        "service provided by Riverside Homes? Very satisfied Fairly satisfied Neither "
        "satisfied nor dissatisfied Fairly dissatisfied Very dissatisfied",
        "2. Has Riverside Homes carried out a repair to your home in the last 12 months? Yes "
        "No \u2192 Go to question 5",
        "3. How satisfied or dissatisfied are you with the overall repairs service from "
        "Riverside Homes over the last 12 months? Answer this only if you answered \u201cYes\u201d "
        "at question 2.",
        "4. How satisfied or dissatisfied are you with the time taken",
        "9. To what extent do you agree or disagree with the following \u201cRiverside Homes "
        "treats me fairly and with respect\u201d? Strongly agree Agree Neither agree nor "
        "disagree Disagree Strongly disagree",
        "10. Have you made a complaint to Riverside Homes in the last 12 months? Yes No \u2192 "
        "Go to question 12",
        "11. How satisfied or dissatisfied are you with Riverside Homes\u2019s approach to "
        "complaints handling? Answer this only if you answered \u201cYes\u201d at question 10.",
        "12. Do you live in a building with communal areas",
        "Yes No \u2192 Go to question 14",
        "13. How satisfied or dissatisfied are you that Riverside Homes keeps these communal "
        "areas clean and well maintained? Answer this only if you answered \u201cYes\u201d at "
        "question 12.",
        "15. How satisfied or dissatisfied are you with Riverside Homes\u2019s approach to "
        "handling anti-social behaviour?",
    ]
    positions = [questions.find(part) for part in in_order]
    missing = [part for part, at in zip(in_order, positions, strict=True) if at == -1]
    assert missing == []
    assert positions == sorted(positions)
    # Don't know is never offered on paper.
    assert "know" not in questions.lower()


def test_it_leaves_the_repair_questions_off_an_owners_questionnaire(survey, tmp_path):
    call_command("survey_paper", survey="TSM 2026/27", out=tmp_path, household=["RIV-000200"])
    questions = " ".join(pages_of(next(tmp_path.glob("*.pdf")))[1:])
    assert "repair" not in questions
    assert "2. Thinking about the condition of the property" in questions


def test_it_prints_the_sample_in_one_file_leaving_out_households_that_answered(
    survey, tmp_path, capsys
):
    record_response(survey=survey, home=Home.objects.get(home_ref="RIV-000300"),
                    channel="online", answers={"TP01": 1}, completed_on=date(2026, 9, 4))
    call_command("survey_paper", survey="TSM 2026/27", out=tmp_path, one_file=True)
    assert "Left out 1 household that already answered." in capsys.readouterr().out
    pages = pages_of(tmp_path / "questionnaires-tsm-202627-en.pdf")
    first, second = reference_of(survey, "RIV-000123"), reference_of(survey, "RIV-000200")
    covers = [number for number, page in enumerate(pages) if "Dear resident" in page]
    assert len(covers) == 2
    for number, page in enumerate(pages):
        expected = first if number < covers[1] else second
        assert f"Household reference {expected}" in page
    assert reference_of(survey, "RIV-000300") not in " ".join(pages)


def test_it_sets_the_language_and_direction_of_the_questionnaire(survey):
    homes = [Home.objects.get(home_ref="RIV-000123")]
    welsh = questionnaire_html(survey=survey, homes=homes, language="cy")
    assert '<html lang="cy">' in welsh
    urdu = questionnaire_html(survey=survey, homes=homes, language="ur")
    assert '<html lang="ur" dir="rtl">' in urdu
    with pytest.raises(ValueError, match="'fr' is not a questionnaire language"):
        questionnaire_html(survey=survey, homes=homes, language="fr")


def test_it_lets_staff_download_one_households_questionnaire(client, survey, tmp_path):
    client.force_login(cast()["engagement_officer"])
    reference = reference_of(survey, "RIV-000300")
    response = client.get(f"/fieldwork/surveys/{survey.pk}/paper/",
                          {"household": "RIV-000300", "language": "en"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="questionnaire-tsm-202627-{reference}.pdf"')
    pdf = tmp_path / "download.pdf"
    pdf.write_bytes(response.content)
    assert f"Household reference {reference}" in pages_of(pdf)[1]


def test_it_says_what_is_wrong_with_a_household_it_cannot_print(client, survey):
    client.force_login(cast()["analyst"])
    page = client.get(f"/fieldwork/surveys/{survey.pk}/paper/",
                      {"household": "ZZZZ-ZZZZ-Z", "language": "en"})
    text = text_of(page.content)
    assert page["Content-Type"].startswith("text/html")
    assert "There is a problem" in text
    assert re.search(r"ZZZZ-ZZZZ-Z is not a household reference: a character may be mistyped",
                     text)
