"""``doorstep restore FILE [--force]``: put a backup made by ``doorstep backup`` back.

It refuses to write into a database that already has tables unless ``--force`` is given.
"""

from django.core.management.base import BaseCommand, CommandError

from doorstep.ops.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by `doorstep backup`."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")
        parser.add_argument("--force", action="store_true",
                            help="replace everything in a database that is not empty")

    def handle(self, *args, file, force, **options):
        try:
            outcome = restore(path=file, force=force)
        except BackupError as problem:
            raise CommandError(str(problem), returncode=1) from None
        self.stdout.write(f"Restored {outcome.path} into the {outcome.kind} database "
                          f"({outcome.tables} tables). Run `doorstep migrate` if this version "
                          "of Doorstep is newer than the backup.")
