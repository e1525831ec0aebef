"""A review from request to close: stages, the record, the text kept as sent, the working-day
deadline (over Christmas's bank holidays), and accepted recommendations becoming actions."""

from datetime import date

import pytest
from django.core import mail
from scrutiny_setup import landlord, review_at_findings, scrutiny_cast

from doorstep.actions.models import Action
from doorstep.core.models import ClosureDay
from doorstep.scrutiny import services
from doorstep.scrutiny.models import Notification, ScrutinySettings, Stage
from doorstep.scrutiny.services import ScrutinyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    landlord()
    return scrutiny_cast()


def test_it_takes_a_review_through_its_stages_and_logs_who_did_each(people):
    member = people["member"]
    review = review_at_findings(people)
    assert review.review_ref == "R-1"
    assert review.stage == Stage.FINDINGS
    assert review.measures == "TP01"
    logged = [(entry.action, entry.by.username) for entry in review.activity.all()]
    assert logged == [("requested", "member"), ("scoped", "member"), ("gathering", "member"),
                      ("pack", "member"), ("findings", "member")]
    scoped = review.activity.get(action="scoped")
    assert scoped.changes["stage"] == ["requested", "scoped"]
    assert scoped.changes["question"] == ["", "Are repairs done right first time?"]
    with pytest.raises(ScrutinyError, match="at the stage 'Findings'"):
        services.start_gathering(review=review, by=member)


def test_it_refuses_a_measure_code_it_does_not_know(people):
    review = services.request_review(by=people["member"], title="Complaints")
    with pytest.raises(ScrutinyError, match="Not a measure Doorstep knows: XX99"):
        services.set_scope(review=review, by=people["member"], question="Q", service="",
                           measures="TP01 XX99", by_area=False, evidence_wanted="",
                           timetable="")


def _sent(people, *, sent_on=date(2026, 12, 14), area="South"):
    review = review_at_findings(people)
    recommendation = services.add_recommendation(
        review=review, by=people["member"], text="Check every repair at a second visit.",
        measures="TP01", area=area, manager=people["south_manager"])
    services.send_recommendations(review=review, by=people["engagement_officer"],
                                  sent_on=sent_on)
    recommendation.refresh_from_db()
    return review, recommendation


def test_it_gives_twenty_working_days_over_christmas_bank_holidays(people):
    # Sent Monday 14 December 2026. Twenty working days would be Monday 11 January 2027,
    # but Christmas Day (Fri 25), Boxing Day's substitute (Mon 28) and New Year's Day
    # (Fri 1 Jan) are bank holidays: three days later, Thursday 14 January 2027.
    _, recommendation = _sent(people)
    assert recommendation.response_due_on == date(2027, 1, 14)


def test_it_skips_closure_days_and_uses_the_administrators_number_of_days(people):
    ClosureDay.objects.create(date=date(2026, 12, 24), reason="Christmas Eve")
    settings = ScrutinySettings.current()
    settings.response_working_days = 10
    settings.save()
    # 10 working days after 14 Dec: 15-18 (4), 21-23 (7; 24 closed, 25 and 28 holidays),
    # 29-31 (10): Thursday 31 December 2026.
    _, recommendation = _sent(people)
    assert recommendation.response_due_on == date(2026, 12, 31)


def test_it_keeps_the_recommendation_as_sent(people):
    _, recommendation = _sent(people)
    assert recommendation.sent_text == "Check every repair at a second visit."
    with pytest.raises(ScrutinyError, match="kept as sent"):
        services.edit_recommendation(recommendation=recommendation, by=people["member"],
                                     text="Something else")
    recommendation.refresh_from_db()
    assert recommendation.text == recommendation.sent_text
    sent = recommendation.activity.get(action="sent")
    assert sent.changes["response_due_on"] == [None, "2027-01-14"]
    assert sent.by.username == "engagement_officer"


def test_it_tells_the_manager_by_email_and_in_the_app(people):
    mail.outbox.clear()
    _, recommendation = _sent(people)
    listed = Notification.objects.get(user=people["south_manager"])
    assert listed.subject == "A scrutiny recommendation to answer by 14 January 2027"
    assert listed.emailed is True
    # The member was told the pack was ready; the manager that a recommendation is due.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["m@example.org"], "Evidence pack ready: Repairs in older blocks"),
        (["s@example.org"], "A scrutiny recommendation to answer by 14 January 2027")]
    assert f"/scrutiny/recommendations/{recommendation.pk}/respond/" in mail.outbox[1].body


