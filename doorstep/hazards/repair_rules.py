"""Which hazards a repair may describe: the phrases of ``data/repair_phrases.csv``.

Each row names a hazard (a code of the hazard list), what it looks at (the repair's
``category``, matched whole, or its ``description``, matched as a phrase at the start of a
word, any case; ``*`` stands for up to two words) and when the hazard may be an emergency:
``yes``, ``no``, ``vulnerable`` (a household with a vulnerable member) or
``winter_or_vulnerable`` (also reported between October and April, as for no heating).

A person edits the CSV to add a phrase; no Python changes.
"""

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "repair_phrases.csv"
WHEN_EMERGENCY = ("yes", "no", "vulnerable", "winter_or_vulnerable")
WINTER_MONTHS = (10, 11, 12, 1, 2, 3, 4)
# Who counts as vulnerable, from what Doorstep holds: the survey household profile (a
# disabled member, a lead tenant of 65 or over), a survey exclusion for a safeguarding or
# vulnerability concern, and the home's needs type.
OLDER_AGE_BANDS = ("65-74", "75+")
VULNERABLE_NEEDS_TYPES = ("older_persons", "supported")


@dataclass(frozen=True)
class Phrase:
    hazard: str
    field: str  # category or description
    phrase: str
    emergency: str  # one of WHEN_EMERGENCY
    pattern: re.Pattern

    @cached_property
    def literal(self) -> str:
        """The longest plain part, for the database to narrow the repairs down first (and
        a quick test before the pattern: a description without it cannot match)."""
        return max(self.phrase.split("*"), key=len).strip()


@dataclass(frozen=True)
class Match:
    hazard: str
    words: tuple[str, ...]  # the phrases found, as written in the rules
    emergency: bool  # the rules suggest an emergency hazard
    why_emergency: str  # "", or why (e.g. "reported in January")


class RuleError(ValueError):
    """A row of the phrases file that cannot be read."""


@cache
def phrases() -> tuple[Phrase, ...]:
    return read_phrases(RULES_FILE)


def read_phrases(path: Path) -> tuple[Phrase, ...]:
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            field, text, when = row["field"].strip(), row["phrase"].strip().lower(), \
                row["emergency"].strip()
            if field not in ("category", "description") or not text or \
                    when not in WHEN_EMERGENCY:
                raise RuleError(f"{path.name} line {line}: field must be category or "
                                f"description, the phrase not blank, and emergency one of "
                                f"{', '.join(WHEN_EMERGENCY)}")
            rows.append(Phrase(row["hazard"].strip(), field, text, when, _pattern(text)))
    return tuple(rows)


def _pattern(text: str) -> re.Pattern:
    parts = [re.escape(part.strip()) for part in text.split("*")]
    return re.compile(r"(?<![a-z])" + r"(?:\s+\S+){0,2}\s+".join(parts))


def match_repair(*, category: str, description: str, reported_on: date,
                 vulnerable: str = "") -> list[Match]:
    """The hazards the repair may describe, one match per hazard, in the rules' order.

    ``vulnerable``: why the household counts as vulnerable, in words ("" if it does not).
    """
    text = description.lower()
    category = category.strip().lower()
    found: dict[str, list[Phrase]] = {}
    for phrase in phrases():
        # The substring test first: a hundred times quicker than the pattern, and most
        # phrases are not in a given description.
        hit = (category == phrase.phrase if phrase.field == "category"
               else phrase.literal in text and phrase.pattern.search(text) is not None)
        if hit:
            found.setdefault(phrase.hazard, []).append(phrase)
    matches = []
    for hazard, hits in found.items():
        why = _why_emergency([hit.emergency for hit in hits], reported_on=reported_on,
                             vulnerable=vulnerable)
        # "no heat" inside "no heating": say the longer phrase of a description once.
        words = [hit.phrase for hit in hits if not any(
            other.field == hit.field == "description" and other.phrase != hit.phrase
            and hit.phrase in other.phrase for other in hits)]
        matches.append(Match(hazard, tuple(words), why is not None, why or ""))
    return matches


def _why_emergency(whens: list[str], *, reported_on: date, vulnerable: str) -> str | None:
    if "yes" in whens:
        return "the words suggest an emergency"
    if vulnerable and ("vulnerable" in whens or "winter_or_vulnerable" in whens):
        return vulnerable
    if "winter_or_vulnerable" in whens and reported_on.month in WINTER_MONTHS:
        return f"reported in {reported_on:%B}, between October and April"
    return None


def vulnerability(home, *, safeguarding_homes: frozenset = frozenset()) -> str:
    """Why the household at ``home`` counts as vulnerable, in words, or "" (not known to be).

    ``safeguarding_homes``: the ids of homes left out of a survey for a safeguarding or
    vulnerability concern (``safeguarding_home_ids``)."""
    if home is None:
        return ""
    reasons = []
    if home.pk in safeguarding_homes:
        reasons.append("the household has a safeguarding or vulnerability concern on record")
    household = getattr(home, "household", None)
    if household is not None:
        if household.disability == "yes":
            reasons.append("someone in the household is disabled")
        if household.age_band in OLDER_AGE_BANDS:
            reasons.append(f"the lead tenant is {household.get_age_band_display().lower()}")
    if home.needs_type in VULNERABLE_NEEDS_TYPES:
        reasons.append(f"the home is {home.get_needs_type_display().lower()}")
    return "; ".join(reasons)


def safeguarding_home_ids() -> frozenset:
    """Homes left out of a survey's sample for a safeguarding or vulnerability concern."""
    from doorstep.surveys.models import ExclusionReason, SampleExclusion

    return frozenset(SampleExclusion.objects.filter(reason=ExclusionReason.SAFEGUARDING)
                     .values_list("home_id", flat=True))
