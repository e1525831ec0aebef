"""Survey accuracy: the regulator's formulas, checked by hand and against its published data."""

import json
import math
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from doorstep.core.survey_stats import (
    design_effect,
    effective_sample_size,
    margin_of_error,
    meets_requirement,
    required_margin,
    required_sample,
)

WORKBOOKS = {
    "2023/24": ("2024_TSM_Full_Data_v1.1_FINAL.xlsx", "TSM24_LCRA_Perception"),
    "2024/25": ("2025_TSM_Full_Data_v1.0_FINAL.xlsx", "TSM25_LCRA_Perception"),
}
SURVEY_COLUMNS = {
    "population": "Relevant",
    "required_sample": "Required minimum sample",
    "responses": "Total sample size achieved",
    "margin": "Estimated margin of error achieved",
}


@pytest.mark.parametrize(
    ("population", "margin"),
    [(1, 5.0), (2_499, 5.0), (2_500, 4.0), (9_999, 4.0), (10_000, 3.0), (24_999, 3.0)]
    + [(25_000, 2.0), (400_000, 2.0)],
)
def test_it_sets_the_required_margin_by_population_band(population, margin):
    assert required_margin(population) == margin


def test_it_works_out_the_required_sample_unrounded():
    # ±3%: n0 = 1.96² × 0.25 / 0.03² = 0.9604 / 0.0009 = 1067.1111;
    # N = 20,780: 1067.1111 / (1 + 1067.1111 / 20780) = 1067.1111 / 1.0513528 = 1014.9886
    # (the regulator publishes 1014.98860769794 for a landlord with that population).
    assert required_sample(20_780) == pytest.approx(1014.9886, abs=1e-4)
    # ±5%: n0 = 0.9604 / 0.0025 = 384.16; N = 1,087: 384.16 / 1.3534131 = 283.8453.
    assert required_sample(1_087) == pytest.approx(283.8453, abs=1e-4)
    # ±2% and a very large population: close to n0 = 0.9604 / 0.0004 = 2401.
    assert required_sample(10_000_000) == pytest.approx(2401 / (1 + 2401 / 10_000_000))


def test_it_works_out_the_margin_of_error_with_the_finite_population_correction():
    # N = 401, n = 100: 100 × 1.96 × √(0.25 / 100) × √(301 / 400)
    #   = 100 × 1.96 × 0.05 × 0.8674676 = 8.501183.
    assert margin_of_error(population=401, responses=100) == pytest.approx(8.501183, abs=1e-6)
    # N = 20,780, n = 1,317: 196 × 0.01377769 × √(19463 / 20779 = 0.9366668) = 2.613520.
    assert margin_of_error(population=20_780, responses=1_317) == pytest.approx(2.613520, abs=1e-6)
    # A response from every household leaves no sampling error.
    assert margin_of_error(population=500, responses=500) == 0


def test_it_judges_the_requirement_on_the_required_sample():
    # N = 20,780 needs 1014.99 responses.
    assert meets_requirement(population=20_780, responses=1_015)
    assert not meets_requirement(population=20_780, responses=1_014)
    # N = 1,087 needs 283.85.
    assert meets_requirement(population=1_087, responses=284)
    assert not meets_requirement(population=1_087, responses=283)


def test_it_lets_a_census_of_a_small_population_meet_the_requirement():
    # Every one of 1,087 households invited, 267 replied: ±5.2%, short of ±5%, but a census.
    assert not meets_requirement(population=1_087, responses=267)
    assert meets_requirement(population=1_087, responses=267, census=True)
    # No exemption at 2,500 or more households: N = 2,500 needs ±4%, n0 = 600.25,
    # 600.25 / (1 + 600.25 / 2500) = 484.08, and 400 is short of it.
    assert not meets_requirement(population=2_500, responses=400, census=True)
    # A reply from every household is a census whatever the flag says.
    assert meets_requirement(population=300, responses=300)


