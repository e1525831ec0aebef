"""Peers on a small hand-made set: the distribution, a landlord's place in it and the honest
comparison of survey figures, every expectation worked by hand in the comments."""

import pytest
from django.utils import timezone

from doorstep.benchmarks.models import (
    PeerGroup,
    PeerLandlord,
    PeerSurvey,
    PublishedFigure,
    Release,
)
from doorstep.benchmarks.peers import PeerError, peer_filter, save_group, saved_group
from doorstep.benchmarks.services import (
    BenchmarkError,
    compare_with_peer,
    distribution,
    where_you_stand,
)
from doorstep.benchmarks.stats import (
    Sample,
    compare_samples,
    compare_with_median,
    place,
    summarise,
)

# code: (type, region, method, TP01 %, answers n, RP01 %)
PEERS = {
    "A1": ("PRP", "London", "telephone", 50.0, 400, 1.0),
    "B2": ("PRP", "London", "telephone", 60.0, 500, 2.0),
    "C3": ("LA", "North", "postal", 65.0, 300, 0.0),
    "D4": ("PRP", "North", "telephone", 70.0, 800, 5.0),
    "E5": ("LA", "South", "online", 80.0, 1000, 3.0),
    "F6": ("PRP", "South", "telephone", 90.0, 250, 4.0),
    "G7": ("PRP", "South", "telephone", None, None, None),  # left TP01 blank: [X]
}


@pytest.fixture
def peers(db):
    release = Release.objects.create(
        year="2024/25", file_name="hand.xlsx", imported_at=timezone.now()
    )
    for code, (kind, region, method, tp01, n, rp01) in PEERS.items():
        landlord = PeerLandlord.objects.create(
            release=release, code=code, name=f"Landlord {code}", landlord_type=kind,
            size_band="5,000-40,000", region=region, supported_housing="No",
        )  # fmt: skip
        PeerSurvey.objects.create(
            release=release, landlord=landlord, tenure="LCRA", predominant_method=method
        )
        PublishedFigure.objects.create(
            release=release, landlord=landlord, code="TP01", tenure="LCRA", kind="perception",
            unit="%", value=tp01, value_missing="" if tp01 is not None else "[X]",
            denominator=n,
        )  # fmt: skip
        PublishedFigure.objects.create(
            release=release, landlord=landlord, code="RP01", tenure="LCRA", kind="management",
            unit="%", value=rp01, value_missing="" if rp01 is not None else "[X]",
        )  # fmt: skip
    return release


# --- the distribution -------------------------------------------------------------------------


def test_it_works_out_median_and_quartiles_over_the_peers_with_a_value(peers):
    tp01 = distribution(year="2024/25", measure="TP01", tenure="LCRA")
    # Sorted: 50, 60, 65, 70, 80, 90 (G7 has none). Inclusive quartiles, position (n-1) x p:
    # q1 at 1.25: 60 + 0.25 x (65 - 60) = 61.25; median at 2.5: (65 + 70) / 2 = 67.5;
    # q3 at 3.75: 70 + 0.75 x (80 - 70) = 77.5.
    result = tp01.as_dict()
    assert list(result)[:10] == [
        "year", "measure", "tenure", "landlords", "median", "q1", "q3", "min", "max", "values",
    ]  # fmt: skip
    assert (result["landlords"], result["median"], result["q1"], result["q3"]) == (
        6, 67.5, 61.25, 77.5,
    )  # fmt: skip
    assert (result["min"], result["max"]) == (50.0, 90.0)
    assert result["missing"] == {"[X]": 1}
    assert [row["code"] for row in result["values"]] == ["F6", "E5", "D4", "C3", "B2", "A1"]


def test_it_filters_the_peers(peers):
    # PRPs in London or North: A1 50, B2 60, D4 70 -> median 60; q1 at 0.5: 55; q3: 65.
    prps = peer_filter(landlord_types=["prp"], regions=["London", "north"])
    result = distribution(year="2024/25", measure="TP01", peers=prps).summary
    assert (result.count, result.median, result.q1, result.q3) == (3, 60.0, 55.0, 65.0)
    by_post = peer_filter(survey_methods=["post"])
    assert distribution(year="2024/25", measure="TP01", peers=by_post).values == [
        {"code": "C3", "name": "Landlord C3", "value": 65.0}
    ]
    picked = peer_filter(landlord_codes=["a1", "E5"])
    assert distribution(year="2024/25", measure="TP01", peers=picked).summary.median == 65.0


