"""Read the Regulator of Social Housing's published "TSM full data" workbooks.

Pure Python (openpyxl, no database). ``read_workbook(path)`` returns an ``RshWorkbook``:

``year``
    ``"2023/24"`` or ``"2024/25"``: the ``TSMyy_`` sheets hold the year ending March 20yy.
``landlords``
    ``{code: Landlord}``. ``Landlord`` has ``code``, ``name``, ``landlord_type`` ("PRP",
    "LARP"/"LA"), ``group_size`` (band text, e.g. "5,000-40,000"), ``region``,
    ``supported_housing`` ("Yes"/"No": LCRA above 30% supported housing) and
    ``publication_url``, all text as published. Codes are always ``str`` (the 2024/25 file
    stores some as numbers). Landlords named only on a "Not_Inc" sheet have a name alone.
``perception``
    ``{tenure: {code: PerceptionRow}}`` with tenure ``"LCRA"``, ``"LCHO"``, ``"combined"``.
    ``PerceptionRow`` has ``landlord_code``, ``tenure``, ``rsh_notes``, ``survey``
    (``SurveyContext``), ``questions`` (``{"TP01": Question, ...}``; LCHO has no
    TP02-TP04), ``tp01_by_method`` (``{channel: Figure}``), ``tp01_unweighted_counts``
    (``{answer: Figure}``, weighted landlords only) and ``tp01_unweighted_proportion``.

    ``SurveyContext``: ``relevant_population``, ``required_sample``, ``sample_achieved``,
    ``margin_of_error`` (a percent, e.g. 3.77; ``margin_of_error_was_fraction`` is True when
    the cell held a fraction and was multiplied by 100), ``excluded`` (tenants excluded from
    the sample frame), all ``Figure``; ``census_or_sample`` text;
    ``responses_by_method`` ``{channel: Figure}``; ``other_methods`` text;
    ``predominant_method`` (a channel name, or the published text when it is not one, e.g.
    "No predominant method"). Channels use Doorstep's names: ``telephone``, ``online``
    (published "Internet"), ``face_to_face``, ``postal``, ``sms``, ``other``;
    ``weighted`` (True/False/None: "Were weighted responses used");
    ``method_weighting`` text; ``weighting_characteristics`` list of text; ``contractor_used``,
    ``contractor_name``, ``interviews_by`` (2024/25 only, else None). ``expected_margin_of_error``
    recomputes the regulator's formula from N and n.

    ``Question``: ``code``, ``proportion`` (``Figure``, percent), ``counts``
    (``{answer: Figure}`` with the answers ``very_satisfied``, ``fairly_satisfied``,
    ``neither``, ``fairly_dissatisfied``, ``very_dissatisfied``, which for TP08 stand for
    strongly agree ... strongly disagree, plus ``dont_know`` for TP05-TP08, TP11, TP12),
    ``filter_counts`` (``{"yes": Figure, "no": Figure}`` for TP02/TP03 "had a repair", TP09
    "complained", TP10 "communal areas"; empty otherwise) and ``filter_share`` (the published
    percent who said yes, TP02/TP09/TP10 only). ``scale_total``, ``satisfied`` and
    ``recomputed`` (100 x (very + fairly) / five scale answers) are None when a count is
    missing or the base is 0. Many weighted landlords publish weighted, non-integer counts.
``management``
    ``{code: ManagementRow}``. ``ManagementRow`` has ``landlord_code``, ``rsh_notes``,
    ``measures`` ``{(measure_code, tenure): ManagementFigure}``, ``repair_targets``
    (``RepairTargets``: ``non_emergency_maximum``/``emergency_maximum`` Figures as published,
    the workbook names no unit, in practice days and hours; ``*_several`` "Yes"/"No" for
    having more than one target; ``*_outline`` the landlord's own text), ``repairs``
    (2024/25 context counts ``raised``, ``completed``, ``closed_other``, ``outstanding``) and
    ``measure(code, tenure=None)``, ``homes_owned`` (the NM01 denominator).

    Measure codes: ``BS01``..``BS05``, ``RP01``, ``RP02-1``, ``RP02-2``, ``CH01-1``,
    ``CH01-2``, ``CH02-1``, ``CH02-2``, ``NM01-1``, ``NM01-2``. Tenure as published: CH01/CH02
    come for ``"LCRA"``, ``"LCHO"`` and ``"combined"``; the others carry no tenure in the
    workbook and are filed under the tenure the regulator defines them for: BS01-BS05 and NM01
    ``"combined"`` (LCRA and LCHO together), RP01 and RP02 ``"LCRA"``.
    ``ManagementFigure`` has ``code``, ``tenure``, ``value``, ``numerator``, ``denominator``
    (all ``Figure``), ``unit`` (``UNITS[code]``), ``applies`` ("Yes"/"No", 2024/25 only),
    ``details`` (CH02: ``within_without_extension``/``within_with_extension`` Figures from
    2024/25, ``standard_timescales``/``timescales_used`` text from 2023/24) and
    ``recomputed`` (scale x numerator / denominator).
``not_included``
    list of ``Exclusion(code, name, part, reason)``, ``part`` "perception" or "management".
``fixes``
    list of ``Fix(sheet, landlord_code, field, published, read_as, reason)``: every cell the
    reader did not take at face value (a margin of error stored as a fraction, a proportion
    stored as a fraction, a 0 published for a measure with no base, a shifted block of
    weighting columns, an unreadable cell).
``proportions_rounded_to``
    1 when the perception proportions are published to one decimal place (2024/25), None
    when they are full precision (2023/24). Management values are rounded to one decimal in
    2024/25; in 2023/24 they are full precision except the LCHO and combined CH01/CH02
    values, rounded to whole numbers.

Cells: every numeric cell is a ``Figure(value, missing)``. A number gives ``value`` (int or
float as stored) and ``missing=None``; a literal 0 is a real 0. A marker gives
``value=None`` and ``missing`` one of ``MARKERS`` ("[X]" left blank by the landlord, "[Z]"
not required, "[E]" excluded by the regulator, "[S]" suppressed, "[U]" denominator zero),
``"blank"`` for an empty cell or ``"unreadable"`` for text that is neither.

Units: perception proportions, filter shares and by-method figures are percents (0-100).
The 2023/24 proportions were checked: all are stored as percents; any proportion stored as a
fraction of 1 (its counts recompute to 100 times it) is multiplied by 100 and listed in
``fixes``. Management values are percents except CH01 and NM01, "per 1,000" homes.

The 2023/24 file publishes 0% for a percentage whose base was 0 or blank (its Introduction
says so); the 2024/25 file writes [U]. Such a 0 is read as missing: "[U]" when the base is 0,
the base's own marker when the base is missing (also a management 0 over a blank numerator).

Columns are found by the ``(TPnn)``/``(BS01 Numerator)`` tags, the answer named in a count
label and a few stable key phrases ("Total sample size achieved", "made a complaint" for
TP09's untagged filter columns), never by position or by the question wording (some count
columns carry another question's wording). A count column naming no answer (2023/24's TP07
"very satisfied") takes the one answer its question still lacks.
The header row is the one whose first cell is "Landlord name", wherever it is;
text in rows between it and the first landlord is read as more header. Extra columns are
ignored; a missing essential column raises ``RshWorkbookError`` naming it.

Contains public sector information licensed under the Open Government Licence v3.0
(Regulator of Social Housing).
"""