def test_it_works_out_the_design_effect_and_effective_sample():
    # Unweighted: deff 1, effective n = n.
    assert design_effect([1, 1, 1, 1]) == 1
    assert effective_sample_size([1, 1, 1, 1]) == 4
    # Weights 1, 1, 2, 2: Σw = 6, Σw² = 10; deff = 4 × 10 / 36 = 1.1111; n_eff = 36 / 10 = 3.6.
    assert design_effect([1, 1, 2, 2]) == pytest.approx(10 / 9)
    assert effective_sample_size([1, 1, 2, 2]) == pytest.approx(3.6)
    # Weights 0.5, 1.5: Σw = 2, Σw² = 2.5; deff = 2 × 2.5 / 4 = 1.25; n_eff = 4 / 2.5 = 1.6.
    assert design_effect([0.5, 1.5]) == pytest.approx(1.25)
    assert effective_sample_size([0.5, 1.5]) == pytest.approx(1.6)
    # A blank weight counts as 1: 1, 2 -> Σw = 3, Σw² = 5; deff = 10 / 9; n_eff = 9 / 5.
    assert design_effect([None, 2]) == pytest.approx(10 / 9)
    assert effective_sample_size([None, 2]) == pytest.approx(1.8)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: margin_of_error(population=100, responses=101), "more responses \\(101\\)"),
        (lambda: meets_requirement(population=100, responses=101), "check both figures"),
        (lambda: margin_of_error(population=100, responses=0), "no responses"),
        (lambda: margin_of_error(population=1, responses=1), "at least 2 households"),
        (lambda: required_sample(0), "at least 1 household"),
        (lambda: required_margin(-5), "at least 1 household"),
        (lambda: required_margin("lots"), "must be a number"),
        (lambda: margin_of_error(population=math.nan, responses=1), "must be a number"),
        (lambda: design_effect([]), "no weights"),
        (lambda: design_effect([1, -1]), "cannot be negative"),
        (lambda: effective_sample_size([0, 0]), "Every weight is zero"),
    ],
)
def test_it_refuses_nonsense_figures_with_a_plain_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def published_surveys(research_data, year: str) -> list[dict]:
    """The LCRA survey columns of the regulator's workbook for ``year``, one dict a landlord."""
    filename, sheet = WORKBOOKS[year]
    workbook = openpyxl.load_workbook(research_data / "rsh_tsm" / filename, read_only=True)
    try:
        rows = workbook[sheet].iter_rows(max_col=12, values_only=True)
        header = next(row for row in rows if row[0] == "Landlord name")
        where = {
            name: next(i for i, label in enumerate(header) if label and label.startswith(start))
            for name, start in SURVEY_COLUMNS.items()
        }
        return [
            {"landlord": row[0]} | {name: row[i] for name, i in where.items()}
            for row in rows
            if row[1]
        ]
    finally:
        workbook.close()


def test_it_reproduces_the_regulators_2024_25_figures_exactly(research_data):
    surveys = published_surveys(research_data, "2024/25")
    assert len(surveys) == 353
    for survey in surveys:
        population, responses = survey["population"], survey["responses"]
        assert required_sample(population) == pytest.approx(survey["required_sample"], rel=1e-12), (
            survey
        )
        assert margin_of_error(population=population, responses=responses) == pytest.approx(
            survey["margin"], rel=1e-12
        ), survey


def test_it_reproduces_the_regulators_2023_24_figures_as_rounded_there(research_data):
    # 2023/24 publishes the required sample rounded up to a whole response and the margin
    # to one decimal place; one landlord stored its margin as a fraction (0.0377 for 3.77%).
    surveys = published_surveys(research_data, "2023/24")
    assert len(surveys) == 355
    fractions = []
    for survey in surveys:
        population, responses = survey["population"], survey["responses"]
        assert math.ceil(required_sample(population)) == survey["required_sample"], survey
        margin = margin_of_error(population=population, responses=responses)
        if survey["margin"] < 0.1:
            fractions.append(survey["landlord"])
            assert margin == pytest.approx(100 * survey["margin"], abs=1e-6), survey
        else:
            assert round(margin, 1) == pytest.approx(survey["margin"]), survey
    assert fractions == ["Octavia Housing"]


def test_it_prints_the_accuracy_as_json():
    out = StringIO()
    call_command(
        "survey_accuracy",
        "--population",
        "20780",
        "--responses",
        "1317",
        "--format",
        "json",
        stdout=out,
    )
    accuracy = json.loads(out.getvalue())
    assert accuracy["required_margin"] == 3.0
    # The regulator's own unrounded figures for this population and sample (2024/25).
    assert accuracy["required_sample"] == pytest.approx(1014.98860769794, rel=1e-12)
    assert accuracy["margin_of_error"] == pytest.approx(2.61351957936848, rel=1e-12)
    assert accuracy["meets_requirement"] is True


def test_it_prints_the_accuracy_as_a_table():
    out = StringIO()
    call_command("survey_accuracy", "--population", "1,087", "--responses", "267", stdout=out)
    lines = out.getvalue().splitlines()
    # 384.16 / (1 + 384.16 / 1087) = 283.85; 196 × √(0.25 / 267) × √(820 / 1086) = 5.21.
    assert lines[2].split() == ["Required", "margin", "of", "error", "±", "5.0", "points"]
    assert lines[3].split() == ["Required", "minimum", "sample", "283.85"]
    assert lines[4].split() == ["Margin", "of", "error", "achieved", "±", "5.21", "points"]
    assert lines[5].split() == ["Meets", "the", "requirement", "no"]
    out = StringIO()
    call_command(
        "survey_accuracy", "--population", "1087", "--responses", "267", "--census", stdout=out
    )
    assert out.getvalue().splitlines()[5].split() == ["Meets", "the", "requirement", "yes"]


def test_it_explains_impossible_figures_without_a_traceback():
    with pytest.raises(CommandError, match="more responses \\(2000\\)"):
        call_command("survey_accuracy", "--population", "1000", "--responses", "2000")
    with pytest.raises(CommandError, match="'many' is not a whole number"):
        call_command("survey_accuracy", "--population", "many", "--responses", "2")