def test_it_says_plainly_when_a_filter_matches_nothing_in_the_year(peers):
    with pytest.raises(PeerError, match="region 'Sooth': choose from London, North, South"):
        distribution(year="2024/25", measure="TP01", peers=peer_filter(regions=["Sooth"]))
    with pytest.raises(PeerError, match="no landlord with the code Z9"):
        distribution(year="2024/25", measure="TP01", peers=peer_filter(landlord_codes=["Z9"]))
    with pytest.raises(BenchmarkError, match="no published figures for 2022/23"):
        distribution(year="2022/23", measure="TP01")
    with pytest.raises(BenchmarkError, match="CH01 has two parts"):
        distribution(year="2024/25", measure="CH01")


def test_it_saves_a_peer_group_and_uses_it_by_name(peers):
    save_group(name="Southern", peers=peer_filter(regions=["South"]), description="hand set")
    assert PeerGroup.objects.get().regions == ["South"]
    southern = saved_group(name="southern")
    # South: E5 80, F6 90 (G7 blank) -> median 85.
    assert distribution(year="2024/25", measure="TP01", peers=southern).summary.median == 85.0
    with pytest.raises(PeerError, match="no peer group called 'Northern'. Saved groups: Southern"):
        saved_group(name="Northern")


# --- where the landlord stands ----------------------------------------------------------------


def test_it_places_the_landlord_among_its_peers(peers):
    tp01 = distribution(year="2024/25", measure="TP01", tenure="LCRA")
    stand = where_you_stand(distribution=tp01, value=72.0)
    # 72 beats 50, 60, 65, 70 (4) and trails 80, 90 (2): rank 3 of 6, percentile
    # 100 x 4 / 6 = 66.67; between the median 67.5 and q3 77.5: second quartile.
    assert (stand["rank"], stand["of"], stand["better"], stand["worse"]) == (3, 6, 2, 4)
    assert stand["percentile"] == pytest.approx(66.6666666667)
    assert stand["quartile"] == "second quartile"
    level = where_you_stand(distribution=tp01, value=65.0)
    # Level with C3: 2 worse, 1 level: 100 x (2 + 0.5) / 6 = 41.67; rank 4 (3 better).
    assert (level["rank"], level["level"], level["percentile"]) == (
        4,
        1,
        pytest.approx(41.6666666667),
    )
    assert level["quartile"] == "third quartile"  # 61.25 <= 65 < 67.5


def test_it_knows_lower_is_better_for_homes_failing_decent_homes(peers):
    rp01 = distribution(year="2024/25", measure="RP01")
    # Lower first: 0, 1, 2, 3, 4, 5. q1 at 1.25: 1.25; median 2.5; q3 at 3.75: 3.75.
    assert [row["value"] for row in rp01.values] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert (rp01.summary.q1, rp01.summary.median, rp01.summary.q3) == (1.25, 2.5, 3.75)
    stand = where_you_stand(distribution=rp01, value=3.5)
    # 3.5% failing: better than 4 and 5 (2), worse than 0, 1, 2, 3 (4): rank 5 of 6,
    # percentile 100 x 2 / 6 = 33.33; between the median 2.5 and q3 3.75: third quartile.
    assert (stand["rank"], stand["percentile"], stand["quartile"]) == (
        5, pytest.approx(33.3333333333), "third quartile",
    )  # fmt: skip
    assert stand["lower_is_better"] is True


def test_it_compares_with_the_median_allowing_for_the_margin_of_error(peers):
    tp01 = distribution(year="2024/25", measure="TP01")
    # 72% from n = 400 of N = 4,000: SE = sqrt(0.72 x 0.28 / 400 x 3600 / 3999)
    # = sqrt(0.000504 x 0.900225) = 0.0213005; margin 1.96 x 2.13005 = 4.1749 points.
    # 72 - 67.5 = 4.5 > 4.17: a real difference.
    sample = Sample(percent=72.0, n=400, population=4000)
    stand = where_you_stand(distribution=tp01, value=72.0, sample=sample, method="telephone")
    median = stand["against_median"]
    assert median["difference"] == pytest.approx(4.5)
    assert median["margin"] == pytest.approx(4.1749, abs=1e-4)
    assert median["significant"] is True
    assert "method_warning" not in stand  # telephone, like most of the peers
    by_post = where_you_stand(distribution=tp01, value=72.0, sample=sample, method="postal")
    assert by_post["method_warning"].startswith(
        "Survey methods differ: this survey was mainly by post"
    )


