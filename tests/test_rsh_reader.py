"""The reader for the regulator's published TSM workbooks, checked against the real files.

Expected figures were read by hand from the cells of the published workbooks.
"""

from statistics import median

import openpyxl
import pytest
from conftest import need_workbooks

from doorstep.benchmarks.rsh import ANSWERS, RshWorkbookError, read_workbook

FILES = {
    "2023/24": "2024_TSM_Full_Data_v1.1_FINAL.xlsx",
    "2024/25": "2025_TSM_Full_Data_v1.0_FINAL.xlsx",
}


@pytest.fixture(scope="module")
def workbooks():
    """Each workbook read once for the whole module (reading both takes a few seconds)."""
    folder = need_workbooks()
    return {year: read_workbook(folder / name) for year, name in FILES.items()}


@pytest.fixture
def older(workbooks):
    return workbooks["2023/24"]


@pytest.fixture
def newer(workbooks):
    return workbooks["2024/25"]


def values(figures: dict) -> dict:
    return {key: figure.value for key, figure in figures.items()}


# --- the whole workbook -------------------------------------------------------------------


def test_it_takes_the_year_from_the_sheet_names(older, newer):
    # TSM24_ sheets hold the year ending March 2024.
    assert older.year == "2023/24"
    assert newer.year == "2024/25"


def test_it_reads_every_landlord_row_of_every_sheet(older, newer):
    counts = {
        book.year: {tenure: len(rows) for tenure, rows in book.perception.items()}
        | {"management": len(book.management)}
        for book in (older, newer)
    }
    assert counts == {
        "2023/24": {"LCRA": 355, "LCHO": 56, "combined": 2, "management": 358},
        "2024/25": {"LCRA": 353, "LCHO": 59, "combined": 2, "management": 359},
    }


def test_it_knows_each_landlord_by_a_text_code(older, newer):
    # The 2024/25 file stores some codes as numbers (Heart of Medway is 4634).
    assert sorted(newer.perception["combined"]) == ["4634", "LH3859"]
    assert newer.landlords["4634"].name == "Heart of Medway Housing Association Limited"
    abri = older.landlords["L4172"]
    assert (abri.name, abri.landlord_type, abri.group_size, abri.region) == (
        "Abri Group Limited", "PRP", "5,000-40,000", "South",
    )  # fmt: skip
    assert abri.supported_housing == "No"


def test_it_lists_the_landlords_left_out_with_the_regulators_reason(older, newer):
    left_out = {(e.part, e.code) for e in older.not_included}
    assert left_out == {
        ("perception", "22UE"), ("perception", "5125"), ("perception", "43UD"),
        ("management", "22UE"), ("management", "43UD"), ("management", "L0717"),
        ("management", "5130"),
    }  # fmt: skip
    tandridge = [e for e in newer.not_included if e.code == "43UK"]
    assert [e.part for e in tandridge] == ["management"]
    assert tandridge[0].reason.startswith("Management information has been excluded")
    assert older.landlords["22UE"].name == "Castle Point Borough Council"


# --- perception ---------------------------------------------------------------------------


def test_it_reads_a_landlords_survey_context(older, newer):
    abri = older.perception["LCRA"]["L4172"].survey
    assert values(
        {
            "N": abri.relevant_population, "required": abri.required_sample,
            "n": abri.sample_achieved, "moe": abri.margin_of_error, "excluded": abri.excluded,
        }
    ) == {"N": 26840, "required": 2204, "n": 2477, "moe": 1.9, "excluded": 0}  # fmt: skip
    assert abri.census_or_sample == "Sample"
    assert abri.predominant_method == "telephone"
    assert abri.weighted is False
    assert abri.responses_by_method["telephone"].value == 2477
    assert abri.responses_by_method["online"].missing == "[X]"

    a2d = newer.perception["LCRA"]["L4240"].survey
    assert a2d.required_sample.value == pytest.approx(1014.98860769794)
    assert a2d.margin_of_error.value == pytest.approx(2.61351957936848)
    assert values(a2d.responses_by_method) == {
        "telephone": 1009, "online": 303, "face_to_face": 0, "postal": 5, "sms": 0, "other": 0,
    }  # fmt: skip
    assert a2d.contractor_name == "The Leadership Factor (TLF)"


