"""Benchmarks: a measure's distribution among peers, a landlord's place in it, and honest
comparisons of satisfaction that allow for the surveys' margins of error.

The command line (``doorstep benchmarks show``), the benchmarks page and the "where you
stand" panel of each measure page call these functions. Values are the regulator's
published values; the statistics are defined in ``doorstep.benchmarks.stats``.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from doorstep.benchmarks import rsh
from doorstep.benchmarks.models import PeerSurvey, PublishedFigure, Release
from doorstep.benchmarks.peers import EVERYONE, PeerFilter, peer_landlords
from doorstep.benchmarks.stats import (
    QUARTILE_METHOD,
    Sample,
    StatsError,
    Summary,
    compare_samples,
    compare_with_median,
    lower_is_better,
    place,
    summarise,
)
from doorstep.core.periods import ReportingYear
from doorstep.measures.names import TENURE_NAMES

PERCEPTION_CODES = rsh.QUESTIONS
MEASURE_CODES = (*rsh.QUESTIONS, *rsh.MEASURES)
# Why a peer has no row for a measure, beside the regulator's own markers.
LEFT_OUT = "left out by the regulator"
NOT_PUBLISHED = "not published for the tenure"
LCRA_ONLY = ("TP02", "TP03", "TP04", "RP01", "RP02-1", "RP02-2")


class BenchmarkError(ValueError):
    """A benchmark that cannot be given, in plain English."""


def release_for(*, year) -> Release:
    label = year.label if isinstance(year, ReportingYear) else ReportingYear.parse(year).label
    release = Release.objects.filter(year=label).first()
    if release is None:
        imported = ", ".join(Release.objects.values_list("year", flat=True)) or "none"
        raise BenchmarkError(
            f"There are no published figures for {label} (imported years: {imported}). "
            "Download the regulator's TSM full data workbook from GOV.UK and run "
            "doorstep benchmarks import FILE.xlsx"
        )
    return release


def latest_release() -> Release | None:
    return Release.objects.order_by("-year").first()


def check_measure(*, code: str, tenure: str | None) -> tuple[str, str]:
    """The measure's code and tenure, tidied; the regulator's default tenure when none."""
    code = (code or "").strip().upper()
    if code in ("RP02", "CH01", "CH02", "NM01"):
        raise BenchmarkError(f"{code} has two parts: ask for {code}-1 or {code}-2")
    if code not in MEASURE_CODES:
        raise BenchmarkError(
            f"{code!r} is not a measure the regulator publishes: use TP01-TP12, BS01-BS05, "
            "RP01, RP02-1, RP02-2, CH01-1, CH01-2, CH02-1, CH02-2, NM01-1 or NM01-2"
        )
    if tenure is None:
        tenure = "LCRA" if code in PERCEPTION_CODES else rsh.DEFAULT_TENURE[code]
    if tenure not in rsh.TENURES:
        raise BenchmarkError(f"Tenure must be LCRA, LCHO or combined, not {tenure!r}")
    if code in LCRA_ONLY and tenure != "LCRA":
        raise BenchmarkError(f"The regulator publishes {code} for LCRA (renters) only")
    return code, tenure


def method_tenure(*, code: str, tenure: str) -> str:
    """Whose survey's predominant method counts: the measure's tenure for a perception
    measure; the renters' survey, which every landlord runs, for management measures."""
    return tenure if code in PERCEPTION_CODES else "LCRA"


@dataclass
class Distribution:
    year: str
    measure: str
    tenure: str
    unit: str
    peers: PeerFilter
    summary: Summary
    values: list  # [{"code", "name", "value"}], best first
    missing: dict  # {marker: landlords} for peers with no published value
    in_group: int  # landlords in the group, with or without a value
    figures: dict = field(default_factory=dict, repr=False)  # code -> PublishedFigure

    @property
    def lower_is_better(self) -> bool:
        return lower_is_better(self.measure)

    def as_dict(self) -> dict:
        """The JSON contract of ``doorstep benchmarks show``: the first ten keys, in order."""
        return {
            "year": self.year,
            "measure": self.measure,
            "tenure": self.tenure,
            "landlords": self.summary.count,
            "median": self.summary.median,
            "q1": self.summary.q1,
            "q3": self.summary.q3,
            "min": self.summary.min,
            "max": self.summary.max,
            "values": self.values,
            "unit": self.unit,
            "lower_is_better": self.lower_is_better,
            "peers": self.peers.describe(),
            "in_group": self.in_group,
            "missing": self.missing,
            "quartile_method": QUARTILE_METHOD,
        }


