"""Issue 19, weakness 1: password guessing. Each attack that once worked, tried again.

The pause (django-axes, doorstep.accounts.sign_in) covers every way in, keys on the
normalised username and the address, and counts each attempt before its password is
checked, so no way round it gets a password checked once five have been.
"""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from doorstep.accounts import sign_in
from doorstep.accounts.models import Role
from doorstep.accounts.testing import PASSWORD, person
from doorstep.web.testing import text_of

SIGN_IN = "/sign-in/"
ADMIN_SIGN_IN = "/admin/login/"


@pytest.fixture
def checks(monkeypatch):
    """How many passwords were actually checked: each check is a call of Django's own
    ModelBackend, which the lockout backend stands in front of."""
    counted = {"checks": 0}
    lock = threading.Lock()
    check = ModelBackend.authenticate

    def counting_check(self, request, username=None, password=None, **kwargs):
        with lock:
            counted["checks"] += 1
        return check(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting_check)
    return counted


@pytest.fixture
def staff():
    user = person(Role.ADMINISTRATOR, username="ratetest3", is_staff=True, is_superuser=True)
    return user


def attempt(client, username, password, path=SIGN_IN, **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.mark.django_db
def test_it_pauses_the_admin_sign_in_once_the_sign_in_page_has_paused(client, staff, checks):
    for number in range(5):
        attempt(client, "ratetest3", f"guess-{number}")
    assert checks["checks"] == 5
    # The attack: twenty wrong passwords and then the right one at Django's admin.
    for number in range(20):
        response = attempt(client, "ratetest3", f"admin-guess-{number}", ADMIN_SIGN_IN)
        assert response.status_code == 429
    right = attempt(client, "ratetest3", PASSWORD, ADMIN_SIGN_IN)
    assert right.status_code == 429
    assert "signing in is paused for 15 minutes" in text_of(right.content)
    assert checks["checks"] == 5  # not one password checked at the admin
    assert not signed_in(client)


@pytest.mark.django_db
def test_it_pauses_the_sign_in_page_after_failures_at_the_admin(client, staff, checks):
    for number in range(5):
        attempt(client, "ratetest3", f"guess-{number}", ADMIN_SIGN_IN)
    assert attempt(client, "ratetest3", PASSWORD).status_code == 429
    assert checks["checks"] == 5
    assert not signed_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("look_alike", ["ｒatetest3", "ʳatetest3", "RATETEST3", " ratetest3 ",
                                        "ＲＡＴＥＴＥＳＴ３"])
def test_it_counts_look_alike_spellings_against_the_real_username(client, staff, checks,
                                                                   look_alike):
    # Failures under the look-alike spelling pause the real name...
    for number in range(5):
        attempt(client, look_alike, f"guess-{number}")
    assert attempt(client, "ratetest3", PASSWORD).status_code == 429
    # ...and with the real name paused, the look-alike gets no fresh attempts either.
    assert attempt(client, look_alike, PASSWORD).status_code == 429
    assert checks["checks"] == 5
    assert not signed_in(client)


@pytest.mark.django_db
def test_it_keys_every_spelling_on_one_normalised_username():
    assert {sign_in.username_key(name) for name in
            ["ｒatetest3", "ʳatetest3", "RateTest3", "ratetest3"]} == {"ratetest3"}


@pytest.mark.django_db
def test_it_cannot_be_reset_by_a_forged_forwarded_address(client, staff, checks, settings):
    settings.TRUSTED_PROXIES = 0  # no proxy: X-Forwarded-For is whatever the client wrote
    for number in range(5):
        attempt(client, "ratetest3", f"guess-{number}", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    response = attempt(client, "ratetest3", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429
    assert checks["checks"] == 5


@pytest.mark.django_db
def test_it_uses_the_address_our_proxy_saw_behind_a_trusted_proxy(staff, checks, settings):
    settings.TRUSTED_PROXIES = 1
    guesser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    for number in range(5):
        attempt(guesser, "ratetest3", f"guess-{number}")
    assert attempt(guesser, "ratetest3", PASSWORD).status_code == 429
    # The real person, through the same proxy from their own address, is not paused.
    colleague = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert attempt(colleague, "ratetest3", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_it_says_when_to_try_again(client, staff):
    for number in range(5):
        response = attempt(client, "ratetest3", f"guess-{number}")
    until = timezone.localtime(timezone.now() + timedelta(minutes=15))
    text = text_of(response.content)
    assert response.status_code == 429
    assert f"You can sign in again from {until:%H:%M}" in text or (
        f"You can sign in again from {until - timedelta(minutes=1):%H:%M}" in text)
    assert "(UK time)" in text


@pytest.mark.django_db
def test_it_lets_the_pause_lapse_after_15_minutes(client, staff):
    for number in range(5):
        attempt(client, "ratetest3", f"guess-{number}")
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "ratetest3", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_it_lets_an_administrator_unlock_a_sign_in_from_the_users_admin(client, staff):
    person(Role.PANEL_MEMBER, username="pat")
    guesser = Client()
    for number in range(5):
        attempt(guesser, "pat", f"guess-{number}")
    assert attempt(guesser, "pat", PASSWORD).status_code == 429
    client.force_login(staff)
    from django.contrib.auth import get_user_model

    pat = get_user_model().objects.get(username="pat")
    response = client.post("/admin/auth/user/", {"action": "unlock_sign_in",
                                                 "_selected_action": [pat.pk]}, follow=True)
    assert "Unlocked 1 sign-in(s); cleared 1 record(s) of failed attempts." in text_of(
        response.content)
    assert attempt(guesser, "pat", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_it_lets_an_administrator_unlock_a_sign_in_by_command(staff, capsys):
    guesser = Client()
    for number in range(5):
        attempt(guesser, "ratetest3", f"guess-{number}")
    call_command("unlock_sign_in", "RateTest3")
    assert "ratetest3: unlocked (1 record(s) of failed attempts cleared)" in capsys.readouterr().out
    assert attempt(guesser, "ratetest3", PASSWORD).status_code == 302


def forty_simultaneous_guesses() -> dict:
    """Forty wrong passwords sent at once from forty threads; then the right one.

    Returns the password checks made, the answers' statuses and the right one's status.
    """
    from django.contrib.auth import get_user_model

    checks = {"checks": 0}
    lock = threading.Lock()
    check = ModelBackend.authenticate

    def counting_check(self, request, username=None, password=None, **kwargs):
        with lock:
            checks["checks"] += 1
        return check(self, request, username=username, password=password, **kwargs)

    ModelBackend.authenticate = counting_check
    try:
        person(Role.ADMINISTRATOR, username="ratetest3")
        start = threading.Barrier(40)
        statuses = []

        def guess(number):
            guesser = Client()
            start.wait()
            statuses.append(attempt(guesser, "ratetest3", f"guess-{number}").status_code)

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        right = attempt(Client(), "ratetest3", PASSWORD).status_code
    finally:
        ModelBackend.authenticate = check
        get_user_model().objects.filter(username="ratetest3").delete()
    return {"checks": checks["checks"], "statuses": sorted(statuses), "right": right}


SQLITE_RUN = """
import json, django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.core.management import call_command
call_command("migrate", verbosity=0)
import test_security_lockout as module
print(json.dumps(module.forty_simultaneous_guesses()))
"""


def _check_forty(found):
    assert len(found["statuses"]) == 40
    assert found["checks"] <= 5
    assert found["statuses"].count(429) >= 35
    assert set(found["statuses"]) <= {200, 429}
    assert found["right"] == 429


@pytest.mark.django_db(transaction=True)
def test_it_checks_at_most_five_of_forty_simultaneous_wrong_passwords(tmp_path):
    from django.db import connection

    if connection.vendor != "sqlite":
        _check_forty(forty_simultaneous_guesses())
        return
    # The test database of SQLite is in memory, where simultaneous writers fail outright
    # instead of waiting their turn; Doorstep's SQLite is a file. So the threads run in a
    # process of their own, on a file database set up as Doorstep sets one up.
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DOORSTEP_DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "testserver",
           "DJANGO_SETTINGS_MODULE": "doorstep.settings", "LOG_LEVEL": "ERROR",
           "PYTHONPATH": str(Path(__file__).parent)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", SQLITE_RUN], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    _check_forty(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.django_db
def test_it_offers_a_hook_for_new_ways_in_that_counts_the_same(rf, staff, checks):
    from django.contrib.sessions.backends.db import SessionStore

    def api_request():
        request = rf.post("/api/token/")
        request.session = SessionStore()
        return request

    for number in range(5):
        assert sign_in.check_password_sign_in(api_request(), username="ratetest3",
                                              password=f"guess-{number}") is None
    request = api_request()
    assert sign_in.check_password_sign_in(request, username="ratetest3",
                                          password=PASSWORD) is None
    assert request.axes_locked_out is True
    assert checks["checks"] == 5
