"""Complaint categories come from a list an administrator extends (not free text): seeded with
the Housing Ombudsman's categories, offered on the complaint form, matched by the complaints
import (code or label, any case; anything else refused, the whole file with it), and the free
text recorded before there was a list mapped onto it (complaints migration 0008)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from test_imports import COMPLAINT_ROWS, import_stock, load, load_ok

from doorstep.accounts.testing import cast
from doorstep.complaints.models import Complaint, ComplaintCategory
from doorstep.web.testing import text_of

HEADER = COMPLAINT_ROWS[0]
BEFORE = [("complaints", "0007_complaint_categories")]


def row(ref: str, category: str) -> list[str]:
    values = dict.fromkeys(HEADER, "")
    values |= {"complaint_ref": ref, "tenure": "LCRA", "received_on": "2025-05-01",
               "category": category}
    return [values[name] for name in HEADER]


@pytest.mark.django_db
def test_it_seeds_the_ombudsmans_categories_in_order():
    assert list(ComplaintCategory.objects.values_list("code", "label")) == [
        ("repairs", "Repairs"),
        ("damp_mould", "Damp and mould"),
        ("asb", "Anti-social behaviour"),
        ("staff_conduct", "Staff conduct"),
        ("communication", "Communication"),
        ("neighbourhood", "Estate and neighbourhood services"),
        ("rent_charges", "Rent and charges"),
        ("tenancy_management", "Tenancy management"),
        ("lettings", "Lettings"),
        ("adaptations", "Adaptations"),
        ("other", "Other"),
    ]


@pytest.mark.django_db
def test_it_imports_categories_by_code_or_label_in_any_case(tmp_path):
    import_stock(tmp_path)
    load_ok(tmp_path, "complaints", [HEADER, row("K1", "DAMP AND MOULD"), row("K2", "asb"),
                                     row("K3", "Rent-Charges"), row("K4", "")])
    assert list(Complaint.objects.order_by("complaint_ref").values_list(
        "complaint_ref", "category")) == [
        ("K1", "damp_mould"), ("K2", "asb"), ("K3", "rent_charges"), ("K4", "")]


@pytest.mark.django_db
def test_it_refuses_a_whole_file_with_an_unknown_category_and_names_the_list(tmp_path):
    import_stock(tmp_path)
    report = load(tmp_path, "complaints", [HEADER, row("K1", "repairs"),
                                           row("K2", "Noisy neighbours")])
    problems = [str(problem) for problem in report.errors]
    assert len(problems) == 1
    assert "'Noisy neighbours' is not a complaint category Doorstep knows" in problems[0]
    assert ("use one of repairs, damp_mould, asb, staff_conduct, communication, neighbourhood, "
            "rent_charges, tenancy_management, lettings, adaptations, other") in problems[0]
    assert Complaint.objects.count() == 0  # all or nothing: K1 is not loaded either


@pytest.mark.django_db
def test_it_accepts_a_category_an_administrator_added_at_once(tmp_path):
    import_stock(tmp_path)
    ComplaintCategory.objects.create(code="noise", label="Noise nuisance", position=12)
    load_ok(tmp_path, "complaints", [HEADER, row("K1", "noise nuisance")])
    assert Complaint.objects.get().category == "noise"


@pytest.mark.django_db
def test_it_offers_the_list_on_the_complaint_form_and_refuses_anything_else(client):
    handler = cast()["complaints_handler"]
    ComplaintCategory.objects.filter(code="lettings").update(in_use=False)
    client.force_login(handler)

    form = client.get("/complaints/new/").content.decode()
    assert '<option value="damp_mould">Damp and mould</option>' in form
    assert 'value="lettings"' not in form  # retired: no longer offered

    facts = {"received_on": "2025-04-14", "channel": "telephone",
             "description": "Mould came back in the bathroom", "tenure": "LCRA"}
    refused = client.post("/complaints/new/", facts | {"category": "mouldy"})
    assert "Select a category from the list" in text_of(refused.content.decode())
    assert Complaint.objects.count() == 0

    logged = client.post("/complaints/new/", facts | {"category": "damp_mould"}, follow=True)
    complaint = Complaint.objects.get()
    assert complaint.category == "damp_mould"
    assert "Damp and mould" in text_of(logged.content.decode())


@pytest.fixture
def at_free_text_categories(transactional_db):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)


def test_it_maps_free_text_categories_onto_the_list(at_free_text_categories):
    old = at_free_text_categories.get_model("complaints", "Complaint")
    for ref, text in (("K1", "Damp and mould"), ("K2", "REPAIRS"),
                      ("K3", "anti social behaviour"), ("K4", "Noisy neighbours"),
                      ("K5", ""), ("K6", "staff_conduct")):
        old.objects.create(complaint_ref=ref, tenure="LCRA", received_on="2025-05-01",
                           category=text)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(Complaint.objects.order_by("complaint_ref").values_list(
        "complaint_ref", "category", "category_note")) == [
        ("K1", "damp_mould", ""),
        ("K2", "repairs", ""),
        ("K3", "asb", ""),
        ("K4", "other", "Noisy neighbours"),  # unknown: "other", the words kept
        ("K5", "", ""),
        ("K6", "staff_conduct", ""),
    ]
