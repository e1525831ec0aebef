"""doorstep import <dataset> <file> [--dry-run] [--format text|json]"""

import getpass
import json
import sys

from django.core.management.base import BaseCommand

from doorstep.imports.datasets import DATASETS, IMPORT_ORDER
from doorstep.imports.progress import ProgressBar
from doorstep.imports.services import import_file

ERRORS_SHOWN_AS_TEXT = 200


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file. Every row is checked first: if any row has a problem "
        "nothing is written and every problem is listed with its row and column. Importing "
        "the same file twice changes nothing. Datasets, in the order to import them: "
        + ", ".join(IMPORT_ORDER)
        + ". The column formats are in docs/import-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=IMPORT_ORDER, help="which dataset the file holds")
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and say what would change"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, dataset, file, dry_run, format, **options):
        show_bar = format == "text" and sys.stderr.isatty()
        bar = ProgressBar(sys.stderr, label=f"{dataset} from {file}") if show_bar else None
        report = import_file(
            dataset=dataset, path=file, dry_run=dry_run, run_by=_login(), progress=bar
        )
        if bar:
            bar.close()
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            self.stdout.write(_as_text(report))
        if not report.ok:
            sys.exit(1)


def _login() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def _as_text(report) -> str:
    dataset = DATASETS[report.dataset]
    lines = []
    if report.unknown_columns:
        lines.append("Ignored columns that are not in the format: " + ", ".join(
            report.unknown_columns))
    if not report.ok:
        count = len(report.errors)
        lines.append(
            f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in "
            f"{report.file_name} ({report.rows:,} rows checked)."
        )
        for problem in report.errors[:ERRORS_SHOWN_AS_TEXT]:
            lines.append(f"  {problem}")
        if count > ERRORS_SHOWN_AS_TEXT:
            lines.append(f"  ... and {count - ERRORS_SHOWN_AS_TEXT:,} more: use --format json "
                         "to see them all")
        return "\n".join(lines)
    verb = "Would create" if report.dry_run else "Created"
    lines.append(
        f"{'Checked' if report.dry_run else 'Imported'} {report.rows:,} "
        f"{dataset.name.replace('_', ' ')} rows from {report.file_name} in "
        f"{report.seconds:.1f} s."
    )
    lines.append(
        f"{verb} {report.created:,}, {'would update' if report.dry_run else 'updated'} "
        f"{report.updated:,}, unchanged {report.unchanged:,}."
    )
    if report.dry_run:
        lines.append("This was a dry run: nothing was written.")
    return "\n".join(lines)
