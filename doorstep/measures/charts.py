"""Charts drawn on the server as SVG: the same picture on screen, in print and in a PDF.

Each chart is a picture of numbers the page also gives as a table, and carries a one-line
summary (its ``<desc>``, also printed under it). Nothing depends on colour: bars are
hatched and labelled with their value, lines have a marker and a label at every point, and
a target is a dashed line with the word "Target". A survey measure's margin of error (± at
95% confidence) is a pale band from the value minus the margin to the value plus it: a
figure whose band crosses the target line may meet it or not. No style attributes and no
script, so the strict Content Security Policy holds; sizes come from the viewBox and the
stylesheet.
"""

from dataclasses import dataclass, replace

from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from doorstep.core.periods import PROVISIONAL
from doorstep.measures.names import TENURE_NAMES

BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 190
WIDTH = 640
MOST_BARS = 30


def _html(template: str, *args) -> SafeString:
    """``format_html`` that keeps numbers as numbers, so ``{:.1f}`` works: text is escaped,
    numbers cannot carry markup."""
    return mark_safe(  # noqa: S308 - every text argument is escaped here
        template.format(*(conditional_escape(a) if isinstance(a, str) else a for a in args))
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure, or not shown to this person
    note: str = ""  # said instead of a value: "not shown", "no figure"
    margin: float | None = None  # ± points: drawn as a band about the value
    target: float | None = None  # this bar's or point's own target


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    summary: str


def as_text(value: float, unit: str) -> str:
    return f"{value:.1f}%" if unit == "%" else f"{value:,.1f}"


def _scale_top(values: list[float], unit: str, target: float | None) -> float:
    top = max([*values, target or 0, 0])
    if unit == "%":
        return 100.0
    return top * 1.15 or 1.0


def _title_and_desc(chart_id: str, title: str, summary: str) -> SafeString:
    return _html(
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        chart_id, title, chart_id, summary,
    )


def _hatch(chart_id: str) -> SafeString:
    # Diagonal white lines over the bar's colour: still a distinct fill printed in grey.
    return _html(
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#0f4c45"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>',
        chart_id,
    )


def bar_chart(
    *, chart_id: str, title: str, bars: list[Bar], unit: str, target: float | None = None
) -> Chart:
    """Horizontal bars, one per group, each with its value written beside it."""
    shown = bars[:MOST_BARS]
    values = [bar.value + (bar.margin or 0) for bar in shown if bar.value is not None]
    values += [bar.target for bar in shown if bar.target is not None]
    summary = _bar_summary(bars=bars, unit=unit, shown=len(shown)) + _key_words(shown)
    top = _scale_top(values, unit, target)
    plot = WIDTH - LABEL_WIDTH - 70
    height = len(shown) * (BAR_HEIGHT + BAR_GAP) + 30
    rows = []
    for place, bar in enumerate(shown):
        y = 10 + place * (BAR_HEIGHT + BAR_GAP)
        middle = y + BAR_HEIGHT / 2 + 5
        rows.append(_html(
            '<text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text>',
            LABEL_WIDTH - 8, middle, _shorten(bar.label),
        ))
        if bar.value is None:
            rows.append(_html(
                '<text x="{}" y="{}" class="chart__note">{}</text>',
                LABEL_WIDTH, middle, bar.note or "no figure",
            ))
            continue
        length = max(plot * bar.value / top, 1)
        rows.append(_html(
            '<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="url(#{}-hatch)" '
            'stroke="#0b0c0c"/>',
            LABEL_WIDTH, y, length, BAR_HEIGHT, chart_id,
        ))
        reach = length
        if bar.margin:
            low = max(bar.value - bar.margin, 0)
            high = min(bar.value + bar.margin, top)
            rows.append(_html(
                '<rect class="chart__band" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" '
                'fill="#1d70b8" fill-opacity="0.25" stroke="#1d70b8"/>',
                LABEL_WIDTH + plot * low / top, y + BAR_HEIGHT / 4,
                plot * (high - low) / top, BAR_HEIGHT / 2,
            ))
            reach = max(reach, plot * high / top)
        if bar.target is not None:
            x = LABEL_WIDTH + plot * min(bar.target, top) / top
            rows.append(_html(
                '<line class="chart__target-line" x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" '
                'stroke="#0b0c0c" stroke-width="2" stroke-dasharray="4 3"/>',
                x, y - 3, x, y + BAR_HEIGHT + 3,
            ))
            reach = max(reach, x - LABEL_WIDTH)
        rows.append(_html(
            '<text x="{:.1f}" y="{}" class="chart__value">{}</text>',
            LABEL_WIDTH + reach + 6, middle, as_text(bar.value, unit),
        ))
    if target is not None and shown:
        x = LABEL_WIDTH + plot * min(target, top) / top
        rows.append(_html(
            '<line x1="{:.1f}" y1="4" x2="{:.1f}" y2="{}" stroke="#0b0c0c" stroke-width="2" '
            'stroke-dasharray="6 4"/><text x="{:.1f}" y="{}" text-anchor="middle" '
            'class="chart__target">Target {}</text>',
            x, x, height - 18, x, height - 4, as_text(target, unit),
        ))
    return Chart(svg=_svg(chart_id, title, summary, height, [_hatch(chart_id), *rows]),
                 summary=summary)


def _bar_summary(*, bars: list[Bar], unit: str, shown: int) -> str:
    known = [bar for bar in bars if bar.value is not None]
    if not known:
        return "There is no figure to show for any group."
    highest = max(known, key=lambda bar: bar.value)
    lowest = min(known, key=lambda bar: bar.value)
    words = (
        f"{len(known)} of {len(bars)} groups have a figure: highest {highest.label} at "
        f"{as_text(highest.value, unit)}, lowest {lowest.label} at {as_text(lowest.value, unit)}."
    )
    if shown < len(bars):
        words += f" The chart shows the first {shown}; the table lists all {len(bars)}."
    return words


def _key_words(shown: list[Bar]) -> str:
    """What the chart's marks mean, when it has them."""
    words = ""
    if any(bar.target is not None for bar in shown if bar.value is not None):
        words += " A dashed line marks each target."
    if any(bar.margin for bar in shown if bar.value is not None):
        words += (" The pale band about each survey figure runs from the value minus its "
                  "margin of error to the value plus it.")
    return words


def line_chart(
    *, chart_id: str, title: str, points: list[Bar], unit: str, target: float | None = None
) -> Chart:
    """A line through the figures in time order, each point marked and labelled."""
    values = [point.value + (point.margin or 0) for point in points if point.value is not None]
    values += [point.target for point in points if point.target is not None]
    summary = _line_summary(points=points, unit=unit) + _key_words(points)
    top = _scale_top(values, unit, target)
    # Room on the left for the longest axis label, "100.0%", at the label size.
    left, right, plot_top, plot_bottom = 68, WIDTH - 30, 30, 210
    step = (right - left) / max(len(points) - 1, 1)
    parts = [
        _html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart__axis" stroke="#0b0c0c"/>'
            '<text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text>',
            left, plot_bottom, right, plot_bottom,
            left - 6, plot_bottom + 4, as_text(0, unit),
            left - 6, plot_top + 4, as_text(top, unit),
        )
    ]
    coordinates = []

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * min(max(value, 0), top) / top

    for place, point in enumerate(points):
        x = left + step * place if len(points) > 1 else (left + right) / 2
        parts.append(_axis_label(x=x, y=plot_bottom + 20, label=point.label))
        if point.target is not None:
            # A year's own target, across that year's slot (a single year: the whole width).
            half = step / 2 if len(points) > 1 else (right - left) / 2
            parts.append(_html(
                '<line class="chart__target-line" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" '
                'y2="{:.1f}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>',
                max(x - half, left), y_of(point.target), min(x + half, right),
                y_of(point.target),
            ))
        if point.value is None:
            parts.append(_html(
                '<text x="{:.1f}" y="{}" text-anchor="middle" class="chart__note">{}</text>',
                x, plot_bottom - 8, point.note or "no figure",
            ))
            continue
        y = y_of(point.value)
        coordinates.append((x, y))
        if point.margin:
            # Under the line and marker: drawn first among the point's marks.
            parts.append(_html(
                '<rect class="chart__band" x="{:.1f}" y="{:.1f}" width="16" height="{:.1f}" '
                'fill="#1d70b8" fill-opacity="0.25" stroke="#1d70b8"/>',
                x - 8, y_of(point.value + point.margin),
                y_of(point.value - point.margin) - y_of(point.value + point.margin),
            ))
        parts.append(_html(
            '<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="#ffffff" stroke="#0f4c45" '
            'stroke-width="3"/><text x="{:.1f}" y="{:.1f}" text-anchor="middle" '
            'class="chart__value">{}</text>',
            x, y, x, y - 10, as_text(point.value, unit),
        ))
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.insert(1, _html(
            '<polyline points="{}" fill="none" stroke="#0f4c45" stroke-width="3"/>', path))
    targeted = [point for point in points if point.target is not None]
    if targeted:
        parts.append(_html(
            '<text x="{}" y="{:.1f}" text-anchor="end" class="chart__target">Target {}</text>',
            right, y_of(targeted[-1].target) - 6, as_text(targeted[-1].target, unit),
        ))
    if target is not None:
        y = y_of(target)
        parts.append(_html(
            '<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#0b0c0c" stroke-width="2" '
            'stroke-dasharray="6 4"/><text x="{}" y="{:.1f}" text-anchor="end" '
            'class="chart__target">Target {}</text>',
            left, y, right, y, right, y - 6, as_text(target, unit),
        ))
    # A year in progress has a second line under its label ("so far").
    height = 256 if any(point.label.endswith(PROVISIONAL) for point in points) else 240
    return Chart(svg=_svg(chart_id, title, summary, height, parts), summary=summary)


