"""Doorstep reproduces the regulator's published management figures.

For a deterministic sample of landlords in BOTH of the RSH's TSM workbooks (2023/24 and
2024/25), operational records are rebuilt from each published numerator and denominator:
homes for the stock (the CH01 denominators by tenure, adding up to the NM01 denominator),
gas/FRA/asbestos/legionella/lift requirements on as many homes as each BS denominator with
valid checks on as many as its numerator, Decent Homes assessments, responsive repairs
completed in and out of target, complaints answered in and out of time (and withdrawn ones
for the rest of CH01), and ASB cases. Doorstep must then publish the same numerators,
denominators and values: to full precision for 2023/24, and to the one decimal place the
regulator published for 2024/25.

The sample: landlords whose published management figures are all present and agree with
each other (so that one set of records can produce them all), smallest first, so the test
stays quick. The same three are checked in both years.
"""

from datetime import UTC, date, datetime, timedelta
from functools import cache

import pytest
from conftest import shipped_books

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.measures.management_info import MANAGEMENT_CODES, management_measures
from doorstep.repairs.models import Priority, Repair, RepairStatus
from doorstep.stock.models import (
    Home,
    SafetyCheck,
    SafetyRequirement,
    StockConditionAssessment,
)

# The regulator's published figures, from the dataset shipped with Doorstep (checked
# against the workbooks by tests/test_rsh_dataset.py).
YEARS = {2023: "2023/24", 2024: "2024/25"}
SAMPLE_SIZE = 3
BS_CODES = {"BS01": "gas", "BS02": "fire_risk", "BS03": "asbestos", "BS04": "water", "BS05": "lift"}
BATCH = 2000


def workbook(first_year: int):
    return shipped_books()[YEARS[first_year]]


def number(figure):
    return figure.value if figure is not None and figure.missing is None else None


def published(row, code, tenure=None) -> tuple:
    figure = row.measure(code, tenure)
    return number(figure.numerator), number(figure.denominator), number(figure.value)


def consistent(row) -> bool:
    """Can one set of records give every published figure of this landlord?"""
    homes = number(row.homes_owned)
    rented = published(row, "CH01-1", "LCRA")[1]
    ownership = published(row, "CH01-1", "LCHO")[1] or 0
    if homes is None or rented is None or rented + ownership != homes:
        return False
    for code in [*BS_CODES, "RP01", "RP02-1", "RP02-2"]:
        numerator, denominator, _ = published(row, code)
        if numerator is None or denominator is None or numerator > denominator:
            return False
        if code in BS_CODES and denominator > homes:
            return False
    if published(row, "RP01")[1] > rented:
        return False
    for tenure in ("LCRA", "LCHO"):
        for stage in "12":
            made = published(row, f"CH01-{stage}", tenure)[0]
            in_time, answered, _ = published(row, f"CH02-{stage}", tenure)
            if tenure == "LCHO" and made is None:
                continue
            if None in (made, in_time, answered) or answered > made:
                return False
    cases, hate_cases = published(row, "NM01-1")[0], published(row, "NM01-2")[0]
    return cases is not None and hate_cases is not None and hate_cases <= cases


def records_needed(row) -> int:
    counts = [number(row.homes_owned), published(row, "RP02-1")[1], published(row, "RP02-2")[1]]
    counts += [published(row, f"CH01-{s}", t)[0] or 0 for s in "12" for t in ("LCRA", "LCHO")]
    return sum(counts) + published(row, "NM01-1")[0]


@cache
def sample() -> list[str]:
    """Landlord codes in both workbooks, consistent in both, the smallest first."""
    books = [workbook(year) for year in YEARS]
    in_both = set(books[0].management) & set(books[1].management)
    usable = [code for code in in_both if all(consistent(book.management[code]) for book in books)]
    sizes = {code: max(records_needed(book.management[code]) for book in books) for code in usable}
    return sorted(usable, key=lambda code: (sizes[code], code))[:SAMPLE_SIZE]


# Rebuilding the records


def _homes(row) -> list[Home]:
    rented = published(row, "CH01-1", "LCRA")[1]
    total = number(row.homes_owned)
    applies = published(row, "RP01")[1]
    homes = [
        Home(
            home_ref=f"H{n}",
            tenure="LCRA" if n < rented else "LCHO",
            area="All",
            decent_homes_applies=n < applies,
        )
        for n in range(total)
    ]
    Home.objects.bulk_create(homes, batch_size=BATCH)
    return list(Home.objects.order_by("pk"))


def _safety(row, homes, year: ReportingYear) -> None:
    requirements, checks = [], []
    for code, check_type in BS_CODES.items():
        compliant, needing, _ = published(row, code)
        for place, needy in enumerate(homes[:needing]):
            requirements.append(
                SafetyRequirement(
                    requirement_ref=f"{code}-{place}", home=needy, check_type=check_type
                )
            )
            if place < compliant:
                checks.append(
                    SafetyCheck(
                        check_ref=f"{code}-{place}",
                        home=needy,
                        check_type=check_type,
                        completed_on=year.start + timedelta(days=30),
                        valid_until=year.end + timedelta(days=300),
                    )
                )
    SafetyRequirement.objects.bulk_create(requirements, batch_size=BATCH)
    SafetyCheck.objects.bulk_create(checks, batch_size=BATCH)


