"""The quality gate: the hazard and safeguarding flags on the held-out labelled comments.

The held-out part of doorstep/voice/data/hazard_comments_labelled.csv was fixed before any
rule was written and never used for tuning (docs/voice-quality.md). The targets are issue
12's: any-flag recall >= 0.95 with precision >= 0.70, and recall >= 0.90 for every hazard
group (physiological, psychological, infection, accidents, safeguarding). A rule change
that takes the coder below them fails here.
"""

import pytest

from doorstep.voice import quality
from doorstep.voice.coder import RuleCoder
from doorstep.voice.framework import FLAG_GROUPS


@pytest.fixture(scope="module")
def held_out():
    comments = quality.read_hazard_set(split=quality.HELD_OUT)
    coder = RuleCoder()
    return comments, quality.score_hazards(comments, {c.comment_id: coder.code(c.text)
                                                      for c in comments})


def test_it_meets_the_targets_on_the_held_out_comments(held_out):
    _, report = held_out
    assert report.overall.recall >= quality.HAZARD_RECALL_TARGET
    assert report.overall.precision >= quality.HAZARD_PRECISION_TARGET
    for group in FLAG_GROUPS:
        assert report.groups[group].recall >= quality.GROUP_RECALL_TARGET, group
    assert report.meets_targets()


def test_the_held_out_part_is_a_third_with_every_group_in_it(held_out):
    comments, report = held_out
    everything = quality.read_hazard_set()
    assert len(everything) >= 600
    assert 0.30 <= len(comments) / len(everything) <= 0.36
    # enough comments in every group for a recall of 0.9 to mean something
    assert all(report.groups[group].support >= 15 for group in FLAG_GROUPS)
    assert sum(not c.flagged for c in comments) >= 50  # near-misses and comments with none


def test_it_scores_flags_by_group_as_worked_by_hand():
    # Three comments: a cold home (physiological) flagged; a threat (safeguarding) missed;
    # a thank-you flagged by mistake.
    comments = [
        quality.HazardComment("a", "no heating", frozenset({"excess_cold"}), False,
                              frozenset(), "held_out"),
        quality.HazardComment("b", "he scares me", frozenset(), True,
                              frozenset({"threats_harassment"}), "held_out"),
        quality.HazardComment("c", "thanks", frozenset(), False, frozenset(), "held_out"),
    ]
    coder = RuleCoder(hazards=())
    codings = {"a": coder.code("x"), "b": coder.code("x"), "c": coder.code("x")}
    from doorstep.voice.coder import Coding, HazardMention

    codings["a"] = Coding((), "negative", -1.0, (HazardMention("excess_cold", ("no heating",)),))
    codings["c"] = Coding((), "positive", 1.0, (HazardMention("fire", ("fire",)),))
    report = quality.score_hazards(comments, codings)
    assert (report.overall.true_positive, report.overall.false_positive,
            report.overall.false_negative) == (1, 1, 1)
    assert report.overall.recall == 0.5 and report.overall.precision == 0.5
    assert report.groups["physiological"].recall == 1.0
    assert report.groups["safeguarding"].recall == 0.0
    assert report.groups["accidents"].false_positive == 1
    assert report.confusion["safeguarding"]["none"] == 1
    assert report.confusion["none"]["accidents"] == 1
    assert [c.comment_id for c, _ in report.misses] == ["b"]
    assert report.shortfalls()[0] == "recall 0.500 < 0.95"


def test_the_command_reports_the_held_out_figures_and_says_they_meet_the_targets():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("voice", "hazard-quality", "--split", "held_out", "--no-misses", stdout=out)
    text = out.getvalue()
    assert "on the held_out labelled comments (hazard_comments_labelled.csv)" in text
    assert "234 comments, 163 labelled with a hazard or safeguarding." in text
    assert "| safeguarding | 50 |" in text
    assert "Meets the targets." in text
    assert "Misses" not in text
