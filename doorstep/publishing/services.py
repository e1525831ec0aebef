"""Publishing a reporting year, correcting it, and reading what was published.

Every change goes through one function here, which also writes the activity log:
``publish_year`` (version 1), ``correct_year`` (a new version, with the reason),
``set_licence``. Published figures are never updated: a correction writes a whole new
version and every earlier one stays readable (``version_of``).

``live_differences`` compares the latest version with the figures as they stand now, for
the dashboard's "live figures differ from the published ones".
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from doorstep.core.periods import ReportingYear
from doorstep.publishing.freezing import Snapshot, snapshot
from doorstep.publishing.models import (
    Licence,
    PublishedMeasure,
    PublishedVersion,
    PublishedYear,
    PublishingActivity,
)

# The Housing Ombudsman's Complaint Handling Code (2024): what CH02 is measured against.
DEFAULT_COMPLAINT_TIMESCALES = (
    "Housing Ombudsman's Complaint Handling Code: complaints acknowledged within 5 working "
    "days; stage 1 responses within 10 working days of acknowledgement, stage 2 within 20 "
    "working days, each extendable once (by up to 10 working days at stage 1 and up to 20 "
    "at stage 2) with the resident told why."
)
# Figures that differ by less than this (float noise) are the same figure.
SAME = 1e-9


class PublishingError(ValueError):
    """A publishing request that cannot be done; the message says why in plain English."""


def _person(user) -> tuple:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "command line"
    return user, user.get_username()


def _check_final(year: ReportingYear, *, today: date) -> None:
    if today <= year.end:
        raise PublishingError(
            f"{year.label} has not ended yet (it runs to {year.end:%-d %B %Y}): a year's "
            "figures are published once they are final."
        )


def _required(text: str, *, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise PublishingError(f"Enter {what}.")
    return text


@transaction.atomic
def publish_year(
    *,
    year: ReportingYear,
    by,
    methodological_note: str,
    non_emergency_target: str,
    emergency_target: str,
    complaint_timescales: str = DEFAULT_COMPLAINT_TIMESCALES,
    licence: str = Licence.OGL,
    today: date | None = None,
) -> PublishedVersion:
    """Freeze the year's figures as version 1. A year is published once: correct it after."""
    today = today or timezone.localdate()
    _check_final(year, today=today)
    if PublishedYear.objects.filter(year=year.label).exists():
        raise PublishingError(
            f"{year.label} is already published: to change a figure, publish a correction "
            "with the reason for it."
        )
    if licence not in Licence.values:
        raise PublishingError("Choose one of the licences listed.")
    texts = _texts(methodological_note=methodological_note,
                   non_emergency_target=non_emergency_target, emergency_target=emergency_target,
                   complaint_timescales=complaint_timescales)
    published_year = PublishedYear.objects.create(year=year.label, licence=licence)
    version = _write_version(published_year=published_year, number=1, by=by, reason="",
                             frozen=snapshot(year=year, as_of=today), **texts)
    PublishingActivity.objects.create(
        published_year=published_year, by=_person(by)[0], action="published",
        summary=f"Published the {year.label} figures (version 1, {version.figures.count()} "
        f"figures) under the {Licence(licence).label}.",
        changes={"version": [None, "1"], "licence": [None, licence]},
    )
    return version


@transaction.atomic
def correct_year(
    *,
    year: ReportingYear,
    by,
    reason: str,
    methodological_note: str | None = None,
    non_emergency_target: str | None = None,
    emergency_target: str | None = None,
    complaint_timescales: str | None = None,
    today: date | None = None,
) -> PublishedVersion:
    """Publish a new version of a published year, from the figures as they stand now.

    The texts not given are carried over from the version before; the reason is required
    and shown beside the figures of the new version.
    """
    today = today or timezone.localdate()
    published_year = (
        PublishedYear.objects.select_for_update().filter(year=year.label).first()
    )
    if published_year is None:
        raise PublishingError(f"{year.label} has not been published yet: publish it first.")
    reason = _required(reason, what="the reason for the correction")
    before = published_year.current()
    texts = _texts(
        methodological_note=_or(methodological_note, before.methodological_note),
        non_emergency_target=_or(non_emergency_target, before.non_emergency_target),
        emergency_target=_or(emergency_target, before.emergency_target),
        complaint_timescales=_or(complaint_timescales, before.complaint_timescales),
    )
    version = _write_version(published_year=published_year, number=before.number + 1, by=by,
                             reason=reason, frozen=snapshot(year=year, as_of=today), **texts)
    PublishingActivity.objects.create(
        published_year=published_year, by=_person(by)[0], action="corrected",
        summary=f"Published version {version.number} of {year.label}: {reason}",
        changes={"version": [str(before.number), str(version.number)]},
    )
    return version


