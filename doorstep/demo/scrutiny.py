"""The demo landlord's scrutiny panel (issue 14): members (one who has left), terms of
reference, and two reviews taken through the services, so every step is in the record:

* R-1 "Getting repairs done on time", closed: scoped on RP02-1 (repairs completed within
  target) area by area, an evidence pack, findings, two recommendations to the service
  manager of the first area; one accepted (an improvement action agreed at the start of the
  year before the last and done at its end, so it is re-measured over the last year), one
  not accepted with reasons; the panel's view of the impact;
* R-2 "Listening to residents' complaints", gathering evidence with a pack taken (TP06,
  TP09).

Called by ``generator.load_into_database`` after the action plan. The sign-ins ``panel``,
``engagement``, ``manager`` and ``board`` are made here with their roles (the demo command
resets their passwords afterwards).
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from doorstep.accounts.models import Profile, Role

TERMS = """The panel is a group of tenants and leaseholders who review how a service is run,
using the landlord's figures and what residents say, and recommend improvements.
It meets every six weeks. Any tenant may join; members serve for up to three years.
The landlord answers each recommendation within 20 working days, and reports progress on
the actions to the panel and the board."""


def _person(username: str, role: str, *, first: str, last: str, area: str = ""):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last})
    if not user.has_usable_password():
        user.set_unusable_password()
    user.first_name, user.last_name = first, last
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": role, "areas": area})
    return user


def set_up_scrutiny(*, today: date | None = None) -> int:
    """Make the panel and its two reviews, dated from ``today`` (the real date if not
    given); return the number of reviews made."""
    from doorstep.actions import services as actions
    from doorstep.demo.generator import last_complete_year
    from doorstep.repairs.models import Repair
    from doorstep.scrutiny import services
    from doorstep.scrutiny.models import Review
    from doorstep.stock.models import Home

    if Review.objects.exists():
        return 0
    if not Repair.objects.exists():
        return 0
    area = Home.objects.order_by("area").values_list("area", flat=True).first() or ""
    officer = _person("engagement", Role.ENGAGEMENT_OFFICER, first="Aisha", last="Begum")
    manager = _person("manager", Role.SERVICE_MANAGER, first="Tom", last="Reid", area=area)
    _person("board", Role.BOARD_MEMBER, first="Grace", last="Owusu")
    chair = _person("panel", Role.PANEL_MEMBER, first="Pat", last="Morgan")
    members = [chair] + [
        _person(f"panel{n}", Role.PANEL_MEMBER, first=first, last=last)
        for n, (first, last) in enumerate((("Joan", "Ellis"), ("Dev", "Mistry"),
                                           ("Kerry", "Walsh")), start=2)]
    services.set_terms_of_reference(by=officer, text=TERMS)
    for member in members:
        services.add_member(by=officer, user=member,
                            declarations="Relative works in the repairs team"
                            if member.username == "panel3" else "")
    services.member_leaves(by=officer, membership=members[-1].panel_memberships.get())

    today = today or timezone.localdate()
    end = last_complete_year(today)
    # closed. The action is agreed on the first day of the last complete year but one
    # and done at its end, so it is re-measured over the last complete year.
    review = services.request_review(by=chair, title="Getting repairs done on time",
                                     why="Residents keep saying repairs take too long.")
    services.set_scope(review=review, by=chair, question="Why are repairs late, and in "
                       "which areas?", service="Repairs", measures="RP02-1 TP02 TP03",
                       by_area=True, evidence_wanted="A site visit to the repairs call "
                       "centre; mystery shopping of repair requests.",
                       timetable="Evidence in the spring; report to the board in the summer.")
    services.start_gathering(review=review, by=officer)
    services.take_pack(review=review, by=chair)
    services.add_evidence(review=review, by=officer, kind="site_visit",
                          title="Visit to the repairs call centre",
                          note="Calls are answered quickly, but appointments are often "
                          "moved without telling residents.")
    services.record_findings(review=review, by=chair, findings=(
        f"Fewer repairs are done on time than the target. In {area} appointments are "
        "moved without notice, and residents are not told when a job needs a second visit."))
    first = services.add_recommendation(
        review=review, by=chair, text=f"Set a plan to bring repairs in {area} back within "
        "target, and text residents when an appointment moves.", measures="RP02-1",
        evidence="Evidence pack RP02-1 by area; the call-centre visit", area=area,
        manager=manager)
    second = services.add_recommendation(
        review=review, by=chair, text="Publish repair times by area every month on the "
        "residents' website.", measures="RP02-1", area=area, manager=manager)
    # Answered before the last full year but one began, so the action has a year to work
    # and a later year to be re-measured over (with under three years: too early to tell).
    year = end.previous
    sent_on = year.start - timedelta(days=40)
    services.send_recommendations(review=review, by=officer, sent_on=sent_on)
    first.refresh_from_db()
    second.refresh_from_db()
    services.respond(recommendation=first, by=manager, decision="accepted",
                     reasons="We will add repairs capacity in the area and send a text "
                     "whenever an appointment moves.",
                     action_title=f"Bring {area} repairs back within target",
                     action_due_on=year.end, responded_on=sent_on + timedelta(days=20))
    services.respond(recommendation=second, by=manager, decision="not_accepted",
                     reasons="Monthly figures by area are too small to be reliable; we "
                     "will publish them every quarter in the board pack instead.",
                     responded_on=sent_on + timedelta(days=21))
    action = first.actions.get()
    actions.agree_action(action=action, by=manager, agreed_on=min(year.start, today),
                         due_on=year.end)
    actions.start_action(action=action, by=manager)
    actions.complete_action(action=action, by=manager, done_on=min(year.end, today))
    review.refresh_from_db()
    services.close_review(review=review, by=chair, impact_view=(
        "Repairs in the area are now done on time more often, and residents tell us they "
        "get a text when an appointment moves. We will look again next year."))

    # gathering evidence, with a pack taken.
    second_review = services.request_review(by=chair, title="Listening to residents' "
                                            "complaints", why="Satisfaction with complaint "
                                            "handling is the lowest of the measures.")
    services.set_scope(review=second_review, by=chair, question="Do residents feel listened "
                       "to when they complain?", service="Complaints", measures="TP06 TP09",
                       by_area=False, evidence_wanted="The year's complaints learning; "
                       "interviews with two complaints handlers.",
                       timetable="Evidence over the next two meetings.")
    services.start_gathering(review=second_review, by=officer)
    services.take_pack(review=second_review, by=chair)
    _meetings(services=services, officer=officer, today=today)
    return 2


def _meetings(*, services, officer, today) -> None:
    """Two panel meetings: one four weeks ago with its agenda, a paper and minutes; one in
    two weeks' time with its agenda and a paper, its minutes still to come."""
    from datetime import time

    from django.core.files.base import ContentFile
    from weasyprint import HTML

    past = services.plan_meeting(
        by=officer, held_on=today - timedelta(weeks=4), starts_at=time(18, 0),
        place="Community room, Elm Court",
        agenda="1. Welcome and apologies\n2. Repairs review: the landlord's answers\n"
               "3. Complaints review: what evidence we want\n4. Any other business")
    services.add_paper(meeting=past, by=officer, title="Repairs review: the answers",
                       upload=ContentFile(_paper_pdf(HTML, "Repairs review: the answers to "
                                          "the panel's two recommendations."),
                                          name="repairs-answers.pdf"))
    services.record_minutes(
        meeting=past, by=officer,
        minutes="Present: Pat Morgan (chair), Joan Ellis, Dev Mistry; Aisha Begum "
                "(engagement).\nThe panel read the landlord's answers on repairs and "
                "agreed to follow the accepted action.\nThe panel chose the evidence for "
                "the complaints review: the year's complaints learning and two interviews.")
    upcoming = services.plan_meeting(
        by=officer, held_on=today + timedelta(weeks=2), starts_at=time(18, 0),
        place="Online",
        agenda="1. Welcome and apologies\n2. Complaints review: the evidence pack\n"
               "3. Interviews with complaints handlers\n4. Any other business")
    services.add_paper(meeting=upcoming, by=officer, title="Complaints review: evidence plan",
                       upload=ContentFile(_paper_pdf(HTML, "Complaints review: the evidence "
                                          "the panel asked for."), name="evidence-plan.pdf"))


def _paper_pdf(HTML, text: str) -> bytes:
    from django.utils.html import escape

    return HTML(string=f"<html lang='en'><title>Panel paper</title><p>{escape(text)}</p>"
                "</html>").write_pdf()
