"""``doorstep rsh-dataset``: the regulator's published TSM data that ships with Doorstep.

    doorstep rsh-dataset build --from FOLDER   # read the workbooks, write data/*.json.gz, check
    doorstep rsh-dataset check --from FOLDER   # the shipped files still match the workbooks
    doorstep rsh-dataset load [--replace]      # import the shipped years as benchmarks
    doorstep rsh-dataset show                  # what is shipped, and its credit

FOLDER holds the "TSM full data" workbooks downloaded from GOV.UK (the team keeps them in
../shared/research_data/rsh_tsm). See doorstep/benchmarks/data/README.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from doorstep.benchmarks import dataset

DEFAULT_SOURCE = Path(__file__).resolve().parents[5] / "shared" / "research_data" / "rsh_tsm"


class Command(BaseCommand):
    help = "Build, check or load the regulator's TSM dataset that ships with Doorstep."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in (("build", "Build the shipped files from the workbooks, and check"),
                           ("check", "Check the shipped files against the workbooks")):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--from", dest="source", type=Path, default=DEFAULT_SOURCE,
                             help=f"folder of the workbooks (default {DEFAULT_SOURCE})")
        load = actions.add_parser("load", help="Import the shipped years as benchmarks")
        load.add_argument("--replace", action="store_true",
                          help="replace years already imported (e.g. from a newer workbook)")
        actions.add_parser("show", help="Say what is shipped")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except dataset.DatasetError as problem:
            raise CommandError(str(problem), returncode=1) from None

    def _build(self, *, source, **_):
        for line in dataset.build(source=source):
            self._say("Wrote and checked", line)
        self.stdout.write(dataset.ATTRIBUTION)

    def _check(self, *, source, **_):
        results = dataset.check(source=source)
        if not results:
            raise dataset.DatasetError("No shipped files to check: run "
                                       "`doorstep rsh-dataset build`")
        for line in results:
            self._say("Matches its workbook:", line)

    def _load(self, *, replace, **_):
        reports = dataset.load_into_database(replace=replace)
        if not reports:
            self.stdout.write("Every shipped year is already imported (--replace to import it "
                              "again).")
        for report in reports:
            self.stdout.write(f"Imported {report.year}: {report.landlords} landlords.")
        self.stdout.write(dataset.ATTRIBUTION)

    def _show(self, **_):
        for path in dataset.shipped_files():
            document = dataset.read_document(path)
            self.stdout.write(f"{path.name}: from {document['source']} "
                              f"(SHA-256 {document['source_sha256'][:12]}...), "
                              f"{path.stat().st_size / 1000:,.0f} kB")
        self.stdout.write(dataset.ATTRIBUTION)

    def _say(self, verb, line):
        self.stdout.write(f"{verb} {line['file']} ({line['year']}, {line['landlords']} "
                          f"landlords, {line['figures']:,} figures, {line['bytes'] / 1000:,.0f} "
                          f"kB) from {line['workbook']}")