import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from doorstep.core.periods import ReportingYear

MARKERS = {
    "[X]": "left blank by the landlord",
    "[Z]": "not required",
    "[E]": "excluded by the regulator",
    "[S]": "suppressed: fewer than 50 responses by that collection method",
    "[U]": "no value: the denominator is zero",
}
BLANK = "blank"
UNREADABLE = "unreadable"

ANSWERS = (
    "very_satisfied",
    "fairly_satisfied",
    "neither",
    "fairly_dissatisfied",
    "very_dissatisfied",
)
DONT_KNOW = "dont_know"
QUESTIONS = tuple(f"TP{n:02d}" for n in range(1, 13))
TENURES = ("LCRA", "LCHO", "combined")
MEASURES = (
    "BS01", "BS02", "BS03", "BS04", "BS05", "RP01", "RP02-1", "RP02-2",
    "CH01-1", "CH01-2", "CH02-1", "CH02-2", "NM01-1", "NM01-2",
)  # fmt: skip
UNITS = {code: "per 1,000" if code[:4] in ("CH01", "NM01") else "%" for code in MEASURES}
PERCEPTION_UNIT = "%"
# The tenure of a measure the workbook publishes without a "LCRA - " style prefix: building
# safety and ASB cover LCRA and LCHO together, repairs LCRA only (measures.md). CH01/CH02 are
# always prefixed; LCRA is their default in ``ManagementRow.measure``.
DEFAULT_TENURE = {code: "combined" if code[:2] in ("BS", "NM") else "LCRA" for code in MEASURES}

CHANNELS = {
    "telephone": "telephone",
    "phone": "telephone",
    "internet": "online",
    "online": "online",
    "facetoface": "face_to_face",
    "postal": "postal",
    "post": "postal",
    "paper": "postal",
    "sms": "sms",
    "text": "sms",
    "other": "other",
}


class RshWorkbookError(ValueError):
    """The file is not a TSM full-data workbook Doorstep can read; the message says why."""


@dataclass(frozen=True)
class Figure:
    value: int | float | None
    missing: str | None = None

    @property
    def is_missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Fix:
    sheet: str
    landlord_code: str
    field: str
    published: object
    read_as: object
    reason: str


@dataclass(frozen=True)
class Landlord:
    code: str
    name: str
    landlord_type: str | None = None
    group_size: str | None = None
    region: str | None = None
    supported_housing: str | None = None
    publication_url: str | None = None


@dataclass(frozen=True)
class Exclusion:
    code: str
    name: str
    part: str  # "perception" or "management"
    reason: str


