"""A fictional landlord, reproducible from a seed, written in the import formats.

``generate`` writes one CSV per dataset (the columns of ``shared/spec/data-formats.md``,
plus ``buildings``) and ``load_into_database`` puts them through the importer, exactly as a
landlord's own files would go. The same settings, seed and day give byte-identical files.

The history runs up to the day the data is taken (``today``): the complete reporting years
in full, then the year in progress from 1 April to that day, with casework still open at the
ages a working landlord's is (so queues and clocks look real on the day the demo is built).

Each dataset draws from its own random stream (named after it), so changing how one is made
leaves the others as they were. Rows are streamed to disk; 130,000 homes over three years
(about two million repairs) is the size it is built for.
"""

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from doorstep.core.periods import ReportingYear
from doorstep.demo import actions as demo_actions
from doorstep.demo import activity, safety, stock, survey
from doorstep.demo import involvement as demo_involvement
from doorstep.demo import scrutiny as demo_scrutiny
from doorstep.demo.days import DemoCalendar

DATASETS = (
    "buildings",
    "homes",
    "stock_condition",
    "repairs",
    "complaints",
    "asb_cases",
    "safety_requirements",
    "safety_checks",
    "survey_responses",
)

QUESTIONS = [f"tp{number:02d}" for number in range(1, 13)]
COLUMNS = {
    "buildings": ["building_ref", "name", "postcode", "uprn"],
    "homes": [
        "home_ref", "tenure", "area", "owned", "needs_type", "scheme", "building_ref",
        "postcode", "uprn", "acquired_on", "disposed_on", "decent_homes_applies",
    ],
    "stock_condition": [
        "assessment_ref", "home_ref", "assessed_on", "meets_decent_homes", "reason",
    ],
    "repairs": [
        "repair_ref", "home_ref", "building_ref", "reported_at", "priority", "priority_label",
        "target_at", "completed_at", "status", "repair_type", "category", "description",
        "cost_gbp",
    ],
    "complaints": [
        "complaint_ref", "home_ref", "tenure", "received_on", "stage1_acknowledged_on",
        "stage1_extension_days", "stage1_responded_on", "stage1_outcome", "escalated_on",
        "stage2_acknowledged_on", "stage2_extension_days", "stage2_responded_on",
        "stage2_outcome", "withdrawn_on", "category", "description", "compensation_gbp",
    ],
    "asb_cases": [
        "case_ref", "home_ref", "opened_on", "closed_on", "hate_related", "category",
        "description",
    ],
    "safety_requirements": [
        "requirement_ref", "asset_ref", "check_type", "required_from", "required_until",
    ],
    "safety_checks": ["check_ref", "asset_ref", "check_type", "completed_on", "valid_until"],
    "survey_responses": [
        "response_ref", "survey", "home_ref", "tenure", "completed_on", "channel",
        *QUESTIONS, "had_repair", "made_complaint", "has_communal_areas", "weight", "comment",
        *(f"comment_{question}" for question in QUESTIONS),
    ],
}  # fmt: skip

MOST_HOMES = 1_000_000
MOST_YEARS = 10
# The landlord improves year on year: the first year has this many more late jobs than
# average and each later year about 15% fewer.
FIRST_YEAR_LATENESS = 1.25

Progress = Callable[[str, int], None]


class DemoDataError(Exception):
    """Something the person running the command can put right; the message says what."""


def last_complete_year(today: date) -> ReportingYear:
    """The latest reporting year over by the end of ``today`` (the demo's published year)."""
    year = ReportingYear.containing(today)
    return year if today == year.end else year.previous


@dataclass(frozen=True)
class DemoLandlord:
    """``years`` complete reporting years up to ``today``, then the year in progress (1 April
    to ``today``) unless ``today`` is the last day of a year. ``today`` has no default: the
    same seed and day give the same files, whenever they are made."""

    today: date
    homes: int = 5000
    years: int = 3
    seed: int = 1

    def check(self) -> None:
        if not 1 <= self.homes <= MOST_HOMES:
            raise DemoDataError(f"The number of homes must be between 1 and {MOST_HOMES:,}.")
        if not 1 <= self.years <= MOST_YEARS:
            raise DemoDataError(f"The number of years must be between 1 and {MOST_YEARS}.")

    @property
    def last_complete_year(self) -> ReportingYear:
        return last_complete_year(self.today)

    @property
    def end_year(self) -> ReportingYear:
        """The last year with data in it: the year in progress, or the year ending today."""
        return ReportingYear.containing(self.today)

    @property
    def first_year(self) -> ReportingYear:
        return ReportingYear(self.last_complete_year.first_year - self.years + 1)


