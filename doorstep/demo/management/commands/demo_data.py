"""``doorstep demo-data``: make a fictional landlord, as files or straight into the database."""

import sys
import tempfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from doorstep.demo.generator import DemoDataError, DemoLandlord, generate, load_into_database


def day_given(value) -> date:
    """``--today`` as a date: the real date when not given; a clear message when not a date."""
    if value is None:
        return timezone.localdate()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value!r} is not a date: write it like 2026-12-02.") from None


class Command(BaseCommand):
    help = (
        "Make a realistic, reproducible fictional landlord: homes, repairs, complaints, ASB, "
        "safety checks, stock condition and TSM survey responses, up to today: the complete "
        "reporting years, then this year so far. With --out, write the import files to a "
        "folder; without it, load them into the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--homes", type=int, default=5000, help="How many homes (5000)")
        parser.add_argument(
            "--years", type=int, default=3,
            help="How many complete reporting years before this one (3)",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same files (1)")
        parser.add_argument(
            "--today", help="The day the data runs to, e.g. 2026-12-02 (the real date); the "
            "same seed and day give the same files",
        )
        parser.add_argument("--out", type=Path, help="Write the CSV files to this folder")

    def handle(self, *args, **options):
        today = day_given(options.get("today"))
        landlord = DemoLandlord(
            homes=options["homes"], years=options["years"], seed=options["seed"], today=today
        )
        progress = self._progress if sys.stderr.isatty() else None
        try:
            if options["out"]:
                self._write(landlord, options["out"], progress)
                return
            with tempfile.TemporaryDirectory(prefix="doorstep-demo-") as folder:
                self._write(landlord, Path(folder), progress)
                created = load_into_database(
                    Path(folder), run_by="demo-data", progress_for=self._import_progress,
                    today=today,
                )
            self.stdout.write(
                "Loaded the demo landlord: "
                + ", ".join(f"{dataset} {count:,}" for dataset, count in created.items())
            )
        except DemoDataError as problem:
            raise CommandError(str(problem)) from problem
        except OSError as problem:
            raise CommandError(
                f"Could not write the demo files: {problem.strerror} ({problem.filename})"
            ) from problem

    def _write(self, landlord: DemoLandlord, folder: Path, progress) -> None:
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is a file, not a folder: give a folder for --out.")
        counts = generate(landlord=landlord, out_dir=folder, progress=progress)
        if progress:
            sys.stderr.write("\n")
        first, last = landlord.first_year.start, landlord.today
        years = f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"
        self.stdout.write(f"Wrote the demo landlord ({years}, seed {landlord.seed}) to {folder}:")
        for dataset, count in counts.items():
            self.stdout.write(f"  {dataset}.csv  {count:,} rows")

    def _import_progress(self, dataset: str):
        if not sys.stderr.isatty():
            return None
        from doorstep.imports.progress import ProgressBar

        return ProgressBar(sys.stderr, label=dataset)

    def _progress(self, dataset: str, rows: int) -> None:
        sys.stderr.write(f"\r  {dataset}: {rows:,} rows          ")
        sys.stderr.flush()
