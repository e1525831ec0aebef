"""Import formats for the stock: buildings, homes, stock condition and safety."""

from doorstep.imports import columns as c
from doorstep.imports.framework import Column, Dataset, Lookups, RowProblem
from doorstep.stock.models import (
    Building,
    Home,
    NeedsType,
    SafetyCheck,
    SafetyCheckType,
    SafetyRequirement,
    StockConditionAssessment,
    Tenure,
)

TENURE_SPELLINGS = {
    "low cost rental accommodation": Tenure.LCRA,
    "low cost rental": Tenure.LCRA,
    "low cost home ownership": Tenure.LCHO,
    "shared ownership": Tenure.LCHO,
}

CHECK_TYPE_SPELLINGS = {
    "gas safety": SafetyCheckType.GAS,
    "fra": SafetyCheckType.FIRE_RISK,
    "fire risk assessment": SafetyCheckType.FIRE_RISK,
    "fire": SafetyCheckType.FIRE_RISK,
    "legionella": SafetyCheckType.WATER,
    "water safety": SafetyCheckType.WATER,
    "loler": SafetyCheckType.LIFT,
    "lifts": SafetyCheckType.LIFT,
}


def tenure_column(*, required: bool) -> Column:
    return c.choices(
        "tenure", Tenure, what="tenure", required=required, extra_spellings=TENURE_SPELLINGS
    )


def home_column(lookups: Lookups, *, required: bool = False) -> Column:
    """A home_ref, kept as the home's id (and tenure, for datasets that take it from there)."""
    return Column("home_ref", lookups.home, field="home", required=required)


def building_column(lookups: Lookups) -> Column:
    return Column("building_ref", lookups.building, field="building_id")


def keep_home_id(values: dict) -> None:
    home = values.pop("home")
    values["home_id"] = home.id if home else None


def dates_in_order(values: dict, first: str, then: str, reason: str):
    if values[first] and values[then] and values[then] < values[first]:
        yield RowProblem(then, reason)


BUILDINGS = Dataset(
    name="buildings",
    model=Building,
    ref="building_ref",
    fields=("building_ref", "name", "postcode", "uprn"),
    description="Blocks and other buildings that hold homes.",
    columns=lambda lookups: [
        c.reference("building_ref"),
        c.short_text("name", max_length=200),
        c.short_text("postcode", max_length=12),
        c.short_text("uprn", max_length=12),
    ],
)


def _check_home(values: dict):
    yield from dates_in_order(
        values, "acquired_on", "disposed_on", "is before acquired_on: a home cannot leave the "
        "stock before it joined"
    )


HOMES = Dataset(
    name="homes",
    model=Home,
    ref="home_ref",
    fields=(
        "home_ref", "tenure", "area", "scheme", "building_id", "owned", "needs_type",
        "postcode", "uprn", "acquired_on", "disposed_on", "decent_homes_applies",
    ),
    needs=("buildings",),
    description="The stock: one row per dwelling unit.",
    columns=lambda lookups: [
        c.reference("home_ref"),
        tenure_column(required=True),
        c.short_text("area", max_length=100, required=True, aliases=("patch",)),
        c.short_text("scheme", max_length=200, aliases=("estate",)),
        building_column(lookups),
        c.yes_no("owned", default=True),
        c.choices("needs_type", NeedsType, what="needs type", default=""),
        c.short_text("postcode", max_length=12),
        c.short_text("uprn", max_length=12),
        c.date_column("acquired_on"),
        c.date_column("disposed_on"),
        c.yes_no("decent_homes_applies", default=True),
    ],
    check_row=_check_home,
)


def _check_assessment(values: dict):
    keep_home_id(values)
    return ()


STOCK_CONDITION = Dataset(
    name="stock_condition",
    model=StockConditionAssessment,
    ref="assessment_ref",
    fields=("assessment_ref", "home_id", "assessed_on", "meets_decent_homes", "reason"),
    needs=("homes",),
    description="Stock-condition assessments: does the home meet the Decent Homes Standard?",
    columns=lambda lookups: [
        c.reference("assessment_ref"),
        home_column(lookups, required=True),
        c.date_column("assessed_on", required=True),
        c.yes_no("meets_decent_homes", required=True),
        c.free_text("reason"),
    ],
    check_row=_check_assessment,
)


def _place_asset(values: dict) -> None:
    kind, pk = values.pop("asset")
    values["home_id"] = pk if kind == "home" else None
    values["building_id"] = pk if kind == "building" else None


def _check_requirement(values: dict):
    _place_asset(values)
    yield from dates_in_order(
        values, "required_from", "required_until", "is before required_from"
    )


def _safety_columns(lookups: Lookups) -> list[Column]:
    return [
        Column("asset_ref", lookups.asset, field="asset", required=True),
        c.choices(
            "check_type", SafetyCheckType, what="check type", required=True,
            extra_spellings=CHECK_TYPE_SPELLINGS,
        ),
    ]


SAFETY_REQUIREMENTS = Dataset(
    name="safety_requirements",
    model=SafetyRequirement,
    ref="requirement_ref",
    fields=(
        "requirement_ref", "home_id", "building_id", "check_type", "required_from",
        "required_until",
    ),
    needs=("homes", "buildings"),
    description="What must be checked: a check type required for a home or a building.",
    columns=lambda lookups: [
        c.reference("requirement_ref"),
        *_safety_columns(lookups),
        c.date_column("required_from"),
        c.date_column("required_until"),
    ],
    check_row=_check_requirement,
)


def _check_safety_check(values: dict):
    _place_asset(values)
    return ()


SAFETY_CHECKS = Dataset(
    name="safety_checks",
    model=SafetyCheck,
    ref="check_ref",
    fields=("check_ref", "home_id", "building_id", "check_type", "completed_on", "valid_until"),
    needs=("homes", "buildings"),
    description="Safety checks carried out and recorded.",
    columns=lambda lookups: [
        c.reference("check_ref"),
        *_safety_columns(lookups),
        c.date_column("completed_on", required=True),
        c.date_column("valid_until", required=True),
    ],
    check_row=_check_safety_check,
)
