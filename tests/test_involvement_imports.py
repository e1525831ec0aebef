"""``doorstep import household_profiles | involvement | participants``: the rules of every
import (all or nothing, each problem with its row and column, idempotent by reference),
and their own: a profile only with consent, a withdrawn household not re-profiled by an
older file, anonymous participants counted but not profiled."""

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from doorstep.imports.services import import_file
from doorstep.involvement import services
from doorstep.involvement.models import Activity, Participant
from doorstep.stock.models import Home
from doorstep.surveys.models import HouseholdProfile

pytestmark = pytest.mark.django_db

PROFILE_HEADER = ["home_ref", "age_band", "ethnicity", "disability", "preferred_language",
                  "digital_access", "consent_on", "consent_source"]
ACTIVITY_HEADER = ["activity_ref", "title", "kind", "held_on", "channel", "place", "area",
                   "service", "measures", "staff", "support_offered", "cost", "outcome"]
PARTICIPANT_HEADER = ["participant_ref", "activity_ref", "home_ref", "hours"]


def write(tmp_path: Path, name: str, header: list, rows: list) -> Path:
    path = tmp_path / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([header, *rows])
    return path


def load(tmp_path, dataset, header, rows):
    return import_file(dataset=dataset, path=write(tmp_path, dataset, header, rows),
                       run_by="test")


def problems(report) -> list[tuple]:
    return [(problem.row, problem.column) for problem in report.errors]


@pytest.fixture
def homes():
    return [Home.objects.create(home_ref=f"H{n}", tenure="LCRA", area="North")
            for n in range(1, 4)]


def test_it_imports_profiles_with_their_consent(tmp_path, homes):
    report = load(tmp_path, "household_profiles", PROFILE_HEADER, [
        ["H1", "16 to 24", "White British", "yes", "English", "Online with help", "2025-05-01",
         "tenancy sign-up"],
        ["H2", "75+", "", "n", "Polski", "not online", "02/06/2025", "survey"],
    ])
    assert report.errors == [] and report.created == 2
    one = HouseholdProfile.objects.get(home__home_ref="H1")
    assert (one.age_band, one.disability, one.digital_access) == ("16-24", "yes", "with_help")
    assert (one.consent_on, one.consent_source) == (date(2025, 5, 1), "tenancy sign-up")
    assert one.consent_purpose.startswith("Understanding who is heard")
    two = HouseholdProfile.objects.get(home__home_ref="H2")
    assert (two.age_band, two.disability, two.digital_access) == ("75+", "no", "offline")
    again = load(tmp_path, "household_profiles", PROFILE_HEADER, [
        ["H1", "16 to 24", "White British", "yes", "English", "Online with help", "2025-05-01",
         "tenancy sign-up"]])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_it_refuses_bad_profile_rows_and_writes_none(tmp_path, homes):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    report = load(tmp_path, "household_profiles", PROFILE_HEADER, [
        ["H1", "16-24", "", "", "", "", "", ""],  # a profile without consent
        ["H2", "15-19", "", "", "", "", "2025-05-01", "survey"],  # not an age band
        ["H3", "", "", "maybe", "", "", "2025-05-01", "survey"],  # not yes or no
        ["H9", "", "", "", "", "", "2025-05-01", "survey"],  # no such home
        ["H1", "", "", "", "", "sometimes", "2025-05-01", "survey"],  # digital access
        ["H2", "", "", "", "", "", tomorrow, "survey"],  # consent in the future
        ["H3", "", "", "", "", "", "2025-05-01", ""],  # where consent was given?
        ["", "", "", "", "", "", "2025-05-01", "survey"],  # no home_ref
    ])
    assert sorted(problems(report)) == sorted([
        (2, "consent_on"), (3, "age_band"), (4, "disability"), (5, "home_ref"),
        (6, "digital_access"), (7, "consent_on"), (8, "consent_source"), (9, "home_ref")])
    assert "a profile is kept only with the date the household agreed" in report.errors[0].reason
    assert HouseholdProfile.objects.count() == 0


