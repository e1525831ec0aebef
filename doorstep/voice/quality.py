"""Measuring a coder against comments labelled by hand.

Two sources: Doorstep's own labelled housing comments (``data/housing_comments_labelled.csv``,
written and labelled by reading, split into a development half that rules may be tuned on
and a held-out half that is only ever measured), and the NHS Friends and Family Test
comments labelled by NHS staff (read from ``../shared/research_data``, never copied here),
on the four themes that mean the same thing in a hospital and on an estate.
"""

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

LABELLED_SET = Path(__file__).resolve().parent / "data" / "housing_comments_labelled.csv"
DEVELOPMENT, HELD_OUT = "development", "held_out"

# NHS FFT (pxtextmining v6 framework) columns, and the Doorstep theme each one means.
# "Timeliness of care" is waiting for care: it is scored against ``repair_time``, Doorstep's
# waiting-and-delay theme.
FFT_V6_MAPPING = {
    "staff_respect": ("Staff manner & personal attributes",),
    "listening": ("Staff listening, understanding & involving patients",),
    "communication": (
        "Unspecified communication",
        "Information directly from staff during care",
        "Information provision & guidance",
        "Being kept informed, clarity & consistency of information",
    ),
    "repair_time": ("Timeliness of care",),
}
# FFT comment sentiment: 1 very positive ... 5 very negative (checked against the text:
# "Nothing." and thanks are 1, complaints 4 and 5).
FFT_SENTIMENT = {1: "positive", 2: "positive", 3: "neutral", 4: "negative", 5: "negative"}


@dataclass(frozen=True)
class LabelledComment:
    comment_id: str
    text: str
    themes: frozenset[str]
    sentiment: str | None
    hazards: frozenset[str] = frozenset()
    split: str = ""


@dataclass(frozen=True)
class Score:
    label: str
    support: int  # how many comments the people labelled with it
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float | None:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        return self.true_positive / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if not p or not r:
            return 0.0 if (p is not None and r is not None) else None
        return 2 * p * r / (p + r)


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(";") if part.strip())


def read_labelled_set(path: Path = LABELLED_SET, *, split: str | None = None):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        LabelledComment(
            comment_id=row["comment_id"],
            text=row["text"],
            themes=_split(row["themes"]),
            sentiment=row["sentiment"] or None,
            hazards=_split(row.get("hazards", "")),
            split=row["split"],
        )
        for row in rows
        if split is None or row["split"] == split
    ]


