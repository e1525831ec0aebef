"""Template filters for the analyst's survey pages. Load with {% load surveys %}."""

from django import template

register = template.Library()


@register.filter
def percent(share) -> str:
    """A share from 0 to 1 as a percentage to one decimal place: 0.457 is 45.7%."""
    if share is None:
        return "None yet"
    return f"{100 * share:.1f}%"


@register.filter
def points(gap) -> str:
    """A difference between two shares in percentage points, to one decimal place."""
    return f"{100 * gap:.1f}"
