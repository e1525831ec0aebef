"""Issue 19, weakness 8: the role-by-URL matrix. Every URL pattern of Doorstep is opened as
every role (and signed out); a role not listed for a pattern must never get its page, and a
role listed must never be refused. A URL pattern with no row here fails the test, so a new
page is covered the day it is added.

TO ADD A ROW: find the pattern's name (``app:name``, as in its urls.py) and add a line to
EXPECTED below, listing who may open it, e.g. ``"actions:plan": ROLES,`` or
``"hazards:list": "AD AN SM",``. The codes: AD administrator, AN performance analyst, SM
service manager, CH complaints handler, EO engagement officer, BM board member, PM scrutiny
panel member, NR signed in with no role yet, OUT signed out. ``ROLES`` is every role,
``SIGNED_IN`` every role and NR, ``PUBLIC`` everyone including OUT.

Pages about one record are opened with ids that do not exist (1, "X1"): a role listed gets
404 there, never 403 or the sign-in page; a role not listed gets 403 or 404, never 200.
"""

import re

import pytest
from django.test import Client

from doorstep.accounts.testing import cast, url_patterns

pytestmark = pytest.mark.django_db

ROLES = "AD AN SM CH EO BM PM"
SIGNED_IN = ROLES + " NR"
PUBLIC = SIGNED_IN + " OUT"

