"""Repairs, complaints and anti-social behaviour cases for the demo landlord.

Rows are produced one reporting year at a time, in date order, and streamed to the writer;
only what the survey later needs is remembered, and only for the households that will be
surveyed (``Followed``), so memory stays small at 130,000 homes.
"""

import math
import random
from bisect import bisect_right
from dataclasses import dataclass, field

from doorstep.demo.days import MINUTES_PER_DAY, DemoCalendar, safe_minute
from doorstep.demo.stock import DemoHome, Stock

# Per LCRA home a year; shared owners see to their own repairs, so the average is ~5.
REPAIRS_PER_HOME = 5.4
COMPLAINTS_PER_HOME = 0.040
ASB_CASES_PER_HOME = 0.037

# Month of the year: how busy the repairs line is (winter is busiest).
SEASON = {1: 1.25, 2: 1.2, 3: 1.1, 4: 0.95, 5: 0.9, 6: 0.85, 7: 0.85, 8: 0.85, 9: 0.9,
          10: 1.05, 11: 1.15, 12: 1.2}  # fmt: skip
CATEGORY_SHARE = {
    "heating": 0.13, "plumbing": 0.22, "electrical": 0.13, "damp_mould": 0.05,
    "roofing": 0.05, "doors_windows": 0.16, "other": 0.26,
}  # fmt: skip
# How much more of a category there is in the cold months (November to February; half as
# much again in October and March).
WINTER = {"heating": 2.4, "damp_mould": 2.2, "roofing": 1.4}
EMERGENCY_SHARE = {
    "heating": 0.3, "plumbing": 0.22, "electrical": 0.3, "damp_mould": 0.02,
    "roofing": 0.12, "doors_windows": 0.12, "other": 0.06,
}  # fmt: skip
# Hour of the day a repair is reported (phone lines and the online form).
HOUR_WEIGHTS = (1, 0.5, 0.5, 0.5, 0.5, 1, 3, 8, 14, 16, 15, 14, 12, 13, 13, 12, 11, 9,
                6, 5, 4, 3, 2, 1)  # fmt: skip

# kind: (priority, the landlord's label, target as ("hours"|"working_days"|"days", n),
#        chance of finishing late)
TARGETS = {
    "emergency": ("emergency", "Emergency (24 hours)", ("hours", 24), 0.04),
    "urgent": ("non_emergency", "Urgent (5 working days)", ("working_days", 5), 0.12),
    "routine": ("non_emergency", "Routine (20 working days)", ("working_days", 20), 0.1),
    "planned": ("non_emergency", "Planned (60 days)", ("days", 60), 0.15),
    "void": ("non_emergency", "Void works (10 working days)", ("working_days", 10), 0.25),
}
TYPICAL_COST = {
    "heating": 180, "plumbing": 120, "electrical": 110, "damp_mould": 260, "roofing": 340,
    "doors_windows": 150, "other": 90,
}  # fmt: skip

