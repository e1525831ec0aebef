"""The public side of a published year: the residents' report (page and PDF, in four
languages) and the open data, without sign-in, showing published figures only and nothing
personal (``small_landlord`` plants a resident's name, phone number and address in a
survey comment)."""

import csv
import io
import json
import re
import shutil
import subprocess

import pytest
from conftest import IN_CI
from test_management_measures import repair
from test_publishing_year import NOTE, PLANTED, YEAR, publish, small_landlord  # noqa: F401

from doorstep.measures.cache import figures_changed
from doorstep.publishing import services
from doorstep.publishing.models import Licence
from doorstep.publishing.reading_age import READING_AGE_TARGET, reading_age, report_text
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

REPORT = "/report/2024-25/"
LANGUAGES = {"en-gb": REPORT, "cy": REPORT + "cy/", "pl": REPORT + "pl/", "ur": REPORT + "ur/"}


def test_it_shows_nothing_for_a_year_not_published(client, small_landlord):  # noqa: F811
    for url in (REPORT, REPORT + "report.pdf", "/open/tsm/2024-25.csv",
                "/open/tsm/2024-25.json"):
        assert client.get(url).status_code == 404, url


def test_it_serves_the_open_data_without_sign_in_one_row_per_measure_part_and_tenure(
    client, small_landlord  # noqa: F811
):
    version = publish()
    response = client.get("/open/tsm/2024-25.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ["code", "name", "tenure", "numerator", "denominator", "value",
                             "unit", "version", "published_on"]
    assert len(rows) == version.figures.count()
    assert len({(row["code"], row["tenure"]) for row in rows}) == len(rows)
    rp02 = next(row for row in rows if row["code"] == "RP02-1")
    assert (rp02["tenure"], rp02["numerator"], rp02["denominator"], rp02["unit"]) == (
        "LCRA", "2.0", "3.0", "%")
    assert float(rp02["value"]) == pytest.approx(200 / 3)
    assert next(row for row in rows if row["code"] == "RP02-2")["value"] == ""  # [U]
    assert {row["version"] for row in rows} == {"1"}
    for planted in PLANTED:
        assert planted not in response.content.decode(), planted
    assert response["Link"] == ('<https://www.nationalarchives.gov.uk/doc/open-government-'
                                'licence/version/3/>; rel="license"')

    data = json.loads(client.get("/open/tsm/2024-25.json").content)
    assert data["year"] == "2024/25" and data["version"] == 1
    assert data["licence"]["id"] == "OGL-UK-3.0"
    assert len(data["measures"]) == len(rows)
    tp01 = next(m for m in data["measures"] if (m["code"], m["tenure"]) == ("TP01", "LCRA"))
    assert (tp01["numerator"], tp01["denominator"]) == (8.0, 11.0)
    assert tp01["name"] == "Satisfied with the overall service"


def test_it_keeps_the_open_data_on_the_published_version_and_its_licence(
    client, small_landlord  # noqa: F811
):
    publish()
    repair("P9", home=small_landlord["rented"][5], reported="2024-09-01T09:00",
           target="2024-09-02T09:00", completed="2024-09-01T15:00", priority="emergency")
    figures_changed()
    before = client.get("/open/tsm/2024-25.csv").content
    assert b"RP02-2,Emergency repairs completed within target,LCRA,0.0,0.0,," in before
    services.set_licence(year=YEAR, by=None, licence=Licence.CC_BY)
    services.correct_year(year=YEAR, by=None, reason="A missing emergency repair.")
    data = json.loads(client.get("/open/tsm/2024-25.json").content)
    assert data["version"] == 2 and data["correction_reason"] == "A missing emergency repair."
    assert "version 2" in text_of(client.get(REPORT).content)
    assert data["licence"]["id"] == "CC-BY-4.0"
    rp02 = next(m for m in data["measures"] if m["code"] == "RP02-2")
    assert (rp02["numerator"], rp02["value"], rp02["version"]) == (1.0, 100.0, 2)


