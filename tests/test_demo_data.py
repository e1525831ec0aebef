"""The demo landlord: files that obey the import contract, reproducibly, with life in them."""

import csv
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from django.core.management import CommandError, call_command

from doorstep.core.periods import ReportingYear
from doorstep.demo.days import DemoCalendar
from doorstep.demo.generator import DemoLandlord, generate

# Typed out from shared/spec/data-formats.md (and the brief for buildings), not imported
# from the generator, so the test checks the code against the contract.
QUESTIONS = [f"tp{n:02d}" for n in range(1, 13)]
CONTRACT = {
    "buildings": "building_ref,name,postcode,uprn",
    "homes": "home_ref,tenure,area,owned,needs_type,scheme,building_ref,postcode,uprn,"
    "acquired_on,disposed_on,decent_homes_applies",
    "stock_condition": "assessment_ref,home_ref,assessed_on,meets_decent_homes,reason",
    "repairs": "repair_ref,home_ref,building_ref,reported_at,priority,priority_label,"
    "target_at,completed_at,status,repair_type,category,description,cost_gbp",
    "complaints": "complaint_ref,home_ref,tenure,received_on,stage1_acknowledged_on,"
    "stage1_extension_days,stage1_responded_on,stage1_outcome,escalated_on,"
    "stage2_acknowledged_on,stage2_extension_days,stage2_responded_on,stage2_outcome,"
    "withdrawn_on,category,description,compensation_gbp",
    "asb_cases": "case_ref,home_ref,opened_on,closed_on,hate_related,category,description",
    "safety_requirements": "requirement_ref,asset_ref,check_type,required_from,required_until",
    "safety_checks": "check_ref,asset_ref,check_type,completed_on,valid_until",
    "survey_responses": "response_ref,survey,home_ref,tenure,completed_on,channel,"
    + ",".join(QUESTIONS)
    + ",had_repair,made_complaint,has_communal_areas,weight,comment,"
    + ",".join(f"comment_{q}" for q in QUESTIONS),
}
REFERENCE_COLUMN = {
    "buildings": "building_ref",
    "homes": "home_ref",
    "stock_condition": "assessment_ref",
    "repairs": "repair_ref",
    "complaints": "complaint_ref",
    "asb_cases": "case_ref",
    "safety_requirements": "requirement_ref",
    "safety_checks": "check_ref",
    "survey_responses": "response_ref",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2} (\d{2}):\d{2}$")
SATISFACTION = {"very_satisfied", "fairly_satisfied", "neither", "fairly_dissatisfied",
                "very_dissatisfied", "dont_know"}  # fmt: skip
AGREEMENT = {"strongly_agree", "agree", "neither", "disagree", "strongly_disagree", "dont_know"}
# 2024/25 and 2025/26: the two reporting years of the small landlord, its data taken on the
# last day of 2025/26 (so there is no year in progress: tests/test_demo_today.py has one).
FIRST_DAY, LAST_DAY = "2024-04-01", "2026-03-31"
END = date(2026, 3, 31)


def read(folder: Path, dataset: str) -> list[dict]:
    with (folder / f"{dataset}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-small")
    generate(
        landlord=DemoLandlord(homes=300, years=2, seed=1, today=END),
        out_dir=folder,
    )
    return folder


@pytest.fixture(scope="module")
def data(small) -> dict:
    return {dataset: read(small, dataset) for dataset in CONTRACT}


def test_it_writes_every_dataset_with_exactly_the_contract_columns(small):
    for dataset, columns in CONTRACT.items():
        with (small / f"{dataset}.csv").open(encoding="utf-8") as file:
            assert file.readline().rstrip("\n") == columns, dataset


def test_it_gives_every_row_a_reference_unique_in_its_dataset(data):
    for dataset, column in REFERENCE_COLUMN.items():
        refs = [row[column] for row in data[dataset]]
        assert refs, f"{dataset} is empty"
        assert all(refs), dataset
        assert len(set(refs)) == len(refs), dataset
    assert len(data["homes"]) == 300


def test_it_only_refers_to_homes_and_buildings_that_exist(data):
    homes = {row["home_ref"] for row in data["homes"]}
    buildings = {row["building_ref"] for row in data["buildings"]}
    assert {row["building_ref"] for row in data["homes"]} - {""} <= buildings
    for dataset in ("stock_condition", "repairs", "complaints", "asb_cases", "survey_responses"):
        assert {row["home_ref"] for row in data[dataset]} - {""} <= homes, dataset
    assert {row["building_ref"] for row in data["repairs"]} - {""} <= buildings
    assert all(row["home_ref"] or row["building_ref"] for row in data["repairs"])
    for dataset in ("safety_requirements", "safety_checks"):
        assert {row["asset_ref"] for row in data[dataset]} <= homes | buildings, dataset
    # Anything without a home says which tenure it is about.
    for dataset in ("complaints", "survey_responses"):
        assert all(row["home_ref"] or row["tenure"] for row in data[dataset])


