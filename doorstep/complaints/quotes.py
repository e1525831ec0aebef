"""Residents' comments approved for quoting on the public "you said, we did" page.

A comment is quoted in public only when staff approved it under one of its themes, and only
as redacted (``doorstep.voice.redact``): the text kept is the coder's redacted text, redacted
again, and it is redacted once more when shown, so a rule added to the redaction later
covers quotes approved before it. A comment that raised a hazard or safeguarding flag is
never quoted, a quote whose comment is no longer coded under its theme is not shown, and a
quote goes with its comment when a household's answers are deleted.
"""

from django.db import transaction
from django.db.models import F

from doorstep.complaints.models import ApprovedQuote
from doorstep.voice.redact import redact


class QuoteError(ValueError):
    """A quote that cannot be approved, in words that can be shown as they are."""


@transaction.atomic
def approve_quote(*, coded_comment, theme_code: str, by) -> ApprovedQuote:
    """Approve the comment, as redacted, for quoting under ``theme_code``."""
    refusal = quote_refusal(coded_comment=coded_comment, theme_code=theme_code)
    if refusal:
        raise QuoteError(refusal)
    quote, _ = ApprovedQuote.objects.update_or_create(
        coded_comment=coded_comment,
        defaults={"theme_code": theme_code, "text": _redacted(coded_comment),
                  "approved_by": by},
    )
    return quote


def quote_refusal(*, coded_comment, theme_code: str) -> str:
    """Why the comment cannot be quoted under the theme ("" when it can)."""
    if coded_comment.hazard_flags.exists():
        return ("This comment raised a hazard or safeguarding flag: such comments are never "
                "quoted in public")
    if not coded_comment.mentions.filter(theme_code=theme_code).exists():
        return f"This comment is not coded under the theme {theme_code!r}"
    if not _redacted(coded_comment).strip():
        return "This comment has no words left to quote once personal details are removed"
    return ""


def _redacted(coded_comment) -> str:
    return redact(coded_comment.redacted_text or redact(coded_comment.text)).strip()


def quotes_for_public(theme_codes) -> dict[str, list[str]]:
    """The approved quotes under each theme, redacted again, the oldest approval first."""
    quotes: dict[str, list[str]] = {}
    # Still under the theme (a recoding may have taken it off the comment since); one
    # mention per comment and theme, so the join adds no rows.
    rows = (ApprovedQuote.objects.filter(theme_code__in=list(theme_codes),
                                         coded_comment__hazard_flags__isnull=True,
                                         coded_comment__mentions__theme_code=F("theme_code"))
            .order_by("approved_at", "pk").values_list("theme_code", "text"))
    for theme_code, text in rows:
        shown = redact(text).strip()
        if shown:
            quotes.setdefault(theme_code, []).append(shown)
    return quotes
