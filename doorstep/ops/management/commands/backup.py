"""``doorstep backup FILE``: a consistent copy of the whole database, taken while it runs."""

from django.core.management.base import BaseCommand, CommandError

from doorstep.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite: online backup; PostgreSQL: pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write, e.g. doorstep-2026-12-02.dump")

    def handle(self, *args, file, **options):
        try:
            outcome = backup(path=file)
        except BackupError as problem:
            raise CommandError(str(problem), returncode=1) from None
        self.stdout.write(f"Backed up the {outcome.kind} database ({outcome.tables} tables) to "
                          f"{outcome.path} ({outcome.size / 1e6:.1f} MB).")
