"""The overdue-hazards panel at the top of the home page: ``{% load hazard_panels %}
{% overdue_hazards_panel %}``. Shown to the people who see hazard cases, only when one is
overdue (Awaab's Law puts these before everything else)."""

from django import template

from doorstep.accounts import access
from doorstep.hazards import services

register = template.Library()


@register.inclusion_tag("hazards/_overdue_on_home.html", takes_context=True)
def overdue_hazards_panel(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"overdue": []}
    if not access.can(user, access.SEE_REPAIRS):
        return {"overdue": []}
    return {"overdue": services.overdue_hazards(among=access.hazard_cases_visible_to(user))}
