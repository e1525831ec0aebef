"""Did involvement make a difference? Per activity, and across activities over the years.

Per activity: the actions it led to with their re-measured results (doorstep.actions), what
participants said (feedback counts) and its case studies.

Across activities, for each reporting year (April to March): the share satisfied (answers
1 or 2 of 1 to 5; "don't know" left out, as the TSMs do) with TP01, TP06 and TP07 of
survey respondents whose household took part in an activity that year against the rest,
and of respondents in areas with more involvement (the areas at or above the median share
of households involved) against areas with less. Each share has its 95% margin of error
(1.96 √(p(1 − p)/n)) and each difference a two-proportion z-test. Unweighted. These are
associations: households that choose to take part may differ in many ways from those that
do not, so a difference is "associated with" involvement, never "caused by" it.
"""

import math
from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import Count

from doorstep.actions.remeasure import RemeasureError, remeasure, two_proportion_z, two_sided_p
from doorstep.involvement.models import Activity, Participant
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse

MEASURES = ("TP01", "TP06", "TP07")
Z_95 = 1.96


def year_of(day: date) -> int:
    """The reporting year a day falls in, by its first calendar year (2025 = 2025/26)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def share(*, satisfied: int, base: int) -> dict:
    if not base:
        return {"satisfied": satisfied, "base": 0, "percent": None, "margin": None}
    p = satisfied / base
    return {"satisfied": satisfied, "base": base, "percent": round(100 * p, 1),
            "margin": round(100 * Z_95 * math.sqrt(p * (1 - p) / base), 1)}


def difference(first: dict, second: dict) -> dict:
    if not first["base"] or not second["base"]:
        return {"points": None, "p_value": None, "clear": False}
    z = two_proportion_z(x1=first["satisfied"], n1=first["base"],
                         x2=second["satisfied"], n2=second["base"])
    p = two_sided_p(z) if z is not None else None
    points = round(first["percent"] - second["percent"], 1)
    return {"points": points, "p_value": None if p is None else float(f"{p:.4g}"),
            "clear": p is not None and p < 0.05}


def _responses_by_year():
    rows = SurveyResponse.objects.filter(home__isnull=False).values_list(
        "completed_on", "home_id", "home__area", *(code.lower() for code in MEASURES))
    years: dict[int, list] = {}
    for completed_on, home_id, area, *answers in rows.iterator():
        years.setdefault(year_of(completed_on), []).append((home_id, area, answers))
    return years


def _involved_by_year() -> dict[int, set]:
    involved: dict[int, set] = {}
    rows = Participant.objects.filter(home__isnull=False).values_list("activity__held_on",
                                                                       "home_id")
    for held_on, home_id in rows.iterator():
        involved.setdefault(year_of(held_on), set()).add(home_id)
    return involved


def _tally(rows, keep) -> dict:
    counts = {code: [0, 0] for code in MEASURES}
    for home_id, area, answers in rows:
        if not keep(home_id, area):
            continue
        for code, answer in zip(MEASURES, answers, strict=True):
            if answer in (1, 2, 3, 4, 5):
                counts[code][1] += 1
                counts[code][0] += answer in (1, 2)
    return {code: share(satisfied=s, base=n) for code, (s, n) in counts.items()}


def across_activities() -> list[dict]:
    """For each year with survey responses: involved against not, more- against
    less-involved areas, for TP01, TP06 and TP07."""
    homes_in_area = dict(Home.objects.values_list("area").annotate(n=Count("id"))
                         .values_list("area", "n"))
    area_of = dict(Home.objects.values_list("id", "area"))
    involved_by_year = _involved_by_year()
    years = []
    for year, rows in sorted(_responses_by_year().items()):
        involved = involved_by_year.get(year, set())
        per_area = Counter(area_of[home_id] for home_id in involved)
        rates = {area: per_area[area] / n for area, n in homes_in_area.items() if n}
        ordered = sorted(rates.values())
        median = (ordered[len(ordered) // 2] + ordered[(len(ordered) - 1) // 2]) / 2 \
            if ordered else 0
        more = {area for area, rate in rates.items() if rate >= median and rate > 0}
        took_part = _tally(rows, lambda home_id, area, inv=involved: home_id in inv)
        did_not = _tally(rows, lambda home_id, area, inv=involved: home_id not in inv)
        more_areas = _tally(rows, lambda home_id, area, more=more: area in more)
        less_areas = _tally(rows, lambda home_id, area, more=more: area not in more)
        years.append({
            "year": year_label(year),
            "households_involved": len(involved),
            "more_involved_areas": sorted(more),
            "less_involved_areas": sorted(set(rates) - more),
            "measures": [{
                "code": code,
                "involved": took_part[code], "not_involved": did_not[code],
                "involved_difference": difference(took_part[code], did_not[code]),
                "more_areas": more_areas[code], "less_areas": less_areas[code],
                "areas_difference": difference(more_areas[code], less_areas[code]),
            } for code in MEASURES],
        })
    return years


def sentence(*, code: str, difference: dict, first: str, second: str) -> str:
    """The finding in plain words: "associated with", never "caused by"."""
    if difference["points"] is None:
        return f"{code}: not enough answers to compare {first} with {second}."
    if not difference["clear"]:
        return (f"{code}: no clear difference between {first} and {second} "
                f"({difference['points']:+} points, within the margins of error).")
    higher = "higher" if difference["points"] > 0 else "lower"
    return (f"{code}: satisfaction was {abs(difference['points'])} points {higher} among "
            f"{first} than among {second}. This is associated with involvement; it does not "
            "show that involvement caused it.")


# One activity ---------------------------------------------------------------------------


def for_activity(activity: Activity) -> dict:
    actions = []
    for action in activity.actions.order_by("action_ref"):
        try:
            result = remeasure(action) if action.measure_code else None
        except RemeasureError:
            result = None
        actions.append({"action": action, "result": result})
    recommendations = []
    for recommendation in activity.recommendations.select_related("review").prefetch_related(
            "actions"):
        recommendations.append({"recommendation": recommendation,
                                "decision": recommendation.get_decision_display(),
                                "actions": [a.action_ref for a in recommendation.actions.all()]})
    feedback = list(activity.feedback.values_list("listened", "changed", "again"))
    return {
        "actions": actions,
        "recommendations": recommendations,
        "feedback": {
            "count": len(feedback),
            "listened": Counter(row[0] for row in feedback),
            "changed": Counter(row[1] for row in feedback),
            "again": Counter(row[2] for row in feedback),
        },
        "participants": activity.participants.count(),
        "households": activity.participants.filter(home__isnull=False)
        .values("home_id").distinct().count(),
    }


# Social value ---------------------------------------------------------------------------


def social_value(*, start: date, end: date) -> dict:
    """Each activity held in the period with a social value recorded (units × the
    landlord's value per unit, with its source) and the total. Every value is an estimate
    the landlord entered; Doorstep bundles none."""
    held = (Activity.objects.filter(held_on__range=(start, end), social_value__isnull=False,
                                    social_value_units__isnull=False)
            .select_related("social_value").order_by("held_on", "activity_ref"))
    rows = [{"activity": activity, "outcome": activity.social_value.outcome,
             "units": activity.social_value_units, "unit": activity.social_value.unit,
             "pounds_per_unit": activity.social_value.pounds_per_unit,
             "pounds": activity.social_value_pounds, "source": activity.social_value.source}
            for activity in held]
    return {"start": start, "end": end, "activities": rows,
            "total": sum((row["pounds"] for row in rows), Decimal("0")),
            "sources": sorted({row["source"] for row in rows})}
