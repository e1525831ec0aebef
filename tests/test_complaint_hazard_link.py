"""A hazard case opened from a complaint about damp or another hazard, linked both ways: the
complaint page shows its hazard case and the hazard case page shows its complaint.

Clock worked by hand (England's calendar): damp and mould, aware Mon 3 Nov 2025 ->
investigate by day 10 = Mon 17 Nov 2025 (4-7, 10-14, 17 Nov)."""

from datetime import date, datetime

import pytest

from doorstep.accounts.testing import cast
from doorstep.complaints import services as complaint_services
from doorstep.complaints.models import Complaint
from doorstep.core.periods import UK
from doorstep.hazards import services
from doorstep.hazards.models import HazardCase
from doorstep.stock.models import Home
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


@pytest.fixture
def complaint(people) -> Complaint:
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    return complaint_services.log_complaint(
        by=people["complaints_handler"], home=home, received_on=date(2025, 11, 3),
        channel="telephone", category="damp_mould",
        description="Black mould on the bedroom ceiling has come back",
    )


def text(client, user, url, data=None) -> tuple[int, str]:
    client.force_login(user)
    response = client.post(url, data, follow=True) if data else client.get(url)
    return response.status_code, text_of(response.content)


def test_it_opens_a_hazard_case_from_a_damp_complaint_linked_both_ways(client, people,
                                                                       complaint):
    manager = people["service_manager"]
    url = f"/complaints/case/{complaint.complaint_ref}/"
    status, before = text(client, manager, url)
    assert "Hazard case None. Open a hazard case from this complaint" in before

    open_url = f"/hazards/open/complaint/{complaint.complaint_ref}/"
    client.force_login(manager)
    form = client.get(open_url).content.decode()
    assert '<option value="damp_mould" selected>' in form  # a damp complaint: damp and mould
    assert "Black mould on the bedroom ceiling has come back" in text_of(form)

    status, opened = text(client, manager, open_url, {
        "kind": "significant", "hazard": "damp_mould", "aware_on": "2025-11-03",
        "aware_time": "10:00"})
    case = HazardCase.objects.get()
    complaint.refresh_from_db()
    assert complaint.hazard_case == case
    assert (case.home.home_ref, case.hazard.code) == ("N1", "damp_mould")
    assert case.description == "Black mould on the bedroom ceiling has come back"
    assert "Investigate Mon 17 Nov 2025" in opened
    assert f"Complaint {complaint.complaint_ref} (Damp and mould)" in opened

    after = text(client, manager, url)[1]
    assert f"Hazard case {case.hazard_ref}" in after
    assert "Open a hazard case from this complaint" not in after


def test_it_refuses_a_second_hazard_case_for_the_same_complaint(people, complaint):
    first = services.open_from_complaint(
        complaint=complaint, by=people["service_manager"], kind="significant",
        hazard="damp_mould", aware_at=datetime(2025, 11, 3, 10, tzinfo=UK))
    with pytest.raises(services.HazardError) as refusal:
        services.open_from_complaint(
            complaint=complaint, by=people["service_manager"], kind="significant",
            hazard="damp_mould", aware_at=datetime(2025, 11, 3, 11, tzinfo=UK))
    assert str(refusal.value) == (f"A hazard case, {first.hazard_ref}, is already open for "
                                  f"complaint {complaint.complaint_ref}")
    assert HazardCase.objects.count() == 1


def test_it_keeps_hazard_cases_to_those_who_handle_hazards(client, people, complaint):
    handler = people["complaints_handler"]
    status, page = text(client, handler, f"/complaints/case/{complaint.complaint_ref}/")
    assert "Hazard case None" in page
    assert "Open a hazard case" not in page
    client.force_login(handler)
    assert client.get(f"/hazards/open/complaint/{complaint.complaint_ref}/").status_code == 403
    assert HazardCase.objects.count() == 0