def _decent_homes(row, homes, year: ReportingYear) -> None:
    failing, applies, _ = published(row, "RP01")
    StockConditionAssessment.objects.bulk_create(
        [
            StockConditionAssessment(
                assessment_ref=f"A{n}",
                home=home,
                assessed_on=year.start,
                meets_decent_homes=n >= failing,
            )
            for n, home in enumerate(homes[:applies])
        ],
        batch_size=BATCH,
    )


def _repairs(row, rented_home, year: ReportingYear) -> None:
    reported = datetime(year.first_year, 6, 2, 9, tzinfo=UTC)
    repairs = []
    for code, priority in (("RP02-1", Priority.NON_EMERGENCY), ("RP02-2", Priority.EMERGENCY)):
        in_time, completed, _ = published(row, code)
        repairs += [
            Repair(
                repair_ref=f"{code}-{n}",
                home=rented_home,
                priority=priority,
                reported_at=reported,
                target_at=reported + timedelta(days=5),
                completed_at=reported + timedelta(days=1 if n < in_time else 10),
                status=RepairStatus.COMPLETED,
            )
            for n in range(completed)
        ]
    Repair.objects.bulk_create(repairs, batch_size=BATCH)


def _complaints(row, year: ReportingYear) -> None:
    first = year.first_year
    complaints = []
    for tenure in ("LCRA", "LCHO"):
        for stage in (1, 2):
            made = published(row, f"CH01-{stage}", tenure)[0] or 0
            in_time, answered, _ = published(row, f"CH02-{stage}", tenure)
            for n in range(made):
                complaints.append(
                    _complaint(
                        ref=f"{tenure}-{stage}-{n}",
                        tenure=tenure,
                        stage=stage,
                        first=first,
                        answered=n < answered,
                        in_time=n < in_time,
                    )
                )
    Complaint.objects.bulk_create(complaints, batch_size=BATCH)


def _complaint(*, ref, tenure, stage, first, answered, in_time) -> Complaint:
    """Answered the next day (in time) or after 90 days (late), or withdrawn unanswered."""
    start = date(first, 7, 1)
    response = start + timedelta(days=1 if in_time else 90) if answered else None
    withdrawn = None if answered else start + timedelta(days=1)
    if stage == 1:
        return Complaint(
            complaint_ref=ref,
            tenure=tenure,
            received_on=start,
            stage1_acknowledged_on=start,
            stage1_responded_on=response,
            withdrawn_on=withdrawn,
        )
    # Stage 1 made and answered the year before; only the escalation is in this year.
    return Complaint(
        complaint_ref=ref,
        tenure=tenure,
        received_on=date(first, 1, 15),
        stage1_acknowledged_on=date(first, 1, 15),
        stage1_responded_on=date(first, 1, 16),
        escalated_on=start,
        stage2_acknowledged_on=start,
        stage2_responded_on=response,
        withdrawn_on=withdrawn,
    )


def _asb(row, year: ReportingYear) -> None:
    cases, hate_cases = published(row, "NM01-1")[0], published(row, "NM01-2")[0]
    AsbCase.objects.bulk_create(
        [
            AsbCase(
                case_ref=f"N{n}",
                opened_on=year.start + timedelta(days=40),
                hate_related=n < hate_cases,
            )
            for n in range(cases)
        ],
        batch_size=BATCH,
    )


def rebuild(row, year: ReportingYear) -> None:
    homes = _homes(row)
    _safety(row, homes, year)
    _decent_homes(row, homes, year)
    _repairs(row, homes[0], year)
    _complaints(row, year)
    _asb(row, year)


# The test


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("first_year", sorted(YEARS))
@pytest.mark.parametrize("rank", range(SAMPLE_SIZE))
def test_it_reproduces_the_regulators_published_management_figures(first_year, rank):
    book = workbook(first_year)
    code = sample()[rank]
    row = book.management[code]
    year = ReportingYear(first_year)
    rebuild(row, year)

    ours = {
        (r.code, r.tenure): r
        for r in management_measures(year=year, as_of=year.end + timedelta(days=365))
    }

    checked = 0
    for (measure, tenure), result in ours.items():
        numerator, denominator, value = published(row, measure, tenure)
        if denominator is None:
            continue  # not published for this tenure ([X], [Z])
        assert (result.numerator, result.denominator) == (numerator, denominator), (
            code,
            measure,
            tenure,
        )
        if denominator == 0:
            assert result.value is None, (code, measure, tenure)
        elif book.year == "2023/24":
            assert result.value == pytest.approx(value, rel=1e-12, abs=1e-9), (
                code,
                measure,
                tenure,
            )
        else:  # published to one decimal place
            assert abs(result.value - value) <= 0.05 + 1e-9, (code, measure, tenure)
        checked += 1
    # Every measure is checked at least once (CH01/CH02 for each tenure published).
    assert {measure for measure, _ in ours} == set(MANAGEMENT_CODES)
    assert checked >= len(MANAGEMENT_CODES)
