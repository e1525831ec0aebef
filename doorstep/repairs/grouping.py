"""Where a repair counts: its home's tenure and breakdown groups, kept on the repair itself.

RP02 counts a year's repairs: about 650,000 for a 130,000-home landlord. Whether a repair
counts (an owned LCRA home, or communal in a block holding one) and which area, scheme,
needs type or building it falls in are facts of its home. Looking the home up for each
repair was most of the measure's time, so the repair keeps a copy of them
(``Repair.counts_as_lcra`` and the ``*_group`` fields) and RP02 reads the repairs alone,
from an index that holds every column it needs.

The copy is refreshed here, in the database, whenever something it depends on changes: a
repair is saved or imported, a home or building is saved, deleted or imported. The rules
are the breakdown rules of ``doorstep/measures/scope.py``: a repair takes its home's value;
a communal repair (no home, or a home with no value) takes the value every home of its
building shares, and "unknown" when they differ or there is none, so that the groups still
add up to the whole.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from doorstep.stock.models import Building, Home, Tenure

UNKNOWN = "unknown"
# The breakdowns kept on each repair: the home's field and the repair's field holding it.
GROUP_FIELDS = {
    "area": "area_group",
    "scheme": "scheme_group",
    "needs_type": "needs_type_group",
    "building": "building_group",
}
# How many ids go into one UPDATE ... WHERE id IN (...): under every database's limit.
CHUNK = 500


def _known(expression):
    # Blank text means "not recorded": it goes to the unknown group with the NULLs.
    return NullIf(expression, Value(""))


def _home_value(field: str) -> Subquery:
    home_field = "building__building_ref" if field == "building" else field
    home = Home.objects.filter(pk=OuterRef("home_id")).values(home_field)[:1]
    return Subquery(home, output_field=CharField())


def _building_value(field: str) -> Subquery:
    """The repair's own building's reference, or the value all its homes share (else NULL)."""
    if field == "building":
        building = Building.objects.filter(pk=OuterRef("building_id")).values("building_ref")
        return Subquery(building[:1], output_field=CharField())
    shared = (
        Home.objects.filter(building=OuterRef("building_id"))
        .order_by()
        .values("building")
        .annotate(kinds=Count(field, distinct=True), value=Min(field))
        .filter(kinds=1)
        .values("value")[:1]
    )
    return Subquery(shared, output_field=CharField())


def _group(field: str) -> Coalesce:
    return Coalesce(
        _known(_home_value(field)),
        _known(_building_value(field)),
        Value(UNKNOWN),
        output_field=CharField(),
    )


def _counts_as_lcra() -> Q:
    lcra_home = Home.objects.filter(tenure=Tenure.LCRA, owned=True)
    on_lcra_home = Exists(lcra_home.filter(pk=OuterRef("home_id")))
    in_lcra_block = Q(home_id__isnull=True) & Exists(
        lcra_home.filter(building=OuterRef("building_id"))
    )
    return Q(on_lcra_home) | in_lcra_block


def refresh(repairs: QuerySet) -> int:
    """Recompute the copied fields of these repairs in one UPDATE; how many were updated."""
    values = {repair_field: _group(field) for field, repair_field in GROUP_FIELDS.items()}
    values["counts_as_lcra"] = Case(
        When(_counts_as_lcra(), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return repairs.order_by().update(**values)


def refresh_ids(model_ids: Iterable[int], *, on: str) -> None:
    """Refresh the repairs whose ``on`` field ("id", "home_id", "building_id" or
    "home__building_id") is one of these ids, a chunk at a time."""
    from doorstep.repairs.models import Repair

    ids = sorted(set(model_ids))
    for start in range(0, len(ids), CHUNK):
        refresh(Repair.objects.filter(**{f"{on}__in": ids[start : start + CHUNK]}))


def refresh_for_homes(home_ids: Iterable[int], building_ids: Iterable[int]) -> None:
    """After homes changed: their own repairs, and the communal repairs of their buildings
    (before and after the change), whose shared values may have changed with them."""
    from doorstep.repairs.models import Repair

    refresh_ids(home_ids, on="home_id")
    buildings = sorted({pk for pk in building_ids if pk is not None})
    for start in range(0, len(buildings), CHUNK):
        chunk = buildings[start : start + CHUNK]
        # A home repair whose home has no value borrows its building's too.
        refresh(Repair.objects.filter(building_id__in=chunk))


def refresh_for_buildings(building_ids: Iterable[int]) -> None:
    """After buildings changed (a new reference): repairs on them and on their homes."""
    ids = list(building_ids)
    refresh_ids(ids, on="building_id")
    refresh_ids(ids, on="home__building_id")


def refresh_all() -> int:
    """Every repair: after a large import of homes, or when the copy is in doubt."""
    from doorstep.repairs.models import Repair

    with transaction.atomic():
        return refresh(Repair.objects.all())


# After an import, in its transaction (see ``Dataset.after_write``) -------------------------


def after_repairs_import(plan) -> None:
    from doorstep.repairs.models import Repair

    # New rows are written with the fields blank, which a refreshed repair never is.
    refresh(Repair.objects.filter(area_group=""))
    refresh_ids((pk for pk, _ref in plan.update), on="id")


def after_homes_import(plan) -> None:
    from doorstep.repairs.models import Repair

    if not (plan.create or plan.update):
        return
    refresh_ids((pk for pk, _ref in plan.update), on="home_id")
    # Any home added, changed or moved may change what its building's homes share; the
    # repairs that can borrow from a building are those that name one.
    refresh(Repair.objects.filter(building_id__isnull=False))


def after_buildings_import(plan) -> None:
    refresh_for_buildings(pk for pk, _ref in plan.update)


# The PostgreSQL bulk import (doorstep/imports/bulk.py) -------------------------------------


def copied_facts_sql(alias: str) -> tuple[str, dict[str, str]]:
    """The same copy as ``refresh``, as SQL for rows of repairs not yet in their table.

    ``alias`` names a relation with ``home_id`` and ``building_id`` columns (the bulk
    import's staging table). Returns the joins to add after it and, for each copied column
    of the repair, the expression computing it, by the rules of ``refresh``: the home's
    value; else the value every home of the repair's building shares (one distinct value);
    else "unknown"; blank text counts as not recorded. Set-based joins, not a subquery per
    repair: this is what lets 200,000 repairs be imported in seconds on PostgreSQL.
    """
    from doorstep.repairs.models import Repair

    home_table, building_table = Home._meta.db_table, Building._meta.db_table
    shared = ", ".join(
        f"CASE WHEN COUNT(DISTINCT {field}) = 1 THEN MIN({field}) END AS {field}"
        for field in GROUP_FIELDS if field != "building"
    )
    joins = (
        f" LEFT JOIN {home_table} facts_home ON facts_home.id = {alias}.home_id"
        f" LEFT JOIN {building_table} facts_home_building"
        f" ON facts_home_building.id = facts_home.building_id"
        f" LEFT JOIN {building_table} facts_building ON facts_building.id = {alias}.building_id"
        f" LEFT JOIN (SELECT building_id, {shared},"
        f" BOOL_OR(tenure = '{Tenure.LCRA}' AND owned) AS lcra"
        f" FROM {home_table} WHERE building_id IS NOT NULL GROUP BY building_id) facts_shared"
        f" ON facts_shared.building_id = {alias}.building_id"
    )
    expressions = {}
    for field, repair_field in GROUP_FIELDS.items():
        if field == "building":
            home_value, building_value = "facts_home_building.building_ref", (
                "facts_building.building_ref")
        else:
            home_value, building_value = f"facts_home.{field}", f"facts_shared.{field}"
        column = Repair._meta.get_field(repair_field).column
        expressions[column] = (
            f"COALESCE(NULLIF({home_value}, ''), NULLIF({building_value}, ''), '{UNKNOWN}')"
        )
    expressions[Repair._meta.get_field("counts_as_lcra").column] = (
        f"(COALESCE(facts_home.tenure = '{Tenure.LCRA}' AND facts_home.owned, FALSE)"
        f" OR ({alias}.home_id IS NULL AND COALESCE(facts_shared.lcra, FALSE)))"
    )
    return joins, expressions
