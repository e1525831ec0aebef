"""Issue 19, weakness 2: names got through in comments shown "with personal details removed"
(lower-case names, names after "ask for", "spoke to", "housing officer"; staff names too).

The phrases from the issue are tried by name; then the labelled set of comments with planted
names (doorstep/voice/data/redaction_comments_labelled.csv, written for the purpose) is
measured. Its parts and what each was used for are in docs/voice-quality.md.
"""

import pytest

from doorstep.voice.redact import labelled_comments, measure_names, redact


@pytest.mark.parametrize(("text", "expected"), [
    ("my name is michelle clarke", "my name is [name]"),
    ("MY NAME IS MICHELLE CLARKE", "MY NAME IS [name]"),
    ("Please ask for Dave next time", "Please ask for [name] next time"),
    ("i spoke to sarah and nothing happened", "i spoke to [name] and nothing happened"),
    ("housing officer Mr Patel never rang", "housing officer [name] never rang"),
    ("thanks to Jo at the office", "thanks to [name] at the office"),
    ("spoke to mark in repairs", "spoke to [name] in repairs"),
    ("mrs okafor next door is lovely", "[name] next door is lovely"),
    ("Kwabena the caretaker is a star", "[name] the caretaker is a star"),
    ("Thank you Martin for all your help", "Thank you [name] for all your help"),
    ("Grace the gas engineer was late", "[name] the gas engineer was late"),
    ("There's a lad called dwayne on the stairs", "There's a lad called [name] on the stairs"),
    # December 2026: lower-case names on no list, after requests and addresses
    ("please can jaswinderpal ring me back", "please can [name] ring me back"),
    ("can oluwadamilare call me tomorrow", "can [name] call me tomorrow"),
    ("bartosz from the office never came", "[name] from the office never came"),
    ("thanks tamsyn for sorting it", "thanks [name] for sorting it"),
    ("ask kwadwo to bring the key", "ask [name] to bring the key"),
    ("cheers, gintaras", "cheers, [name]"),
    ("The lift is broken again - radhika", "The lift is broken again - [name]"),
    ("my son teodor has asthma", "my son [name] has asthma"),
    ("it was bronislaw who came", "it was [name] who came"),
])  # fmt: skip
def test_it_removes_names_in_every_casing_and_common_phrasing(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Will they fix it in May? Mark my words, the repair is late",
    "Grace period on the rent helped, and I hope it lasts",
    "The bill went up in March and the hall light is still out",
    "I spoke to the office and asked for help",
    "Can Tracey ring me back".replace("Tracey", "someone"),
    "The Green team cut the grass on Monday",
    "the engineer said the ceiling was replastered",
    "please can you fix it, I asked for a new door",
    "Hello team, contact the office or ring me",
])  # fmt: skip
def test_it_leaves_ordinary_words_that_are_also_names(text):
    assert redact(text) == text


def test_it_keeps_placeholders_when_run_twice():
    once = redact("Ring Sarah Jones on 07700 900123 at 14 Elm Road")
    assert once == "Ring [name] on [phone] at [address]"
    assert redact(once) == once


def test_it_measures_on_a_labelled_set_of_at_least_300_comments_with_a_held_out_part():
    everything = labelled_comments()
    held_out = labelled_comments("held_out")
    assert len(everything) >= 300
    assert sum(1 for _, names in everything if names) >= 300
    assert sum(1 for _, names in held_out if names) >= 120
    tuned = {text for text, _ in everything} - {text for text, _ in held_out}
    assert not tuned & {text for text, _ in held_out}


def test_it_finds_the_names_of_the_parts_used_for_tuning():
    # Every part but the last was looked at while the rules were improved (held_out_5's
    # misses were written up in the docs, and the December 2026 rules answer them).
    for part in ("tune", "held_out_1", "held_out_2", "held_out_3", "held_out_4",
                 "held_out_5", "held_out_6"):
        measured = measure_names(labelled_comments(part))
        assert measured["recall"] >= 0.98, (part, measured["missed"])
        assert measured["false_rate"] <= 0.005, part


def test_it_finds_at_least_98_percent_of_the_names_in_the_untouched_held_out_part():
    # The quality gate, on the part written last (December 2026) before any result,
    # measured once and never tuned on: 148 of 151 name words (0.980), 3 of 958 other words
    # taken (docs/voice-quality.md says which). Raise the figure only with a fresh part.
    measured = measure_names(labelled_comments("held_out"))
    assert measured["name_words"] == 151 and measured["found"] >= 148
    assert measured["recall"] >= 0.98
    assert measured["false_rate"] < 0.01