REPAIR_DESCRIPTIONS = {
    "heating": (
        "No heating or hot water", "Boiler showing fault code", "Radiator in {room} cold",
        "Boiler losing pressure", "Thermostat not working", "Radiator leaking in {room}",
        "Heating stuck on", "No hot water, heating ok", "Boiler making banging noise",
    ),
    "plumbing": (
        "Leak under kitchen sink", "Toilet not flushing", "Blocked sink in {room}",
        "Dripping tap in bathroom", "Water coming through {room} ceiling",
        "Shower not working", "Blocked toilet", "Overflow pipe running", "Bath sealant mouldy",
        "Low water pressure",
    ),
    "electrical": (
        "No power to sockets in {room}", "Light fitting not working in {room}",
        "Fuse keeps tripping", "Smoke alarm beeping", "Extractor fan not working in {room}",
        "Socket scorched in {room}", "Electric shower not working", "Outside light broken",
    ),
    "damp_mould": (
        "Black mould in {room}", "Damp patch on {room} wall",
        "Condensation and mould round windows",
        "Mould on {room} ceiling", "Damp and musty smell in {room}", "Rising damp in hallway",
        "Mould in bedroom cupboard",
    ),
    "roofing": (
        "Roof leaking into {room}", "Slipped tiles", "Guttering blocked and overflowing",
        "Flat roof leaking", "Chimney flashing loose", "Downpipe broken",
    ),
    "doors_windows": (
        "Front door will not lock", "Window will not close in {room}",
        "Back door lock broken", "Misted double glazing in {room}", "Window handle broken",
        "Door frame rotten", "Letterbox broken", "Internal door off hinges",
    ),
    "other": (
        "Kitchen cupboard door hanging off", "Fence panel blown down", "Floor tiles cracked",
        "Loose stair spindle", "Plaster coming off {room} wall", "Skirting board loose",
        "Worktop damaged", "Path uneven, trip hazard", "Pest control: mice in kitchen",
        "Shed roof leaking", "Garden gate broken",
    ),
}
COMMUNAL_DESCRIPTIONS = (
    ("electrical", "Communal lights out on landing"),
    ("electrical", "Door entry system not working"),
    ("doors_windows", "Communal entrance door not closing"),
    ("doors_windows", "Fire door on stairwell damaged"),
    ("other", "Lift out of service"),
    ("other", "Bin store door broken"),
    ("plumbing", "Water leak in communal stairwell"),
    ("roofing", "Roof leak onto top floor landing"),
    ("other", "Graffiti in communal hallway"),
)
PLANNED_DESCRIPTIONS = (
    ("other", "Kitchen replacement"), ("other", "Bathroom replacement"),
    ("heating", "Boiler replacement programme"), ("doors_windows", "Window replacement"),
    ("roofing", "Re-roofing"), ("electrical", "Electrical rewire"),
)  # fmt: skip
VOID_DESCRIPTIONS = (
    "Void: clean and clear, make good", "Void: electrical and gas tests, redecorate",
    "Void: replace kitchen units, clear garden", "Void: full void works to lettable standard",
)
ROOMS = ("kitchen", "bathroom", "bedroom", "back bedroom", "hallway", "living room", "landing")

COMPLAINT_CATEGORIES = {
    "repairs": 0.45, "damp_mould": 0.13, "communication": 0.1, "staff_conduct": 0.07,
    "asb": 0.08, "neighbourhood": 0.06, "rent_charges": 0.06, "other": 0.05,
}  # fmt: skip
COMPLAINT_DESCRIPTIONS = {
    "repairs": (
        "Unhappy with the time taken to repair the {thing}",
        "Contractor missed appointment twice",
        "Repair marked complete but not done",
        "Poor workmanship on recent repair to {thing}",
        "Repeated leak not fixed after several visits",
    ),
    "damp_mould": (
        "Mould returning after treatment in {room}",
        "Damp affecting children's health, no action taken",
        "Waited weeks for damp inspection",
    ),
    "communication": (
        "No response to emails or calls",
        "Not kept informed about repair appointment",
        "Letter sent to wrong address",
    ),
    "staff_conduct": (
        "Officer was rude on the phone",
        "Operative did not wear shoe covers and was dismissive",
    ),
    "asb": (
        "ASB reports from neighbour not acted on",
        "Case closed without telling the resident",
    ),
    "neighbourhood": (
        "Fly tipping not cleared", "Grounds maintenance not done", "Estate lighting broken",
    ),
    "rent_charges": ("Service charge increase not explained", "Rent account shows wrong balance"),
    "other": ("Parking dispute not resolved", "Unhappy with outcome of transfer request"),
}
COST_SCALE = {"planned": 12, "void": 5, "emergency": 1.4}
# How far back a repair with no completion recorded may still be open on the data's last day.
FORGOTTEN_DAYS = 180
RESPONSIVE = ("emergency", "urgent", "routine")
THINGS = ("boiler", "roof", "window", "front door", "kitchen", "bathroom", "heating", "fence")

ASB_CATEGORIES = {
    "noise": 0.38, "harassment": 0.15, "drugs": 0.12, "vandalism": 0.08, "other": 0.27,
}  # fmt: skip
ASB_DESCRIPTIONS = {
    "noise": ("Loud music late at night", "Shouting and banging from neighbouring flat",
              "Dog barking constantly", "Parties every weekend"),
    "harassment": ("Verbal abuse from neighbour", "Threatening behaviour towards resident",
                   "Intimidation in communal area"),
    "drugs": ("Suspected drug dealing from property", "Cannabis smell in stairwell",
              "Drug paraphernalia found in communal area"),
    "vandalism": ("Damage to communal door", "Car tyres slashed", "Graffiti on garages"),
    "other": ("Youths gathering in stairwell", "Nuisance parking blocking access",
              "Rubbish dumped in garden", "Dog fouling in communal garden"),
}  # fmt: skip
HATE_DESCRIPTIONS = (
    "Racist abuse shouted at resident",
    "Homophobic graffiti on front door",
    "Disabled resident targeted by neighbours",
    "Religious hate incident reported",
)