def generate(*, landlord: DemoLandlord, out_dir: Path, progress: Progress | None = None) -> dict:
    """Write the nine CSV files for ``landlord`` into ``out_dir``; return rows per dataset."""
    landlord.check()
    out_dir.mkdir(parents=True, exist_ok=True)
    first_day = landlord.first_year.start.toordinal()
    data_end = landlord.today.toordinal()
    calendar = DemoCalendar(
        first=landlord.first_year.start - timedelta(days=6 * 365),
        last=landlord.end_year.end + timedelta(days=3 * 365),
    )
    # The year in progress is cut at today: its volumes are those of the days so far, and
    # anything that would happen after today has not happened yet.
    years = [
        activity.Year(
            first_day=ReportingYear(first).start.toordinal(),
            last_day=min(ReportingYear(first).end.toordinal(), data_end),
            late_factor=FIRST_YEAR_LATENESS * 0.85**number,
            year_end=ReportingYear(first).end.toordinal(),
        )
        for number, first in enumerate(
            range(landlord.first_year.first_year, landlord.end_year.first_year + 1)
        )
    ]

    def stream(name: str) -> random.Random:
        return random.Random(f"doorstep-demo/{landlord.seed}/{name}")

    the_stock = stock.build_stock(
        rng=stream("stock"), homes=landlord.homes, first_day=first_day, last_day=data_end
    )
    # The survey sample is drawn first so that the repairs, complaints and ASB cases of the
    # households who will answer can be remembered as they are made.
    plan_rng = stream("survey plan")
    interviews = [survey.plan_interviews(rng=plan_rng, stock=the_stock, year=y) for y in years]
    followed = {
        interview.home.index: activity.Followed()
        for year_interviews in interviews
        for interview in year_interviews
    }
    writer = _Writer(out_dir=out_dir, progress=progress)
    writer.write("buildings", _building_rows(the_stock))
    writer.write("homes", _home_rows(the_stock, calendar))
    writer.write(
        "stock_condition",
        _assessment_rows(
            stock.assessment_rows(
                rng=stream("stock condition"), stock=the_stock, first_day=first_day,
                last_day=data_end,
            ),
            calendar,
        ),
    )  # fmt: skip
    _write_safety(
        writer=writer, rng=stream("safety"), the_stock=the_stock, calendar=calendar,
        first_day=first_day, data_end=data_end, years=years,
    )  # fmt: skip
    common = {"calendar": calendar, "stock": the_stock, "data_end": data_end, "followed": followed}
    for dataset, make_rows in (
        ("repairs", activity.repair_rows),
        ("complaints", activity.complaint_rows),
        ("asb_cases", activity.asb_rows),
    ):
        rng = stream(dataset)
        writer.write(dataset, _yearly(make_rows, rng=rng, years=years, common=common))
    survey_rng = stream("survey answers")
    writer.write(
        "survey_responses",
        (
            row
            for year_interviews, first_ref in _numbered(interviews)
            for row in survey.response_rows(
                rng=survey_rng, calendar=calendar, stock=the_stock, interviews=year_interviews,
                followed=followed, first_ref=first_ref,
            )
        ),
    )  # fmt: skip
    return writer.counts


def _numbered(interviews: list):
    first_ref = 0
    for year_interviews in interviews:
        yield year_interviews, first_ref
        first_ref += len(year_interviews)


def _yearly(make_rows, *, rng, years, common):
    """Rows for every year, with references running on from one year to the next."""
    made = 0
    for year in years:
        for row in make_rows(rng=rng, year=year, first_ref=made, **common):
            made += 1
            yield row


