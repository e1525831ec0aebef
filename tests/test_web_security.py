"""Deny by default, and a strict Content Security Policy that every page keeps to."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS

EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


@pytest.fixture
def people():
    return cast()


def public_views(resolver=None, prefix="") -> set[str]:
    """Every URL whose view is marked @login_not_required, outside Django's admin."""
    found = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                found |= public_views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and not getattr(entry.callback, "login_required", True):
            found.add(prefix + str(entry.pattern))
    return found


def test_it_opens_no_page_without_sign_in_except_the_sign_in_page():
    # A new public page must be added here on purpose, with a reason.
    # s/: the residents' online survey; a single-use link's 130-bit token is the key
    # (doorstep/resident/services.py), and it opens its own household's survey only.
    assert public_views() == {
        "sign-in/", "s/<str:token>/", "s/<str:token>/language/",
        "s/<str:token>/q/<str:code>/", "s/<str:token>/check/", "s/<str:token>/done/",
    }


@pytest.mark.parametrize("path", ["/", "/?year=2025/26", "/admin/"])
def test_it_sends_signed_out_visitors_to_sign_in_with_the_policy_on(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(("/sign-in/?next=", "/admin/login/?next="))
    assert response["Content-Security-Policy"] == EXPECTED_POLICY


def test_it_sends_the_policy_and_no_inline_code_on_the_sign_in_page(client):
    response = client.get("/sign-in/")
    assert response["Content-Security-Policy"] == EXPECTED_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert inline_code_in(response.content) == []


@pytest.mark.parametrize("role", ["administrator", "analyst", "service_manager",
                                  "complaints_handler", "engagement_officer", "board_member",
                                  "panel_member", "no_role"])
def test_it_renders_the_home_page_with_no_inline_code_for_every_role(client, people, role):
    client.force_login(people[role])
    response = client.get("/")
    assert response["Content-Security-Policy"] == EXPECTED_POLICY
    assert inline_code_in(response.content) == []
    assert "Your Doorstep" in text_of(response.content)


def test_it_finds_inline_code_when_there_is_some():
    # The checker itself: each of these would be blocked by the policy.
    html = ('<script>alert(1)</script><style>p{}</style><p style="color:red" '
            'onclick="x()"><a href="javascript:go()">x</a></p><script src="/ok.js"></script>')
    assert inline_code_in(html) == [
        "an inline <script>", "a <style> element", "a style attribute on <p>",
        "an onclick handler on <p>", "a javascript: URL on <a>"]


def test_it_answers_a_missing_page_in_plain_english_with_the_policy(client, people):
    client.force_login(people["analyst"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is no such page, or it shows something your role cannot see." in text_of(
        response.content)
    assert response["Content-Security-Policy"] == EXPECTED_POLICY
    assert inline_code_in(response.content) == []


def test_it_answers_a_missing_page_to_a_signed_out_visitor_without_a_traceback(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response.content)
    assert "Traceback" not in text_of(response.content)
    assert response["Content-Security-Policy"] == EXPECTED_POLICY


def test_it_keeps_django_admin_from_everyone_but_administrators(client, people):
    client.force_login(people["analyst"])
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.force_login(people["administrator"])
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Doorstep administration" in text_of(response.content)
    assert response["Content-Security-Policy"] == EXPECTED_POLICY
