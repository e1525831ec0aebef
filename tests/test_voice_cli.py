"""`doorstep voice classify` end to end, with real files and no database."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DOORSTEP = Path(sys.executable).with_name("doorstep")


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment_id", "text"])
        writer.writerows(rows)


def test_it_classifies_a_csv_without_a_database(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, [
        ("c1", "Black mold in the bathroom, ring me on 07700 900461"),
        ("c2", "No problems with the repairs, the plumber was lovely"),
        ("c3", ""),
    ])
    # A database file that does not exist and is never migrated: classify must not need it.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}"}
    done = subprocess.run(
        [str(DOORSTEP), "voice", "classify", "--in", str(source), "--out", str(target)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "default framework v1 from code" in done.stderr
    assert "Coded 3 comments" in done.stdout
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["comment_id", "themes", "sentiment", "hazard", "flags",
                             "flag_words", "redacted_text"]
    assert rows[0] == {
        "comment_id": "c1", "themes": "damp_mould;home_condition", "sentiment": "negative",
        "hazard": "yes", "flags": "damp_mould", "flag_words": "damp_mould: mould",
        "redacted_text": "Black mold in the bathroom, ring me on [phone]",
    }
    assert (rows[1]["flags"], rows[1]["flag_words"]) == ("", "")
    assert (rows[1]["themes"], rows[1]["sentiment"], rows[1]["hazard"]) == (
        "repairs;staff_respect", "positive", "no")
    assert (rows[2]["themes"], rows[2]["sentiment"]) == ("other", "neutral")


def test_it_says_plainly_when_the_input_is_wrong(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,comment\n1,hello\n", encoding="utf-8")
    with pytest.raises(CommandError, match="must have the columns comment_id and text"):
        call_command("voice", "classify", "--in", str(wrong), "--out", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("voice", "classify", "--in", str(tmp_path / "missing.csv"),
                     "--out", str(tmp_path / "o.csv"))
