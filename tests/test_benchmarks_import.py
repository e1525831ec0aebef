"""Importing the regulator's two published TSM workbooks into the benchmark tables.

Both workbooks are read once per session (conftest ``rsh_workbooks``) and written to the test
database once for this module. Expected figures were read by hand from the workbooks' cells,
or counted in the cells independently of the reader (with openpyxl, one marker at a time),
or are the regulator's headline medians.
"""

import pytest

from doorstep.benchmarks.importing import import_workbook
from doorstep.benchmarks.models import PeerLandlord, PeerSurvey, PublishedFigure, Release
from doorstep.benchmarks.peers import peer_filter
from doorstep.benchmarks.services import distribution, method_effect

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker, rsh_workbooks):
    with django_db_blocker.unblock():
        Release.objects.all().delete()
        reports = {
            year: import_workbook(book=book, file_name=f"{year.replace('/', '-')}.xlsx", sha=year)
            for year, book in rsh_workbooks.items()
        }
    yield reports
    with django_db_blocker.unblock():
        # Set-based deletes, children first: a cascade from Release collects rows in Python.
        for model in (PublishedFigure, PeerSurvey, PeerLandlord, Release):
            model.objects.all().delete()


def figure(year, code, measure, tenure="LCRA"):
    return PublishedFigure.objects.get(
        release__year=year, landlord__code=code, code=measure, tenure=tenure
    )


# --- what was read --------------------------------------------------------------------------


def test_it_imports_every_landlord_of_both_years(reports):
    counts = {year: PeerLandlord.objects.filter(release__year=year).count() for year in reports}
    # 355 LCRA + LCHO-only, combined-only, management-only and left-out landlords.
    assert counts == {"2023/24": 362, "2024/25": 360}


def test_it_keeps_one_figure_per_landlord_measure_and_tenure(reports):
    rows = PublishedFigure.objects.filter(release__year="2024/25")
    by_tenure = {
        tenure: rows.filter(kind="perception", tenure=tenure).count()
        for tenure in ("LCRA", "LCHO", "combined")
    }
    # 353 x 12 renters' TPs; 59 x 9 for shared owners (no TP02-TP04); 2 x 12 combined.
    assert by_tenure == {"LCRA": 4236, "LCHO": 531, "combined": 24}
    # 359 landlords x 22 management figures (14 measures, CH01/CH02 for three tenures).
    assert rows.filter(kind="management").count() == 359 * 22


def test_it_reports_what_it_read_and_what_was_missing(reports):
    sheets = reports["2024/25"].sheets
    # Counted in the cells: 4,234 numbers and two [E] in the TP columns of LCRA; the 22
    # management value columns hold 5,216 numbers, 2,673 [U] and 9 [E].
    assert sheets["LCRA perception"]["figures"] == 4234
    assert sheets["LCRA perception"]["missing"] == {"[E]": 2}
    lcho = sheets["LCHO perception"]
    assert (lcho["landlords"], lcho["figures"], lcho["missing"]) == (59, 531, {})
    assert sheets["Management information"] == {
        "landlords": 359, "figures": 5216, "missing": {"[E]": 9, "[U]": 2673},
    }  # fmt: skip
    # [S]: TP01 by a method with fewer than 50 responses (A2Dominion's 5 postal ones).
    assert sheets["LCRA perception"]["tp01_by_method"]["missing"]["[S]"] > 0
    older = reports["2023/24"].sheets["Management information"]
    # 358 x 22 cells: 7,859 numbers and 17 [E]; the reader reads a 0% over no base as the
    # base's marker, so the numbers and markers still add up to every cell.
    assert older["figures"] + sum(older["missing"].values()) == 358 * 22
    assert older["missing"]["[E]"] == 17


def test_it_lists_the_landlords_the_regulator_left_out(reports):
    left_out = {(row["code"], row["part"]) for row in reports["2024/25"].left_out}
    assert left_out == {
        ("41UB", "perception"), ("00GL", "perception"), ("43UK", "management"),
    }  # fmt: skip
    stored = Release.objects.get(year="2023/24").left_out
    assert {row["code"] for row in stored} == {"22UE", "5125", "43UD", "L0717", "5130"}


def test_it_keeps_the_readers_fixes(reports):
    fixes = Release.objects.get(year="2023/24").fixes
    margin = [f for f in fixes if f["field"] == "margin_of_error"]
    assert [(f["landlord_code"], f["published"], f["read_as"]) for f in margin] == [
        ("L0717", 0.03770191, 3.770191)
    ]


