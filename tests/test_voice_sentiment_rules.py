"""Sentiment and hazard-flag rules that generalise (issue 17, item 3).

A hazard the landlord came about and was thanked for is not a hazard to follow up; "no
complaints" is praise, not complaint handling; "not dealt with", "never heard back", "no one
got back to me" are criticism of how a complaint was handled. The scores below are worked by
hand from the weights in doorstep/voice/sentiment.py; every test here failed on the rules
before issue 17. The figures on the labelled comments are in docs/voice-quality.md.
"""

import pytest
from conftest import IN_CI, RESEARCH_DATA

from doorstep.voice import quality
from doorstep.voice.coder import RuleCoder

FFT_V6 = RESEARCH_DATA / "nhs_fft_comments" / "v6framework_230831.csv"


@pytest.fixture(scope="module")
def coder():
    return RuleCoder()


def theme_sentiments(coding) -> dict[str, str]:
    return {mention.code: mention.sentiment for mention in coding.themes}


# -- a hazard mentioned as dealt with, with thanks --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the mould man came quickly, thank you",
        "Thanks for coming out so quickly about the damp in my hallway",
        "Had a gas smell last week, engineer was here in an hour, brilliant",
        # "to" belongs to "have to say", not to "sorted": it was sorted
        "I have to say they sorted the damp in the bathroom straight away",
        "Thank you for the new fan, the condensation has stopped",
        "Mould has gone since they put the new windows in, much better thank you",
    ],
)
def test_it_does_not_flag_a_hazard_the_landlord_dealt_with_and_was_thanked_for(coder, text):
    assert coder.code(text).hazards == ()


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # thanks, but it is back, still there, or spreading: followed up
        ("Thanks for coming but the mould is back already", ("damp_mould",)),
        ("the mould man came yesterday and it is still black, thank you", ("damp_mould",)),
        ("The surveyor came about the damp, there is mould everywhere, thanks", ("damp_mould",)),
        # a resident at risk is looked at however politely they put it
        (
            "Thanks for coming out about the mould, my baby has asthma",
            ("damp_mould", "safeguarding"),
        ),
        # stopped working is a breakdown, not a putting right
        ("The boiler has stopped working, thanks", ("excess_cold",)),
    ],
)
def test_it_still_flags_a_hazard_that_is_still_there_whatever_the_thanks(coder, text, kinds):
    assert coder.code(text).hazard_kinds == kinds
    # and the same words with the hazard put right raise nothing
    assert coder.code("the mould man came quickly, thank you").hazards == ()


def test_it_reads_a_thank_you_for_a_hazard_put_right_as_praise(coder):
    # "damp" (-1) names what was put right, so it counts for nothing:
    # quickly +1, thank +1 = 2.0
    surveyor = coder.code("the damp surveyor came quickly, thank you")
    assert (surveyor.sentiment, surveyor.score, surveyor.hazards) == ("positive", 2.0, ())
    assert theme_sentiments(surveyor)["damp_mould"] == "positive"
    # sorted +1, thanks +1 = 2.0; "mould" counts for nothing
    sorted_now = coder.code("mould sorted now, thanks")
    assert (sorted_now.sentiment, sorted_now.score, sorted_now.hazards) == ("positive", 2.0, ())


# -- "no complaints" is not complaint handling -------------------------------------------


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("Cant complain really, the plumber was brilliant", ("repairs",)),
        ("No complaints, lovely home", ("home_condition",)),
        ("I have no complaints about my housing officer", ("staff_respect",)),
        ("Rent is what it is, no complaints", ("rent_charges",)),
    ],
)
def test_it_does_not_take_no_complaints_for_complaint_handling(coder, text, themes):
    coding = coder.code(text)
    assert coding.theme_codes == themes
    assert coding.sentiment == "positive"


def test_it_keeps_those_sayings_out_of_a_framework_saved_in_the_database():
    # A framework version saved before issue 17 has the bare phrases only.
    old_framework = RuleCoder(
        theme_phrases={
            "complaints_handling": ("complaint*", "complain"),
            "repairs": ("plumber",),
        }
    )
    assert old_framework.code("Cant complain, the plumber was brilliant").theme_codes == (
        "repairs",
    )
    assert old_framework.code("My complaint was never dealt with").theme_codes == (
        "complaints_handling",
    )


# -- complaint handling read from its own clause, negation as criticism -------------------