def _axis_label(*, x: float, y: float, label: str) -> SafeString:
    """The period under its point: "Q1" for "Q1 (April 2025 to June 2025)"; a year in
    progress on two lines, "2026/27" over "so far"."""
    if label.endswith(PROVISIONAL):
        return _html(
            '<text x="{:.1f}" y="{}" text-anchor="middle" class="chart__label">{}'
            '<tspan x="{:.1f}" dy="15">so far</tspan></text>',
            x, y, label[: -len(PROVISIONAL)].strip(), x,
        )
    return _html('<text x="{:.1f}" y="{}" text-anchor="middle" class="chart__label">{}</text>',
                 x, y, label.split(" (")[0])


def _line_summary(*, points: list[Bar], unit: str) -> str:
    known = [point for point in points if point.value is not None]
    if not known:
        return "There is no figure for any period yet."
    first, last = known[0], known[-1]
    if first is last:
        return f"Only {last.label} has a figure: {as_text(last.value, unit)}."
    difference = last.value - first.value
    points_word = "points" if unit == "%" else "per 1,000"
    movement = (
        "no change"
        if round(difference, 1) == 0
        else f"{'up' if difference > 0 else 'down'} {abs(difference):.1f} {points_word}"
    )
    return (
        f"From {as_text(first.value, unit)} in {first.label} to {as_text(last.value, unit)} "
        f"in {last.label}: {movement}."
    )


