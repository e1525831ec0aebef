"""Casework and imports are the same records: CH02 is the same whether the complaints were
worked in Doorstep or imported with the same dates, and a re-import never overwrites
casework without saying so (it is refused, row by row and column by column).

Stock (from test_imports): H1 and H2 are LCRA homes, S1 is LCHO.
"""

from datetime import date

import pytest
from test_casework_transitions import make_user
from test_imports import COMPLAINT_ROWS, import_stock, load, load_ok, write_csv

from doorstep.complaints import services
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file
from doorstep.measures.engine import compute_measures
from doorstep.stock.models import Home

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2025)
YEAR_END = date(2026, 3, 31)
HEADER = COMPLAINT_ROWS[0]


@pytest.fixture
def stock(tmp_path):
    return import_stock(tmp_path)


def work_the_year(*, alice, bob, homes: dict[str, Home]) -> None:
    """Seven complaints worked through the services (the expected CH02 is in the test)."""

    def logged(home, received, ack=None):
        complaint = services.log_complaint(
            by=alice, home=homes[home], received_on=received, channel="telephone",
            category="repairs", stage1_handler=alice,
        )
        if ack:
            services.acknowledge(complaint=complaint, by=alice, on=ack)
        return complaint

    def respond(complaint, on):
        services.respond_at_stage1(complaint=complaint, by=alice, on=on, outcome="upheld")

    # A (LCRA): received Mon 14 Apr 2025, acknowledged 15 Apr, answered Thu 1 May: in time.
    # Escalated Mon 12 May, acknowledged Tue 13 May; respond within 20 working days: 14-16,
    # 19-23, 27-30 May (26 May a bank holiday), 2-6, 9-11 Jun -> Wed 11 Jun. Answered 10 Jun.
    a = logged("H1", date(2025, 4, 14), ack=date(2025, 4, 15))
    respond(a, date(2025, 5, 1))
    services.escalate(complaint=a, by=alice, requested_on=date(2025, 5, 12))
    services.assign_stage2_handler(complaint=a, by=alice, handler=bob)
    services.acknowledge(complaint=a, by=bob, on=date(2025, 5, 13))
    services.respond_at_stage2(complaint=a, by=bob, on=date(2025, 6, 10), outcome="upheld")
    # B (LCRA): acknowledged Thu 24 Apr, a day after Wed 23 Apr: late, however quick the reply.
    respond(logged("H2", date(2025, 4, 14), ack=date(2025, 4, 24)), date(2025, 4, 25))
    # C (LCHO): acknowledged Tue 4 Nov; 10 working days -> Tue 18 Nov, extended by 5 -> Tue
    # 25 Nov. Answered Mon 24 Nov: in time, by the extension.
    c = logged("S1", date(2025, 11, 3), ack=date(2025, 11, 4))
    services.extend(complaint=c, by=alice, working_days=5, reason="Survey",
                    notified_on=date(2025, 11, 14))
    respond(c, date(2025, 11, 24))
    # D (LCRA): acknowledged Tue 2 Dec; due Tue 16 Dec (3-5, 8-12, 15, 16). Answered 19 Dec.
    respond(logged("H1", date(2025, 12, 1), ack=date(2025, 12, 2)), date(2025, 12, 19))
    # E (LCRA): withdrawn before a response: out of the CH02 base.
    services.withdraw(complaint=logged("H2", date(2026, 1, 5)), by=alice,
                      on=date(2026, 1, 7), reason="Sorted")
    # G (LCHO): acknowledged Tue 3 Mar 2026; due Tue 17 Mar; no reply by 31 Mar: overdue.
    logged("S1", date(2026, 3, 2), ack=date(2026, 3, 3))
    # H (LCHO): received Fri 27 Mar 2026, not yet due at year end: pending.
    logged("S1", date(2026, 3, 27), ack=date(2026, 3, 30))


def ch02() -> dict[tuple[str, str], tuple]:
    measures = compute_measures(year=YEAR, as_of=YEAR_END).measures
    return {
        (m.code, m.tenure): (
            m.numerator, m.denominator, m.details["pending"],
            m.details["within_only_by_extension"], m.details["withdrawn"],
        )
        for m in measures
        if m.code.startswith("CH02")
    }


def export_rows() -> list[list]:
    """The complaints as an HMS extract would give them: the import format, same dates."""
    rows = [HEADER]
    for c in Complaint.objects.select_related("home").order_by("pk"):
        rows.append([
            c.complaint_ref, c.home.home_ref if c.home else "", c.tenure, c.received_on,
            c.stage1_acknowledged_on, c.stage1_extension_days, c.stage1_responded_on,
            c.stage1_outcome, c.escalated_on, c.stage2_acknowledged_on,
            c.stage2_extension_days, c.stage2_responded_on, c.stage2_outcome, c.withdrawn_on,
            c.category, c.description, c.compensation_gbp,
        ])
    return [["" if value is None else str(value) for value in row] for row in rows]