def test_it_reads_answer_counts_by_the_tag_not_the_wording(older):
    abri = older.perception["LCRA"]["L4172"].questions
    # The TP05 count columns are worded "listens to their views" and TP06's "keeps them
    # informed"; TP07's "very satisfied" column names no answer at all.
    assert values(abri["TP05"].counts) == {
        "very_satisfied": 1307, "fairly_satisfied": 655, "neither": 159,
        "fairly_dissatisfied": 151, "very_dissatisfied": 127, "dont_know": 78,
    }  # fmt: skip
    assert values(abri["TP06"].counts)["very_satisfied"] == 720
    assert values(abri["TP07"].counts) == {
        "very_satisfied": 1016, "fairly_satisfied": 630, "neither": 298,
        "fairly_dissatisfied": 126, "very_dissatisfied": 141, "dont_know": 266,
    }  # fmt: skip
    # 100 x (1016 + 630) / (1016 + 630 + 298 + 126 + 141) = 164600 / 2211 = 74.4459...
    assert abri["TP07"].proportion.value == pytest.approx(74.44595205789236)
    assert abri["TP07"].recomputed == pytest.approx(164600 / 2211)
    # TP08's agree scale uses the same five names: 865 strongly agree, 1031 agree.
    assert values(abri["TP08"].counts)["very_satisfied"] == 865
    assert values(abri["TP08"].counts)["fairly_satisfied"] == 1031


def test_it_reads_the_filter_counts(older, newer):
    abri = older.perception["LCRA"]["L4172"].questions
    assert values(abri["TP02"].filter_counts) == {"yes": 1723, "no": 754}
    assert values(abri["TP03"].filter_counts) == {"yes": 1723, "no": 754}
    assert values(abri["TP09"].filter_counts) == {"yes": 767, "no": 1710}
    assert values(abri["TP10"].filter_counts) == {"yes": 1077, "no": 1291}
    assert abri["TP02"].filter_share.value == pytest.approx(69.55995155429956)
    assert abri["TP01"].filter_counts == {}
    a2d = newer.perception["LCRA"]["L4240"].questions
    assert values(a2d["TP09"].filter_counts) == {"yes": 431, "no": 781}


def test_it_publishes_no_tp02_to_tp04_for_shared_owners(newer):
    a2d = newer.perception["LCHO"]["L4240"]
    assert list(a2d.questions) == ["TP01", *(f"TP{n:02d}" for n in range(5, 13))]
    # 100 x (39 + 131) / (39 + 131 + 85 + 131 + 228) = 17000 / 614 = 27.69 -> published 27.7
    assert a2d.questions["TP01"].proportion.value == 27.7
    assert a2d.questions["TP01"].recomputed == pytest.approx(17000 / 614)


def test_it_keeps_missing_markers_and_real_zeros(newer):
    a2d = newer.perception["LCRA"]["L4240"]
    assert a2d.tp01_by_method["telephone"].value == 63.4
    assert a2d.tp01_by_method["postal"].missing == "[S]"  # 5 postal responses, under 50
    assert a2d.tp01_by_method["face_to_face"].missing == "[X]"
    assert a2d.survey.responses_by_method["face_to_face"].value == 0
    assert a2d.survey.responses_by_method["face_to_face"].missing is None
    # St Mungo's TP09 was excluded by the regulator: [E], never 0.
    st_mungo = newer.perception["LCRA"]["LH0279"].questions
    assert st_mungo["TP09"].proportion.missing == "[E]"
    assert st_mungo["TP09"].counts["very_satisfied"].missing == "[E]"
    assert st_mungo["TP10"].proportion.value == 88.2


def test_it_flags_a_cell_that_is_neither_number_nor_marker(newer):
    # L4491's LCHO unweighted TP01 proportion is published as "5[Z].1".
    row = newer.perception["LCHO"]["L4491"]
    assert row.tp01_unweighted_proportion.missing == "unreadable"
    fixes = [f for f in newer.fixes if f.landlord_code == "L4491"]
    assert [(f.published, f.read_as) for f in fixes] == [("5[Z].1", "unreadable")]