def _svg(chart_id: str, title: str, summary: str, height: float, parts) -> SafeString:
    body = format_html_join("", "{}", ((part,) for part in parts))
    return _html(
        '<svg class="chart" id="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {:.0f}" xmlns="http://www.w3.org/2000/svg" font-family="inherit" '
        'font-size="13">{}{}</svg>',
        chart_id, chart_id, chart_id, WIDTH, height, _title_and_desc(chart_id, title, summary),
        mark_safe(body),  # noqa: S308 - built from format_html parts above
    )


def _shorten(label: str) -> str:
    return label if len(label) <= 28 else label[:26] + "…"


def measure_charts(*, page, by_name: str) -> dict[str, Chart]:
    """The three charts of a measure's page: over the years, by quarter, by group."""
    unit = page.headline.result.unit
    target = float(page.headline.target.value) if page.headline.target else None

    def bar(point) -> Bar:
        note = "not shown: fewer than 10" if point.suppressed else "no figure"
        if getattr(point, "short_of_sample", ""):
            note = "too few responses so far"
        return Bar(label=point.label, value=point.value, note=note)

    def year_point(point) -> Bar:
        return replace(bar(point), margin=point.margin, target=point.target)

    return {
        "years": line_chart(
            chart_id="trend-years", title=f"{page.code} by reporting year",
            points=[year_point(point) for point in page.year_trend], unit=unit),
        "quarters": line_chart(
            chart_id="trend-quarters", title=f"{page.code} by quarter of {page.year.label}",
            points=[replace(bar(point), margin=point.margin) for point in page.quarter_trend],
            unit=unit, target=target),
        "groups": bar_chart(
            chart_id="breakdown", title=f"{page.code} by {by_name.lower()}",
            bars=[bar(group) for group in page.groups], unit=unit, target=target),
    }


@dataclass(frozen=True)
class ChartRow:
    """One survey measure in a compact chart, and the same numbers for its table."""

    code: str
    name: str
    value: float | None
    margin: float | None
    target: float | None
    note: str  # said instead of a value


@dataclass(frozen=True)
class CompactChart:
    chart: Chart
    rows: list[ChartRow]
    tenure_name: str


def survey_chart(*, chart_id: str, title: str, rows: list[ChartRow]) -> Chart:
    """The twelve survey measures of a year side by side, each with its margin of error and
    target: where the landlord stands on every question at once."""
    return bar_chart(
        chart_id=chart_id, title=title, unit="%",
        bars=[Bar(label=row.code, value=row.value, note=row.note, margin=row.margin,
                  target=row.target) for row in rows],
    )


def glance_chart(*, glance) -> CompactChart | None:
    """The year at a glance's survey measures for one tenure (the one chosen, or LCRA)."""
    tenure = glance.tenure or "LCRA"
    rows = []
    for row in glance.rows:
        if row.result is None or row.tenure != tenure or not row.code.startswith("TP"):
            continue
        note = ("not shown: fewer than 10" if row.suppressed
                else "too few responses so far" if row.short_of_sample else "no figure")
        shown = not (row.suppressed or row.short_of_sample)
        rows.append(ChartRow(
            code=row.code, name=row.name, value=row.result.value if shown else None,
            margin=row.margin if shown else None,
            target=float(row.target.value) if row.target else None, note=note,
        ))
    if not rows:
        return None
    title = f"Survey measures, {TENURE_NAMES[tenure]}, {glance.year.shown}"
    return CompactChart(chart=survey_chart(chart_id="glance-chart", title=title, rows=rows),
                        rows=rows, tenure_name=TENURE_NAMES[tenure])


class LazyCharts:
    """``measure_charts``, drawn the first time a template asks for one of them."""

    def __init__(self, *, page, by_name: str):
        self._page, self._by_name, self._charts = page, by_name, None

    def __getitem__(self, name: str) -> Chart:
        if self._charts is None:
            self._charts = measure_charts(page=self._page, by_name=self._by_name)
        return self._charts[name]
