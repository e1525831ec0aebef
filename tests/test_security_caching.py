"""Issue 19, weakness 5: signed-in pages with personal data could be kept by a browser or a
proxy. Every response to a signed-in person carries ``Cache-Control: private, no-store``."""

import pytest

from doorstep.accounts.testing import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


@pytest.mark.parametrize("url", [
    "/", "/complaints/", "/hazards/", "/voice/", "/measures/", "/measures/CH01/records/",
    "/measures/CH01/records.csv", "/measures/CH01/records.xlsx", "/no-such-page/",
])  # fmt: skip
def test_it_tells_browsers_and_proxies_not_to_keep_signed_in_pages(client, people, url):
    client.force_login(people["administrator"])
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert "Expires" not in response


def test_it_marks_a_refusal_and_a_redirect_to_a_signed_in_person_too(client, people):
    client.force_login(people["panel_member"])
    refused = client.get("/complaints/")
    assert refused.status_code == 403
    assert refused["Cache-Control"] == "private, no-store"


def test_it_leaves_the_signed_out_sign_in_page_as_its_view_sets_it(client):
    response = client.get("/sign-in/")
    # never_cache on the sign-in view, untouched: the middleware acts on signed-in pages only.
    assert response["Cache-Control"] == ("max-age=0, no-cache, no-store, must-revalidate, "
                                         "private")
