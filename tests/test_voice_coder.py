"""The rules coder: themes, negation, misspellings, sentiment and hazard flags."""


import pytest

from doorstep.voice import quality
from doorstep.voice.coder import RuleCoder
from doorstep.voice.framework import HAZARD_KINDS, THEME_CODES


@pytest.fixture(scope="module")
def coder():
    return RuleCoder()


def test_it_finds_damp_and_says_which_words(coder):
    coding = coder.code("There is black mould in the bedroom")
    damp = {m.code: m for m in coding.themes}["damp_mould"]
    assert damp.matched == ("mould",)
    assert damp.sentiment == "negative"


@pytest.mark.parametrize("text", ["The flat is not damp", "Never had any mould here",
                                  "no sign of damp or mould"])
def test_it_does_not_code_damp_that_is_negated(coder, text):
    coding = coder.code(text)
    assert "damp_mould" not in coding.theme_codes
    assert "damp_mould" not in coding.hazard_kinds


def test_it_reads_no_problems_with_the_repairs_as_praise_for_repairs(coder):
    coding = coder.code("No problems with the repairs")
    assert coding.theme_codes == ("repairs",)
    assert coding.sentiment == "positive"


@pytest.mark.parametrize("text", ["mold in the bathroom", "moldy walls", "moulds everywhere",
                                  "the bathrom is full of mouldd", "terible dampness"])
def test_it_folds_misspellings_of_damp_and_mould(coder, text):
    assert "damp_mould" in coder.code(text).theme_codes


def test_it_folds_misspellings_of_repairs_and_boiler(coder):
    assert coder.code("the repiar is still not done").theme_codes[0] == "repairs"
    assert "heating_hot_water" in coder.code("my boilor is broke").theme_codes
    # "disrepare" is one slip from disrepair, a curated variant
    assert "damp_mould" not in coder.code("the flat is in disrepare").theme_codes


def test_it_gives_several_themes_to_one_comment(coder):
    coding = coder.code(
        "Boiler broke 3 weeks ago, rang 4 times, nobody rings back and the staff were rude"
    )
    assert {"heating_hot_water", "repair_time", "communication", "staff_respect"} <= set(
        coding.theme_codes
    )


def test_it_gives_other_when_nothing_else_fits(coder):
    coding = coder.code("Happy with everything thank you")
    assert coding.theme_codes == ("other",)
    assert coding.sentiment == "positive"


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("The plumber was brilliant and very polite", "positive"),
        ("Absolutely shocking service, still waiting", "negative"),
        ("Its a roof over my head", "neutral"),
        ("Repairs are not good", "negative"),
        # what follows "but" weighs double: +1 (nice) - 1 x 2 (ages) = -1, at the threshold
        ("Staff are nice but repairs take ages", "negative"),
    ],
)
def test_it_scores_comment_sentiment(coder, text, sentiment):
    assert coder.code(text).sentiment == sentiment


def test_it_gives_each_theme_mention_its_own_sentiment(coder):
    coding = coder.code("The caretaker keeps the stairs spotless. The rent is a rip off.")
    by_theme = {m.code: m.sentiment for m in coding.themes}
    assert by_theme["communal_areas"] == "positive"
    assert by_theme["rent_charges"] == "negative"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Black mould all over the bedroom ceiling", "damp_mould"),
        # a leak through a ceiling is water coming in: HHSRS damp and mould growth
        ("Water pouring through the kitchen ceiling from upstairs", "damp_mould"),
        ("I can smell gas in the kitchen", "uncombusted_fuel_gas"),
        ("The socket sparks when I plug the kettle in", "electrical"),
        ("The smoke alarm is broken and the fire door is propped open", "fire"),
        ("Some days I dont want to be here anymore", "safeguarding:self_harm"),
        ("My ex partner hits me and I am frightened", "safeguarding:abuse"),
        ("I am housebound and live alone", "safeguarding:vulnerable_resident"),
    ],
)
def test_it_flags_every_kind_of_hazard(coder, text, key):
    assert key in coder.code(text).hazard_keys


def test_it_flags_hhsrs_hazards_and_safeguarding_only():
    # The 29 HHSRS codes of the shared hazard list, and safeguarding.
    assert len(HAZARD_KINDS) == 30
    assert {"damp_mould", "excess_cold", "entry_by_intruders", "fire", "safeguarding"} <= set(
        HAZARD_KINDS)
    assert not {"leak", "gas_smell", "fire_risk", "vulnerability"} & set(HAZARD_KINDS)


def test_it_does_not_flag_damp_that_has_been_put_right(coder):
    assert coder.code("They treated the mould and it hasnt come back").hazards == ()
    assert coder.code("They treated the mould but its back again").hazard_kinds == (
        "damp_mould",
    )


def test_it_keeps_a_quality_floor_on_the_held_out_comments(coder):
    comments = quality.read_labelled_set(split=quality.HELD_OUT)
    assert len(comments) >= 150
    codings = {c.comment_id: coder.code(c.text) for c in comments}
    scores = quality.score_themes(
        comments, {k: v.theme_codes for k, v in codings.items()}, labels=THEME_CODES
    )
    overall = quality.micro_average(scores)
    # Measured 0.78 precision, 0.87 recall (docs/voice-quality.md); the floor leaves room
    # for rule changes but catches a coder that has stopped working.
    assert overall.precision >= 0.70
    assert overall.recall >= 0.80
    hazards = quality.hazard_scores(comments, {k: v.hazard_kinds for k, v in codings.items()})
    assert hazards.recall >= 0.9

