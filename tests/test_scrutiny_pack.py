"""The evidence pack: frozen and dated; through the panel's small-number protection; no
resident identifiable on screen or in the PDF; unchanged by a later import.

The landlord is tests/scrutiny_setup.py's. TP01 (satisfied with the overall service), rented
homes, 2025/26: North 3 of 4 satisfied (75.0%, 4 residents: a small group); South 9 of 12
(75.0%); East 6 of 15 (40.0%); all homes 18 of 31 (58.1%). North is hidden for having fewer
than 10; South too, or North could be worked out as all homes less South and East.
"""

import json
import subprocess
from datetime import date

import pytest
from django.test import Client
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.scrutiny import services
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice.models import CodedComment, ThemeMention
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

RAW = "Mrs Patel at 14 Acacia Avenue rang 07700 900123 about the boiler"
REDACTED = "[name] at [address] rang [phone] about the boiler"
PERSONAL = ("Patel", "Acacia", "07700", "North-", "V-North")


def comment(n: int, *, text: str = "", redacted: str = "") -> None:
    home = Home.objects.create(home_ref=f"C{n}", tenure="LCRA", area="West")
    response = SurveyResponse.objects.create(response_ref=f"CV{n}", home=home, tenure="LCRA",
                                             completed_on=date(2025, 9, 1), channel="phone")
    words = text or f"Comment {n} about repairs"
    source = Comment.objects.create(response=response, question="TP02", text=words)
    coded = CodedComment.objects.create(
        source="survey", survey_comment=source, home=home, question="TP02",
        received_on=date(2025, 9, 1), text=words, redacted_text=redacted or words,
        sentiment="negative")
    ThemeMention.objects.create(coded_comment=coded, theme_code="repairs", sentiment="negative")


@pytest.fixture
def people():
    landlord()
    comment(0, text=RAW, redacted=REDACTED)
    for n in range(1, 12):
        comment(n)
    return scrutiny_cast()


@pytest.fixture
def pack(people):
    member = people["member"]
    review = services.request_review(by=member, title="Overall satisfaction")
    services.set_scope(review=review, by=member, question="Why are East's residents unhappy?",
                       service="Housing management", measures="TP01", by_area=True,
                       evidence_wanted="", timetable="")
    services.start_gathering(review=review, by=member)
    return services.take_pack(review=review, by=member)


def rows(content) -> dict:
    return {(f["code"], f["tenure"], f["group"]): (f["hidden"], f["value"], f["base"])
            for f in content["figures"]}


def test_it_hides_the_small_group_and_the_one_that_would_give_it_away(pack):
    got = rows(pack.content)
    lcra = "Low cost rental (LCRA)"
    assert got[("TP01", lcra, "North")] == (True, None, None)
    assert got[("TP01", lcra, "South")] == (True, None, None)
    assert got[("TP01", lcra, "East")] == (False, 40.0, 15)
    assert got[("TP01", lcra, "All homes")] == (False, 58.1, 31)
    assert {f["code"] for f in pack.content["figures"]} == {"TP01"}
    assert pack.content["year"] == "2025/26"


def test_it_keeps_personal_details_and_the_small_group_out_of_the_pack_page_and_pdf(
        people, pack):
    as_json = json.dumps(pack.content)
    assert REDACTED in as_json
    client = Client()
    client.force_login(people["member"])
    page = text_of(client.get(f"/scrutiny/reviews/{pack.review.review_ref}/packs/{pack.pk}/"
                              ).content)
    assert "TP01 Satisfied with the overall service Low cost rental (LCRA) East 40.0% " \
        "15 residents" in page
    assert "North Not shown: too few to show safely" in page
    response = client.get(f"/scrutiny/reviews/{pack.review.review_ref}/packs/{pack.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pdf = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content,
                         capture_output=True, check=True).stdout.decode()
    pdf = " ".join(pdf.split())
    assert "Evidence pack: review R-1, Overall satisfaction" in pdf
    assert "40.0%" in pdf
    assert "[name] at [address] rang [phone] about the boiler" in pdf
    review_page = text_of(client.get("/scrutiny/reviews/R-1/").content)
    for shown in (as_json, page, pdf, review_page):
        for personal in PERSONAL:
            assert personal not in shown
        assert "75.0" not in shown  # North's (and South's) figure
        assert "4 residents" not in shown and "12 residents" not in shown


def test_it_is_a_tagged_pdf(people, pack):
    client = Client()
    client.force_login(people["board_member"])
    pdf = client.get(f"/scrutiny/reviews/R-1/packs/{pack.pk}/pdf/").content
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Title:           Evidence pack: review R-1, Overall satisfaction" in info


def test_it_does_not_change_when_more_answers_are_imported_later(people, pack):
    frozen = json.loads(json.dumps(pack.content))
    homes = Home.objects.bulk_create(Home(home_ref=f"Late-{n}", tenure="LCRA", area="East")
                                     for n in range(20))
    SurveyResponse.objects.bulk_create(
        SurveyResponse(response_ref=f"L-{n}", home=home, tenure="LCRA",
                       completed_on=date(2025, 11, 1), channel="online", tp01=1)
        for n, home in enumerate(homes))
    pack.refresh_from_db()
    assert pack.content == frozen
    client = Client()
    client.force_login(people["member"])
    page = text_of(client.get(f"/scrutiny/reviews/R-1/packs/{pack.pk}/").content)
    assert "East 40.0% 15 residents" in page
    # A new pack sees the import: East 26 of 35 = 74.3%.
    newer = services.take_pack(review=pack.review, by=people["member"])
    lcra = "Low cost rental (LCRA)"
    assert rows(newer.content)[("TP01", lcra, "East")] == (False, 74.3, 35)