def distribution(*, year, measure: str, tenure: str | None = None, peers=EVERYONE):
    """The published values of one measure among the peers, with median and quartiles over
    the landlords with a value; the others are counted by the regulator's reason."""
    code, tenure = check_measure(code=measure, tenure=tenure)
    release = release_for(year=year)
    landlords = peer_landlords(
        release=release, peers=peers, survey_tenure=method_tenure(code=code, tenure=tenure)
    )
    figures = list(
        PublishedFigure.objects.filter(release=release, code=code, tenure=tenure)
        .filter(landlord__in=landlords)
        .select_related("landlord")
    )
    with_value = [f for f in figures if f.value is not None]
    sign = 1 if lower_is_better(code) else -1
    with_value.sort(key=lambda f: (sign * f.value, f.landlord.code))
    missing = Counter(f.value_missing for f in figures if f.value is None)
    missing.update(_absent(release=release, code=code, landlords=landlords, figures=figures))
    return Distribution(
        year=release.year,
        measure=code,
        tenure=tenure,
        unit=rsh.UNITS.get(code, rsh.PERCEPTION_UNIT),
        peers=peers,
        summary=summarise(f.value for f in with_value),
        values=[
            {"code": f.landlord.code, "name": f.landlord.name, "value": f.value} for f in with_value
        ],
        missing=dict(sorted(missing.items())),
        in_group=landlords.count(),
        figures={f.landlord.code: f for f in figures},
    )


def _absent(*, release: Release, code: str, landlords, figures: list) -> Counter:
    """Why peers have no row at all for the measure: left out by the regulator (its
    Not_Inc sheets), or nothing published for the tenure (e.g. no LCHO homes)."""
    part = "perception" if code in PERCEPTION_CODES else "management"
    left_out = {row["code"] for row in release.left_out if row["part"] == part}
    present = {f.landlord.code for f in figures}
    absent = [c for c in landlords.values_list("code", flat=True) if c not in present]
    return Counter(LEFT_OUT if c in left_out else NOT_PUBLISHED for c in absent)


def published_sample(figure: PublishedFigure, *, survey: PeerSurvey | None) -> Sample | None:
    """A peer's perception figure as a survey sample: n is the answers on the five-point
    scale (weighted sums for a weighted landlord), else the whole sample achieved."""
    if figure.value is None:
        return None
    n = figure.denominator or (survey.sample_achieved if survey else None)
    if not n:
        return None
    population = survey.relevant_population if survey else None
    return Sample(percent=figure.value, n=n, population=population)


def own_sample(result) -> Sample | None:
    """The landlord's own perception figure (a ``MeasureResult``) as a survey sample."""
    if result is None or result.value is None or not result.details.get("n"):
        return None
    return Sample(
        percent=result.value,
        n=result.details["n"],
        population=result.details.get("population"),
    )


def where_you_stand(
    *,
    distribution: Distribution,
    value: float | None,
    sample: Sample | None = None,
    method: str | None = None,
    exclude_code: str | None = None,
) -> dict | None:
    """The landlord's place among the peers: position, percentile, quartile band and, for
    a perception measure with its sample, whether its difference from the peer median is
    larger than its margin of error; a warning when its survey method differs from most
    peers'. None when the landlord has no value."""
    if value is None:
        return None
    peers = [row["value"] for row in distribution.values if row["code"] != exclude_code]
    if not peers:
        return {"value": value, "message": "No peer has a published figure to compare with."}
    position = place(value=value, values=peers, lower_is_better=distribution.lower_is_better)
    stand = {"value": value, **position.as_dict()}
    if sample is not None and distribution.measure in PERCEPTION_CODES:
        comparison = compare_with_median(own=sample, median=distribution.summary.median)
        stand["against_median"] = {**comparison.as_dict(), "verdict": comparison.verdict}
    warning = method_warning(
        own_method=method,
        peer_methods=_peer_methods(distribution, exclude_code=exclude_code),
        year=distribution.year,
    )
    if warning and distribution.measure in PERCEPTION_CODES:
        stand["method_warning"] = warning
    return stand


