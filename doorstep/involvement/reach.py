"""Who is heard: those involved, survey respondents and complainants against the residents.

For a period and one characteristic, each group (a value of the characteristic) is counted
four ways: residents (households with a consented profile and that value), households
involved in an activity held in the period, households that answered a survey in it, and
households that complained in it. Each of the last three is tested against the residents
with a chi-square goodness-of-fit test (the survey's representativeness test):

    p_i = residents_i / residents,   E_i = n x p_i,   X² = Σ (O_i − E_i)² / E_i,  df = k − 1

and each group's adjusted standardised residual

    r_i = (O_i − E_i) / √(E_i (1 − p_i))

which is roughly standard normal when the group is represented fairly; a group with
r_i < −1.96 is named as under-represented (fewer than chance alone would explain, at 95%).

Unknowns are counted apart and reported, never tested and never dropped: a household with
no consented profile (or with the value not recorded), and anyone who took part
anonymously. Only profile data residents agreed to give is used: a profile whose consent
was withdrawn is cleared, so that household is unknown in every breakdown, including
tenure and area (which come from the home, but are counted for consented profiles only,
so all four columns share one base).
"""

import math
from datetime import date

from django.db.models import Count

from doorstep.complaints.models import Complaint
from doorstep.involvement.models import SUPPORT_LABELS, Activity, Participant
from doorstep.stock.models import Home, Tenure
from doorstep.surveys.models import HouseholdProfile, SurveyResponse
from doorstep.surveys.representativeness import chi_square_p_value

CRITICAL_RESIDUAL = -1.96
SMALL_EXPECTED = 5
COLUMNS = ("residents", "involved", "respondents", "complainants")
TESTED = ("involved", "respondents", "complainants")

# characteristic: (profile lookup, label, {code: label} or None for the landlord's own list)
CHARACTERISTICS = {
    "tenure": ("home__tenure", "Tenure", dict(Tenure.choices)),
    "area": ("home__area", "Area", None),
    "age_band": ("age_band", "Age band of the lead tenant",
                 dict(HouseholdProfile.AgeBand.choices)),
    "ethnicity": ("ethnicity", "Ethnicity", None),
    "disability": ("disability", "Disability in the household",
                   dict(HouseholdProfile.Disability.choices)),
    "preferred_language": ("preferred_language", "Preferred language", None),
    "digital_access": ("digital_access", "Digital access",
                       dict(HouseholdProfile.DigitalAccess.choices)),
}


class ReachError(ValueError):
    """A question reach cannot answer (an unknown characteristic, a period backwards)."""


def consented_profiles():
    """Profiles residents agreed to give and have not withdrawn."""
    return HouseholdProfile.objects.filter(consent_on__isnull=False,
                                           consent_withdrawn_on__isnull=True)


def label_of(characteristic: str, group: str) -> str:
    labels = CHARACTERISTICS[characteristic][2]
    return labels.get(group, group) if labels else group


# The test ------------------------------------------------------------------------------


def goodness_of_fit(*, observed: dict, residents: dict) -> dict:
    """Chi-square goodness of fit of ``observed`` counts against the residents' shares, with
    each group's adjusted standardised residual. Groups with no residents are not tested."""
    groups = [group for group, count in residents.items() if count]
    population = sum(residents[group] for group in groups)
    n = sum(observed.get(group, 0) for group in groups)
    result = {"chi_square": None, "df": len(groups) - 1, "p_value": None,
              "under_represented": [], "residuals": {}, "total": n, "small_expected": False}
    if n == 0 or len(groups) < 2:
        return result
    statistic = 0.0
    for group in groups:
        share = residents[group] / population
        expected = n * share
        seen = observed.get(group, 0)
        statistic += (seen - expected) ** 2 / expected
        residual = (seen - expected) / math.sqrt(expected * (1 - share))
        result["residuals"][group] = round(residual, 3)
        if residual < CRITICAL_RESIDUAL:
            result["under_represented"].append(group)
        result["small_expected"] |= expected < SMALL_EXPECTED
    result["chi_square"] = round(statistic, 3)
    result["p_value"] = _shown_p(chi_square_p_value(statistic, len(groups) - 1))
    return result


def _shown_p(p: float) -> float:
    """Four significant figures: enough to read, and stable in JSON."""
    return float(f"{p:.4g}")


# Counting -------------------------------------------------------------------------------


