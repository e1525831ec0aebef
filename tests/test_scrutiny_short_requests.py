"""The engagement team's list of residents' requests that fell short of the threshold (no
review opened), so someone replies to each; the panel never sees who asked."""

import pytest
from django.test import Client
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.scrutiny import services
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    landlord()
    return scrutiny_cast()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def ask(refs, **extra):
    return services.receive_resident_request(
        name="Pat Jones", contact="07700 900123", subject="Lifts out of order at Elm Court",
        supporter_refs=refs, **extra)


def test_it_lists_only_the_requests_without_enough_support(people):
    # 3 real homes, North-1 twice in different case, and one unknown reference: 3 of 10.
    ask("North-1 north-1 North-2 South-3 NOPE-9")
    ask(" ".join(f"East-{n}" for n in range(10)))  # 10 homes: opens review R-1
    ask("", association="Elm Court Residents' Association")  # recognised: opens R-2
    page = client_for(people["engagement_officer"]).get("/scrutiny/requests/")
    assert page.status_code == 200
    text = text_of(page.content)
    assert text.count("Lifts out of order at Elm Court") == 1
    assert "Pat Jones" in text and "07700 900123" in text
    assert "3 of 10" in text
    # The references themselves are not listed, even here.
    assert "North-2" not in text and "NOPE-9" not in text


def test_it_uses_the_administrators_threshold(people):
    from doorstep.scrutiny.models import ScrutinySettings

    settings_row = ScrutinySettings.current()
    settings_row.supporters_needed = 4
    settings_row.save()
    ask("North-1 North-2 North-3")
    text = text_of(client_for(people["administrator"]).get("/scrutiny/requests/").content)
    assert "3 of 4" in text and "at least 4 households" in text


def test_it_says_so_when_there_are_none(people):
    text = text_of(client_for(people["engagement_officer"]).get("/scrutiny/requests/").content)
    assert "There are no requests waiting" in text


def test_it_is_never_shown_to_the_panel_or_the_board(people):
    ask("North-1")
    for who in ("member", "board_member", "analyst", "service_manager"):
        assert client_for(people[who]).get("/scrutiny/requests/").status_code == 403
    assert "Pat Jones" not in text_of(client_for(people["member"]).get("/scrutiny/").content)
