"""``doorstep run-scheduled`` runs the scrutiny reminders with the rest of the recurring
work, for the day it is given, and each reminder goes once however often it runs."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from scrutiny_setup import landlord, review_at_findings, scrutiny_cast

from doorstep.scrutiny import services
from doorstep.scrutiny.models import Notification

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = StringIO()
    call_command("run_scheduled", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_is_listed_with_the_recurring_work():
    assert ("scrutiny reminders: Scrutiny answers due within 5 working days or late, and "
            "actions done") in run("--list")


def test_it_reminds_the_manager_on_the_day_run_scheduled_is_given():
    landlord()
    people = scrutiny_cast()
    review = review_at_findings(people)
    services.add_recommendation(review=review, by=people["member"], text="Check repairs.",
                                measures="TP01", area="South",
                                manager=people["south_manager"])
    # Sent Monday 14 December 2026: due Thursday 14 January 2027 (20 working days, three
    # bank holidays skipped); 5 working days before is Thursday 7 January.
    services.send_recommendations(review=review, by=people["engagement_officer"],
                                  sent_on=date(2026, 12, 14))
    only = ("--only", "scrutiny reminders")
    assert run(*only, "--date", "2027-01-06") == [
        "ok     scrutiny reminders: 0 scrutiny notifications sent"]
    assert run(*only, "--date", "2027-01-07") == [
        "ok     scrutiny reminders: 1 scrutiny notification sent"]
    assert run(*only, "--date", "2027-01-07") == [
        "ok     scrutiny reminders: 0 scrutiny notifications sent"]
    assert run(*only, "--date", "2027-01-15") == [
        "ok     scrutiny reminders: 1 scrutiny notification sent"]
    assert sorted(Notification.objects.filter(user=people["south_manager"],
                                              subject__contains="answer to")
                  .values_list("subject", flat=True)) == [
        "Due soon: answer to recommendation 1 of R-1, due 14 January 2027",
        "Late: answer to recommendation 1 of R-1, due 14 January 2027"]
