"""The regulator's return: a year's figures in the layout of the RSH "TSM full data" workbook.

``write_return(frozen, path=...)`` writes a workbook with the sheets ``TSMyy_LCRA_Perception``,
``TSMyy_LCHO_Perception``, ``TSMyy_Combined_Perception`` and ``TSMyy_Management_Info`` (yy:
the last two digits of the year, 25 for 2024/25). Each has the header row of the
regulator's latest full-data workbook for that sheet, exactly as published (first cell
``Landlord name``), and one row for this landlord.

The headers ship with Doorstep in ``data/rsh_return_headers.csv`` (a fresh clone has no
research data): ``doorstep tsm return --headers-from WORKBOOK.xlsx`` rebuilds that file from a
later release. Each header is given a meaning by the benchmarks reader's own column rules
(``doorstep.benchmarks.rsh``), so a return is read back by Doorstep's benchmarks import
exactly as the regulator's own file is, and a column the regulator renames is still found.

Cells with no figure carry the regulator's markers: ``[U]`` a proportion whose base is 0,
``[Z]`` not required (unweighted counts of an unweighted survey, a measure not reported for
the tenure), ``[X]`` something Doorstep does not hold (the landlord's type, region,
contractor). Figures are unrounded: the regulator rounds when it publishes.

Contains public sector information licensed under the Open Government Licence v3.0
(Regulator of Social Housing): the column headers.
"""

import csv
from pathlib import Path

import openpyxl

from doorstep.benchmarks import rsh
from doorstep.core.periods import ReportingYear
from doorstep.measures import perception
from doorstep.publishing.freezing import REGULATOR_CHANNELS, Snapshot

HEADERS_FILE = Path(__file__).resolve().parent / "data" / "rsh_return_headers.csv"
HEADER_COLUMNS = ["sheet", "column", "header", "source", "year"]
SHEETS = {
    "lcra_perception": ("LCRA_Perception", "LCRA"),
    "lcho_perception": ("LCHO_Perception", "LCHO"),
    "combined_perception": ("Combined_Perception", "combined"),
    "management": ("Management_Info", None),
}
LEFT_BLANK, NOT_REQUIRED, NO_BASE = "[X]", "[Z]", "[U]"
CHANNEL_LABELS = {
    "telephone": "Telephone",
    "online": "Internet",
    "face_to_face": "Face to face",
    "postal": "Postal",
    "sms": "SMS",
    "other": "Other",
}
# The engine's answer codes in the order of the regulator's answers (``rsh.ANSWERS``, then
# don't know): 1 very satisfied (strongly agree) ... 5 very dissatisfied, 9 don't know.
ENGINE_ANSWERS = (*perception.SCALE_ANSWERS, perception.DONT_KNOW)
FILTER_FIELDS = {"TP02": "had_repair", "TP03": "had_repair", "TP09": "made_complaint",
                 "TP10": "has_communal_areas"}


class ReturnError(ValueError):
    """The return cannot be written; the message says why."""


# The shipped headers


def headers_from_workbook(path) -> dict:
    """The header row of each TSM sheet of a regulator's workbook, exactly as published."""
    year, sheets, rows = rsh._sheet_rows(Path(path))
    headers = {}
    for role in SHEETS:
        found = next(
            (row for row in rows[role] if row and rsh._clean(row[0]) == "landlord name"), None
        )
        if found is None:
            raise ReturnError(f"{Path(path).name}: sheet {sheets[role]} has no header row.")
        labels = list(found)
        while labels and labels[-1] in (None, ""):
            labels.pop()
        headers[role] = ["" if label is None else str(label) for label in labels]
    return {"source": Path(path).name, "year": year, "headers": headers}


def save_headers(path, *, to: Path = HEADERS_FILE) -> dict:
    """Rebuild the shipped header file from a regulator's workbook (one row per column)."""
    data = headers_from_workbook(path)
    with open(to, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER_COLUMNS)
        for role, labels in data["headers"].items():
            for position, label in enumerate(labels):
                writer.writerow([role, position, label, data["source"], data["year"]])
    return data