def test_it_writes_dates_and_times_in_the_contract_formats_avoiding_the_clock_change_hour(data):
    date_columns = {
        "homes": ["acquired_on", "disposed_on"],
        "stock_condition": ["assessed_on"],
        "complaints": ["received_on", "stage1_acknowledged_on", "stage1_responded_on",
                       "escalated_on", "stage2_acknowledged_on", "stage2_responded_on",
                       "withdrawn_on"],  # fmt: skip
        "asb_cases": ["opened_on", "closed_on"],
        "safety_requirements": ["required_from", "required_until"],
        "safety_checks": ["completed_on", "valid_until"],
        "survey_responses": ["completed_on"],
    }
    for dataset, columns in date_columns.items():
        for row in data[dataset]:
            for column in columns:
                assert row[column] == "" or DATE.match(row[column]), (dataset, column, row)
    for row in data["repairs"]:
        for column in ("reported_at", "target_at", "completed_at"):
            if row[column]:
                match = MOMENT.match(row[column])
                assert match, row
                # 01:00-01:59 is missing or doubled when the clocks change: never used.
                assert match.group(1) != "01", row


def test_it_keeps_every_date_in_a_possible_order(data):
    for row in data["repairs"]:
        assert row["target_at"] > row["reported_at"], row
        assert row["completed_at"] == "" or row["completed_at"] >= row["reported_at"], row
        assert FIRST_DAY <= row["reported_at"][:10] <= LAST_DAY
        assert row["completed_at"][:10] <= LAST_DAY  # nothing done after the data was taken
    for row in data["complaints"]:
        received = row["received_on"]
        later = [row[c] for c in ("stage1_acknowledged_on", "stage1_responded_on") if row[c]]
        assert all(day >= received for day in later), row
        if row["escalated_on"]:
            assert row["stage1_responded_on"] and row["escalated_on"] > row["stage1_responded_on"]
            for column in ("stage2_acknowledged_on", "stage2_responded_on"):
                assert row[column] == "" or row[column] >= row["escalated_on"], row
        else:
            assert not any(row[c] for c in ("stage2_acknowledged_on", "stage2_responded_on"))
        assert row["withdrawn_on"] == "" or row["withdrawn_on"] >= received
        if row["withdrawn_on"]:
            assert row["stage1_responded_on"] == "" or row["escalated_on"], row
        assert row["stage1_extension_days"] == "" or 0 <= int(row["stage1_extension_days"]) <= 10
        assert row["stage2_extension_days"] == "" or 0 <= int(row["stage2_extension_days"]) <= 20
        assert bool(row["stage1_outcome"]) == bool(row["stage1_responded_on"]), row
        assert bool(row["stage2_outcome"]) == bool(row["stage2_responded_on"]), row
    for row in data["asb_cases"]:
        assert row["closed_on"] == "" or row["closed_on"] >= row["opened_on"]
    for row in data["safety_checks"]:
        assert row["valid_until"] > row["completed_on"] and row["completed_on"] <= LAST_DAY
    for row in data["safety_requirements"]:
        if row["required_from"] and row["required_until"]:
            assert row["required_until"] > row["required_from"], row
    for row in data["stock_condition"]:
        assert row["assessed_on"] <= LAST_DAY


def test_it_only_records_activity_while_a_home_is_held(data):
    held = {
        row["home_ref"]: (row["acquired_on"] or "0000", row["disposed_on"] or "9999")
        for row in data["homes"]
    }
    assert any(row["acquired_on"] for row in data["homes"])
    assert any(row["disposed_on"] for row in data["homes"])
    activity = (
        ("repairs", "reported_at"),
        ("complaints", "received_on"),
        ("asb_cases", "opened_on"),
        ("survey_responses", "completed_on"),
    )
    for dataset, column in activity:
        for row in data[dataset]:
            if row["home_ref"]:
                acquired, disposed = held[row["home_ref"]]
                assert acquired <= row[column][:10] < disposed, (dataset, row)


