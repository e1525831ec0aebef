"""Hazard and safeguarding flags from residents' words: every HHSRS hazard, safeguarding,
negation, misspellings, local phrasing, near-misses and the words that raised each flag.

Every expectation is the flag a member of staff would want (see the labelling guide in
docs/voice-quality.md): an HHSRS hazard code from doorstep/hazards/data/hhsrs_hazards.csv, or
``safeguarding:<sub-kind>``.
"""

import csv

import pytest

from doorstep.voice.coder import RuleCoder
from doorstep.voice.framework import (
    HAZARD_PHRASES,
    HAZARDS,
    HHSRS_CODES,
    HazardListError,
    flag_label,
    group_of,
    read_hazard_phrases,
)


@pytest.fixture(scope="module")
def coder():
    return RuleCoder()


def keys(coder, text):
    return set(coder.code(text).hazard_keys)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("No heating since Friday and its freezing", "excess_cold"),
        ("the boiler's packed in, no hot water", "excess_cold"),
        ("Water is coming through the roof into the back bedroom", "damp_mould"),
        ("The bedroom ceiling collapsed last night", "structural_collapse"),
        ("My front door won't lock", "entry_by_intruders"),
        ("The communal stairs have no light at night", "lighting"),
        ("The communal stairs have no light at night", "falls_stairs"),
        ("The contractor drilled into the ceiling and said it might be asbestos", "asbestos_mmf"),
        ("I can smell gas by the meter", "uncombusted_fuel_gas"),
        ("The carbon monoxide alarm keeps going off", "carbon_monoxide"),
        ("The socket sparks and there are exposed wires", "electrical"),
        ("There's no smoke alarm in the flat", "fire"),
        ("The fire door on our landing won't close", "fire"),
        ("Rats in the kitchen and mice in the loft", "domestic_hygiene"),
        ("bed bugs everywhere", "domestic_hygiene"),
        ("Sewage coming up in the garden", "personal_hygiene"),
        ("Our only toilet is blocked", "personal_hygiene"),
        ("We have had no water since this morning", "water_supply"),
        ("The banister is loose", "falls_stairs"),
        ("One of the stairs is broken", "falls_stairs"),
        ("Big cracks in the wall getting wider", "structural_collapse"),
        ("The flat is unbearably hot in summer", "excess_heat"),
        ("The window restrictor is broken and we are on the 8th floor", "falls_between_levels"),
        ("I slipped in the bath, there is no grab rail", "falls_baths"),
        ("The paving outside is broken and I tripped", "falls_level"),
        ("The hot tap comes out scalding", "flames_hot_surfaces"),
        ("The lift doors close on you, my son's arm got trapped", "collision_entrapment"),
        ("The boiler is banging and I'm scared it will explode", "explosions"),
        ("Seven of us in a two bedroom flat, we are overcrowded", "crowding_space"),
        ("The walls are so thin I hear every word next door", "noise"),
        ("The cooker has been condemned", "food_safety"),
        ("We were told we have lead pipes", "lead"),
        ("High radon and nobody has tested", "radiation"),
        ("Fumes from the new carpet glue give us headaches", "volatile_organic_compounds"),
        ("The pest control spray made us ill", "biocides"),
        ("I'm in a wheelchair and can't reach the worktop", "amenities"),
    ],
)
def test_it_flags_the_hhsrs_hazard_residents_describe(coder, text, key):
    assert key in keys(coder, text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Some days I don't want to be here anymore", "safeguarding:self_harm"),
        ("I feel suicidal", "safeguarding:self_harm"),
        ("My partner hits me", "safeguarding:abuse"),
        ("Domestic violence from my husband, I need a safe place", "safeguarding:abuse"),
        ("My neighbour has threatened to stab me", "safeguarding:threats_harassment"),
        ("I'm being harassed by the man downstairs", "safeguarding:threats_harassment"),
        ("I am 84 and live alone and the heating has been off for three days",
         "safeguarding:vulnerable_resident"),
        ("I'm in a wheelchair and the lift is broken, I can't get out of the flat",
         "safeguarding:vulnerable_resident"),
        ("My front door won't lock", "safeguarding:unsecured_home"),
    ],
)
def test_it_flags_safeguarding_with_what_the_concern_is(coder, text, key):
    assert key in keys(coder, text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal but I am at the end of my rope",
        "I don't want to live like this",
        "not saying I'll kill myself but",
        "He hasn't hit me yet but he threatened to",
        "no one knows he beats me",
    ],
)
def test_it_never_cancels_safeguarding_for_a_not_nearby(coder, text):
    assert "safeguarding" in coder.code(text).hazard_kinds


@pytest.mark.parametrize(
    "text",
    [
        "No damp since the repair, really pleased",
        "never had any mould in this flat",
        "no sign of damp or mould",
        "No issues with pests since we moved in",
        "I have never felt unsafe in this block",
        "The boiler has not broken down once since it was fitted",
    ],
)
def test_it_does_not_flag_a_negated_hazard(coder, text):
    assert coder.code(text).hazards == ()


@pytest.mark.parametrize(
    "text",
    [
        "They fixed the leak last week and the ceiling has dried out",
        "The boiler broke but was repaired the same day, excellent service",
        "Pest control came out and sorted the mice",
        "Gas leak was made safe the same night",
        "The blocked toilet was unblocked the same day",
        "Mould was treated in September and hasn't come back",
    ],
)
def test_it_does_not_flag_a_hazard_that_has_been_put_right(coder, text):
    assert coder.code(text).hazards == ()


