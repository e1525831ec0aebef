"""How hard the residents' report is to read: its reading age, measured.

The reading age is the Flesch-Kincaid grade (textstat) plus 5, the usual conversion from a
US school grade to a UK reading age. The report aims at a reading age of 11
(``READING_AGE_TARGET``), the level the UK public sector writes for the general public.

What is measured is the report's own prose in the page's ``<main>``: headings, paragraphs
and lists, but not the tables and charts (figures and codes are not sentences) and not the
parts marked ``data-reading-age="not-measured"``: the summary of survey approach, which the
regulator asks for in its own terms, written by Doorstep from the survey's records.
"""

from html.parser import HTMLParser

READING_AGE_TARGET = 11
SKIPPED = {"table", "svg", "figure", "script", "style", "nav"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dd", "dt", "blockquote", "div"}


def reading_age(text: str) -> float:
    import textstat

    return textstat.flesch_kincaid_grade(text) + 5


class _Prose(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skipping, self.in_main, self.parts = [], False, [""]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        # A skipped element nested in one of its own kind (a div in a div) closes later.
        starts_skip = tag in SKIPPED or attrs.get("data-reading-age") == "not-measured"
        if starts_skip or (self.skipping and tag == self.skipping[-1]):
            self.skipping.append(tag)
        if tag in BLOCKS:
            self.parts.append("")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        if tag in BLOCKS:
            self.parts.append("")

    def handle_data(self, data):
        if self.in_main and not self.skipping:
            self.parts[-1] += data


def report_text(html) -> str:
    """The report's prose, one sentence-ending block after another."""
    parser = _Prose()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    blocks = [" ".join(part.split()) for part in parser.parts]
    # A heading or list item has no full stop: end each block so it counts as a sentence.
    return " ".join(block if block.endswith((".", "?", "!", ":")) else block + "."
                    for block in blocks if block)