def shipped_headers(path: Path = HEADERS_FILE) -> dict:
    headers, source, year = {}, "", ""
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            headers.setdefault(row["sheet"], []).append(row["header"])
            source, year = row["source"], row["year"]
    return {"source": source, "year": year, "headers": headers}


# The workbook


def sheet_name(year: ReportingYear, role: str) -> str:
    return f"TSM{(year.first_year + 1) % 100:02d}_{SHEETS[role][0]}"


def write_return(frozen: Snapshot, *, path, landlord_name: str, landlord_code: str,
                 repair_targets: dict | None = None, about: str = "") -> Path:
    """Write the return for ``frozen`` (a snapshot or a published version read as one)."""
    year = ReportingYear.parse(frozen.year)
    shipped = shipped_headers()
    book = openpyxl.Workbook()
    book.remove(book.active)
    identity = _identity(frozen, landlord_name=landlord_name, landlord_code=landlord_code)
    for role, (_, tenure) in SHEETS.items():
        labels = shipped["headers"][role]
        cleaned = [rsh._clean(label) for label in labels]
        if tenure is None:
            columns = rsh._management_columns(cleaned, sheet=role)
            values = identity | _management_values(
                frozen, frozen.repair_targets if repair_targets is None else repair_targets)
        else:
            columns = rsh._perception_columns(cleaned, sheet=role)
            values = identity | _perception_values(frozen, tenure=tenure)
        sheet = book.create_sheet(sheet_name(year, role))
        sheet.append(labels)
        sheet.append(_row(columns, values, width=len(labels)))
    notes = book.create_sheet("About this return")
    notes.append([f"{landlord_name}: Tenant Satisfaction Measures {year.label}"])
    notes.append([about or "Written by Doorstep from the figures as they stood."])
    notes.append([f"Column headers from the regulator's {shipped['source']}. Contains public "
                  "sector information licensed under the Open Government Licence v3.0 "
                  "(Regulator of Social Housing)."])
    path = Path(path)
    book.save(path)
    return path


def _row(columns: dict, values: dict, *, width: int) -> list:
    row = [LEFT_BLANK] * width
    characteristics = list(values.get(("weighting_characteristic",), []))
    for key, at in columns.items():
        if key == ("weighting_characteristic",):
            for place, position in enumerate(at):
                row[position] = characteristics[place] if place < len(characteristics) else (
                    NOT_REQUIRED)
            continue
        if key == "rsh_notes":
            row[at] = None  # the regulator's own notes
        elif key in values:
            value = values[key]
            row[at] = LEFT_BLANK if value is None else value
        elif isinstance(key, tuple) and key[0] in ("proportion", "count", "filter", "share",
                                                   "measure", "detail", "by_method"):
            row[at] = NOT_REQUIRED  # not reported for this tenure
    return row


def _identity(frozen: Snapshot, *, landlord_name: str, landlord_code: str) -> dict:
    return {
        "landlord_name": landlord_name,
        "landlord_code": landlord_code or LEFT_BLANK,
        "group_size": _size_band(frozen.homes_owned),
        "rsh_notes": None,
    }


def _size_band(homes: int | None) -> str | None:
    if homes is None:
        return None
    if homes < 5000:
        return "<5,000"
    return "5,000-40,000" if homes <= 40000 else ">40,000"


def _proportion(numerator: float, denominator: float):
    return 100 * numerator / denominator if denominator else NO_BASE


