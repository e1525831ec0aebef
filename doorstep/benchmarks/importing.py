"""Import the regulator's TSM full-data workbook into the benchmark tables.

``import_release(path=...)`` reads the workbook (``doorstep.benchmarks.rsh``), then writes
the year's landlords, surveys and figures in one transaction with batched inserts. A year
holds one release: importing the same file again, or a later release of the same year,
replaces what was there (never duplicates) and the report says so. Every import attempt,
rejected ones too, is recorded as an ``ImportRun`` (dataset ``rsh_tsm``), as other imports are.
"""

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import connection, models, transaction
from django.utils import timezone

from doorstep.benchmarks import rsh
from doorstep.benchmarks.models import (
    PeerLandlord,
    PeerSurvey,
    PublishedFigure,
    Release,
)
from doorstep.imports.models import ImportRun
from doorstep.imports.reading import file_sha256

DATASET = "rsh_tsm"
BATCH = 5000
SHEETS = {
    "LCRA": "LCRA perception",
    "LCHO": "LCHO perception",
    "combined": "Combined perception",
}
MANAGEMENT_SHEET = "Management information"
# The published landlord types of the two years name the same two kinds of landlord.
LANDLORD_TYPES = {"PRP": "PRP", "LA": "LA", "LARP": "LA"}
SIZE_BANDS = {"<5000": "<5,000", "5000-40000": "5,000-40,000", ">40000": ">40,000"}


@dataclass
class ImportReport:
    file_name: str
    ok: bool = True
    message: str = ""
    year: str | None = None
    landlords: int = 0
    # {sheet: {"landlords": n, "figures": n with a value, "missing": {marker: n}}}; the
    # perception sheets add the same for TP01 by collection method ("tp01_by_method").
    sheets: dict = field(default_factory=dict)
    left_out: list = field(default_factory=list)
    fixes: list = field(default_factory=list)
    replaced: dict | None = None  # the release this import replaced: file, imported_at, same

    def as_dict(self) -> dict:
        return asdict(self)


def size_band(text: str | None) -> str:
    """The published size band in one spelling (2024/25 wrote both ">40000" and ">40,000")."""
    text = (text or "").strip()
    key = text.replace(",", "").replace(" ", "")
    return SIZE_BANDS.get(key, text)


def landlord_type(text: str | None) -> str:
    text = (text or "").strip()
    return LANDLORD_TYPES.get(text.upper(), text)


def import_release(*, path, run_by: str = "command line") -> ImportReport:
    """Read and import one workbook; a file that cannot be read gives ``ok=False`` and a
    plain message, with nothing written but the ``ImportRun``."""
    path = Path(path)
    started = timezone.now()
    try:
        book = rsh.read_workbook(path)
    except rsh.RshWorkbookError as problem:
        report = ImportReport(file_name=path.name, ok=False, message=str(problem))
        _record(report=report, path=path, run_by=run_by, started=started)
        return report
    sha = file_sha256(path)
    report = import_workbook(book=book, file_name=path.name, sha=sha)
    _record(report=report, path=path, run_by=run_by, started=started, sha=sha)
    return report


def import_workbook(*, book: rsh.RshWorkbook, file_name: str, sha: str = "") -> ImportReport:
    """Write one workbook already read; the year's earlier release, if any, is replaced."""
    report = ImportReport(file_name=file_name, year=book.year, landlords=len(book.landlords))
    report.left_out = [asdict(exclusion) for exclusion in book.not_included]
    report.fixes = [_fix(fix) for fix in book.fixes]
    with transaction.atomic():
        release = _fresh_release(book=book, file_name=file_name, sha=sha, report=report)
        landlords = _write_landlords(release=release, book=book)
        _write_perception(release=release, book=book, landlords=landlords, report=report)
        _write_management(release=release, book=book, landlords=landlords, report=report)
        release.report = report.as_dict()
        release.save(update_fields=["report"])
    report.message = _summary(report)
    return report


def _fix(fix: rsh.Fix) -> dict:
    row = asdict(fix)
    row["published"], row["read_as"] = _plain(fix.published), _plain(fix.read_as)
    return row


def _plain(value):
    return value if isinstance(value, int | float | str) or value is None else str(value)


def _fresh_release(*, book, file_name: str, sha: str, report: ImportReport) -> Release:
    """The year's release row, emptied of any earlier import's figures."""
    release = Release.objects.select_for_update().filter(year=book.year).first()
    if release is None:
        release = Release(year=book.year)
    else:
        report.replaced = {
            "file_name": release.file_name,
            "imported_at": release.imported_at.isoformat(),
            "same_file": bool(sha) and sha == release.file_sha256,
        }
        # Figures and surveys go with their landlords (cascade), in set-based deletes.
        PublishedFigure.objects.filter(release=release).delete()
        PeerSurvey.objects.filter(release=release).delete()
        PeerLandlord.objects.filter(release=release).delete()
    release.file_name = file_name
    release.file_sha256 = sha
    release.imported_at = timezone.now()
    release.proportions_rounded_to = book.proportions_rounded_to
    release.left_out = report.left_out
    release.fixes = report.fixes
    release.save()
    return release


