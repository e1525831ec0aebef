"""The read API against its own OpenAPI document (schemathesis, property-based): every
endpoint, as every role, with generated parameters. No answer may be a server error, and
every answer must have a status code, content type and body the document declares."""

import pytest
import schemathesis
from api_setup import api_landlord
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from doorstep.accounts.testing import cast
from doorstep.api import services

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Not schemathesis's "positive data acceptance": a year such as 2031/99 matches the document's
# pattern but is no reporting year, and the API rightly answers 400 with the reason.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
ROLES = ["administrator", "analyst", "service_manager", "complaints_handler",
         "engagement_officer", "board_member", "panel_member", "no_role"]


@pytest.fixture
def tokens(settings):
    settings.API_REQUESTS_PER_MINUTE = 100_000  # the limit has a test of its own
    api_landlord()
    people = cast()
    # As Django's test client does: the WSGI handler would otherwise close the test's
    # database connection after each request (on PostgreSQL, the test's transaction with it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {role: services.create_token(user=people[role], name="schemathesis")[1]
           if role != "no_role" else "dst_not-a-token" for role in ROLES}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_it_documents_every_endpoint_of_the_api():
    paths = set(schema.raw_schema["paths"])
    assert paths == {
        "/api/v1/me", "/api/v1/measures", "/api/v1/measures/{code}", "/api/v1/targets",
        "/api/v1/published-years", "/api/v1/published-years/{year}",
        "/api/v1/published-years/{year}/figures", "/api/v1/actions",
        "/api/v1/complaints/summary", "/api/v1/hazards/summary", "/api/v1/surveys",
        "/api/v1/surveys/{survey_id}/progress",
    }
    assert schema.raw_schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http", "scheme": "bearer"}


@schema.parametrize()
@settings(max_examples=4, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_it_keeps_to_its_openapi_document_for_every_role(case, tokens):
    for role in ROLES:
        case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"},
                               checks=CHECKS)