def test_it_fixes_the_margin_of_error_stored_as_a_fraction(older):
    octavia = older.perception["LCRA"]["L0717"].survey
    # Published 0.03770191. N = 3854, n = 575:
    # 100 x 1.96 x sqrt(0.25 / 575) x sqrt(3279 / 3853) = 100 x 0.040868 x 0.922510 = 3.770
    assert octavia.margin_of_error.value == pytest.approx(3.770191)
    assert octavia.margin_of_error_was_fraction is True
    assert octavia.expected_margin_of_error == pytest.approx(3.770, abs=0.001)
    fixed = [f for f in older.fixes if f.field == "margin_of_error"]
    assert [(f.landlord_code, f.published) for f in fixed] == [("L0717", 0.03770191)]
    # A genuine margin under 1%: Places for People, a census of 10,078 of 58,427 homes.
    places = older.perception["LCRA"]["L4236"].survey
    assert places.margin_of_error.value == 0.9
    assert places.margin_of_error_was_fraction is False


def test_it_reads_the_2023_24_proportions_as_percents(older, newer):
    lcra = older.perception["LCRA"].values()
    proportions = [q.proportion.value for r in lcra for q in r.questions.values()]
    assert all(p is not None for p in proportions)
    assert min(proportions) > 1  # percents, not fractions of 1
    assert not [f for f in older.fixes if f.reason == "fraction of 1 read as a percent"
                and f.field != "margin_of_error"]  # fmt: skip
    assert older.proportions_rounded_to is None  # full precision
    assert newer.proportions_rounded_to == 1


def test_it_reads_a_2023_24_zero_with_no_base_as_missing(older):
    # The 2023/24 file shows 0% where the base was 0 or blank (its Introduction says so).
    abri = older.perception["LCRA"]["L4172"]
    assert abri.tp01_unweighted_proportion.missing == "[Z]"  # published 0, counts [Z]
    octavia = older.perception["LCRA"]["L0717"]
    assert octavia.tp01_by_method["online"].missing == "[U]"  # published 0, 0 responses
    assert octavia.tp01_by_method["telephone"].value == 51.5


def test_it_repairs_the_shifted_weighting_columns_of_the_2023_24_combined_sheet(older):
    abbeyfield = older.perception["combined"]["H1046"]
    assert abbeyfield.survey.weighted is False  # the cell under its label says "[Z]"
    assert abbeyfield.survey.method_weighting == "Unweighted"  # published in the last column
    assert abbeyfield.tp01_unweighted_proportion.missing == "[Z]"
    assert {f.landlord_code for f in older.fixes if f.field == "weighting columns"} == {
        "H1046", "LH3859",
    }  # fmt: skip


@pytest.mark.parametrize("year", FILES)
def test_it_recomputes_every_unweighted_lcra_proportion_from_its_counts(workbooks, year):
    book = workbooks[year]
    # 2023/24 is published at full precision; 2024/25 to one decimal place.
    tolerance = 0.05 + 1e-9 if year == "2024/25" else 1e-9
    checked, wrong = 0, []
    for row in book.perception["LCRA"].values():
        if row.survey.weighted is not False:
            continue
        for question in row.questions.values():
            if question.proportion.missing == "[E]":
                continue
            counts = [question.counts[a].value for a in ANSWERS]
            recomputed = 100 * (counts[0] + counts[1]) / sum(counts)
            checked += 1
            if abs(recomputed - question.proportion.value) > tolerance:
                wrong.append((row.landlord_code, question.code))
    assert wrong == []
    # 267 unweighted landlords x 12 measures in 2023/24; 273 x 12 in 2024/25 less St Mungo's
    # excluded TP09.
    assert checked == {"2023/24": 267 * 12, "2024/25": 273 * 12 - 1}[year]


def test_it_matches_the_regulators_2024_25_lcra_medians(newer):
    def lcra_median(code):
        rows = newer.perception["LCRA"].values()
        return median(
            r.questions[code].proportion.value
            for r in rows
            if not r.questions[code].proportion.is_missing
        )

    medians = {code: lcra_median(code) for code in ("TP02", "TP05", "TP08", "TP09")}
    assert medians == {"TP02": 73.6, "TP05": 77.6, "TP08": 77.9, "TP09": 35.5}


# --- management information ---------------------------------------------------------------


