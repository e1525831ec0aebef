"""The access rules: one per kind of record, deny by default, scoped by area.

The cast: an owner of the record (a service manager for its area, or an unlimited role),
a colleague with fewer rights, an outsider (a manager of another area), a panel member.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from doorstep.accounts import access
from doorstep.accounts.models import Profile, Role
from doorstep.accounts.testing import FAST_HASHERS, cast, person
from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.repairs.models import Priority, Repair, RepairStatus
from doorstep.stock.models import Building, Home
from doorstep.surveys.models import Comment, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS

RECEIVED = date(2025, 5, 1)


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


@pytest.fixture
def stock():
    """Two homes in North, one in South; a block with a North flat, a block with a South flat."""
    north_block, south_block = (Building.objects.create(building_ref=ref) for ref in ("BN", "BS"))
    homes = {
        "N1": Home.objects.create(home_ref="N1", tenure="LCRA", area="North", building=north_block),
        "N2": Home.objects.create(home_ref="N2", tenure="LCRA", area="North"),
        "S1": Home.objects.create(home_ref="S1", tenure="LCRA", area="South", building=south_block),
    }
    for ref, home in (("CN", homes["N1"]), ("CS", homes["S1"]), ("CX", None)):
        Complaint.objects.create(complaint_ref=ref, home=home, tenure="LCRA", received_on=RECEIVED)
    for ref, home, block in (("RN", homes["N2"], None), ("RS", homes["S1"], None),
                             ("RBN", None, north_block), ("RBS", None, south_block)):
        Repair.objects.create(repair_ref=ref, home=home, building=block,
                              reported_at="2025-05-01T09:00Z", target_at="2025-05-20T09:00Z",
                              priority=Priority.NON_EMERGENCY, status=RepairStatus.OPEN)
    for ref, home in (("AN", homes["N1"]), ("AS", homes["S1"])):
        AsbCase.objects.create(case_ref=ref, home=home, opened_on=RECEIVED)
    for ref, home in (("VN", homes["N2"]), ("VS", homes["S1"])):
        response = SurveyResponse.objects.create(
            response_ref=ref, home=home, tenure="LCRA", completed_on=RECEIVED, channel="online")
        Comment.objects.create(response=response, question="TP01", text=f"Comment from {ref}")
    return homes


def refs(queryset, field) -> list[str]:
    return sorted(queryset.values_list(field, flat=True))


# What each role may do at all


@pytest.mark.parametrize(("role", "expected"), [
    # role: (measures, records behind a figure, import, targets, personal data, small groups)
    ("administrator", (True, True, True, True, True, True)),
    ("analyst", (True, True, True, True, True, True)),
    ("service_manager", (True, True, False, False, True, True)),
    ("complaints_handler", (True, False, False, False, True, True)),
    ("engagement_officer", (True, False, False, False, True, True)),
    ("board_member", (True, False, False, False, False, True)),
    ("panel_member", (True, False, False, False, False, False)),
    ("no_role", (False, False, False, False, False, False)),
])
def test_it_gives_each_role_only_the_features_it_needs(people, role, expected):
    user = people[role]
    assert (
        access.can_see_measures(user), access.can_explain_measures(user), access.can_import(user),
        access.can_set_targets(user), access.can_see_personal_data(user),
        access.sees_small_groups(user),
    ) == expected


def test_it_opens_django_admin_only_to_an_administrator_with_staff_status(people):
    analyst_with_staff = person(Role.ANALYST, username="analyst2", is_staff=True)
    administrator_without_staff = person(Role.ADMINISTRATOR, username="admin2")
    assert access.can_administer(people["administrator"]) is True
    assert access.can_administer(analyst_with_staff) is False
    assert access.can_administer(administrator_without_staff) is False


def test_it_refuses_a_feature_with_a_plain_403_naming_the_role(people):
    with pytest.raises(PermissionDenied) as refusal:
        access.require(people["board_member"], access.IMPORT_DATA)
    assert str(refusal.value) == (
        "Your role (Board member) does not include permission to import data. If you need it "
        "for your work, ask a Doorstep administrator.")
    access.require(people["analyst"], access.IMPORT_DATA)  # no exception: allowed


def test_it_treats_a_superuser_without_a_profile_as_an_administrator():
    root = person(None, username="root", is_superuser=True, is_staff=True)
    assert access.role_of(root) == Role.ADMINISTRATOR
    assert access.can_import(root) is True


def test_it_gives_a_switched_off_sign_in_nothing(stock):
    former = person(Role.ADMINISTRATOR, username="former", is_active=False)
    assert access.role_of(former) is None
    assert access.homes_visible_to(former).count() == 0


# Homes


def test_it_limits_a_service_manager_to_the_homes_of_their_areas(people, stock):
    assert refs(access.homes_visible_to(people["service_manager"]), "home_ref") == ["N1", "N2"]
    assert refs(access.homes_visible_to(people["analyst"]), "home_ref") == ["N1", "N2", "S1"]


def test_it_lets_a_manager_of_two_areas_see_both(stock):
    manager = person(Role.SERVICE_MANAGER, username="both", areas=["North", "South"])
    assert refs(access.homes_visible_to(manager), "home_ref") == ["N1", "N2", "S1"]


def test_it_answers_404_for_a_home_in_another_area_or_none_at_all(people, stock):
    manager = people["service_manager"]
    assert access.home_for(manager, "N1").area == "North"
    with pytest.raises(Http404):
        access.home_for(manager, "S1")
    with pytest.raises(Http404):
        access.home_for(manager, "NOPE")


@pytest.mark.parametrize("role", ["board_member", "panel_member", "engagement_officer", "no_role"])
def test_it_shows_no_homes_to_roles_without_casework(people, stock, role):
    assert access.homes_visible_to(people[role]).count() == 0
    with pytest.raises(Http404):
        access.home_for(people[role], "N1")


# Complaints: owner (handler), colleague with fewer rights (manager), outsider, panel member


def test_it_lets_a_complaints_handler_see_and_change_every_complaint(people, stock):
    handler = people["complaints_handler"]
    assert refs(access.complaints_visible_to(handler), "complaint_ref") == ["CN", "CS", "CX"]
    assert access.complaint_for(handler, "CS", write=True).complaint_ref == "CS"


def test_it_lets_a_service_manager_read_but_not_change_a_complaint_in_their_area(people, stock):
    manager = people["service_manager"]
    # CX has no home, so no area: only unlimited roles see it.
    assert refs(access.complaints_visible_to(manager), "complaint_ref") == ["CN"]
    assert access.complaint_for(manager, "CN").home.home_ref == "N1"
    with pytest.raises(PermissionDenied, match="does not include permission to handle"):
        access.complaint_for(manager, "CN", write=True)


def test_it_answers_404_not_403_for_a_complaint_outside_the_managers_area(people, stock):
    with pytest.raises(Http404):
        access.complaint_for(people["service_manager"], "CS", write=True)


@pytest.mark.parametrize("role", ["panel_member", "board_member", "engagement_officer"])
def test_it_hides_every_complaint_from_roles_that_do_not_handle_them(people, stock, role):
    assert access.complaints_visible_to(people[role]).count() == 0
    with pytest.raises(Http404):
        access.complaint_for(people[role], "CN")


# Repairs and ASB cases


def test_it_shows_a_manager_communal_repairs_of_blocks_with_homes_in_their_area(people, stock):
    manager = people["service_manager"]
    assert refs(access.repairs_visible_to(manager), "repair_ref") == ["RBN", "RN"]
    assert refs(access.repairs_visible_to(people["analyst"]), "repair_ref") == [
        "RBN", "RBS", "RN", "RS"]
    with pytest.raises(Http404):
        access.repair_for(manager, "RBS")
    with pytest.raises(Http404):
        access.repair_for(people["complaints_handler"], "RN")


def test_it_limits_asb_cases_to_the_managers_area_and_hides_them_from_the_panel(people, stock):
    assert refs(access.asb_cases_visible_to(people["service_manager"]), "case_ref") == ["AN"]
    assert access.asb_case_for(people["administrator"], "AS").case_ref == "AS"
    with pytest.raises(Http404):
        access.asb_case_for(people["panel_member"], "AN")


# Residents' comments as written


def test_it_gives_verbatim_comments_only_to_roles_that_work_with_residents(people, stock):
    texts = {role: refs(access.comments_visible_to(people[role]), "text") for role in people}
    both = ["Comment from VN", "Comment from VS"]
    assert texts["engagement_officer"] == both
    assert texts["analyst"] == both
    assert texts["service_manager"] == ["Comment from VN"]
    assert texts["board_member"] == texts["panel_member"] == texts["complaints_handler"] == []
    assert access.can(people["panel_member"], access.SEE_ANONYMISED_COMMENTS) is True


# The profile


def test_it_refuses_areas_for_a_role_other_than_service_manager():
    user = person(None, username="x")
    profile = Profile(user=user, role=Role.ANALYST, areas="North")
    with pytest.raises(ValidationError) as problem:
        profile.full_clean()
    assert problem.value.message_dict["areas"] == [
        "Only a service manager can be limited to some areas: clear the areas or choose the "
        "service manager role."]


def test_it_reads_areas_one_a_line_ignoring_blank_lines_and_repeats():
    user = person(Role.SERVICE_MANAGER, username="m", areas=["South", "", " North ", "South"])
    assert access.areas_for(user) == ["North", "South"]


@pytest.mark.parametrize(("role", "publishes", "reads_board_pack"), [
    ("administrator", True, True),
    ("analyst", True, True),
    ("service_manager", False, False),
    ("complaints_handler", False, False),
    ("engagement_officer", False, False),
    ("board_member", False, True),
    ("panel_member", False, False),
    ("no_role", False, False),
])
def test_it_lets_only_analysts_publish_a_year_and_the_board_read_its_pack(
    people, role, publishes, reads_board_pack
):
    # doorstep.publishing: freezing a year's figures changes what the landlord publishes.
    assert access.can(people[role], access.PUBLISH_FIGURES) is publishes
    assert access.can(people[role], access.SEE_BOARD_PACK) is reads_board_pack
