"""Issue 19, weakness 4: odd input gave server errors. Bad input gets a 404 or a form error.

The attacks from the issue are tried by name, then hypothesis feeds random strings to every
URL parameter and query parameter of every URL pattern (including those added after this
test was written: the patterns are read from Doorstep's URL configuration), as several
roles, and asserts that nothing answers 500.
"""

import string
from urllib.parse import quote, urlencode

import pytest
from django.urls import converters as django_converters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstep.accounts.models import Role
from doorstep.accounts.testing import cast, url_patterns
from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.measures import targets
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


# --- the attacks in the issue -----------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/complaints/report/0000-01/",
    "/complaints/report/9999-00/",
    "/complaints/report/0000-01/pdf/",
    "/hazards/report/9999-00/",
    "/measures/?year=9999/00",
    "/measures/?year=0000/01",
    "/voice/key-drivers/?year=0000/01",
    "/voice/key-drivers/?year=9999/00",
    "/panel/?year=9999/00",
    "/panel/comments/?year=0000/01",
    "/measures/targets/?year=9999/00",
])  # fmt: skip
def test_it_answers_an_out_of_range_year_without_a_server_error(client, people, url):
    client.force_login(people["administrator"])
    response = client.get(url)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "is not a reporting year" in text_of(response.content) or "9999" not in \
            text_of(response.content)


@pytest.mark.parametrize("text", ["0000/01", "9999/00", "10000/01", "0001/02", "1979/80",
                                  "2100/01"])
def test_it_refuses_reporting_years_outside_the_range_doorstep_holds(text):
    with pytest.raises(PeriodError, match="is not a reporting year"):
        ReportingYear.parse(text)


def test_it_still_reads_every_year_in_the_range():
    assert ReportingYear.parse("1980/81").first_year == 1980
    assert ReportingYear.parse("2099/00").first_year == 2099
    assert ReportingYear.parse("2025/26").label == "2025/26"


@pytest.mark.parametrize("first_year", [0, 9999, 10000, 1999])
def test_it_refuses_a_target_for_a_year_outside_a_sensible_range(client, people, first_year):
    client.force_login(people["analyst"])
    url = f"/measures/targets/{first_year}/TP01/LCRA/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"value": "80", "direction": "higher"}).status_code == 404
    with pytest.raises(targets.DashboardError, match="Targets can be set for 2020/21"):
        targets.set_target(user=people["analyst"], code="TP01",
                           year=ReportingYear(first_year), tenure="LCRA",
                           value=80, direction="higher")  # fmt: skip


def test_it_still_takes_a_target_for_next_year(client, people):
    client.force_login(people["analyst"])
    next_year = ReportingYear.containing(__import__("datetime").date.today()).first_year + 1
    assert client.get(f"/measures/targets/{next_year}/TP01/LCRA/").status_code == 200


@pytest.mark.parametrize("next_page", ["foo", "//evil.example/", "https://evil.example/",
                                       "javascript:alert(1)", "\\\\evil.example", "/%0a/"])
def test_it_sends_a_signed_in_person_home_for_a_bad_next(client, people, next_page):
    client.force_login(people["analyst"])
    response = client.get("/sign-in/", {"next": next_page})
    assert response.status_code == 302
    assert response["Location"] in ("/", next_page if next_page.startswith("/%") else "/")


# --- every parameter of every pattern, at random ----------------------------------------

# Query parameters Doorstep's views and forms read, and random ones besides.
QUERY_NAMES = [
    "year", "next", "page", "theme", "sentiment", "source", "measure", "by", "area", "tenure",
    "code", "status", "stage", "q", "kind", "export", "group", "lang", "language", "method",
    "question", "ref", "repairs_page", "within", "channel", "progress", "compare_with",
    "overdue", "clock", "team", "owner", "category", "hazard", "format",
]
odd_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30
) | st.sampled_from(["0000/01", "9999/00", "10000/01", "2025/26", "-1", "0", "1e9", "..",
                     "%00", "\x00", "' OR 1=1 --", "<script>", "99999999999999999999999",
                     "NaN", "2025-26", " ", "/", "//evil.example"])  # fmt: skip


def part_for(converter):
    """A strategy for one URL parameter that the converter accepts, so the view is reached."""
    if isinstance(converter, django_converters.IntConverter):
        return st.integers(min_value=0, max_value=10**30).map(str)
    if isinstance(converter, django_converters.SlugConverter):
        return st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1,
                       max_size=20)
    if isinstance(converter, django_converters.PathConverter):
        return odd_text.filter(bool).map(lambda text: quote(text, safe="/"))
    return odd_text.filter(lambda text: text and "/" not in text).map(
        lambda text: quote(text, safe=""))


def url_strategy(pattern):
    parts = {name: part_for(conv) for name, conv in pattern["converters"].items()}
    query = st.dictionaries(st.sampled_from(QUERY_NAMES) | st.text(max_size=8), odd_text,
                            max_size=4)

    def build(values):
        path_values, params = values
        route = pattern["route"]
        for name in pattern["converters"]:
            route = _fill(route, name, path_values[name])
        return "/" + route + ("?" + urlencode(params) if params else "")

    return st.tuples(st.fixed_dictionaries(parts), query).map(build)


def _fill(route: str, name: str, value: str) -> str:
    import re

    return re.sub(r"<(?:\w+:)?" + name + ">", lambda _: value, route, count=1)


ROLES_TRIED = [Role.ADMINISTRATOR, Role.SERVICE_MANAGER, Role.PANEL_MEMBER, Role.BOARD_MEMBER]
EXAMPLES = 8


def _patterns_to_fuzz():
    # Django's own admin is tried through the matrix test; its 287 patterns are Django's.
    return [p for p in url_patterns() if not p["route"].startswith("admin/")]


def _check(client, role, pattern):
    """A hypothesis test of one pattern as one role."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(url=url_strategy(pattern))
    def answers(url):
        try:
            response = client.get(url)
        except Exception as error:  # noqa: BLE001 - any error is the finding
            raise AssertionError(f"{role.label}: GET {url} raised "
                                 f"{type(error).__name__}: {error}") from error
        assert response.status_code < 500, f"{role.label}: GET {url} gave 500"

    return answers


def test_it_answers_random_parameters_on_every_url_without_a_server_error(client, people):
    failures = []
    for role in ROLES_TRIED:
        client.force_login(people[role.value])
        for pattern in _patterns_to_fuzz():
            try:
                _check(client, role, pattern)()
            except AssertionError as failure:
                failures.append(str(failure).splitlines()[0])
    assert not failures, "Server errors on odd input:\n" + "\n".join(failures)


@pytest.mark.parametrize("url", ["/actions/%00/", "/complaints/case/%00/",
                                 "/voice/?theme=%00", "/measures/?year=2025%00/26",
                                 "/hazards/open/repair/a%00b/"])
def test_it_answers_a_nul_character_in_an_address_or_query_with_404(client, people, url):
    # PostgreSQL refuses text with NUL in it: this was a server error there (issue 19).
    client.force_login(people["administrator"])
    response = client.get(url)
    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-store"
