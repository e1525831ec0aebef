"""The regulator's return, tested both ways.

1. Round trip: the return of a published year, read back by Doorstep's own benchmarks
   import, gives the same figures (``small_landlord`` of test_publishing_year).
2. Against the regulator: landlords rebuilt from the regulator's published counts (as
   test_management_regulator and test_perception_regulator do) get a return whose row is the
   regulator's published row for every measure. These need the research data in ../shared:
   skipped with the reason when it is absent, and a failure when CI is set.
"""

import functools
import io
from datetime import date, timedelta

import openpyxl
import pytest
from conftest import need_workbooks
from django.core.management import call_command
from test_publishing_year import YEAR, publish, small_landlord  # noqa: F401

from doorstep.benchmarks.importing import import_release
from doorstep.benchmarks.models import PeerSurvey, PublishedFigure
from doorstep.benchmarks.rsh import ANSWERS, read_workbook
from doorstep.core.periods import ReportingYear
from doorstep.publishing.freezing import snapshot
from doorstep.publishing.regulator_return import (
    SHEETS,
    shipped_headers,
    write_return,
)
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

CODE = "LTEST1"


WORKBOOKS = {
    "2023/24": "2024_TSM_Full_Data_v1.1_FINAL.xlsx",
    "2024/25": "2025_TSM_Full_Data_v1.0_FINAL.xlsx",
}


@functools.cache
def _regulators_workbook(year: str):
    return read_workbook(need_workbooks() / WORKBOOKS[year])


def regulators_workbook(year: str):
    """The regulator's own published workbook (skips, or fails in CI, without it)."""
    need_workbooks()
    return _regulators_workbook(year)


def write(tmp_path, frozen, **options):
    path = tmp_path / "return.xlsx"
    write_return(frozen, path=path, landlord_name="Small Homes Ltd", landlord_code=CODE,
                 **options)
    return path


def test_it_writes_the_four_sheets_with_the_regulators_headers_and_one_row(
    small_landlord, tmp_path  # noqa: F811
):
    version = publish()
    from doorstep.publishing.services import as_snapshot

    path = write(tmp_path, as_snapshot(version))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == [
        "TSM25_LCRA_Perception", "TSM25_LCHO_Perception", "TSM25_Combined_Perception",
        "TSM25_Management_Info",
    ]
    headers = shipped_headers()
    assert headers["source"] == "2025_TSM_Full_Data_v1.0_FINAL.xlsx"
    for role, name in zip(SHEETS, book.sheetnames, strict=False):
        rows = list(book[name].iter_rows(values_only=True))
        assert len(rows) == 2  # the header and this landlord
        assert rows[0][0] == "Landlord name"
        assert [cell or "" for cell in rows[0]] == headers["headers"][role]
        assert rows[1][:2] == ("Small Homes Ltd", CODE)
    lcra = dict(zip(headers["headers"]["lcra_perception"],
                    next(book["TSM25_LCRA_Perception"].iter_rows(min_row=2, values_only=True)),
                    strict=True))
    assert lcra["Landlord type"] == "[X]"  # Doorstep does not hold it
    assert lcra["Total sample size achieved"] == 12
    assert lcra["Number of responses by method - Telephone"] == 8
    # An unweighted survey: the unweighted counts are not required.
    unweighted = [label for label in lcra if "(unweighted)" in label]
    assert unweighted and {lcra[label] for label in unweighted} == {"[Z]"}
    management = dict(zip(headers["headers"]["management"],
                          next(book["TSM25_Management_Info"].iter_rows(min_row=2,
                                                                       values_only=True)),
                          strict=True))
    emergency = [label for label in management if label.startswith(
        "Proportion of emergency responsive repairs")]
    assert [management[label] for label in emergency] == ["[U]"]  # no emergency repairs
    (target,) = [label for label in management if label.startswith(
        "What is your (maximum) target timescale for non-emergency repairs")]
    assert management[target] == "20 working days"


