"""The demo landlord's action plan, written as ``actions.csv`` in the import format and
loaded through the importer once the other files are in (``load_action_plan``, called by
``generator.load_into_database``), so the baselines are measured on the loaded figures.

The actions answer the demo's weakest figures (satisfaction with complaint handling, TP09,
the lowest; listening, TP06; communal areas, TP10; repairs on time, worst in Northgate, the
area that is clearly worse) and its most-raised themes (the condition of the home, heating
and hot water, communal areas, damp and mould, repairs). There is one in every status, some
overdue, and two done long enough before the data ends to be re-measured over a full later
year:

* repairs on time (RP02-1), agreed on the first day of the second year and done at its end:
  the generator makes about 15% fewer late repairs each year, so the later year really is
  better: "improved";
* fewer stage 1 complaints (CH01-1), over the same windows: the generator's complaint volume
  per home is the same every year, so the rate does not move: "no clear change".

With fewer than two years the plan holds only actions that need no re-measurement.
"""

import csv
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from doorstep.core.periods import ReportingYear

DATASET = "actions"

COLUMNS = [
    "action_ref", "title", "measure", "tenure", "area", "theme", "status", "agreed_on",
    "due_on", "done_on", "owner", "team", "summary_for_residents", "involvement",
    "dropped_reason",
]


@dataclass(frozen=True)
class _Years:
    end_year: ReportingYear
    years: int


def load_action_plan(*, run_by: str, today: date) -> int:
    """Write the plan for the complete years of repairs loaded by ``today`` and import it;
    return actions made. The year in progress is not one of them: the plan is dated from
    the last complete year, so its re-measurements use whole years."""
    from doorstep.demo.generator import DemoDataError, last_complete_year
    from doorstep.imports.services import import_file
    from doorstep.repairs.models import Repair

    first = Repair.objects.order_by("reported_at").values_list("reported_at", flat=True).first()
    if first is None:
        return 0
    end = last_complete_year(today)
    years = _Years(end_year=end, years=end.first_year - ReportingYear.containing(
        first.date()).first_year + 1)
    with tempfile.TemporaryDirectory(prefix="doorstep-demo-actions-") as folder:
        write_action_plan(out_dir=Path(folder), landlord=years)
        report = import_file(dataset=DATASET, path=Path(folder) / "actions.csv",
                             run_by=run_by)
    if not report.ok:
        problems = "; ".join(str(error) for error in list(report.errors)[:5])
        raise DemoDataError(f"The importer rejected the demo action plan: {problems}")
    _work_on_the_plan(years)
    return report.created


def _work_on_the_plan(years: _Years) -> None:
    """What happened after the plan was imported, through the services (so it is logged):
    milestones on the bigger actions, and one deadline moved (the original is kept)."""
    from doorstep.actions import services
    from doorstep.actions.models import Action

    last = years.end_year
    actions = {action.action_ref: action for action in Action.objects.all()}
    milestones = {
        "A-1": [("New appointment booking system chosen", -300, -290),
                ("Text reminders switched on", -200, -195)],
        "A-3": [("Second repairs team in post", 60, 75),
                ("Weekly review of every late job", 90, None)],
        "A-4": [("Damp and mould training for every surveyor", 120, 110)],
    }
    for ref, steps in milestones.items():
        action = actions.get(ref)
        if action is None or action.milestones.exists():
            continue
        base = last.start
        for title, due, done in steps:
            milestone = services.add_milestone(action=action, by=None, title=title,
                                               due_on=base + timedelta(days=due))
            if done is not None:
                services.complete_milestone(milestone=milestone, by=None,
                                            done_on=base + timedelta(days=done))
    listening = actions.get("A-6")
    if listening is not None and listening.due_on == listening.original_due_on:
        services.move_deadline(
            action=listening, by=None, due_on=last.end + timedelta(days=90),
            reason="The first residents' newsletter waited for the new engagement strategy",
        )


