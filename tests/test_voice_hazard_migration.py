"""The migration of the coder's eight old flag kinds to HHSRS hazard codes and safeguarding
(doorstep/voice/migrations/0003 to 0005)."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("voice", "0002_default_framework")]
AFTER = [("voice", "0005_one_flag_per_kind_and_sub_kind")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_it_maps_the_old_kinds_and_merges_a_leak_into_damp_and_mould():
    old = _migrate(BEFORE)
    CodedComment = old.get_model("voice", "CodedComment")
    HazardFlag = old.get_model("voice", "HazardFlag")
    wet, gas, at_risk = (
        CodedComment.objects.create(source="survey", text=text, redacted_text=text,
                                    sentiment="negative")
        for text in ("Mould and a leak through the ceiling", "Smell of gas", "I'm scared")
    )
    day = date(2025, 11, 3)
    HazardFlag.objects.create(coded_comment=wet, kind="damp_mould", matched_words="mould",
                              flagged_on=day, follow_up_by=date(2025, 11, 5))
    HazardFlag.objects.create(coded_comment=wet, kind="leak", matched_words="leak; ceiling",
                              flagged_on=day, follow_up_by=date(2025, 11, 4),
                              hazard_case_ref="HZ-7",
                              followed_up_at=datetime(2025, 11, 4, 9, tzinfo=UTC))
    for kind in ("gas_smell", "electrical", "fire_risk"):
        HazardFlag.objects.create(coded_comment=gas, kind=kind, matched_words=kind,
                                  flagged_on=day, follow_up_by=day)
    for kind in ("self_harm", "abuse", "vulnerability"):
        HazardFlag.objects.create(coded_comment=at_risk, kind=kind, matched_words=kind,
                                  flagged_on=day, follow_up_by=day)

    new = _migrate(AFTER)
    flags = new.get_model("voice", "HazardFlag").objects
    assert sorted(flags.filter(coded_comment_id=gas.pk).values_list("kind", "sub_kind")) == [
        ("electrical", ""), ("fire", ""), ("uncombusted_fuel_gas", "")]
    assert sorted(flags.filter(coded_comment_id=at_risk.pk).values_list("kind", "sub_kind")) == [
        ("safeguarding", "abuse"), ("safeguarding", "self_harm"),
        ("safeguarding", "vulnerable_resident")]
    # One damp and mould flag: both sets of words, the earlier follow-up date, the case; not
    # followed up, because the damp and mould flag itself was not.
    merged = flags.get(coded_comment_id=wet.pk)
    assert (merged.kind, merged.sub_kind, merged.matched_words) == (
        "damp_mould", "", "mould; leak; ceiling")
    assert (merged.follow_up_by, merged.hazard_case_ref, merged.followed_up_at) == (
        date(2025, 11, 4), "HZ-7", None)
    assert flags.count() == 7