@dataclass
class Question:
    code: str
    proportion: Figure
    counts: dict = field(default_factory=dict)
    filter_counts: dict = field(default_factory=dict)
    filter_share: Figure | None = None

    def _scale(self) -> list | None:
        figures = [self.counts.get(answer) for answer in ANSWERS]
        if any(f is None or f.is_missing for f in figures):
            return None
        return [f.value for f in figures]

    @property
    def scale_total(self) -> float | None:
        scale = self._scale()
        return None if scale is None else sum(scale)

    @property
    def satisfied(self) -> float | None:
        scale = self._scale()
        return None if scale is None else scale[0] + scale[1]

    @property
    def recomputed(self) -> float | None:
        """100 x (very + fairly) / the five scale answers; don't know is not in the base."""
        total = self.scale_total
        return 100 * self.satisfied / total if total else None


@dataclass
class SurveyContext:
    relevant_population: Figure
    required_sample: Figure
    sample_achieved: Figure
    margin_of_error: Figure
    margin_of_error_was_fraction: bool
    excluded: Figure
    census_or_sample: str | None
    responses_by_method: dict
    other_methods: str | None
    predominant_method: str | None
    weighted: bool | None
    method_weighting: str | None
    weighting_characteristics: list
    contractor_used: str | None = None
    contractor_name: str | None = None
    interviews_by: str | None = None

    @property
    def expected_margin_of_error(self) -> float | None:
        return _margin_of_error(
            population=self.relevant_population.value, responses=self.sample_achieved.value
        )


@dataclass
class PerceptionRow:
    landlord_code: str
    tenure: str
    rsh_notes: str | None
    survey: SurveyContext
    questions: dict
    tp01_by_method: dict
    tp01_unweighted_counts: dict
    tp01_unweighted_proportion: Figure | None


@dataclass
class ManagementFigure:
    code: str
    tenure: str
    value: Figure
    numerator: Figure
    denominator: Figure
    unit: str
    applies: str | None = None
    details: dict = field(default_factory=dict)

    @property
    def recomputed(self) -> float | None:
        if self.numerator.is_missing or not self.denominator.value:
            return None
        scale = 1000 if self.unit == "per 1,000" else 100
        return scale * self.numerator.value / self.denominator.value


@dataclass
class RepairTargets:
    non_emergency_maximum: Figure | None = None
    non_emergency_several: str | None = None
    non_emergency_outline: str | None = None
    emergency_maximum: Figure | None = None
    emergency_several: str | None = None
    emergency_outline: str | None = None


@dataclass
class ManagementRow:
    landlord_code: str
    rsh_notes: str | None
    measures: dict
    repair_targets: RepairTargets
    repairs: dict

    def measure(self, code: str, tenure: str | None = None) -> ManagementFigure | None:
        return self.measures.get((code, tenure or DEFAULT_TENURE.get(code)))

    @property
    def homes_owned(self) -> Figure | None:
        nm01 = self.measure("NM01-1")
        return nm01.denominator if nm01 else None


@dataclass
class RshWorkbook:
    year: str
    landlords: dict
    perception: dict
    management: dict
    not_included: list
    fixes: list
    proportions_rounded_to: int | None
    source: str = ""


# ---------------------------------------------------------------------------------------
# Cells


def _figure(cell) -> Figure:
    if type(cell) in (int, float):  # the common case first: this runs for every cell
        return Figure(cell)
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return Figure(None, BLANK)
    if isinstance(cell, bool):
        return Figure(None, UNREADABLE)
    if isinstance(cell, int | float):
        return Figure(cell)
    text = str(cell).strip().upper()
    if text in MARKERS:
        return Figure(None, text)
    try:
        return Figure(float(text.replace(",", "")))
    except ValueError:
        return Figure(None, UNREADABLE)


def _text(cell) -> str | None:
    if cell is None:
        return None
    text = str(cell).strip()
    return text or None


def _code(cell) -> str | None:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return _text(cell)


def _yes_no(cell) -> bool | None:
    text = (_text(cell) or "").lower()
    return {"yes": True, "no": False}.get(text)


class _Columns(dict):
    """Column key -> position in the row, for one sheet."""

    def of_kind(self, kind: str) -> list:
        """The keys of one kind, e.g. every ("responses", channel) key; built once a sheet."""
        if not hasattr(self, "_kinds"):
            self._kinds = {}
            for key in self:
                if isinstance(key, tuple):
                    self._kinds.setdefault(key[0], []).append(key)
        return self._kinds.get(kind, [])


def _clean(label) -> str:
    text = str(label or "").replace("\xa0", " ").replace("\u200b", "")
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _channel(text: str) -> str:
    key = re.sub(r"[^a-z]", "", _clean(text))
    return CHANNELS.get(key, key)


def _margin_of_error(*, population, responses) -> float | None:
    if not population or not responses or responses > population or population <= 1:
        return None
    finite = math.sqrt((population - responses) / (population - 1))
    return 100 * 1.96 * math.sqrt(0.25 / responses) * finite


