"""The admin screens over the imported data: each list shows the references, each record
opens, lists do not run a query per row, and import runs can be read but never changed."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_imports import COMPLAINT_ROWS, REPAIR_ROWS, import_stock, load_ok

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.imports.models import ImportRun
from doorstep.repairs.models import Repair
from doorstep.stock.models import (
    Building,
    Home,
    SafetyCheck,
    SafetyRequirement,
    StockConditionAssessment,
)
from doorstep.surveys.models import Comment, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def landlord(tmp_path):
    """A little of everything, imported through the real importers where they work."""
    import_stock(tmp_path)
    load_ok(tmp_path, "repairs", REPAIR_ROWS)
    load_ok(tmp_path, "complaints", COMPLAINT_ROWS)
    load_ok(tmp_path, "stock_condition", [
        ["assessment_ref", "home_ref", "assessed_on", "meets_decent_homes"],
        ["A1", "H1", "2025-06-30", "no"]])
    load_ok(tmp_path, "asb_cases", [["case_ref", "home_ref", "opened_on"],
                                    ["N1", "H2", "2025-04-10"]])
    load_ok(tmp_path, "safety_requirements", [
        ["requirement_ref", "asset_ref", "check_type"], ["Q1", "H1", "gas"], ["Q2", "B1", "lift"]])
    load_ok(tmp_path, "safety_checks", [
        ["check_ref", "asset_ref", "check_type", "completed_on", "valid_until"],
        ["K1", "B1", "fire_risk", "2025-05-01", "2026-05-01"]])
    # Made directly: the survey importer cannot run until its bug is fixed (see test_imports).
    response = SurveyResponse.objects.create(
        response_ref="V1", home=Home.objects.get(home_ref="S1"), tenure="LCHO",
        completed_on=date(2025, 10, 1), channel="online", tp01=2)
    Comment.objects.create(response=response, question="TP01", text="Repairs are slow")


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", None)
    client.force_login(user)
    return client


def url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


# (model, the field that identifies a record, the references its list must show)
SCREENS = [
    (Building, "building_ref", ["B1", "B2", "Alder Court"]),
    (Home, "home_ref", ["H1", "H2", "S1"]),
    (StockConditionAssessment, "assessment_ref", ["A1", "H1"]),
    (Repair, "repair_ref", ["R1", "R2", "R3"]),
    (Complaint, "complaint_ref", ["C1", "C2"]),
    (AsbCase, "case_ref", ["N1", "H2"]),
    (SafetyRequirement, "requirement_ref", ["Q1", "Q2", "H1", "B1"]),
    (SafetyCheck, "check_ref", ["K1", "B1"]),
    (SurveyResponse, "response_ref", ["V1", "S1"]),
]


@pytest.mark.parametrize(("model", "ref_field", "shown"), SCREENS)
def test_it_lists_and_opens_every_kind_of_record(admin_client, landlord, model, ref_field, shown):
    listing = admin_client.get(url(model, "changelist"))

    assert listing.status_code == 200
    page = listing.content.decode()
    for reference in shown:
        assert f">{reference}<" in page, reference
    record = model.objects.order_by(ref_field).first()
    ref = getattr(record, ref_field)
    opened = admin_client.get(url(model, "change", record.pk))
    assert opened.status_code == 200
    assert f'name="{ref_field}"' in opened.content.decode()
    assert f'value="{ref}"' in opened.content.decode()


def test_it_opens_a_survey_response_with_its_comments(admin_client, landlord):
    response = SurveyResponse.objects.get()

    page = admin_client.get(url(SurveyResponse, "change", response.pk)).content.decode()

    assert "Repairs are slow</textarea>" in page
    assert 'name="comments-0-question"' in page
    comments = admin_client.get(url(Comment, "changelist")).content.decode()
    assert ">Repairs are slow<" in comments and ">V1<" in comments and ">S1<" in comments


def test_it_finds_repairs_by_the_homes_reference(admin_client, landlord):
    page = admin_client.get(url(Repair, "changelist"), {"q": "H2"}).content.decode()

    # R3 is the only repair on H2; R1 is on H1 and R2 on building B1.
    assert ">R3<" in page
    assert ">R1<" not in page and ">R2<" not in page


def test_it_filters_repairs_by_status(admin_client, landlord):
    page = admin_client.get(url(Repair, "changelist"), {"status__exact": "open"}).content.decode()

    # Only R2 has neither a completion nor a status of its own, so it is open.
    assert ">R2<" in page
    assert ">R1<" not in page and ">R3<" not in page


@pytest.mark.parametrize("model", [Home, Repair, SafetyCheck, Comment])
def test_it_lists_records_without_a_query_per_row(admin_client, landlord, model):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url(model, "changelist")).status_code == 200
        return len(captured)

    few = queries()
    _add_more_rows()
    assert model.objects.count() >= 4
    assert queries() == few


def _add_more_rows():
    b3 = Building.objects.create(building_ref="B3")
    homes = [Home.objects.create(home_ref=f"H{n}", tenure="LCRA", area="East", building=b3)
             for n in range(10, 14)]
    for home in homes:
        Repair.objects.create(
            repair_ref=f"R{home.home_ref}", home=home, reported_at="2025-07-01T08:00Z",
            priority="emergency", target_at="2025-07-02T08:00Z", status="open")
        SafetyCheck.objects.create(check_ref=f"K{home.home_ref}", home=home, check_type="gas",
                                   completed_on=date(2025, 5, 1), valid_until=date(2026, 5, 1))
        response = SurveyResponse.objects.create(
            response_ref=f"V{home.home_ref}", home=home, tenure="LCRA",
            completed_on=date(2025, 10, 1), channel="sms")
        Comment.objects.create(response=response, text=f"Comment from {home.home_ref}")


def test_it_shows_import_runs_but_never_lets_them_change(admin_client, landlord):
    run = ImportRun.objects.get(dataset="repairs")

    listing = admin_client.get(url(ImportRun, "changelist")).content.decode()
    opened = admin_client.get(url(ImportRun, "change", run.pk))

    assert ">repairs.csv<" in listing and ">stock_homes.csv<" in listing
    assert url(ImportRun, "add") not in listing
    assert opened.status_code == 200
    page = opened.content.decode()
    # Shown as text, with no input to change it and no button to save it.
    assert run.file_sha256 in page and 'name="file_name"' not in page
    assert 'name="_save"' not in page
    assert admin_client.get(url(ImportRun, "add")).status_code == 403
    assert admin_client.get(url(ImportRun, "delete", run.pk)).status_code == 403
    changed = admin_client.post(url(ImportRun, "change", run.pk), {"file_name": "x"})
    assert changed.status_code == 403
    run.refresh_from_db()
    assert run.file_name == "repairs.csv"


def test_it_keeps_the_admin_from_people_who_are_not_staff(client, django_user_model, landlord):
    resident = django_user_model.objects.create_user("resident")
    client.force_login(resident)

    response = client.get(url(Repair, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
