"""Helpers for browser tests: signing in, accessibility checks, focus. See conftest.py."""

from pathlib import Path

from django.conf import settings
from django.test import Client

AXE_VERSION = "4.14.1"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_URL = "/__axe-core__.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def sign_in_as(page, user, *, base_url: str) -> None:
    """Give the tab a signed-in session for ``user`` (made with Django's test client)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def wait_for_focus_on(page, text: str) -> None:
    """Wait until the element with the keyboard focus starts with ``text``: after an htmx
    swap the page's script moves the focus a moment after the new content appears."""
    page.wait_for_function(
        """(text) => document.activeElement &&
            document.activeElement.textContent.trim().replace(/\\s+/g, " ").startsWith(text)""",
        arg=text,
    )


def focused(page) -> dict:
    """What has the keyboard focus: its tag, id, text and whether focus is drawn on it."""
    return page.evaluate("""() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        return {
            tag: element.tagName.toLowerCase(),
            id: element.id,
            text: element.textContent.trim().replace(/\\s+/g, " "),
            // Doorstep draws focus with a yellow background or a yellow outline.
            drawn: style.backgroundColor === "rgb(255, 221, 0)"
                || (style.outlineStyle !== "none" && style.outlineColor === "rgb(255, 221, 0)"),
        };
    }""")


def assert_no_axe_violations(page) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    violations = page.evaluate(
        """async (rules) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: rules}});
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
                v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", "));
        }""",
        AXE_RULES,
    )
    assert violations == [], f"axe-core {AXE_VERSION} found on {page.url}:\n" + "\n".join(
        violations)
