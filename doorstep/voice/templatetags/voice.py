"""{% load voice %} then {% key_drivers year=year %}: the key drivers panel for a dashboard
(``year`` a ReportingYear or "2025/26")."""

from django import template

from doorstep.voice.views import key_drivers_panel

register = template.Library()


@register.inclusion_tag("voice/_key_drivers.html", takes_context=True)
def key_drivers(context, *, year):
    return {"panel": key_drivers_panel(user=context["request"].user, year=year)}