def _write_landlords(*, release: Release, book) -> dict:
    rows = [
        PeerLandlord(
            release=release,
            code=landlord.code,
            name=landlord.name[:255],
            landlord_type=landlord_type(landlord.landlord_type),
            size_band=size_band(landlord.group_size),
            region=landlord.region or "",
            supported_housing=landlord.supported_housing or "",
            publication_url=(landlord.publication_url or "")[:500],
            **_management_context(book.management.get(landlord.code)),
        )
        for landlord in book.landlords.values()
    ]
    PeerLandlord.objects.bulk_create(rows, batch_size=BATCH)
    return dict(PeerLandlord.objects.filter(release=release).values_list("code", "pk"))


def _management_context(row) -> dict:
    if row is None:
        return {}
    homes = row.homes_owned
    targets = {}
    for name in rsh.RepairTargets.__dataclass_fields__:
        value = getattr(row.repair_targets, name)
        if value is not None:
            targets[name] = _json_figure(value) if isinstance(value, rsh.Figure) else value
    return {
        "homes_owned": int(homes.value) if homes and not homes.is_missing else None,
        "management_notes": row.rsh_notes or "",
        "repair_targets": targets,
        "repair_counts": {name: _json_figure(f) for name, f in row.repairs.items()},
    }


def _json_figure(figure: rsh.Figure):
    """A number as published, or the marker saying why there is none."""
    return figure.missing if figure.is_missing else figure.value


def _json_figures(figures: dict) -> dict:
    return {key: _json_figure(figure) for key, figure in figures.items()}


def _write_perception(*, release, book, landlords: dict, report: ImportReport) -> None:
    surveys, figures = [], []
    for tenure, rows in book.perception.items():
        counted, by_method = _SheetCount(), _SheetCount()
        for code, row in rows.items():
            landlord_id = landlords[code]
            surveys.append(_survey(release=release, landlord_id=landlord_id, row=row))
            for question in row.questions.values():
                counted.add(question.proportion)
                figures.append(
                    _perception_figure(
                        release=release, landlord_id=landlord_id, row=row, question=question
                    )
                )
            for figure in row.tp01_by_method.values():
                by_method.add(figure)  # [S] lives here: too few responses by a method
        report.sheets[SHEETS[tenure]] = counted.as_dict(landlords=len(rows)) | {
            "tp01_by_method": by_method.as_dict(landlords=len(rows))
        }
    _insert(PeerSurvey, surveys)
    _insert(PublishedFigure, figures)


def _survey(*, release, landlord_id: int, row: rsh.PerceptionRow) -> dict:
    survey = row.survey
    return dict(
        release_id=release.pk,
        landlord_id=landlord_id,
        tenure=row.tenure,
        relevant_population=survey.relevant_population.value,
        relevant_population_missing=survey.relevant_population.missing or "",
        required_sample=survey.required_sample.value,
        sample_achieved=survey.sample_achieved.value,
        sample_achieved_missing=survey.sample_achieved.missing or "",
        margin_of_error=survey.margin_of_error.value,
        margin_of_error_missing=survey.margin_of_error.missing or "",
        margin_of_error_was_fraction=survey.margin_of_error_was_fraction,
        excluded=survey.excluded.value,
        census_or_sample=(survey.census_or_sample or "")[:60],
        responses_by_method=_json_figures(survey.responses_by_method),
        other_methods=survey.other_methods or "",
        predominant_method=(survey.predominant_method or "")[:100],
        weighted=survey.weighted,
        method_weighting=(survey.method_weighting or "")[:100],
        weighting_characteristics=survey.weighting_characteristics,
        contractor_used=(survey.contractor_used or "")[:100],
        contractor_name=(survey.contractor_name or "")[:255],
        interviews_by=(survey.interviews_by or "")[:255],
        rsh_notes=row.rsh_notes or "",
        tp01_by_method=_json_figures(row.tp01_by_method),
        tp01_unweighted={
            "counts": _json_figures(row.tp01_unweighted_counts),
            "proportion": _json_figure(row.tp01_unweighted_proportion)
            if row.tp01_unweighted_proportion
            else None,
        },
    )


