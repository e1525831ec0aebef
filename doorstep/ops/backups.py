"""Backing up and restoring Doorstep's database: one file, whichever database it is.

SQLite through its online backup API (a consistent copy while Doorstep keeps running);
PostgreSQL through ``pg_dump --format=custom`` and ``pg_restore`` (the PostgreSQL client
programs must be installed: Debian's ``postgresql-client``). A restore refuses to write
into a database that already has tables unless told to replace them (``force``).
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(ValueError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Outcome:
    path: Path
    kind: str  # "sqlite" or "postgresql"
    tables: int
    size: int


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Doorstep backs up SQLite and PostgreSQL, not {vendor}")
    return vendor


def table_names(*, alias: str = "default") -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def backup(*, path, alias: str = "default") -> Outcome:
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the backup's file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    vendor = _vendor(alias)
    partial = path.with_name(path.name + ".partial")
    if vendor == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        _run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                f"--file={partial}", alias=alias)
    partial.replace(path)
    return Outcome(path=path, kind=vendor, tables=len(table_names(alias=alias)),
                   size=path.stat().st_size)


def restore(*, path, force: bool = False, alias: str = "default") -> Outcome:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}")
    vendor = _vendor(alias)
    with path.open("rb") as file:
        start = file.read(16)
    expected = SQLITE_MAGIC if vendor == "sqlite" else PG_MAGIC
    if not start.startswith(expected):
        made_by = ("SQLite" if start.startswith(SQLITE_MAGIC)
                   else "PostgreSQL" if start.startswith(PG_MAGIC) else "neither database")
        raise BackupError(
            f"{path.name} is not a {vendor} backup made by `doorstep backup` (it looks like "
            f"{made_by}'s); restore it into a database of the kind it came from"
        )
    existing = table_names(alias=alias)
    if existing and not force:
        raise BackupError(
            f"The database already holds {len(existing)} tables; restoring would replace "
            "everything in it. Restore into a new, empty database, or add --force to replace "
            "it (take a backup of it first)."
        )
    connection = connections[alias]
    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    else:
        connection.close()
        options = ["--clean", "--if-exists"] if existing else []
        _run_pg("pg_restore", "--no-owner", "--no-privileges", "--single-transaction",
                "--exit-on-error", *options, str(path), alias=alias, database_flag="--dbname")
    return Outcome(path=path, kind=vendor, tables=len(table_names(alias=alias)),
                   size=path.stat().st_size)


def _run_pg(program: str, *arguments: str, alias: str, database_flag: str = "") -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} is not installed: install the PostgreSQL client programs "
            "(on Debian or Ubuntu: apt-get install postgresql-client)"
        )
    settings = connections[alias].settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD")):
        if settings.get(key):
            env[variable] = str(settings[key])
    name = settings["NAME"]
    database = [f"{database_flag}={name}"] if database_flag else [f"--dbname={name}"]
    completed = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [executable, *arguments, *database], env=env, capture_output=True, text=True,
        check=False,
    )
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise BackupError(f"{program} failed: {detail[-1] if detail else 'no message'}")
