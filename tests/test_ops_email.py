"""E-mails go out as background tasks (issue 18, item 5): ``ops.tasks.send_email`` sends one
from the worker, so a slow or broken mail server never holds up the page that asked for it.
Tests run tasks at once (tests/conftest.py); the scrutiny panel's notifications are the
e-mails Doorstep sends. The panel here: one member, m@example.org, and the cast's
engagement officer, who has no e-mail address (listed in the app only)."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.ops.jobs import start_job
from doorstep.ops.models import Job
from doorstep.ops.tasks import send_email
from doorstep.scrutiny.models import Notification, Review

pytestmark = pytest.mark.django_db


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


@pytest.fixture
def people():
    landlord()
    return scrutiny_cast()


def ask_as_an_association(client):
    return client.post("/ask-for-a-review/", {
        "name": "A Tenant", "contact": "tenant@example.org",
        "subject": "Lifts breaking down in tall blocks", "association": "Eastfield TRA",
        "supporter_refs": ""})  # fmt: skip


def test_a_notification_is_emailed_by_a_background_job(people):
    mail.outbox.clear()
    before = Job.objects.count()
    response = ask_as_an_association(Client())
    assert response.status_code == 302
    review = Review.objects.get()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["m@example.org"], "Residents have asked for a review")]
    assert f"/scrutiny/reviews/{review.review_ref}/" in mail.outbox[0].body
    # One job for the one person with an address; it marked the notification sent.
    job = Job.objects.order_by("-pk").first()
    assert Job.objects.count() == before + 1
    assert job.status == Job.Status.DONE
    assert job.label == "E-mail: Residents have asked for a review"
    assert job.message == "E-mail “Residents have asked for a review” sent to m@example.org"
    emailed = dict(Notification.objects.filter(subject="Residents have asked for a review")
                   .values_list("user__username", "emailed"))  # fmt: skip
    assert emailed == {"member": True, "engagement_officer": False}


def test_a_broken_mail_server_fails_the_job_not_the_page(people, settings):
    settings.EMAIL_BACKEND = "test_ops_email.BrokenMailServer"
    mail.outbox.clear()
    response = ask_as_an_association(Client())
    # The resident's request is taken and the review opened all the same.
    assert response.status_code == 302
    assert Review.objects.get().title == "Lifts breaking down in tall blocks"
    assert mail.outbox == []
    job = Job.objects.get(label="E-mail: Residents have asked for a review")
    assert job.status == Job.Status.FAILED
    assert job.message == (
        "It stopped: the mail server did not take the e-mail “Residents have asked for a "
        "review” to m@example.org (ConnectionRefusedError). Check the e-mail settings "
        "(EMAIL_HOST) and try again.")
    # Still listed in the app, and not marked as e-mailed.
    listed = Notification.objects.get(user=people["member"])
    assert (listed.subject, listed.emailed) == ("Residents have asked for a review", False)


def test_send_email_on_its_own_reports_who_it_went_to():
    mail.outbox.clear()
    job = start_job(send_email, label="E-mail: test", to=["a@example.org", "b@example.org"],
                    subject="Digest", body="Two complaints are due tomorrow.")
    job.refresh_from_db()
    assert (job.status, job.message) == (
        Job.Status.DONE, "E-mail “Digest” sent to a@example.org, b@example.org")
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["a@example.org", "b@example.org"], "Digest", "Two complaints are due tomorrow.")]