def _perception_figure(*, release, landlord_id: int, row, question: rsh.Question):
    satisfied, base = question.satisfied, question.scale_total
    # The counts are there or not as a whole; when not, say why with the first marker.
    count_marker = next((f.missing for f in question.counts.values() if f.is_missing), "blank")
    details = {}
    if question.filter_share is not None:
        details["filter_share"] = _json_figure(question.filter_share)
    return dict(
        release_id=release.pk,
        landlord_id=landlord_id,
        code=question.code,
        tenure=row.tenure,
        kind=PublishedFigure.Kind.PERCEPTION.value,
        unit=rsh.PERCEPTION_UNIT,
        value=question.proportion.value,
        value_missing=question.proportion.missing or "",
        numerator=satisfied,
        numerator_missing="" if satisfied is not None else count_marker,
        denominator=base,
        denominator_missing="" if base is not None else count_marker,
        counts=_json_figures(question.counts),
        filter_counts=_json_figures(question.filter_counts),
        details=details,
    )


def _write_management(*, release, book, landlords: dict, report: ImportReport) -> None:
    figures, counted = [], _SheetCount()
    for code, row in book.management.items():
        for measure in row.measures.values():
            counted.add(measure.value)
            figures.append(
                dict(
                    release_id=release.pk,
                    landlord_id=landlords[code],
                    code=measure.code,
                    tenure=measure.tenure,
                    kind=PublishedFigure.Kind.MANAGEMENT.value,
                    unit=measure.unit,
                    value=measure.value.value,
                    value_missing=measure.value.missing or "",
                    numerator=measure.numerator.value,
                    numerator_missing=measure.numerator.missing or "",
                    denominator=measure.denominator.value,
                    denominator_missing=measure.denominator.missing or "",
                    details=_management_details(measure),
                )
            )
    _insert(PublishedFigure, figures)
    report.sheets[MANAGEMENT_SHEET] = counted.as_dict(landlords=len(book.management))


def _management_details(measure: rsh.ManagementFigure) -> dict:
    details = {
        name: _json_figure(value) if isinstance(value, rsh.Figure) else value
        for name, value in measure.details.items()
    }
    if measure.applies is not None:
        details["applies"] = measure.applies
    return details


def _insert(model, rows: list[dict]) -> None:
    """Insert rows (dicts by column attribute name) with SQL built from the model's metadata,
    as the other imports do (docs/adr/0001): building a model instance per figure was
    several times slower. PostgreSQL takes them with COPY, the others with executemany."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    json_fields = {f.attname: f for f in fields if isinstance(f, models.JSONField)}
    names = [f.attname for f in fields]
    # JSON goes in as text: SQLite stores it so, and COPY reads text into jsonb.
    values = [
        tuple(
            json.dumps(_default(model, name, row))
            if name in json_fields
            else _default(model, name, row)
            for name in names
        )
        for row in rows
    ]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def _default(model, name: str, row: dict):
    if name in row:
        return row[name]
    field = model._meta.get_field(name)
    return field.get_default() if field.has_default() else None


class _SheetCount:
    """Figures with a value, and the reasons for those without, on one sheet."""

    def __init__(self):
        self.figures, self.missing = 0, Counter()

    def add(self, figure: rsh.Figure) -> None:
        if figure.is_missing:
            self.missing[figure.missing] += 1
        else:
            self.figures += 1

    def as_dict(self, *, landlords: int) -> dict:
        missing = dict(sorted(self.missing.items()))
        return {"landlords": landlords, "figures": self.figures, "missing": missing}


def _summary(report: ImportReport) -> str:
    if report.replaced is None:
        return f"Imported the regulator's TSM data for {report.year} from {report.file_name}."
    if report.replaced["same_file"]:
        return (
            f"Imported {report.file_name} again: the {report.year} figures were replaced by "
            "the same figures."
        )
    return (
        f"Imported the regulator's TSM data for {report.year} from {report.file_name}, "
        f"replacing the release imported from {report.replaced['file_name']} on "
        f"{_day(report.replaced['imported_at'])}."
    )


def _day(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%d %b %Y")


def _record(*, report: ImportReport, path: Path, run_by: str, started, sha: str = "") -> None:
    figures = sum(sheet["figures"] for sheet in report.sheets.values())
    ImportRun.objects.create(
        dataset=DATASET,
        file_name=path.name[:255],
        file_sha256=sha,
        run_by=run_by[:150],
        started_at=started,
        finished_at=timezone.now(),
        outcome=ImportRun.Outcome.IMPORTED if report.ok else ImportRun.Outcome.REJECTED,
        rows=report.landlords,
        created=figures if report.ok and report.replaced is None else 0,
        updated=figures if report.replaced is not None else 0,
        error_count=0 if report.ok else 1,
        errors=[] if report.ok else [_problem(report.message)],
    )


def _problem(message: str) -> dict:
    # The shape of the other imports' problems, so the import history reads the same.
    return {"row": None, "column": None, "value": "", "reason": message}