def test_it_shows_a_response_overdue_the_day_after_it_was_due(people):
    _, recommendation = _sent(people)
    assert recommendation.is_overdue(today=date(2027, 1, 14)) is False
    assert recommendation.is_overdue(today=date(2027, 1, 15)) is True
    late = services.overdue_responses(
        recommendations=type(recommendation).objects.all(), today=date(2027, 1, 15))
    assert late == [recommendation]


def test_it_turns_an_accepted_recommendation_into_a_linked_action(people):
    review, recommendation = _sent(people)
    manager = people["south_manager"]
    services.respond(recommendation=recommendation, by=manager, decision="accepted",
                     reasons="We will add a check visit.", action_title="Check visits",
                     action_due_on=date(2027, 6, 30), responded_on=date(2027, 1, 5))
    action = Action.objects.get()
    assert list(recommendation.actions.all()) == [action]
    assert action.recommendations.get() == recommendation
    assert (action.title, action.measure_code, action.area, action.due_on) == (
        "Check visits", "TP01", "South", date(2027, 6, 30))
    assert action.source == "Scrutiny panel review R-1, recommendation 1"
    assert action.activity.get().by == manager
    review.refresh_from_db()
    assert review.stage == Stage.MONITORING
    assert [e.action for e in recommendation.activity.all()] == [
        "drafted", "sent", "answered", "action"]


def test_it_creates_no_action_when_not_accepted_and_needs_reasons(people):
    _, recommendation = _sent(people)
    with pytest.raises(ScrutinyError, match="Give the reasons"):
        services.respond(recommendation=recommendation, by=people["south_manager"],
                         decision="not_accepted", reasons=" ")
    services.respond(recommendation=recommendation, by=people["south_manager"],
                     decision="not_accepted", reasons="Costs too much this year.")
    assert Action.objects.count() == 0
    with pytest.raises(ScrutinyError, match="already been answered"):
        services.respond(recommendation=recommendation, by=people["south_manager"],
                         decision="accepted", reasons="Changed our mind")


def test_it_closes_a_review_with_the_panels_view_of_its_impact(people):
    review, recommendation = _sent(people)
    services.respond(recommendation=recommendation, by=people["south_manager"],
                     decision="in_part", reasons="Check visits for older blocks only.")
    services.close_review(review=review, by=people["member"],
                          impact_view="Repeat visits fell; residents noticed.")
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED
    assert review.impact_view == "Repeat visits fell; residents noticed."


def test_it_needs_a_manager_for_every_recommendation_before_sending(people):
    review = review_at_findings(people)
    services.add_recommendation(review=review, by=people["member"], text="Do better.")
    with pytest.raises(ScrutinyError, match="Choose the service manager who answers "
                       "recommendation 1"):
        services.send_recommendations(review=review, by=people["member"])


def test_it_reminds_the_manager_once_when_an_answer_is_due_soon_and_once_when_late(people):
    _, recommendation = _sent(people)  # due Thursday 14 January 2027
    manager = people["south_manager"]
    assert services.send_reminders(today=date(2027, 1, 6)) == 0  # 6 working days before
    assert services.send_reminders(today=date(2027, 1, 7)) == 1  # 5 working days before
    assert services.send_reminders(today=date(2027, 1, 8)) == 0  # told already
    assert services.send_reminders(today=date(2027, 1, 15)) == 1  # late
    subjects = list(Notification.objects.filter(user=manager, subject__contains="answer to")
                    .values_list("subject", flat=True))
    assert sorted(subjects) == [
        "Due soon: answer to recommendation 1 of R-1, due 14 January 2027",
        "Late: answer to recommendation 1 of R-1, due 14 January 2027"]


def test_it_tells_the_panel_once_when_a_recommendations_action_is_done(people):
    from doorstep.actions import services as actions

    _, recommendation = _sent(people)
    services.respond(recommendation=recommendation, by=people["south_manager"],
                     decision="accepted", reasons="We will.", responded_on=date(2026, 12, 15))
    action = recommendation.actions.get()
    actions.agree_action(action=action, by=people["south_manager"], agreed_on=date(2026, 1, 5))
    actions.complete_action(action=action, by=people["south_manager"], done_on=date(2026, 6, 1))
    # The member and the engagement officer.
    assert services.send_reminders(today=date(2026, 12, 2)) == 2
    assert services.send_reminders(today=date(2026, 12, 3)) == 0
    assert Notification.objects.get(user=people["member"], subject__startswith="Action").subject \
        == "Action A-1 is done: recommendation 1 of R-1"
