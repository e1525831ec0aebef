"""Import format for repairs."""

from datetime import UTC, datetime

from doorstep.core.periods import UK
from doorstep.imports import columns as c
from doorstep.imports.framework import Dataset, RowProblem
from doorstep.repairs.grouping import after_repairs_import
from doorstep.repairs.models import Priority, Repair, RepairStatus, RepairType
from doorstep.stock.importers import building_column, home_column, keep_home_id

PRIORITY_SPELLINGS = {"non emergency": Priority.NON_EMERGENCY, "routine": Priority.NON_EMERGENCY}
STATUS_SPELLINGS = {"complete": RepairStatus.COMPLETED, "closed": RepairStatus.COMPLETED}


def _check_repair(values: dict):
    keep_home_id(values)
    if values["home_id"] is None and values["building_id"] is None:
        yield RowProblem("home_ref", "is empty: a repair needs a home_ref or a building_ref")
    reported, completed = values["reported_at"], values["completed_at"]
    if completed is not None and completed < reported:
        yield RowProblem(
            "completed_at",
            f"is before reported_at: a repair cannot be completed ({_uk(completed)}) before "
            f"it is reported ({_uk(reported)})",
        )
    status = values["status"]
    if status is None:
        values["status"] = RepairStatus.COMPLETED if completed else RepairStatus.OPEN
    elif status == RepairStatus.COMPLETED and completed is None:
        yield RowProblem("completed_at", "is empty: a completed repair needs its completion time")
    elif status == RepairStatus.OPEN and completed is not None:
        yield RowProblem("status", "is open, but the repair has a completed_at time")


def _uk(stored: str) -> str:
    """Checked date-times are UTC text; show them as the UK local time the file gave."""
    moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    return moment.astimezone(UK).strftime("%Y-%m-%d %H:%M")


REPAIRS = Dataset(
    name="repairs",
    model=Repair,
    ref="repair_ref",
    fields=(
        "repair_ref", "home_id", "building_id", "reported_at", "priority", "priority_label",
        "target_at", "completed_at", "status", "repair_type", "category", "description",
        "cost_gbp",
    ),
    needs=("homes", "buildings"),
    description="Repair jobs: one row per job.",
    columns=lambda lookups: [
        c.reference("repair_ref"),
        home_column(lookups),
        building_column(lookups),
        c.datetime_column("reported_at", required=True),
        c.choices(
            "priority", Priority, what="priority", required=True,
            extra_spellings=PRIORITY_SPELLINGS,
        ),
        c.short_text("priority_label", max_length=100),
        c.datetime_column("target_at", required=True),
        c.datetime_column("completed_at"),
        c.choices("status", RepairStatus, what="status", extra_spellings=STATUS_SPELLINGS),
        c.choices("repair_type", RepairType, what="repair type", default=RepairType.RESPONSIVE),
        c.category(),
        c.free_text("description"),
        c.money("cost_gbp", aliases=("cost",)),
    ],
    check_row=_check_repair,
    after_write=after_repairs_import,
)