def test_it_still_flags_what_is_not_yet_put_right(coder):
    # "fixed" after "needs to be" or before a "but" does not put the hazard right
    assert "excess_cold" in keys(coder, "The boiler is broken and needs to be fixed")
    assert "damp_mould" in keys(coder, "They fixed the door but the roof is leaking")
    assert "damp_mould" in keys(coder, "The mould was treated but it's back again")


@pytest.mark.parametrize(
    "text",
    [
        "The heating engineer was lovely and explained everything",
        "The damp surveyor came quickly, thank you",
        "New boiler fitted in a day, the house is lovely and warm",
        "The gas safety check was done on time",
        "New fire doors on the landing make me feel much safer",
        "The electrician was brilliant, rewired the kitchen",
        "Thanks for fitting the grab rails, my mum feels much safer",
        "The damp and mould team were fantastic",
        "I'm 82 and very happy with the help I get",
        "I live alone and the wardens call every week, thank you",
    ],
)
def test_it_does_not_flag_near_misses(coder, text):
    assert coder.code(text).hazards == ()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("moudl in the kids room again", "damp_mould"),
        ("mold all round the window", "damp_mould"),
        ("my boilor is broke", "excess_cold"),
        ("no heatin most evenings", "excess_cold"),
        ("blocked toliet again", "personal_hygiene"),
        ("no watter in the flat", "water_supply"),
        ("cockroachs in the kitchen", "domestic_hygiene"),
        ("im sucidal", "safeguarding:self_harm"),
        ("carbon monoxcide alarm going off", "carbon_monoxide"),
    ],
)
def test_it_reads_common_misspellings(coder, text, key):
    assert key in keys(coder, text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("its brassic cold in here", "excess_cold"),
        ("its baltic, boiler gave up on sunday", "excess_cold"),
        ("the leccy keeps tripping", "electrical"),
        ("dodgy wiring in the flat", "electrical"),
        ("the bogs blocked and stinking", "personal_hygiene"),
        ("bloke next door says he'll do me in", "safeguarding:threats_harassment"),
    ],
)
def test_it_reads_local_phrasing(coder, text, key):
    assert key in keys(coder, text)


def test_it_says_which_words_raised_each_flag(coder):
    coding = coder.code("I'm 84, the boiler is broken and there are mice in the kitchen.")
    by_key = {mention.key: mention for mention in coding.hazards}
    assert by_key["excess_cold"].matched == ("boiler", "broken")
    assert by_key["domestic_hygiene"].matched == ("mice",)
    assert by_key["safeguarding:vulnerable_resident"].matched == ("im 84",)
    assert by_key["excess_cold"].label == "Excess cold"
    assert by_key["safeguarding:vulnerable_resident"].label == (
        "Safeguarding: vulnerable resident (at risk from a hazard or not coping)")


def test_it_flags_a_vulnerable_resident_beside_a_hazard_or_in_an_unhappy_comment(coder):
    assert "safeguarding" not in coder.code("My baby loves the new park").hazard_kinds
    assert "safeguarding:vulnerable_resident" in keys(coder, "Mould in my baby's room")
    assert "safeguarding:vulnerable_resident" in keys(
        coder, "I'm disabled and nobody ever calls me back, it is disgusting")


def test_every_flag_kind_is_an_hhsrs_code_or_safeguarding():
    # every one of the 29 hazards of the shared list has phrases, and nothing else does
    kinds = {hazard.kind for hazard in HAZARDS}
    assert kinds == {*HHSRS_CODES, "safeguarding"}
    assert len(HHSRS_CODES) == 29
    assert group_of("excess_cold") == "physiological"
    assert group_of("entry_by_intruders") == "psychological"
    assert group_of("personal_hygiene") == "infection"
    assert group_of("falls_stairs") == "accidents"
    assert group_of("safeguarding") == "safeguarding"
    assert flag_label("fire") == "Fire"
    assert flag_label("safeguarding", "self_harm") == (
        "Safeguarding: self-harm or suicidal thoughts")


def test_the_phrases_are_data_a_person_can_add_to(tmp_path):
    path = tmp_path / "phrases.csv"
    with open(HAZARD_PHRASES, encoding="utf-8") as handle:
        path.write_text(handle.read() + "lighting,,gloomy + stairwell,,added by a person\n")
    hazards = read_hazard_phrases(path)
    coder = RuleCoder(hazards=hazards)
    assert "lighting" in coder.code("The stairwell is so gloomy").hazard_kinds
    # a word list stands for each of its phrases
    lighting = next(h for h in hazards if h.kind == "lighting")
    assert {"lights + packed in", "lights + broken"} <= set(lighting.phrases)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("leak,,water,,", "'leak' is not an HHSRS hazard code"),
        ("safeguarding,,scared,,", "needs a sub-kind"),
        ("fire,abuse,flames,,", "only a safeguarding phrase has one"),
        ("fire,,flames,sometimes,", "'when' is blank"),
        ("fire,,flames + @nothing,,", "there is no word list @nothing"),
    ],
)
def test_it_refuses_a_phrase_row_it_cannot_use_in_plain_english(tmp_path, row, message):
    path = tmp_path / "phrases.csv"
    path.write_text("kind,sub_kind,phrase,when,note\n" + row + "\n")
    with pytest.raises(HazardListError, match=message):
        read_hazard_phrases(path)


def test_the_phrases_file_has_the_columns_a_person_edits():
    with open(HAZARD_PHRASES, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["kind", "sub_kind", "phrase", "when", "note"]
    assert len(rows) > 1000
