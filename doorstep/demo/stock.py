"""The demo landlord's stock: areas, schemes, buildings and homes, and their condition.

Homes come in groups as a landlord's stock does: streets of houses, low-rise blocks, tower
blocks, sheltered schemes for older people and small supported-housing schemes. Northgate,
the first area, is the one that is clearly worse (older blocks, more damp, slower repairs,
more anti-social behaviour) so that every breakdown by area has something to show.
"""

import random
from dataclasses import dataclass, field

LCHO_SHARE = 0.10

# name, share of the homes, how much worse than average things go there (1.0 = average)
AREAS = (
    ("Northgate", 0.19, 1.9),
    ("Millbrook", 0.17, 1.0),
    ("Ashton Moor", 0.16, 0.9),
    ("Riverside", 0.15, 1.1),
    ("Hollins Green", 0.13, 0.8),
    ("Kingsmead", 0.09, 0.9),
    ("Oakwood Vale", 0.06, 1.0),
    ("St Anne's", 0.05, 0.85),
)

SCHEME_WORDS = (
    "Beacon", "Brookside", "Castlefields", "Elm Park", "Foxhill", "Greenacres", "Hawthorn",
    "Highfield", "Larkrise", "Meadowbank", "Moorside", "Orchard", "Parklands", "Priory",
    "Queensway", "Redhill", "Rowan", "Sandfield", "Stonebridge", "Thornley", "Victoria",
    "Westfield", "Willowbrook", "Windmill", "Abbey", "Chapelfield", "Fernlea", "Heathside",
)
SCHEME_KINDS = ("Estate", "Estate", "Park", "Gardens", "Village", "Grange")
BUILDING_WORDS = (
    "Ash", "Beech", "Birch", "Cedar", "Chestnut", "Elder", "Hazel", "Holly", "Juniper",
    "Laurel", "Maple", "Oak", "Poplar", "Rowan", "Sycamore", "Willow", "Austen", "Bronte",
    "Byron", "Chaucer", "Dickens", "Eliot", "Hardy", "Keats", "Milton", "Shelley",
    "Tennyson", "Wordsworth", "Brunel", "Darwin", "Faraday", "Newton", "Pankhurst",
    "Seacole", "Turing", "Nightingale", "Lowry", "Constable", "Gainsborough", "Turner",
)
STREET_KINDS = ("Road", "Close", "Avenue", "Way", "Street", "Crescent", "Drive", "Grove")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# kind: (share of homes, fewest and most homes, needs type, chance of a lift,
#        chance of gas, block name endings)
GROUP_KINDS = {
    "houses": (0.42, 8, 40, "general_needs", 0.0, 0.97, ()),
    "low_rise": (0.28, 6, 24, "general_needs", 0.0, 0.9, ("House", "Court", "Lodge")),
    "mid_rise": (0.14, 25, 60, "general_needs", 0.75, 0.6, ("House", "Court", "Point")),
    "tower": (0.06, 61, 110, "general_needs", 1.0, 0.1, ("Tower", "Point", "Heights")),
    "sheltered": (0.07, 20, 45, "older_persons", 0.8, 0.5, ("Court", "Lodge", "Gardens")),
    "supported": (0.03, 5, 12, "supported", 0.0, 0.85, ("House", "Lodge")),
}

DECENT_HOMES_FAILURES = (
    "Kitchen over 30 years old and in poor condition",
    "Bathroom over 40 years old and in poor condition",
    "Category 1 hazard: damp and mould growth",
    "Category 1 hazard: excess cold",
    "Inadequate thermal comfort: no effective heating",
    "Roof covering in poor condition",
    "Windows in poor condition",
    "Wiring over 30 years old and in poor condition",
    "Category 1 hazard: falls on stairs",
    "Boiler beyond its expected life",
)


@dataclass(slots=True)
class Area:
    name: str
    worse: float
    number: int
    schemes: list = field(default_factory=list)
    districts: int = 1
    # Postcodes already given out in the area's current district.
    used: set = field(default_factory=set)

    def new_postcode(self, rng: random.Random) -> str:
        """A postcode not used before (``KM1 4AB``, then ``KM11 4AB`` once KM1 is full)."""
        if len(self.used) >= 2500:  # of 9 x 20 x 20 possible: open the next district
            self.districts += 1
            self.used = set()
        while True:
            letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
            inward = f"{rng.randint(1, 9)}{letters}"
            if inward not in self.used:
                self.used.add(inward)
                outward = f"KM{self.number + 10 * (self.districts - 1)}"
                return f"{outward} {inward}"


@dataclass(slots=True)
class DemoBuilding:
    index: int
    ref: str
    name: str
    postcode: str
    uprn: str
    area: int
    units: int
    kind: str
    communal_areas: bool
    lift: bool
    communal_water: bool
    asbestos: bool
    acquired: int | None = None


