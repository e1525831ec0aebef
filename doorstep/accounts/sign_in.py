"""Slowing down password guessing, through django-axes, for every way in.

Every password check in Doorstep (the sign-in page, Django's admin, and later the API's
token endpoint) goes through Django's ``authenticate(request, ...)``, and so through
``CountedLockoutBackend`` first. It keys failures on two things together:

* the username as Django will look it up, NFKC-normalised and case-folded, so that
  ``ｒatetest3``, ``ʳatetest3`` and ``RATETEST3`` all count against ``ratetest3``;
* the client's address, trusting only ``TRUSTED_PROXIES`` proxies in X-Forwarded-For.

Counting per pair means a guesser cannot lock a colleague out from elsewhere, and one
office's shared address does not lock out everyone in it.

Each attempt is counted *before* its password is checked, by one conditional UPDATE that
only succeeds while fewer than ``SIGN_IN_ATTEMPTS`` attempts are counted. The database does
that atomically (a row lock in PostgreSQL, the single writer in SQLite), so forty
simultaneous guesses get at most ``SIGN_IN_ATTEMPTS`` password checks, not forty. A
successful sign-in clears the count; otherwise it lapses ``SIGN_IN_LOCKOUT_MINUTES`` after
the last counted attempt. An administrator can unlock someone at once (``unlock``: the
"Unlock sign-in" action on the users' admin page, or ``doorstep unlock-sign-in NAME``).

A new way in (the API's token endpoint) calls ``check_password_sign_in`` and answers 429
with ``locked_until`` when it returns no user and ``request.axes_locked_out`` is set.
"""

import ipaddress
import logging
import unicodedata
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_message
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import IntegrityError, router, transaction
from django.db.models import F, Max
from django.utils import timezone

log = logging.getLogger("doorstep.sign_in")


def client_address(request) -> str:
    """The address the request came from, trusting only the proxies we were told about.

    Behind ``TRUSTED_PROXIES`` proxies, each appends the address it received from to
    X-Forwarded-For, so the client is that many entries from the end; anything further left
    was written by the client and could be forged. Something that is not an address (a
    misconfigured proxy) falls back to the connection's address.
    """
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        wanted = forwarded[-proxies]
        try:
            return str(ipaddress.ip_address(wanted))
        except ValueError:
            log.warning("X-Forwarded-For entry %r is not an address; using the connection's",
                        wanted)
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a key, not a bind


def username_key(username: str | None) -> str:
    """The username as the lockout counts it: as Django's sign-in form normalises it (NFKC),
    then case-folded, so that look-alike and differently-cased spellings share one count."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def lockout_username(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the username key of an attempt."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return username_key(credentials[field])
    return username_key(getattr(request, "POST", {}).get(field, ""))


def lockout_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE."""
    return client_address(request)


def _attempts(*, username: str, address: str):
    return AccessAttempt.objects.filter(username=username, ip_address=address)


class CountedLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, counting each attempt before its password is checked.

    ``reserve`` counts the attempt; a failure is then already counted, so
    ``user_login_failed`` only marks the request as locked out once the limit is reached.
    """

    def reserve(self, request, credentials: dict) -> bool:
        """Count this attempt if fewer than the limit are counted; False: refuse it."""
        self.clean_expired_user_attempts(request, credentials)
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        limit = settings.AXES_FAILURE_LIMIT
        using = router.db_for_write(AccessAttempt)
        try:
            with transaction.atomic(using=using):
                AccessAttempt.objects.get_or_create(
                    username=username, ip_address=address, user_agent="",
                    defaults={"failures_since_start": 0, "get_data": "", "post_data": "",
                              "http_accept": "", "path_info": request.path[:255]},
                )  # fmt: skip
        except IntegrityError:
            pass  # a simultaneous attempt made the row first: count against it
        # The one statement that decides: it matches only while the count is under the limit.
        counted = AccessAttempt.objects.filter(
            username=username, ip_address=address, user_agent="",
            failures_since_start__lt=limit,
        ).update(failures_since_start=F("failures_since_start") + 1,
                 attempt_time=timezone.now(), path_info=request.path[:255])  # fmt: skip
        return counted == 1

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return
        username = get_client_username(request, credentials)
        failures = self.get_failures(request, credentials)
        request.axes_failures_since_start = failures
        if failures >= settings.AXES_FAILURE_LIMIT or getattr(request, "axes_locked_out", False):
            if not getattr(request, "axes_locked_out", False):
                log.warning("Sign-in paused for %r from %s after %d failures", username,
                            request.axes_ip_address, failures)
            request.axes_locked_out = True
            request.axes_credentials = credentials


class CountedLockoutBackend(AxesStandaloneBackend):
    """First of AUTHENTICATION_BACKENDS: refuses before any password is checked once the
    username and address have used up their attempts, and counts every other attempt."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            # Not a sign-in over the web (the shell, a management command): nothing to slow.
            return None
        from axes.handlers.proxy import AxesProxyHandler

        AxesProxyHandler.update_request(request)
        handler = AxesProxyHandler.get_implementation()
        credentials = {settings.AXES_USERNAME_FORM_FIELD: username}
        if handler.is_allowed(request, credentials) and handler.reserve(request, credentials):
            return None  # counted: the next backend checks the password
        request.axes_locked_out = True
        kwargs.get("response_context", {})["error"] = get_lockout_message()
        raise AxesBackendPermissionDenied("Sign-in is paused for this username and address")


def check_password_sign_in(request, *, username: str, password: str):
    """The user for a right username and password, or None (wrong, or paused: then
    ``request.axes_locked_out`` is set). For ways in that have no form of their own."""
    return authenticate(request, username=username, password=password)


def failures(*, username: str, address: str) -> int:
    """Attempts counted for the pair and not yet lapsed."""
    since = timezone.now() - get_cool_off()
    rows = _attempts(username=username_key(username), address=address).filter(
        attempt_time__gte=since)
    return sum(rows.values_list("failures_since_start", flat=True))


def attempts_left(*, username: str, address: str) -> int:
    return max(settings.AXES_FAILURE_LIMIT - failures(username=username, address=address), 0)


def locked_until(*, username: str, address: str) -> datetime | None:
    """When the pause ends for the pair (local time), or None when it is not paused."""
    if failures(username=username, address=address) < settings.AXES_FAILURE_LIMIT:
        return None
    last = _attempts(username=username_key(username), address=address).aggregate(
        last=Max("attempt_time"))["last"]
    return timezone.localtime(last + get_cool_off()) if last else None


def unlock(*, username: str) -> int:
    """Clear every counted attempt for ``username`` (from every address): an administrator's
    unlock. Returns how many address records were cleared."""
    deleted, _ = AccessAttempt.objects.filter(username=username_key(username)).delete()
    log.warning("Sign-in unlocked for %r (%d records cleared)", username_key(username), deleted)
    return deleted