# ---------------------------------------------------------------------------------------
# Sheets and header rows


def _sheet_role(name: str) -> str | None:
    """The part of a sheet name after TSMyy_, e.g. "LCRA_Perception" or "Man_Info_Not_Inc"."""
    key = re.sub(r"[^a-z]", "", name.lower())
    if "notinc" in key:
        return "management_not_inc" if key.startswith("man") else "perception_not_inc"
    for tenure in ("lcra", "lcho", "combined"):
        if key.startswith(tenure) and "perception" in key:
            return f"{tenure}_perception"
    return "management" if key.startswith("management") else None


def _year_and_sheets(sheet_names: list, *, source: str) -> tuple[str, dict]:
    years, sheets = set(), {}
    for name in sheet_names:
        match = re.match(r"^\s*TSM(\d{2})[\s_]", name, re.IGNORECASE)
        role = _sheet_role(name[match.end() :]) if match else None
        if role:
            years.add(int(match.group(1)))
            sheets[role] = name
    if len(years) != 1:
        found = ", ".join(sheet_names)
        raise RshWorkbookError(
            f"{source} does not look like the regulator's TSM full-data workbook: expected "
            f"sheets named like TSM25_LCRA_Perception, found {found}."
        )
    for role, label in (("lcra_perception", "LCRA_Perception"), ("management", "Management_Info")):
        if role not in sheets:
            raise RshWorkbookError(f"{source} has no TSMyy_{label} sheet.")
    return ReportingYear(2000 + years.pop() - 1).label, sheets


def _table(rows: list, *, sheet: str) -> tuple[list, list]:
    """The header labels and the landlord rows of one sheet."""
    start = next(
        (i for i, row in enumerate(rows) if row and _clean(row[0]) == "landlord name"), None
    )
    if start is None:
        raise RshWorkbookError(
            f"Sheet {sheet} has no header row: no row starts with 'Landlord name'."
        )
    labels = [_clean(cell) for cell in rows[start]]
    code_at = next((i for i, label in enumerate(labels) if label.startswith("landlord code")), None)
    if code_at is None:
        raise RshWorkbookError(f"Sheet {sheet} has no 'Landlord code' column.")
    body = rows[start + 1 :]
    for row in body:
        if _code(row[code_at] if code_at < len(row) else None):
            break
        # A second header row (2025 style) adds its text to the labels above it.
        for i, cell in enumerate(row[: len(labels)]):
            if _text(cell):
                labels[i] = f"{labels[i]} {_clean(cell)}".strip()
    data = [row for row in body if code_at < len(row) and _code(row[code_at])]
    return labels, data


# ---------------------------------------------------------------------------------------
# Perception columns

_TAG = re.compile(r"\((tp\d{2})( responses)?\)")
_PERCEPTION_FIELDS = (
    ("landlord_name", r"^landlord name"),
    ("landlord_code", r"^landlord code"),
    ("landlord_type", r"^landlord type"),
    ("publication_url", r"^landlord tsm publication url"),
    ("group_size", r"^landlord group size"),
    ("region", r"^landlord predominant region"),
    ("supported_housing", r"above 30% supported housing"),
    ("rsh_notes", r"additional notes from rsh"),
    ("relevant_population", r"^relevant tenant population"),
    ("required_sample", r"^required minimum sample size"),
    ("sample_achieved", r"^total sample size achieved"),
    ("margin_of_error", r"margin of error achieved"),
    ("excluded", r"excluded from sample frame"),
    ("census_or_sample", r"^sample or census"),
    ("other_methods", r"^other collection methods"),
    ("predominant_method", r"^predominant collection method"),
    ("contractor_used", r"external contractors been used"),
    ("contractor_name", r"external contractor's name"),
    ("interviews_by", r"who conducted the interviews"),
    ("method_weighting", r"by survey method been calculated using weighted or unweighted"),
    ("weighted", r"^were weighted responses used"),
)
_CATEGORIES = (
    ("neither", r"neither|not satisfied or dissatisfied"),
    ("very_dissatisfied", r"very dissatisfied|strongly disagree"),
    ("fairly_dissatisfied", r"fairly dissatisfied|\bdisagree"),
    ("very_satisfied", r"very satisfied|strongly agree"),
    ("fairly_satisfied", r"fairly satisfied|\bagree"),
)
# The filter questions' columns; TP09's and TP10's carry no (TPnn) tag.
_FILTERS = (
    ("carried out a repair", None),
    ("made a complaint", "TP09"),
    ("building with communal areas", "TP10"),
)
PERCEPTION_ESSENTIALS = {
    "landlord_name": "Landlord name",
    "landlord_code": "Landlord code",
    "relevant_population": "Relevant tenant population size",
    "sample_achieved": "Total sample size achieved",
    ("proportion", "TP01"): "Proportion of respondents ... satisfied ... (TP01)",
} | {
    ("count", "TP01", a): f"Number of respondents ... {a.replace('_', ' ')} ... (TP01)"
    for a in ANSWERS
}


