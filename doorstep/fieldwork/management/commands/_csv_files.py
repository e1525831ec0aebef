"""Reading the landlord's CSV files for the fieldwork commands (a leading underscore: not a
command itself)."""

import csv
from pathlib import Path

from django.core.management.base import CommandError


def read_csv(path: Path, *, needs: set[str]) -> list[dict]:
    """Every row of a UTF-8 CSV file (Excel's byte-order mark allowed), once the columns
    ``needs`` are checked to be there."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            missing = needs - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"{path} needs the columns " + ", ".join(sorted(needs))
                                   + "; missing: " + ", ".join(sorted(missing)))
            return list(reader)
    except OSError as problem:
        raise CommandError(f"Could not read {path}: {problem.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not a UTF-8 CSV file: save it as CSV UTF-8") from None
