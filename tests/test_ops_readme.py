"""The README keeps its word: every ``doorstep`` command it shows exists under the name it
uses, every sample file it names is in examples/, and the samples work."""

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def shown_commands() -> set[str]:
    """Command names after ``doorstep`` in code: `code spans` and indented code lines."""
    code = re.findall(r"`([^`]+)`", README)
    code += [line.strip() for line in README.splitlines() if line.startswith("    ")]
    names = set()
    for text in code:
        names |= set(re.findall(r"(?:^|[\s/])doorstep ([a-z][a-z_-]*)", text))
    return names


def test_it_shows_only_commands_that_exist_with_hyphens():
    shown = shown_commands()
    assert {"demo", "serve", "worker", "run-scheduled", "backup", "restore", "rsh-dataset",
            "survey-sms-replies", "voice"} <= shown
    known = {name.replace("_", "-") for name in get_commands()}
    assert sorted(shown - known) == []
    assert not any("_" in name for name in shown)


def test_it_names_sample_files_that_are_in_examples():
    named = set(re.findall(r"examples/([\w.-]+\.csv)", README))
    assert named == {"comments.csv", "sms-replies.csv"}
    for name in named:
        assert (ROOT / "examples" / name).is_file(), name


@pytest.mark.django_db
def test_it_classifies_the_example_comments(tmp_path):
    out = tmp_path / "coded.csv"
    call_command("voice", "classify", "--in", str(ROOT / "examples" / "comments.csv"),
                 "--out", str(out), stdout=StringIO())
    rows = {row["comment_id"]: row for row in csv.DictReader(out.open())}
    assert len(rows) == 10
    assert "damp_mould" in rows["C2"]["themes"].split(";")
    assert rows["C2"]["hazard"] == "yes"
    # C5 names a neighbour and a phone number: neither survives redaction.
    assert "07700 900123" not in rows["C5"]["redacted_text"]
    assert "John Smith" not in rows["C5"]["redacted_text"]


def test_it_gives_sms_replies_in_the_providers_columns():
    rows = list(csv.DictReader((ROOT / "examples" / "sms-replies.csv").open()))
    assert list(rows[0]) == ["phone_or_household_ref", "received_at", "text"]
    assert len(rows) == 9
