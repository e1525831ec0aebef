"""Signing in and out: GOV.UK form patterns, safe redirects, and a pause after 5 failures."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from doorstep.accounts.models import Role
from doorstep.accounts.sign_in import client_address
from doorstep.accounts.testing import FAST_HASHERS, PASSWORD, person
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS

SIGN_IN = "/sign-in/"


@pytest.fixture(autouse=True)
def fresh_cache():
    # Failures are counted in the cache: each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def analyst():
    return person(Role.ANALYST, username="asha")


def attempt(client, username, password, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def signed_in_as(client) -> str | None:
    response = client.get("/")
    return response.wsgi_request.user.username if response.status_code == 200 else None


def test_it_sends_a_signed_out_visitor_to_sign_in_and_back_afterwards(client, analyst):
    response = client.get("/?year=2025/26")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/%3Fyear%3D2025/26"
    response = client.post(response["Location"], {"username": "asha", "password": PASSWORD,
                                                  "next": "/?year=2025/26"})
    assert (response.status_code, response["Location"]) == (302, "/?year=2025/26")


def test_it_labels_every_field_and_ties_the_hint_to_it(client):
    html = client.get(SIGN_IN).content.decode()
    assert '<label class="label" for="id_username">Username</label>' in html
    assert '<label class="label" for="id_password">Password</label>' in html
    assert 'id="id_username-hint"' in html
    assert 'aria-describedby="id_username-hint"' in html
    # Autofocus would carry keyboard users past the skip link.
    assert "autofocus" not in html
    assert text_of(html).startswith("Skip to main content Doorstep")


def test_it_lists_missing_answers_at_the_top_linked_to_their_fields(client):
    response = attempt(client, "", "")
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'aria-describedby="id_username-hint id_username-error"' in html
    assert 'aria-describedby="id_password-error"' in html
    assert "Error: Enter your password" in text_of(html)


def test_it_says_plainly_when_the_password_is_wrong_and_does_not_sign_in(client, analyst):
    response = attempt(client, "asha", "not-the-password")
    assert response.status_code == 200
    assert ("The username or password is not right. Check both and try again: the password "
            "is case-sensitive.") in text_of(response.content)
    assert signed_in_as(client) is None


def test_it_signs_in_with_the_right_password(client, analyst):
    response = attempt(client, "asha", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_as(client) == "asha"


def test_it_never_redirects_to_another_site_after_sign_in(client, analyst):
    response = client.post(SIGN_IN, {"username": "asha", "password": PASSWORD,
                                      "next": "https://phish.example/"})
    assert response["Location"] == "/"


def test_it_pauses_sign_in_after_five_failures_even_for_the_right_password(client, analyst):
    for number in range(1, 5):
        response = attempt(client, "asha", f"guess-{number}")
        assert response.status_code == 200
    # 4 failures: 5 - 4 = 1 attempt left, and the page says so.
    assert "You have 1 more attempt before signing in is paused for 15 minutes." in text_of(
        response.content)
    fifth = attempt(client, "asha", "guess-5")
    assert fifth.status_code == 429
    assert "signing in is paused for 15 minutes to keep the account safe" in text_of(
        fifth.content)
    sixth = attempt(client, "asha", PASSWORD)
    assert sixth.status_code == 429
    assert "Please wait 15 minutes and try again." in text_of(sixth.content)
    assert signed_in_as(client) is None


def test_it_counts_failures_per_username_and_address(client, analyst):
    person(Role.BOARD_MEMBER, username="bola")
    for number in range(5):
        attempt(client, "asha", f"guess-{number}")
    # The same person from another address, and a colleague from the same one, still get in.
    elsewhere = Client()
    assert attempt(elsewhere, "asha", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert attempt(Client(), "bola", PASSWORD).status_code == 302
    # Usernames are matched whatever their case, so ASHA is still paused here.
    assert attempt(Client(), "ASHA", PASSWORD).status_code == 429


def test_it_forgets_earlier_failures_after_a_successful_sign_in(client, analyst):
    for number in range(4):
        attempt(client, "asha", f"guess-{number}")
    assert attempt(client, "asha", PASSWORD).status_code == 302
    client.post("/sign-out/")
    for number in range(4):
        response = attempt(client, "asha", f"again-{number}")
    assert response.status_code == 200  # 4 new failures: not yet paused


def test_it_does_not_count_a_form_sent_without_a_password(client, analyst):
    for _ in range(6):
        response = attempt(client, "asha", "")
    assert response.status_code == 200
    assert attempt(client, "asha", PASSWORD).status_code == 302


def test_it_trusts_forwarded_addresses_only_from_the_proxies_it_was_told_about():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "10.0.0.2"
    with override_settings(TRUSTED_PROXIES=1):
        # The client wrote 6.6.6.6 itself; our one proxy saw 203.0.113.9.
        assert client_address(request) == "203.0.113.9"


def test_it_signs_out_only_by_a_form_and_says_so(client, analyst):
    client.force_login(analyst)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/", follow=True)
    assert response.redirect_chain == [("/sign-in/", 302)]
    assert "You have signed out." in text_of(response.content)
    assert signed_in_as(client) is None


def test_it_refuses_a_sign_in_form_without_its_csrf_token(analyst):
    guarded = Client(enforce_csrf_checks=True)
    response = attempt(guarded, "asha", PASSWORD)
    assert response.status_code == 403
    assert "This form has expired" in text_of(response.content)
    assert signed_in_as(guarded) is None
