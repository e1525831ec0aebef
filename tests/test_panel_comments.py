"""What residents said, as the scrutiny panel reads it: survey comments with personal details
removed, never a flagged comment, and no count of fewer than 10.

The comments in these tests, all from 2025/26 surveys: 12 about repairs (8 negative, 4
positive), 4 about noise (all negative), and one about a resident at risk, flagged for
safeguarding, which must never be shown.
"""

from datetime import date

import pytest

from doorstep.accounts.testing import cast
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice.models import CodedComment, HazardFlag, ThemeMention
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

RAW = "Mrs Patel at 14 Acacia Avenue rang 07700 900123 about the boiler"
REDACTED = "[name] at [address] rang [phone] about the boiler"


def comment(n: int, *, theme: str, sentiment: str, text: str = "", redacted: str = "",
            question: str = "TP02", on=date(2025, 9, 1)) -> CodedComment:
    home = Home.objects.create(home_ref=f"H{n}", tenure="LCRA", area="North")
    response = SurveyResponse.objects.create(response_ref=f"V{n}", home=home, tenure="LCRA",
                                             completed_on=on, channel="phone")
    words = text or f"Comment {n} about {theme}"
    source = Comment.objects.create(response=response, question=question, text=words)
    coded = CodedComment.objects.create(
        source="survey", survey_comment=source, home=home, question=question, received_on=on,
        text=words, redacted_text=redacted or words, sentiment=sentiment)
    ThemeMention.objects.create(coded_comment=coded, theme_code=theme, sentiment=sentiment)
    return coded


def residents_said() -> None:
    comment(0, theme="repairs", sentiment="negative", text=RAW, redacted=REDACTED)
    for n in range(1, 8):
        comment(n, theme="repairs", sentiment="negative")
    for n in range(8, 12):
        comment(n, theme="repairs", sentiment="positive")
    for n in range(12, 16):
        comment(n, theme="noise", sentiment="negative", question="TP12")
    at_risk = comment(16, theme="repairs", sentiment="negative",
                      text="I cannot cope any more and have thought of ending it",
                      redacted="I cannot cope any more and have thought of ending it")
    HazardFlag.objects.create(coded_comment=at_risk, kind="safeguarding", sub_kind="self_harm",
                              flagged_on=date(2025, 9, 1), follow_up_by=date(2025, 9, 2))


@pytest.fixture
def people():
    residents_said()
    return cast()


def comments_page(client, user, query="") -> str:
    client.force_login(user)
    response = client.get("/panel/comments/" + query)
    assert response.status_code == 200
    assert inline_code_in(response.content) == []
    return text_of(response.content)


def test_it_shows_the_panel_comments_with_personal_details_removed(client, people):
    text = comments_page(client, people["panel_member"])
    assert REDACTED in text
    for personal in ("Patel", "Acacia", "07700", "H0", "V0", "North"):
        assert personal not in text, personal
    # Repairs is not named on a negative comment: the table hides that count (issue 19).
    assert "Asked: Satisfied with the overall repairs service. Sentiment: Negative." in text
    assert "Themes: Repairs" not in text


def test_it_never_shows_a_comment_flagged_for_safeguarding(client, people):
    for role in ("panel_member", "board_member", "analyst"):
        text = comments_page(client, people[role])
        assert "ending it" not in text, role


def test_it_counts_comments_by_theme_and_hides_counts_under_ten(client, people):
    text = comments_page(client, people["panel_member"])
    # Repairs: 12 comments shown (the flagged 13th is not counted); 8 negative and 4
    # positive: 4 is too few, and 12 - 4 would give it away from the 8, so both are hidden;
    # no neutral ones.
    assert "Repairs 12 Not shown 0 Not shown" in text
    # Noise: 4 comments, all negative: too few to show, in all or as negative. None are
    # positive or neutral, and a count of none points to no one.
    assert "Noise Not shown 0 0 Not shown" in text


def test_it_lists_a_theme_on_its_own_only_with_ten_comments_or_more(client, people):
    text = comments_page(client, people["panel_member"], "?year=2025%2F26&theme=repairs")
    assert "Comments about Repairs" in text
    assert text.count("Comment ") == 11  # the 12th is the redacted one
    # Both of repairs' sentiment counts are hidden, so no comment in its list names one.
    assert text.count("Sentiment:") == 0
    text = comments_page(client, people["panel_member"], "?year=2025%2F26&theme=noise")
    assert "There is a problem Choose a theme from the list" in text
    assert "Comments about Noise" not in text
    assert text.count("Sentiment:") == 16  # every comment instead, none singled out


def test_it_lists_no_comments_from_a_year_with_fewer_than_ten(client, people):
    comment(99, theme="repairs", sentiment="negative", on=date(2024, 9, 1))
    text = comments_page(client, people["panel_member"], "?year=2024%2F25")
    assert ("There are fewer than 10 comments in 2024/25, so they are not listed: so few "
            "could point to the residents who wrote them.") in text
    assert "Sentiment:" not in text


def test_it_shows_comments_to_every_role_that_may_read_them_and_refuses_the_rest(client,
                                                                                 people):
    for role in ("administrator", "analyst", "service_manager", "engagement_officer",
                 "board_member", "panel_member"):
        assert REDACTED in comments_page(client, people[role]), role
    for role in ("complaints_handler", "no_role"):
        client.force_login(people[role])
        response = client.get("/panel/comments/")
        assert response.status_code == 403, role
        assert "does not include permission to read residents' comments with personal " \
            "details removed" in text_of(response.content)


def test_it_pages_through_the_comments_twenty_at_a_time(client, people):
    for n in range(100, 110):
        comment(n, theme="repairs", sentiment="neutral")
    text = comments_page(client, people["panel_member"])
    # 16 + 10 = 26 comments: 20 on page 1, 6 on page 2.
    assert text.count("Sentiment:") == 20
    assert "Page 1 of 2" in text
    text = comments_page(client, people["panel_member"], "?year=2025%2F26&page=2")
    assert text.count("Sentiment:") == 6


def test_it_lists_comments_in_the_same_number_of_queries_for_few_or_many(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["panel_member"])
    with CaptureQueriesContext(connection) as few:
        client.get("/panel/comments/")
    for n in range(100, 104):
        comment(n, theme="noise", sentiment="neutral")
    with CaptureQueriesContext(connection) as more:
        response = client.get("/panel/comments/")
    # 16 + 4 = 20 comments, one full page; noise now has 8, still too few to show.
    assert text_of(response.content).count("Sentiment:") == 20
    assert len(more) == len(few)