# --- values, counts and markers -------------------------------------------------------------


def test_it_keeps_the_answer_counts_by_the_tag_not_the_wording(reports):
    # Abri 2023/24: TP05's count columns carry TP06's wording; the (TP05) tag is right.
    tp05 = figure("2023/24", "L4172", "TP05")
    assert tp05.counts == {
        "very_satisfied": 1307, "fairly_satisfied": 655, "neither": 159,
        "fairly_dissatisfied": 151, "very_dissatisfied": 127, "dont_know": 78,
    }  # fmt: skip
    # Numerator very + fairly = 1307 + 655 = 1962; denominator the five scale answers
    # 1307 + 655 + 159 + 151 + 127 = 2399 (don't know left out).
    assert (tp05.numerator, tp05.denominator) == (1962, 2399)
    tp02 = figure("2023/24", "L4172", "TP02")
    assert tp02.filter_counts == {"yes": 1723, "no": 754}


def test_it_keeps_weighted_non_integer_counts(reports):
    calico = figure("2024/25", "L4254", "TP01")
    assert calico.counts["very_satisfied"] == 355.4
    # (355.4 + 284.1) / (355.4 + 284.1 + 91.5 + 61.6 + 67.4) = 639.5 / 860 = 74.36 -> 74.4
    assert calico.numerator == pytest.approx(639.5)
    assert calico.denominator == pytest.approx(860.0)
    assert calico.value == 74.4


def test_it_keeps_missing_markers_as_reasons_never_zeros(reports):
    st_mungo = figure("2024/25", "LH0279", "TP09")
    assert (st_mungo.value, st_mungo.value_missing) == (None, "[E]")
    assert st_mungo.counts["very_satisfied"] == "[E]"
    combined = figure("2024/25", "L4240", "CH01-1", "combined")
    assert (combined.value, combined.value_missing) == (None, "[U]")
    # 2023/24 printed 0 over a blank numerator and denominator: read as [X], not 0.
    old = figure("2023/24", "L4240", "CH01-1", "combined")
    assert (old.value, old.value_missing, old.denominator_missing) == (None, "[X]", "[X]")
    # Salford: no home failing the Decent Homes Standard, 0 of 1,209: a real 0.
    salford = figure("2023/24", "00BR", "RP01")
    assert (salford.value, salford.value_missing, salford.denominator) == (0, "", 1209)


def test_it_keeps_the_survey_context(reports):
    a2d = PeerSurvey.objects.get(release__year="2024/25", landlord__code="L4240", tenure="LCRA")
    assert a2d.responses_by_method == {
        "telephone": 1009, "online": 303, "face_to_face": 0, "postal": 5, "sms": 0, "other": 0,
    }  # fmt: skip
    assert a2d.predominant_method == "telephone"
    assert a2d.margin_of_error == pytest.approx(2.61351957936848)
    assert a2d.contractor_name == "The Leadership Factor (TLF)"
    assert a2d.tp01_by_method["postal"] == "[S]"  # 5 postal responses, fewer than 50
    assert a2d.tp01_by_method["telephone"] == 63.4
    abri = PeerSurvey.objects.get(release__year="2023/24", landlord__code="L4172", tenure="LCRA")
    assert (abri.relevant_population, abri.required_sample, abri.sample_achieved) == (
        26840, 2204, 2477,
    )  # fmt: skip
    assert (abri.census_or_sample, abri.weighted) == ("Sample", False)


def test_it_reads_the_margin_stored_as_a_fraction_as_a_percent(reports):
    octavia = PeerSurvey.objects.get(release__year="2023/24", landlord__code="L0717", tenure="LCRA")
    # Published 0.03770191; N = 3854, n = 575: 100 x 1.96 x sqrt(0.25 / 575)
    # x sqrt(3279 / 3853) = 3.770.
    assert octavia.margin_of_error == pytest.approx(3.770191)
    assert octavia.margin_of_error_was_fraction is True


def test_it_keeps_management_numerators_denominators_and_context(reports):
    bs01 = figure("2024/25", "L4240", "BS01", "combined")
    assert (bs01.value, bs01.numerator, bs01.denominator) == (96.9, 18743, 19339)
    assert bs01.details == {"applies": "Yes"}
    ch02 = figure("2024/25", "L4240", "CH02-1")
    assert ch02.details == {"within_without_extension": 2, "within_with_extension": 3005}
    a2d = PeerLandlord.objects.get(release__year="2024/25", code="L4240")
    assert a2d.homes_owned == 25326
    assert a2d.repair_targets["emergency_maximum"] == 24
    assert a2d.repair_counts["raised"] == 113780


