"""{% load benchmarks %} then {% where_you_stand measure="TP01" year=year tenure="LCRA" %}:
the "where you stand among peers" panel for a measure page (``result=`` the landlord's own
``MeasureResult`` when the page has it, ``group=`` a saved peer group's name)."""

from django import template

from doorstep.benchmarks.views import where_you_stand_panel

register = template.Library()


@register.inclusion_tag("benchmarks/_where_you_stand.html", takes_context=True)
def where_you_stand(context, *, measure, year, tenure="LCRA", result=None, group=""):
    panel = where_you_stand_panel(user=context["request"].user, measure=measure, year=year,
                                  tenure=tenure, result=result, group=group)  # fmt: skip
    return {"panel": panel}
