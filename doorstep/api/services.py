"""API tokens and the rate limit: make, check, list and revoke tokens; count requests.

A token is ``dst_`` and 40 random bytes in URL-safe base64. Only its SHA-256 hash is kept
(``models.ApiToken``); ``create_token`` returns the token itself once, for the page to show.
A token acts as its person with their role as it is now: a change of role changes what the
token sees at once, a deactivated person's tokens stop working, and a person with no role
gets 403 everywhere.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from doorstep.accounts import access
from doorstep.api.models import ApiToken, RateWindow

TOKEN_START = "dst_"  # noqa: S105 - how every token starts, not a secret
PREFIX_LENGTH = 10  # "dst_" and six characters: enough to tell one's tokens apart
TOKENS_PER_PERSON = 20
WINDOW = timedelta(minutes=1)


class TokenError(ValueError):
    """A token cannot be made or revoked, in plain English."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the record, and the token itself (shown once, never kept)."""
    name = (name or "").strip()
    if not name:
        raise TokenError("Enter what the token is for, for example Power BI.")
    if len(name) > 100:
        raise TokenError("Keep the name to 100 characters or fewer.")
    if access.role_of(user) is None:
        raise TokenError("You have no role in Doorstep yet, so a token would see nothing.")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= TOKENS_PER_PERSON:
        raise TokenError(
            f"You have {TOKENS_PER_PERSON} tokens in use: revoke one you no longer need first."
        )
    token = TOKEN_START + secrets.token_urlsafe(40)
    record = ApiToken.objects.create(
        user=user, name=name, prefix=token[:PREFIX_LENGTH], key_hash=_hash(token)
    )
    return record, token


def tokens_of(*, user):
    """The person's own tokens, newest first, in use and revoked."""
    return ApiToken.objects.filter(user=user)


def token_of(*, user, token_id: int) -> ApiToken:
    """One of the person's own tokens; 404 for anyone else's (access._one)."""
    return access._one(tokens_of(user=user), pk=token_id)


def revoke_token(*, token: ApiToken, by) -> ApiToken:
    if token.user_id != by.pk:
        raise TokenError("You can revoke only your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(token: str, *, now: datetime | None = None) -> ApiToken | None:
    """The token in use that ``token`` is, with its person, or None. Records the use."""
    if not token or not token.startswith(TOKEN_START) or len(token) > 200:
        return None
    record = (
        ApiToken.objects.select_related("user", "user__profile")
        .filter(key_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = now or timezone.now()
    # Once a minute at most: the list shows the last use to the minute, and a busy report
    # refresh should not write a row per request. .update(): not a change a person made.
    if record.last_used_at is None or now - record.last_used_at >= WINDOW:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        record.last_used_at = now
    return record


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the next window, when not allowed


def requests_per_minute() -> int:
    return getattr(settings, "API_REQUESTS_PER_MINUTE", 120)


def take_request(*, token: ApiToken, now: datetime | None = None) -> Allowance:
    """Count one request against the token's minute; refuse once the limit is reached.

    A fixed window per clock minute, counted with one conditional UPDATE (as the sign-in
    lockout counts), so that simultaneous requests cannot slip past the limit.
    """
    now = now or timezone.now()
    limit = requests_per_minute()
    started = now.replace(second=0, microsecond=0)
    retry_after = max(1, int((started + WINDOW - now).total_seconds() + 0.999))
    windows = RateWindow.objects.filter(token=token, started_at=started)
    counted = windows.filter(requests__lt=limit).update(requests=F("requests") + 1)
    if not counted:
        if windows.exists():
            return Allowance(False, limit, 0, retry_after)
        try:
            with transaction.atomic():
                RateWindow.objects.create(token=token, started_at=started, requests=1)
        except IntegrityError:  # a simultaneous first request made the window
            counted = windows.filter(requests__lt=limit).update(requests=F("requests") + 1)
            if not counted:
                return Allowance(False, limit, 0, retry_after)
        # Old windows are of no further use.
        RateWindow.objects.filter(token=token, started_at__lt=started).delete()
    used = windows.values_list("requests", flat=True).first() or limit
    return Allowance(True, limit, max(0, limit - used), retry_after)
