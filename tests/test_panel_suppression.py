"""Small-number protection (doorstep.panel.suppression): no figure of fewer than 10 shown,
and none that can be worked out by subtracting what is shown from a total.

The attacker below is what a curious reader with a calculator does: wherever a total is
shown and all but one of its parts are, the hidden part is the total less the others; a
part found that way can then be used in the next total, and so on.
"""

from doorstep.panel.suppression import Total, suppress, too_small


def differencing_attack(bases: dict, *, hidden, totals) -> dict:
    """Every hidden figure a reader can work out by subtraction, with its value."""
    known = {key: base for key, base in bases.items() if key not in hidden}
    found = {}
    progress = True
    while progress:
        progress = False
        for total in totals:
            parts = [part for part in total.parts if part in bases]
            unknown = [part for part in parts if part not in known]
            if total.whole in known and len(unknown) == 1:
                part = unknown[0]
                known[part] = known[total.whole] - sum(known[p] for p in parts if p != part)
                found[part] = known[part]
                progress = True
            elif total.whole not in known and not unknown and parts:
                known[total.whole] = sum(known[p] for p in parts)
                found[total.whole] = known[total.whole]
                progress = True
    return found


def primary_only(bases: dict) -> frozenset:
    """What hiding the small groups alone would hide (the naive rule the attack beats)."""
    return frozenset(key for key, base in bases.items() if too_small(base))


# A breakdown of TP01 by area: residents who answered in each area, and the landlord's total.
AREAS = {"North": 4, "South": 12, "East": 15, "West": 40, None: 71}  # 4 + 12 + 15 + 40 = 71
BY_AREA = [Total(whole=None, parts=("North", "South", "East", "West"))]


def test_it_hides_a_group_of_fewer_than_ten_and_shows_a_group_of_ten():
    assert suppress({"North": 9, "South": 10}) == {"North"}
    assert too_small(9.99) and not too_small(10)


def test_it_shows_that_hiding_the_small_group_alone_can_be_undone_by_subtraction():
    # The naive rule hides North only: 71 - (12 + 15 + 40) = 4, North's base, recovered.
    found = differencing_attack(AREAS, hidden=primary_only(AREAS), totals=BY_AREA)
    assert found == {"North": 4}


def test_it_defeats_the_differencing_attack_by_hiding_the_next_smallest_group_too():
    hidden = suppress(AREAS, totals=BY_AREA)
    # North (4) is small; South (12) is the next-smallest, so it is hidden with it.
    assert hidden == {"North", "South"}
    # The reader now learns only North and South together: 71 - 15 - 40 = 16, ten or more.
    assert differencing_attack(AREAS, hidden=hidden, totals=BY_AREA) == {}


def test_it_hides_more_groups_until_the_hidden_ones_together_hold_ten():
    bases = {"North": 3, "South": 4, "East": 20, "West": 50, None: 77}
    totals = [Total(whole=None, parts=("North", "South", "East", "West"))]
    # North and South are both small but together only 3 + 4 = 7: East (20) goes too.
    assert suppress(bases, totals=totals) == {"North", "South", "East"}
    assert differencing_attack(bases, hidden=suppress(bases, totals=totals),
                               totals=totals) == {}


def test_it_hides_the_total_when_there_is_no_group_left_to_hide():
    # 15 residents, but only 3 + 4 of them in an area the breakdown shows (8 have no area
    # and their group is not shown): hiding both areas still leaves 7 to subtract.
    bases = {"North": 3, "South": 4, None: 15}
    totals = [Total(whole=None, parts=("North", "South"))]
    assert suppress(bases, totals=totals) == {"North", "South", None}


def test_it_leaves_a_breakdown_with_no_small_group_alone():
    bases = {"North": 10, "South": 11, None: 21}
    assert suppress(bases, totals=[Total(whole=None, parts=("North", "South"))]) == set()


def test_it_counts_a_group_with_no_records_as_nothing_to_subtract():
    # "East" has no records, so it is not among the figures at all.
    bases = {"North": 5, "South": 30, None: 35}
    totals = [Total(whole=None, parts=("North", "South", "East"))]
    assert suppress(bases, totals=totals) == {"North", "South"}


def test_it_protects_a_table_by_area_and_tenure_where_every_row_and_column_adds_up():
    # Complaints: each area's "combined" is its LCRA plus its LCHO, and each tenure's
    # landlord-wide figure the sum of its areas.
    #              LCRA  LCHO  combined
    #   North       30     4      34
    #   South       25    12      37
    #   landlord    55    16      71
    bases = {
        ("North", "LCRA"): 30, ("North", "LCHO"): 4, ("North", "combined"): 34,
        ("South", "LCRA"): 25, ("South", "LCHO"): 12, ("South", "combined"): 37,
        (None, "LCRA"): 55, (None, "LCHO"): 16, (None, "combined"): 71,
    }
    totals = [
        Total(whole=(area, "combined"), parts=((area, "LCRA"), (area, "LCHO")))
        for area in ("North", "South", None)
    ] + [
        Total(whole=(None, tenure), parts=(("North", tenure), ("South", tenure)))
        for tenure in ("LCRA", "LCHO", "combined")
    ]
    # Hiding North's 4 LCHO complaints alone: 34 - 30 = 4 (and 16 - 12 = 4) give it away.
    assert differencing_attack(bases, hidden=primary_only(bases), totals=totals) == {
        ("North", "LCHO"): 4}
    hidden = suppress(bases, totals=totals)
    # North LCRA hides it in North's row, South LCHO in the LCHO column, and then South
    # LCRA, because North LCRA alone would be 55 - 25 in the LCRA column.
    assert hidden == {("North", "LCHO"), ("North", "LCRA"), ("South", "LCHO"),
                      ("South", "LCRA")}
    # Every total is still shown, and nothing hidden can be worked out from them.
    assert differencing_attack(bases, hidden=hidden, totals=totals) == {}
