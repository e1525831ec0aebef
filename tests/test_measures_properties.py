"""Properties that hold for any records: numerators never exceed denominators for the
percentage measures, and the figures do not depend on the order rows were stored in."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.measures.management_info import management_measures
from doorstep.repairs.models import Priority, Repair, RepairStatus
from doorstep.stock.models import Home, SafetyCheck, SafetyRequirement

YEAR = ReportingYear(2025)
START = datetime(2025, 3, 1, tzinfo=UTC)
AS_OF = date(2026, 3, 31)
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

home_records = st.lists(
    st.tuples(
        st.sampled_from(["LCRA", "LCHO"]),
        st.booleans(),  # needs gas
        st.sampled_from([None, -400, -30, 0, 200]),  # check valid until, days from year end
    ),
    min_size=1,
    max_size=6,
)
repair_records = st.lists(
    st.tuples(
        st.integers(0, 420),  # reported, days after 1 March 2025
        st.integers(-2, 40),  # target, days after reported
        st.one_of(st.none(), st.integers(0, 60)),  # completed, days after reported
        st.sampled_from(list(Priority.values)),
        st.booleans(),  # cancelled
    ),
    max_size=8,
)
complaint_records = st.lists(
    st.tuples(
        st.integers(0, 400),  # received, days after 1 March 2025
        st.one_of(st.none(), st.integers(0, 8)),  # acknowledged after
        st.one_of(st.none(), st.integers(0, 30)),  # responded after
        st.integers(0, 10),  # extension
        st.one_of(st.none(), st.integers(0, 20)),  # withdrawn after
        st.sampled_from(["LCRA", "LCHO"]),
    ),
    max_size=8,
)


def _day(offset):
    return None if offset is None else date(2025, 3, 1) + timedelta(days=offset)


def store(homes, repairs, complaints, order) -> None:
    """Store the records in the order given by ``order`` (a permutation of positions)."""
    stored = []
    for place in order(range(len(homes))):
        tenure, needs_gas, valid_until = homes[place]
        home = Home.objects.create(home_ref=f"H{place}", tenure=tenure, area="A")
        stored.append((place, home))
        if needs_gas:
            SafetyRequirement.objects.create(
                requirement_ref=f"G{place}", home=home, check_type="gas"
            )
        if valid_until is not None:
            SafetyCheck.objects.create(
                check_ref=f"K{place}",
                home=home,
                check_type="gas",
                completed_on=date(2025, 1, 1),
                valid_until=YEAR.end + timedelta(days=valid_until),
            )
    first_home = min(stored)[1]
    for place in order(range(len(repairs))):
        reported, target, completed, priority, cancelled = repairs[place]
        reported_at = START + timedelta(days=reported)
        Repair.objects.create(
            repair_ref=f"R{place}",
            home=first_home,
            priority=priority,
            reported_at=reported_at,
            target_at=reported_at + timedelta(days=target),
            completed_at=None if completed is None else reported_at + timedelta(days=completed),
            status=RepairStatus.CANCELLED
            if cancelled
            else (RepairStatus.OPEN if completed is None else RepairStatus.COMPLETED),
        )
    for place in order(range(len(complaints))):
        received, acknowledged, responded, extension, withdrawn, tenure = complaints[place]
        Complaint.objects.create(
            complaint_ref=f"C{place}",
            tenure=tenure,
            received_on=_day(received),
            stage1_acknowledged_on=_day(None if acknowledged is None else received + acknowledged),
            stage1_responded_on=_day(None if responded is None else received + responded),
            stage1_extension_days=extension,
            withdrawn_on=_day(None if withdrawn is None else received + withdrawn),
        )


def figures_for(homes, repairs, complaints, order) -> dict:
    with transaction.atomic():
        store(homes, repairs, complaints, order)
        results = management_measures(year=YEAR, as_of=AS_OF)
        transaction.set_rollback(True)
    return {(r.code, r.tenure): (r.numerator, r.denominator, r.value, r.details) for r in results}


@pytest.mark.django_db
@FAST
@given(homes=home_records, repairs=repair_records, complaints=complaint_records)
def test_it_never_counts_more_in_the_numerator_than_the_base(homes, repairs, complaints):
    figures = figures_for(homes, repairs, complaints, order=list)

    for (code, tenure), (numerator, denominator, value, _) in figures.items():
        if code.startswith(("BS", "RP", "CH02")):
            assert 0 <= numerator <= denominator, (code, tenure)
            assert value is None or 0 <= value <= 100
        assert (value is None) == (denominator == 0), (code, tenure)


@pytest.mark.django_db
@FAST
@given(
    homes=home_records,
    repairs=repair_records,
    complaints=complaint_records,
    shuffle=st.randoms(use_true_random=False),
)
def test_it_gives_the_same_figures_whatever_order_rows_were_stored_in(
    homes, repairs, complaints, shuffle
):
    def shuffled(positions):
        positions = list(positions)
        shuffle.shuffle(positions)
        return positions

    assert figures_for(homes, repairs, complaints, order=shuffled) == figures_for(
        homes, repairs, complaints, order=list
    )