def test_it_uses_only_the_codes_the_contract_allows(data):
    def values(dataset, column):
        return {row[column] for row in data[dataset]}

    assert values("homes", "tenure") == {"LCRA", "LCHO"}
    assert values("homes", "owned") == {"yes", "no"}
    assert values("homes", "needs_type") <= {"general_needs", "supported", "older_persons"}
    assert values("homes", "decent_homes_applies") <= {"yes", "no"}
    assert values("stock_condition", "meets_decent_homes") == {"yes", "no"}
    assert values("repairs", "priority") == {"emergency", "non_emergency"}
    assert values("repairs", "status") == {"open", "completed", "cancelled"}
    assert values("repairs", "repair_type") == {"responsive", "planned", "void"}
    trades = {"heating", "plumbing", "electrical", "damp_mould", "roofing", "doors_windows"}
    assert values("repairs", "category") <= trades | {"other"}
    outcomes = {"", "upheld", "partly_upheld", "not_upheld"}
    assert values("complaints", "stage1_outcome") <= outcomes
    assert values("complaints", "stage2_outcome") <= outcomes
    assert values("complaints", "tenure") <= {"LCRA", "LCHO"}
    assert values("asb_cases", "hate_related") == {"yes", "no"}
    check_types = {"gas", "fire_risk", "asbestos", "water", "lift"}
    assert values("safety_requirements", "check_type") <= check_types
    assert values("safety_checks", "check_type") <= check_types
    assert values("survey_responses", "channel") <= {"telephone", "online", "face_to_face",
                                                     "postal", "sms", "other"}  # fmt: skip
    for question in QUESTIONS:
        allowed = AGREEMENT if question == "tp08" else SATISFACTION
        assert values("survey_responses", question) <= allowed | {""}, question
    for column in ("had_repair", "made_complaint", "has_communal_areas"):
        assert values("survey_responses", column) <= {"yes", "no", "dont_know", ""}
    for row in data["repairs"]:
        assert (row["status"] == "completed") == bool(row["completed_at"]), row
        assert row["cost_gbp"] == "" or float(row["cost_gbp"]) > 0


def test_it_makes_about_a_tenth_of_the_homes_shared_ownership(data):
    tenures = Counter(row["tenure"] for row in data["homes"])
    # 10% of 300 homes is 30.
    assert 24 <= tenures["LCHO"] <= 36
    assert 5 <= len({row["area"] for row in data["homes"]}) <= 8
    assert any(row["owned"] == "no" for row in data["homes"])


def test_it_times_repairs_by_the_landlords_own_targets(data):
    england = holidays.country_holidays("GB", subdiv="ENG", years=range(2024, 2027))

    def working_days_after(start: date, count: int) -> date:
        # Counted one day at a time: an independent check on the generator's look-up table.
        day = start
        while count:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in england:
                count -= 1
        return day

    labels = Counter()
    for row in data["repairs"]:
        reported = datetime.fromisoformat(row["reported_at"])
        target = datetime.fromisoformat(row["target_at"])
        label = row["priority_label"]
        labels[label] += 1
        if label == "Emergency (24 hours)":
            assert row["priority"] == "emergency"
            assert target - reported == timedelta(hours=24), row
        elif label == "Urgent (5 working days)":
            assert target.date() == working_days_after(reported.date(), 5), row
        elif label == "Routine (20 working days)":
            assert target.date() == working_days_after(reported.date(), 20), row
    assert labels["Emergency (24 hours)"] and labels["Urgent (5 working days)"]


def test_it_counts_working_days_as_the_spec_worked_examples_do():
    calendar = DemoCalendar(first=date(2025, 1, 1), last=date(2026, 12, 31))
    friday = date(2025, 12, 19).toordinal()
    assert date.fromordinal(calendar.add_working_days(friday, 5)) == date(2025, 12, 30)
    assert date.fromordinal(calendar.add_working_days(friday, 10)) == date(2026, 1, 7)
    # Good Friday and Easter Monday 2025 are skipped.
    monday = date(2025, 4, 14).toordinal()
    assert date.fromordinal(calendar.add_working_days(monday, 5)) == date(2025, 4, 23)
    assert date.fromordinal(calendar.add_working_days(date(2025, 5, 1).toordinal(), 20)) == date(
        2025, 6, 2
    )


