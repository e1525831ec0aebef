"""Template helpers for the published figures: values as the report shows them, and the
dashboard's notice that the live figures differ from the published ones."""

from django import template
from django.utils.translation import gettext as _

from doorstep.core.periods import ReportingYear

register = template.Library()


@register.filter
def shown(value, unit="%") -> str:
    """A figure to one decimal place: 72.7% or 40.0 (per 1,000 homes); a dash for none."""
    if value is None:
        return "\u2013"
    if unit == "%":
        return f"{value:.1f}%"
    return f"{value:,.1f}"


@register.filter
def count(number) -> str:
    if number is None:
        return ""
    number = float(number)
    return f"{number:,.0f}" if number == round(number) else f"{number:,.1f}"


@register.simple_tag
def no_figure() -> str:
    return _("No figure")


@register.inclusion_tag("publishing/_published_notice.html")
def published_notice(year: ReportingYear):
    """On the dashboard: whether the year is published and, if so, whether the live figures
    still match the latest published version (a later import or correction may differ)."""
    from doorstep.publishing import services

    try:
        version = services.version_of(year=year)
    except services.PublishingError:
        return {"version": None}
    return {"version": version, "slug": year.label.replace("/", "-"),
            "differences": services.live_differences(version=version)}
