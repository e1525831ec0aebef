"""The benchmarks page, peer groups, the workbook upload and the "where you stand" panel.

Peers here are a small hand-made 2024/25 release (as in test_benchmarks_peers.py):

    code  type  region  method     TP01   answers
    A1    PRP   London  telephone  50.0   400
    B2    PRP   London  telephone  60.0   500
    C3    LA    North   postal     65.0   300
    D4    PRP   North   telephone  70.0   800
    E5    LA    South   online     80.0   1000
    F6    PRP   South   telephone  90.0   250
    G7    PRP   South   telephone  [X]

All six with a value: median 67.5, lower quartile 61.25, upper 77.5 (inclusive quartiles,
position (n - 1) x p: q1 at 1.25 = 60 + 0.25 x 5; q3 at 3.75 = 70 + 0.75 x 10).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.benchmarks.models import (
    PeerGroup,
    PeerLandlord,
    PeerSurvey,
    PublishedFigure,
    Release,
)
from doorstep.imports.models import ImportRun
from doorstep.measures.results import MeasureResult
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

PEERS = {
    "A1": ("PRP", "London", "telephone", 50.0, 400),
    "B2": ("PRP", "London", "telephone", 60.0, 500),
    "C3": ("LA", "North", "postal", 65.0, 300),
    "D4": ("PRP", "North", "telephone", 70.0, 800),
    "E5": ("LA", "South", "online", 80.0, 1000),
    "F6": ("PRP", "South", "telephone", 90.0, 250),
    "G7": ("PRP", "South", "telephone", None, None),
}
TP01 = "/benchmarks/?year=2024/25&measure=TP01&tenure=LCRA"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def add_peers(release, peers: dict) -> None:
    for code, (kind, region, method, tp01, n) in peers.items():
        landlord = PeerLandlord.objects.create(
            release=release, code=code, name=f"Landlord {code}", landlord_type=kind,
            size_band="5,000-40,000", region=region, supported_housing="No",
        )  # fmt: skip
        PeerSurvey.objects.create(release=release, landlord=landlord, tenure="LCRA",
                                  predominant_method=method)  # fmt: skip
        PublishedFigure.objects.create(
            release=release, landlord=landlord, code="TP01", tenure="LCRA", kind="perception",
            unit="%", value=tp01, value_missing="" if tp01 is not None else "[X]",
            denominator=n,
        )  # fmt: skip


@pytest.fixture
def release():
    made = Release.objects.create(year="2024/25", file_name="hand.xlsx",
                                  imported_at=timezone.now())  # fmt: skip
    add_peers(made, PEERS)
    return made


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


def read(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response, text_of(response.content)


# --- the page -----------------------------------------------------------------------------


def test_it_places_a_published_landlord_among_the_others_with_the_margins(client, people, release):
    response, text = read(client, people["analyst"], f"{TP01}&own_code=d4&compare_with=F6")
    assert response.status_code == 200
    assert inline_code_in(response.content) == []
    assert "TP01 Satisfied with the overall service" in text
    assert ("Among the 6 landlords with a published TP01 figure for 2024/25 (peers: all "
            "landlords), the median is 67.5%; the middle half lie between 61.2% and 77.5%"
            ) in text  # fmt: skip
    # D4 (70.0%) among the five others, 50, 60, 65, 80, 90: two better, three worse, so 3rd
    # of 5, better than 100 x 3 / 5 = 60%; their median 65 <= 70 < q3 80: second quartile.
    assert "Yours: 70.0%, ranked 3 of 5" in text
    assert "From the published figure of Landlord D4 (D4)." in text
    assert "2 did better, 0 the same and 3 worse. That is the second quartile." in text
    assert "Better than 60% of these peers" in text
    # Against the median of all six, 67.5: 70 - 67.5 = 2.5; D4's margin at 70% of 800 answers
    # is 1.96 x sqrt(0.7 x 0.3 / 800) = 1.96 x 1.620 = 3.18 points: within it.
    assert ("Against the peer median (67.5%): +2.5 points: within the margin of error "
            "(± 3.2 points), so not a clear difference.") in text  # fmt: skip
    # Against F6, 90% of 250: SE = sqrt(0.21 / 800 + 0.09 / 250) = sqrt(0.0006225) = 2.495
    # points; margin 1.96 x 2.495 = 4.89; -20 is far outside it (z = -8.02).
    assert ("Yours is 20.0 points lower: larger than the margin of error (± 4.9 points), so a real "
            "difference at 95% confidence.") in text  # fmt: skip
    assert "(z = -8.02)" in text
    assert "Warning" not in text  # both mainly by telephone, like most peers
    # The chart's numbers as a table, and why G7 has none.
    assert "Lower quartile 61.25 Median 67.50 Upper quartile 77.50 Highest 90.0 Yours 70.0" in text
    assert "[X] Left blank by the landlord 1" in text
    assert "1 F6 Landlord F6 90.0% 2 E5 Landlord E5 80.0%" in text
    assert response.content.decode().count('class="strip-chart__dot"') == 6


def test_it_warns_when_the_survey_methods_differ(client, people, release):
    _, text = read(client, people["analyst"], f"{TP01}&own_code=C3")
    # C3 surveyed mainly by post; four of the five others by telephone.
    assert (
        "Warning: Survey methods differ: this survey was mainly by post, the peers' mostly "
        "by telephone (0% of them mainly by post)." in text
    )


def test_it_narrows_the_peers_by_filters_and_a_hand_picked_list(client, people, release):
    _, text = read(client, people["analyst"], f"{TP01}&regions=South&regions=North&"
                                               "landlord_types=PRP")  # fmt: skip
    # PRPs in the North or South: D4 70, F6 90 (G7 blank): median 80.
    assert "Among the 2 landlords" in text and "the median is 80.0%" in text
    assert "3 landlords in the group, 2 with a published figure" in text
    _, picked = read(client, people["analyst"], f"{TP01}&landlord_codes=a1, e5")
    assert "Among the 2 landlords" in picked and "the median is 65.0%" in picked  # (50 + 80) / 2


def test_it_says_plainly_what_cannot_be_benchmarked(client, people, release):
    response, text = read(client, people["analyst"],
                          "/benchmarks/?year=2024/25&measure=TP02&tenure=LCHO")  # fmt: skip
    assert b"<title>Error: Benchmarks" in response.content
    assert "There is a problem The regulator publishes TP02 for LCRA (renters) only" in text
    _, unknown = read(client, people["analyst"], f"{TP01}&landlord_codes=Z9")
    assert "The 2024/25 data has no landlord with the code Z9" in unknown
    _, no_own = read(client, people["analyst"], f"{TP01}&own_code=G7")
    assert "G7 has no published TP01 Low cost rental (LCRA) figure in 2024/25" in no_own
    _, not_year = read(client, people["analyst"], "/benchmarks/?year=2031/32&measure=TP01")
    assert "Choose a year that has been imported" in not_year


def test_it_has_nothing_to_show_before_an_import(client, people):
    _, text = read(client, people["analyst"], "/benchmarks/")
    assert "The regulator's published figures have not been imported yet" in text
    assert "Import the regulator's TSM full data workbook" in text
    _, board = read(client, people["board_member"], "/benchmarks/")
    assert "Ask a performance analyst to import" in board


def test_it_lets_board_and_panel_members_read_but_not_import_or_save(client, people, release):
    for role in ("board_member", "panel_member"):
        response, text = read(client, people[role], TP01)
        assert response.status_code == 200
        assert "the median is 67.5%" in text
        assert "Save these peers" not in text and "Import the regulator's" not in text
        assert client.get("/benchmarks/import/").status_code == 403
        refused = client.post("/benchmarks/groups/save/", {"name": "Mine"})
        assert refused.status_code == 403
        assert "does not include permission to set targets" in text_of(refused.content)
    assert not PeerGroup.objects.exists()
    assert read(client, people["no_role"], TP01)[0].status_code == 403


def test_it_shows_the_page_in_the_same_number_of_queries_however_many_peers(
    client, people, release
):
    client.force_login(people["analyst"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{TP01}&own_code=D4").status_code == 200
        return len(captured)

    few = queries()
    # Mostly by telephone still, so D4 draws no survey-method warning either time.
    more = {f"X{n}": ("PRP", "South", "telephone", 40.0 + n, 300) for n in range(20)}
    add_peers(release, more)
    assert queries() == few


# --- peer groups ------------------------------------------------------------------------------


def test_it_saves_a_peer_group_through_the_web_and_uses_it(client, people, release):
    response, text = read(client, people["analyst"], f"{TP01}&regions=South")
    assert "Save these peers as a named group" in text
    page = client.get("/benchmarks/groups/save/?year=2024/25&measure=TP01&tenure=LCRA&"
                      "regions=South")  # fmt: skip
    assert "Peers: regions: South." in text_of(page.content)
    empty = client.post("/benchmarks/groups/save/", {"name": " ", "regions": ["South"]})
    assert "There is a problem Enter a name for the peer group" in text_of(empty.content)
    saved = client.post("/benchmarks/groups/save/",
                        {"name": "Southern", "description": "Our region", "regions": ["South"],
                         "year": "2024/25", "measure": "TP01", "tenure": "LCRA"})  # fmt: skip
    assert saved.status_code == 302
    assert (
        saved["Location"] == "/benchmarks/?year=2024%2F25&measure=TP01&tenure=LCRA&group=Southern"
    )
    group = PeerGroup.objects.get()
    assert (group.name, group.regions, group.description) == ("Southern", ["South"], "Our region")
    text = text_of(client.get(saved["Location"]).content)
    assert "Saved the peer group ‘Southern’." in text
    # South: E5 80 and F6 90 (G7 blank): median 85.
    assert "(peers: peer group 'Southern'), the median is 85.0%" in text


# --- the workbook upload ------------------------------------------------------------------------


def test_it_refuses_a_file_that_is_not_the_workbook_in_plain_english(client, people):
    client.force_login(people["analyst"])
    csv = client.post("/benchmarks/import/",
                      {"workbook": SimpleUploadedFile("tsm.csv", b"a,b\n1,2\n")})  # fmt: skip
    assert "The workbook must be an Excel file ending .xlsx" in text_of(csv.content)
    broken = client.post(
        "/benchmarks/import/", {"workbook": SimpleUploadedFile("tsm.xlsx", b"not a workbook")}
    )
    text = text_of(broken.content)
    assert b"<title>Error: Import" in broken.content
    assert "tsm.xlsx could not be opened as an Excel workbook (.xlsx)" in text
    assert not Release.objects.exists()
    assert ImportRun.objects.get().outcome == ImportRun.Outcome.REJECTED


def test_it_imports_an_uploaded_workbook_and_reports_what_it_read(client, people, research_data):
    client.force_login(people["analyst"])
    path = research_data / "rsh_tsm" / "2025_TSM_Full_Data_v1.0_FINAL.xlsx"
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post("/benchmarks/import/", {"workbook": upload})
    text = text_of(response.content)
    assert response.status_code == 200
    assert ("Imported the regulator's TSM data for 2024/25 from "
            "2025_TSM_Full_Data_v1.0_FINAL.xlsx.") in text  # fmt: skip
    # 360 landlords in the 2024/25 release; 59 published an LCHO survey (the regulator's
    # figures, see test_benchmarks_import.py).
    assert "360 landlords read from 2025_TSM_Full_Data_v1.0_FINAL.xlsx" in text
    assert Release.objects.get().year == "2024/25"
    assert ImportRun.objects.get().run_by == "analyst (web)"
    # The regulator's headline median for TP02 (LCRA) in 2024/25 is 73.6%.
    _, page = read(client, people["board_member"],
                   "/benchmarks/?year=2024/25&measure=TP02&tenure=LCRA")  # fmt: skip
    assert "the median is 73.6%" in page


# --- the panel on a measure's page -----------------------------------------------------------


def panel(user, *, result, year="2025/26"):
    request = RequestFactory().get("/measures/")
    request.user = user
    template = Template('{% load benchmarks %}{% where_you_stand measure="TP01" year=year '
                        'tenure="LCRA" result=result %}')  # fmt: skip
    return text_of(template.render(Context({"request": request, "year": year,
                                            "result": result})))  # fmt: skip


def test_it_gives_a_measure_page_where_the_landlord_stands(people, release):
    # 288 of 400 = 72.0% from 400 answers of 4,000 homes: beats 50, 60, 65, 70 and trails 80
    # and 90: 3rd of 6, better than 100 x 4 / 6 = 67%; 67.5 <= 72 < 77.5: second quartile.
    # Margin: 1.96 x sqrt(0.72 x 0.28 / 400 x 3,600 / 3,999) = 4.17 points; 72 - 67.5 = 4.5.
    ours = MeasureResult(code="TP01", tenure="LCRA", numerator=288, denominator=400, unit="%",
                         details={"n": 400, "population": 4000})  # fmt: skip
    text = panel(people["board_member"], result=ours)
    assert text.startswith("Where you stand among peers The regulator has not published "
                           "2025/26 yet: these are the peers' 2024/25 figures")  # fmt: skip
    assert "Rank 3 of 6 Percentile rank Better than 67% of peers Quartile Second quartile" in text
    assert "Peer median 67.5%" in text
    assert ("Against the median 4.5 points higher: larger than the margin of error "
            "(± 4.2 points), so a real difference at 95% confidence") in text  # fmt: skip
    assert "Explore peers for TP01" in text


def test_it_keeps_a_small_figure_off_the_panel_for_a_scrutiny_panel_member(people, release):
    # 6 of 8: fewer than 10 residents, which a panel member is never shown.
    small = MeasureResult(code="TP01", tenure="LCRA", numerator=6, denominator=8, unit="%",
                          details={"n": 8})  # fmt: skip
    assert "There is no figure of yours to place among them." in panel(
        people["panel_member"], result=small
    )
    # 75%: 80 and 90 beat it, so it ranks 3rd.
    assert "Rank 3 of 6" in panel(people["analyst"], result=small)
    assert panel(people["no_role"], result=small) == ""
