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


# The read API (docs/api.md) is not a sign-in page: each endpoint asks for a person's token
# or signed-in session itself and answers 401 without (tests/test_api_access.py); the root,
# the OpenAPI document and the documentation page describe the API and hold no figures.
API_V1 = {
    "api/v1/", "api/v1/openapi.json", "api/v1/docs", "api/v1/me", "api/v1/measures",
    "api/v1/measures/<code>", "api/v1/targets", "api/v1/published-years",
    "api/v1/published-years/<year>", "api/v1/published-years/<year>/figures",
    "api/v1/actions", "api/v1/complaints/summary", "api/v1/hazards/summary", "api/v1/surveys",
    "api/v1/surveys/<survey_id>/progress",
}


def test_it_opens_no_page_without_sign_in_except_the_sign_in_page():
    # A new public page must be added here on purpose, with a reason.
    # s/: the residents' online survey; a single-use link's 130-bit token is the key
    # (doorstep/resident/services.py), and it opens its own household's survey only.
    # you-said-we-did/: the public "you said, we did" page (TIA 1.3.1): counts with small
    # groups suppressed, the landlord's summaries and approved redacted quotes, no personal
    # data (doorstep/actions/you_said_we_did.py; tests/test_you_said_we_did.py).
    # report/... and open/tsm/...: the residents' annual report (page and PDF, in each
    # language) and the open data of a PUBLISHED year, which the landlord must publish:
    # frozen landlord-wide figures, themes and causes under 10 suppressed, no comment, home
    # or person (doorstep/publishing/; tests/test_publishing_public.py).
    # healthz: the load balancer's and monitoring's check that the database answers; it
    # says "ok" or "unreachable" and nothing else (doorstep/ops/views.py).
    # ask-for-a-review/: residents ask the scrutiny panel for a review (issue 14): a form
    # that shows nothing from the database, rate-limited per address, no CAPTCHA; the
    # supporters' references are checked and never shown (doorstep/scrutiny/public_views.py).
    # f/<token>/: a participant's feedback on an involvement activity; like the survey, a
    # single-use link's token is the key and the form shows nothing from the database
    # (doorstep/involvement/views.py; tests/test_involvement_web.py).
    # jobs/prepare-pdf/: a POST that queues a PDF for a signed-in person; the public is sent
    # to the PDF page itself, which checks its own access (doorstep/ops/pdfs.py).
    assert public_views() == {
        "sign-in/", "s/<str:token>/", "s/<str:token>/language/",
        "s/<str:token>/q/<str:code>/", "s/<str:token>/check/", "s/<str:token>/done/",
        "you-said-we-did/",
        "report/<str:year>/", "report/<str:year>/report.pdf",
        "report/<str:year>/<str:language>/", "report/<str:year>/<str:language>/report.pdf",
        "open/tsm/<str:year>.csv", "open/tsm/<str:year>.json",
        "healthz",
        "ask-for-a-review/", "ask-for-a-review/sent/",
        "f/<str:token>/",
        "jobs/prepare-pdf/",
        *API_V1,
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
