"""The move from free-text root causes to the list (complaints migrations 0004 to 0006): every
root cause already recorded is kept, matched to the list by its code or label (any case), or
added to the list when nothing matches."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("complaints", "0004_root_causes_and_public_pages")]


@pytest.fixture
def at_free_text_root_causes(transactional_db):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)


def test_it_keeps_every_free_text_root_cause_on_the_list(at_free_text_root_causes):
    old = at_free_text_root_causes.get_model("complaints", "Complaint")
    for ref, text in (("K1", "Missed or late appointment"), ("K2", "REPAIR_DELAY"),
                      ("K3", "slow inspection"), ("K4", "Slow inspection"), ("K5", "")):
        old.objects.create(complaint_ref=ref, tenure="LCRA", received_on="2025-05-01",
                           root_cause_text=text)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from doorstep.complaints.models import Complaint, RootCause

    assert list(Complaint.objects.order_by("complaint_ref").values_list(
        "complaint_ref", "root_cause__code", "root_cause__label")) == [
        ("K1", "missed_appointment", "Missed or late appointment"),
        ("K2", "repair_delay", "Repair took too long"),
        ("K3", "slow_inspection", "Slow inspection"),
        ("K4", "slow_inspection", "Slow inspection"),
        ("K5", None, None),
    ]
    assert RootCause.objects.count() == 17  # the 16 defaults and the one kept from K3 and K4
