"""The board pack: a quarter's or a year's measures and what is being done about them.

For the governing body, on screen and as a PDF, everything the board sees is aggregated:

- each measure against its target, with the trend (the previous quarter, or last year),
  whether a change in a survey measure is larger than chance (``targets.change_since``), and
  the landlord's place among its peers in the regulator's data (``benchmarks.services``);
- for a year that is published, the published figures (the pack says which version); for a
  quarter, or a year not yet published, the figures as they stand now, and the pack says so;
- improvement actions overdue or off track (their deadline moved), through the actions
  app's access rule and services;
- complaints (CH01, CH02, and those open today with their deadline passed) and Awaab's Law
  hazard cases open and overdue, by hazard;
- the data-quality warnings that travel with the figures;
- scrutiny recommendations awaiting a response (sent, not yet answered), overdue first
  and then by due date, through the scrutiny app's access rule and services;
- involvement reach for the year (or the quarter's year): who took part in activities, by
  age band, disability and digital access, in the panel's suppressed version (the same
  summary the residents' report shows).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from doorstep.accounts import access
from doorstep.core.periods import ReportingYear
from doorstep.measures.cache import figure_store
from doorstep.measures.engine import ALL_CODES
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES
from doorstep.measures.results import MeasureResult
from doorstep.measures.targets import (
    Quarter,
    change_since,
    target_status,
    targets_for,
    tenures_for,
)
from doorstep.publishing import services


class BoardPackError(ValueError):
    """A board pack that cannot be made, in plain English."""


@dataclass(frozen=True)
class BoardLine:
    code: str
    name: str
    tenure: str
    tenure_name: str
    result: MeasureResult | None
    target: object
    status: object
    previous: MeasureResult | None
    change: object
    peers: dict | None  # quartile, rank, of; or {"message": ...}


@dataclass
class BoardPack:
    period: object  # ReportingYear or Quarter
    previous_period: object
    as_of: date
    source: str  # where the figures come from, in words
    version: object | None
    lines: list[BoardLine] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    peer_year: str | None = None
    overdue_actions: list = field(default_factory=list)
    moved_actions: list = field(default_factory=list)
    actions_available: bool = True
    complaints_overdue: int = 0
    complaints_open: int = 0
    hazards_open: int = 0
    hazards_overdue: int = 0
    hazards_by_hazard: list = field(default_factory=list)
    # Sent and not yet answered, overdue first: [{"recommendation", "overdue"}]; None when
    # the user may not read the scrutiny panel's work.
    scrutiny_recommendations: list | None = None
    involvement_reach: dict | None = None
    small_group: int = access.SMALL_GROUP

    @property
    def is_quarter(self) -> bool:
        return isinstance(self.period, Quarter)

    @property
    def label(self) -> str:
        return self.period.label


def period_from(*, year: str, quarter: int | None = None):
    period = ReportingYear.parse(year)
    if quarter is None:
        return period
    if quarter not in (1, 2, 3, 4):
        raise BoardPackError("A quarter is 1, 2, 3 or 4.")
    return Quarter(period, quarter)


def _previous(period):
    if isinstance(period, Quarter):
        if period.number > 1:
            return Quarter(period.year, period.number - 1)
        return Quarter(period.year.previous, 4)
    return period.previous


def board_pack(*, user, period, today: date | None = None) -> BoardPack:
    access.require(user, access.SEE_BOARD_PACK)
    today = today or timezone.localdate()
    year = period.year if isinstance(period, Quarter) else period
    store = figure_store(as_of=today)
    version = None
    if isinstance(period, ReportingYear):
        try:
            version = services.version_of(year=period)
        except services.PublishingError:
            version = None
    pack = BoardPack(period=period, previous_period=_previous(period), as_of=today,
                     source=_source(period, version, today), version=version)
    current = _results(period=period, version=version, store=store)
    before = _results(period=pack.previous_period, version=_version_of(pack.previous_period),
                      store=store)
    targets = targets_for(year=year)
    distributions = _peer_year(year)
    pack.peer_year = distributions
    for code in ALL_CODES:
        for tenure in tenures_for(code):
            result = current.get((code, tenure))
            if result is None:
                continue
            previous = before.get((code, tenure))
            target = targets.get((code, tenure))
            pack.lines.append(BoardLine(
                code=code, name=MEASURE_NAMES[code], tenure=tenure,
                tenure_name=TENURE_NAMES[tenure], result=result, target=target,
                status=target_status(value=result.value, target=target),
                previous=previous, change=change_since(result=result, previous=previous),
                peers=_peers(code=code, tenure=tenure, value=result.value, year=distributions),
            ))
    pack.warnings = (version.warnings if version is not None
                     else store.measure_set(year=year).warnings)
    _actions(pack, user=user, today=today)
    _casework(pack, user=user, today=today)
    _scrutiny(pack, user=user, today=today)
    from doorstep.publishing.report import involvement_reach

    pack.involvement_reach = involvement_reach(year=year)
    return pack


def _source(period, version, today: date) -> str:
    if version is not None:
        return (f"Published figures, version {version.number} of {version.year}, published "
                f"{version.published_at:%-d %B %Y}.")
    return (f"Figures as they stand on {today:%-d %B %Y}: {period.label} is not published, "
            "so they may still change.")


def _version_of(period):
    if not isinstance(period, ReportingYear):
        return None
    try:
        return services.version_of(year=period)
    except services.PublishingError:
        return None


def _results(*, period, version, store) -> dict:
    if version is not None:
        return {key: MeasureResult(code=row.code, tenure=row.tenure, numerator=row.numerator,
                                   denominator=row.denominator, unit=row.unit,
                                   details=row.details)
                for key, row in services.figures_by_key(version).items()}
    if isinstance(period, ReportingYear):
        return {(r.code, r.tenure): r for r in store.measure_set(year=period).measures
                if r.group is None}
    found = {}
    for code in ALL_CODES:
        for tenure in tenures_for(code):
            for result in store.family(code=code, period=period, tenure=tenure, by=None):
                found[(result.code, result.tenure)] = result
    return found


def _peer_year(year: ReportingYear) -> str | None:
    """The regulator's release to compare with: the year's own, or the latest before it."""
    from doorstep.benchmarks.models import Release

    release = Release.objects.filter(year__lte=year.label).order_by("-year").first()
    return release.year if release else None


def _peers(*, code: str, tenure: str, value, year: str | None) -> dict | None:
    if year is None or value is None:
        return None
    from doorstep.benchmarks import services as benchmarks

    try:
        distribution = benchmarks.distribution(year=year, measure=code, tenure=tenure)
    except benchmarks.BenchmarkError:
        return None
    stand = benchmarks.where_you_stand(distribution=distribution, value=value)
    return stand


def _actions(pack: BoardPack, *, user, today: date) -> None:
    try:
        from doorstep.actions import services as actions
        from doorstep.actions.models import OPEN_STATUSES
    except ImportError:
        pack.actions_available = False
        return
    from django.db.models import F

    visible = access.actions_visible_to(user)
    pack.overdue_actions = list(actions.overdue(visible, today=today).order_by("due_on",
                                                                              "action_ref"))
    overdue_refs = {action.action_ref for action in pack.overdue_actions}
    moved = (visible.filter(status__in=OPEN_STATUSES, original_due_on__isnull=False,
                            due_on__gt=F("original_due_on"))
             .order_by("due_on", "action_ref"))
    pack.moved_actions = [action for action in moved if action.action_ref not in overdue_refs]


def _casework(pack: BoardPack, *, user, today: date) -> None:
    from doorstep.complaints.queues import OVERDUE, outstanding
    from doorstep.hazards.services import open_by_hazard, open_hazards

    # Counts only: the board reads no complaint or case, so every record is counted.
    waiting = outstanding(as_of=today)
    pack.complaints_open = len(waiting)
    pack.complaints_overdue = sum(1 for entry in waiting if entry.deadline.status == OVERDUE)
    on_clock = open_hazards()
    pack.hazards_open = len(on_clock)
    pack.hazards_overdue = sum(1 for entry in on_clock if entry.overdue)
    pack.hazards_by_hazard = open_by_hazard(on_clock)


def _scrutiny(pack: BoardPack, *, user, today: date) -> None:
    if not access.can_see_scrutiny(user):
        return
    from doorstep.scrutiny.models import Recommendation
    from doorstep.scrutiny.services import overdue_responses

    overdue = overdue_responses(recommendations=Recommendation.objects.all(), today=today)
    late = {item.pk for item in overdue}
    waiting = (Recommendation.objects.filter(sent_on__isnull=False, decision="")
               .exclude(pk__in=late).select_related("review")
               .order_by("response_due_on", "review__review_ref", "number"))
    pack.scrutiny_recommendations = (
        [{"recommendation": item, "overdue": True} for item in overdue]
        + [{"recommendation": item, "overdue": False} for item in waiting])
