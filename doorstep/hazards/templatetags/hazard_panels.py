"""The hazards panel at the top of the home page: ``{% load hazard_panels %}
{% overdue_hazards_panel %}``. Shown to the people who see hazard cases when any is open:
the overdue cases first (Awaab's Law puts these before everything else), then the open
cases by hazard and clock."""

from django import template

from doorstep.accounts import access
from doorstep.hazards import services

register = template.Library()
OVERDUE_SHOWN = 10


@register.inclusion_tag("hazards/_overdue_on_home.html", takes_context=True)
def overdue_hazards_panel(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.can(user, access.SEE_REPAIRS):
        return {"open_count": 0}
    on_clock = services.open_hazards(among=access.hazard_cases_visible_to(user))
    return {
        "open_count": len(on_clock),
        "overdue": [entry for entry in on_clock if entry.overdue],
        "shown": OVERDUE_SHOWN,
        "by_hazard": services.open_by_hazard(on_clock),
    }
