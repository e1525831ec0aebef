"""What residents said, as a scrutiny panel may read it.

Survey comments only are read as words, through voice's ``for_audience``: never a comment
with a hazard or safeguarding flag, and only the text with personal details removed, with
the month it came in and no finer date, area or home. Complaint and anti-social behaviour
(ASB) descriptions are about identifiable neighbours, and panel members are neighbours: the
panel sees them only as counts per theme (``casework_theme_counts``), never their words or
dates. Repair descriptions are staff's and contractors' words, not residents' voice, and are
not counted here. Every count is small-number protected like the measures; a theme with
fewer than 10 comments is not listed on its own, and neither are a year's comments when
there are fewer than 10.
"""

from dataclasses import dataclass

from django.db.models import Count

from doorstep.core.periods import ReportingYear
from doorstep.measures.names import MEASURE_NAMES
from doorstep.panel.suppression import Total, suppress, too_small
from doorstep.voice.framework import DEFAULT_THEMES
from doorstep.voice.models import CodedComment, Sentiment, Source, ThemeMention
from doorstep.voice.services import PANEL, for_audience, shown_text

ALL = "all"
SENTIMENTS = tuple(Sentiment.values)


@dataclass(frozen=True)
class ThemeCount:
    code: str
    label: str
    comments: int | None  # None: not shown
    by_sentiment: dict  # sentiment -> count, or None when not shown

    @property
    def listed(self) -> bool:
        return self.comments is not None


@dataclass(frozen=True)
class PanelComment:
    text: str
    month: str  # "March 2026": never a finer date
    question: str  # the survey question in plain words, or ""
    sentiment: str
    themes: list[str]


def comments_for_panel(*, year: ReportingYear):
    """The year's survey comments a panel may read (a queryset, newest coding first)."""
    comments = CodedComment.objects.filter(
        source=Source.SURVEY, received_on__gte=year.start, received_on__lte=year.end
    )
    return for_audience(comments, audience=PANEL)


def theme_labels() -> dict[str, str]:
    from doorstep.voice.services import active_framework

    framework = active_framework()
    if framework is None:
        return {theme.code: theme.label for theme in DEFAULT_THEMES}
    return {theme.code: theme.label for theme in framework.themes.all()}


def theme_counts(*, year: ReportingYear) -> list[ThemeCount]:
    """Comments per theme and sentiment (one query), small groups hidden, biggest first."""
    rows = (
        ThemeMention.objects.filter(coded_comment__in=comments_for_panel(year=year))
        .values("theme_code", "sentiment")
        .annotate(comments=Count("coded_comment", distinct=True))
        .order_by()
    )
    bases: dict[tuple, int] = {}
    for row in rows:
        bases[(row["theme_code"], row["sentiment"])] = row["comments"]
        whole = (row["theme_code"], ALL)
        bases[whole] = bases.get(whole, 0) + row["comments"]
    themes = sorted({theme for theme, _ in bases})
    totals = [Total(whole=(theme, ALL), parts=tuple((theme, s) for s in SENTIMENTS))
              for theme in themes]
    hidden = suppress(bases, totals=totals)
    labels = theme_labels()
    counts = [
        ThemeCount(
            code=theme,
            label=labels.get(theme, theme.replace("_", " ").capitalize()),
            comments=None if (theme, ALL) in hidden else bases[(theme, ALL)],
            by_sentiment={s: None if (theme, s) in hidden else bases.get((theme, s), 0)
                          for s in SENTIMENTS},
        )
        for theme in themes
    ]
    return sorted(counts, key=lambda count: (-(count.comments or 0), count.label))


# Casework the panel counts but never reads: (source, the column's heading).
CASEWORK = ((Source.COMPLAINT, "Complaints"), (Source.ASB, "Anti-social behaviour reports"))


@dataclass(frozen=True)
class CaseworkThemeCount:
    code: str
    label: str
    by_source: dict  # source -> count, or None when not shown

    @property
    def listed(self) -> bool:
        return any(count is not None for count in self.by_source.values())