EXPECTED = {
    "home": SIGNED_IN,
    "accounts:sign-in": PUBLIC,
    "accounts:sign-out": SIGNED_IN,
    "ops:healthz": PUBLIC,
    "ops:job": SIGNED_IN,  # each person's own jobs
    "ops:job-progress": SIGNED_IN,
    "ops:prepared-pdf": SIGNED_IN,  # the starter's own prepared PDF
    "ops:prepare-pdf": PUBLIC,  # POST only; the worker's view of the PDF checks the access
    "imports:index": "AD AN",
    "imports:history": "AD AN",
    "imports:formats": "AD AN",
    "imports:run": "AD AN",
    "imports:confirm": "AD AN",
    "measures:year": ROLES,
    "measures:targets": "AD AN",
    "measures:target": "AD AN",
    "measures:measure": ROLES,
    "measures:records": "AD AN SM",
    "measures:csv": "AD AN SM",
    "measures:xlsx": "AD AN SM",
    "panel:measures": ROLES,
    "panel:comments": "AD AN SM EO BM PM",
    "complaints:list": "AD AN SM CH",
    "complaints:log": "AD CH",
    "complaints:case": "AD AN SM CH",
    "complaints:step": "AD CH",
    "complaints:letter": "AD CH",
    "complaints:report-index": ROLES,
    "complaints:report": ROLES,
    "complaints:report-pdf": ROLES,
    "complaints:self-assessment": "AD",
    "complaints:governing-body": "AD",
    "hazards:list": "AD AN SM",
    "hazards:open": "AD SM",
    "hazards:open-from-repair": "AD SM",
    "hazards:open-from-comment": "AD SM",
    "hazards:open-from-complaint": "AD SM",
    "hazards:case": "AD AN SM",
    "hazards:step": "AD SM",
    "hazards:report-index": ROLES,
    "hazards:report": ROLES,
    "hazards:report-pdf": ROLES,
    # A service manager's lists (issue 17 item 7): repairs work, in their areas.
    "repairs:list": "AD AN SM",
    "repairs:repair": "AD AN SM",
    "asb:list": "AD AN SM",
    "asb:case": "AD AN SM",
    "stock:safety": "AD AN SM",
    "benchmarks:index": ROLES,
    "benchmarks:import": "AD AN",
    "benchmarks:save-group": "AD AN",
    "benchmarks:where-you-stand": ROLES,
    # Board and panel are sent on to the panel's page (test_security_suppression.py).
    "voice:comments": "AD AN SM EO BM PM",
    "voice:comment": "AD AN SM EO",
    "voice:correct": "AD AN SM EO",
    "voice:flags": "AD AN SM EO",
    "voice:flag": "AD AN SM EO",
    "voice:code-now": "AD AN SM EO",  # POST only
    "voice:key-drivers": ROLES,
    "resident:start": PUBLIC,
    "resident:language": PUBLIC,
    "resident:question": PUBLIC,
    "resident:check": PUBLIC,
    "resident:done": PUBLIC,
    "fieldwork:index": "AD AN EO",
    "fieldwork:household": "AD AN EO",
    "fieldwork:answers": "AD AN EO",
    "fieldwork:paper": "AD AN EO",
    "surveys:list": "AD AN EO BM",
    "surveys:new": "AD AN EO",
    "surveys:questions": "AD AN EO",
    "surveys:add-question": "AD AN EO",
    "surveys:translate-question": "AD AN EO",
    "surveys:sample": "AD AN EO",
    "surveys:add-exclusion": "AD AN EO",
    "surveys:links": "AD AN EO",
    "surveys:progress": "AD AN EO BM",
    "surveys:weighting": "AD AN EO",
    "surveys:clear-weights": "AD AN",
    "surveys:approach": "AD AN EO",
    "surveys:approach-markdown": "AD AN EO",
    "surveys:approach-notes": "AD AN EO",
    "actions:plan": ROLES,
    "actions:new": "AD AN SM",
    "actions:action": ROLES,
    "actions:edit": "AD AN SM",
    "actions:milestone-new": "AD AN SM",
    "actions:milestone-done": "AD AN SM",
    "actions:step": "AD AN SM",
    "publishing:list": ROLES,
    "publishing:year": ROLES,
    "publishing:return": "AD AN",
    "publishing:report": PUBLIC,
    "publishing:report-pdf": PUBLIC,
    "publishing:report-language": PUBLIC,
    "publishing:report-language-pdf": PUBLIC,
    "publishing:open-csv": PUBLIC,
    "publishing:open-json": PUBLIC,
    "publishing:board-index": "AD AN BM",
    "publishing:board-year": "AD AN BM",
    "publishing:board-year-pdf": "AD AN BM",
    "publishing:board-year-prepare": "AD AN BM",  # POST only
    "publishing:report-prepare": SIGNED_IN,  # POST only; the public PDF needs no job
    "publishing:board-quarter-prepare": "AD AN BM",  # POST only
    "publishing:board-quarter": "AD AN BM",
    "publishing:board-quarter-pdf": "AD AN BM",
    "you-said-we-did": PUBLIC,
    "involvement:recommendation-link": SIGNED_IN,  # POST only
    "involvement:paper": "EO",
    # Tenant scrutiny (issue 14). PM is not listed: the cast's panel member is not on the
    # panel, and only current members may open the workspace (tests/test_scrutiny_access.py).
    "scrutiny:index": "AD AN SM EO BM",  # a service manager is sent to their answers
    "scrutiny:members": "AD AN EO BM",
    "scrutiny:add-member": "AD EO",
    "scrutiny:member-leaves": "AD EO",
    "scrutiny:terms": "AD EO",
    "scrutiny:short-requests": "AD EO",
    "scrutiny:meetings": "AD AN EO BM",
    "scrutiny:new-meeting": "AD EO",
    "scrutiny:meeting": "AD AN EO BM",
    "scrutiny:change-meeting": "AD EO",
    "scrutiny:minutes": "AD EO",
    "scrutiny:add-paper": "AD EO",
    "scrutiny:paper-file": "AD AN EO BM",
    "scrutiny:new-review": "AD EO",
    "scrutiny:review": "AD AN EO BM",
    "scrutiny:scope": "AD EO",
    "scrutiny:add-evidence": "AD EO",
    "scrutiny:evidence-file": "AD AN EO BM",
    "scrutiny:pack": "AD AN EO BM",
    "scrutiny:pack-pdf": "AD AN EO BM",
    "scrutiny:findings": "AD EO",
    "scrutiny:new-recommendation": "AD EO",
    "scrutiny:close": "AD EO",
    "scrutiny:step": "AD EO",
    "scrutiny:recommendation": "AD AN SM EO BM",
    "scrutiny:edit-recommendation": "AD EO",
    "scrutiny:respond": "AD SM",
    "scrutiny:responses": "AD SM",
    "scrutiny:code-comments": "AD EO",
    "scrutiny:notifications": ROLES,
    "scrutiny-request": PUBLIC,
    "scrutiny-request-sent": PUBLIC,
    # Rows below were written from each app's behaviour on 2 December 2026, while the app
    # was being built: its owner should confirm them.
    "involvement:activities": "AD AN EO",
    "involvement:new": "EO",
    "involvement:reach": "AD AN EO BM",
    "involvement:impact": "AD AN EO BM",
    "involvement:panel": "PM",
    "involvement:withdraw": SIGNED_IN,  # POST only
    "involvement:activity": "AD AN EO",
    "involvement:participant-add": SIGNED_IN,  # POST only
    "involvement:action-link": SIGNED_IN,  # POST only
    "involvement:feedback-entry": SIGNED_IN,  # POST only
    "involvement:links": SIGNED_IN,  # POST only
    "involvement:case-study-new": "EO",
    "involvement:case-study-approve": SIGNED_IN,  # POST only
    "involvement:social-values": "AD AN EO",
    "involvement:social-value-new": "AD EO",
    "involvement:social-value-edit": "AD EO",
    "involvement:recommendation-activities": "AD AN EO",
    "involvement:social-value-record": SIGNED_IN,  # POST only
    "involvement-feedback": PUBLIC,  # a participant's feedback link: the token is the key
    "api-v1:openapi-json": PUBLIC,
    "api-v1:openapi-view": PUBLIC,
    "api-v1:me": SIGNED_IN,
    "api-v1:measures": ROLES,
    "api-v1:measure": ROLES,
    "api-v1:targets": ROLES,
    "api-v1:published_years": ROLES,
    "api-v1:published_year": ROLES,
    "api-v1:published_figures": ROLES,
    "api-v1:actions": ROLES,
    "api-v1:complaint_summary": ROLES,
    "api-v1:hazard_summary": ROLES,
    "api-v1:surveys": "AD AN EO BM",
    "api-v1:survey_progress": "AD AN EO BM",
    "api-v1:api-root": PUBLIC,
    "api:tokens": ROLES,
    "api:revoke": SIGNED_IN,  # POST only
}
# Django's admin: every one of its patterns is for administrators only.
ADMIN = "AD"

