"""Charts that answer the question: the target line, the margin-of-error band, and a table of
the same numbers beside every chart.

Geometry, worked by hand from ``doorstep.measures.charts``:

* A line chart's plot runs from x = 68 to x = 610 and from y = 210 (0%) up to y = 30 (100%):
  a percentage v sits at y = 210 − 180 × v ÷ 100. With two points the step is 542.
* A bar chart's bars start at x = 190 and 100% is 380 wide: v sits at x = 190 + 3.8 × v.
* The dashboard landlord (``test_dashboard_year.landlord``): TP01 LCRA 2025/26 13 / 20 =
  65.0%, margin 19.70 points (N = 100, n = 20), target 60.0; 2024/25 10.0%, no target.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from test_dashboard_year import landlord

from doorstep.accounts.testing import cast
from doorstep.measures.charts import Bar, line_chart
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fresh_figures():
    cache.clear()
    yield
    cache.clear()


def svg_of(html: str, chart_id: str) -> ET.Element:
    found = re.search(rf'<svg class="chart" id="{chart_id}".*?</svg>', html, re.S)
    assert found, f"no chart {chart_id}"
    return ET.fromstring(found.group(0))  # noqa: S314 - our own chart


def marks(svg: ET.Element, tag: str, css: str) -> list[dict]:
    return [element.attrib for element in svg.iter(SVG + tag)
            if element.get("class") == css]


def test_it_draws_each_years_target_and_the_margin_band_where_worked_by_hand():
    chart = line_chart(chart_id="t", title="TP01 by year", unit="%", points=[
        Bar(label="2024/25", value=60.0, margin=5.0, target=70.0),
        Bar(label="2025/26", value=80.0, margin=4.0, target=75.0),
    ])
    svg = ET.fromstring(str(chart.svg))  # noqa: S314 - our own chart
    # 70% at y = 210 - 126 = 84, across the first year's half-step (68 to 68 + 271);
    # 75% at y = 210 - 135 = 75 across the second's (339 to 610).
    assert [(line["x1"], line["y1"], line["x2"], line["y2"])
            for line in marks(svg, "line", "chart__target-line")] == [
        ("68.0", "84.0", "339.0", "84.0"), ("339.0", "75.0", "610.0", "75.0")]
    # 60 ± 5: from y(65) = 93 to y(55) = 111; 80 ± 4: from y(84) = 58.8 to y(76) = 73.2.
    assert [(band["x"], band["y"], band["height"]) for band in marks(svg, "rect", "chart__band")
            ] == [("60.0", "93.0", "18.0"), ("602.0", "58.8", "14.4")]
    assert "Target 75.0%" in str(chart.svg)
    assert "A dashed line marks each target." in chart.summary
    assert "from the value minus its margin of error to the value plus it" in chart.summary


def test_it_keeps_the_band_inside_the_chart_when_the_margin_passes_100():
    chart = line_chart(chart_id="t", title="TP01", unit="%",
                       points=[Bar(label="2025/26", value=95.0, margin=10.0)])
    svg = ET.fromstring(str(chart.svg))  # noqa: S314 - our own chart
    band, = marks(svg, "rect", "chart__band")
    # 105% is drawn at the top (y = 30); 85% at y = 210 - 153 = 57.
    assert (band["y"], band["height"]) == ("30.0", "27.0")


def test_it_puts_the_target_and_band_on_a_measure_pages_trend_with_a_table_of_them(client):
    landlord()
    client.force_login(cast()["analyst"])
    response = client.get("/measures/TP01/?year=2025/26")
    html = response.content.decode()
    assert inline_code_in(response.content) == []
    svg = svg_of(html, "trend-years")
    # 2024/25 at x = 68 (no target), 2025/26 at x = 610 with target 60: y = 210 - 108 = 102,
    # across its half-step, 339 to 610.
    assert [(line["x1"], line["y1"], line["x2"], line["y2"])
            for line in marks(svg, "line", "chart__target-line")] == [
        ("339.0", "102.0", "610.0", "102.0")]
    # 65.0 ± 19.699: top y(84.699) = 210 - 152.458 = 57.5, height 180 x 0.39397 = 70.9;
    # 10.0 ± 19.699 reaches below 0: from y(29.699) = 156.5 down to the axis at 210.
    assert [(band["x"], band["y"], band["height"]) for band in marks(svg, "rect", "chart__band")
            ] == [("60.0", "156.5", "53.5"), ("602.0", "57.5", "70.9")]
    text = text_of(response.content)
    table = text[text.index("By reporting year: the numbers"):text.index("Quarter by quarter")]
    assert ("Year Numerator Denominator Value Margin of error Target "
            "2024/25 2 20 10.0% ± 19.7 points – 2025/26 13 20 65.0% ± 19.7 points 60.0%") in table


def test_it_gives_the_year_at_a_glance_a_compact_chart_and_its_table(client):
    landlord()
    client.force_login(cast()["analyst"])
    response = client.get("/measures/?year=2025/26&tenure=LCRA")
    assert inline_code_in(response.content) == []
    svg = svg_of(response.content.decode(), "glance-chart")
    # TP01's target 60 at x = 190 + 3.8 x 60 = 418, on TP01's bar (the first, y 10 to 32).
    target, = marks(svg, "line", "chart__target-line")
    assert (target["x1"], target["y1"], target["x2"], target["y2"]) == (
        "418.0", "7", "418.0", "35")
    # TP01 65.0 ± 19.70: from x = 190 + 3.8 x 45.30 = 362.1, 3.8 x 39.40 = 149.7 wide;
    # TP05 60.0 ± 19.70 (the fifth bar, y = 10 + 4 x 32 = 138): from 190 + 3.8 x 40.30.
    assert [(band["x"], band["y"], band["width"]) for band in marks(svg, "rect", "chart__band")
            ] == [("362.1", "15.5", "149.7"), ("343.1", "143.5", "149.7")]
    text = text_of(response.content)
    table = text[text.index("Survey measures: the numbers in the chart"):]
    assert ("Measure Value Margin of error Target TP01 Satisfied with the overall service "
            "65.0% ± 19.7 points 60.0% TP02") in table
    assert "TP05 Satisfied that the home is safe 60.0% ± 19.7 points – TP06" in table
    assert "TP02 Satisfied with the overall repairs service No figure – –" in table


def test_it_gives_the_panels_page_a_compact_chart_with_hidden_figures_kept_hidden(client):
    landlord()
    client.force_login(cast()["panel_member"])
    response = client.get("/panel/?year=2025/26")
    assert inline_code_in(response.content) == []
    svg = svg_of(response.content.decode(), "panel-chart")
    target, = marks(svg, "line", "chart__target-line")
    assert target["x1"] == "418.0"
    assert len(marks(svg, "rect", "chart__band")) == 2  # TP01 and TP05: 20 residents each
    text = text_of(response.content)
    table = text[text.index("Survey measures: the numbers in the chart"):]
    assert ("TP01 Satisfied with the overall service 65.0% ± 19.7 points 60.0% TP02") in table
    # No one answered TP02: fewer than 10, so neither its bar nor its row shows a figure.
    assert "TP02 Satisfied with the overall repairs service Not shown – –" in table
    assert "not shown" in "".join(svg.itertext())