def test_it_reads_a_landlords_management_figures(newer):
    a2d = newer.management["L4240"]
    bs01 = a2d.measure("BS01")
    assert (bs01.tenure, bs01.unit, bs01.applies) == ("combined", "%", "Yes")
    assert (bs01.value.value, bs01.numerator.value, bs01.denominator.value) == (96.9, 18743, 19339)
    ch01 = a2d.measure("CH01-1", "LCRA")
    # 1000 x 4281 / 21417 = 199.89 -> published 199.9
    assert (ch01.value.value, ch01.numerator.value, ch01.denominator.value) == (199.9, 4281, 21417)
    assert ch01.unit == "per 1,000"
    assert a2d.measure("CH01-1", "LCHO").value.value == 194.2
    ch02 = a2d.measure("CH02-1", "LCRA")
    assert values(ch02.details) == {"within_without_extension": 2, "within_with_extension": 3005}
    assert a2d.measure("RP02-1").tenure == "LCRA"
    assert a2d.measure("NM01-2").numerator.value == 221
    assert a2d.homes_owned.value == 25326
    assert values(a2d.repairs) == {
        "raised": 113780, "completed": 94583, "closed_other": 17049, "outstanding": 9676,
    }  # fmt: skip


def test_it_reads_the_repair_target_timescales(older, newer):
    targets = newer.management["L4240"].repair_targets
    assert targets.non_emergency_maximum.value == 20
    assert targets.non_emergency_several == "Yes"
    assert targets.non_emergency_outline == "Urgent 24 Hours Gas Urgent 5 Working days"
    assert targets.emergency_maximum.value == 24
    assert targets.emergency_outline == "Gas Emergency 4 hours"
    old = older.management["L4240"].repair_targets
    assert old.non_emergency_outline == (
        "Urgent completed in 24 Hours\nStandard completed in 20 working days"
    )
    assert old.emergency_outline == "[Z]"


def test_it_keeps_management_markers_and_real_zeros(older, newer):
    # Salford: no homes failing the Decent Homes Standard, 0 of 1,209: a real 0.
    rp01 = older.management["00BR"].measure("RP01")
    assert (rp01.value.value, rp01.numerator.value, rp01.denominator.value) == (0, 0, 1209)
    assert rp01.value.missing is None
    # A2Dominion submitted no combined complaints: 2024/25 writes [U]; 2023/24 printed 0
    # over blank ([X]) numerator and denominator, which is read as [X].
    assert newer.management["L4240"].measure("CH01-1", "combined").value.missing == "[U]"
    old = older.management["L4240"].measure("CH01-1", "combined")
    assert (old.value.missing, old.denominator.missing) == ("[X]", "[X]")
    # Brent's BS02-BS05 were excluded by the regulator.
    assert newer.management["00AE"].measure("BS02").value.missing == "[E]"
    assert newer.management["00AE"].measure("BS01").value.missing is None


@pytest.mark.parametrize("year", FILES)
def test_it_recomputes_management_values_from_numerator_and_denominator(workbooks, year):
    checked, wrong = 0, []
    for row in workbooks[year].management.values():
        for (code, tenure), figure in row.measures.items():
            if figure.value.is_missing:
                continue
            scale = 1000 if figure.unit == "per 1,000" else 100
            recomputed = scale * figure.numerator.value / figure.denominator.value
            # 2024/25 rounds to one decimal; 2023/24 publishes full precision except the
            # LCHO and combined complaint figures, rounded to whole numbers.
            whole = year == "2023/24" and code[:2] == "CH" and tenure != "LCRA"
            tolerance = 0.05 if year == "2024/25" else 0.5 if whole else 1e-6
            checked += 1
            if abs(recomputed - figure.value.value) > tolerance + 1e-9:
                wrong.append((row.landlord_code, code, tenure))
    assert wrong == []
    assert checked > 14 * 340  # 14 measures for (nearly) every landlord, plus CH by tenure


# --- later releases and bad files ------------------------------------------------------------