def test_it_is_read_back_by_the_benchmarks_import_with_the_same_figures(
    small_landlord, tmp_path  # noqa: F811
):
    version = publish()
    from doorstep.publishing.services import as_snapshot

    report = import_release(path=write(tmp_path, as_snapshot(version)))
    assert report.ok, report.message
    assert report.year == "2024/25"

    read = {(f.code, f.tenure): f for f in PublishedFigure.objects.filter(landlord__code=CODE)}
    ours = {(f.code, f.tenure): f for f in version.figures.all()}
    # Every figure of the return's sheets; combined TP02-TP04 (asked of renters only) are
    # marked not required.
    not_required = {("TP02", "combined"), ("TP03", "combined"), ("TP04", "combined")}
    assert set(read) == set(ours) | not_required
    assert {read[key].value_missing for key in not_required} == {"[Z]"}
    for key, figure in ours.items():
        back = read[key]
        assert back.value == (pytest.approx(figure.value) if figure.value is not None
                              else None), key
        assert back.value_missing == ("" if figure.value is not None else "[U]"), key
        assert (back.numerator, back.denominator) == (
            pytest.approx(figure.numerator), pytest.approx(figure.denominator)), key
        if figure.code.startswith("TP"):
            assert back.counts["very_satisfied"] == figure.details["counts"][
                "strongly_agree" if figure.code == "TP08" else "very_satisfied"], key
    survey = PeerSurvey.objects.get(landlord__code=CODE, tenure="LCRA")
    assert (survey.relevant_population, survey.sample_achieved) == (20, 12)
    assert survey.margin_of_error == pytest.approx(
        version.survey_context["LCRA"]["margin_of_error"])
    assert survey.responses_by_method == {"telephone": 8, "online": 4, "face_to_face": 0,
                                          "postal": 0, "sms": 0, "other": 0}
    assert survey.census_or_sample == "Census" and survey.weighted is False
    tp02 = read["TP02", "LCRA"]
    assert tp02.filter_counts == {"yes": 9, "no": 2}


def test_it_writes_the_return_from_the_command_line(small_landlord, tmp_path,  # noqa: F811
                                                    settings):
    settings.LANDLORD_CODE = CODE
    out = io.StringIO()
    target = tmp_path / "tsm.xlsx"
    call_command("tsm", "return", "--year", "2024/25", "--out", str(target), stdout=out)
    assert "Live figures for 2024/25, not a published version" in out.getvalue()
    publish()
    call_command("tsm", "return", "--year", "2024/25", "--out", str(target), stdout=out)
    assert "Published figures: 2024/25 version 1" in out.getvalue()
    book = read_workbook(target)
    assert book.year == "2024/25"
    assert book.management[CODE].measure("RP02-1").numerator.value == 2


# Against the regulator's published rows


def _management_sample():
    import test_management_regulator as regulator

    return regulator


@pytest.mark.slow
@pytest.mark.parametrize("first_year", [2023, 2024])
def test_it_gives_the_regulators_management_row_for_a_rebuilt_landlord(first_year, tmp_path):
    regulator = _management_sample()
    book = regulators_workbook(ReportingYear(first_year).label)
    code = regulator.sample()[0]
    published = book.management[code]
    year = ReportingYear(first_year)
    regulator.rebuild(published, year)

    path = write(tmp_path, snapshot(year=year, as_of=year.end + timedelta(days=365)))
    ours = read_workbook(path).management[CODE]

    checked = 0
    for key, theirs in published.measures.items():
        mine = ours.measures[key]
        if theirs.denominator.missing is not None:
            continue  # not published for this tenure
        assert (mine.numerator.value, mine.denominator.value) == (
            theirs.numerator.value, theirs.denominator.value), (code, key)
        if theirs.value.missing is not None:
            assert mine.value.missing == theirs.value.missing, (code, key)
        else:
            rounding = 1e-9 if first_year == 2023 else 0.05 + 1e-9
            assert mine.value.value == pytest.approx(theirs.value.value, abs=rounding), key
        checked += 1
    assert checked >= 14
    assert ours.homes_owned.value == published.homes_owned.value


def _perception_sample(tenure: str):
    """The smallest unweighted landlord of 2024/25 whose survey the rebuild reproduces."""
    import test_perception_regulator as regulator

    books = {"2024/25": regulators_workbook("2024/25")}
    rows = regulator.rebuildable_landlords(books, year="2024/25", tenure=tenure)
    consistent = [
        row for row in rows
        if all(len(set(regulator.count(q.filter_counts.get(a)) for q in row.questions.values()
                       if regulator.FILTERS.get(q.code) == "had_repair")) <= 1
               for a in ("yes", "no"))
    ]
    return regulator, min(consistent, key=lambda row: (row.survey.relevant_population.value,
                                                       row.landlord_code))


