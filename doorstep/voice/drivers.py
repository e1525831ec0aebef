"""Key drivers: what goes with lower overall satisfaction (TP01).

One logistic regression of "satisfied overall" (TP01 very or fairly satisfied) on:

- for each of TP02–TP12, "not satisfied" (answered neither, dissatisfied or disagree) and,
  where some residents were not asked or did not know, "no answer", so that the comparison is
  always with residents who were satisfied with that question;
- facts about the household from the landlord's own records in the 12 months before the
  response: a repair that missed its target, an open complaint on the day, a damp-and-mould
  repair, an ASB case.

Fitted by iteratively reweighted least squares (numpy only). Effects are average marginal
effects in percentage points (the average, over the residents in the model, of the change in
their predicted chance of being satisfied if the fact were true rather than false), with 95%
intervals by the delta method. Associations, not proof of cause: the sentences say "went
with", never "caused".

Only responses linked to a home are used (the facts need the home), one per home per year:
the latest, as in the measures.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

Z95 = 1.959963984540054

FACTS = {
    "late_repair": "with a repair that missed its target in the last 12 months",
    "open_complaint": "with an open complaint",
    "damp_repair": "with a damp-and-mould repair in the last 12 months",
    "asb_case": "with an ASB case in the last 12 months",
}
QUESTION_WORDS = {
    "TP02": "the repairs service",
    "TP03": "the time taken for their last repair",
    "TP04": "how well their home is maintained",
    "TP05": "how safe their home is",
    "TP06": "being listened to",
    "TP07": "being kept informed",
    "TP08": "being treated fairly and with respect",
    "TP09": "complaints handling",
    "TP10": "communal areas",
    "TP11": "the landlord's contribution to the neighbourhood",
    "TP12": "the handling of anti-social behaviour",
}
SATISFIED, ANSWERED = (1, 2), (1, 2, 3, 4, 5)


class DriversError(ValueError):
    """Too little data for a model, said in plain English."""


@dataclass(frozen=True)
class Driver:
    name: str
    description: str
    effect_points: float  # average marginal effect, percentage points
    low: float
    high: float
    coefficient: float
    residents_with: int

    @property
    def sentence(self) -> str:
        direction = "less" if self.effect_points < 0 else "more"
        size = abs(self.effect_points)
        if self.effect_points < 0:
            low, high = -self.high, -self.low
        else:
            low, high = self.low, self.high
        text = (
            f"Residents {self.description} were {size:.1f} points {direction} likely to be "
            f"satisfied overall (95% interval {low:.1f} to {high:.1f})"
        )
        if self.low <= 0 <= self.high:
            text += ": not clearly different from no effect"
        return text + "."


@dataclass(frozen=True)
class Fit:
    coefficients: np.ndarray
    covariance: np.ndarray
    converged: bool
    iterations: int


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, max_iterations: int = 50, ridge: float = 1e-6
) -> Fit:
    """Logistic regression by IRLS. ``x`` must include the intercept column.

    A tiny ridge keeps the fit finite when a fact perfectly predicts the answer in a small
    sample; it moves estimates by far less than their standard errors.
    """
    beta = np.zeros(x.shape[1])
    penalty = ridge * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007 (reported after the loop)
        p = _sigmoid(x @ beta)
        w = np.clip(p * (1 - p), 1e-10, None)
        hessian = x.T @ (x * w[:, None]) + penalty
        gradient = x.T @ (y - p) - penalty @ beta
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-8:
            converged = True
            break
    p = _sigmoid(x @ beta)
    w = np.clip(p * (1 - p), 1e-10, None)
    covariance = np.linalg.inv(x.T @ (x * w[:, None]) + penalty)
    return Fit(beta, covariance, converged, iteration)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


def average_marginal_effect(x: np.ndarray, fit: Fit, column: int) -> tuple[float, float]:
    """AME of a 0/1 column in probability units, and its delta-method standard error."""
    x1, x0 = x.copy(), x.copy()
    x1[:, column], x0[:, column] = 1.0, 0.0
    p1, p0 = _sigmoid(x1 @ fit.coefficients), _sigmoid(x0 @ fit.coefficients)
    effect = float(np.mean(p1 - p0))
    gradient = ((p1 * (1 - p1))[:, None] * x1 - (p0 * (1 - p0))[:, None] * x0).mean(axis=0)
    return effect, float(np.sqrt(gradient @ fit.covariance @ gradient))


def drivers_from_table(rows: list[dict], *, min_with: int = 5) -> list[Driver]:
    """Key drivers from one row per resident: ``satisfied`` (bool) plus 0/1 columns.

    Columns with fewer than ``min_with`` residents on either side are left out: no model can
    say anything about them.
    """
    if len(rows) < 30:
        raise DriversError(
            f"Key drivers need at least 30 residents with an overall satisfaction answer "
            f"linked to a home; there are {len(rows)}."
        )
    names = [name for name in rows[0] if name != "satisfied"]
    y = np.array([1.0 if row["satisfied"] else 0.0 for row in rows])
    columns = []
    for name in names:
        values = np.array([float(row[name]) for row in rows])
        count = int(values.sum())
        if min_with <= count <= len(rows) - min_with:
            columns.append((name, values, count))
    if not columns:
        raise DriversError("None of the facts varies enough between residents to model.")
    x = np.column_stack([np.ones(len(rows))] + [values for _, values, _ in columns])
    fit = fit_logistic(x, y)
    drivers = []
    for index, (name, _, count) in enumerate(columns, start=1):
        if name.endswith(":no_answer"):
            continue  # there to keep comparisons fair, not to report
        effect, error = average_marginal_effect(x, fit, index)
        drivers.append(
            Driver(
                name=name,
                description=_describe(name),
                effect_points=100 * effect,
                low=100 * (effect - Z95 * error),
                high=100 * (effect + Z95 * error),
                coefficient=float(fit.coefficients[index]),
                residents_with=count,
            )
        )
    return sorted(drivers, key=lambda driver: driver.effect_points)


def _describe(name: str) -> str:
    if name in FACTS:
        return FACTS[name]
    question = name.split(":")[0]
    return f"not satisfied with {QUESTION_WORDS.get(question, question)} ({question})"


# -- from the database -----------------------------------------------------------------


def household_table(*, year) -> list[dict]:
    """One row per home surveyed in the reporting year (its latest response)."""
    from doorstep.asb.models import AsbCase
    from doorstep.complaints.models import Complaint
    from doorstep.repairs.models import Repair, RepairType
    from doorstep.surveys.models import SurveyResponse

    latest: dict[int, SurveyResponse] = {}
    responses = SurveyResponse.objects.filter(
        completed_on__gte=year.start,
        completed_on__lte=year.end,
        home__isnull=False,
        tp01__in=ANSWERED,
    ).order_by("home_id", "completed_on", "pk")
    for response in responses:
        latest[response.home_id] = response
    homes = list(latest)
    since = year.start - timedelta(days=366)
    repairs = _by_home(
        Repair.objects.filter(
            home_id__in=homes, repair_type=RepairType.RESPONSIVE, reported_at__date__gte=since
        )
        .exclude(status="cancelled")
        .values("home_id", "reported_at", "target_at", "completed_at", "category", "description")
    )
    complaints = _by_home(
        Complaint.objects.filter(home_id__in=homes).values(
            "home_id",
            "received_on",
            "stage1_responded_on",
            "escalated_on",
            "stage2_responded_on",
            "withdrawn_on",
        )
    )
    asb = _by_home(
        AsbCase.objects.filter(home_id__in=homes, opened_on__gte=since).values(
            "home_id", "opened_on", "closed_on"
        )
    )
    rows = []
    for home_id, response in latest.items():
        day = response.completed_on
        window = day - timedelta(days=365)
        row = {"satisfied": response.tp01 in SATISFIED}
        for question in QUESTION_WORDS:
            answer = getattr(response, question.lower())
            row[f"{question}"] = int(answer in (3, 4, 5))
            row[f"{question}:no_answer"] = int(answer not in ANSWERED)
        home_repairs = [
            r for r in repairs.get(home_id, ()) if window <= r["reported_at"].date() <= day
        ]
        row["late_repair"] = int(any(_missed_target(r, day) for r in home_repairs))
        row["damp_repair"] = int(any(_is_damp(r) for r in home_repairs))
        row["open_complaint"] = int(any(_open_on(c, day) for c in complaints.get(home_id, ())))
        row["asb_case"] = int(
            any(
                a["opened_on"] <= day and (a["opened_on"] >= window or not a["closed_on"])
                for a in asb.get(home_id, ())
            )
        )
        rows.append(row)
    return rows


def key_drivers(*, year) -> list[Driver]:
    return drivers_from_table(household_table(year=year))


def _by_home(values) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for value in values:
        out.setdefault(value["home_id"], []).append(value)
    return out


def _missed_target(repair: dict, day: date) -> bool:
    from django.utils import timezone

    target = repair["target_at"]
    done = repair["completed_at"]
    if done is not None:
        return done > target
    # Still open on the day of the response and already past its target.
    return timezone.localtime(target).date() < day


def _is_damp(repair: dict) -> bool:
    words = f"{repair['category']} {repair['description']}".lower()
    return any(word in words for word in ("damp", "mould", "mold", "condensation"))


def _open_on(complaint: dict, day: date) -> bool:
    if complaint["received_on"] > day:
        return False
    if complaint["withdrawn_on"] and complaint["withdrawn_on"] <= day:
        return False
    if complaint["escalated_on"] and complaint["escalated_on"] <= day:
        done = complaint["stage2_responded_on"]
    else:
        done = complaint["stage1_responded_on"]
    return done is None or done > day
