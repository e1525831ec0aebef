"""Charts drawn on the server as SVG: the same picture on screen, in print and in a PDF.

Each chart is a picture of numbers the page also gives as a table, and carries a one-line
summary (its ``<desc>``, also printed under it). Nothing depends on colour: bars are
hatched and labelled with their value, lines have a marker and a label at every point, and
a target is a dashed line with the word "Target". No style attributes and no script, so
the strict Content Security Policy holds; sizes come from the viewBox and the stylesheet.
"""

from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

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
    values = [bar.value for bar in shown if bar.value is not None]
    summary = _bar_summary(bars=bars, unit=unit, shown=len(shown))
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
        rows.append(_html(
            '<text x="{:.1f}" y="{}" class="chart__value">{}</text>',
            LABEL_WIDTH + length + 6, middle, as_text(bar.value, unit),
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


def line_chart(
    *, chart_id: str, title: str, points: list[Bar], unit: str, target: float | None = None
) -> Chart:
    """A line through the figures in time order, each point marked and labelled."""
    values = [point.value for point in points if point.value is not None]
    summary = _line_summary(points=points, unit=unit)
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
    for place, point in enumerate(points):
        x = left + step * place if len(points) > 1 else (left + right) / 2
        parts.append(_html(
            '<text x="{:.1f}" y="{}" text-anchor="middle" class="chart__label">{}</text>',
            x, plot_bottom + 20, point.label.split(" (")[0],
        ))
        if point.value is None:
            parts.append(_html(
                '<text x="{:.1f}" y="{}" text-anchor="middle" class="chart__note">{}</text>',
                x, plot_bottom - 8, point.note or "no figure",
            ))
            continue
        y = plot_bottom - (plot_bottom - plot_top) * min(point.value, top) / top
        coordinates.append((x, y))
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
    if target is not None:
        y = plot_bottom - (plot_bottom - plot_top) * min(target, top) / top
        parts.append(_html(
            '<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#0b0c0c" stroke-width="2" '
            'stroke-dasharray="6 4"/><text x="{}" y="{:.1f}" text-anchor="end" '
            'class="chart__target">Target {}</text>',
            left, y, right, y, right, y - 6, as_text(target, unit),
        ))
    return Chart(svg=_svg(chart_id, title, summary, 240, parts), summary=summary)


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
        return Bar(label=point.label, value=point.value, note=note)

    return {
        "years": line_chart(
            chart_id="trend-years", title=f"{page.code} by reporting year",
            points=[bar(point) for point in page.year_trend], unit=unit),
        "quarters": line_chart(
            chart_id="trend-quarters", title=f"{page.code} by quarter of {page.year.label}",
            points=[bar(point) for point in page.quarter_trend], unit=unit, target=target),
        "groups": bar_chart(
            chart_id="breakdown", title=f"{page.code} by {by_name.lower()}",
            bars=[bar(group) for group in page.groups], unit=unit, target=target),
    }


class LazyCharts:
    """``measure_charts``, drawn the first time a template asks for one of them."""

    def __init__(self, *, page, by_name: str):
        self._page, self._by_name, self._charts = page, by_name, None

    def __getitem__(self, name: str) -> Chart:
        if self._charts is None:
            self._charts = measure_charts(page=self._page, by_name=self._by_name)
        return self._charts[name]