class _Writer:
    def __init__(self, *, out_dir: Path, progress: Progress | None):
        self.out_dir = out_dir
        self.progress = progress
        self.counts: dict[str, int] = {}

    def write(self, dataset: str, rows) -> None:
        path = self.out_dir / f"{dataset}.csv"
        count = 0
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(COLUMNS[dataset])
            for row in rows:
                writer.writerow(row)
                count += 1
                if self.progress and count % 50_000 == 0:
                    self.progress(dataset, count)
        self.counts[dataset] = count
        if self.progress:
            self.progress(dataset, count)


def _building_rows(the_stock):
    for building in the_stock.buildings:
        yield [building.ref, building.name, building.postcode, building.uprn]


def _home_rows(the_stock, calendar: DemoCalendar):
    for home in the_stock.homes:
        building = the_stock.buildings[home.building] if home.building is not None else None
        yield [
            home.ref,
            home.tenure,
            the_stock.areas[home.area].name,
            "yes" if home.owned else "no",
            home.needs_type,
            home.scheme,
            building.ref if building else "",
            home.postcode,
            home.uprn,
            calendar.text(home.acquired) if home.acquired is not None else "",
            calendar.text(home.disposed) if home.disposed is not None else "",
            "no" if home.tenure == "LCHO" else "yes",
        ]


def _assessment_rows(assessments, calendar: DemoCalendar):
    for number, (home, day, meets, reason) in enumerate(assessments, start=1):
        yield [f"SC{number:07d}", home.ref, calendar.text(day), "yes" if meets else "no", reason]


def _write_safety(*, writer, rng, the_stock, calendar, first_day, data_end, years) -> None:
    needed = safety.requirements(rng=rng, stock=the_stock, first_day=first_day, last_day=data_end)
    lapses = safety.lapses_at_year_ends(
        rng=rng, needed=needed, year_ends=[year.last_day for year in years]
    )

    def day_text(day):
        return "" if day is None else calendar.text(day)

    writer.write(
        "safety_requirements",
        (
            [f"SR{number:07d}", need.asset_ref, need.check_type, day_text(need.required_from),
             day_text(need.required_until)]
            for number, need in enumerate(needed, start=1)
        ),
    )  # fmt: skip

    def check_rows():
        number = 0
        for index, need in enumerate(needed):
            chain = safety.check_chain(
                rng=rng, requirement=need, first_day=first_day, last_day=data_end,
                lapse_at=lapses.get(index, set()),
            )  # fmt: skip
            for completed, valid_until in chain:
                number += 1
                yield [f"CK{number:08d}", need.asset_ref, need.check_type,
                       calendar.text(completed), calendar.text(valid_until)]  # fmt: skip

    writer.write("safety_checks", check_rows())


def load_into_database(
    out_dir: Path, *, run_by: str = "demo-data", progress_for: Callable | None = None,
    today: date | None = None,
) -> dict:
    """Import the files in ``out_dir`` through the importer, in its order; rows per dataset.

    ``progress_for(dataset)`` may return a progress callback for the importer. Stops at the
    first dataset the importer rejects (later ones refer to its rows). ``today`` is the day
    the files were made for (the real date if not given): the action plan, the scrutiny
    panel and the involvement are dated from it.
    """
    from django.utils import timezone

    from doorstep.imports.datasets import IMPORT_ORDER
    from doorstep.imports.services import import_file

    today = today or timezone.localdate()
    created = {}
    for dataset in IMPORT_ORDER:
        if dataset == demo_actions.DATASET or dataset in demo_involvement.DATASETS:
            continue  # made from the figures once they are loaded, below
        progress = progress_for(dataset) if progress_for else None
        report = import_file(
            dataset=dataset, path=out_dir / f"{dataset}.csv", run_by=run_by, progress=progress
        )
        if hasattr(progress, "close"):
            progress.close()
        if not report.ok:
            first = "; ".join(str(error) for error in list(report.errors)[:5])
            raise DemoDataError(
                f"The importer rejected the demo {dataset} file, so nothing more was loaded. "
                f"First problems: {first}"
            )
        created[dataset] = report.created
    created[demo_actions.DATASET] = demo_actions.load_action_plan(run_by=run_by, today=today)
    created["scrutiny reviews"] = demo_scrutiny.set_up_scrutiny(today=today)
    # After the actions and reviews: its activities link to them.
    created.update(demo_involvement.load_involvement(run_by=run_by, today=today))
    return created