@dataclass(slots=True)
class Followed:
    """What happened to a household the survey will ask, for answers that hang together."""

    # (reported day, target day, completed day or None, category, cancelled)
    repairs: list = field(default_factory=list)
    complaints: list = field(default_factory=list)  # received days
    asb_cases: list = field(default_factory=list)  # opened days


@dataclass
class Year:
    """One reporting year as day numbers, and the landlord's performance trend in it.

    ``last_day`` is the last day with data: the year's end, or today in the year in
    progress; ``year_end`` is the year's own last day either way (31 March)."""

    first_day: int
    last_day: int
    late_factor: float
    year_end: int | None = None

    @property
    def ends(self) -> int:
        return self.last_day if self.year_end is None else self.year_end


class _HomePicker:
    """Draw homes in proportion to a weight, skipping any not held on the day."""

    def __init__(self, *, rng: random.Random, homes: list, weights: list):
        self.rng = rng
        self.homes = homes
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def many(self, count: int) -> list:
        return self.rng.choices(self.homes, cum_weights=self.cumulative, k=count)

    def held_on(self, home: DemoHome, day: int) -> DemoHome | None:
        for _ in range(20):
            if home.held_on(day):
                return home
            home = self.rng.choices(self.homes, cum_weights=self.cumulative)[0]
        return None


def _day_weights(*, calendar: DemoCalendar, year: Year, weekend: float) -> tuple[list, list]:
    days, weights = [], []
    for day in range(year.first_day, year.last_day + 1):
        month = calendar.month(day)
        factor = 1.0 if calendar.is_working_day(day) else weekend
        days.append(day)
        weights.append(SEASON[month] * factor)
    return days, weights


def _category_weights_by_month() -> dict:
    """Cumulative category weights for each month (ready for ``choices(cum_weights=...)``)."""
    by_month = {}
    for month in range(1, 13):
        cold = 1.0 if month in (11, 12, 1, 2) else 0.5 if month in (10, 3) else 0.0
        total, cumulative = 0.0, []
        for category, share in CATEGORY_SHARE.items():
            total += share * (1 + (WINTER.get(category, 1.0) - 1) * cold)
            cumulative.append(total)
        by_month[month] = cumulative
    return by_month


def _fill(rng: random.Random, text: str) -> str:
    if "{" not in text:
        return text
    return text.format(room=rng.choice(ROOMS), thing=rng.choice(THINGS))