def casework_theme_counts(*, year: ReportingYear) -> list[CaseworkThemeCount]:
    """Complaint and ASB descriptions received in the year, counted per theme and source
    (one query), small groups hidden, biggest first. Only counts leave this function."""
    sources = [source for source, _ in CASEWORK]
    described = for_audience(
        CodedComment.objects.filter(source__in=sources, received_on__gte=year.start,
                                    received_on__lte=year.end),
        audience=PANEL,
    )
    rows = (
        ThemeMention.objects.filter(coded_comment__in=described)
        .values("theme_code", "coded_comment__source")
        .annotate(comments=Count("coded_comment", distinct=True))
        .order_by()
    )
    bases = {(row["theme_code"], row["coded_comment__source"]): row["comments"] for row in rows}
    hidden = suppress(bases)
    labels = theme_labels()
    counts = [
        CaseworkThemeCount(
            code=theme,
            label=labels.get(theme, theme.replace("_", " ").capitalize()),
            by_source={source: None if (theme, source) in hidden else bases.get((theme, source), 0)
                       for source in sources},
        )
        for theme in sorted({theme for theme, _ in bases})
    ]
    return sorted((count for count in counts if count.listed),
                  key=lambda count: (-sum(n or 0 for n in count.by_source.values()), count.label))


def comment_list(*, year: ReportingYear, theme: str | None = None):
    """The comments to list, or None when there are too few to list without pointing to
    anyone (the whole year's, or one theme's)."""
    comments = comments_for_panel(year=year)
    if theme:
        comments = comments.filter(mentions__theme_code=theme)
    if too_small(comments.count()):
        return None
    return comments.prefetch_related("mentions").order_by("-received_on", "-pk")


def as_shown(coded_comment: CodedComment, *, labels: dict[str, str],
             hidden: frozenset = frozenset(), theme: str | None = None) -> PanelComment:
    """A comment as the panel's list shows it, labelled only as far as the counts are shown.

    Counting the labels down a list must not give back a count the table hides, so a theme
    is named on a comment only when the table shows its count for the comment's sentiment,
    and in one theme's list the sentiment is named only when that theme's count for it is
    shown (``hidden``: the keys ``(theme, sentiment)`` and ``(theme, ALL)`` not shown).
    """
    sentiment = coded_comment.sentiment
    named = [m.theme_code for m in coded_comment.mentions.all()
             if (m.theme_code, sentiment) not in hidden and (m.theme_code, ALL) not in hidden]
    return PanelComment(
        text=shown_text(coded_comment, audience=PANEL),
        month=f"{coded_comment.received_on:%B %Y}" if coded_comment.received_on else "",
        question=MEASURE_NAMES.get(coded_comment.question, ""),
        sentiment="" if theme and (theme, sentiment) in hidden
        else coded_comment.get_sentiment_display(),
        themes=[labels.get(code, code) for code in named],
    )


@dataclass(frozen=True)
class WhatResidentsSaid:
    year: ReportingYear
    themes: list[ThemeCount]
    casework: list[CaseworkThemeCount]  # complaint and ASB descriptions, as counts only
    theme: str | None  # the theme asked for, when it can be listed on its own
    comments: object  # a queryset, or None when there are too few to list

    @property
    def theme_choices(self) -> list[tuple[str, str]]:
        return [(count.code, count.label) for count in self.themes if count.listed]

    @property
    def hidden(self) -> frozenset:
        """The counts the table does not show: ``(theme, sentiment)`` and ``(theme, ALL)``."""
        return frozenset(
            {(count.code, s) for count in self.themes
             for s, shown in count.by_sentiment.items() if shown is None}
            | {(count.code, ALL) for count in self.themes if not count.listed}
        )

    @property
    def theme_label(self) -> str:
        return dict(self.theme_choices).get(self.theme, "")


def what_residents_said(*, year: ReportingYear, theme: str | None = None) -> WhatResidentsSaid:
    """The panel's page of comments: counts per theme, and the comments of one theme or all.

    A theme that cannot be listed on its own (fewer than 10 comments) is ignored.
    """
    themes = theme_counts(year=year)
    if theme not in {count.code for count in themes if count.listed}:
        theme = None
    return WhatResidentsSaid(
        year=year, themes=themes, casework=casework_theme_counts(year=year), theme=theme,
        comments=comment_list(year=year, theme=theme),
    )