def test_it_compares_with_one_peer_by_a_two_sample_z_test(peers):
    tp01 = distribution(year="2024/25", measure="TP01")
    # Own 60% of 600 against F6's 90% of 250 (no populations: no correction).
    # SE = sqrt(0.6 x 0.4 / 600 + 0.9 x 0.1 / 250) = sqrt(0.0004 + 0.00036) = 0.027568;
    # z = (60 - 90) / 2.7568 = -10.88: a real difference; margin 1.96 x 2.7568 = 5.40.
    result = compare_with_peer(
        distribution=tp01, own=Sample(percent=60.0, n=600), own_method="postal", peer_code="F6"
    )
    assert result["difference"] == pytest.approx(-30.0)
    assert result["margin"] == pytest.approx(5.4034, abs=1e-4)
    assert result["z"] == pytest.approx(-10.882, abs=1e-3)
    assert result["significant"] is True
    assert "mainly by post" in result["method_warning"]
    with pytest.raises(BenchmarkError, match="G7 has no TP01 figure to compare with"):
        compare_with_peer(distribution=tp01, own=Sample(60.0, 600), own_method=None,
                          peer_code="G7")  # fmt: skip


# --- the statistics on their own --------------------------------------------------------------


def test_it_finds_no_clear_difference_within_the_margins():
    # 60% of 600 against 55% of 500: SE = sqrt(0.6 x 0.4 / 600 + 0.55 x 0.45 / 500)
    # = sqrt(0.0004 + 0.000495) = 0.029917; z = 5 / 2.9917 = 1.671 < 1.96; margin 5.864.
    result = compare_samples(own=Sample(60.0, 600), other=Sample(55.0, 500))
    assert result.z == pytest.approx(1.6713, abs=1e-4)
    assert result.margin == pytest.approx(5.8636, abs=1e-4)
    assert result.significant is False
    assert "within the margin of error (± 5.9 points)" in result.verdict
    # Four times the answers halve the standard error: z = 5 / 1.4958 = 3.343 > 1.96.
    bigger = compare_samples(own=Sample(60.0, 2400), other=Sample(55.0, 2000))
    assert bigger.z == pytest.approx(3.3426, abs=1e-4)
    assert bigger.significant is True


def test_it_narrows_the_margin_for_a_near_census():
    # 60% from 900 of 1,000 homes: without the correction the margin is
    # 1.96 x sqrt(0.24 / 900) = 3.20 points, so 1.5 points above a median of 58.5 would be
    # within it; with (1000 - 900) / 999 = 0.1001 it is 1.96 x sqrt(0.000266667 x 0.1001)
    # = 1.0126 points, and z = 1.5 / 0.5167 = 2.903: a real difference.
    result = compare_with_median(own=Sample(60.0, 900, population=1000), median=58.5)
    assert result.margin == pytest.approx(1.0126, abs=1e-4)
    assert result.z == pytest.approx(2.9033, abs=1e-4)
    assert result.significant is True


def test_it_uses_the_inclusive_quartiles_and_the_ordinary_median():
    # Odd count 1, 2, 3, 4, 100: median 3, q1 at 1.0: 2, q3 at 3.0: 4.
    assert summarise([100, 3, 1, 4, 2]) == summarise([1, 2, 3, 4, 100])
    five = summarise([1, 2, 3, 4, 100])
    assert (five.median, five.q1, five.q3, five.min, five.max) == (3, 2, 4, 1, 100)
    # Two values: median and quartiles interpolate: 10, 20 -> q1 12.5, median 15, q3 17.5.
    two = summarise([20, 10])
    assert (two.q1, two.median, two.q3) == (12.5, 15.0, 17.5)
    assert summarise([]).median is None


def test_it_ranks_the_best_first_whichever_way_is_better():
    # Complaints per 1,000 homes: fewer is better. 20 among 10, 30, 40: better than 30, 40.
    fewer = place(value=20, values=[10, 30, 40], lower_is_better=True)
    assert (fewer.rank, fewer.worse, fewer.percentile) == (2, 2, pytest.approx(66.6666666667))
    more = place(value=20, values=[10, 30, 40])
    assert (more.rank, more.worse, more.percentile) == (3, 1, pytest.approx(33.3333333333))