@dataclass(slots=True)
class DemoHome:
    index: int
    ref: str
    area: int
    scheme: str
    building: int | None
    needs_type: str
    postcode: str
    uprn: str
    gas: bool
    tenure: str = "LCRA"
    owned: bool = True
    acquired: int | None = None
    disposed: int | None = None
    # How many responsive repairs a year this home tends to need, relative to the average.
    repair_need: float = 1.0
    damp_prone: bool = False

    def held_on(self, day: int) -> bool:
        return (self.acquired is None or self.acquired <= day) and (
            self.disposed is None or day < self.disposed
        )


@dataclass
class Stock:
    areas: list
    buildings: list
    homes: list


def area_count(homes: int) -> int:
    """Five to eight areas, more for a bigger landlord."""
    return 5 if homes < 2000 else 6 if homes < 20000 else 7 if homes < 60000 else 8


def build_stock(*, rng: random.Random, homes: int, first_day: int, last_day: int) -> Stock:
    """Areas, buildings and homes, with tenure, ownership and changes during the years."""
    areas = _areas(rng=rng, count=area_count(homes))
    area_weights = [share for _, share, _ in AREAS[: len(areas)]]
    stock = Stock(areas=areas, buildings=[], homes=[])
    kinds = list(GROUP_KINDS)
    kind_weights = [GROUP_KINDS[kind][0] for kind in kinds]
    uprns = iter(range(100090000001, 100099999999))
    total = sum(area_weights)
    # Each area fills up to its share; drawing areas by what they still lack keeps every
    # area in even a small landlord.
    lacking = [homes * weight / total for weight in area_weights]
    while len(stock.homes) < homes:
        area = rng.choices(range(len(areas)), weights=[max(0.01, left) for left in lacking])[0]
        kind = rng.choices(kinds, weights=kind_weights)[0]
        if area == 0 and kind == "houses" and rng.random() < 0.3:
            kind = "tower"  # the worse area has more of the old high-rise stock
        size = min(
            rng.randint(*GROUP_KINDS[kind][1:3]),
            max(5, round(lacking[area])),
            homes - len(stock.homes),
        )
        lacking[area] -= size
        _add_group(rng=rng, stock=stock, area=area, kind=kind, size=size, uprns=uprns)
    _assign_shared_ownership(rng=rng, stock=stock)
    _assign_not_owned(rng=rng, stock=stock)
    _assign_acquisitions(rng=rng, stock=stock, first_day=first_day, last_day=last_day)
    _assign_disposals(rng=rng, stock=stock, first_day=first_day, last_day=last_day)
    return stock


def _areas(*, rng: random.Random, count: int) -> list:
    words = list(SCHEME_WORDS)
    rng.shuffle(words)
    areas = []
    for number, (name, _, worse) in enumerate(AREAS[:count], start=1):
        area = Area(name=name, worse=worse, number=number)
        for _ in range(3):
            area.schemes.append(f"{words.pop()} {rng.choice(SCHEME_KINDS)}")
        areas.append(area)
    return areas


def _add_group(*, rng, stock: Stock, area: int, kind: str, size: int, uprns):
    _, _, _, needs_type, lift_chance, gas_chance, endings = GROUP_KINDS[kind]
    the_area = stock.areas[area]
    if rng.random() < 0.15 or len(the_area.schemes) < 3:
        the_area.schemes.append(f"{rng.choice(SCHEME_WORDS)} {rng.choice(SCHEME_KINDS)}")
    scheme = rng.choice(the_area.schemes)
    full_postcode = the_area.new_postcode(rng)
    building = None
    if endings:
        index = len(stock.buildings)
        building = DemoBuilding(
            index=index,
            ref=f"B{index + 1:05d}",
            name=f"{rng.choice(BUILDING_WORDS)} {rng.choice(endings)}",
            postcode=full_postcode,
            uprn=str(next(uprns)),
            area=area,
            units=size,
            kind=kind,
            communal_areas=kind != "low_rise" or rng.random() < 0.85,
            lift=rng.random() < lift_chance,
            communal_water=kind in ("mid_rise", "tower", "sheltered", "supported"),
            asbestos=rng.random() < 0.9,
        )
        stock.buildings.append(building)
    # Damp is about the building as much as the household: the worse area has more of it.
    damp_chance = 0.06 * the_area.worse * (1.4 if kind in ("tower", "mid_rise") else 1.0)
    for _ in range(size):
        index = len(stock.homes)
        stock.homes.append(
            DemoHome(
                index=index,
                ref=f"H{index + 1:06d}",
                area=area,
                scheme=scheme,
                building=building.index if building else None,
                needs_type=needs_type,
                postcode=full_postcode,
                uprn=str(next(uprns)),
                gas=rng.random() < gas_chance,
                repair_need=rng.lognormvariate(-0.18, 0.6) * (0.7 + 0.3 * the_area.worse),
                damp_prone=rng.random() < damp_chance,
            )
        )


