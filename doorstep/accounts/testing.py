"""Test helpers: a cast of people, one per role, for permission tests in every app.

    from doorstep.accounts.testing import person, cast
    manager = person(Role.SERVICE_MANAGER, areas=["North"])
    people = cast()  # {"administrator": ..., "panel_member": ..., "no_role": ...}

Password hashing is slow on purpose; tests that sign in through the form many times can use
``settings.PASSWORD_HASHERS = FAST_HASHERS`` (pytest-django's ``settings`` fixture).
"""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from doorstep.accounts.models import Profile, Role

PASSWORD = "a-test-password-for-everyone"  # noqa: S105 - tests only


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@cache
def _hashed_password(hasher: str) -> str:
    # Hashing is slow on purpose (most of a second): hash once per hasher, share it.
    return make_password(PASSWORD)


def person(role: str | None, *, username: str | None = None, areas=(), **fields):
    """A user with ``role`` (None: a sign-in with no role yet) and ``PASSWORD``."""
    username = username or (role or "no_role")
    user = get_user_model().objects.create(
        username=username, password=_hashed_password(settings.PASSWORD_HASHERS[0]), **fields)
    if role is not None:
        Profile.objects.create(user=user, role=role, areas="\n".join(areas))
    return user


def cast(*, manager_areas=("North",)) -> dict:
    """One person per role, keyed by role value, plus "no_role"; the manager has areas."""
    people = {
        role.value: person(role, areas=manager_areas if role == Role.SERVICE_MANAGER else ())
        for role in Role
    }
    people["administrator"].is_staff = True
    people["administrator"].save()
    people["no_role"] = person(None)
    return people


def url_patterns(resolver=None, prefix: str = "", namespace: str = "") -> list[dict]:
    """Every URL pattern of Doorstep, flattened: ``{"name", "route", "converters"}`` with
    the route written as Django does (``complaints/case/<str:complaint_ref>/``) and the
    converter of each parameter (``{"complaint_ref": StringConverter()}``). For the security
    tests that must cover every pattern, including ones added since they were written."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        converters = dict(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for child in url_patterns(entry, route, inner):
                found.append({**child, "converters": {**converters, **child["converters"]}})
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            found.append({"name": name, "route": route, "converters": converters,
                          "callback": entry.callback})
    return found