def _category(label: str) -> str | None:
    if "not applicable" in label or "don't know" in label:
        return DONT_KNOW
    return next((name for name, pattern in _CATEGORIES if re.search(pattern, label)), None)


def _filter_key(label: str, tag: str | None) -> tuple | None:
    for phrase, question in _FILTERS:
        if phrase in label and (tag or question):
            answer = "no" if re.search(r"\bnot\b", label) else "yes"
            return ("filter", tag or question, answer)
    return None


def _tagged_key(label: str, tag: str, responses: bool) -> tuple | None:
    if "(unweighted)" in label:
        if label.startswith("proportion"):
            return ("unweighted_proportion",)
        return ("unweighted", _category(label))
    if "for each survey method" in label:
        return ("by_method", _channel(label.rsplit("-", 1)[-1]))
    if label.startswith("proportion"):
        return ("share", tag) if responses or "who state" in label else ("proportion", tag)
    if label.startswith("number of respondents"):
        category = _category(label)
        return ("count", tag, category) if category else ("unlabelled", tag)
    return None


def _perception_key(label: str) -> tuple | str | None:
    for name, pattern in _PERCEPTION_FIELDS:
        if re.search(pattern, label):
            return name
    method = re.match(r"^number of responses by method - (.+)$", label)
    if method:
        return ("responses", _channel(method.group(1)))
    if "weighting characteristic" in label:
        return ("weighting_characteristic",)
    tag = _TAG.search(label)
    code = tag.group(1).upper() if tag else None
    if label.startswith("number of respondents"):
        found = _filter_key(label, code)
        if found:
            return found
    return _tagged_key(label, code, bool(tag.group(2))) if tag else None


def _perception_columns(labels: list, *, sheet: str) -> dict:
    columns, unlabelled = _Columns(), {}
    for i, label in enumerate(labels):
        key = _perception_key(label)
        if key == ("weighting_characteristic",):
            columns.setdefault(key, []).append(i)
        elif key and key[0] == "unlabelled":
            unlabelled.setdefault(key[1], []).append(i)
        elif key and key not in columns:
            columns[key] = i
    for question, positions in unlabelled.items():
        _place_unlabelled(columns, question=question, positions=positions, sheet=sheet)
    _require(columns, PERCEPTION_ESSENTIALS, sheet=sheet)
    return columns


def _place_unlabelled(columns: dict, *, question: str, positions: list, sheet: str) -> None:
    """A count column whose label names no answer takes the answer its question lacks."""
    lacking = [a for a in ANSWERS if ("count", question, a) not in columns]
    if len(lacking) != len(positions):
        raise RshWorkbookError(
            f"Sheet {sheet}: cannot tell which answer {len(positions)} of the {question} "
            "count columns hold: their labels name no answer."
        )
    for answer, position in zip(lacking, positions, strict=True):
        columns[("count", question, answer)] = position


def _require(columns: dict, essentials: dict, *, sheet: str) -> None:
    missing = [label for key, label in essentials.items() if key not in columns]
    if missing:
        raise RshWorkbookError(
            f"Sheet {sheet} is missing the column(s) Doorstep needs: {'; '.join(missing)}."
        )


# ---------------------------------------------------------------------------------------
# Perception rows


class _Cells:
    """One landlord row read through a column map; notes every cell not taken at face value."""

    def __init__(self, row, columns: dict, *, sheet: str, fixes: list):
        self.row, self.columns, self.sheet, self.fixes = row, columns, sheet, fixes
        self.code = _code(self.raw("landlord_code"))

    def raw(self, key):
        at = self.columns.get(key)
        return self.row[at] if at is not None and at < len(self.row) else None

    def has(self, key) -> bool:
        return key in self.columns

    def figure(self, key) -> Figure:
        figure = _figure(self.raw(key))
        if figure.missing == UNREADABLE:
            self.fix(key, self.raw(key), UNREADABLE, "neither a number nor a marker")
        return figure

    def text(self, key) -> str | None:
        return _text(self.raw(key))

    def fix(self, field, published, read_as, reason: str) -> None:
        name = field if isinstance(field, str) else " ".join(str(part) for part in field)
        self.fixes.append(Fix(self.sheet, self.code, name, published, read_as, reason))


def _repair_weighting_block(cells: _Cells) -> None:
    """The 2023/24 Combined sheet moved the "by survey method weighted or unweighted" answer
    to the last column and shifted the weighting columns after it one place left."""
    row, at = cells.row, cells.columns.get("method_weighting")
    last = len(row) - 1
    if at is None or at >= last:
        return
    if _clean(row[at]) not in ("yes", "no") or _clean(row[last]) not in ("weighted", "unweighted"):
        return
    cells.fix("weighting columns", row[at], row[last], "answers shifted left of their labels")
    cells.row = row[:at] + (row[last],) + row[at:last]


