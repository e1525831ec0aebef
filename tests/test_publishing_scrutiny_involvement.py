"""Scrutiny findings and involvement reach in the residents' report and the board pack.

The landlord is ``small_landlord`` (year 2024/25, published). Planted on top of it:

- review A: findings naming a resident (with a phone number), one recommendation sent on
  Tuesday 1 October 2024 (20 working days: due Tuesday 29 October 2024), accepted, and the
  review closed;
- review B: sent on Monday 6 January 2025, due Monday 3 February 2025 (no holiday between);
- review C: sent on Monday 2 December 2024, due Thursday 2 January 2025 (Christmas Day,
  Boxing Day and New Year's Day not counted: 4 + 5 + 5 + 2 + 1 + 2 + 1 = 20 days);
- review D: a draft, still at "Findings", whose text must never be public.

Involvement in 2024/25: 90 consented profiles, 30 in each of three age bands; one activity
with 3 young, 12 middle-aged and 20 older households and 10 anonymous residents.
"""

from datetime import date

import pytest
from scrutiny_setup import review_at_findings, scrutiny_cast
from test_publishing_public import REPORT, _pdf_tools_or_skip, pdf_text_and_info
from test_publishing_year import PLANTED, YEAR, publish, small_landlord  # noqa: F401

from doorstep.involvement.models import Activity, Participant
from doorstep.publishing.board import board_pack
from doorstep.publishing.report import residents_report
from doorstep.scrutiny import services as scrutiny
from doorstep.stock.models import Home
from doorstep.surveys.models import HouseholdProfile
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

FINDINGS = (f"Too many repeat visits. {PLANTED[0]} on {PLANTED[1]} waited three weeks "
            "for a second visit.")
SENT = "Book every second visit within five working days."
ANSWER = "We will book second visits within five days from April."
IMPACT = "Second visits are now booked faster."
DRAFT = ("Draft findings: the panel is still checking the call centre.",
         "Draft: answer every call within one minute.")


def _review(people, *, title, text, sent_on, manager):
    review = review_at_findings(people)
    review.title = title
    review.save(update_fields=["title"])
    recommendation = scrutiny.add_recommendation(review=review, by=people["member"], text=text,
                                                 manager=manager)
    scrutiny.send_recommendations(review=review, by=people["member"], sent_on=sent_on)
    recommendation.refresh_from_db()
    return review, recommendation


@pytest.fixture
def reviews(small_landlord):  # noqa: F811
    people = scrutiny_cast()
    manager = people["service_manager"]
    member = people["member"]
    a = review_at_findings(people)
    scrutiny.record_findings(review=a, by=member, findings=FINDINGS)
    answered = scrutiny.add_recommendation(review=a, by=member, text=SENT, manager=manager)
    scrutiny.send_recommendations(review=a, by=member, sent_on=date(2024, 10, 1))
    answered.refresh_from_db()
    scrutiny.respond(recommendation=answered, by=manager, decision="accepted", reasons=ANSWER,
                     responded_on=date(2024, 10, 20))
    a.refresh_from_db()
    scrutiny.close_review(review=a, by=member, impact_view=IMPACT)
    _, waiting = _review(people, title="Letters", text="Write letters in plain English.",
                         sent_on=date(2025, 1, 6), manager=manager)
    _, late = _review(people, title="Damp", text="Call back about damp within a day.",
                      sent_on=date(2024, 12, 2), manager=manager)
    draft = review_at_findings(people)
    scrutiny.record_findings(review=draft, by=member, findings=DRAFT[0])
    scrutiny.add_recommendation(review=draft, by=member, text=DRAFT[1], manager=manager)
    return {"people": people, "answered": answered, "waiting": waiting, "late": late}


_refs = iter(range(1, 10**6))


def _households(count, *, age_band, disability):
    homes = Home.objects.bulk_create([
        Home(home_ref=f"I{next(_refs)}", tenure="LCRA", area="East") for _ in range(count)])
    HouseholdProfile.objects.bulk_create([
        HouseholdProfile(home=home, age_band=age_band, disability=disability,
                         consent_on=date(2024, 1, 1), consent_source="tenancy sign-up")
        for home in homes])
    return homes


@pytest.fixture
def involvement(small_landlord):  # noqa: F811
    # Disability: yes for the 30 young and 15 middle-aged, no for 15 middle-aged and 30 older.
    young = _households(30, age_band="16-24", disability="yes")
    middle = (_households(15, age_band="25-34", disability="yes")
              + _households(15, age_band="25-34", disability="no"))
    older = _households(30, age_band="65-74", disability="no")
    activity = Activity.objects.create(activity_ref="INV-1", title="Walkabout", kind="walkabout",
                                       held_on=date(2024, 6, 1), channel="in_person")
    # Took part: young 3 (yes), middle 7 yes + 5 no, older 20 (no); 10 anonymous.
    took_part = young[:3] + middle[:7] + middle[15:20] + older[:20]
    Participant.objects.bulk_create(
        [Participant(activity=activity, home=home, participant_ref=f"P{next(_refs)}")
         for home in took_part]
        + [Participant(activity=activity, home=None, participant_ref=f"A{n}")
           for n in range(10)])
    # Outside the year: not counted.
    Activity.objects.create(activity_ref="INV-2", title="Later", kind="walkabout",
                            held_on=date(2025, 4, 1), channel="in_person")


