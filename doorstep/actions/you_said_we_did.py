"""What the public "you said, we did" page shows: the themes residents raised this year and
last, and what the landlord did about each.

**What residents raised.** A theme's count is the number of residents who raised it in the
reporting year (1 April to 31 March; this year up to today): those whose coded comment in
their own words (a survey comment or a complaint's description; repair and ASB descriptions
are often staff's words and are left out) the coder or staff put under the theme, and those
whose complaint's root cause belongs to the theme (``RootCause.theme_code``). A household
is counted once per theme however often it raised it (comments and complaints without a
home count once each). Comments with a hazard or safeguarding flag are counted like any
other, but never quoted. The "other" theme is not a theme and is left out.

**Small numbers.** A theme raised by fewer than ``access.SMALL_GROUP`` residents in both
years is not shown at all, not even by name; a year under the threshold reads "fewer than
10". No total is shown, so no hidden count can be worked out by subtraction.

**What was done.** The improvement actions linked to the theme (``Action.themes``), or to
complaints whose root cause belongs to it (``Action.complaints``), that are agreed, in
progress or done (done in the two years before today: ``DONE_SHOWN_DAYS``), and have a
summary for residents: that summary is the only words about an action the public reads.
A done action that names a measure shows its re-measured verdict
(``doorstep.actions.remeasure``), with the figures before and after when both rest on at
least ``SMALL_GROUP`` records or respondents.
Proposed actions (not yet decided) and dropped ones are left out.

**Quotes.** Only comments staff approved as quotes, as redacted
(``doorstep.complaints.quotes``), under a theme that is shown.

Nothing here names a resident, a home or a reference: the page is built from counts, the
landlord's own words (redacted too, in case a name was typed into a summary) and redacted
approved quotes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from doorstep.accounts.access import SMALL_GROUP
from doorstep.actions.models import Action, ActionStatus
from doorstep.actions.remeasure import RemeasureError, kind_of, remeasure
from doorstep.complaints.models import Complaint, PublicPages
from doorstep.complaints.quotes import quotes_for_public
from doorstep.core.periods import ReportingYear
from doorstep.measures.scope import MeasureError
from doorstep.voice.redact import redact

NOT_A_THEME = ("other",)
SHOWN_STATUSES = (ActionStatus.AGREED, ActionStatus.IN_PROGRESS, ActionStatus.DONE)
# Residents' own words: survey comments and complaints (voice.Source values).
RESIDENTS_WORDS = ("survey", "complaint")
# A done action stays on the page this long after it was done (a convention).
DONE_SHOWN_DAYS = 730


@dataclass(frozen=True)
class Remeasured:
    verdict: str  # improved, worsened, no clear change, too early to tell
    measure_code: str
    before: float | None  # None: not shown (too few records behind it)
    after: float | None
    unit: str  # "%" or "per 1,000 homes"


@dataclass(frozen=True)
class ActionDone:
    summary: str
    status: str
    agreed_on: date | None
    due_on: date | None
    done_on: date | None
    remeasured: Remeasured | None


@dataclass(frozen=True)
class ThemeRaised:
    code: str
    label: str
    this_year: int | None  # None: fewer than SMALL_GROUP residents
    last_year: int | None
    actions: list[ActionDone] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class YouSaidWeDid:
    this_year: ReportingYear
    last_year: ReportingYear
    as_of: date
    themes: list[ThemeRaised]
    small_group: int = SMALL_GROUP


def page_is_on() -> bool:
    """Whether the administrator has left the public page switched on (the default)."""
    return PublicPages.current().you_said_we_did


def you_said_we_did(*, today: date | None = None) -> YouSaidWeDid:
    """Everything the public page shows (see the module notes)."""
    today = today or timezone.localdate()
    this_year = ReportingYear.containing(today)
    last_year = this_year.previous
    labels = _theme_labels()
    counts = {
        year: _residents_per_theme(start=year.start, end=min(year.end, today))
        for year in (this_year, last_year)
    }
    shown = []
    for code, label in labels.items():
        now, before = counts[this_year].get(code, 0), counts[last_year].get(code, 0)
        if max(now, before) < SMALL_GROUP:
            continue
        shown.append((code, label, now, before))
    shown.sort(key=lambda item: (-item[2], -item[3], item[1]))
    codes = [code for code, *_ in shown]
    actions = _actions_for(codes, since=today - timedelta(days=DONE_SHOWN_DAYS), today=today)
    quotes = quotes_for_public(codes)
    themes = [
        ThemeRaised(
            code=code, label=label,
            this_year=now if now >= SMALL_GROUP else None,
            last_year=before if before >= SMALL_GROUP else None,
            actions=actions.get(code, []),
            quotes=quotes.get(code, []),
        )
        for code, label, now, before in shown
    ]
    return YouSaidWeDid(this_year=this_year, last_year=last_year, as_of=today, themes=themes)


def _theme_labels() -> dict[str, str]:
    """The active framework's themes, code to label, in the framework's order."""
    from doorstep.voice.services import active_framework

    framework = active_framework()
    if framework is None:
        return {}
    return {theme.code: theme.label for theme in framework.themes.all()
            if theme.code not in NOT_A_THEME}


def _residents_per_theme(*, start: date, end: date) -> dict[str, int]:
    """How many residents raised each theme between the dates (see the module notes)."""
    from doorstep.voice.models import ThemeMention

    voices: dict[str, set] = defaultdict(set)
    mentions = ThemeMention.objects.filter(
        coded_comment__received_on__gte=start, coded_comment__received_on__lte=end,
        coded_comment__source__in=RESIDENTS_WORDS,
    ).values_list("theme_code", "coded_comment__home_id", "coded_comment__complaint_id",
                  "coded_comment_id")
    for theme, home_id, complaint_id, comment_id in mentions.iterator(chunk_size=10_000):
        voices[theme].add(_voice(home_id, complaint_id, comment_id))
    complaints = Complaint.objects.filter(
        received_on__gte=start, received_on__lte=end, root_cause__isnull=False,
    ).exclude(root_cause__theme_code="").values_list("root_cause__theme_code", "home_id", "id")
    for theme, home_id, complaint_id in complaints.iterator(chunk_size=10_000):
        voices[theme].add(_voice(home_id, complaint_id, None))
    return {theme: len(keys) for theme, keys in voices.items()}


def _voice(home_id, complaint_id, comment_id) -> tuple:
    """One resident: their home where it is known, else the complaint or the comment."""
    if home_id:
        return ("home", home_id)
    if complaint_id:
        return ("complaint", complaint_id)
    return ("comment", comment_id)


def _actions_for(codes: list[str], *, since: date, today: date) -> dict[str, list[ActionDone]]:
    if not codes:
        return {}
    shown = (Action.objects.filter(status__in=SHOWN_STATUSES)
             .exclude(summary_for_residents="")
             .exclude(status=ActionStatus.DONE, done_on__lt=since))
    by_theme: dict[int, set[str]] = defaultdict(set)
    for action_id, code in Action.themes.through.objects.filter(
        action__in=shown, theme__code__in=codes
    ).values_list("action_id", "theme__code"):
        by_theme[action_id].add(code)
    for action_id, code in Action.complaints.through.objects.filter(
        action__in=shown, complaint__root_cause__theme_code__in=codes
    ).values_list("action_id", "complaint__root_cause__theme_code"):
        by_theme[action_id].add(code)
    per_theme: dict[str, list[ActionDone]] = defaultdict(list)
    for action in shown.filter(pk__in=list(by_theme)).order_by("action_ref"):
        done = ActionDone(
            # Staff write the summaries for the public, but a name or a phone number typed
            # into one by mistake must not reach the page either.
            summary=redact(action.summary_for_residents).strip(), status=action.status,
            agreed_on=action.agreed_on, due_on=action.due_on, done_on=action.done_on,
            remeasured=_remeasured(action, today=today),
        )
        for code in by_theme[action.pk]:
            per_theme[code].append(done)
    for actions in per_theme.values():
        # Done first, the most recent first; then the rest by their deadline.
        actions.sort(key=_order)
    return per_theme


def _order(action: ActionDone) -> tuple:
    if action.status == ActionStatus.DONE and action.done_on:
        return (0, -action.done_on.toordinal())
    return (1, (action.due_on or date.max).toordinal())


def _remeasured(action: Action, *, today: date) -> Remeasured | None:
    if action.status != ActionStatus.DONE or not action.measure_code:
        return None
    try:
        result = remeasure(action, until=today)
    except (RemeasureError, MeasureError):
        return None
    baseline, after = result.get("baseline"), result.get("after")
    shows_figures = (
        baseline and after and baseline.get("value") is not None
        and after.get("value") is not None
        and min(baseline.get("denominator") or 0, after.get("denominator") or 0) >= SMALL_GROUP
    )
    return Remeasured(
        verdict=result["verdict"], measure_code=result["measure"],
        before=baseline["value"] if shows_figures else None,
        after=after["value"] if shows_figures else None,
        unit="per 1,000 homes" if kind_of(result["measure"]) == "rate" else "%",
    )
