"""A cast and a landlord for the scrutiny tests.

The landlord, year 2025/26 (as tests/test_panel_measures.py has it): rented homes 10 in
North, 12 in South, 15 in East; TP01 answers North 4 (very satisfied x2, fairly satisfied,
very dissatisfied), South 12 (9 very satisfied, 3 very dissatisfied), East 15 (6 very
satisfied, 9 very dissatisfied). North's 4 answers are a small group.
"""

from datetime import date

from doorstep.accounts.models import Role
from doorstep.accounts.testing import cast, person
from doorstep.scrutiny import services
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse

ANSWERS = {"North": (1, 1, 2, 5), "South": (1,) * 9 + (5,) * 3, "East": (1,) * 6 + (5,) * 9}
RENTED_HOMES = {"North": 10, "South": 12, "East": 15}


def landlord() -> None:
    for area, count in RENTED_HOMES.items():
        Home.objects.bulk_create(Home(home_ref=f"{area}-{n}", tenure="LCRA", area=area)
                                 for n in range(count))
    homes = {home.home_ref: home for home in Home.objects.all()}
    SurveyResponse.objects.bulk_create(
        SurveyResponse(response_ref=f"V-{area}-{n}", home=homes[f"{area}-{n}"], tenure="LCRA",
                       completed_on=date(2025, 10, 1), channel="online", tp01=answer)
        for area, answers in ANSWERS.items() for n, answer in enumerate(answers))


def scrutiny_cast() -> dict:
    """The role cast, plus: ``member`` (on the panel), ``former`` (left the panel),
    ``south_manager`` (a service manager for South; the cast's manager has North)."""
    people = cast(manager_areas=("North",))
    people["member"] = person(Role.PANEL_MEMBER, username="member", email="m@example.org")
    people["former"] = person(Role.PANEL_MEMBER, username="former")
    people["south_manager"] = person(Role.SERVICE_MANAGER, username="south_manager",
                                     areas=["South"], email="s@example.org")
    officer = people["engagement_officer"]
    services.add_member(by=officer, user=people["member"])
    left = services.add_member(by=officer, user=people["former"])
    services.member_leaves(by=officer, membership=left)
    return people


def review_at_findings(people, *, measures="TP01"):
    member = people["member"]
    review = services.request_review(by=member, title="Repairs in older blocks")
    services.set_scope(review=review, by=member, question="Are repairs done right first time?",
                       service="Repairs", measures=measures, by_area=True,
                       evidence_wanted="Site visits", timetable="By July")
    services.start_gathering(review=review, by=member)
    services.take_pack(review=review, by=member)
    services.record_findings(review=review, by=member, findings="Too many repeat visits.")
    return review