def _survey(cells: _Cells) -> SurveyContext:
    margin, was_fraction = _margin(cells)
    methods = {key[1]: cells.figure(key) for key in cells.columns.of_kind("responses")}
    predominant = cells.text("predominant_method")
    channel = _channel(predominant) if predominant else None
    return SurveyContext(
        relevant_population=cells.figure("relevant_population"),
        required_sample=cells.figure("required_sample"),
        sample_achieved=cells.figure("sample_achieved"),
        margin_of_error=margin,
        margin_of_error_was_fraction=was_fraction,
        excluded=cells.figure("excluded"),
        census_or_sample=cells.text("census_or_sample"),
        responses_by_method=methods,
        other_methods=cells.text("other_methods"),
        predominant_method=channel if channel in CHANNELS.values() else predominant,
        weighted=_yes_no(cells.raw("weighted")),
        method_weighting=cells.text("method_weighting"),
        weighting_characteristics=[
            _text(cells.row[i])
            for i in cells.columns.get(("weighting_characteristic",), [])
            if i < len(cells.row) and _text(cells.row[i]) not in (None, "[Z]", "[X]")
        ],
        contractor_used=cells.text("contractor_used"),
        contractor_name=cells.text("contractor_name"),
        interviews_by=cells.text("interviews_by"),
    )


def _margin(cells: _Cells) -> tuple[Figure, bool]:
    """The margin of error as a percent; one 2023/24 landlord stored 0.0377 for 3.77%."""
    published = cells.figure("margin_of_error")
    expected = _margin_of_error(
        population=cells.figure("relevant_population").value,
        responses=cells.figure("sample_achieved").value,
    )
    if published.is_missing or expected is None or published.value >= 1:
        return published, False
    # Only when 100 times the cell is what N and n give (within the published rounding).
    as_percent = round(100 * published.value, 10)
    if abs(as_percent - expected) >= abs(published.value - expected):
        return published, False
    if abs(as_percent - expected) > max(0.1, 0.05 * expected):
        return published, False
    cells.fix("margin_of_error", published.value, as_percent, "fraction of 1 read as a percent")
    return Figure(as_percent), True


def _no_base(published: Figure, bases: list) -> Figure | None:
    """What a published 0 means when its base is empty: the 2023/24 file shows 0%."""
    if published.value != 0 or not bases or any(b.value for b in bases):
        return None
    marker = next((b.missing for b in bases if b.missing in MARKERS), None)
    return Figure(None, marker or "[U]")


def _checked(cells: _Cells, key, *, bases: list) -> Figure:
    published = cells.figure(key)
    replaced = _no_base(published, bases)
    if replaced is None:
        return published
    cells.fix(key, 0, replaced.missing, "0% published for a measure with no base")
    return replaced


def _question(cells: _Cells, code: str) -> Question:
    counts = {
        answer: cells.figure(("count", code, answer))
        for answer in (*ANSWERS, DONT_KNOW)
        if cells.has(("count", code, answer))
    }
    filters = {
        answer: cells.figure(("filter", code, answer))
        for answer in ("yes", "no")
        if cells.has(("filter", code, answer))
    }
    scale = [counts[a] for a in ANSWERS if a in counts]
    proportion = _checked(cells, ("proportion", code), bases=scale)
    question = Question(code=code, proportion=proportion, counts=counts, filter_counts=filters)
    question.proportion = _fraction_fixed(cells, question)
    if cells.has(("share", code)):
        question.filter_share = _checked(cells, ("share", code), bases=list(filters.values()))
    return question


def _fraction_fixed(cells: _Cells, question: Question) -> Figure:
    """A proportion stored as a fraction of 1 is multiplied by 100 when its counts agree."""
    published, recomputed = question.proportion, question.recomputed
    if published.is_missing or recomputed is None or not 0 < published.value <= 1:
        return published
    if abs(100 * published.value - recomputed) >= min(0.5, abs(published.value - recomputed)):
        return published
    as_percent = round(100 * published.value, 10)
    cells.fix(question.code, published.value, as_percent, "fraction of 1 read as a percent")
    return Figure(as_percent)


def _by_method(cells: _Cells) -> dict:
    results = {}
    for key in cells.columns.of_kind("by_method"):
        responses = ("responses", key[1])
        # The 2023/24 file shows 0% for a method with no responses.
        bases = [cells.figure(responses)] if cells.has(responses) else []
        results[key[1]] = _checked(cells, key, bases=bases)
    return results


def _perception_row(cells: _Cells, *, tenure: str) -> PerceptionRow:
    _repair_weighting_block(cells)
    present = [code for code in QUESTIONS if cells.has(("proportion", code))]
    unweighted = {
        a: cells.figure(("unweighted", a)) for a in ANSWERS if cells.has(("unweighted", a))
    }
    unweighted_share = None
    if cells.has(("unweighted_proportion",)):
        unweighted_share = _checked(
            cells, ("unweighted_proportion",), bases=list(unweighted.values())
        )
    return PerceptionRow(
        landlord_code=cells.code,
        tenure=tenure,
        rsh_notes=cells.text("rsh_notes"),
        survey=_survey(cells),
        questions={code: _question(cells, code) for code in present},
        tp01_by_method=_by_method(cells),
        tp01_unweighted_counts=unweighted,
        tp01_unweighted_proportion=unweighted_share,
    )


