"""What needs a person's attention, by role: the top of their home page.

Each item is a count of records with a link to the page that lists exactly those records,
so every number on the home page can be checked by following it. Items are counted among
the records the person may see (``doorstep.accounts.access``), never across the landlord
for someone limited to some areas.

* complaints handler: their own queue (overdue, due within a week, the first few cases)
  and the complaints nobody has picked up;
* engagement officer: this year's survey fieldwork against its targets, and residents'
  recent comments;
* service manager: their areas' repairs past target, open ASB cases, safety checks with
  no valid check and overdue hazard cases;
* analyst and administrator: overdue complaint steps, overdue hazard cases, flagged
  comments past their follow-up date, imports whose latest run failed and the year's
  data-quality warnings.
Board and panel members have no casework: their home is the year's measures.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from doorstep.accounts import access
from doorstep.accounts.models import Role
from doorstep.core.periods import ReportingYear

# "Due this week": five working days, the Complaint Handling Code's own unit.
WEEK_OF_WORKING_DAYS = 5
FIRST_ROWS = 5
# Comments this recent are "recent": about one round of fieldwork calls.
RECENT_COMMENT_DAYS = 28


@dataclass(frozen=True)
class Item:
    """One thing to look at: ``count`` records, listed at ``url``."""

    label: str  # what is counted, in words: "Complaints with an overdue step"
    count: int
    url: str
    link_text: str
    note: str = ""  # what the count is out of, or which records, in words
    # The first few records themselves (the complaints handler's queue).
    rows: list = field(default_factory=list)


def needs_attention(
    *, user, year: ReportingYear | None = None, now: datetime | None = None,
) -> list[Item]:
    """The items for this person's role, in the order the home page shows them."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    role = access.role_of(user)
    if role == Role.COMPLAINTS_HANDLER:
        return complaints_queue(user=user, today=today)
    if role == Role.ENGAGEMENT_OFFICER:
        return [*survey_fieldwork(user=user, today=today), recent_comments(user=user, today=today)]
    if role == Role.SERVICE_MANAGER:
        return [late_repairs(user=user, now=now), open_asb_cases(user=user),
                lapsed_safety_checks(user=user, today=today), overdue_hazards(user=user, now=now)]
    if role in (Role.ANALYST, Role.ADMINISTRATOR):
        items = [overdue_complaints(user=user, today=today), overdue_hazards(user=user, now=now),
                 flags_past_follow_up(user=user, today=today), imports_with_problems()]
        return items + ([data_quality(year=year)] if year is not None else [])
    return []


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# Complaints --------------------------------------------------------------------------------


def complaints_queue(*, user, today: date) -> list[Item]:
    """The handler's own open complaints: overdue, due within a week, and those unassigned."""
    from doorstep.complaints import queues

    entries = queues.outstanding(as_of=today, among=access.complaints_visible_to(user))
    mine = [entry for entry in entries if entry.handler == user]
    overdue = [entry for entry in mine if entry.overdue]
    this_week = [entry for entry in mine
                 if queues.is_due_soon(entry, within_days=WEEK_OF_WORKING_DAYS)]
    queue = reverse("complaints:list")
    return [
        Item("Your complaints with an overdue step", len(overdue), queue, "Your queue",
             rows=overdue[:FIRST_ROWS]),
        Item("Your complaints due within a week", len(this_week),
             f"{queue}?within={WEEK_OF_WORKING_DAYS}", "Due within 5 working days",
             note="Their next deadline is today or within 5 working days.",
             rows=this_week[:FIRST_ROWS]),
        Item("Open complaints with no handler", sum(entry.handler is None for entry in entries),
             queue, "Pick one up from the queue"),
    ]


def overdue_complaints(*, user, today: date) -> Item:
    from doorstep.complaints import queues

    entries = queues.outstanding(as_of=today, among=access.complaints_visible_to(user))
    return Item("Complaints with an overdue step", sum(entry.overdue for entry in entries),
                reverse("complaints:list"), "Complaints queue",
                note="A Complaint Handling Code deadline has passed.")


# Surveys and comments ----------------------------------------------------------------------