def reach(*, start: date, end: date, characteristic: str) -> dict:
    """The reach table and tests for one characteristic over a period (both days included),
    in the shape ``doorstep involvement reach --format json`` prints."""
    if characteristic not in CHARACTERISTICS:
        raise ReachError(f"{characteristic!r} is not a characteristic: use one of "
                         + ", ".join(CHARACTERISTICS))
    if end < start:
        raise ReachError("The period ends before it starts: check --from and --to")
    lookup, _, labels = CHARACTERISTICS[characteristic]
    value_of = {
        home_id: value
        for home_id, value in consented_profiles().values_list("home_id", lookup)
        if value not in ("", None)
    }
    households = {
        "residents": set(Home.objects.filter(disposed_on__isnull=True)
                         .values_list("id", flat=True)),
        "involved": set(Participant.objects.filter(
            activity__held_on__range=(start, end), home__isnull=False,
        ).values_list("home_id", flat=True)),
        "respondents": set(SurveyResponse.objects.filter(
            completed_on__range=(start, end), home__isnull=False,
        ).values_list("home_id", flat=True)),
        "complainants": set(Complaint.objects.filter(
            received_on__range=(start, end), home__isnull=False,
        ).values_list("home_id", flat=True)),
    }
    # Residents are the consented profiles, whether or not the home is still let.
    households["residents"] |= set(value_of)
    counts = {column: {} for column in COLUMNS}
    unknown = dict.fromkeys(COLUMNS, 0)
    for column, homes in households.items():
        for home_id in homes:
            value = value_of.get(home_id)
            if value is None:
                unknown[column] += 1
            else:
                counts[column][value] = counts[column].get(value, 0) + 1
    anonymous = Participant.objects.filter(
        activity__held_on__range=(start, end), home__isnull=True
    ).count()
    unknown["involved"] += anonymous
    found = set(counts["residents"])
    order = [code for code in labels if code in found] if labels else []
    order += sorted(found - set(order))
    groups = [{"group": group, **{column: counts[column].get(group, 0) for column in COLUMNS}}
              for group in order]
    return {
        "characteristic": characteristic,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "groups": groups,
        "unknown": unknown,
        "anonymous_participants": anonymous,
        # In the groups' order, so under-represented groups are listed as the table is.
        "tests": {column: goodness_of_fit(
            observed=counts[column],
            residents={group: counts["residents"][group] for group in order})
            for column in TESTED},
    }


def support_offered(*, start: date, end: date) -> list[dict]:
    """How many of the period's activities offered each kind of support, most often first."""
    offered = {code: 0 for code in SUPPORT_LABELS}
    activities = Activity.objects.filter(held_on__range=(start, end))
    total = 0
    for codes in activities.values_list("support_offered", flat=True):
        total += 1
        for code in codes.split(";"):
            if code in offered:
                offered[code] += 1
    rows = [{"support": code, "label": SUPPORT_LABELS[code], "activities": n,
             "share": n / total if total else None} for code, n in offered.items()]
    return sorted(rows, key=lambda row: -row["activities"])


def activities_by_kind(*, start: date, end: date) -> dict:
    return dict(Activity.objects.filter(held_on__range=(start, end))
                .values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))


# For the panel ------------------------------------------------------------------------


def for_panel(table: dict) -> dict:
    """The table a panel member sees: any count under SMALL_GROUP hidden (with the next
    smallest in its column when one hidden count could be worked out from the total), and
    only those under-represented groups whose counts are all shown."""
    from doorstep.panel.suppression import Total, suppress

    keys = [row["group"] for row in table["groups"]] + ["unknown"]
    hidden = set()
    for column in COLUMNS:
        bases = {(column, row["group"]): row[column] for row in table["groups"]}
        bases[(column, "unknown")] = table["unknown"][column]
        total = sum(bases.values())
        bases[(column, "total")] = total
        hidden |= suppress(bases, totals=[Total((column, "total"),
                                                tuple((column, key) for key in keys))])
    rows = []
    for row in table["groups"]:
        shown = {column: (None if (column, row["group"]) in hidden else row[column])
                 for column in COLUMNS}
        rows.append({"group": row["group"], **shown})
    unknown = {column: (None if (column, "unknown") in hidden else table["unknown"][column])
               for column in COLUMNS}
    totals = {column: (None if (column, "total") in hidden else
                       sum(row[column] for row in table["groups"]) + table["unknown"][column])
              for column in COLUMNS}
    tests = {}
    for column, test in table["tests"].items():
        named = [group for group in test["under_represented"]
                 if (column, group) not in hidden and ("residents", group) not in hidden]
        tests[column] = {"chi_square": test["chi_square"], "df": test["df"],
                         "p_value": test["p_value"], "under_represented": named}
    return {**table, "groups": rows, "unknown": unknown, "totals": totals, "tests": tests,
            "anonymous_participants": None}
