"""Slowing down password guessing: a few failed sign-ins, then a pause.

Failures are counted per username *and* network address in Django's cache, for
``SIGN_IN_LOCKOUT_MINUTES`` from the first failure. Counting per pair means a guesser cannot
lock a colleague out from elsewhere, and one office's shared address does not lock out
everyone in it. A successful sign-in clears the count.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger("doorstep.sign_in")


def client_address(request) -> str:
    """The address the request came from, trusting only the proxies we were told about.

    Behind ``TRUSTED_PROXIES`` proxies, each appends the address it received from to
    X-Forwarded-For, so the client is that many entries from the end; anything further left
    was written by the client and could be forged.
    """
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(*, username: str, address: str) -> str:
    # Hashed: usernames can hold characters a cache key may not, and keys stay a fixed length.
    pair = f"{username.strip().casefold()}|{address}".encode()
    return "sign-in-failures:" + hashlib.sha256(pair).hexdigest()


def failures(*, username: str, address: str) -> int:
    return cache.get(_key(username=username, address=address), 0)


def is_paused(*, username: str, address: str) -> bool:
    return failures(username=username, address=address) >= settings.SIGN_IN_ATTEMPTS


def attempts_left(*, username: str, address: str) -> int:
    return max(settings.SIGN_IN_ATTEMPTS - failures(username=username, address=address), 0)


def record_failure(*, username: str, address: str) -> int:
    key = _key(username=username, address=address)
    # add() starts the window only on the first failure, so later ones do not extend it.
    cache.add(key, 0, timeout=settings.SIGN_IN_LOCKOUT_MINUTES * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=settings.SIGN_IN_LOCKOUT_MINUTES * 60)
        count = 1
    if count == settings.SIGN_IN_ATTEMPTS:
        log.warning("Sign-in paused for %r from %s after %d failures", username, address, count)
    return count


def clear_failures(*, username: str, address: str) -> None:
    cache.delete(_key(username=username, address=address))
