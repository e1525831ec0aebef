"""``doorstep demo-data``: make a fictional landlord, as files or straight into the database."""

import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.demo.generator import DemoDataError, DemoLandlord, generate, load_into_database


class Command(BaseCommand):
    help = (
        "Make a realistic, reproducible fictional landlord: homes, repairs, complaints, ASB, "
        "safety checks, stock condition and TSM survey responses. With --out, write the "
        "import files to a folder; without it, load them into the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--homes", type=int, default=5000, help="How many homes (5000)")
        parser.add_argument("--years", type=int, default=3, help="How many reporting years (3)")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same files (1)")
        parser.add_argument(
            "--end-year", default="2025/26", help="The last reporting year, e.g. 2025/26"
        )
        parser.add_argument("--out", type=Path, help="Write the CSV files to this folder")

    def handle(self, *args, **options):
        try:
            end_year = ReportingYear.parse(options["end_year"])
        except PeriodError as problem:
            raise CommandError(str(problem)) from problem
        landlord = DemoLandlord(
            homes=options["homes"], years=options["years"], seed=options["seed"], end_year=end_year
        )
        progress = self._progress if sys.stderr.isatty() else None
        try:
            if options["out"]:
                self._write(landlord, options["out"], progress)
                return
            with tempfile.TemporaryDirectory(prefix="doorstep-demo-") as folder:
                self._write(landlord, Path(folder), progress)
                created = load_into_database(
                    Path(folder), run_by="demo-data", progress_for=self._import_progress
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
        years = f"{landlord.first_year.label} to {landlord.end_year.label}"
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
