"""The demo's residents' voice: every comment coded, and a follow-up queue like a working
landlord's. Set up by ``doorstep demo`` after the data is loaded.

Coding dates each flag from the day its comment reached the landlord, and marks comments
older than the look-back window historical (docs/voice-quality.md). A real landlord would
have followed up the flags of the weeks before today as they came in, so the demo records
that for flags due more than ``FOLLOWED_UP_BEFORE_DAYS`` days ago (by the engagement
officer, saying it was done at the time), and leaves the rest open: a queue with a few
overdue, some due today and tomorrow.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.utils import timezone

FOLLOWED_UP_BEFORE_DAYS = 3
FOLLOW_UP_NOTE = "Followed up at the time (demo history): resident contacted, no case needed."


def set_up_voice(*, today, stdout=None) -> str:
    """Code every comment (a few seconds a thousand), then settle the older flags."""
    from doorstep.voice.services import code_everything, queued_flags

    last_tenth = [0]

    def said(done, total):
        # A line at each tenth, so a log of the set-up stays short.
        tenth = 10 * done // total if total else 10
        if stdout is not None and tenth > last_tenth[0]:
            last_tenth[0] = tenth
            stdout.write(f"  coding residents' comments: {done:,} of {total:,}")

    run = code_everything(today=today, only_new=True, progress=said)
    settled = _settle_old_flags(today=today)
    waiting = queued_flags().count()
    return (f"{run.coded:,} comments coded, {run.flags_raised:,} flags raised; "
            f"{settled:,} earlier flags recorded as followed up at the time, {waiting:,} "
            "waiting in the queue (Residents' comments, then Comments to follow up)")


def _settle_old_flags(*, today) -> int:
    from doorstep.voice.models import HazardFlag
    from doorstep.voice.services import queued_flags

    officer = get_user_model().objects.filter(username="engagement").first()
    settled_before = today - timedelta(days=FOLLOWED_UP_BEFORE_DAYS)
    old = list(queued_flags().filter(follow_up_by__lt=settled_before, hazard_case_ref=""))
    for flag in old:
        # Followed up on the day it was due, as the working landlord would have.
        flag.followed_up_at = timezone.make_aware(datetime.combine(flag.follow_up_by, time(15)))
        flag.followed_up_by = officer
        flag.follow_up_note = FOLLOW_UP_NOTE
    HazardFlag.objects.bulk_update(old, ["followed_up_at", "followed_up_by", "follow_up_note"],
                                   batch_size=1000)
    # Comments joined to a settled flag were settled with it, at the same time.
    HazardFlag.objects.filter(joined_to__followed_up_at__isnull=False,
                              followed_up_at__isnull=True).update(
        followed_up_at=Subquery(HazardFlag.objects.filter(pk=OuterRef("joined_to"))
                                .values("followed_up_at")[:1]),
        followed_up_by=officer, follow_up_note=FOLLOW_UP_NOTE)
    return len(old)
