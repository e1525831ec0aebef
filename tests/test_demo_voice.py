"""The demo's residents' voice as `doorstep demo` leaves it (issue 17 item 3): every comment
coded, and a follow-up queue a team could work today."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.demo.management.commands.demo import DEMO_PASSWORD
from doorstep.repairs.models import Repair
from doorstep.surveys.models import Comment
from doorstep.voice import services
from doorstep.voice.models import CodedComment, HazardFlag

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("demo", homes=400, years=1, seed=1, today=TODAY, no_serve=True, stdout=out)
    return out.getvalue()


def test_it_codes_every_comment_and_leaves_a_workable_queue(client, demo):
    written = (Comment.objects.exclude(text="").count()
               + Complaint.objects.exclude(description="").count()
               + Repair.objects.exclude(description="").count()
               + AsbCase.objects.exclude(description="").count())
    assert written > 0
    assert CodedComment.objects.count() == written
    assert f"Residents' voice: {written:,} comments coded" in demo
    queued = list(services.queued_flags())
    # Nothing from before the look-back window waits in today's queue, and nothing due more
    # than three days ago: those were followed up at the time.
    window_opens = TODAY - timedelta(days=28)
    assert all(flag.flagged_on >= window_opens for flag in queued)
    assert all(flag.follow_up_by >= TODAY - timedelta(days=3) for flag in queued)
    old = HazardFlag.objects.filter(flagged_on__lt=window_opens)
    assert old.exists() and not old.filter(historical=False, followed_up_at__isnull=True).exists()
    assert len(queued) < 0.1 * HazardFlag.objects.count()
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    page = client.get("/voice/").content.decode()
    assert "No residents' comments have reached Doorstep yet" not in page
    assert "not coded yet" not in page
    assert "Where these words came from: survey comments" in page
