"""The residents' annual report of a published year: what the public page and PDF show.

``residents_report(year=...)`` reads the latest published version of the year (never live
figures) and, for "last year", the latest published version of the year before; a year
not published in Doorstep shows no comparison rather than live figures.

Landlord-wide figures are shown whatever their size: the landlord must publish all 22
measures, and sends the same figures to the regulator. Anything finer, where a small number
could point to a person (themes residents raised, causes of complaints), follows the small
group rule: fewer than ``access.SMALL_GROUP`` is not shown. No comment, complaint or home is
named; residents' words appear only as quotes staff approved, redacted again.

The parts other apps give ("you said, we did" and complaints learning from
``doorstep.actions`` and ``doorstep.complaints``) are read as they stand today, and so are:

- ``scrutiny_findings``: the scrutiny panel's reviews reported to the landlord in the year
  (recommendations sent in the year; the review at "Awaiting the landlord's response",
  "Monitoring" or "Closed"). Only what the panel sent is shown: the findings, each
  recommendation as sent (``sent_text``, never a draft), the landlord's answer and reasons,
  and the panel's view of the impact once closed. Every text goes through voice's
  redaction (names, addresses, phone numbers), and no manager, member or resident is named.
- ``involvement_reach``: who took part in involvement activities held in the year, by age
  band, disability and digital access, from ``doorstep.involvement.reach`` in its panel
  version (``for_panel``): a count under ``SMALL_GROUP`` is hidden (and the next smallest
  where one could be worked out), and a group is named as under-represented only when its
  counts are shown.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doorstep.accounts.access import SMALL_GROUP
from doorstep.core.periods import ReportingYear
from doorstep.measures.charts import Bar, Chart, bar_chart
from doorstep.publishing import services
from doorstep.publishing.models import LICENCE_URLS, Licence, PublishedVersion
from doorstep.publishing.wording import RESIDENT_NAMES, SECTIONS

PERCEPTION_TENURES = ("LCRA", "LCHO")


@dataclass(frozen=True)
class ReportFigure:
    code: str
    name: str
    tenure: str
    unit: str
    value: float | None
    last_year: float | None
    numerator: float
    denominator: float
    responses: float | None  # survey answers behind a perception figure


@dataclass(frozen=True)
class Theme:
    label: str
    this_year: int | None  # None: fewer than SMALL_GROUP
    actions: list = field(default_factory=list)  # residents' summaries of what was done
    quotes: list = field(default_factory=list)


@dataclass(frozen=True)
class ScrutinyRecommendation:
    number: int
    text: str  # as sent, redacted
    decision: str  # the answer's label; "" while waiting
    reasons: str  # redacted
    due_on: date | None


@dataclass(frozen=True)
class ScrutinyFinding:
    title: str
    findings: str
    closed: bool
    impact: str  # the panel's view once closed
    recommendations: list


# The characteristics the report shows reach by (plain words for each, translated).
REACH_CHARACTERISTICS = (
    ("age_band", _("Age of the lead tenant")),
    ("disability", _("Disability in the household")),
    ("digital_access", _("Getting online")),
)


@dataclass
class ResidentsReport:
    year: ReportingYear
    version: PublishedVersion
    versions: list
    last_year_published: bool
    satisfaction: list  # [{"tenure", "rows": [ReportFigure], "chart": Chart}]
    sections: list  # [(key, heading, [ReportFigure])]
    licence: str
    licence_url: str
    themes: list = field(default_factory=list)
    complaint_causes: list = field(default_factory=list)  # (cause, count or None)
    improvements: list = field(default_factory=list)  # residents' summaries
    scrutiny_findings: list = field(default_factory=list)  # [ScrutinyFinding]
    involvement_reach: dict | None = None  # None: nobody recorded as taking part
    small_group: int = SMALL_GROUP

    @property
    def corrected(self) -> bool:
        return self.version.number > 1


def residents_report(*, year: ReportingYear, today: date | None = None) -> ResidentsReport:
    """Raises ``services.PublishingError`` when the year is not published."""
    version = services.version_of(year=year)
    previous = _previous(year)
    before = services.figures_by_key(previous) if previous else {}
    figures = [_figure(row, before.get((row.code, row.tenure)))
               for row in version.figures.order_by("pk")]
    satisfaction = []
    for tenure in PERCEPTION_TENURES:
        rows = [f for f in figures if f.tenure == tenure and f.code.startswith("TP")]
        if rows:
            satisfaction.append({"tenure": tenure, "rows": rows, "chart": _chart(tenure, rows,
                                                                                  year=year)})
    sections = [
        (key, heading, [f for f in figures if f.code in codes and _reported(f)])
        for key, heading, codes in SECTIONS
    ]
    published_year = version.published_year
    report = ResidentsReport(
        year=year, version=version,
        versions=list(published_year.versions.order_by("number")),
        last_year_published=previous is not None,
        satisfaction=satisfaction, sections=sections,
        licence=Licence(published_year.licence).label,
        licence_url=LICENCE_URLS[published_year.licence],
    )
    today = today or timezone.localdate()
    report.themes = _themes(on=min(year.end, today))
    report.complaint_causes, report.improvements = _complaints_learning(year=year, today=today)
    report.scrutiny_findings = scrutiny_findings(year=year)
    report.involvement_reach = involvement_reach(year=year)
    return report


def _previous(year: ReportingYear) -> PublishedVersion | None:
    try:
        return services.version_of(year=year.previous)
    except services.PublishingError:
        return None


def _reported(figure: ReportFigure) -> bool:
    # CH01/CH02 come for LCRA, LCHO and together: the report gives the landlord-wide
    # figure with the renters' beside it; a tenure with no homes gives nothing to show.
    return not (figure.code.startswith("CH") and figure.tenure == "LCHO"
                and not figure.denominator)


def _figure(row, before) -> ReportFigure:
    return ReportFigure(
        code=row.code, name=RESIDENT_NAMES.get(row.code, row.name), tenure=row.tenure,
        unit=row.unit, value=row.value, last_year=before.value if before else None,
        numerator=row.numerator, denominator=row.denominator,
        responses=row.details.get("n"),
    )


def _chart(tenure: str, rows: list, *, year: ReportingYear) -> Chart:
    # The chart's words are Doorstep's English (its summary is generated); the table under
    # it gives the same figures in the page's language.
    bars = [Bar(label=row.code, value=row.value) for row in rows]
    words = {"LCRA": "renters", "LCHO": "shared owners"}[tenure]
    return bar_chart(chart_id=f"satisfaction-{tenure.lower()}",
                     title=f"Satisfaction of {words}, {year.label}", bars=bars, unit="%")


def _themes(*, on: date) -> list[Theme]:
    try:
        from doorstep.actions.you_said_we_did import you_said_we_did
    except ImportError:
        return []
    said = you_said_we_did(today=on)
    return [
        Theme(label=theme.label, this_year=theme.this_year,
              actions=[action.summary for action in theme.actions], quotes=list(theme.quotes))
        for theme in said.themes
    ]


def _complaints_learning(*, year: ReportingYear, today: date) -> tuple[list, list]:
    from doorstep.complaints.annual_report import annual_report

    complaints = annual_report(year=year, as_of=today)
    causes = [(cause, count if count >= SMALL_GROUP else None)
              for cause, count in complaints.root_causes]
    improvements = [item.summary_for_residents.strip() for item in complaints.improvements
                    if item.summary_for_residents.strip()]
    return causes, improvements


def scrutiny_findings(*, year: ReportingYear) -> list[ScrutinyFinding]:
    """The reviews the panel reported to the landlord in the year, oldest first: only what
    was sent (never a draft), redacted, with no one named."""
    from doorstep.scrutiny.models import Decision, Review, Stage
    from doorstep.voice.redact import redact

    reported = (Review.objects.filter(
        stage__in=(Stage.AWAITING, Stage.MONITORING, Stage.CLOSED),
        recommendations__sent_on__range=(year.start, year.end)).distinct()
        .order_by("created_at", "pk"))
    found = []
    for review in reported:
        recommendations = [
            ScrutinyRecommendation(
                number=item.number, text=redact(item.sent_text),
                decision=Decision(item.decision).label if item.decision else "",
                reasons=redact(item.reasons), due_on=item.response_due_on)
            for item in review.recommendations.filter(sent_on__isnull=False)
            .order_by("number")
        ]
        closed = review.stage == Stage.CLOSED
        found.append(ScrutinyFinding(
            title=redact(review.title), findings=redact(review.findings), closed=closed,
            impact=redact(review.impact_view) if closed else "",
            recommendations=recommendations))
    return found


def involvement_reach(*, year: ReportingYear) -> dict | None:
    """Who took part in the year's activities, small groups hidden; None when nobody is
    recorded as taking part."""
    from doorstep.involvement.models import Activity
    from doorstep.involvement.reach import for_panel, label_of, reach

    activities = Activity.objects.filter(held_on__range=(year.start, year.end)).count()
    if not activities:
        return None
    tables = []
    involved = None
    for key, heading in REACH_CHARACTERISTICS:
        shown = for_panel(reach(start=year.start, end=year.end, characteristic=key))
        involved = shown["totals"]["involved"]
        rows = [{"label": label_of(key, row["group"]), "residents": row["residents"],
                 "involved": row["involved"]} for row in shown["groups"]]
        tables.append({
            "key": key, "heading": heading, "rows": rows,
            "unknown": shown["unknown"],
            "under_represented": [label_of(key, group)
                                  for group in shown["tests"]["involved"]["under_represented"]],
        })
    return {"activities": activities, "involved": involved, "tables": tables}


def sources_stamp() -> str:
    """A cheap mark of the state of the scrutiny and involvement records the report reads,
    for the public page's cache key: a review or recommendation changed (each change writes
    its record), an activity or participant added or removed, or consent given or withdrawn
    gives a new stamp."""
    from django.db.models import Count, Max

    from doorstep.involvement.models import Activity, Participant
    from doorstep.involvement.reach import consented_profiles
    from doorstep.scrutiny.models import RecommendationActivity, ReviewActivity

    parts = [
        ReviewActivity.objects.aggregate(n=Max("pk"))["n"],
        RecommendationActivity.objects.aggregate(n=Max("pk"))["n"],
        *Activity.objects.aggregate(n=Count("pk"), last=Max("pk")).values(),
        *Participant.objects.aggregate(n=Count("pk"), last=Max("pk")).values(),
        consented_profiles().count(),
    ]
    return ".".join(str(part or 0) for part in parts)
