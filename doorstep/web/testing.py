"""Test helpers for pages: what a page says, and whether it keeps to the security policy."""

import re
from html.parser import HTMLParser

# Tags that separate words on screen; inline tags (a, strong, span) do not.
_BREAKS = {"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "caption",
           "label", "section", "header", "footer", "main", "nav", "ul", "ol", "option", "button",
           "dt", "dd"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.inline: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.inline.append("an inline <script>")
        if tag == "style":
            self.inline.append("a <style> element")
        for name, value in attrs.items():
            if name == "style":
                self.inline.append(f"a style attribute on <{tag}>")
            if name.startswith("on"):
                self.inline.append(f"an {name} handler on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.inline.append(f"a javascript: URL on <{tag}>")
        if tag in {"script", "style", "title"}:
            self._skip += 1
        if tag in _BREAKS:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in _BREAKS:
            self.text.append(" ")
        if tag in {"script", "style", "title"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _read(html) -> _Reader:
    reader = _Reader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    return reader


def text_of(html) -> str:
    """The page's visible words, whitespace collapsed: assert on what a person reads."""
    return re.sub(r"\s+", " ", "".join(_read(html).text)).strip()


def inline_code_in(html) -> list[str]:
    """Everything a strict Content Security Policy would block: should be an empty list."""
    return _read(html).inline