WHO = {"AD": "administrator", "AN": "analyst", "SM": "service_manager",
       "CH": "complaints_handler", "EO": "engagement_officer", "BM": "board_member",
       "PM": "panel_member", "NR": "no_role", "OUT": None}  # fmt: skip
SAMPLE = {"IntConverter": "1", "StringConverter": "X1", "SlugConverter": "x",
          "PathConverter": "x"}  # fmt: skip


def sample_url(pattern) -> str:
    route = pattern["route"]
    for name, converter in pattern["converters"].items():
        value = "2025-26" if name == "year" else SAMPLE.get(type(converter).__name__, "x")
        route = re.sub(r"<(?:\w+:)?" + name + ">", value, route, count=1)
    return "/" + route


def key_of(pattern) -> str:
    return pattern["name"] or pattern["route"]


ADMIN_OPEN = {"admin:login": PUBLIC, "admin:logout": SIGNED_IN}


def expected_for(pattern) -> str | None:
    if pattern["route"].startswith("admin/"):
        return ADMIN_OPEN.get(key_of(pattern), ADMIN)
    return EXPECTED.get(key_of(pattern))


def test_it_has_an_expectation_for_every_url_pattern():
    missing = [pattern for pattern in url_patterns() if expected_for(pattern) is None]
    assert missing == [], "\n".join(
        f'URL pattern {key_of(p)!r} (/{p["route"]}) has no row in EXPECTED in '
        f'tests/test_security_roles.py. Add a line such as\n    "{key_of(p)}": "AD AN",\n'
        "listing the roles that may open it (codes at the top of the file)."
        for p in missing)
    unused = sorted(set(EXPECTED) - {key_of(p) for p in url_patterns()})
    assert unused == [], f"Rows for URL patterns that no longer exist: {unused}"


def outcome(client, url) -> str:
    response = client.get(url)
    if response.status_code == 302 and response["Location"].startswith("/sign-in/"):
        return "sign-in"
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return "sign-in"  # the admin's own sign-in, for an administrator
    if response.status_code == 401:
        return "sign-in"  # the API's answer to a request without a token
    if response.status_code in (400, 422):
        return "bad input"  # the API refusing "X1" as an id: neither opened nor refused
    if response.status_code in (403, 404, 405):
        return {403: "refused", 404: "not found", 405: "post only"}[response.status_code]
    if response.status_code >= 500:
        return "server error"
    return "opened"


def test_it_gives_each_role_exactly_the_pages_its_row_lists():
    people = cast()
    people["administrator"].is_superuser = True
    people["administrator"].save()
    clients = {}
    for code, role in WHO.items():
        clients[code] = Client()
        if role:
            clients[code].force_login(people[role])
    wrong = []
    for pattern in url_patterns():
        allowed = set((expected_for(pattern) or "").split())
        url = sample_url(pattern)
        admin = pattern["route"].startswith("admin/")
        for code, client in clients.items():
            got = outcome(client, url)
            if got == "server error":
                wrong.append(f"{url} as {code}: server error")
            elif code in allowed and got in ("refused", "sign-in") and not admin:
                # (the admin refuses even an administrator some pages: read-only records)
                wrong.append(f"{url} as {code}: {got}, but its row lets {code} in")
            elif code not in allowed and got == "opened":
                wrong.append(f"{url} as {code}: opened, but its row does not list {code}")
            elif code == "OUT" and code not in allowed and got != "sign-in":
                wrong.append(f"{url} signed out: {got}, not sent to sign in")
    assert wrong == [], "\n".join(wrong)
