"""Shared set-up for the resident survey tests: a survey, its sampled households, links."""

from datetime import date, timedelta

from django.utils import timezone

from doorstep.resident.services import issue_invitations
from doorstep.stock.models import Home
from doorstep.surveys.models import SampledHousehold
from doorstep.surveys.services import create_survey

# TP01 ... TP12 with the filters, as a renter who had a repair and has communal areas but
# made no complaint answers them, in the order the pages ask.
RENTER_PATH = [
    ("TP01", "2"), ("had_repair", "yes"), ("TP02", "1"), ("TP03", "4"), ("TP04", "2"),
    ("TP05", "1"), ("TP06", "3"), ("TP07", "2"), ("TP08", "1"), ("made_complaint", "no"),
    ("has_communal_areas", "yes"), ("TP10", "5"), ("TP11", "3"), ("TP12", "2"),
]


def sampled_survey(*, name="TSM 2025/26", homes=(("H1", "LCRA"),), scope="combined"):
    survey = create_survey(
        name=name, kind="perception", tenure_scope=scope, year="2025/26",
        fieldwork_starts=date(2025, 9, 1), fieldwork_ends=date(2025, 11, 30),
    )
    for ref, tenure in homes:
        home = Home.objects.filter(home_ref=ref).first() or Home.objects.create(
            home_ref=ref, tenure=tenure, area="North")
        SampledHousehold.objects.create(survey=survey, home=home, tenure=tenure, area="North")
    return survey


def links(survey, *, days=30, reminder=False) -> dict[str, str]:
    """A fresh link for each sampled household: {home reference: token}."""
    issued = issue_invitations(survey=survey, expires_at=timezone.now() + timedelta(days=days),
                               reminder=reminder)
    return {link.home.home_ref: link.token for link in issued}


def answer_all(client, token, path=RENTER_PATH):
    """Answer each question in turn, checking each page asks the question expected next."""
    url = f"/s/{token}/q/{path[0][0]}/"
    for code, value in path:
        assert url == f"/s/{token}/q/{code}/", f"expected {code} next, was sent to {url}"
        response = client.post(url, {"answer": value})
        assert response.status_code == 302, f"{code}: {response.status_code}"
        url = response["Location"]
    return url