def repair_rows(
    *,
    rng: random.Random,
    calendar: DemoCalendar,
    stock: Stock,
    year: Year,
    data_end: int,
    first_ref: int,
    followed: dict,
):
    """The repairs reported in one year, in the order they were reported, as CSV rows."""
    homes = stock.homes
    weights = [
        home.repair_need * (1.1 if home.needs_type == "older_persons" else 1.0) for home in homes
    ]
    share_of_year = sum(
        weight * _share_held(home, year) for home, weight in zip(homes, weights, strict=True)
    )
    count = round(REPAIRS_PER_HOME * share_of_year)
    days, day_weights = _day_weights(calendar=calendar, year=year, weekend=0.45)
    hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=count)
    moments = sorted(
        safe_minute(day * MINUTES_PER_DAY + hour * 60 + int(rng.random() * 60))
        for day, hour in zip(rng.choices(days, weights=day_weights, k=count), hours, strict=True)
    )
    picker = _HomePicker(rng=rng, homes=homes, weights=weights)
    maker = _RepairMaker(rng=rng, calendar=calendar, stock=stock, data_end=data_end)
    ref = first_ref
    for reported, drawn in zip(moments, picker.many(count), strict=True):
        home = picker.held_on(drawn, reported // MINUTES_PER_DAY)
        if home is None:
            continue
        row, outcome = maker.make(home=home, reported=reported, late_factor=year.late_factor)
        ref += 1
        row[0] = f"R{ref:08d}"
        if row[1] and home.index in followed:
            followed[home.index].repairs.append(outcome)
        yield row


def _share_held(home: DemoHome, year: Year) -> float:
    start = year.first_day if home.acquired is None else max(year.first_day, home.acquired)
    end = year.last_day + 1 if home.disposed is None else min(year.last_day + 1, home.disposed)
    return max(0, end - start) / (year.last_day + 1 - year.first_day)


def _every_room(templates) -> list:
    """Descriptions with each room filled in, worked out once rather than per repair."""
    return [
        text.format(room=room) if "{room}" in text else text
        for text in templates
        for room in (ROOMS if "{room}" in text else ROOMS[:1])
    ]


class _RepairMaker:
    """Makes one repair at a time. This runs two million times for the largest landlord,
    so it draws with ``random()`` and looks things up rather than calling richer helpers."""

    def __init__(self, *, rng: random.Random, calendar: DemoCalendar, stock: Stock,
                 data_end: int):  # fmt: skip
        self.rand = rng.random
        self.gauss = rng.gauss
        self.calendar = calendar
        self.stock = stock
        self.end_minute = (data_end + 1) * MINUTES_PER_DAY - 1
        # A job forgotten with no completion recorded is found and closed within months, so
        # only recent ones are still open on the day the data is taken.
        self.forgotten_from = (data_end - FORGOTTEN_DAYS) * MINUTES_PER_DAY
        self.categories = list(CATEGORY_SHARE)
        self.by_month = _category_weights_by_month()
        self.descriptions = {
            category: _every_room(texts) for category, texts in REPAIR_DESCRIPTIONS.items()
        }

    def pick(self, choices):
        return choices[int(self.rand() * len(choices))]

    def make(self, *, home: DemoHome, reported: int, late_factor: float) -> tuple[list, tuple]:
        rand, calendar = self.rand, self.calendar
        day = reported // MINUTES_PER_DAY
        cumulative = self.by_month[calendar.month(day)]
        category = self.categories[bisect_right(cumulative, rand() * cumulative[-1])]
        worse = self.stock.areas[home.area].worse
        if home.damp_prone and category != "damp_mould" and rand() < 0.2 * worse:
            category = "damp_mould"
        home_ref, building_ref = home.ref, ""
        roll = rand()
        if roll < 0.04:
            kind = "planned"
            category, description = self.pick(PLANNED_DESCRIPTIONS)
        elif roll < 0.07:
            kind, category = "void", "other"
            description = self.pick(VOID_DESCRIPTIONS)
        else:
            emergency = EMERGENCY_SHARE[category] * (1.3 if category == "heating" else 1.0)
            kind = "emergency" if rand() < emergency else ("urgent" if rand() < 0.3 else "routine")
            description = self.pick(self.descriptions[category])
            if home.building is not None and rand() < 0.05:
                building = self.stock.buildings[home.building]
                if building.communal_areas:
                    home_ref, building_ref = "", building.ref
                    category, description = self.pick(COMMUNAL_DESCRIPTIONS)
        priority, label, (unit, amount), late_chance = TARGETS[kind]
        if unit == "hours":
            target = reported + amount * 60
        elif unit == "working_days":
            target_day = calendar.add_working_days(day, amount)
            target = target_day * MINUTES_PER_DAY + reported % MINUTES_PER_DAY
        else:
            target = reported + amount * MINUTES_PER_DAY
        target = safe_minute(target)
        late = rand() < late_chance * late_factor * worse
        completed = self._completion(kind=kind, reported=reported, target=target, late=late)
        status = "completed"
        if rand() < (0.06 if kind == "planned" else 0.035):
            status, completed = "cancelled", None
        elif (rand() < 0.004 and reported >= self.forgotten_from) or completed > self.end_minute:
            status, completed = "open", None  # still outstanding when the data was taken
        cost = ""
        if completed is not None:
            scale = COST_SCALE.get(kind, 1.0)
            cost = f"{TYPICAL_COST[category] * scale * math.exp(self.gauss(0, 0.5)):.2f}"
        row = [
            "",
            home_ref,
            building_ref,
            calendar.moment_text(reported),
            priority,
            label,
            calendar.moment_text(target),
            "" if completed is None else calendar.moment_text(completed),
            status,
            "responsive" if kind in RESPONSIVE else kind,
            category,
            description,
            cost,
        ]
        outcome = (
            day,
            target // MINUTES_PER_DAY,
            None if completed is None else completed // MINUTES_PER_DAY,
            category,
            status == "cancelled",
        )
        return row, outcome

    def _completion(self, *, kind: str, reported: int, target: int, late: bool) -> int:
        """When the job was finished: emergencies at any hour, other work in working hours."""
        rand, calendar = self.rand, self.calendar
        if kind == "emergency":
            if late:
                return safe_minute(target + 30 + int(rand() * 2850))
            return safe_minute(reported + 45 + int(rand() * max(1, target - reported - 60)))
        day, target_day = reported // MINUTES_PER_DAY, target // MINUTES_PER_DAY
        if late:
            slip = 1 + int(rand() * 30) if rand() < 0.8 else 31 + int(rand() * 120)
            finish_day = target_day + slip
        else:
            finish_day = day + int(rand() * (target_day - day + 1))
        if not calendar.is_working_day(finish_day):
            finish_day = calendar.next_working_day_on_or_after(finish_day)
        finished = finish_day * MINUTES_PER_DAY + 480 + int(rand() * 600)
        if finished <= reported:
            finished = reported + 30 + int(rand() * 210)
        if not late:
            # On time means on time: a job meant to be in target does not slip past it
            # because of the weekend or the hour it happened to be done.
            finished = min(finished, target)
        return safe_minute(finished)


def complaint_rows(
    *,
    rng: random.Random,
    calendar: DemoCalendar,
    stock: Stock,
    year: Year,
    data_end: int,
    first_ref: int,
    followed: dict,
):
    """Stage 1 complaints received in one year, each carried through stage 2 if escalated."""
    homes = stock.homes
    weights = [
        (home.repair_need if home.tenure == "LCRA" else 0.7)
        * (1 + 0.6 * (stock.areas[home.area].worse - 1))
        for home in homes
    ]
    held = sum(_share_held(home, year) for home in homes)
    count = max(1, round(COMPLAINTS_PER_HOME * held))
    days, day_weights = _day_weights(calendar=calendar, year=year, weekend=0.1)
    received = sorted(rng.choices(days, weights=day_weights, k=count))
    picker = _HomePicker(rng=rng, homes=homes, weights=weights)
    categories, category_weights = list(COMPLAINT_CATEGORIES), list(COMPLAINT_CATEGORIES.values())
    ref = first_ref
    for day, drawn in zip(received, picker.many(count), strict=True):
        home = picker.held_on(drawn, day)
        if home is None:
            continue
        category = rng.choices(categories, weights=category_weights)[0]
        if home.damp_prone and rng.random() < 0.3:
            category = "damp_mould"
        ref += 1
        worse = stock.areas[home.area].worse * year.late_factor
        anonymous = rng.random() < 0.03  # made by phone with no home recorded
        stages = _complaint_stages(rng=rng, calendar=calendar, received=day, worse=worse,
                                   data_end=data_end)  # fmt: skip
        if home.index in followed and not anonymous:
            followed[home.index].complaints.append(day)
        yield [
            f"C{ref:07d}",
            "" if anonymous else home.ref,
            home.tenure,
            *stages,
            category,
            _fill(rng, rng.choice(COMPLAINT_DESCRIPTIONS[category])),
            _compensation(rng, upheld=stages[4] in ("upheld", "partly_upheld")),
        ]


def _compensation(rng: random.Random, *, upheld: bool) -> str:
    if upheld and rng.random() < 0.4:
        return f"{rng.randint(5, 80) * 5:.2f}"
    return ""


def _complaint_stages(*, rng, calendar: DemoCalendar, received: int, worse: float,
                      data_end: int) -> list:  # fmt: skip
    """The stage 1 and stage 2 columns, as text, cut off at the day the data was taken."""
    ack1, ext1, resp1, withdrawn = _stage(
        rng=rng, calendar=calendar, received=received, respond_days=10, max_extension=10,
        worse=worse,
    )  # fmt: skip
    outcome1 = _outcome(rng) if resp1 is not None else ""
    escalated = ack2 = resp2 = None
    ext2, outcome2 = 0, ""
    if resp1 is not None and rng.random() < 0.16 * (0.8 + 0.2 * worse):
        escalated = resp1 + rng.randint(3, 40)
        ack2, ext2, resp2, withdrawn = _stage(
            rng=rng, calendar=calendar, received=escalated, respond_days=20,
            max_extension=20, worse=worse,
        )  # fmt: skip
        outcome2 = _outcome(rng) if resp2 is not None else ""
    # Nothing after the data was taken is known yet. Each step follows the one before, so
    # blanking every later date leaves no step recorded without its predecessor.
    dates = [received, ack1, resp1, escalated, ack2, resp2, withdrawn]
    dates = [None if day is not None and day > data_end else day for day in dates]
    received, ack1, resp1, escalated, ack2, resp2, withdrawn = dates
    if escalated is None:
        ack2 = resp2 = None
        ext2, outcome2 = 0, ""
    if resp1 is None:
        outcome1 = ""
    if resp2 is None:
        outcome2 = ""
    text = calendar.text

    def day_text(day):
        return "" if day is None else text(day)

    return [
        text(received),
        day_text(ack1),
        str(ext1) if ack1 is not None and ext1 else ("0" if ack1 is not None else ""),
        day_text(resp1),
        outcome1,
        day_text(escalated),
        day_text(ack2),
        str(ext2) if escalated is not None and ack2 is not None else "",
        day_text(resp2),
        outcome2,
        day_text(withdrawn),
    ]


def _stage(*, rng, calendar, received, respond_days, max_extension, worse):
    """Acknowledged, extension, responded and withdrawn days for one stage."""
    roll = rng.random()
    if roll < 0.02:
        acknowledged = None  # never recorded
    elif roll < 0.02 + 0.06 * worse:
        acknowledged = calendar.add_working_days(received, rng.randint(6, 12))
    else:
        acknowledged = calendar.add_working_days(received, rng.randint(0, 5))
    extension = 0
    if rng.random() < 0.12:
        extension = min(max_extension, rng.choice((3, 5, 10, 10, 10, max_extension)))
    # With no acknowledgement on record the response clock runs from its deadline.
    clock_from = acknowledged or calendar.add_working_days(received, 5)
    if rng.random() < 0.04:
        withdrawn = calendar.add_working_days(received, rng.randint(1, 8))
        if acknowledged is not None and acknowledged > withdrawn:
            acknowledged = None
        return acknowledged, 0, None, withdrawn
    respond_by = calendar.add_working_days(clock_from, respond_days + extension)
    if rng.random() < 0.12 * worse:
        responded = calendar.add_working_days(respond_by, rng.randint(1, 15))
    elif extension:
        # An extension is asked for because the response needs the extra time.
        responded = calendar.add_working_days(
            clock_from, rng.randint(respond_days - 1, respond_days + extension)
        )
    else:
        responded = calendar.add_working_days(clock_from, rng.randint(2, respond_days))
    return acknowledged, extension, responded, None


def _outcome(rng: random.Random) -> str:
    return rng.choices(("upheld", "partly_upheld", "not_upheld"), weights=(35, 25, 40))[0]


def asb_rows(
    *,
    rng: random.Random,
    calendar: DemoCalendar,
    stock: Stock,
    year: Year,
    data_end: int,
    first_ref: int,
    followed: dict,
):
    """ASB cases opened in one year; a few per cent involve hate incidents."""
    homes = stock.homes
    weights = []
    for home in homes:
        building = stock.buildings[home.building] if home.building is not None else None
        weight = stock.areas[home.area].worse ** 1.4
        if building is not None and building.kind in ("tower", "mid_rise"):
            weight *= 1.3
        weights.append(weight * (0.6 if home.tenure == "LCHO" else 1.0))
    held = sum(_share_held(home, year) for home in homes)
    count = max(1, round(ASB_CASES_PER_HOME * held))
    days, day_weights = _day_weights(calendar=calendar, year=year, weekend=0.6)
    opened = sorted(rng.choices(days, weights=day_weights, k=count))
    picker = _HomePicker(rng=rng, homes=homes, weights=weights)
    categories, category_weights = list(ASB_CATEGORIES), list(ASB_CATEGORIES.values())
    ref = first_ref
    for day, drawn in zip(opened, picker.many(count), strict=True):
        home = picker.held_on(drawn, day)
        if home is None:
            continue
        ref += 1
        hate = rng.random() < 0.035
        category = "harassment" if hate else rng.choices(categories, weights=category_weights)[0]
        description = rng.choice(HATE_DESCRIPTIONS if hate else ASB_DESCRIPTIONS[category])
        closed = day + min(400, round(rng.lognormvariate(3.7, 0.8)))
        anonymous = rng.random() < 0.05  # reported by someone who is not a resident
        if home.index in followed and not anonymous:
            followed[home.index].asb_cases.append(day)
        yield [
            f"A{ref:07d}",
            "" if anonymous else home.ref,
            calendar.text(day),
            calendar.text(closed) if closed <= data_end else "",
            "yes" if hate else "no",
            category,
            description,
        ]
