"""The HHSRS hazard list (``data/hhsrs_hazards.csv``) and the Awaab's Law rule for a case.

The list is loaded into the ``Hazard`` table by a data migration; an administrator then
changes the dates in Django's admin as the regulations are confirmed. Loading again adds any
hazard missing from the table and leaves the dates an administrator set alone.

The rule for a case is read once, when the case is opened, from the date the landlord became
aware and the hazard's dates as they stand then, and kept on the case.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HAZARD_LIST = Path(__file__).resolve().parent / "data" / "hhsrs_hazards.csv"
# Awaab's Law came into force on this day, for emergency hazards and significant damp and
# mould: an emergency case whose hazard is not recorded yet is read against it.
IN_FORCE_FROM = date(2025, 10, 27)
EMERGENCY, SIGNIFICANT = "emergency", "significant"


def hazard_rows() -> list[dict]:
    """The CSV's rows as the ``Hazard`` table's fields, in the CSV's order."""
    with HAZARD_LIST.open(newline="", encoding="utf-8") as handle:
        return [
            {
                "code": row["code"],
                "name": row["name"],
                "group": row["group"],
                "position": position,
                "significant_in_scope_from": _day(row["significant_in_scope_from"]),
                "emergency_in_scope_from": _day(row.get("emergency_in_scope_from", ""))
                if row["emergency_possible"] == "yes" else None,
            }
            for position, row in enumerate(csv.DictReader(handle), start=1)
        ]


def load_hazard_list(*, hazard_model=None) -> int:
    """Add the hazards of the CSV missing from the table; returns how many were added.

    ``hazard_model``: the historical model, from a migration.
    """
    if hazard_model is None:
        from doorstep.hazards.models import Hazard as hazard_model
    have = set(hazard_model.objects.values_list("code", flat=True))
    missing = [hazard_model(**row) for row in hazard_rows() if row["code"] not in have]
    hazard_model.objects.bulk_create(missing)
    return len(missing)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


@dataclass(frozen=True)
class Rule:
    timescales_apply: bool
    text: str


def rule_for(*, kind: str, hazard, aware_on: date, today: date | None = None) -> Rule:
    """Which rule applies to a case of ``kind`` about ``hazard`` (None: not recorded) that the
    landlord became aware of on ``aware_on``.

    A hazard is within the timescales when the landlord became aware of it on or after the day
    its kind came into scope: a case reported before that day stays outside them, even once the
    day has passed (the law's duties run from becoming aware).
    """
    if kind == EMERGENCY:
        start = IN_FORCE_FROM if hazard is None else hazard.emergency_in_scope_from
        what = "any hazard but crowding and space" if hazard is None else hazard.name.lower()
        if aware_on >= start:
            return Rule(True, f"Emergency hazard timescales (24 hours) in force from "
                        f"{_describe(start)} for {what}")
        return Rule(False, f"Outside Awaab's Law timescales: the landlord became aware on "
                    f"{_describe(aware_on)}, before emergency hazards came into scope on "
                    f"{_describe(start)}")
    start = hazard.significant_in_scope_from
    name = hazard.name.lower()
    comes = "comes" if start is not None and start > (today or date.today()) else "came"
    if start is None:
        return Rule(False, f"Outside Awaab's Law timescales: {name} has no date to come into "
                    "scope (Awaab's Law leaves out crowding and space)")
    if aware_on >= start:
        return Rule(True, f"Significant hazard timescales in force from {_describe(start)} for "
                    f"{name}")
    return Rule(False, f"Outside Awaab's Law timescales: {name} {comes} into scope on "
                f"{_describe(start)}, after the landlord became aware on "
                f"{_describe(aware_on)}")


def _describe(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