def survey_fieldwork(*, user, today: date) -> list[Item]:
    """Each survey of this reporting year: responses so far against the sample's target."""
    from doorstep.surveys import overview

    year = ReportingYear.containing(today)
    items = []
    for survey in access.surveys_to_follow(user).filter(year=year.label).order_by("name"):
        figures = overview.progress(survey=survey)
        target = sum(row["target"] for row in figures["strata"])
        items.append(Item(
            f"Responses to {survey.name}", figures["achieved"],
            reverse("surveys:progress", args=[survey.pk]), f"Progress of {survey.name}",
            note=f"Target {target:,}; fieldwork {_day(survey.fieldwork_starts)} to "
                 f"{_day(survey.fieldwork_ends)}." if target else
                 "No target yet: the sample has not been drawn.",
        ))
    if not items:
        items.append(Item(f"Surveys running in {year.label}", 0, reverse("surveys:list"),
                          "Surveys", note="No survey is set up for this year yet."))
    return items


def recent_comments(*, user, today: date) -> Item:
    since = today - timedelta(days=RECENT_COMMENT_DAYS)
    count = access.comments_visible_to(user).filter(response__completed_on__gte=since).count()
    return Item("Residents' survey comments in the last 4 weeks", count,
                reverse("voice:comments"), "What residents said",
                note=f"From surveys answered since {_day(since)}.")


# Repairs, hazards and safety ---------------------------------------------------------------


def late_repairs(*, user, now: datetime) -> Item:
    from doorstep.repairs import services as repairs

    count = repairs.open_and_late(among=access.repairs_visible_to(user), now=now).count()
    return Item("Open repairs past their target", count,
                f"{reverse('repairs:list')}?status=open&target=late", "These repairs")


def open_asb_cases(*, user) -> Item:
    from doorstep.asb import services as asb

    count = asb.open_cases(among=access.asb_cases_visible_to(user)).count()
    return Item("Open anti-social behaviour cases", count,
                f"{reverse('asb:list')}?state=open", "These cases")


def lapsed_safety_checks(*, user, today: date) -> Item:
    from doorstep.stock import compliance

    count = compliance.lapsed(requirements=access.requirements_visible_to(user),
                              on=today).count()
    return Item("Safety checks required with no valid check", count,
                f"{reverse('stock:safety')}?state=lapsed", "These checks",
                note="Gas, fire risk, asbestos, water and lift checks, as of today.")


def overdue_hazards(*, user, now: datetime) -> Item:
    from doorstep.hazards import services as hazards

    # Counted from the clock fields alone, as the hazards screen orders its queue.
    late = hazards.open_cases_on_clock(now=now, among=access.hazard_cases_visible_to(user))
    return Item("Hazard cases with an overdue Awaab's Law deadline", late.overdue_count,
                f"{reverse('hazards:list')}?clock=overdue", "Overdue hazard cases")


def flags_past_follow_up(*, user, today: date) -> Item:
    """Hazard and safeguarding flags in the queue (one per household and hazard) not followed
    up by their date, among those the person may see."""
    from doorstep.voice import services as voice

    count = (access.flags_visible_to(user) & voice.overdue_flags(today=today)).count()
    return Item("Flags past their follow-up date", count, reverse("voice:flags"),
                "Flags to follow up", note="Each should be followed up within one working day.")


# Imports and data quality ------------------------------------------------------------------


def imports_with_problems() -> Item:
    """Datasets whose latest import was rejected or stopped half way: the data in Doorstep is
    older than the file someone tried to bring in."""
    from doorstep.imports.forms import DATASET_LABELS
    from doorstep.imports.models import ImportRun

    latest = ImportRun.objects.filter(dataset=OuterRef("dataset")).order_by("-started_at", "-pk")
    failed = [
        run for run in ImportRun.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        .filter(outcome__in=(ImportRun.Outcome.REJECTED, ImportRun.Outcome.UNFINISHED))
        .defer("errors", "unknown_columns").order_by("dataset")
        if not run.running
    ]
    names = [DATASET_LABELS.get(run.dataset, run.dataset) for run in failed]
    return Item("Datasets whose latest import failed", len(failed), reverse("imports:history"),
                "Import history",
                note=f"{', '.join(names)}: rejected or did not finish." if names else "")


def data_quality(*, year: ReportingYear) -> Item:
    from doorstep.measures.data_quality import management_warnings

    warnings = management_warnings(year=year)
    records = sum(warning["count"] for warning in warnings)
    return Item(f"Data-quality warnings for {year.label}", len(warnings),
                f"{reverse('measures:year')}?{urlencode({'year': year.label})}",
                f"Year at a glance, {year.label}",
                note=f"{records:,} record{'s' if records != 1 else ''} to put right."
                if warnings else "")