def test_it_has_late_cancelled_and_still_open_repairs_and_more_heating_jobs_in_winter(data):
    repairs = data["repairs"]
    statuses = Counter(row["status"] for row in repairs)
    assert statuses["cancelled"] > 0 and statuses["open"] > 0
    completed = [row for row in repairs if row["completed_at"]]
    late = [row for row in completed if row["completed_at"] > row["target_at"]]
    assert 0.03 < len(late) / len(completed) < 0.35
    # About five repairs per home a year: 300 homes x 2 years x 5 = 3,000.
    assert 2400 <= len(repairs) <= 3600
    winter = [row for row in repairs if row["reported_at"][5:7] in ("12", "01", "02")]
    summer = [row for row in repairs if row["reported_at"][5:7] in ("06", "07", "08")]
    assert len(winter) > len(summer)

    def heating_share(rows):
        return sum(row["category"] == "heating" for row in rows) / len(rows)

    assert heating_share(winter) > 1.3 * heating_share(summer)


def test_it_takes_complaints_through_both_stages(data):
    complaints = data["complaints"]
    # About 40 stage 1 complaints per 1,000 homes a year: 0.04 x 300 x 2 = 24.
    assert 15 <= len(complaints) <= 35
    assert any(row["escalated_on"] for row in complaints)
    assert any(row["withdrawn_on"] for row in complaints)
    assert any(row["stage2_responded_on"] for row in complaints)
    cases = data["asb_cases"]
    assert 15 <= len(cases) <= 35


def test_it_leaves_a_few_safety_checks_lapsed_at_each_year_end(data):
    checks: dict[tuple, list] = {}
    for row in data["safety_checks"]:
        checks.setdefault((row["asset_ref"], row["check_type"]), []).append(row)
    for year_end in ("2025-03-31", "2026-03-31"):
        active = [
            row
            for row in data["safety_requirements"]
            if (row["required_from"] or "0000") <= year_end
            and (row["required_until"] or "9999") > year_end
        ]
        lapsed = [
            row
            for row in active
            if not any(
                check["completed_on"] <= year_end <= check["valid_until"]
                for check in checks.get((row["asset_ref"], row["check_type"]), [])
            )
        ]
        assert lapsed, year_end
        assert len(lapsed) < 0.1 * len(active), year_end
    assert {row["check_type"] for row in data["safety_requirements"]} >= {"gas", "fire_risk"}


def test_it_assesses_most_homes_with_a_few_failing_decent_homes(data):
    assessed = {row["home_ref"] for row in data["stock_condition"]}
    rented = [row["home_ref"] for row in data["homes"] if row["tenure"] == "LCRA"]
    never = [home for home in rented if home not in assessed]
    assert 0 < len(never) < 0.1 * len(rented)
    failing = [row for row in data["stock_condition"] if row["meets_decent_homes"] == "no"]
    assert failing and all(row["reason"] for row in failing)


def test_it_asks_survey_questions_only_where_the_filters_allow(data):
    responses = data["survey_responses"]
    for row in responses:
        if row["had_repair"] != "yes":
            assert row["tp02"] == row["tp03"] == "", row
        if row["made_complaint"] != "yes":
            assert row["tp09"] == "", row
        if row["has_communal_areas"] != "yes":
            assert row["tp10"] == "", row
        if row["tenure"] == "LCHO":
            assert row["tp02"] == row["tp03"] == row["tp04"] == "", row
    assert any(row["tp09"] for row in responses) and any(row["tp10"] for row in responses)
    answers = [row[question] for row in responses for question in QUESTIONS]
    assert "dont_know" in answers
    homes_by_year = Counter(
        (row["home_ref"], ReportingYear.containing(date.fromisoformat(row["completed_on"])))
        for row in responses
        if row["home_ref"]
    )
    assert max(homes_by_year.values()) >= 2  # a household that answered twice in a year


def test_it_surveys_about_the_regulators_required_sample_on_several_channels(data):
    responses = data["survey_responses"]
    lcra_2025 = [
        row
        for row in responses
        if row["tenure"] == "LCRA" and row["completed_on"] >= "2025-04-01"
    ]
    # About 270 rented homes: n0 = 1.96^2 x 0.25 / 0.05^2 = 384.16, required
    # = 384.16 / (1 + 384.16 / 270) = 158.6; capped at 55% of the homes (about 148).
    assert 130 <= len(lcra_2025) <= 175
    assert len({row["channel"] for row in responses}) >= 4
    overall = [row["tp01"] for row in responses if row["tp01"] not in ("", "dont_know")]
    satisfied = sum(answer in ("very_satisfied", "fairly_satisfied") for answer in overall)
    assert 0.55 < satisfied / len(overall) < 0.85