def _peer_methods(distribution: Distribution, *, exclude_code: str | None) -> Counter:
    tenure = method_tenure(code=distribution.measure, tenure=distribution.tenure)
    codes = [row["code"] for row in distribution.values if row["code"] != exclude_code]
    return Counter(
        PeerSurvey.objects.filter(
            release__year=distribution.year, tenure=tenure, landlord__code__in=codes
        ).values_list("predominant_method", flat=True)
    )


def compare_with_peer(
    *, distribution: Distribution, own: Sample, own_method: str | None, peer_code: str
) -> dict:
    """The landlord's perception figure against one peer's: the two-sample z-test, and a
    warning when their survey methods differ."""
    if distribution.measure not in PERCEPTION_CODES:
        raise BenchmarkError(
            f"{distribution.measure} is not a survey measure: it has no margin of error"
        )
    figure = distribution.figures.get(peer_code)
    if figure is None:
        raise BenchmarkError(f"{peer_code} is not among the peers for {distribution.year}")
    survey = PeerSurvey.objects.filter(landlord=figure.landlord, tenure=figure.tenure).first()
    peer = published_sample(figure, survey=survey)
    if peer is None:
        reason = figure.value_missing or "no answers"
        raise BenchmarkError(
            f"{peer_code} has no {distribution.measure} figure to compare with ({reason})"
        )
    try:
        comparison = compare_samples(own=own, other=peer)
    except StatsError as problem:
        raise BenchmarkError(str(problem)) from None
    result = {
        "peer": {"code": peer_code, "name": figure.landlord.name, "value": figure.value,
                 "n": peer.n, "population": peer.population},
        **comparison.as_dict(),
        "verdict": comparison.verdict,
    }  # fmt: skip
    peer_method = survey.predominant_method if survey else None
    warning = method_warning(
        own_method=own_method, peer_methods=Counter([peer_method]), year=distribution.year
    )
    if warning:
        result["method_warning"] = warning
    return result


def method_warning(*, own_method: str | None, peer_methods: Counter, year: str) -> str | None:
    """A warning when the landlord's predominant survey method is not the one most of its
    peers used: the method itself moves satisfaction (postal higher, online lower)."""
    peer_methods = Counter({m: n for m, n in peer_methods.items() if m})
    if not own_method or not peer_methods:
        return None
    usual, _ = peer_methods.most_common(1)[0]
    if own_method == usual:
        return None
    share = 100 * peer_methods.get(own_method, 0) / sum(peer_methods.values())
    effect = method_effect(year=year)
    medians = ", ".join(
        f"{_said(method)} {value:.1f}%" for method, value in effect["median_by_predominant"].items()
    )
    return (
        f"Survey methods differ: this survey was mainly {_said(own_method)}, the peers' "
        f"mostly {_said(usual)} ({share:.0f}% of them mainly {_said(own_method)}). The method "
        f"moves the answers: in {year} the median TP01 (LCRA) by predominant method was "
        f"{medians}."
    )


SAID = {
    "postal": "by post",
    "online": "online",
    "telephone": "by telephone",
    "face_to_face": "face to face",
    "sms": "by text message",
}


def _said(method: str) -> str:
    return SAID.get(method, method)


