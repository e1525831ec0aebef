"""Targets: set by an analyst through a GOV.UK-style form, with the direction of "better",
and judged on the value as shown; the significance test of a change, worked by hand."""

from decimal import Decimal

import pytest

from doorstep.accounts.testing import cast
from doorstep.measures.models import Target, usual_direction
from doorstep.measures.targets import significant_change, target_status
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db
FORM = "/measures/targets/2025/TP01/LCRA/"


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


def post(client, user, data, url=FORM):
    client.force_login(user)
    return client.post(url, data)


def test_it_saves_an_analysts_target_and_says_so(client, people):
    response = post(client, people["analyst"], {"value": "85.5", "direction": "higher"})
    assert response.status_code == 302
    assert response["Location"] == "/measures/targets/?year=2025/26"
    target = Target.objects.get()
    assert (target.code, target.first_year, target.tenure, target.value, target.direction,
            target.set_by) == ("TP01", 2025, "LCRA", Decimal("85.5"), "higher",
                               people["analyst"])
    text = text_of(client.get(response["Location"]).content)
    assert ("Target set: TP01 (Low cost rental (LCRA)) in 2025/26, 85.5%, higher is better."
            in text)
    assert ("TP01 Satisfied with the overall service Low cost rental (LCRA) 85.5 Higher is "
            "better Change the target for TP01") in text
    # Changing it replaces it: one target per measure, year and tenure.
    post(client, people["analyst"], {"value": "80", "direction": "higher"})
    assert Target.objects.get().value == Decimal("80.0")


def test_it_offers_the_usual_direction_first_and_lower_for_complaints(client, people):
    client.force_login(people["analyst"])
    html = client.get("/measures/targets/2025/CH01-1/combined/").content.decode()
    assert 'value="lower" checked' in html
    assert "Usually: lower is better for CH01-1." in text_of(html)
    assert "A number per 1,000 homes, to one decimal place, like 12.5" in text_of(html)
    assert inline_code_in(html) == []
    assert [usual_direction(code) for code in ("RP01", "CH01-2", "NM01-1", "TP01", "BS05",
                                               "RP02-1", "CH02-1")] == [
        "lower", "lower", "lower", "higher", "higher", "higher", "higher"]


@pytest.mark.parametrize(("data", "message"), [
    ({"value": "", "direction": "higher"}, "Enter a target"),
    ({"value": "eighty", "direction": "higher"},
     "Enter the target as a number, like 85 or 85.5"),
    ({"value": "101", "direction": "higher"}, "Enter a target between 0 and 100"),
    ({"value": "-1", "direction": "higher"}, "Enter a target of 0 or more"),
    ({"value": "85.25", "direction": "higher"},
     "Enter the target with no more than one decimal place"),
    ({"value": "85"}, "Choose whether a higher or a lower figure is better"),
])
def test_it_explains_each_mistake_in_the_form(client, people, data, message):
    response = post(client, people["analyst"], data)
    assert response.status_code == 200
    text = text_of(response.content)
    assert text.count(message) == 2  # in the error summary and beside the field
    assert f"There is a problem {message}" in text
    assert "<title>Error: Target for TP01" in response.content.decode()
    assert not Target.objects.exists()


def test_it_lets_only_analysts_and_administrators_set_targets(client, people):
    for role in ("board_member", "service_manager", "panel_member", "complaints_handler"):
        response = post(client, people[role], {"value": "50", "direction": "higher"})
        assert response.status_code == 403, role
        assert "does not include permission to set targets" in text_of(response.content)
        assert client.get("/measures/targets/").status_code == 403
    assert not Target.objects.exists()
    response = post(client, people["administrator"], {"value": "50", "direction": "higher"})
    assert response.status_code == 302


def test_it_refuses_a_tenure_the_measure_is_not_reported_for(client, people):
    client.force_login(people["analyst"])
    assert client.get("/measures/targets/2025/RP01/LCHO/").status_code == 404
    assert client.get("/measures/targets/2025/ZZ01/LCRA/").status_code == 404


def test_it_judges_a_target_on_the_value_as_shown():
    higher = Target(code="TP01", value=Decimal("85.0"), direction="higher")
    lower = Target(code="CH01-1", value=Decimal("25.0"), direction="lower")
    # 84.96 is shown as 85.0, which reaches 85.0; 84.94 is shown as 84.9, which does not.
    assert target_status(value=84.96, target=higher).words == "Target met"
    assert target_status(value=84.94, target=higher).words == "Target not met"
    # Lower is better: 25.04 shows as 25.0 (met); 25.05 rounds half up to 25.1 (not met).
    assert target_status(value=25.04, target=lower).key == "met"
    assert target_status(value=25.05, target=lower).key == "not_met"
    assert target_status(value=None, target=lower).words == "No figure to judge"
    assert target_status(value=50.0, target=None).words == "No target set"
    assert [target_status(value=v, target=higher).icon for v in (90, 80)] == ["✓", "✗"]


def test_it_calls_a_change_significant_only_beyond_the_combined_margins():
    # Margins 3.0 and 4.0 points combine to sqrt(9 + 16) = 5.0 points.
    assert significant_change(value=65.1, previous=60.0, margin=3.0, previous_margin=4.0)
    assert not significant_change(value=64.9, previous=60.0, margin=3.0, previous_margin=4.0)
    assert significant_change(value=54.9, previous=60.0, margin=3.0, previous_margin=4.0)
    # A census each year has no sampling error: any change is real.
    assert significant_change(value=60.1, previous=60.0, margin=0.0, previous_margin=0.0)