def read_fft_v6(path: Path) -> list[LabelledComment]:
    """The v6 framework comments that staff could label (not "Labelling not possible")."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    comments = []
    for row in rows:
        text = (row.get("FFT answer") or "").strip()
        if not text or row.get("Labelling not possible") == "1" or text == "Did not answer":
            continue
        themes = frozenset(
            theme
            for theme, columns in FFT_V6_MAPPING.items()
            if any(row.get(column) == "1" for column in columns)
        )
        raw = (row.get("Comment sentiment") or "").strip()
        sentiment = FFT_SENTIMENT.get(int(float(raw))) if raw else None
        comments.append(LabelledComment(row["Comment ID"], text, themes, sentiment, split="fft_v6"))
    return comments


def score_themes(
    comments: Iterable[LabelledComment],
    predicted: dict[str, Iterable[str]],
    *,
    labels: Iterable[str],
) -> list[Score]:
    scores = []
    comments = list(comments)
    for label in labels:
        tp = fp = fn = support = 0
        for comment in comments:
            truth = label in comment.themes
            guess = label in set(predicted[comment.comment_id])
            support += truth
            tp += truth and guess
            fp += guess and not truth
            fn += truth and not guess
        scores.append(Score(label, support, tp, fp, fn))
    return scores


def micro_average(scores: list[Score]) -> Score:
    return Score(
        "all themes (micro)",
        sum(s.support for s in scores),
        sum(s.true_positive for s in scores),
        sum(s.false_positive for s in scores),
        sum(s.false_negative for s in scores),
    )


def sentiment_accuracy(comments: Iterable[LabelledComment], predicted: dict[str, str]):
    """Share of comments whose sentiment the coder got right, and how many were compared."""
    pairs = [(c.sentiment, predicted[c.comment_id]) for c in comments if c.sentiment]
    right = sum(truth == guess for truth, guess in pairs)
    return (right / len(pairs) if pairs else None), len(pairs)


SENTIMENT_LABELS = ("positive", "neutral", "negative")


def sentiment_scores(comments: Iterable[LabelledComment], predicted: dict[str, str]):
    """Precision and recall of each sentiment label, over the comments people labelled."""
    pairs = [(c.sentiment, predicted[c.comment_id]) for c in comments if c.sentiment]
    return [
        Score(
            label,
            support=sum(truth == label for truth, _ in pairs),
            true_positive=sum(truth == guess == label for truth, guess in pairs),
            false_positive=sum(guess == label != truth for truth, guess in pairs),
            false_negative=sum(truth == label != guess for truth, guess in pairs),
        )
        for label in SENTIMENT_LABELS
    ]


def hazard_scores(comments, predicted: dict[str, Iterable[str]]) -> Score:
    """Any-hazard detection: did the coder flag a comment that a reader would flag?"""
    tp = fp = fn = support = 0
    for comment in comments:
        truth = bool(comment.hazards)
        guess = bool(set(predicted[comment.comment_id]))
        support += truth
        tp += truth and guess
        fp += guess and not truth
        fn += truth and not guess
    return Score("any hazard", support, tp, fp, fn)


def throughput(code: Callable[[str], object], texts: list[str], *, repeat: int = 1) -> float:
    """Comments coded per second (best of ``repeat`` runs, so a stray pause does not count)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            code(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best if best else float("inf")


def format_table(scores: list[Score]) -> str:
    def show(value):
        return "–" if value is None else f"{value:.2f}"

    lines = ["| theme | labelled | precision | recall | F1 |", "|---|---:|---:|---:|---:|"]
    for s in scores:
        lines.append(
            f"| {s.label} | {s.support} | {show(s.precision)} | {show(s.recall)} | {show(s.f1)} |"
        )
    return "\n".join(lines)


# -- hazard and safeguarding flags ------------------------------------------------------
#
# ``data/hazard_comments_labelled.csv``: comments written for the purpose, each labelled with
# the HHSRS hazards a member of staff should look at within a working day and whether it is a
# safeguarding concern. The split (``tune`` / ``held_out``) was fixed before any rule was
# written: within each hazard group, the comments ordered by a hash of their id and every
# third one held out. Rules are tuned on ``tune`` only.

HAZARD_SET = Path(__file__).resolve().parent / "data" / "hazard_comments_labelled.csv"
TUNE = "tune"
# The targets (issue 12) on the held-out part.
HAZARD_RECALL_TARGET = 0.95
HAZARD_PRECISION_TARGET = 0.70
GROUP_RECALL_TARGET = 0.90


@dataclass(frozen=True)
class HazardComment:
    comment_id: str
    text: str
    hazards: frozenset[str]  # HHSRS codes
    safeguarding: bool
    safeguarding_kinds: frozenset[str]
    split: str
    note: str = ""

    @property
    def groups(self) -> frozenset[str]:
        from doorstep.voice.framework import SAFEGUARDING, group_of

        found = {group_of(code) for code in self.hazards}
        return frozenset(found | ({SAFEGUARDING} if self.safeguarding else set()))

    @property
    def flagged(self) -> bool:
        return bool(self.hazards) or self.safeguarding


def read_hazard_set(path: Path = HAZARD_SET, *, split: str | None = None):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        HazardComment(
            comment_id=row["id"],
            text=row["text"],
            hazards=_split(row["hazards"]),
            safeguarding=row["safeguarding"] == "yes",
            safeguarding_kinds=_split(row.get("safeguarding_kinds", "")),
            split=row["split"],
            note=row.get("note", ""),
        )
        for row in rows
        if split is None or row["split"] == split
    ]


@dataclass(frozen=True)
class HazardReport:
    """How well the flags did on labelled comments."""

    comments: int
    overall: Score  # a comment flagged (any hazard or safeguarding) or not
    groups: dict  # group -> Score: labelled in the group, and a flag of that group raised
    confusion: dict  # labelled group -> Counter of flagged groups ("none" when nothing)
    misses: list  # (comment, what was flagged) for labelled comments with no flag of a group
    false_alarms: list  # (comment, what was flagged) for comments labelled with nothing

    def meets_targets(self) -> bool:
        return not self.shortfalls()

    def shortfalls(self) -> list[str]:
        out = []
        if (self.overall.recall or 0) < HAZARD_RECALL_TARGET:
            out.append(f"recall {self.overall.recall:.3f} < {HAZARD_RECALL_TARGET}")
        if (self.overall.precision or 0) < HAZARD_PRECISION_TARGET:
            out.append(f"precision {self.overall.precision:.3f} < {HAZARD_PRECISION_TARGET}")
        for group, score in self.groups.items():
            if score.support and (score.recall or 0) < GROUP_RECALL_TARGET:
                out.append(f"{group} recall {score.recall:.3f} < {GROUP_RECALL_TARGET}")
        return out