def method_effect(*, year, measure: str = "TP01", tenure: str = "LCRA") -> dict:
    """How satisfaction differs by survey method in a year's published data.

    ``median_by_predominant``: median value by each landlord's predominant method.
    ``median_single_method``: the same for landlords that used one method only.
    ``within_landlords``: for landlords publishing TP01 by method for both post and online
    (each from 50 responses or more), the median of postal minus online: the method's effect
    with the landlord held the same.
    """
    code, tenure = check_measure(code=measure, tenure=tenure)
    release = release_for(year=year)
    values = dict(
        PublishedFigure.objects.filter(
            release=release, code=code, tenure=tenure, value__isnull=False
        ).values_list("landlord_id", "value")
    )
    by_method, single, paired = {}, {}, []
    for survey in PeerSurvey.objects.filter(release=release, tenure=tenure):
        value = values.get(survey.landlord_id)
        if value is not None:
            by_method.setdefault(survey.predominant_method or "not said", []).append(value)
            used = [m for m, n in survey.responses_by_method.items() if _positive(n)]
            if len(used) == 1:
                single.setdefault(used[0], []).append(value)
        postal, online = (survey.tp01_by_method.get(m) for m in ("postal", "online"))
        if code == "TP01" and _number(postal) and _number(online):
            paired.append(postal - online)
    return {
        "year": release.year,
        "measure": code,
        "tenure": tenure,
        "median_by_predominant": _medians(by_method),
        "landlords_by_predominant": {m: len(v) for m, v in sorted(by_method.items())},
        "median_single_method": _medians(single),
        "landlords_single_method": {m: len(v) for m, v in sorted(single.items())},
        "within_landlords": {
            "landlords": len(paired),
            "median_postal_minus_online": round(median(paired), 10) if paired else None,
        },
    }


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _positive(value) -> bool:
    return _number(value) and value > 0


def _medians(groups: dict) -> dict:
    medians = {method: summarise(values).median for method, values in groups.items()}
    return dict(sorted(medians.items(), key=lambda item: -item[1]))


def own_measure(*, year, measure: str, tenure: str):
    """The landlord's own figure for the measure (a ``MeasureResult``), or None when its
    data gives no value for the year."""
    from doorstep.measures.engine import compute_measures
    from doorstep.measures.scope import MeasureError

    year = year if isinstance(year, ReportingYear) else ReportingYear.parse(year)
    try:
        measures = compute_measures(year=year, tenure=tenure).measures
    except MeasureError:
        return None
    return next(
        (r for r in measures if r.code == measure and r.tenure == tenure and r.group is None),
        None,
    )


def own_method(*, year, tenure: str) -> str | None:
    """The channel most of the landlord's own survey responses of the year came by."""
    from doorstep.measures.engine import compute_measures
    from doorstep.measures.scope import MeasureError

    year = year if isinstance(year, ReportingYear) else ReportingYear.parse(year)
    try:
        results = compute_measures(year=year, tenure=tenure, by="channel").measures
    except MeasureError:
        return None
    by_channel = {r.group: r.details.get("n") or 0 for r in results if r.code == "TP01"}
    if not by_channel or not any(by_channel.values()):
        return None
    return max(by_channel, key=by_channel.get)


@dataclass
class Own:
    """The figure placed among the peers: the landlord's own, or a published landlord's."""

    value: float | None
    sample: object = None  # stats.Sample for a survey measure
    method: str | None = None
    source: str = "your own data"
    exclude_code: str | None = None


def own_figure(*, distribution, own_code: str = "", result=None) -> Own:
    """The landlord's own figure for the release's year (or ``result`` when given), or the
    published figure of ``own_code`` placed as if it were the landlord's."""
    code, tenure = distribution.measure, distribution.tenure
    own_code = own_code.strip().upper()
    if own_code:
        figure = (PublishedFigure.objects
                  .filter(release__year=distribution.year, code=code, tenure=tenure,
                          landlord__code=own_code)
                  .select_related("landlord").first())  # fmt: skip
        if figure is None or figure.value is None:
            raise BenchmarkError(
                f"{own_code} has no published {code} {TENURE_NAMES[tenure]} figure in "
                f"{distribution.year}: check the landlord code"
            )
        survey = PeerSurvey.objects.filter(
            landlord=figure.landlord, tenure=method_tenure(code=code, tenure=tenure)
        ).first()
        return Own(value=figure.value, sample=published_sample(figure, survey=survey),
                   method=survey.predominant_method if survey else None,
                   source=f"the published figure of {figure.landlord.name} ({own_code})",
                   exclude_code=own_code)  # fmt: skip
    if result is None:
        result = own_measure(year=distribution.year, measure=code, tenure=tenure)
    if result is None or result.value is None:
        return Own(value=None)
    method = None
    if code in PERCEPTION_CODES:
        method = own_method(year=distribution.year, tenure=tenure)
    return Own(value=result.value, sample=own_sample(result), method=method)