PERCEPTION_LABELS = [
    "Landlord name",
    "Landlord code",
    "Relevant\xa0tenant population size (LCRA)",
    "Total sample size achieved",
    "Estimated margin of error achieved2 %",
    "Proportion of respondents who report that they are satisfied with the overall service "
    "provided by their landlord (TP01)",
    *(
        f"Number of respondents who report that they are {answer.replace('_', ' ')} with the "
        "service provided by their landlord (TP01)"
        for answer in ANSWERS
    ),
]
MEASURE_TAGS = [
    ("BS01", ""), ("BS02", ""), ("BS03", ""), ("BS04", ""), ("BS05", ""), ("RP01", ""),
    ("RP02 1", ""), ("RP02 2", ""), ("NM01 1", ""), ("NM01 2", ""),
    ("CH01 1", "LCRA - "), ("CH01 2", "LCRA - "), ("CH02 1", "LCRA - "), ("CH02 2", "LCRA - "),
]  # fmt: skip


def write_release(path, *, perception_labels, perception_rows, header_split=False):
    """A small workbook in the published layout, as a later release might arrange it."""
    book = openpyxl.Workbook()
    book.active.title = "Introduction"
    sheet = book.create_sheet("TSM27_LCRA_Perception")
    sheet.append(["TSM27 LCRA Perception"])
    sheet.append(["Notes:"])
    if header_split:
        sheet.append([label.split(" (")[0] for label in perception_labels])
        sheet.append([label[len(label.split(" (")[0]) :] for label in perception_labels])
    else:
        sheet.append(perception_labels)
    for row in perception_rows:
        sheet.append(row)
    management = book.create_sheet("TSM27_Management_Info")
    labels = ["Landlord name", "Landlord code"]
    for tag, prefix in MEASURE_TAGS:
        labels += [f"{prefix}Figure ({tag})", f"{prefix}Count ({tag} Numerator)"]
        labels.append(f"{prefix}Homes ({tag} Denominator)")
    management.append(labels)
    management.append(["Example Homes", "L9999", *[75, 3, 4] * len(MEASURE_TAGS)])
    book.save(path)


def test_it_reads_a_later_release_with_notes_a_split_header_and_moved_columns(tmp_path):
    # Columns reversed after the name, a new column, the (TP01) tags on a second header row.
    labels = ["Landlord name", "A column added in 2027", *PERCEPTION_LABELS[:0:-1]]
    row = ["Example Homes", "new", 5, 10, 10, 15, 60, 0.75, " [x] ", 100, 1200, "L9999"]
    path = tmp_path / "release.xlsx"
    write_release(path, perception_labels=labels, perception_rows=[row], header_split=True)
    book = read_workbook(path)
    assert book.year == "2026/27"
    survey = book.perception["LCRA"]["L9999"].survey
    assert (survey.relevant_population.value, survey.sample_achieved.value) == (1200, 100)
    assert survey.margin_of_error.missing == "[X]"
    tp01 = book.perception["LCRA"]["L9999"].questions["TP01"]
    assert values(tp01.counts) == {
        "very_satisfied": 60, "fairly_satisfied": 15, "neither": 10,
        "fairly_dissatisfied": 10, "very_dissatisfied": 5,
    }  # fmt: skip
    # Stored as the fraction 0.75; 100 x (60 + 15) / 100 = 75, so it is read as 75%.
    assert tp01.proportion.value == 75
    assert [(f.field, f.published, f.read_as) for f in book.fixes] == [("TP01", 0.75, 75)]
    bs01 = book.management["L9999"].measure("BS01")
    assert (bs01.value.value, bs01.numerator.value, bs01.denominator.value) == (75, 3, 4)


def test_it_names_a_missing_essential_column(tmp_path):
    labels = [label for label in PERCEPTION_LABELS if label != "Total sample size achieved"]
    path = tmp_path / "release.xlsx"
    write_release(path, perception_labels=labels, perception_rows=[])
    with pytest.raises(RshWorkbookError, match="missing the column.*Total sample size achieved"):
        read_workbook(path)


def test_it_explains_a_file_that_is_not_the_regulators_workbook(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("not a spreadsheet")
    with pytest.raises(RshWorkbookError, match="could not be opened as an Excel workbook"):
        read_workbook(text)
    with pytest.raises(RshWorkbookError, match="There is no file"):
        read_workbook(tmp_path / "absent.xlsx")
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(RshWorkbookError, match="does not look like the regulator's"):
        read_workbook(other)
