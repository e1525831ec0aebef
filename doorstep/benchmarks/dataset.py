"""The regulator's published TSM data, shipped with Doorstep as a compact dataset.

``doorstep rsh-dataset build --from FOLDER`` reads the regulator's "TSM full data" workbooks
(``doorstep.benchmarks.rsh``) and writes what the reader took from each, losslessly, as
gzipped JSON in ``doorstep/benchmarks/data/`` (``rsh_tsm_2023-24.json.gz``, ...), then reads
the files back and checks that they give exactly what the workbooks give. ``load_books()``
reads them back as ``RshWorkbook`` objects, so the benchmarks (``load_into_database``), the
demo and the tests work without the workbooks, which the project does not ship.

Contains public sector information licensed under the Open Government Licence v3.0
(Regulator of Social Housing). See doorstep/benchmarks/data/README.md.
"""

import dataclasses
import gzip
import hashlib
import json
from pathlib import Path

from doorstep.benchmarks import rsh

DATA = Path(__file__).resolve().parent / "data"
ATTRIBUTION = ("Contains public sector information licensed under the Open Government "
               "Licence v3.0 (Regulator of Social Housing)")
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
FORMAT = 1
# Every class the reader returns, by name, so the JSON can say what each object was.
CLASSES = {cls.__name__: cls for cls in (
    rsh.Figure, rsh.Fix, rsh.Landlord, rsh.Exclusion, rsh.Question, rsh.SurveyContext,
    rsh.PerceptionRow, rsh.ManagementFigure, rsh.RepairTargets, rsh.ManagementRow,
    rsh.RshWorkbook,
)}


class DatasetError(ValueError):
    """The shipped dataset is missing, or does not match the workbooks; says what to do."""


def encode(value):
    """A reader object as JSON values: dataclasses tagged with their class, Figures as
    ``[value, marker]``, dicts whose keys are not text, and tuples, tagged too."""
    if isinstance(value, rsh.Figure):
        return {"@F": [value.value, value.missing]}
    if dataclasses.is_dataclass(value):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith("@") for key in value):
            return {key: encode(item) for key, item in value.items()}
        return {"@map": [[encode(key), encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {"@tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"Cannot keep a {type(value).__name__} in the dataset")


def decode(value):
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "@F" in value:
        number, missing = value["@F"]
        return rsh.Figure(number, missing)
    if "@map" in value:
        return {decode(key): decode(item) for key, item in value["@map"]}
    if "@tuple" in value:
        return tuple(decode(item) for item in value["@tuple"])
    if "@" in value:
        fields = {key: decode(item) for key, item in value.items() if key != "@"}
        return CLASSES[value["@"]](**fields)
    return {key: decode(item) for key, item in value.items()}


def file_name(year: str) -> str:
    return f"rsh_tsm_{year.replace('/', '-')}.json.gz"


def write_book(book: rsh.RshWorkbook, *, folder: Path, workbook_sha256: str) -> Path:
    document = {
        "format": FORMAT,
        "attribution": ATTRIBUTION,
        "licence": LICENCE_URL,
        "source": book.source,
        "source_sha256": workbook_sha256,
        "book": encode(book),
    }
    path = folder / file_name(book.year)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0: the same workbook always gives the same bytes, so a rebuild shows no change.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                               filename="") as packed:
        packed.write(text.encode())
    return path


def read_document(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as packed:
        document = json.load(packed)
    if document.get("format") != FORMAT:
        raise DatasetError(f"{path.name} is in a format this Doorstep cannot read: rebuild it "
                           "with `doorstep rsh-dataset build`")
    return document


def shipped_files(folder: Path = DATA) -> list[Path]:
    return sorted(folder.glob("rsh_tsm_*.json.gz"))


def load_books(folder: Path = DATA) -> dict[str, rsh.RshWorkbook]:
    """The shipped years as the reader's objects, by year label ("2024/25")."""
    files = shipped_files(folder)
    if not files:
        raise DatasetError(f"The regulator's dataset is missing from {folder}: rebuild it with "
                           "`doorstep rsh-dataset build --from FOLDER_OF_WORKBOOKS`")
    books = {}
    for path in files:
        book = decode(read_document(path)["book"])
        books[book.year] = book
    return books


def workbooks_in(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob("*_TSM_Full_Data_*.xlsx"))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(*, source: Path, folder: Path = DATA) -> list[dict]:
    """Read every workbook in ``source``, write its compact file and check it reads back."""
    workbooks = workbooks_in(source)
    if not workbooks:
        raise DatasetError(f"No TSM full-data workbooks (*_TSM_Full_Data_*.xlsx) in {source}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for workbook in workbooks:
        book = rsh.read_workbook(workbook)
        path = write_book(book, folder=folder, workbook_sha256=sha256(workbook))
        written.append(_checked(book, path))
    return written


def check(*, source: Path, folder: Path = DATA) -> list[dict]:
    """Check each shipped file against the workbook it was built from (in ``source``)."""
    workbooks = {path.name: path for path in workbooks_in(source)}
    results = []
    for path in shipped_files(folder):
        document = read_document(path)
        workbook = workbooks.get(document["source"])
        if workbook is None:
            raise DatasetError(f"{path.name} was built from {document['source']}, which is not "
                               f"in {source}")
        if sha256(workbook) != document["source_sha256"]:
            raise DatasetError(f"{document['source']} has changed since {path.name} was built: "
                               "rebuild with `doorstep rsh-dataset build`")
        results.append(_checked(rsh.read_workbook(workbook), path))
    return results


def _checked(book: rsh.RshWorkbook, path: Path) -> dict:
    shipped = decode(read_document(path)["book"])
    if shipped != book:
        raise DatasetError(f"{path.name} does not give what {book.source} gives: rebuild it")
    figures = sum(len(row.questions) for rows in book.perception.values()
                  for row in rows.values())
    figures += sum(len(row.measures) for row in book.management.values())
    return {"year": book.year, "workbook": book.source, "file": path.name,
            "landlords": len(book.landlords), "figures": figures,
            "bytes": path.stat().st_size}


def load_into_database(*, folder: Path = DATA, replace: bool = False) -> list:
    """Import the shipped years as benchmark releases (what the demo does). A year already
    imported is left alone unless ``replace``: a newer workbook imported by hand stays."""
    from doorstep.benchmarks.importing import import_workbook
    from doorstep.benchmarks.models import Release

    reports = []
    for path in shipped_files(folder):
        document = read_document(path)
        book = decode(document["book"])
        if not replace and Release.objects.filter(year=book.year).exists():
            continue
        reports.append(import_workbook(book=book, file_name=document["source"],
                                       sha=document["source_sha256"]))
    return reports