def test_it_writes_varied_comments_in_residents_own_words(data):
    comments = [
        row[column]
        for row in data["survey_responses"]
        for column in ["comment", *(f"comment_{q}" for q in QUESTIONS)]
        if row[column]
    ]
    assert len(comments) > 100
    assert len(set(comments)) > 0.9 * len(comments)
    assert any(row["comment_tp01"] for row in data["survey_responses"])
    assert any(row[f"comment_{q}"] for row in data["survey_responses"] for q in QUESTIONS[1:])
    # Some carry personal data for redaction to find: an Ofcom drama-range phone number,
    # an example.com address or a full name.
    personal = re.compile(r"07700 900\d{3}|@example\.com|My name is|Ask for|I spoke to")
    assert any(personal.search(comment) for comment in comments)


def test_it_writes_byte_identical_files_for_the_same_seed_and_different_ones_for_another(
    small, tmp_path
):
    landlord = DemoLandlord(homes=300, years=2, seed=1, today=END)
    generate(landlord=landlord, out_dir=tmp_path / "again")
    generate(
        landlord=DemoLandlord(homes=300, years=2, seed=2, today=END),
        out_dir=tmp_path / "other",
    )
    for dataset in CONTRACT:
        first = (small / f"{dataset}.csv").read_bytes()
        assert (tmp_path / "again" / f"{dataset}.csv").read_bytes() == first, dataset
    for dataset in ("homes", "repairs", "complaints", "survey_responses"):
        first = (small / f"{dataset}.csv").read_bytes()
        assert (tmp_path / "other" / f"{dataset}.csv").read_bytes() != first, dataset


def test_it_makes_northgate_the_worse_area_on_a_bigger_landlord(tmp_path):
    generate(
        landlord=DemoLandlord(homes=3000, years=1, seed=7, today=END),
        out_dir=tmp_path,
    )
    area = {row["home_ref"]: row["area"] for row in read(tmp_path, "homes")}
    late, done = Counter(), Counter()
    for row in read(tmp_path, "repairs"):
        if row["completed_at"] and row["home_ref"] and row["repair_type"] == "responsive":
            done[area[row["home_ref"]] == "Northgate"] += 1
            late[area[row["home_ref"]] == "Northgate"] += row["completed_at"] > row["target_at"]
    assert late[True] / done[True] > 1.3 * late[False] / done[False]
    satisfied, asked = Counter(), Counter()
    for row in read(tmp_path, "survey_responses"):
        if row["home_ref"] and row["tp01"] not in ("", "dont_know"):
            in_northgate = area[row["home_ref"]] == "Northgate"
            asked[in_northgate] += 1
            satisfied[in_northgate] += row["tp01"] in ("very_satisfied", "fairly_satisfied")
    assert satisfied[True] / asked[True] < satisfied[False] / asked[False] - 0.1


def test_it_writes_the_files_from_the_command(tmp_path, capsys):
    call_command("demo_data", homes=40, years=1, seed=3, today="2025-03-31", out=tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{dataset}.csv" for dataset in CONTRACT
    )
    assert len(read(tmp_path, "homes")) == 40
    reported = [row["reported_at"] for row in read(tmp_path, "repairs")]
    assert min(reported) >= "2024-04-01" and max(reported) < "2025-04-01"
    assert "homes.csv  40 rows" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"homes": 0}, "The number of homes must be between 1 and 1,000,000."),
        ({"years": 11}, "The number of years must be between 1 and 10."),
        ({"today": "2026-13-01"}, "--today '2026-13-01' is not a date: write it like 2026-12-02."),
        ({"today": "last year"}, "--today 'last year' is not a date: write it like 2026-12-02."),
    ],
)
def test_it_explains_settings_it_cannot_use_in_plain_english(tmp_path, options, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("demo_data", out=tmp_path, **options)


def test_it_says_when_out_is_a_file_not_a_folder(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(CommandError, match="is a file, not a folder"):
        call_command("demo_data", homes=10, years=1, out=a_file)


@pytest.mark.django_db
def test_it_loads_the_demo_landlord_through_the_importer():
    from doorstep.complaints.models import Complaint
    from doorstep.repairs.models import Repair
    from doorstep.stock.models import Home
    from doorstep.surveys.models import SurveyResponse

    call_command("demo_data", homes=60, years=1, seed=5, today="2026-03-31")
    assert Home.objects.count() == 60
    assert Repair.objects.count() > 150  # about 5 a home: 60 x 5 = 300, less shared owners
    assert Complaint.objects.exists()
    assert SurveyResponse.objects.filter(tenure="LCRA").count() > 20
