"""API tokens (hashed at rest, shown once, revocable, listed with their last use), the
tokens page, pagination and the rate limit."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from doorstep.accounts.testing import cast
from doorstep.api import services
from doorstep.api.models import ApiToken, RateWindow
from doorstep.measures.models import Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_it_keeps_only_a_hash_of_a_token(people):
    record, token = services.create_token(user=people["analyst"], name="Power BI")
    assert token.startswith("dst_") and len(token) > 50
    stored = ApiToken.objects.get(pk=record.pk)
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiToken.objects.filter(pk=record.pk).values().first())
    assert stored.prefix == token[:10]


def test_it_shows_a_new_token_once_on_the_page_and_then_only_its_start(client, people):
    client.force_login(people["board_member"])
    made = client.post(reverse("api:tokens"), {"name": "Board dashboard"})
    assert made.status_code == 200
    record = ApiToken.objects.get(user=people["board_member"])
    page = made.content.decode()
    assert "Your new token" in page
    token = page.split('<code class="api-token">')[1].split("</code>")[0]
    assert hashlib.sha256(token.encode()).hexdigest() == record.key_hash
    again = client.get(reverse("api:tokens")).content.decode()
    assert token not in again
    assert f"{record.prefix}…" in again
    assert "Never used" in again


def test_it_refuses_a_token_without_a_name_and_to_a_person_with_no_role(client, people):
    client.force_login(people["analyst"])
    response = client.post(reverse("api:tokens"), {"name": " "})
    assert "Enter what the token is for" in response.content.decode()
    assert not ApiToken.objects.exists()
    client.force_login(people["no_role"])
    assert client.get(reverse("api:tokens")).status_code == 403
    with pytest.raises(services.TokenError, match="no role"):
        services.create_token(user=people["no_role"], name="x")


def test_it_lists_only_a_persons_own_tokens_with_their_last_use(client, people):
    mine, token = services.create_token(user=people["analyst"], name="Excel")
    services.create_token(user=people["board_member"], name="Someone else's")
    client.get("/api/v1/me", **bearer(token))
    mine.refresh_from_db()
    assert mine.last_used_at is not None
    client.force_login(people["analyst"])
    page = client.get(reverse("api:tokens")).content.decode()
    assert "Excel" in page and "Someone else" not in page
    assert "Never used" not in page


def test_it_records_the_last_use_at_most_once_a_minute(people):
    record, token = services.create_token(user=people["analyst"], name="BI")
    first = datetime(2026, 6, 1, 9, 0, 0, tzinfo=UTC)
    services.user_for_token(token, now=first)
    services.user_for_token(token, now=first + timedelta(seconds=30))
    record.refresh_from_db()
    assert record.last_used_at == first
    services.user_for_token(token, now=first + timedelta(seconds=61))
    record.refresh_from_db()
    assert record.last_used_at == first + timedelta(seconds=61)


def test_it_stops_a_revoked_token_and_lets_only_its_person_revoke_it(client, people):
    record, token = services.create_token(user=people["analyst"], name="BI")
    assert client.get("/api/v1/me", **bearer(token)).status_code == 200
    client.force_login(people["board_member"])
    assert client.post(reverse("api:revoke", args=[record.pk])).status_code == 404
    client.force_login(people["analyst"])
    assert client.get(reverse("api:revoke", args=[record.pk])).status_code == 405
    response = client.post(reverse("api:revoke", args=[record.pk]), follow=True)
    assert "is revoked" in response.content.decode()
    record.refresh_from_db()
    assert record.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_it_stops_the_tokens_of_a_deactivated_person(client, people):
    _, token = services.create_token(user=people["analyst"], name="BI")
    people["analyst"].is_active = False
    people["analyst"].save()
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_it_answers_in_pages(client, people):
    # 3 measures x 3 tenures x 5 years = 45 targets: pages of 20 hold 20, 20 and 5.
    for first_year in range(2021, 2026):
        for code in ("TP01", "TP02", "TP03"):
            for tenure in ("LCRA", "LCHO", "combined"):
                Target.objects.create(code=code, first_year=first_year, tenure=tenure,
                                      value=80, direction="higher")
    _, token = services.create_token(user=people["analyst"], name="BI")
    pages = [client.get("/api/v1/targets", {"page": n, "page_size": 20}, **bearer(token)).json()
             for n in (1, 2, 3)]
    assert [page["count"] for page in pages] == [45, 45, 45]
    assert [len(page["items"]) for page in pages] == [20, 20, 5]
    assert pages[0]["items"][0] == {"code": "TP01", "name": "Satisfied with the overall service",
                                    "year": "2025/26", "tenure": "LCHO", "value": 80.0,
                                    "direction": "higher"}
    default = client.get("/api/v1/targets", **bearer(token)).json()
    assert len(default["items"]) == 45  # pages of 50 unless asked
    one_year = client.get("/api/v1/targets", {"year": "2023-24"}, **bearer(token)).json()
    assert one_year["count"] == 9


def test_it_limits_each_token_to_its_requests_a_minute_with_a_clear_429(client, people,
                                                                         settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    _, token = services.create_token(user=people["analyst"], name="BI")
    _, other = services.create_token(user=people["analyst"], name="Excel")
    answers = [client.get("/api/v1/me", **bearer(token)) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [answer["X-RateLimit-Remaining"] for answer in answers[:3]] == ["2", "1", "0"]
    refused = answers[3]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith(
        "Too many requests: this token may make 3 a minute. Try again in ")
    # Per token: another token of the same person still has its minute.
    assert client.get("/api/v1/me", **bearer(other)).status_code == 200


def test_it_counts_the_rate_in_a_window_per_minute_and_forgets_old_windows(people, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    record, _ = services.create_token(user=people["analyst"], name="BI")
    start = datetime(2026, 6, 1, 9, 0, 15, tzinfo=UTC)
    taken = [services.take_request(token=record, now=start + timedelta(seconds=s))
             for s in (0, 10, 20)]
    assert [each.allowed for each in taken] == [True, True, False]
    assert taken[2].retry_after == 25  # 09:00:35 -> 09:01:00
    next_minute = services.take_request(token=record, now=start + timedelta(seconds=50))
    assert next_minute.allowed
    assert RateWindow.objects.filter(token=record).count() == 1


def test_it_serves_the_interactive_documentation_from_its_own_files_under_the_policy(client):
    from doorstep.web.testing import inline_code_in

    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert inline_code_in(page.content) == []
    html = page.content.decode()
    assert 'src="/static/ninja/swagger-ui-bundle.js"' in html
    assert 'src="/static/api/swagger-init.js"' in html
    assert "cdn" not in html.lower()
    assert page["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Doorstep read API"
    assert document["openapi"].startswith("3.1")
