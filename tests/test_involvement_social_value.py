"""Social value of involvement: the landlord keeps its own table of values per outcome
(engagement officers and administrators; Doorstep bundles none), an engagement officer
records the outcome an activity achieved, and the value is shown per activity and totalled
over a period, each with its source and said plainly to be the landlord's estimate."""

from datetime import date
from decimal import Decimal

import pytest

from doorstep.accounts.testing import cast
from doorstep.involvement import impact, services
from doorstep.involvement.models import ActivityLog, SocialValue, SocialValueLog
from doorstep.involvement.services import InvolvementError
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


def _activity(people, ref, held_on):
    return services.create_activity(
        by=people["engagement_officer"], activity_ref=ref, title=f"Panel {ref}",
        kind="panel", held_on=held_on, channel="in_person")


@pytest.fixture
def volunteering(people):
    return services.save_social_value(
        by=people["administrator"], outcome="Regular volunteering",
        pounds_per_unit=Decimal("350.00"), unit="per participant per year",
        source="Landlord's own 2024 study")


def test_it_bundles_no_social_values():
    assert SocialValue.objects.count() == 0


def test_it_totals_units_times_value_over_the_period_with_sources(people, volunteering):
    events = services.save_social_value(
        by=people["engagement_officer"], outcome="Attending a community event",
        pounds_per_unit=Decimal("12.50"), unit="per attendee", source="A value bank, 2023")
    first = _activity(people, "INV-1", date(2025, 5, 1))
    second = _activity(people, "INV-2", date(2026, 2, 1))
    outside = _activity(people, "INV-3", date(2026, 4, 1))  # after the period
    _activity(people, "INV-4", date(2025, 6, 1))  # no value recorded: left out
    services.record_social_value(activity=first, by=None, social_value=volunteering,
                                 units=Decimal("4"))
    services.record_social_value(activity=second, by=None, social_value=events,
                                 units=Decimal("30"))
    services.record_social_value(activity=outside, by=None, social_value=volunteering,
                                 units=Decimal("10"))

    totals = impact.social_value(start=date(2025, 4, 1), end=date(2026, 3, 31))

    # By hand: 4 × £350.00 = £1,400.00; 30 × £12.50 = £375.00; total £1,775.00.
    assert [(row["activity"].activity_ref, row["pounds"]) for row in totals["activities"]] == [
        ("INV-1", Decimal("1400.00")), ("INV-2", Decimal("375.00"))]
    assert totals["total"] == Decimal("1775.00")
    assert totals["sources"] == ["A value bank, 2023", "Landlord's own 2024 study"]


def test_it_logs_the_value_recorded_on_an_activity_and_clears_it(people, volunteering):
    activity = _activity(people, "INV-1", date(2025, 5, 1))
    services.record_social_value(activity=activity, by=people["engagement_officer"],
                                 social_value=volunteering, units=Decimal("4"))
    assert activity.social_value_pounds == Decimal("1400.00")
    services.record_social_value(activity=activity, by=people["engagement_officer"],
                                 social_value=None)
    activity.refresh_from_db()
    assert activity.social_value is None and activity.social_value_units is None
    assert list(ActivityLog.objects.filter(activity=activity, action="social value")
                .order_by("pk").values_list("summary", flat=True)) == [
        "Social value recorded: 4 × Regular volunteering (£350.00 per participant per year)",
        "Social value cleared"]


def test_it_refuses_a_value_without_a_source_or_twice_for_one_outcome(people, volunteering):
    with pytest.raises(InvolvementError, match="Name where the value comes from"):
        services.save_social_value(by=None, outcome="Tea", pounds_per_unit=Decimal("1"),
                                   unit="per cup", source=" ")
    with pytest.raises(InvolvementError, match="already a value for regular volunteering"):
        services.save_social_value(by=None, outcome="regular volunteering",
                                   pounds_per_unit=Decimal("1"), unit="each", source="x")
    activity = _activity(people, "INV-1", date(2025, 5, 1))
    with pytest.raises(InvolvementError, match="how many units"):
        services.record_social_value(activity=activity, by=None, social_value=volunteering)


