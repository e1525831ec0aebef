"""Statistics for benchmarking: a distribution's quartiles, a landlord's place in it, and
whether a difference in satisfaction is larger than the surveys' margins of error allow.

Pure functions over plain numbers; the database side is in ``doorstep.benchmarks.services``.

Quartiles
    The "inclusive" definition (Hyndman and Fan type 7): the p-th quantile of n sorted values
    is at position (n - 1) x p, interpolating linearly between neighbours. It is Excel's
    QUARTILE.INC, R's and numpy's default and ``statistics.quantiles(method="inclusive")``;
    its median is the ordinary median (the mean of the two middle values for an even count),
    which is what the regulator's headline medians are. Results are rounded to 10 decimal
    places to drop floating-point noise (73.30000000000001 -> 73.3).

Position
    ``rank`` 1 is the best; landlords level with another share the better rank. The
    percentile rank is the share of the peers the landlord does better than, counting those
    level with it as half: 100 x (worse + equal / 2) / peers ("mid-rank" percentile). For
    measures where lower is better (RP01 homes failing Decent Homes, CH01 complaints and NM01
    ASB cases per 1,000 homes) "better" means lower.

Comparing two surveys (perception measures)
    A two-sample z-test on proportions, unpooled: z = (p1 - p2) / SE with
    SE = sqrt(p1 (1 - p1) / n1 x f1 + p2 (1 - p2) / n2 x f2), where n is each side's number
    of answers on the five-point scale and f = (N - n) / (N - 1) the finite population
    correction the regulator's margin-of-error formula uses (1 when N is not known). The
    difference is significant at 95% when |z| > 1.96, i.e. when it is larger than
    1.96 x SE, the margin of error of the difference.

Comparing with the peers' median
    The median is treated as a fixed benchmark (it is the middle of hundreds of surveys, far
    more precise than any one of them): the landlord's difference from it is significant
    when larger than the landlord's own margin of error at its own proportion,
    1.96 x sqrt(p (1 - p) / n x f).
"""

import math
from dataclasses import asdict, dataclass

from doorstep.core.survey_stats import points_text

Z_95 = 1.96
DECIMALS = 10
# Measures where a lower figure is the better one.
LOWER_IS_BETTER = frozenset({"RP01", "CH01-1", "CH01-2", "NM01-1", "NM01-2"})
QUARTILE_METHOD = (
    "inclusive quartiles (type 7, as Excel QUARTILE.INC): position (n - 1) x p, "
    "interpolated; the median is the mean of the two middle values for an even count"
)
PEER_TEST = (
    "two-sample z-test on proportions (unpooled), each side's n = answers on the five-point "
    "scale, with the finite population correction (N - n) / (N - 1); significant at 95% when "
    "|z| > 1.96"
)
MEDIAN_TEST = (
    "difference from the peer median against the landlord's own margin of error "
    "1.96 x sqrt(p (1 - p) / n x (N - n) / (N - 1)); significant at 95% when larger"
)


class StatsError(ValueError):
    """Figures that cannot be compared, in plain English."""


def lower_is_better(code: str) -> bool:
    return code in LOWER_IS_BETTER


def quantile(sorted_values: list, *, p: float) -> float:
    """The type-7 quantile of values already sorted ascending."""
    if not sorted_values:
        raise StatsError("There are no values to take a quantile of")
    position = (len(sorted_values) - 1) * p
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    share = position - below
    low, high = sorted_values[below], sorted_values[above]
    return round(low + (high - low) * share, DECIMALS)


@dataclass(frozen=True)
class Summary:
    count: int
    median: float | None
    q1: float | None
    q3: float | None
    min: float | None
    max: float | None


def summarise(values) -> Summary:
    """Median, quartiles and range of the values (None throughout when there are none)."""
    ordered = sorted(values)
    if not ordered:
        return Summary(count=0, median=None, q1=None, q3=None, min=None, max=None)
    return Summary(
        count=len(ordered),
        median=quantile(ordered, p=0.5),
        q1=quantile(ordered, p=0.25),
        q3=quantile(ordered, p=0.75),
        min=ordered[0],
        max=ordered[-1],
    )