@pytest.mark.slow
@pytest.mark.parametrize("tenure", ["LCRA", "LCHO"])
def test_it_gives_the_regulators_perception_row_for_a_rebuilt_landlord(tenure, tmp_path):
    regulator, published = _perception_sample(tenure)
    year = ReportingYear(2024)
    # The relevant population as owned homes of the tenure, one respondent per home.
    homes = Home.objects.bulk_create(
        Home(home_ref=f"H{n:06d}", tenure=tenure, area="All")
        for n in range(int(published.survey.relevant_population.value))
    )
    SurveyResponse.objects.bulk_create(
        regulator.rebuild_responses(published, year=year, prefix="R", homes=homes),
        batch_size=2000,
    )
    path = write(tmp_path, snapshot(year=year, as_of=date(2026, 1, 1)))
    ours = read_workbook(path).perception[tenure][CODE]
    where = f"{tenure} {published.landlord_code}"

    theirs = published.survey
    assert ours.survey.relevant_population.value == theirs.relevant_population.value, where
    assert ours.survey.sample_achieved.value == theirs.sample_achieved.value, where
    assert ours.survey.margin_of_error.value == pytest.approx(
        theirs.margin_of_error.value, abs=1e-6), where
    assert ours.survey.required_sample.value == pytest.approx(
        theirs.required_sample.value, abs=1e-6), where
    for channel, figure in theirs.responses_by_method.items():
        if figure.value is not None:
            assert ours.survey.responses_by_method[channel].value == figure.value, channel
    assert ours.survey.weighted is False
    assert set(ours.questions) == set(published.questions), where
    for code, question in published.questions.items():
        mine = ours.questions[code]
        if question.proportion.value is None:
            assert mine.proportion.value is None, (where, code)
        else:
            assert mine.proportion.value == pytest.approx(question.proportion.value,
                                                          abs=0.05 + 1e-9), (where, code)
        for answer in ANSWERS:
            assert mine.counts[answer].value == question.counts[answer].value, (where, code)
        for answer, figure in question.filter_counts.items():
            if figure.value is not None:
                assert mine.filter_counts[answer].value == figure.value, (where, code, answer)
    for channel, figure in published.tp01_by_method.items():
        if figure.value is not None:  # [S]: the regulator suppressed it when publishing
            assert ours.tp01_by_method[channel].value == pytest.approx(
                figure.value, abs=0.05 + 1e-9), (where, channel)


def test_it_writes_weighted_counts_and_the_unweighted_tp01_for_a_weighted_survey(
    small_landlord, tmp_path  # noqa: F811
):
    # Weight the two "very dissatisfied"/"don't know" renters up and the rest as they were:
    # R10 answered 5 (very dissatisfied) with weight 2.5, R11 answered 9 with weight 2.
    SurveyResponse.objects.filter(response_ref="R10").update(weight=2.5)
    SurveyResponse.objects.filter(response_ref="R11").update(weight=2.0)
    from doorstep.measures.cache import figures_changed
    from doorstep.publishing.services import as_snapshot

    figures_changed()
    version = publish()
    report = import_release(path=write(tmp_path, as_snapshot(version)))
    assert report.ok, report.message

    tp01 = PublishedFigure.objects.get(landlord__code=CODE, code="TP01", tenure="LCRA")
    # Weighted: 8 satisfied of 5 + 3 + 1 + 1 + 2.5 = 12.5 on the scale.
    assert tp01.counts["very_dissatisfied"] == 2.5
    # The regulator's layout has a don't-know count for TP05-TP08, TP11 and TP12 only.
    tp05 = PublishedFigure.objects.get(landlord__code=CODE, code="TP05", tenure="LCRA")
    assert tp05.counts["dont_know"] == 2.0 and "dont_know" not in tp01.counts
    assert tp01.value == pytest.approx(800 / 12.5)
    survey = PeerSurvey.objects.get(landlord__code=CODE, tenure="LCRA")
    assert survey.weighted is True
    assert survey.sample_achieved == 12  # n stays the count of responses
    # The unweighted TP01: 8 satisfied of 11.
    assert survey.tp01_unweighted["counts"]["very_dissatisfied"] == 1
    assert survey.tp01_unweighted["proportion"] == pytest.approx(800 / 11)
    # R10 also said it had no repair and no complaint: the filter counts carry its weight.
    tp02 = PublishedFigure.objects.get(landlord__code=CODE, code="TP02", tenure="LCRA")
    assert tp02.filter_counts == {"yes": 9, "no": 3.5}