def test_it_shows_the_years_reported_reviews_and_never_a_draft(client, reviews):
    publish()
    report = residents_report(year=YEAR, today=date(2026, 6, 1))
    # In the order the reviews were opened: A, B, C; the draft D is not there.
    titles = [review.title for review in report.scrutiny_findings]
    assert titles == ["Repairs in older blocks", "Letters", "Damp"]
    closed = report.scrutiny_findings[0]
    assert closed.closed and closed.impact == IMPACT
    assert closed.findings == ("Too many repeat visits. [name] on [phone] waited three weeks "
                               "for a second visit.")
    (item,) = closed.recommendations
    assert (item.number, item.text, item.decision, item.reasons) == (1, SENT, "Accepted",
                                                                     ANSWER)
    assert report.scrutiny_findings[2].recommendations[0].due_on == date(2025, 1, 2)

    html = client.get(REPORT).content.decode()
    text = text_of(html.encode())
    assert "What the panel found: Too many repeat visits." in text
    assert SENT in text and f"Our answer: Accepted. {ANSWER}" in text
    assert f"What the panel says changed: {IMPACT}" in text
    assert "We have not answered yet. Our answer is due by 3 February 2025." in text
    assert "We have not answered yet. Our answer is due by 2 January 2025." in text
    for secret in DRAFT + PLANTED:
        assert secret not in html, secret
    assert "member" not in text  # no panel member or manager named


def test_it_shows_the_scrutiny_findings_in_the_pdf(client, reviews, tmp_path):
    _pdf_tools_or_skip()
    publish()
    response = client.get(REPORT + "report.pdf")
    text, _ = pdf_text_and_info(response.content, tmp_path)
    assert "What our scrutiny panel found" in text
    assert "Too many repeat visits." in text and SENT in text and ANSWER in text
    for secret in DRAFT + PLANTED:
        assert secret not in text, secret


def test_it_says_so_when_there_is_no_review_or_involvement_for_the_year(client,
                                                                          small_landlord):  # noqa: F811
    publish()
    text = text_of(client.get(REPORT).content)
    assert "The panel did not report on a review this year." in text
    assert "We have no records of residents taking part to show for this year." in text


def test_it_shows_reach_with_small_groups_hidden(client, involvement):
    publish()
    reach = residents_report(year=YEAR, today=date(2026, 6, 1)).involvement_reach
    assert reach["activities"] == 1
    # 35 households with a profile + 10 anonymous.
    assert reach["involved"] == 45
    age = reach["tables"][0]
    # Young 3 is under 10: hidden; 45 - 12 - 20 would give it with not-known (10) shown,
    # so the next smallest, not known's 10, is hidden too.
    assert [(row["label"], row["residents"], row["involved"]) for row in age["rows"]] == [
        ("16 to 24", 30, None), ("25 to 34", 30, 12), ("65 to 74", 30, 20)]
    assert age["unknown"]["involved"] is None
    # The young are under-represented (expected 35/3 = 11.67, residual
    # (3 - 11.67) / √(11.67 × 2/3) = -3.11), but their count is hidden, so not named.
    assert age["under_represented"] == []
    # Disability: 45 / 45 residents; involved yes 10, no 25 (expected 17.5 each): residual
    # (10 - 17.5) / √(17.5 × 0.5) = -2.54, below -1.96, and every count shown: named.
    disability = reach["tables"][1]
    assert [(row["residents"], row["involved"]) for row in disability["rows"]] == [
        (45, 10), (45, 25)]
    assert disability["under_represented"] == ["Someone in the household is disabled"]

    text = text_of(client.get(REPORT).content)
    assert "Homes that took part: 45." in text
    assert "16 to 24 30 fewer than 10" in text
    assert "25 to 34 30 12" in text and "65 to 74 30 20" in text
    assert "We need to hear more from: Someone in the household is disabled." in text
    assert "We need to hear more from: 16 to 24" not in text
    welsh = client.get(REPORT + "cy/")
    assert welsh.status_code == 200
    assert "How residents took part" not in text_of(welsh.content)


def test_it_lists_overdue_recommendations_first_and_not_answered_ones_on_the_board(
    client, reviews
):
    publish()
    people = reviews["people"]
    pack = board_pack(user=people["board_member"], period=YEAR, today=date(2025, 1, 20))
    listed = [(entry["recommendation"].pk, entry["overdue"])
              for entry in pack.scrutiny_recommendations]
    assert listed == [(reviews["late"].pk, True), (reviews["waiting"].pk, False)]
    assert reviews["answered"].pk not in [pk for pk, _ in listed]

    client.force_login(people["board_member"])
    text = text_of(client.get("/board/2024-25/").content)
    assert "Scrutiny recommendations awaiting a response" in text
    # Today both are late: the oldest due date first.
    late = f"{reviews['late'].review.review_ref} recommendation 1"
    waiting = f"{reviews['waiting'].review.review_ref} recommendation 1"
    assert late in text and waiting in text and text.index(late) < text.index(waiting)
    assert "2 Jan 2025 Overdue" in text and "3 Feb 2025 Overdue" in text
    assert SENT not in text  # answered: not awaiting


def test_it_shows_the_reach_summary_on_the_board_pack(client, involvement):
    publish()
    from doorstep.accounts.testing import cast

    board = cast()["board_member"]
    client.force_login(board)
    text = text_of(client.get("/board/2024-25/").content)
    assert "Who took part in resident involvement" in text
    assert "Households that took part: 45." in text
    assert "16 to 24 30 fewer than 10" in text
    assert ("Under-represented among those taking part: Someone in the household is "
            "disabled.") in text


def test_it_shows_a_review_closed_after_the_page_was_first_made(client, reviews):
    publish()
    assert "Our answer: Accepted" in text_of(client.get(REPORT).content)  # review A
    people = reviews["people"]
    scrutiny.respond(recommendation=reviews["late"], by=people["service_manager"],
                     decision="not_accepted", reasons="We already call back the same day.",
                     responded_on=date(2025, 1, 21))
    text = text_of(client.get(REPORT).content)
    assert "Our answer: Not accepted. We already call back the same day." in text
    assert "Our answer is due by 2 January 2025" not in text
