"""The demo's hazard cases: a dozen cases across the four HHSRS groups, each on its Awaab's
Law clocks as they stand today (some open, some overdue, some met), one excess cold case
reported before excess cold came into scope (27 Oct 2026) and one asbestos case (2027 phase)
not yet in scope. Set up once by ``doorstep demo``; afterwards left alone.

Dates are counted back from the day the demo is set up (``today``), so the clocks say the
same things whenever that is: each case is opened and worked through the hazards services,
as a person would.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from doorstep.core.periods import UK
from doorstep.core.workdays import england_calendar
from doorstep.hazards import services
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.hazards.models import HazardCase
from doorstep.stock.models import Home

DEMO_MARK = "(demo case)"


@dataclass(frozen=True)
class DemoCase:
    kind: str
    hazard: str | None
    description: str
    aware_days_ago: int  # calendar days before today (or aware_on)
    steps: tuple = ()  # (step, working days after aware; under 1: a part of a day), in order
    in_manager_area: bool = True
    aware_on: date | None = None

    def became_aware_on(self, today: date) -> date:
        """The day the landlord became aware; a fixed date never later than yesterday."""
        if self.aware_on is not None:
            return min(self.aware_on, today - timedelta(days=1))
        return today - timedelta(days=self.aware_days_ago)


CASES = [
    # Physiological: damp and mould met throughout; one overdue for its investigation.
    DemoCase("significant", "damp_mould", "Black mould on the bedroom ceiling and walls", 45,
             (("investigation", 5), ("summary", 6), ("safety_work", 8),
              ("further_works", 10), ("close", 30))),
    DemoCase("significant", "damp_mould", "Mould round the windows; child with asthma", 24),
    # Excess cold, a 2026 hazard: one in scope and running, one reported before 27 Oct 2026.
    DemoCase("significant", "excess_cold", "No heating or hot water; elderly resident", 4),
    DemoCase("significant", "excess_cold", "Boiler broken, radiators cold all over the house",
             0, in_manager_area=False, aware_on=date(2026, 10, 12)),
    # Accidents: stairs with a late summary; an overdue emergency; two made safe in time.
    DemoCase("significant", "falls_stairs", "Stair rail loose on the communal stairs", 14,
             (("investigation", 2), ("summary", 8))),
    DemoCase("emergency", "electrical", "Exposed wiring at the kitchen socket, sparking", 2),
    DemoCase("emergency", "explosions", "Strong smell of gas in the hallway", 9,
             (("made_safe", 0.25),), in_manager_area=False),
    DemoCase("emergency", "structural_collapse", "Water through the living room ceiling, "
             "ceiling bowing", 16, (("made_safe", 0.5),)),
    # Infection: pests, open and due.
    DemoCase("significant", "domestic_hygiene", "Mice in the kitchen, droppings on worktops", 3),
    # Psychological: a front door that will not lock, made safe; an emergency not yet named.
    DemoCase("emergency", "entry_by_intruders", "Front door will not lock; resident alone and "
             "frightened", 20, (("made_safe", 0.2),)),
    DemoCase("emergency", None, "Resident reports a dangerous problem in the flat; details to "
             "follow", 1),
    # Asbestos comes into scope in 2027: recorded and tracked, outside the timescales.
    DemoCase("significant", "asbestos_mmf", "Damaged artex ceiling, resident worried about "
             "asbestos", 10, (("investigation", 4),), in_manager_area=False),
]


@transaction.atomic
def set_up_hazard_cases(*, today: date | None = None) -> int:
    """Open the demo's hazard cases once, worked by the demo's administrator, on their
    clocks as they stand on ``today`` (the real date if not given); returns how many there
    are."""
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(username="admin").first()
    load_hazard_list()
    existing = HazardCase.objects.filter(description__endswith=DEMO_MARK).count()
    if existing:
        return existing
    homes = list(Home.objects.order_by("area", "home_ref").values_list("area", "pk"))
    if not homes:
        return 0
    first_area = homes[0][0]
    near = [pk for area, pk in homes if area == first_area]
    far = [pk for area, pk in homes if area != first_area] or near
    calendar = england_calendar()
    today = today or timezone.localdate()
    for number, demo in enumerate(CASES):
        pool = near if demo.in_manager_area else far
        home = Home.objects.get(pk=pool[(number * 37) % len(pool)])
        aware_on = demo.became_aware_on(today)
        aware_at = datetime.combine(aware_on, time(9, 30), tzinfo=UK)
        case = services.open_hazard_case(
            by=by, kind=demo.kind, hazard=demo.hazard, aware_at=aware_at, home=home,
            description=f"{demo.description} {DEMO_MARK}", handler=by,
        )
        for step, after in demo.steps:
            _work(case, step, after=after, by=by, calendar=calendar)
    return len(CASES)


def _work(case, step: str, *, after: float, by, calendar) -> None:
    aware_on = case.aware_at.astimezone(UK).date()
    day = calendar.add_working_days(aware_on, int(after)) if after >= 1 else aware_on
    if step == "made_safe":
        services.record_made_safe(case=case, by=by, at=case.aware_at + timedelta(days=after))
    elif step == "investigation":
        services.record_investigation(case=case, by=by, concluded_on=day,
                                      findings="Inspected; findings recorded with photographs",
                                      further_works_needed=True)
    elif step == "summary":
        services.record_summary_sent(case=case, by=by, on=day)
    elif step == "safety_work":
        services.record_safety_work(case=case, by=by, on=day)
    elif step == "further_works":
        services.record_further_works_started(case=case, by=by, on=day)
    elif step == "close":
        services.close_case(case=case, by=by, on=day, note="Works complete and inspected")
