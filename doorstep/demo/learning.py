"""The demo's complaints learning (Complaint Handling Code section 9) and the quotes on its
"you said, we did" page. Set up by ``doorstep demo`` after the data is loaded; running it
again changes nothing that is already there.

* Every upheld or partly upheld demo complaint gets the root cause its description points
  to and a line of learning, recorded through the casework service (so the activity log says
  who and when), by the demo complaints handler.
* Complaints are linked to the demo action plan's actions that answer their root cause
  (A-1, the appointment system: missed and slow repairs; A-4: damp and mould; A-5: slow
  complaint answers; A-6: residents not kept informed), so the annual complaints report
  lists the improvements with their actions, and "you said, we did" counts them.
* Where residents' comments have been coded (``doorstep voice code``), two comments per
  theme that lose nothing to redaction and raised no hazard flag are approved as quotes.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from doorstep.complaints import services
from doorstep.complaints.models import Complaint, Outcome, RootCause

# The demo's complaint descriptions (doorstep/demo/activity.py), by how they start: the root
# cause and what was learned.
LEARNING = {
    "Unhappy with the time taken": ("repair_delay", "Routine repairs waited for a free "
                                    "operative: book the job when it is reported."),
    "Contractor missed appointment": ("missed_appointment", "Appointments were not confirmed: "
                                      "text the resident the day before."),
    "Repair marked complete but not done": ("repair_not_right", "Jobs were closed on the "
                                            "contractor's word: check with the resident."),
    "Poor workmanship": ("repair_not_right", "Post-inspect a sample of every contractor's jobs."),
    "Repeated leak": ("repair_not_right", "Send a surveyor after the second visit for a leak."),
    "Mould returning": ("damp_mould_response", "Treating mould without finding the cause: "
                        "inspect for the cause first."),
    "Damp affecting children": ("damp_mould_response", "Households with children and damp "
                                "need an inspection within 10 working days."),
    "Waited weeks for damp": ("damp_mould_response", "Damp reports queued with routine jobs: "
                              "triage them separately."),
    "No response to emails": ("hard_to_reach", "The shared inbox had no owner: give it one."),
    "Not kept informed": ("not_kept_informed", "Tell residents when an appointment moves."),
    "Letter sent to wrong address": ("records_wrong", "Check the address on file at every "
                                     "contact."),
    "Officer was rude": ("staff_attitude", "Customer care refresher for the team."),
    "Operative did not wear": ("staff_attitude", "Remind contractors of the code of conduct."),
    "ASB reports from neighbour": ("asb_handling", "Acknowledge every ASB report within a day."),
    "Case closed without telling": ("asb_handling", "Never close an ASB case without writing to "
                                    "the resident."),
    "Fly tipping": ("communal_areas", "Clear reported fly tipping within five days."),
    "Grounds maintenance": ("communal_areas", "Publish the grounds maintenance schedule."),
    "Estate lighting": ("communal_areas", "Check estate lighting monthly."),
    "Service charge increase": ("charges_error", "Explain service charge changes in the letter."),
    "Rent account shows wrong balance": ("charges_error", "Reconcile rent accounts monthly."),
}
# The demo action plan's actions (doorstep/demo/actions.py) and the root causes they answer.
ANSWERS = {
    "A-1": ("missed_appointment", "repair_delay", "repair_not_right"),
    "A-4": ("damp_mould_response",),
    "A-6": ("not_kept_informed", "hard_to_reach"),
}
QUOTES_PER_THEME = 2


def set_up_complaints_learning() -> str:
    """Record the demo's learning, link it to the action plan, approve quotes; say what."""
    learned = _record_learning()
    linked = _link_actions()
    quoted = _approve_quotes()
    said = (f"{quoted} quotes approved for \"you said, we did\" (/you-said-we-did/)"
            if _comments_coded() else "\"you said, we did\" (/you-said-we-did/) counts "
            "complaints only until comments are coded (doorstep voice code; then run "
            "doorstep demo again for its quotes)")
    return (f"Complaints learning: root causes and learning on {learned:,} complaints, "
            f"{linked:,} links to the actions that answer them; {said}.")


def _comments_coded() -> bool:
    from doorstep.voice.models import CodedComment

    return CodedComment.objects.exists()


def _record_learning() -> int:
    handler = get_user_model().objects.filter(username="complaints").first()
    causes = {cause.code: cause for cause in RootCause.objects.all()}
    upheld = (Outcome.UPHELD, Outcome.PARTLY_UPHELD)
    count = 0
    to_learn = (Complaint.objects.filter(stage1_outcome__in=upheld, learning="")
                .order_by("received_on", "complaint_ref"))
    for complaint in to_learn.iterator(chunk_size=2000):
        found = next((found for start, found in LEARNING.items()
                      if complaint.description.startswith(start)), None)
        if found is None or found[0] not in causes:
            continue
        code, learning = found
        services.record_learning(complaint=complaint, by=handler, learning=learning,
                                 root_cause=causes[code])
        count += 1
    return count


@transaction.atomic
def _link_actions() -> int:
    from doorstep.actions.models import Action

    linked = 0
    for action in Action.objects.filter(action_ref__in=list(ANSWERS)):
        complaints = Complaint.objects.filter(root_cause__code__in=ANSWERS[action.action_ref])
        if action.done_on:  # a change made answers the complaints made before it
            complaints = complaints.filter(received_on__lte=action.done_on)
        before = action.complaints.count()
        action.complaints.add(*complaints)
        linked += action.complaints.count() - before
    return linked


def _approve_quotes() -> int:
    from doorstep.complaints.models import ApprovedQuote
    from doorstep.complaints.quotes import approve_quote
    from doorstep.voice.models import CodedComment, ThemeMention
    from doorstep.voice.redact import redact

    admin = get_user_model().objects.filter(username="admin").first()
    approved = 0
    themes = ThemeMention.objects.exclude(theme_code="other").values_list(
        "theme_code", flat=True).distinct()
    for theme in sorted(set(themes)):
        if ApprovedQuote.objects.filter(theme_code=theme).exists():
            continue
        candidates = (CodedComment.objects.filter(mentions__theme_code=theme, source="survey",
                                                  hazard_flags__isnull=True,
                                                  approved_quote__isnull=True)
                      .order_by("-received_on", "pk")[:200])
        chosen = [c for c in candidates
                  if 40 <= len(c.text) <= 200 and redact(c.text) == c.text][:QUOTES_PER_THEME]
        for coded in chosen:
            approve_quote(coded_comment=coded, theme_code=theme, by=admin)
            approved += 1
    return approved