def test_it_gives_the_same_ch02_from_casework_and_from_the_same_data_imported(
    tmp_path, stock
):
    work_the_year(alice=make_user("alice", "Alice", "Archer"),
                  bob=make_user("bob", "Bob", "Baker"), homes=stock)
    from_casework = ch02()
    # (in time, base, pending, in time only by extension, withdrawn):
    # CH02-1 LCRA: A in time; B and D late; E withdrawn -> 1 of 3.
    # CH02-1 LCHO: C in time by extension; G overdue; H pending -> 1 of 2.
    # CH02-2: A's stage 2 in time -> LCRA 1 of 1, LCHO none.
    assert from_casework == {
        ("CH02-1", "LCRA"): (1, 3, 0, 0, 1),
        ("CH02-1", "LCHO"): (1, 2, 1, 1, 0),
        ("CH02-1", "combined"): (2, 5, 1, 1, 1),
        ("CH02-2", "LCRA"): (1, 1, 0, 0, 0),
        ("CH02-2", "LCHO"): (0, 0, 0, 0, 0),
        ("CH02-2", "combined"): (1, 1, 0, 0, 0),
    }
    path = write_csv(tmp_path / "hms_complaints.csv", export_rows())
    Complaint.objects.all().delete()

    report = import_file(dataset="complaints", path=path, run_by="test")
    assert (report.errors, report.created) == ([], 7)
    assert ch02() == from_casework


C3 = ["C3", "H1", "", "2025-06-02", "", "", "", "", "", "", "", "", "", "", "repairs", "Leak", ""]
FILE = [HEADER, COMPLAINT_ROWS[1], C3]


def worked_in_doorstep(tmp_path) -> Complaint:
    """C1 and C3 imported; C3 then acknowledged, answered and learned from in Doorstep."""
    alice = make_user("alice", "Alice", "Archer")
    load_ok(tmp_path, "complaints", FILE, name="first")
    c3 = Complaint.objects.get(complaint_ref="C3")
    services.acknowledge(complaint=c3, by=alice, on=date(2025, 6, 3))
    services.respond_at_stage1(complaint=c3, by=alice, on=date(2025, 6, 13), outcome="upheld")
    services.record_learning(complaint=c3, by=alice, learning="Check leaks the same day")
    return c3


def test_it_refuses_a_reimport_that_would_overwrite_casework_and_says_where(tmp_path, stock):
    c3 = worked_in_doorstep(tmp_path)

    report = load(tmp_path, "complaints", FILE, name="again")

    # C3 is row 3 of the file; the HMS knows nothing of the acknowledgement and the response.
    assert [(p.row, p.column) for p in report.errors] == [
        (3, "stage1_acknowledged_on"), (3, "stage1_outcome"), (3, "stage1_responded_on"),
    ]
    assert str(report.errors[0]) == (
        "row 3, column stage1_acknowledged_on: complaint C3 has been worked in Doorstep, where "
        "stage1_acknowledged_on is 03/06/2025; this file has blank. Nothing was overwritten: "
        "bring the file up to date with Doorstep, or leave this row out"
    )
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    c3.refresh_from_db()
    assert (c3.stage1_acknowledged_on, c3.stage1_responded_on, c3.stage1_outcome) == (
        date(2025, 6, 3), date(2025, 6, 13), "upheld"
    )
    run = ImportRun.objects.get(pk=report.run_id)
    assert (run.outcome, run.error_count) == ("rejected", 3)


def test_it_refuses_a_different_date_as_well_as_a_blank_one(tmp_path, stock):
    worked_in_doorstep(tmp_path)
    c3 = list(C3)
    c3[4], c3[6], c3[7] = "2025-06-03", "2025-06-20", "upheld"  # a later response date

    report = load(tmp_path, "complaints", [HEADER, COMPLAINT_ROWS[1], c3], name="differs")

    assert [(p.row, p.column) for p in report.errors] == [(3, "stage1_responded_on")]
    assert "is 13/06/2025; this file has 20/06/2025" in report.errors[0].reason


def test_it_imports_a_file_that_agrees_with_the_casework(tmp_path, stock):
    worked_in_doorstep(tmp_path)
    c1, c3 = list(COMPLAINT_ROWS[1]), list(C3)
    c1[15] = "Nobody came, twice"  # C1 was never worked in Doorstep: the HMS may change it
    c3[4], c3[6], c3[7] = "2025-06-03", "2025-06-13", "upheld"  # the HMS has caught up
    c3[15] = "Leak under the sink"  # not a field Doorstep's casework changed

    report = load_ok(tmp_path, "complaints", [HEADER, c1, c3], name="caught_up")

    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    assert list(Complaint.objects.order_by("complaint_ref").values_list(
        "description", "learning")) == [("Nobody came, twice", ""),
                                        ("Leak under the sink", "Check leaks the same day")]