def _or(given: str | None, carried: str) -> str:
    return carried if given is None else given


def _texts(**texts: str) -> dict:
    names = {
        "methodological_note": "the note of methodological issues affecting the comparison "
        "with last year (write \u201cNone\u201d if there were none)",
        "non_emergency_target": "the target timescale for non-emergency repairs",
        "emergency_target": "the target timescale for emergency repairs",
        "complaint_timescales": "the complaint handling timescales CH02 was measured against",
    }
    return {name: _required(value, what=names[name]) for name, value in texts.items()}


def _write_version(*, published_year, number: int, by, reason: str, frozen: Snapshot,
                   **texts) -> PublishedVersion:
    user, name = _person(by)
    version = PublishedVersion.objects.create(
        published_year=published_year,
        number=number,
        published_at=timezone.now(),
        published_by=user,
        published_by_name=name,
        reason=reason,
        conventions=frozen.conventions,
        warnings=frozen.warnings,
        survey_accuracy=frozen.survey_accuracy,
        summary_of_approach=frozen.summary_of_approach,
        survey_context=frozen.survey_context,
        repair_counts=frozen.repair_counts,
        homes_owned=frozen.homes_owned,
        **texts,
    )
    PublishedMeasure.objects.bulk_create(
        PublishedMeasure(version=version, **row) for row in frozen.measures
    )
    return version


@transaction.atomic
def set_licence(*, year: ReportingYear, by, licence: str) -> PublishedYear:
    published_year = published(year=year)
    if licence not in Licence.values:
        raise PublishingError("Choose one of the licences listed.")
    before = published_year.licence
    if before != licence:
        published_year.licence = licence
        published_year.save(update_fields=["licence"])
        PublishingActivity.objects.create(
            published_year=published_year, by=_person(by)[0], action="licence",
            summary=f"Open data licence changed to the {Licence(licence).label}.",
            changes={"licence": [before, licence]},
        )
    return published_year


# Reading what was published


def published(*, year: ReportingYear) -> PublishedYear:
    found = PublishedYear.objects.filter(year=year.label).first()
    if found is None:
        raise PublishingError(f"{year.label} has not been published.")
    return found


def version_of(*, year: ReportingYear, number: int | None = None) -> PublishedVersion:
    """The latest version of a published year, or the one numbered ``number``."""
    versions = PublishedVersion.objects.filter(published_year__year=year.label)
    version = (versions.filter(number=number) if number else versions.order_by("-number")).first()
    if version is None:
        which = f"version {number} of " if number else ""
        raise PublishingError(f"There is no {which}published {year.label}.")
    return version


def as_snapshot(version: PublishedVersion) -> Snapshot:
    """A stored version in the shape ``freezing.snapshot`` gives, for the return."""
    return Snapshot(
        year=version.year,
        measures=list(
            version.figures.order_by("pk").values(
                "code", "tenure", "name", "unit", "numerator", "denominator", "value", "details"
            )
        ),
        conventions=version.conventions,
        warnings=version.warnings,
        survey_accuracy=version.survey_accuracy,
        summary_of_approach=version.summary_of_approach,
        survey_context=version.survey_context,
        repair_counts=version.repair_counts,
        homes_owned=version.homes_owned,
        repair_targets={"non_emergency_maximum": version.non_emergency_target,
                        "emergency_maximum": version.emergency_target},
    )


def figures_by_key(version: PublishedVersion) -> dict:
    return {(figure.code, figure.tenure): figure for figure in version.figures.all()}


@dataclass(frozen=True)
class Difference:
    code: str
    tenure: str
    name: str
    published: float | None
    live: float | None


def live_differences(*, version: PublishedVersion, store=None) -> list[Difference]:
    """Figures whose live numerator, denominator or value no longer matches the published."""
    from doorstep.measures.cache import figure_store

    year = ReportingYear.parse(version.year)
    store = store or figure_store()
    live = {(result.code, result.tenure): result
            for result in store.measure_set(year=year).measures}
    differences = []
    for figure in version.figures.exclude(tenure="combined", code__startswith="TP"):
        now = live.get((figure.code, figure.tenure))
        if now is None:
            continue
        if (abs(now.numerator - figure.numerator) > SAME
                or abs(now.denominator - figure.denominator) > SAME):
            differences.append(Difference(figure.code, figure.tenure, figure.name,
                                          figure.value, now.value))
    return differences


def landlord_name() -> str:
    return settings.LANDLORD_NAME