def write_action_plan(*, out_dir: Path, landlord) -> int:
    """Write ``actions.csv`` for ``landlord`` (its ``end_year`` and ``years``); return the
    rows written."""
    rows = list(_rows(landlord))
    with (out_dir / "actions.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)


def _rows(landlord):
    last = landlord.end_year
    second = last.previous if landlord.years >= 2 else None
    day = lambda d: d.isoformat()  # noqa: E731 - a short local formatter
    if second is not None:
        yield [
            "A-1", "Fix more repairs on time with a new appointment system", "RP02-1", "LCRA",
            "", "repair_time;repairs;home_condition", "done", day(second.start),
            day(second.end - timedelta(days=92)),
            day(second.end), "Priya Shah", "Repairs and maintenance",
            "We changed how repair appointments are booked so that more repairs are done "
            "on time, and we text you the day before.", "consulted", "",
        ]
        yield [
            "A-2", "Resolve problems early, before they become complaints", "CH01-1", "combined",
            "", "complaints_handling", "done", day(second.start), day(second.end),
            day(second.end), "Tom Okafor", "Customer resolution",
            "Our front-line staff can now put small things right on the spot, so you do not "
            "have to make a complaint.", "informed", "",
        ]
    yield [
        "A-3", "Northgate repairs recovery plan", "RP02-1", "LCRA", "Northgate",
        "repair_time", "in_progress", day(last.start), day(last.end), "", "Sam Hughes",
        "Northgate housing team",
        "Repairs in Northgate take longer than elsewhere. We have added a second repairs "
        "team for the area and check every late job each week.", "co_produced", "",
    ]
    yield [
        "A-4", "Damp and mould: inspect every reported home within 10 working days", "TP05",
        "LCRA", "", "damp_mould", "in_progress", day(last.start + timedelta(days=61)),
        day(last.end + timedelta(days=365)), "", "Priya Shah", "Repairs and maintenance",
        "When you report damp or mould, we will inspect your home within 10 working days "
        "and tell you in writing what we will do.", "co_produced", "",
    ]
    yield [
        "A-5", "Answer stage 1 complaints within 10 working days and keep residents updated",
        "TP09", "LCRA", "",
        "complaints_handling", "agreed", day(last.start + timedelta(days=183)),
        day(last.end), "", "Tom Okafor", "Customer resolution",
        "We will answer your complaint within 10 working days, or tell you why we need "
        "longer.", "consulted", "",
    ]
    yield [
        "A-6", "Tell residents what changed after they told us something", "TP06", "LCRA",
        "", "listening;communication", "agreed", day(last.start + timedelta(days=120)),
        day(last.end - timedelta(days=30)), "", "Aisha Begum", "Resident engagement",
        "Every quarter we will write to residents about what you told us and what we did "
        "about it.", "co_produced", "",
    ]
    yield [
        "A-7", "Publish the cleaning schedule on every block", "TP10", "LCRA", "",
        "communal_areas", "proposed", "", "", "", "", "Estate services",
        "We plan to put the cleaning schedule up in every block, so you know when it is "
        "due.", "none", "",
    ]
    yield [
        "A-9", "Heating and hot water fixed within 24 hours from October to March", "TP04",
        "LCRA", "", "heating_hot_water;home_condition", "agreed",
        day(last.end + timedelta(days=1)), day(last.end + timedelta(days=365)), "",
        "Priya Shah", "Repairs and maintenance",
        "From October to March, if your heating or hot water stops working we will fix it "
        "within 24 hours, and lend you heaters until it is fixed.", "consulted", "",
    ]
    yield [
        "A-8", "Text reminders before repair appointments", "", "", "", "repairs", "dropped",
        "", "", "", "Priya Shah", "Repairs and maintenance", "", "none",
        "Replaced by the new appointment system in A-1, which sends reminders itself.",
    ]