def flag_groups(coding) -> frozenset[str]:
    from doorstep.voice.framework import group_of

    return frozenset(group_of(mention.kind) for mention in coding.hazards)


def score_hazards(comments, codings: dict) -> HazardReport:
    """Any-flag precision and recall, recall per hazard group (a comment labelled with a
    group counts as found when the coder raised a flag of that group), the confusion by
    group, the misses and the false alarms."""
    from collections import Counter

    from doorstep.voice.framework import FLAG_GROUPS

    comments = list(comments)
    tp = fp = fn = support = 0
    group_counts = {group: [0, 0, 0] for group in FLAG_GROUPS}  # support, found, extra
    confusion: dict[str, Counter] = {group: Counter() for group in (*FLAG_GROUPS, "none")}
    misses, false_alarms = [], []
    for comment in comments:
        coding = codings[comment.comment_id]
        flagged = flag_groups(coding)
        truth, guess = comment.flagged, bool(flagged)
        support += truth
        tp += truth and guess
        fp += guess and not truth
        fn += truth and not guess
        labelled = comment.groups
        for group in FLAG_GROUPS:
            if group in labelled:
                group_counts[group][0] += 1
                group_counts[group][1] += group in flagged
            elif group in flagged:
                group_counts[group][2] += 1
        for group in labelled or {"none"}:
            for seen in flagged or {"none"}:
                confusion[group][seen] += 1
        if labelled - flagged:
            misses.append((comment, coding))
        if guess and not truth:
            false_alarms.append((comment, coding))
    groups = {
        group: Score(group, count, found, extra, count - found)
        for group, (count, found, extra) in group_counts.items()
    }
    return HazardReport(
        comments=len(comments),
        overall=Score("any flag", support, tp, fp, fn),
        groups=groups,
        confusion=confusion,
        misses=misses,
        false_alarms=false_alarms,
    )


def format_hazard_report(report: HazardReport, *, show_misses: bool = True) -> str:
    from doorstep.voice.framework import FLAG_GROUPS

    def show(value):
        return "–" if value is None else f"{value:.2f}"

    o = report.overall
    lines = [
        f"{report.comments} comments, {o.support} labelled with a hazard or safeguarding.",
        f"Any flag: recall {show(o.recall)} ({o.true_positive} of {o.support} found), "
        f"precision {show(o.precision)} ({o.false_positive} flagged with no hazard).",
        "",
        "| hazard group | labelled | found | recall | flagged without that label |",
        "|---|---:|---:|---:|---:|",
    ]
    for group in FLAG_GROUPS:
        s = report.groups[group]
        lines.append(
            f"| {group} | {s.support} | {s.true_positive} | {show(s.recall)} | {s.false_positive} |"
        )
    columns = (*FLAG_GROUPS, "none")
    lines += [
        "",
        "Confusion by group (rows: labelled; columns: flagged; a comment counts once in each "
        "labelled group and each flagged group):",
        "",
        "| labelled \\ flagged | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for group in columns:
        row = report.confusion[group]
        lines.append(f"| {group} | " + " | ".join(str(row[c]) for c in columns) + " |")
    lines.append("")
    lines.append(
        "Meets the targets."
        if report.meets_targets()
        else "Below the targets: " + "; ".join(report.shortfalls())
    )
    if show_misses:
        lines += ["", f"Misses ({len(report.misses)}):"]
        for comment, coding in report.misses:
            lines.append(
                f"- {comment.comment_id} labelled {', '.join(sorted(comment.groups))}; "
                f"flagged {', '.join(coding.hazard_keys) or 'nothing'}: {comment.text}"
            )
        lines += ["", f"Flagged with no hazard label ({len(report.false_alarms)}):"]
        for comment, coding in report.false_alarms:
            lines.append(
                f"- {comment.comment_id} flagged {', '.join(coding.hazard_keys)}: {comment.text}"
            )
    return "\n".join(lines)
