"""The evidence pack's peer comparison: where the landlord stands among its peers on each
measure in the scope, frozen with the pack.

The landlord is tests/scrutiny_setup.py's: TP01, rented homes, all homes, 2025/26: 18 of 31
satisfied, 58.06% (58.1%). The peers are a hand-made 2025/26 release, TP01 rented homes:

    A1 40.0   B2 50.0   C3 60.0   D4 70.0   E5 80.0

Median 60.0 (the middle of five); quartiles by position (n - 1) x p: q1 at 1 = 50.0, q3 at
3 = 70.0. 58.06 is beaten by C3, D4 and E5: 4th of 5; below the median 60 but not below the
lower quartile 50: the third quartile.
"""

import subprocess

import pytest
from django.test import Client
from django.utils import timezone
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.benchmarks.models import PeerLandlord, PeerSurvey, PublishedFigure, Release
from doorstep.scrutiny import services
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

PEERS = {"A1": 40.0, "B2": 50.0, "C3": 60.0, "D4": 70.0, "E5": 80.0}


def add_peer(release, code: str, tp01: float) -> None:
    peer = PeerLandlord.objects.create(
        release=release, code=code, name=f"Landlord {code}", landlord_type="PRP",
        size_band="5,000-40,000", region="London", supported_housing="No")
    PeerSurvey.objects.create(release=release, landlord=peer, tenure="LCRA",
                              predominant_method="telephone")
    PublishedFigure.objects.create(release=release, landlord=peer, code="TP01", tenure="LCRA",
                                   kind="perception", unit="%", value=tp01, denominator=400)


def take_pack(member):
    review = services.request_review(by=member, title="Overall satisfaction")
    services.set_scope(review=review, by=member, question="How do we compare?",
                       service="Housing management", measures="TP01", by_area=False,
                       evidence_wanted="", timetable="")
    services.start_gathering(review=review, by=member)
    return services.take_pack(review=review, by=member)


@pytest.fixture
def people():
    landlord()
    return scrutiny_cast()


@pytest.fixture
def release():
    made = Release.objects.create(year="2025/26", file_name="hand.xlsx",
                                  imported_at=timezone.now())
    for code, value in PEERS.items():
        add_peer(made, code, value)
    return made


def test_it_places_the_landlord_among_its_peers_on_the_page_and_in_the_pdf(people, release):
    pack = take_pack(people["member"])
    peers = pack.content["peers"]
    assert peers["year"] == "2025/26"
    assert peers["rows"] == [{
        "code": "TP01", "name": "Satisfied with the overall service",
        "tenure": "Low cost rental (LCRA)", "unit": "%", "value": 58.1, "landlords": 5,
        "median": 60.0, "q1": 50.0, "q3": 70.0, "rank": 4, "of": 5,
        "quartile": "third quartile"}]
    client = Client()
    client.force_login(people["member"])
    url = f"/scrutiny/reviews/{pack.review.review_ref}/packs/{pack.pk}/"
    page = text_of(client.get(url).content)
    assert ("TP01 Satisfied with the overall service Low cost rental (LCRA) 58.1% 60.0% "
            "50.0 to 70.0 4 of 5, third quartile") in page
    pdf = subprocess.run(["pdftotext", "-layout", "-", "-"],
                         input=client.get(f"{url}pdf/").content,
                         capture_output=True, check=True).stdout.decode()
    pdf = " ".join(pdf.split())
    assert "How we compare with other landlords" in pdf
    # The PDF's narrow columns wrap the words, so the row reads across the wrapped lines.
    assert "TP01 Satisfied with the Low cost rental 58.1% 60.0% 50.0 to 70.0 4 of 5, third " \
        "overall service (LCRA) quartile" in pdf


def test_it_does_not_change_when_the_peer_figures_change_later(people, release):
    pack = take_pack(people["member"])
    PublishedFigure.objects.filter(landlord__code="C3").update(value=95.0)
    add_peer(release, "F6", 10.0)
    pack.refresh_from_db()
    row = pack.content["peers"]["rows"][0]
    assert (row["median"], row["rank"], row["of"]) == (60.0, 4, 5)
    # A pack taken now sees the new figures: 10, 40, 50, 70, 80, 95: median (50 + 70) / 2.
    later = take_pack(people["member"])
    row = later.content["peers"]["rows"][0]
    assert (row["median"], row["rank"], row["of"]) == (60.0, 4, 6)


def test_it_says_so_plainly_when_no_peer_figures_are_loaded(people):
    pack = take_pack(people["member"])
    assert pack.content["peers"] == {"year": None, "rows": [], "note": "No peer figures loaded"}
    client = Client()
    client.force_login(people["member"])
    page = text_of(client.get(
        f"/scrutiny/reviews/{pack.review.review_ref}/packs/{pack.pk}/").content)
    assert "How we compare with other landlords No peer figures loaded." in page
