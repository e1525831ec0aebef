"""``doorstep backup`` and ``doorstep restore``: one file, SQLite (online backup API) or
PostgreSQL (pg_dump/pg_restore); a restore will not overwrite a database with tables in it
unless told to. These run on whichever database the suite runs on."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from doorstep.ops.backups import PG_MAGIC, SQLITE_MAGIC
from doorstep.ops.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_backs_up_and_restores_the_whole_database(tmp_path):
    Job.objects.create(label="Kept in the backup", task_name="x")
    file = tmp_path / "doorstep.backup"
    out = StringIO()
    call_command("backup", str(file), stdout=out)
    kind = connection.vendor
    assert out.getvalue().startswith(f"Backed up the {kind} database (")
    assert file.read_bytes().startswith(SQLITE_MAGIC if kind == "sqlite" else PG_MAGIC)
    assert not (tmp_path / "doorstep.backup.partial").exists()

    Job.objects.all().delete()
    Job.objects.create(label="Made after the backup", task_name="x")
    with pytest.raises(CommandError, match="restoring would replace everything in it") as refused:
        call_command("restore", str(file))
    assert refused.value.returncode == 1
    assert list(Job.objects.values_list("label", flat=True)) == ["Made after the backup"]

    out = StringIO()
    call_command("restore", str(file), "--force", stdout=out)
    assert f"into the {kind} database" in out.getvalue()
    assert list(Job.objects.values_list("label", flat=True)) == ["Kept in the backup"]


def test_it_refuses_a_file_that_is_not_a_backup_of_this_kind(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")
    with pytest.raises(CommandError, match="notes.txt is not a .* made by `doorstep backup`"):
        call_command("restore", str(notes), "--force")
    with pytest.raises(CommandError, match="There is no backup file at"):
        call_command("restore", str(tmp_path / "missing.backup"))
    with pytest.raises(CommandError, match="is a folder: give the backup's file name"):
        call_command("backup", str(tmp_path))