# ---------------------------------------------------------------------------------------
# Management columns

_MEASURE_TAG = re.compile(r"\((bs0\d|rp0\d|nm0\d|ch0\d)(?: (\d))?(?: (numerator|denominator))?\)")
_TENURE_PREFIX = re.compile(r"^(lcra|lcho|combined) - ")
_IDENTITY_FIELDS = _PERCEPTION_FIELDS[:8]
_REPAIR_TEXT = (
    ("outline", r"brief outline of what timescales"),
    ("maximum", r"\(maximum\) target timescale for"),
    ("several", r"more than one target timescale for"),
)
_REPAIRS = (
    ("raised", r"^number of responsive repairs raised"),
    ("completed", r"^number of responsive repairs completed during"),
    ("closed_other", r"^number of responsive repairs closed"),
    ("outstanding", r"^number of outstanding responsive repairs"),
)


def _measure_code(tag: re.Match) -> str:
    code = tag.group(1).upper()
    return f"{code}-{tag.group(2)}" if tag.group(2) else code


def _complaints_key(label: str, tenure: str) -> tuple | None:
    stage = "CH02-1" if "stage one" in label else "CH02-2"
    if "has ch02 been calculated using the standard" in label:
        return ("detail", "CH02-1", tenure, "standard_timescales")
    if "what were the maximum timescales used" in label:
        return ("detail", "CH02-1", tenure, "timescales_used")
    if "without the use of the" in label:
        return ("detail", stage, tenure, "within_without_extension")
    if "with the use of the" in label:
        return ("detail", stage, tenure, "within_with_extension")
    return None


def _repair_key(label: str) -> tuple | None:
    for name, pattern in _REPAIR_TEXT:
        if re.search(pattern, label):
            kind = "non_emergency" if "non-emergency" in label else "emergency"
            return ("target", f"{kind}_{name}")
    return next((("repairs", name) for name, p in _REPAIRS if re.search(p, label)), None)


def _management_key(label: str) -> tuple | str | None:
    for name, pattern in _IDENTITY_FIELDS:
        if re.search(pattern, label):
            return name
    prefix = _TENURE_PREFIX.match(label)
    tenure = (
        {"lcra": "LCRA", "lcho": "LCHO", "combined": "combined"}[prefix.group(1)]
        if prefix
        else None
    )
    found = _complaints_key(label, tenure) if tenure else None
    found = found or _repair_key(label)
    tag = _MEASURE_TAG.search(label)
    if found or not tag:
        return found
    code = _measure_code(tag)
    if "did you own dwelling units" in label:
        return ("applies", code)
    return ("measure", code, tenure or DEFAULT_TENURE.get(code), tag.group(3) or "value")


MANAGEMENT_ESSENTIALS = {"landlord_name": "Landlord name", "landlord_code": "Landlord code"} | {
    ("measure", code, DEFAULT_TENURE[code], part): f"{code} {part}"
    for code in MEASURES
    for part in ("value", "numerator", "denominator")
}


def _management_columns(labels: list, *, sheet: str) -> dict:
    columns = _Columns()
    for i, label in enumerate(labels):
        key = _management_key(label)
        if key and key not in columns:
            columns[key] = i
    _require(columns, MANAGEMENT_ESSENTIALS, sheet=sheet)
    return columns


def _management_value(cells: _Cells, code: str, tenure: str) -> Figure:
    def part(name):
        return cells.figure(("measure", code, tenure, name))

    value = _checked(cells, ("measure", code, tenure, "value"), bases=[part("denominator")])
    numerator = part("numerator")
    if value.value == 0 and numerator.missing in MARKERS:
        # 2023/24 also shows 0% when the landlord left the numerator blank.
        cells.fix((code, tenure), 0, numerator.missing, "0% published with a blank numerator")
        return Figure(None, numerator.missing)
    return value


def _management_figure(cells: _Cells, code: str, tenure: str) -> ManagementFigure:
    figure = ManagementFigure(
        code=code,
        tenure=tenure,
        value=_management_value(cells, code, tenure),
        numerator=cells.figure(("measure", code, tenure, "numerator")),
        denominator=cells.figure(("measure", code, tenure, "denominator")),
        unit=UNITS[code],
        applies=cells.text(("applies", code)) if tenure == DEFAULT_TENURE[code] else None,
    )
    for key in cells.columns.of_kind("detail"):
        if key[1:3] == (code, tenure):
            text = key[3] in ("standard_timescales", "timescales_used")
            figure.details[key[3]] = cells.text(key) if text else cells.figure(key)
    return figure


def _repair_targets(cells: _Cells) -> RepairTargets:
    values = {}
    for key in cells.columns.of_kind("target"):
        maximum = key[1].endswith("_maximum")
        values[key[1]] = cells.figure(key) if maximum else cells.text(key)
    return RepairTargets(**values)


