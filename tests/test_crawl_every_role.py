"""Every page every demo role can reach, read as that person reads it (issue 17 item 5).

The demo landlord is built once (the smallest that has every kind of page: casework, hazard
cases, a published year, a scrutiny review, this year's survey), then for each sign-in in
``DEMO_LOGINS`` a crawler follows every internal link from the home page, breadth first, with
debug off as the demo runs. It fails on a page that answers 500, on Django's technical
404/500 page, on a template comment left in the visible text, and on a raw code in the
visible text: a word with an underscore (``damp_mould``, ``rsh_tsm``, ``superseded_responses``)
or a code capitalised as if it were a word (``Asb``, ``Rent_charges``). PDFs are read back
with ``pdftotext`` and checked the same way.
"""

import io
import re
import shutil
import subprocess
from collections import deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from doorstep.demo.management.commands.demo import DEMO_LOGINS

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)
PAGES_PER_ROLE = 400
# Pages of one shape (a complaint's page, page 7 of a list) look alike: a few of each is
# enough to read every kind of page in the time a test has.
PAGES_PER_SHAPE = 3
# Pages that are not Doorstep's own to label, or that only end a session.
SKIPPED = ("/admin/", "/logout/", "/sign-out/", "/static/", "/media/", "/api/v1/docs",
           "/api/v1/openapi.json")
# Words with an underscore that are meant to be read as they are (none yet: add one here
# only with the reason it is meant).
ALLOWED_CODES: set[str] = set()
# A file's name (``asb_cases.csv`` in the import history) is the name the person gave it, so
# a word followed by a file extension is not a code.
SNAKE_CASE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b(?!\.[A-Za-z])")
# Raw codes capitalised as words: an abbreviation written as a word where people write it
# in capitals ("Asb" for ASB), or a capitalised code with an underscore.
CAPITALISED_CODE = re.compile(r"\b(?:Asb|Tsm|Hhsrs|Rsh|Chc|Pdf|Csv|Sms)\b")


class VisibleText(HTMLParser):
    """The words a person sees on the page, and the links they can follow."""

    HIDDEN = {"script", "style", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.links.append(attributes["href"])
        if tag == "title":
            self._hidden -= 1  # the title is in the head, and people read it on the tab

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden -= 1
        if tag == "title":
            self._hidden += 1

    def handle_data(self, data):
        if self._hidden <= 0:
            self.words.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())


def in_context(text: str, word: str) -> str:
    at = text.find(word)
    return f"{word!r} in “…{text[max(at - 40, 0):at + len(word) + 40]}…”"


def problems_in(text: str) -> list[str]:
    found = []
    codes = sorted({code for code in SNAKE_CASE.findall(text) if code not in ALLOWED_CODES})
    found.extend(f"raw code {in_context(text, code)}" for code in codes)
    capitalised = sorted(set(CAPITALISED_CODE.findall(text)))
    found.extend(f"capitalised code {in_context(text, code)}" for code in capitalised)
    if "{#" in text or "#}" in text:
        found.append("a template comment")
    if "{{" in text or "{%" in text:
        found.append("template code")
    return found


def debug_page(content: str) -> bool:
    return ("Django tried these URL patterns" in content or "technical_500" in content
            or "You're seeing this error because you have" in content
            or 'id="traceback"' in content)


def pdf_text(content: bytes, tmp_path) -> str:
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(content)
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60)
    return " ".join(done.stdout.split())


def followed(href: str, base: str) -> str | None:
    """The path (and query) of a same-origin link, or None for one not to follow."""
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "") or parts.netloc not in ("testserver", ""):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if any(parts.path.startswith(skipped) for skipped in SKIPPED):
        return None
    return path


def shape(path: str) -> str:
    """A page's kind: its path with references and numbers blanked, and its query's names."""
    parts = urlsplit(path)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"[A-Z]*-?\d+", "#", parts.path) + "?" + "&".join(names)


def crawl(client: Client, tmp_path, *, limit: int = PAGES_PER_ROLE) -> tuple[dict, int]:
    """{page: [problems]} over the pages reached from the home page, and how many."""
    seen = {"/"}
    queue = deque(["/"])
    shapes: dict[str, int] = {}
    found: dict[str, list[str]] = {}
    pages = 0
    while queue and pages < limit:
        path = queue.popleft()
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        if shapes[shape(path)] > PAGES_PER_SHAPE:
            continue
        response = client.get(path)
        pages += 1
        kind = response.get("Content-Type", "")
        if response.status_code >= 500:
            found.setdefault(path, []).append(f"answered {response.status_code}")
        if response.status_code in (301, 302, 303, 307, 308):
            target = followed(response["Location"], path)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "application/pdf" in kind:
            problems = problems_in(pdf_text(b"".join(response), tmp_path))
        elif "text/html" in kind:
            content = response.content.decode()
            if debug_page(content):
                found.setdefault(path, []).append("Django's debug page")
                continue
            page = VisibleText()
            page.feed(content)
            problems = problems_in(page.text)
            for href in page.links:
                target = followed(href, path)
                if target and target not in seen:
                    seen.add(target)
                    queue.append(target)
        else:
            continue  # a CSV or spreadsheet download: columns, not words to read
        if problems:
            found.setdefault(path, []).extend(problems)
    return found, pages


@pytest.fixture
def demo(settings, tmp_path):
    """The demo as `doorstep demo` sets it up, without starting the server. Built inside the
    test's transaction, so it is rolled back after: a module-wide demo would have to be
    flushed, and a flush takes the records the migrations load (the theme framework, the
    Complaint Handling Code's sections) from every later test."""
    settings.DATA_DIR = tmp_path / "crawl-demo"
    call_command("demo", homes=800, years=3, seed=1, today=TODAY.isoformat(),
                 no_serve=True, reload=True, port="0", stdout=io.StringIO())


# Two and a half to five minutes, most of it building the demo and the administrator's crawl.
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_it_shows_no_code_debug_page_or_error_to_any_role(demo, settings, tmp_path):
    settings.DEBUG = False
    report = []
    for username, _, _ in DEMO_LOGINS:
        client = Client(raise_request_exception=False)
        client.force_login(get_user_model().objects.get(username=username))
        found, pages = crawl(client, tmp_path)
        assert pages > 10, username  # the crawler found the role's pages
        report += [f"{username}, {len(found)} of {pages} pages:"] if found else []
        report += [f"  {page}: {problem}" for page, problems in found.items()
                   for problem in problems]
    if report:
        pytest.fail("\n".join(report), pytrace=False)
