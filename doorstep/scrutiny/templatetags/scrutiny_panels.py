"""The home page's box of late answers to the scrutiny panel: a service manager sees their
own; the engagement team, the board, analysts and administrators see every one."""

from django import template

from doorstep.accounts import access
from doorstep.scrutiny.models import Recommendation
from doorstep.scrutiny.services import overdue_responses

register = template.Library()


@register.inclusion_tag("scrutiny/_overdue_panel.html", takes_context=True)
def overdue_responses_panel(context):
    user = context["request"].user
    if access.can(user, access.SEE_SCRUTINY):
        late = overdue_responses(recommendations=Recommendation.objects.all())
    elif access.can(user, access.RESPOND_TO_RECOMMENDATIONS):
        late = overdue_responses(recommendations=access.recommendations_to_answer(user))
    else:
        late = []
    return {"late": late, "answers": access.can(user, access.RESPOND_TO_RECOMMENDATIONS)}


@register.inclusion_tag("scrutiny/_code_comments_panel.html", takes_context=True)
def panel_code_comments(context):
    """The panel's comments on the year's complaint handling, for the annual complaints
    report (beside the governing body's response); a link to write them for those who may."""
    from doorstep.scrutiny.models import CodeReviewComment

    year_slug = context.get("year_slug", "")
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "comment": CodeReviewComment.objects.filter(year=year_slug).select_related("by").first(),
        "year_slug": year_slug,
        "may_write": bool(user) and access.can_work_on_reviews(user)
        and not context.get("for_pdf"),
    }
