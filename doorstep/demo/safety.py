"""Building-safety requirements and the checks done against them.

Gas is checked per home (rented homes with a gas supply); fire risk, asbestos, water
(legionella) and lift (LOLER) checks are per building. Checks run in chains: each is done a
little before the last one runs out, now and then one slips past its due date, and at every
year end a few are deliberately left lapsed so that BS01-BS05 are not all 100%.
"""

import random
from dataclasses import dataclass

from doorstep.demo.stock import Stock

# check type: (days a check stays valid, how many days early the next one may be done)
CHECK_CYCLES = {
    "gas": (365, 60),
    "fire_risk": (365, 45),
    "asbestos": (365, 60),
    "water": (730, 90),
    "lift": (182, 30),
}


@dataclass(frozen=True, slots=True)
class Requirement:
    asset_ref: str
    check_type: str
    required_from: int | None
    required_until: int | None


def requirements(*, rng: random.Random, stock: Stock, first_day: int, last_day: int) -> list:
    """What must be checked: gas per rented home with gas, the rest per building."""
    found = []
    for home in stock.homes:
        if not (home.gas and home.owned and home.tenure == "LCRA"):
            continue
        until = home.disposed
        if until is None and rng.random() < 0.005:
            # Gas taken out (a heat pump fitted): the requirement ends.
            until = rng.randint(max(first_day, (home.acquired or first_day) + 30), last_day)
        found.append(Requirement(home.ref, "gas", home.acquired, until))
    for building in stock.buildings:
        wanted = (
            ("fire_risk", building.communal_areas),
            ("asbestos", building.asbestos),
            ("water", building.communal_water),
            ("lift", building.lift),
        )
        for check_type, applies in wanted:
            if applies:
                found.append(Requirement(building.ref, check_type, building.acquired, None))
    return found


def lapses_at_year_ends(*, rng: random.Random, needed: list, year_ends: list) -> dict:
    """For each requirement index, the year ends at which its check is to be lapsed.

    About 0.4% of gas and 2% of building requirements of each type at each year end; at
    least one of any type with 20 or more requirements, and at least one gas check, so that
    no measure of a sizeable landlord is a flat 100%.
    """
    by_type: dict[str, list] = {}
    for index, requirement in enumerate(needed):
        by_type.setdefault(requirement.check_type, []).append(index)
    lapses: dict[int, set] = {}
    for year_end in year_ends:
        for check_type in CHECK_CYCLES:  # a fixed order keeps the draws reproducible
            indexes = by_type.get(check_type, [])
            share = 0.004 if check_type == "gas" else 0.02
            fewest = 1 if len(indexes) >= 20 or (check_type == "gas" and indexes) else 0
            count = min(len(indexes), max(fewest, round(share * len(indexes))))
            for index in rng.sample(indexes, count):
                lapses.setdefault(index, set()).add(year_end)
    return lapses


def check_chain(
    *,
    rng: random.Random,
    requirement: Requirement,
    first_day: int,
    last_day: int,
    lapse_at: set,
) -> list:
    """(completed day, valid-until day) for each check on one requirement, in order."""
    valid_days, early_days = CHECK_CYCLES[requirement.check_type]
    if requirement.required_from is not None:
        day = requirement.required_from - rng.randint(0, 30)  # done before handover
    else:
        day = first_day - rng.randint(0, valid_days - 1)
    stop = last_day if requirement.required_until is None else requirement.required_until - 1
    checks = []
    while day <= stop:
        valid_until = day + valid_days
        checks.append((day, valid_until))
        usual = valid_until - rng.randint(0, early_days)
        forced = min((end for end in lapse_at if valid_until < end < usual + valid_days), default=0)
        if forced:
            day = forced + rng.randint(1, 40)  # no access, done after the year end
        elif rng.random() < 0.02:
            day = valid_until + rng.randint(1, 45)
        else:
            day = usual
    return checks
