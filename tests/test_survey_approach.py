"""The summary of approach: generated from the survey's records, with the human parts."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from doorstep.stock.models import Home
from doorstep.surveys.approach import build_approach, render
from doorstep.surveys.models import ApproachNotes
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey, exclude_household, record_response


@pytest.fixture
def survey(db):
    # 40 LCRA homes in North and South (20 each).
    Home.objects.bulk_create(Home(home_ref=f"{area}-{i:02d}", tenure="LCRA", area=area)
                             for area in ("North", "South") for i in range(20))
    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="LCRA",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 11, 30))
    exclude_household(survey=survey, home=Home.objects.get(home_ref="North-19"),
                      reason="safeguarding")
    draw_sample(survey=survey, method="census")
    for i, channel in enumerate(["telephone"] * 20 + ["online"] * 10):
        area = "North" if i < 15 else "South"
        ref = f"{area}-{i % 15:02d}"
        record_response(survey=survey, home=Home.objects.get(home_ref=ref), channel=channel,
                        answers={"TP01": 1}, completed_on=date(2025, 9, 2) + timedelta(days=i))
    return survey


def _sections(approach) -> dict:
    return {heading: lines for heading, lines in approach.sections}


def test_it_states_every_item_the_regulator_requires(survey):
    approach = build_approach(survey=survey)
    sections = _sections(approach)
    assert list(sections) == [
        "Achieved sample size", "Timing of the survey", "Collection methods", "Sample method",
        "Representativeness", "Weighting", "External contractor",
        "Households excluded from the sample frame",
        "Reasons for missing the required sample size", "Incentives",
        "Other methodological issues",
    ]
    # N = 40 (below 2,500: ±5%): n0 = 384.16, required = 384.16 / (1 + 9.604) = 36.2278.
    # Margin achieved with n = 30: 196 × √(0.25/30) × √(10/39) = 196 × 0.0912871 × 0.5063697
    # = 9.0600%.
    assert sections["Achieved sample size"] == [
        "LCRA: 30 responses from a tenant population of 40 households (required minimum "
        "sample 36.2 for ± 5 points at 95% confidence); margin of error achieved ± 9.1 points."
    ]
    assert sections["Timing of the survey"] == [
        "Fieldwork ran from 1 September 2025 to 30 November 2025 (reporting year 2025/26).",
        "Responses were received between 2 September 2025 and 1 October 2025.",
    ]
    assert sections["Collection methods"] == ["Telephone: 20 responses", "Online: 10 responses"]
    assert sections["Sample method"] == [
        "A census: all 39 households in the sample frame were invited."]
    assert sections["Households excluded from the sample frame"] == [
        "1 household was excluded from the sample frame:",
        "LCRA: 1 \u2014 Safeguarding or vulnerability concern",
    ]
    # Census of a population under 2,500: the requirement is met however many replied.
    assert sections["Reasons for missing the required sample size"] == [
        "The required sample size was met."]
    assert sections["Weighting"] == ["No weighting was applied: every response counts once."]
    # Respondents: North 15, South 15 of a population 20/20 -> X² = 0.
    assert any(line.startswith("Area: no significant difference")
               for line in sections["Representativeness"])
    assert approach.missing == [
        "commentary on how representative the respondents are",
        "the role of any external contractor, or that none was used",
        "the incentives offered, or that there were none",
        "other methodological issues, including anything that affects comparison with last year",
    ]


def test_it_uses_the_words_a_person_wrote(survey):
    ApproachNotes.objects.create(
        survey=survey, contractor="None: we ran the survey ourselves.",
        incentives="A prize draw for three £50 vouchers.",
        representativeness="Younger households answered less often.",
        other_issues="None this year.",
    )
    approach = build_approach(survey=survey)
    assert approach.missing == []
    text = render(approach, markdown=True)
    assert text.startswith("# Summary of approach: TSM 2025/26 (2025/26)\n")
    assert "## 7. External contractor\n\nNone: we ran the survey ourselves.\n" in text
    assert "## 10. Incentives\n\nA prize draw for three £50 vouchers.\n" in text
    plain = render(approach, markdown=False)
    # "3. Collection methods" is 21 characters: underlined with 21 hyphens.
    assert "3. Collection methods\n" + "-" * 21 + "\n\nTelephone: 20 responses\n" in plain


def test_it_prints_the_summary_and_refuses_to_call_an_unfinished_one_done(survey):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="not finished"):
        call_command("survey_approach", survey="TSM 2025/26", stdout=out, stderr=err)
    assert "## 1. Achieved sample size" in out.getvalue()
    assert "[To be written: the incentives offered" in out.getvalue()
    assert "Still to be written before publishing" in err.getvalue()
    ApproachNotes.objects.create(survey=survey, contractor="None.", incentives="None.",
                                 representativeness="Fine.", other_issues="None.")
    out = StringIO()
    call_command("survey_approach", survey="TSM 2025/26", format="text", stdout=out)
    assert "To be written" not in out.getvalue()
    with pytest.raises(CommandError, match="There is no survey called \u201cTSM 1999\u201d"):
        call_command("survey_approach", survey="TSM 1999")


def test_it_asks_why_a_sample_fell_short(db):
    Home.objects.bulk_create(Home(home_ref=f"H{i:02d}", tenure="LCRA", area="North")
                             for i in range(40))
    survey = create_survey(name="Small", kind="perception", tenure_scope="LCRA",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 9, 30))
    draw_sample(survey=survey, method="stratified", seed=1, invitations={"LCRA": 20})
    record_response(survey=survey, home=Home.objects.get(home_ref="H01"), channel="postal",
                    answers={"TP01": 2}, completed_on=date(2025, 9, 3))
    approach = build_approach(survey=survey)
    assert _sections(approach)["Reasons for missing the required sample size"] == [
        "The required sample size was not met for LCRA.",
        "[To be written: why the required sample size was not met]",
    ]
    assert _sections(approach)["Sample method"][1] == "Households invited: LCRA 20."