def _groups(stock: Stock) -> list:
    """Homes by group (building, or a run of houses in one postcode), in stock order."""
    groups, current, key = [], [], None
    for home in stock.homes:
        this_key = (home.building, home.postcode)
        if this_key != key and current:
            groups.append(current)
            current = []
        key = this_key
        current.append(home)
    if current:
        groups.append(current)
    return groups


def _assign_shared_ownership(*, rng: random.Random, stock: Stock) -> None:
    """About a tenth of the homes are shared ownership, in whole streets and small blocks."""
    wanted = round(LCHO_SHARE * len(stock.homes))
    candidates = [
        group
        for group in _groups(stock)
        if group[0].needs_type == "general_needs"
        and (group[0].building is None or stock.buildings[group[0].building].kind == "low_rise")
    ]
    rng.shuffle(candidates)
    for group in candidates:
        for home in group[:wanted]:
            home.tenure = "LCHO"
            home.gas = False  # shared owners arrange their own gas safety checks
            home.repair_need *= 0.08  # and their own repairs, bar the structure
        wanted -= min(wanted, len(group))
        if not wanted:
            break


def _assign_not_owned(*, rng: random.Random, stock: Stock) -> None:
    """A few homes are managed for other owners (supported housing for a charity first)."""
    wanted = max(2, round(0.015 * len(stock.homes)))
    supported = [home for home in stock.homes if home.needs_type == "supported"]
    others = [home for home in stock.homes if home.tenure == "LCRA"]
    chosen = supported[:wanted]
    if len(chosen) < wanted:
        chosen += rng.sample(others, wanted - len(chosen))
    for home in chosen:
        home.owned = False


def _assign_acquisitions(*, rng, stock: Stock, first_day: int, last_day: int) -> None:
    """New-build groups handed over during the years (about 2.5% of the stock)."""
    wanted = max(1, round(0.025 * len(stock.homes)))
    groups = [
        group
        for group in _groups(stock)
        if group[0].needs_type == "general_needs" and group[0].owned
    ]
    rng.shuffle(groups)
    # Prefer groups no bigger than wanted, so a small landlord is not mostly new build.
    groups.sort(key=lambda group: len(group) > max(wanted, 8))
    for group in groups:
        if wanted <= 0:
            break
        group = group[:wanted] if group[0].building is None else group
        handed_over = rng.randint(first_day + 30, last_day - 30)
        for home in group:
            home.acquired = handed_over
            home.damp_prone = False
            home.repair_need *= 0.5  # new homes need fewer repairs
        if group[0].building is not None:
            building = stock.buildings[group[0].building]
            building.acquired = handed_over
            building.asbestos = False  # built long after asbestos was banned
        wanted -= len(group)


def _assign_disposals(*, rng, stock: Stock, first_day: int, last_day: int) -> None:
    """Sales (right to acquire, staircasing to full ownership, stock rationalisation)."""
    years = max(1, round((last_day - first_day) / 365))
    for home in stock.homes:
        if home.acquired is not None or not home.owned:
            continue
        chance = 0.012 if home.tenure == "LCHO" else 0.003
        if rng.random() < chance * years:
            home.disposed = rng.randint(first_day + 1, last_day)
    held_throughout = [home for home in stock.homes if home.acquired is None and home.owned]
    if held_throughout and not any(home.disposed for home in stock.homes):
        home = rng.choice(held_throughout)
        home.disposed = rng.randint(first_day + 1, last_day)


def assessment_rows(*, rng: random.Random, stock: Stock, first_day: int, last_day: int):
    """Stock-condition assessments on a five-year cycle; a few homes never assessed.

    Yields (home, assessed day, meets Decent Homes, reason) in no particular order.
    """
    cycle = 5 * 365
    for home in stock.homes:
        if home.tenure == "LCHO" or rng.random() < 0.04:
            continue  # LCHO: the Decent Homes Standard does not apply; others: never surveyed
        if home.acquired is not None:
            yield home, home.acquired + rng.randint(0, 60), True, ""
            continue
        worse = stock.areas[home.area].worse
        day = first_day - cycle + rng.randint(0, cycle - 1)
        while day <= last_day:
            if home.disposed is not None and day >= home.disposed:
                break
            fail_chance = 0.03 * worse + (0.15 if home.damp_prone else 0.0)
            if rng.random() < fail_chance:
                reason = (
                    DECENT_HOMES_FAILURES[2]
                    if home.damp_prone and rng.random() < 0.6
                    else rng.choice(DECENT_HOMES_FAILURES)
                )
                yield home, day, False, reason
                fixed = day + rng.randint(90, 450)
                if rng.random() < 0.7 and fixed <= last_day and home.held_on(fixed):
                    yield home, fixed, True, "Re-inspected after works"
            else:
                yield home, day, True, ""
            day += cycle