def test_it_does_not_re_profile_a_household_that_withdrew_consent(tmp_path, homes):
    row = ["H1", "16-24", "", "", "", "", "2025-05-01", "survey"]
    load(tmp_path, "household_profiles", PROFILE_HEADER, [row])
    services.withdraw_consent(home=homes[0], by=None, on=date(2025, 7, 1))

    report = load(tmp_path, "household_profiles", PROFILE_HEADER, [row])
    assert problems(report) == [(2, "consent_on")]
    assert "withdrew consent on 01 July 2025" in report.errors[0].reason
    assert HouseholdProfile.objects.get(home=homes[0]).age_band == ""
    # Consent given again, after the withdrawal: the profile comes back.
    report = load(tmp_path, "household_profiles", PROFILE_HEADER, [
        ["H1", "16-24", "", "", "", "", "2025-08-01", "involvement form"]])
    assert report.errors == []
    profile = HouseholdProfile.objects.get(home=homes[0])
    assert (profile.age_band, profile.consent_withdrawn_on) == ("16-24", None)


def test_it_imports_activities_and_their_participants(tmp_path, homes):
    report = load(tmp_path, "involvement", ACTIVITY_HEADER, [
        ["INV-1", "North estate walkabout", "Estate walkabout", "2025-06-01", "face to face",
         "Oak Court", "North", "Estate services", "TP10; tp01", "Sam Lee",
         "Childcare; travel;accessible_venue", "£120.50", "Bins moved"],
        ["INV-2", "Digital panel", "digital_panel", "2025-07-01", "online", "", "", "", "",
         "", "", "", ""],
    ])
    assert report.errors == [] and report.created == 2
    walk = Activity.objects.get(activity_ref="INV-1")
    assert (walk.kind, walk.channel, walk.cost) == ("walkabout", "in_person", Decimal("120.50"))
    assert walk.measures == ["TP01", "TP10"]
    assert walk.supports == ["accessible_venue", "childcare", "travel"]

    report = load(tmp_path, "participants", PARTICIPANT_HEADER, [
        ["P1", "INV-1", "H1", "2"], ["P2", "INV-1", "", "1.5"], ["P3", "INV-2", "H2", ""]])
    assert report.errors == [] and report.created == 3
    anonymous = Participant.objects.get(participant_ref="P2")
    assert anonymous.home is None and anonymous.hours == Decimal("1.50")
    assert Participant.objects.get(participant_ref="P3").hours == 0


def test_it_refuses_bad_activity_and_participant_rows(tmp_path, homes):
    report = load(tmp_path, "involvement", ACTIVITY_HEADER, [
        ["INV-1", "", "walkabout", "2025-06-01", "online", "", "", "", "", "", "", "", ""],
        ["INV-2", "Party", "party", "2025-06-01", "online", "", "", "", "", "", "", "", ""],
        ["INV-3", "Panel", "panel", "31/02/2025", "online", "", "", "", "", "", "", "", ""],
        ["INV-4", "Panel", "panel", "2025-06-01", "online", "", "", "", "XX99", "", "", "", ""],
        ["INV-5", "Panel", "panel", "2025-06-01", "online", "", "", "", "", "", "cake", "", ""],
        ["INV-6", "Panel", "panel", "2025-06-01", "online", "", "", "", "", "", "", "-5", ""],
        ["INV-7", "Panel", "panel", "2025-06-01", "online", "", "", "", "", "", "", "", ""],
        ["INV-7", "Panel", "panel", "2025-06-01", "online", "", "", "", "", "", "", "", ""],
    ])
    assert sorted(problems(report)) == sorted([
        (2, "title"), (3, "kind"), (4, "held_on"), (5, "measures"), (6, "support_offered"),
        (7, "cost"), (9, "activity_ref")])
    assert Activity.objects.count() == 0

    Activity.objects.create(activity_ref="INV-1", title="Panel", kind="panel",
                            held_on=date(2025, 6, 1), channel="online")
    report = load(tmp_path, "participants", PARTICIPANT_HEADER, [
        ["P1", "INV-404", "H1", "1"], ["P2", "INV-1", "H404", "1"],
        ["P3", "INV-1", "H1", "lots"], ["P4", "INV-1", "H1", "-1"], ["", "INV-1", "H1", "1"]])
    assert sorted(problems(report)) == sorted([
        (2, "activity_ref"), (3, "home_ref"), (4, "hours"), (5, "hours"),
        (6, "participant_ref")])
    assert "import it in involvement first" in report.errors[0].reason
    assert Participant.objects.count() == 0