def _perception_values(frozen: Snapshot, *, tenure: str) -> dict:
    context = frozen.survey_context.get(tenure, {})
    values = {
        "relevant_population": context.get("relevant_population"),
        "required_sample": context.get("required_sample"),
        "sample_achieved": context.get("sample_achieved"),
        "margin_of_error": context.get("margin_of_error"),
        "excluded": context.get("excluded"),
        "census_or_sample": context.get("census_or_sample"),
        "other_methods": NOT_REQUIRED,
        "predominant_method": CHANNEL_LABELS.get(context.get("predominant_method")),
        "weighted": "Yes" if context.get("weighted") else "No",
        "method_weighting": "Weighted" if context.get("weighted") else "Unweighted",
        ("weighting_characteristic",): context.get("weighting_characteristics") or [],
    }
    for channel in REGULATOR_CHANNELS:
        values[("responses", channel)] = context.get("responses_by_method", {}).get(channel, 0)
        share = context.get("tp01_by_method", {}).get(channel)
        values[("by_method", channel)] = NO_BASE if share is None else share
    for row in frozen.measures:
        if row["tenure"] != tenure or not row["code"].startswith("TP"):
            continue
        code, details = row["code"], row["details"]
        values[("proportion", code)] = (
            NO_BASE if row["value"] is None else row["value"]
        )
        names, counts = perception.answer_names(code=code), details.get("counts", {})
        for name, answer in zip((*rsh.ANSWERS, rsh.DONT_KNOW), ENGINE_ANSWERS, strict=True):
            values[("count", code, name)] = counts.get(names[answer], 0)
        field = FILTER_FIELDS.get(code)
        if field:
            said = context.get("filter_counts", {}).get(field, {"yes": 0, "no": 0})
            values[("filter", code, "yes")] = said["yes"]
            values[("filter", code, "no")] = said["no"]
            values[("share", code)] = _proportion(said["yes"], said["yes"] + said["no"])
    unweighted = context.get("tp01_unweighted", {})
    for name in rsh.ANSWERS:
        values[("unweighted", name)] = (
            unweighted.get("counts", {}).get(name, 0) if context.get("weighted") else NOT_REQUIRED
        )
    share = unweighted.get("proportion")
    values[("unweighted_proportion",)] = (
        (NO_BASE if share is None else share) if context.get("weighted") else NOT_REQUIRED
    )
    return values


def _management_values(frozen: Snapshot, repair_targets: dict) -> dict:
    values = {}
    for row in frozen.measures:
        code, tenure = row["code"], row["tenure"]
        if code.startswith("TP"):
            continue
        values[("measure", code, tenure, "numerator")] = row["numerator"]
        values[("measure", code, tenure, "denominator")] = row["denominator"]
        values[("measure", code, tenure, "value")] = (
            NO_BASE if row["value"] is None else row["value"]
        )
        if tenure == rsh.DEFAULT_TENURE.get(code):
            values[("applies", code)] = "Yes" if row["denominator"] else "No"
        if code.startswith("CH02"):
            by_extension = row["details"].get("within_only_by_extension", 0)
            values[("detail", code, tenure, "within_with_extension")] = by_extension
            values[("detail", code, tenure, "within_without_extension")] = (
                row["numerator"] - by_extension
            )
    for name, count in frozen.repair_counts.items():
        values[("repairs", name)] = count
    for name, text in repair_targets.items():
        values[("target", name)] = _number_or_text(text)
    return values


def _number_or_text(text):
    if text is None:
        return None
    try:
        return float(str(text).strip())
    except ValueError:
        return str(text)


def return_for_year(*, year: ReportingYear, path, version_number: int | None = None,
                    live: bool = False) -> str:
    """Write the year's return: its latest published version (or ``version_number``), or,
    when the year is not published or ``live`` is asked for, the figures as they stand now.
    Returns a sentence saying which figures were written."""
    from django.conf import settings

    from doorstep.publishing import services
    from doorstep.publishing.freezing import snapshot

    version = None
    if not live:
        try:
            version = services.version_of(year=year, number=version_number)
        except services.PublishingError:
            if version_number:
                raise
    if version is None:
        frozen = snapshot(year=year)
        about = (f"Live figures for {year.label}, not a published version: publish the year "
                 "so that the figures are frozen.")
    else:
        frozen = services.as_snapshot(version)
        about = (f"Published figures: {year.label} version {version.number}, published "
                 f"{version.published_at:%-d %B %Y}.")
    write_return(frozen, path=path, landlord_name=settings.LANDLORD_NAME,
                 landlord_code=settings.LANDLORD_CODE, about=about)
    if not settings.LANDLORD_CODE:
        about += (" The landlord code is [X]: set LANDLORD_CODE to the regulator's code "
                  "for the landlord before sending the return.")
    return about