@dataclass(frozen=True)
class Position:
    value: float
    rank: int  # 1 = best
    of: int
    better: int  # peers doing better
    level: int  # peers with the same figure
    worse: int  # peers doing worse
    percentile: float  # share of peers it does better than, those level counting half
    quartile: str  # "top quartile", "second quartile", "third quartile", "bottom quartile"
    lower_is_better: bool

    def as_dict(self) -> dict:
        return asdict(self)


def place(*, value: float, values, lower_is_better: bool = False) -> Position:
    """Where ``value`` stands among ``values`` (the peers, which may include it)."""
    peers = list(values)
    if not peers:
        raise StatsError("There are no peers with a figure to compare with")
    sign = -1 if lower_is_better else 1
    better = sum(1 for other in peers if sign * other > sign * value)
    worse = sum(1 for other in peers if sign * other < sign * value)
    level = len(peers) - better - worse
    return Position(
        value=value,
        rank=better + 1,
        of=len(peers),
        better=better,
        level=level,
        worse=worse,
        percentile=round(100 * (worse + level / 2) / len(peers), DECIMALS),
        quartile=_quartile_band(value=value, summary=summarise(peers), sign=sign),
        lower_is_better=lower_is_better,
    )


def _quartile_band(*, value: float, summary: Summary, sign: int) -> str:
    # Compared in "higher is better" terms: a landlord on a quartile is given the better band.
    best, middle, worst = (
        (summary.q3, summary.median, summary.q1)
        if sign == 1
        else (summary.q1, summary.median, summary.q3)
    )
    if sign * value >= sign * best:
        return "top quartile"
    if sign * value >= sign * middle:
        return "second quartile"
    if sign * value >= sign * worst:
        return "third quartile"
    return "bottom quartile"


@dataclass(frozen=True)
class Sample:
    """One survey's figure for a measure: percent satisfied, answers n, population N."""

    percent: float
    n: float
    population: float | None = None

    def variance(self) -> float:
        """Of the proportion (0-1 scale), with the finite population correction."""
        if self.n is None or self.n <= 0:
            raise StatsError("A survey figure needs at least one answer to have a margin")
        p = self.percent / 100
        return p * (1 - p) / self.n * self._correction()

    def _correction(self) -> float:
        population = self.population
        if not population or population <= 1 or population < self.n:
            return 1.0
        return (population - self.n) / (population - 1)


@dataclass(frozen=True)
class Comparison:
    difference: float  # percentage points, this landlord minus the other (or the median)
    margin: float  # percentage points: 1.96 x the standard error
    z: float | None  # None when both figures are certain (censuses of 0% or 100%)
    significant: bool
    test: str

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def verdict(self) -> str:
        if self.significant:
            direction = "higher" if self.difference > 0 else "lower"
            return (
                f"{abs(self.difference):.1f} points {direction}: larger than the margin of "
                f"error ({points_text(self.margin)}), so a real difference at 95% confidence"
            )
        return (
            f"{self.difference:+.1f} points: within the margin of error "
            f"({points_text(self.margin)}), "
            "so not a clear difference"
        )


def compare_samples(*, own: Sample, other: Sample) -> Comparison:
    """The two-sample z-test on proportions (see the module docstring)."""
    difference = own.percent - other.percent
    standard_error = math.sqrt(own.variance() + other.variance())
    return _comparison(difference=difference, standard_error=standard_error, test=PEER_TEST)


def compare_with_median(*, own: Sample, median: float) -> Comparison:
    """The landlord's figure against a fixed benchmark, the peers' median."""
    difference = own.percent - median
    return _comparison(
        difference=difference, standard_error=math.sqrt(own.variance()), test=MEDIAN_TEST
    )


def _comparison(*, difference: float, standard_error: float, test: str) -> Comparison:
    points = 100 * standard_error
    z = difference / points if points else None
    significant = abs(z) > Z_95 if z is not None else difference != 0
    return Comparison(
        difference=round(difference, DECIMALS),
        margin=round(Z_95 * points, DECIMALS),
        z=None if z is None else round(z, DECIMALS),
        significant=significant,
        test=test,
    )