def test_it_names_landlord_types_and_size_bands_one_way_across_years(reports):
    types = {
        year: set(PeerLandlord.objects.filter(release__year=year).values_list(
            "landlord_type", flat=True))
        for year in reports
    }  # fmt: skip
    # 2023/24 wrote "LARP" and 2024/25 "LA" for local authorities.
    assert types["2023/24"] - {""} == {"PRP", "LA"}
    assert types["2024/25"] == {"PRP", "LA"}
    bands = set(
        PeerLandlord.objects.filter(release__year="2024/25").values_list("size_band", flat=True)
    )
    assert bands == {"<5,000", "5,000-40,000", ">40,000"}


# --- the regulator's headline medians ---------------------------------------------------------


def test_it_matches_the_regulators_2024_25_lcra_medians(reports):
    medians = {
        code: distribution(year="2024/25", measure=code, tenure="LCRA").summary.median
        for code in ("TP02", "TP05", "TP08", "TP09")
    }
    assert medians == {"TP02": 73.6, "TP05": 77.6, "TP08": 77.9, "TP09": 35.5}


def test_it_counts_peers_without_a_value_by_reason(reports):
    tp09 = distribution(year="2024/25", measure="TP09", tenure="LCRA")
    # 360 landlords: 352 with a value, St Mungo's [E], Cannock Chase and Stoke left out of
    # the perception data, and 5 with no LCRA survey row (combined-only or management-only).
    assert tp09.summary.count == 352
    assert tp09.missing == {
        "[E]": 1, "left out by the regulator": 2, "not published for the tenure": 5,
    }  # fmt: skip


def test_it_filters_peers_by_type_region_and_method(reports):
    london_prps = peer_filter(landlord_types=["prp"], regions=["london"])
    tp01 = distribution(year="2024/25", measure="TP01", tenure="LCRA", peers=london_prps)
    landlords = PeerLandlord.objects.filter(
        release__year="2024/25", landlord_type="PRP", region="London"
    )
    assert tp01.in_group == landlords.count()
    postal = distribution(
        year="2024/25", measure="TP01", peers=peer_filter(survey_methods=["post"])
    )
    assert postal.summary.count == 29  # 29 LCRA landlords surveyed mainly by post
    assert postal.summary.median == 77.6


# --- importing again --------------------------------------------------------------------------


def test_it_replaces_a_release_imported_again_without_duplicates(reports, rsh_workbooks):
    before = PublishedFigure.objects.filter(release__year="2024/25").count()
    again = import_workbook(book=rsh_workbooks["2024/25"], file_name="2024-25.xlsx", sha="2024/25")
    assert PublishedFigure.objects.filter(release__year="2024/25").count() == before
    assert PeerLandlord.objects.filter(release__year="2024/25").count() == 360
    assert Release.objects.count() == 2
    assert again.replaced["same_file"] is True
    assert "again" in again.message
    assert figure("2024/25", "L4240", "BS01", "combined").value == 96.9


def test_it_says_when_a_later_release_replaces_an_earlier_one(reports, rsh_workbooks):
    later = import_workbook(
        book=rsh_workbooks["2024/25"], file_name="2025_TSM_Full_Data_v1.1.xlsx", sha="v1.1"
    )
    assert later.replaced["same_file"] is False
    assert "replacing the release imported from 2024-25.xlsx" in later.message
    assert Release.objects.get(year="2024/25").file_name == "2025_TSM_Full_Data_v1.1.xlsx"
    assert PeerLandlord.objects.filter(release__year="2024/25").count() == 360


def test_it_quantifies_how_the_survey_method_moves_satisfaction(reports):
    effect = method_effect(year="2024/25", measure="TP01", tenure="LCRA")
    # Medians of the published TP01 column by the "Predominant collection method" column:
    # 29 postal landlords 77.6, 44 online 67.9 (statistics.median over the reader's rows).
    assert effect["landlords_by_predominant"]["postal"] == 29
    assert effect["median_by_predominant"]["postal"] == 77.6
    assert effect["landlords_by_predominant"]["online"] == 44
    assert effect["median_by_predominant"]["online"] == 67.9
    # The same landlord's postal and online TP01 (both from 50 or more responses).
    assert effect["within_landlords"] == {"landlords": 53, "median_postal_minus_online": 11.0}
