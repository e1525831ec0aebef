"""One plain-English label for every code Doorstep stores, for pages, PDFs and exports alike.

``label("face_to_face")`` is "Face to face", ``label("asb")`` "ASB". The labels come from
three places, the first that knows a code winning:

1. ``labels.csv`` beside this module: the codes no model's ``choices`` name (conventions and
   their values, answer scales, filter questions, the landlord's repair trades) and any code
   whose ``choices`` label reads badly out of context. A person edits it, not the code.
2. The ``choices`` of every Doorstep model field, and the HHSRS hazard list
   (``doorstep/hazards/data/hhsrs_hazards.csv``), so a model's own wording is used.
3. For anything else, a readable form of the code: underscores to spaces, the first letter
   capitalised, abbreviations (ASB, TSM, ...) and measure codes (TP01) in capitals.

A convention's value is looked up under its convention (``label("exclude",
within="withdrawn_complaints")``) because the same value means different things under
different conventions.
"""

import csv
import re
from functools import cache
from pathlib import Path

# Written in capitals wherever they appear in a code (the regulator's and the sector's own
# abbreviations, and the file kinds people download).
ABBREVIATIONS = frozenset(
    {"asb", "tsm", "hhsrs", "rsh", "chc", "pdf", "csv", "sms", "uprn", "gbp", "lcra", "lcho",
     "xlsx"}
)
# A measure's code inside a longer code: comment_tp01 is "Comment TP01".
_MEASURE_CODE = re.compile(r"(?:tp|bs|rp|ch|nm)\d{2}(?:-\d)?")
# A word run into its number: stage1_outcome is "Stage 1 outcome".
_WORD_AND_NUMBER = re.compile(r"([a-z]+)(\d+)")
_HAND_WRITTEN = Path(__file__).with_name("labels.csv")
_HAZARDS = Path(__file__).parent.parent / "hazards" / "data" / "hhsrs_hazards.csv"


def label(code, *, within: str = "") -> str:
    """The plain-English label of ``code``; anything that is not a string is given back as is.

    ``within`` names the convention (or other list) a value belongs to, where the same value
    means different things in different lists.
    """
    if not isinstance(code, str):
        return code
    known = labels()
    if within and f"{within}={code}" in known:
        return known[f"{within}={code}"]
    # "Asb" or "Rent_charges": a code someone capitalised is still the code.
    return known.get(code) or known.get(code.lower()) or readable(code)


def readable(code: str) -> str:
    """A code written as words: "stage1_outcome" -> "Stage 1 outcome", "asb_cases" -> "ASB cases".

    Only case, spaces and underscores change, so a column heading written this way is still
    the heading an import reads (headings match whatever their case, spaces or underscores).
    """
    words = [_word(word) for word in code.replace("_", " ").split(" ")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _word(word: str) -> str:
    if word.lower() in ABBREVIATIONS or _MEASURE_CODE.fullmatch(word.lower()):
        return word.upper()
    if word.islower():
        return _WORD_AND_NUMBER.sub(r"\1 \2", word)
    return word  # already written by a person (a reference, a name): left as it is


@cache
def labels() -> dict[str, str]:
    """Every known code and its label (read once: the sources change only with a release)."""
    found: dict[str, str] = {}
    for code, text in _model_choices():
        found.setdefault(code, text)
    for code, text in _hazard_names():
        found.setdefault(code, text)
    return found | _hand_written()


def _hand_written() -> dict[str, str]:
    with _HAND_WRITTEN.open(encoding="utf-8", newline="") as file:
        return {row["code"]: row["label"] for row in csv.DictReader(file)}


def _hazard_names() -> list[tuple[str, str]]:
    with _HAZARDS.open(encoding="utf-8", newline="") as file:
        return [(row["code"], row["name"]) for row in csv.DictReader(file)]


def _model_choices() -> list[tuple[str, str]]:
    # Imported here, not at the top: core is below every app, and the apps must be loaded.
    from django.apps import apps

    pairs = []
    for model in apps.get_models():
        if not model.__module__.startswith("doorstep."):
            continue
        for field in model._meta.get_fields():
            for code, text in getattr(field, "flatchoices", None) or ():
                if isinstance(code, str) and code:
                    pairs.append((code, str(text)))
    return pairs