def test_it_lets_officers_and_administrators_keep_the_table_on_screen(client, people):
    for role, outcome in (("engagement_officer", "Regular volunteering"),
                          ("administrator", "Attending a community event")):
        client.force_login(people[role])
        response = client.post("/involvement/social-values/new/", {
            "outcome": outcome, "pounds_per_unit": "350", "unit": "per participant",
            "source": "Landlord's own study"})
        assert response.status_code == 302, role
    value = SocialValue.objects.get(outcome="Regular volunteering")
    response = client.post(f"/involvement/social-values/{value.pk}/", {
        "outcome": "Regular volunteering", "pounds_per_unit": "360", "unit": "per participant",
        "source": "Landlord's own study, 2025 update"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.pounds_per_unit == Decimal("360.00")
    assert value.source == "Landlord's own study, 2025 update"
    assert list(SocialValueLog.objects.filter(social_value=value).order_by("pk")
                .values_list("action", "by__username", "changes")) == [
        ("added", people["engagement_officer"].username,
         {"outcome": [None, "Regular volunteering"], "pounds_per_unit": [None, "350.00"],
          "unit": [None, "per participant"], "source": [None, "Landlord's own study"]}),
        ("changed", people["administrator"].username,
         {"pounds_per_unit": ["350.00", "360.00"],
          "source": ["Landlord's own study", "Landlord's own study, 2025 update"]})]

    page = client.post("/involvement/social-values/new/", {
        "outcome": "Tea", "pounds_per_unit": "1", "unit": "per cup", "source": ""})
    assert "Name where the value comes from" in text_of(page.content.decode())
    assert not SocialValue.objects.filter(outcome="Tea").exists()

    for role in ("analyst", "board_member", "panel_member", "service_manager"):
        client.force_login(people[role])
        assert client.post("/involvement/social-values/new/", {
            "outcome": "Tea", "pounds_per_unit": "1", "unit": "per cup",
            "source": "x"}).status_code == 403, role
    assert not SocialValue.objects.filter(outcome="Tea").exists()


def test_it_records_an_outcome_on_the_activity_page_and_shows_it_with_its_source(
        client, people, volunteering):
    activity = _activity(people, "INV-1", date(2025, 5, 1))
    client.force_login(people["engagement_officer"])
    response = client.post("/involvement/activity/INV-1/social-value/",
                           {"social_value": volunteering.pk, "units": "4"})
    assert response.status_code == 302
    page = client.get("/involvement/activity/INV-1/").content.decode()
    words = text_of(page)
    assert ("£1400.00 (4.00 × Regular volunteering: £350.00 per participant per year; "
            "source: Landlord's own 2024 study)") in words
    assert "an estimate the landlord entered" in words
    assert inline_code_in(page) == []

    client.force_login(people["administrator"])  # reads activities, does not record them
    assert client.post("/involvement/activity/INV-1/social-value/",
                       {"social_value": "", "units": ""}).status_code == 403
    activity.refresh_from_db()
    assert activity.social_value == volunteering


def test_it_shows_values_and_the_total_for_a_period_on_the_social_value_page(
        client, people, volunteering):
    activity = _activity(people, "INV-1", date(2025, 5, 1))
    services.record_social_value(activity=activity, by=None, social_value=volunteering,
                                 units=Decimal("4"))
    client.force_login(people["analyst"])
    page = client.get("/involvement/social-values/?start=2025-04-01&end=2026-03-31")
    words = text_of(page.content.decode())
    assert "an estimate the landlord entered" in words
    assert "Total across 1 activity £1400.00 Landlord's own 2024 study" in words
    assert "Add a value" not in words  # analysts read the table, they do not keep it
    assert inline_code_in(page.content.decode()) == []