def test_it_shows_the_report_without_sign_in_with_every_measure_and_nothing_personal(
    client, small_landlord  # noqa: F811
):
    publish()
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response.content)
    assert "Our year 2024/25: a report for residents" in text
    for code in ("TP01", "TP12", "BS01", "BS05", "RP01", "RP02-1", "RP02-2", "CH01-1",
                 "CH01-2", "CH02-1", "CH02-2", "NM01-1", "NM01-2"):
        assert code in text, code
    assert "Satisfied with the service overall" in text
    assert "72.7%" in text and "50.0%" in text  # TP01 renters and shared owners
    assert "66.7%" in text  # RP02-1, two of three repairs on time
    assert "20 working days" in text and "24 hours" in text  # the RP02 targets
    assert "Complaint Handling Code" in text  # the CH02 timescales
    assert NOTE in text  # the methodological note
    assert "Achieved sample size" in text  # the summary of approach
    assert "What our scrutiny panel found" in text and "How residents took part" in text
    for planted in PLANTED:
        assert planted not in html, planted
    assert "H00" not in text and "C1" not in text  # no home or complaint reference
    assert inline_code_in(response.content) == []
    assert 'lang="en-gb"' in html and 'dir="ltr"' in html


def test_it_shows_the_published_figures_not_the_live_ones(client, small_landlord):  # noqa: F811
    publish()
    repair("P9", home=small_landlord["rented"][5], reported="2024-09-01T09:00",
           target="2024-09-02T09:00", completed="2024-09-01T15:00", priority="emergency")
    figures_changed()
    text = text_of(client.get(REPORT).content)
    assert "RP02-2 Emergency repairs done on time No figure" in text


@pytest.mark.parametrize("language", ["cy", "pl", "ur"])
def test_it_shows_the_report_in_welsh_polish_and_urdu(client, small_landlord,  # noqa: F811
                                                      language):
    publish()
    response = client.get(LANGUAGES[language])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ur" else "ltr"}">' in html
    english = text_of(client.get(REPORT).content)
    translated = text_of(response.content)
    assert "What you told us in our survey" in english
    assert "What you told us in our survey" not in translated
    assert "72.7%" in translated
    # What Doorstep cannot translate (the analyst's note) is marked as English.
    assert f'<p lang="en">{NOTE}</p>' in html
    assert client.get(REPORT + "fr/").status_code == 404


def test_it_keeps_the_reading_age_of_the_english_report_at_or_under_the_target(
    client, small_landlord  # noqa: F811
):
    publish()
    text = report_text(client.get(REPORT).content)
    assert len(text.split()) > 300  # the report's own words, not just figures
    age = reading_age(text)
    assert age <= READING_AGE_TARGET, f"reading age {age:.1f}"


def test_it_measures_reading_age_so_that_hard_text_scores_higher():
    easy = "We fix your home. We answer your calls. Tell us what you think."
    hard = ("Notwithstanding considerable methodological heterogeneity, comparative "
            "satisfaction estimates demonstrate statistically indistinguishable variation.")
    assert reading_age(easy) < READING_AGE_TARGET < reading_age(hard)


def _pdf_tools_or_skip():
    missing = []
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        missing.append("WeasyPrint (pip install weasyprint)")
    for tool in ("pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            missing.append(f"{tool} (apt-get install poppler-utils)")
    if missing and IN_CI:
        pytest.fail(f"The PDF cannot be checked in CI: {', '.join(missing)} missing")
    if missing:
        pytest.skip(f"PDF test skipped: {', '.join(missing)} missing")


def pdf_text_and_info(content: bytes, tmp_path) -> tuple[str, str]:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return " ".join(text.split()), " ".join(info.split())


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_it_makes_a_tagged_pdf_of_the_report_with_its_text_extractable(
    client, small_landlord, tmp_path, language  # noqa: F811
):
    _pdf_tools_or_skip()
    publish()
    response = client.get(LANGUAGES[language] + "report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, info = pdf_text_and_info(response.content, tmp_path)
    assert "Tagged: yes" in info
    assert "2024/25" in re.search(r"Title: (.*?) Author", info).group(1)
    assert "RP02-1" in text and "66.7%" in text and "20 working days" in text
    if language == "en-gb":
        assert "Our year 2024/25: a report for residents" in text
        assert "What you told us in our survey" in text
    else:
        assert "What you told us in our survey" not in text
    for planted in PLANTED:
        assert planted not in text
