"""Screenshots of the key pages at 320, 768 and 1280 CSS pixels, in English and (for the pages
residents read) Urdu, in a real browser. Each width checks the layout, not just takes a picture:

* the page never scrolls sideways (a wide table scrolls inside its own focusable region);
* no two headings (h1, h2, h3) overlap, and Urdu headings have the taller lines Nastaliq needs;
* on a short page the footer reaches the bottom of the window (no dark band below it).

The PNGs go to ``$DOORSTEP_SCREENSHOTS`` if set (e.g. ``screenshots/``, which git ignores),
else to pytest's temporary folder, so that a person can look at them (see docs/web.md).
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from test_dashboard_year import landlord as measures_landlord
from test_panel_measures import landlord as panel_landlord
from test_publishing_year import publish, small_landlord  # noqa: F401

from browser.browsing import sign_in_as
from browser.test_casework_browser import casework  # noqa: F401
from doorstep.accounts.models import Role
from doorstep.accounts.testing import FAST_HASHERS, cast, person
from doorstep.core.periods import ReportingYear
from doorstep.measures.targets import measure_page, year_at_a_glance

WIDTHS = (320, 768, 1280)

# Everything the checks need from the page, measured in one call.
MEASURE = """() => {
    const box = (element) => { const r = element.getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
                text: element.textContent.trim().slice(0, 40)}; };
    const headings = [...document.querySelectorAll("h1, h2, h3")]
        .filter(h => h.getClientRects().length && getComputedStyle(h).visibility !== "hidden");
    // Wide content is allowed only inside a region that scrolls and can take the focus.
    const sideways = [...document.querySelectorAll("main *")].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width && (r.right > innerWidth + 1 || r.left < -1)
            && !e.closest(".table-scroll[tabindex='0']") && !e.closest(".visually-hidden");
    }).slice(0, 3).map(e => e.tagName + "." + e.className + " " + e.textContent.slice(0, 30));
    const urdu = headings.filter(h => h.closest("[lang]").lang === "ur").map(h => {
        const style = getComputedStyle(h);
        return parseFloat(style.lineHeight) / parseFloat(style.fontSize);
    });
    const footer = document.querySelector("footer");
    return {
        fits: document.documentElement.scrollWidth <= innerWidth,
        sideways,
        headings: headings.map(box),
        urdu,
        footerBottom: footer ? footer.getBoundingClientRect().bottom + scrollY : null,
        pageHeight: document.documentElement.scrollHeight,
        windowHeight: innerHeight,
    };
}"""


def _overlapping(boxes) -> list[tuple[str, str]]:
    pairs = []
    for n, one in enumerate(boxes):
        for other in boxes[n + 1:]:
            across = min(one["right"], other["right"]) - max(one["left"], other["left"])
            down = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
            if across > 1 and down > 1:
                pairs.append((one["text"], other["text"]))
    return pairs


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.LANDLORD_NAME = "Riverside Homes"


@pytest.fixture
def folder(tmp_path) -> Path:
    chosen = Path(os.environ.get("DOORSTEP_SCREENSHOTS") or tmp_path)
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


def look_at(page, path: str, name: str, folder: Path, *, widths=WIDTHS) -> dict:
    """Load ``path`` at each width, save a full-page PNG and check the layout there."""
    seen = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        page.screenshot(path=str(folder / f"{name}-{width}-window.png"))  # what is seen first
        found = page.evaluate(MEASURE)
        where = f"{name} at {width} px"
        assert found["fits"], f"{where} scrolls sideways: {found['sideways']}"
        assert found["sideways"] == [], f"{where} has content off the page: {found['sideways']}"
        assert _overlapping(found["headings"]) == [], f"{where}: headings overlap"
        assert all(ratio >= 1.8 for ratio in found["urdu"]), (
            f"{where}: Urdu headings need a line height of at least 1.8, not {found['urdu']}")
        # Short or long, the footer is the last thing: nothing of the page shows below it.
        assert abs(found["footerBottom"] - max(found["pageHeight"], found["windowHeight"])) <= 1, (
            f"{where}: the footer does not reach the bottom")
        seen[width] = found
    return seen


@pytest.fixture
def staff(transactional_db):
    cache.clear()
    measures_landlord()
    people = cast(manager_areas=("North",))
    year = ReportingYear(2025)
    year_at_a_glance(user=people["analyst"], year=year, tenure=None)  # warm the cache
    measure_page(user=people["analyst"], code="TP01", year=year, tenure=None, by=None)
    yield people
    cache.clear()


def test_it_lays_out_the_home_the_year_at_a_glance_and_a_measure_page(
        page, live_server, staff, folder):
    sign_in_as(page, staff["analyst"], base_url=live_server.url)
    page.set_default_navigation_timeout(30000)
    look_at(page, "/", "home", folder)
    look_at(page, "/measures/?year=2025/26", "year-at-a-glance", folder)
    # At 1280 px the whole table fits: the Status and Change columns are not cut off.
    table = page.locator(".table-scroll", has=page.locator("#glance-caption"))
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.get_by_role("columnheader", name="Status").is_visible()
    look_at(page, "/measures/TP01/?year=2025/26", "measure-TP01", folder)


def test_it_keeps_the_footer_at_the_bottom_of_a_short_page(page, live_server, folder,
                                                          transactional_db):
    Client().get("/")  # load Django's views before the browser's first request
    seen = look_at(page, "/sign-in/", "sign-in", folder)
    assert seen[1280]["pageHeight"] == 900  # short: the page is the window, footer at its foot
    assert seen[1280]["footerBottom"] == 900


@pytest.mark.parametrize("language", ["", "ur/"])
def test_it_lays_out_the_residents_report(page, small_landlord, folder, language):  # noqa: F811
    publish()
    look_at(page, f"/report/2024-25/{language}", f"report-{language.strip('/') or 'en'}",
            folder)


def test_it_lays_out_the_panels_page(page, live_server, folder, transactional_db):
    panel_landlord()
    Client().get("/panel/")
    sign_in_as(page, person(Role.PANEL_MEMBER, username="pat"), base_url=live_server.url)
    look_at(page, "/panel/", "panel", folder)


def test_it_lays_out_the_hazards_list_and_a_complaint(page, live_server, casework, folder):  # noqa: F811
    sign_in_as(page, casework["people"]["administrator"], base_url=live_server.url)
    look_at(page, "/hazards/", "hazards", folder)
    look_at(page, f"/complaints/case/{casework['complaint'].complaint_ref}/", "complaint",
            folder)


@pytest.mark.parametrize("language", ["en-gb", "ur"])
def test_it_lays_out_the_resident_surveys_first_page(page, live_server, folder, language):
    from resident_setup import links, sampled_survey

    token = links(sampled_survey())["H1"]
    page.context.add_cookies([{"name": "resident_language", "value": language,
                               "url": f"{live_server.url}/s/"}])
    look_at(page, f"/s/{token}/", f"survey-{language}", folder)
    assert page.evaluate("document.documentElement.lang") == language


def _pages_of(html: str, stylesheet: str) -> dict[str, set[int]]:
    """The page numbers each element with an id is laid out on, by WeasyPrint."""
    from weasyprint import CSS, HTML

    document = HTML(string=html).render(stylesheets=[CSS(filename=stylesheet)])
    found: dict[str, set[int]] = {}
    for number, page_ in enumerate(document.pages, 1):
        boxes = [page_._page_box]
        while boxes:
            box = boxes.pop()
            element = getattr(box, "element", None)
            if element is not None and element.get("id"):
                found.setdefault(element.get("id"), set()).add(number)
            boxes.extend(getattr(box, "children", []))
    return found


@pytest.mark.parametrize("stylesheet", [
    "publishing/report-print.css", "complaints/report-print.css", "scrutiny/pack-print.css",
    "fieldwork/paper-print.css"])
def test_it_never_leaves_a_table_heading_alone_at_the_foot_of_a_pdf_page(stylesheet):
    from django.contrib.staticfiles import finders

    rows = "".join(f"<tr id='row{n}'><td>Stage {n}</td><td>{n}</td></tr>" for n in range(20))
    # More and more text before the heading pushes it down page 1 and over the foot: at
    # every length the heading, the caption and the header row share a page with the first
    # row. (Before the fix 28 and 29 paragraphs left the heading and caption on page 1.)
    for paragraphs in range(18, 42):
        text = "".join(f"<p>Line {n} of the text before the table.</p>"
                       for n in range(paragraphs))
        found = _pages_of(
            f"<html lang='en-GB'><body>{text}<h2 id='heading'>Complaints by stage</h2>"
            "<div class='table-scroll'><table class='table'><caption class='table__caption'"
            " id='caption'>The stages</caption><thead><tr id='head'><th>Stage</th>"
            f"<th>Cases</th></tr></thead><tbody>{rows}</tbody></table></div></body></html>",
            finders.find(stylesheet))
        first_row = found["row0"]
        assert found["heading"] == found["caption"] == first_row, (
            f"{stylesheet}, {paragraphs} paragraphs: heading on {found['heading']}, "
            f"first row on {first_row}")
        assert min(found["head"]) == min(first_row)


def test_it_titles_the_benchmarks_page_without_error_before_any_import(client,
                                                                       transactional_db):
    client.force_login(person(Role.ANALYST, username="ann"))
    page = client.get("/benchmarks/").content.decode()
    assert "<title>Benchmarks – Doorstep" in page
    assert "Error" not in page


@pytest.mark.parametrize(("difference", "arrow"), [
    (0.04, ""), (-0.04, ""), (0.0, ""), (0.05, "▲"), (-0.05, "▼"), (55.0, "▲")])
def test_it_shows_an_arrow_only_for_a_change_that_is_shown(difference, arrow):
    from django.template.loader import render_to_string

    from doorstep.measures.targets import Change

    # 0.04 points rounds to 0.0 and reads "No change": no arrow up (it used to show ▲).
    words = "No change" if not arrow else "Up 0.1 points"
    change = Change(difference=difference, words=words, better=None, significant=None)
    assert change.arrow == arrow
    shown = render_to_string("measures/_change.html", {"change": change})
    assert ("▲" in shown, "▼" in shown) == (arrow == "▲", arrow == "▼")


def test_it_writes_margins_in_points_and_counts_with_commas():
    from django.template import Context, Template

    page = Template("{% load doorstep %}{{ a|points }}|{{ b|points:0 }}|{{ n|figure }}"
                    "|{{ none|points }}").render(Context({"a": 98.04, "b": 5, "n": 13462}))
    assert page == "± 98.0 points|± 5 points|13,462|"