def _management_row(cells: _Cells) -> ManagementRow:
    pairs = sorted({(key[1], key[2]) for key in cells.columns.of_kind("measure")})
    return ManagementRow(
        landlord_code=cells.code,
        rsh_notes=cells.text("rsh_notes"),
        measures={
            (code, tenure): _management_figure(cells, code, tenure) for code, tenure in pairs
        },
        repair_targets=_repair_targets(cells),
        repairs={key[1]: cells.figure(key) for key in cells.columns.of_kind("repairs")},
    )


# ---------------------------------------------------------------------------------------
# The workbook


def _landlord(cells: _Cells) -> Landlord:
    return Landlord(
        code=cells.code,
        name=cells.text("landlord_name") or "",
        landlord_type=cells.text("landlord_type"),
        group_size=cells.text("group_size"),
        region=cells.text("region"),
        supported_housing=cells.text("supported_housing"),
        publication_url=cells.text("publication_url"),
    )


def _merge_landlord(landlords: dict, landlord: Landlord) -> None:
    """Keep the first non-empty value of each attribute across the sheets."""
    known = landlords.get(landlord.code)
    if known is None:
        landlords[landlord.code] = landlord
        return
    merged = {
        name: getattr(known, name) or getattr(landlord, name)
        for name in Landlord.__dataclass_fields__
    }
    landlords[landlord.code] = Landlord(**merged)


def _exclusions(rows: list, *, part: str, sheet: str) -> list:
    labels, data = _table(rows, sheet=sheet)
    reason_at = next((i for i, label in enumerate(labels) if "notes" in label), len(labels) - 1)
    name_at = labels.index("landlord name")
    code_at = next(i for i, label in enumerate(labels) if label.startswith("landlord code"))
    return [
        Exclusion(_code(row[code_at]), _text(row[name_at]) or "", part, _text(row[reason_at]) or "")
        for row in data
    ]


def _rounded_to(perception: dict) -> int | None:
    values = [
        q.proportion.value
        for row in perception.get("LCRA", {}).values()
        for q in row.questions.values()
        if not q.proportion.is_missing
    ]
    if values and all(abs(v * 10 - round(v * 10)) < 1e-6 for v in values):
        return 1
    return None


def _open(path: Path):
    if not path.is_file():
        raise RshWorkbookError(f"There is no file at {path}.")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise RshWorkbookError(
            f"{path.name} could not be opened as an Excel workbook (.xlsx): {error}"
        ) from error


def _sheet_rows(path: Path) -> tuple[str, dict, dict]:
    """The year, the sheet name of each role, and each sheet's rows (read once, then closed)."""
    book = _open(path)
    try:
        year, sheets = _year_and_sheets(book.sheetnames, source=path.name)
        rows = {role: list(book[name].iter_rows(values_only=True)) for role, name in sheets.items()}
    finally:
        book.close()
    return year, sheets, rows


def read_workbook(path) -> RshWorkbook:
    """Read one TSM full-data workbook; see the module docstring for what comes back."""
    path = Path(path)
    year, sheets, rows = _sheet_rows(path)
    landlords, perception, fixes = {}, {}, []
    for tenure in TENURES:
        role = f"{tenure.lower()}_perception"
        if role in rows:
            perception[tenure] = _read_perception(
                rows[role], tenure=tenure, sheet=sheets[role], landlords=landlords, fixes=fixes
            )
    management = _read_management(
        rows["management"], sheet=sheets["management"], landlords=landlords, fixes=fixes
    )
    not_included = []
    for role, part in (("perception_not_inc", "perception"), ("management_not_inc", "management")):
        if role in rows:
            not_included += _exclusions(rows[role], part=part, sheet=sheets[role])
    for exclusion in not_included:
        _merge_landlord(landlords, Landlord(code=exclusion.code, name=exclusion.name))
    return RshWorkbook(
        year=year,
        landlords=landlords,
        perception=perception,
        management=management,
        not_included=not_included,
        fixes=fixes,
        proportions_rounded_to=_rounded_to(perception),
        source=path.name,
    )


def _read_perception(rows, *, tenure: str, sheet: str, landlords: dict, fixes: list) -> dict:
    labels, data = _table(rows, sheet=sheet)
    columns = _perception_columns(labels, sheet=sheet)
    result = {}
    for row in data:
        cells = _Cells(row, columns, sheet=sheet, fixes=fixes)
        _merge_landlord(landlords, _landlord(cells))
        result[cells.code] = _perception_row(cells, tenure=tenure)
    return result


def _read_management(rows, *, sheet: str, landlords: dict, fixes: list) -> dict:
    labels, data = _table(rows, sheet=sheet)
    columns = _management_columns(labels, sheet=sheet)
    result = {}
    for row in data:
        cells = _Cells(row, columns, sheet=sheet, fixes=fixes)
        _merge_landlord(landlords, _landlord(cells))
        result[cells.code] = _management_row(cells)
    return result
