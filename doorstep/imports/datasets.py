"""The datasets Doorstep imports, in the order they must be imported.

Each is described by the app that owns its records (``<app>/importers.py``).
"""

from dataclasses import replace

from doorstep.actions.importers import ACTIONS
from doorstep.asb.importers import ASB_CASES
from doorstep.complaints.importers import COMPLAINTS
from doorstep.imports.framework import Dataset
from doorstep.involvement.importers import HOUSEHOLD_PROFILES, INVOLVEMENT, PARTICIPANTS
from doorstep.repairs import grouping
from doorstep.repairs.importers import REPAIRS
from doorstep.stock.importers import (
    BUILDINGS,
    HOMES,
    SAFETY_CHECKS,
    SAFETY_REQUIREMENTS,
    STOCK_CONDITION,
)
from doorstep.surveys.importers import SURVEY_RESPONSES

_IN_ORDER: list[Dataset] = [
    # Repairs keep a copy of their home's tenure and groups: changes to homes and buildings
    # refresh it (the stock app knows nothing of repairs, so it is attached here).
    replace(BUILDINGS, after_write=grouping.after_buildings_import),
    replace(HOMES, after_write=grouping.after_homes_import),
    STOCK_CONDITION,
    # On PostgreSQL the bulk path computes that copy in the upsert itself.
    replace(REPAIRS, copied_facts=grouping.copied_facts_sql),
    COMPLAINTS,
    ASB_CASES,
    SAFETY_REQUIREMENTS,
    SAFETY_CHECKS,
    SURVEY_RESPONSES,
    # Involvement: profiles (with consent), then activities, then who took part in them.
    HOUSEHOLD_PROFILES,
    INVOLVEMENT,
    PARTICIPANTS,
    # Last: an action may name a measure whose baseline is computed from all of the above.
    ACTIONS,
]

DATASETS: dict[str, Dataset] = {dataset.name: dataset for dataset in _IN_ORDER}
IMPORT_ORDER: list[str] = list(DATASETS)
