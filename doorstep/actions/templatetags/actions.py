"""``{% doing_about_it measure=code %}`` / ``{% doing_about_it theme=code %}``: the actions
linked to a measure or a theme, as the signed-in user may see them, for the measure and
theme pages ("What we are doing about it")."""

from django import template

from doorstep.accounts import access
from doorstep.actions import services
from doorstep.actions.models import ActionStatus
from doorstep.actions.views import _summary, result_of

register = template.Library()


@register.inclusion_tag("actions/_doing_about_it.html", takes_context=True)
def doing_about_it(context, *, measure: str = "", theme: str = ""):
    user = context["request"].user
    if measure:
        found = services.actions_for_measure(measure, user=user)
    elif theme:
        found = services.actions_for_theme(theme, user=user)
    else:
        found = services.actions_visible_to_none()
    whole = access.sees_whole_actions(user)
    items = []
    for action in found.select_related("owner"):
        if whole:
            result = result_of(action) if action.status == ActionStatus.DONE else None
            items.append({"action": action, "result": result})
        else:
            items.append({"summary": _summary(action)})
    return {"items": items, "whole": whole, "measure": measure, "theme": theme,
            "shown": whole or access.can(user, access.SEE_ACTION_SUMMARIES)}
