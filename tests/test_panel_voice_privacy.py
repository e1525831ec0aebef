"""Complaint and ASB descriptions are about neighbours, and panel members are neighbours: the
panel (and the board) read them only as counts per theme, never as words, never with a date
(issue 17, item 4). Planted here: 12 complaint descriptions and 11 ASB descriptions about noise,
each with a phrase found nowhere else, received on 17 September 2025; beside them the survey
comments of tests/test_panel_comments.py (16 listed, one of them with a name and address).
"""

from datetime import date

import pytest
from test_panel_comments import REDACTED, comments_page, people  # noqa: F401

from doorstep.stock.models import Home
from doorstep.voice.models import CodedComment, ThemeMention
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db
PLANTED = "Quigglewort"
RECEIVED = date(2025, 9, 17)


@pytest.fixture
def casework():
    home = Home.objects.create(home_ref="NX1", tenure="LCRA", area="North")
    for n, source in [(n, "complaint") for n in range(12)] + [(n, "asb") for n in range(11)]:
        words = f"{PLANTED} {source} {n}: the family at number 3 play music all night"
        coded = CodedComment.objects.create(
            source=source, home=home, received_on=RECEIVED, text=words, redacted_text=words,
            sentiment="negative")
        ThemeMention.objects.create(coded_comment=coded, theme_code="noise",
                                    sentiment="negative")


@pytest.mark.parametrize("role", ["panel_member", "board_member"])
@pytest.mark.parametrize("query", ["", "?theme=noise", "?year=2025/26"])
def test_it_counts_casework_by_theme_and_never_shows_its_words_or_day(
    client, people, casework, role, query  # noqa: F811
):
    text = comments_page(client, people[role], query)
    assert PLANTED not in text and "play music all night" not in text
    assert "17 September" not in text and "17/09/2025" not in text
    assert REDACTED in text or query == "?theme=noise"  # survey comments, redacted
    if query != "?theme=noise":
        assert "Received in September 2025" in text  # survey comments by month only


def test_it_puts_the_planted_cases_in_the_theme_counts(client, people, casework):  # noqa: F811
    text = comments_page(client, people["panel_member"])
    # Noise: 12 complaints and 11 ASB reports (both at least 10, so both shown).
    assert "Noise 12 11" in text


def test_it_keeps_the_words_out_of_the_voice_pages_for_the_panel(client, people,  # noqa: F811
                                                                  casework):
    client.force_login(people["panel_member"])
    for path in ("/voice/", "/voice/?theme=noise", "/panel/", "/voice/flags/"):
        response = client.get(path, follow=True)
        assert PLANTED not in text_of(response.content), path
