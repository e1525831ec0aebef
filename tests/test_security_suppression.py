"""Issue 19, weakness 3: a count the panel's table hid could be read off a filtered list.

A small group is planted (heating and hot water, positive, 2025/26: 8 comments, beside 18
negative ones, as in the issue). Then, as a panel member and as a board member, every filter
each role has is tried on every list they can reach, every page of it, and the labels on
the comments are counted: no hidden cell of the table may come back.
"""

import itertools
import re
from datetime import date

import pytest

from doorstep.accounts.testing import cast
from doorstep.core.periods import ReportingYear
from doorstep.panel.comments import ALL, what_residents_said
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice.forms import SURVEY_QUESTIONS
from doorstep.voice.framework import DEFAULT_THEMES
from doorstep.voice.models import CodedComment, Sentiment, Source, ThemeMention

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2025)
LABELS = {theme.code: theme.label for theme in DEFAULT_THEMES}


def plant(n: int, *, theme: str, sentiment: str, question: str = "TP02"):
    home = Home.objects.create(home_ref=f"H{n:03d}", tenure="LCRA", area="North")
    response = SurveyResponse.objects.create(response_ref=f"V{n:03d}", home=home,
                                             tenure="LCRA", completed_on=date(2025, 10, 1),
                                             channel="phone")  # fmt: skip
    words = f"Comment number {n}."
    source = Comment.objects.create(response=response, question=question, text=words)
    coded = CodedComment.objects.create(
        source="survey", survey_comment=source, home=home, question=question,
        received_on=date(2025, 10, 1), text=words, redacted_text=words, sentiment=sentiment)
    ThemeMention.objects.create(coded_comment=coded, theme_code=theme, sentiment=sentiment)
    return coded


@pytest.fixture
def planted():
    numbers = itertools.count()
    for _ in range(8):  # the small group
        plant(next(numbers), theme="heating_hot_water", sentiment="positive")
    for _ in range(18):
        plant(next(numbers), theme="heating_hot_water", sentiment="negative")
    for _ in range(12):
        plant(next(numbers), theme="repairs", sentiment="negative", question="TP03")
    for _ in range(11):
        plant(next(numbers), theme="repairs", sentiment="positive", question="TP03")
    return cast()


def hidden_cells() -> frozenset:
    return what_residents_said(year=YEAR).hidden


def test_it_hides_the_planted_group_and_the_one_that_would_give_it_away(planted):
    hidden = hidden_cells()
    assert ("heating_hot_water", "positive") in hidden  # 8: too few
    assert ("heating_hot_water", "negative") in hidden  # 18: 26 - 18 would give the 8 away
    assert ("heating_hot_water", ALL) not in hidden  # 26 comments about heating are shown
    assert ("repairs", "positive") not in hidden and ("repairs", "negative") not in hidden


ABOUT = re.compile(r'<p class="panel-comment__about">(.*?)</p>', re.S)


def labels_on(html: str) -> list[tuple[str, set[str]]]:
    """(sentiment shown or "", themes shown) for each comment listed on a page."""
    found = []
    for about in ABOUT.findall(html):
        sentiment = re.search(r"Sentiment: (\w+)\.", about)
        themes = re.search(r"Themes: (.*?)\.\s*$", about.strip())
        found.append((sentiment.group(1).lower() if sentiment else "",
                      set(themes.group(1).split(", ")) if themes else set()))
    return found


def every_page(client, url) -> list[str]:
    """Every page of a list, following redirects (/voice/ sends board and panel on)."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    pages = [response.content.decode()]
    final = response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", "")
    number = 2
    while f"page={number}" in pages[-1]:
        pages.append(client.get(final + f"&page={number}").content.decode())
        number += 1
    return pages


def filters_of_the_voice_list():
    themes = ["", "heating_hot_water", "repairs", "damp_mould"]
    measures = ["", *SURVEY_QUESTIONS]
    sentiments = ["", *Sentiment.values]
    sources = ["", *Source.values]
    for theme, measure, sentiment, source in itertools.product(themes, measures[:4],
                                                               sentiments, sources):
        query = {k: v for k, v in {"theme": theme, "measure": measure, "sentiment": sentiment,
                                   "source": source}.items() if v}
        yield "/voice/?" + "&".join(f"{k}={v}" for k, v in query.items())


def filters_of_the_panel_list():
    for year in ["", "2025/26", "2024/25", "2026/27"]:
        for theme in ["", "heating_hot_water", "repairs", "damp_mould", "nonsense"]:
            yield f"/panel/comments/?year={year}&theme={theme}"
    yield "/panel/comments/"


@pytest.mark.parametrize("role", ["panel_member", "board_member"])
def test_it_gives_back_no_hidden_count_through_any_filter(client, planted, role):
    client.force_login(planted[role])
    hidden = hidden_cells()
    recovered = []
    urls = [*filters_of_the_panel_list(), *filters_of_the_voice_list()]
    for url in urls:
        theme_filter = re.search(r"theme=(\w+)", url)
        for html in every_page(client, url):
            labels = labels_on(html)
            for theme_code, sentiment in hidden:
                if sentiment == ALL:
                    continue
                label = LABELS[theme_code]
                by_both = sum(1 for shown, themes in labels if shown == sentiment
                              and label in themes)
                in_theme_list = sum(1 for shown, _ in labels if shown == sentiment) if (
                    theme_filter and theme_filter.group(1) == theme_code
                    and f"Comments about {label}" in html) else 0
                if by_both or in_theme_list:
                    recovered.append((url, theme_code, sentiment, by_both, in_theme_list))
    assert recovered == []


@pytest.mark.parametrize("role", ["panel_member", "board_member"])
def test_it_opens_no_single_comment_to_board_or_panel(client, planted, role):
    client.force_login(planted[role])
    for coded in CodedComment.objects.all():
        assert client.get(f"/voice/{coded.pk}/").status_code == 404


def test_it_still_lists_the_comments_whose_counts_are_shown(client, planted):
    client.force_login(planted["panel_member"])
    html = "".join(every_page(client, "/panel/comments/?year=2025/26&theme=repairs"))
    sentiments = [shown for shown, _ in labels_on(html)]
    assert (sentiments.count("negative"), sentiments.count("positive")) == (12, 11)
    # The heating comments are listed (26 are shown in the table) but say no sentiment.
    html = "".join(every_page(client, "/panel/comments/?year=2025/26&theme=heating_hot_water"))
    assert [shown for shown, _ in labels_on(html)] == [""] * 26


def test_it_still_shows_staff_every_comment_with_its_labels(client, planted):
    client.force_login(planted["analyst"])
    response = client.get("/voice/?theme=heating_hot_water&sentiment=positive")
    assert response.status_code == 200
    assert "Comments 1 to 8 of 8" in " ".join(response.content.decode().split())