@pytest.mark.parametrize(
    ("text", "score"),
    [
        # "dealt with" +1.5 turned round by "not": -1.5
        ("My complaint was not dealt with", -1.5),
        # "answered" +0.5 turned round: -1 (a word turned round is never milder than 1)
        ("My stage 2 complaint has not been answered", -1.0),
        # complained -0.5, "no one" -1, "got back to me" +1 turned round -1
        ("Complained twice, no one got back to me", -2.5),
        # "closed _ _ without" -1.5; "fixing" carries no sentiment
        ("They closed my complaint without fixing anything", -1.5),
        # complained -0.5, "apologise" +1 turned round -1
        ("When I complained about the lift they did not even apologise", -1.5),
        # "understand" +0.5 turned round -1; "problem" -1 is not turned round by the same
        # "didnt": -2
        ("The complaints officer didnt understand the problem at all", -2.0),
    ],
)
def test_it_reads_a_complaint_not_dealt_with_as_negative(coder, text, score):
    coding = coder.code(text)
    assert coding.score == score
    assert coding.sentiment == "negative"
    assert theme_sentiments(coding)["complaints_handling"] == "negative"


def test_it_gives_each_theme_the_sentiment_of_its_own_clause(coder):
    # lovely +1.5; after "but" (x2): "not dealt with" -1.5 x 2 = -3; comment -1.5
    coding = coder.code("The staff were lovely but my complaint was not dealt with")
    assert theme_sentiments(coding) == {
        "staff_respect": "positive",
        "complaints_handling": "negative",
    }
    assert (coding.sentiment, coding.score) == ("negative", -1.5)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        # handled _ well +1.5, apology +0.5
        ("My complaint was handled well and I got an apology", 2.0),
        # done and dusted +1.5, fair +1
        ("Complaint done and dusted, they were very fair", 2.5),
    ],
)
def test_it_reads_a_complaint_handled_well_as_positive(coder, text, score):
    coding = coder.code(text)
    assert (coding.sentiment, coding.score) == ("positive", score)
    assert theme_sentiments(coding)["complaints_handling"] == "positive"


def test_it_reads_no_trouble_as_plain_praise(coder):
    # "trouble" -1 after "never": +1, not the +0.5 of "not bad"
    coding = coder.code("Never any trouble getting through on the phone")
    assert (coding.sentiment, coding.score) == ("positive", 1.0)


def test_it_reads_thanks_for_nothing_as_negative(coder):
    # one phrase, -2, not "thanks" +1; mould -1 and "again" -1 besides
    coding = coder.code("Mould in the back bedroom again, thanks for nothing")
    assert (coding.sentiment, coding.score) == ("negative", -4.0)
    assert coding.hazard_kinds == ("damp_mould",)


# -- the figures on labelled comments (docs/voice-quality.md) ------------------------------


def test_it_keeps_sentiment_on_the_held_out_housing_comments_at_what_was_measured(coder):
    comments = quality.read_labelled_set(split=quality.HELD_OUT)
    # the 172 of the first round and the 44 written for issue 17 before the rules changed
    assert len(comments) == 216
    predicted = {c.comment_id: coder.code(c.text).sentiment for c in comments}
    accuracy, compared = quality.sentiment_accuracy(comments, predicted)
    # measured 0.787 (170 of 216) after issue 17, 0.759 (164) before
    assert compared == 216
    assert accuracy >= 0.78
    new = [c for c in comments if c.comment_id >= "L401"]
    new_accuracy, _ = quality.sentiment_accuracy(new, predicted)
    # measured 0.909 (40 of 44), 0.795 (35) before
    assert new_accuracy >= 0.90


def test_it_scores_sentiment_precision_and_recall_per_label_as_worked_by_hand():
    comments = [
        quality.LabelledComment("a", "", frozenset(), "positive"),
        quality.LabelledComment("b", "", frozenset(), "negative"),
        quality.LabelledComment("c", "", frozenset(), "negative"),
        quality.LabelledComment("d", "", frozenset(), None),  # not labelled: left out
    ]
    predicted = {"a": "positive", "b": "positive", "c": "negative", "d": "negative"}
    scores = {s.label: s for s in quality.sentiment_scores(comments, predicted)}
    assert (scores["positive"].precision, scores["positive"].recall) == (0.5, 1.0)
    assert (scores["negative"].precision, scores["negative"].recall) == (1.0, 0.5)
    assert scores["neutral"].support == 0 and scores["neutral"].precision is None


def test_it_keeps_sentiment_on_the_nhs_comments_at_what_was_measured(coder):
    if not FFT_V6.is_file():
        message = (
            f"needs the NHS Friends and Family Test comments, which are not at {FFT_V6} "
            "(see ../shared/research_data/PROVENANCE.md)"
        )
        if IN_CI:
            pytest.fail(f"CI is set, so this test must run: it {message}")
        pytest.skip(f"This test {message}")
    comments = quality.read_fft_v6(FFT_V6)
    predicted = {c.comment_id: coder.code(c.text).sentiment for c in comments}
    accuracy, compared = quality.sentiment_accuracy(comments, predicted)
    # measured 0.530 (3,271 of 6,170) after issue 17, 0.525 (3,238) before
    assert compared == 6170
    assert accuracy >= 0.528
