"""Residents ask for a review on the public form: no sign-in, no CAPTCHA, a few requests an
hour from one address; supporters' household references checked against the homes (each
home once) and never shown to the panel; the threshold an administrator's setting (10)."""

import pytest
from django.test import Client
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.scrutiny.models import ResidentRequest, Review, ScrutinySettings
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    landlord()
    return scrutiny_cast()


def ask(client, *, refs="", association=""):
    return client.post("/ask-for-a-review/", {
        "name": "A Tenant", "contact": "tenant@example.org",
        "subject": "Lifts breaking down in tall blocks", "association": association,
        "supporter_refs": refs})


def test_it_shows_the_form_to_anyone_without_a_captcha(people):
    response = Client().get("/ask-for-a-review/")
    assert response.status_code == 200
    assert inline_code_in(response.content) == []
    text = text_of(response.content)
    assert "any tenant supported by 10 other households" in text
    assert "captcha" not in response.content.decode().lower()


def test_it_opens_a_review_when_ten_real_households_support_it(people):
    # 10 real homes (one given twice, in lower case) and 2 that do not exist: 10 found.
    refs = "\n".join([f"East-{n}" for n in range(9)] + ["east-0", "South-1", "NOPE-1", "X"])
    response = ask(Client(), refs=refs)
    assert response.status_code == 302
    request = ResidentRequest.objects.get()
    assert (request.supporters_found, request.meets_threshold) == (10, True)
    review = Review.objects.get()
    assert (review.title, review.requested_by) == ("Lifts breaking down in tall blocks",
                                                    "residents")
    client = Client()
    client.force_login(people["member"])
    page = client.get(f"/scrutiny/reviews/{review.review_ref}/").content.decode()
    assert "Supported by 10 households" in text_of(page)
    for ref in ("East-1", "South-1", "NOPE-1", "tenant@example.org", "A Tenant"):
        assert ref not in page


def test_it_opens_no_review_below_the_administrators_threshold(people):
    settings = ScrutinySettings.current()
    settings.supporters_needed = 12
    settings.save()
    ask(Client(), refs=" ".join(f"East-{n}" for n in range(11)))
    request = ResidentRequest.objects.get()
    assert (request.supporters_found, request.meets_threshold, request.review) == (11, False,
                                                                                  None)
    assert Review.objects.count() == 0


def test_it_opens_a_review_for_a_residents_association(people):
    ask(Client(), association="Tower Court Residents' Association")
    assert Review.objects.get().requested_by == "association"


def test_it_limits_requests_from_one_address_to_five_an_hour(people):
    client = Client()
    for _ in range(5):
        assert ask(client).status_code == 302
    refused = ask(client)
    assert refused.status_code == 429
    assert "several requests from your connection in the last hour" in text_of(refused.content)
    assert ResidentRequest.objects.count() == 5
