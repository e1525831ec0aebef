"""Computed figures, kept in Django's cache so the dashboard answers in milliseconds.

A year's full set of measures takes seconds to compute for a large landlord (RP02 alone
reads every repair of the year), so the dashboard keeps what it computed. Every key holds:

* the **data version**: a token that ``figures_changed()`` replaces whenever records the
  measures read have changed (every successful import and weighting calls it, and
  ``signals.py`` when such a record is saved or deleted on its own, casework included),
  together with the number of the latest import run, so an import made by another process
  (``doorstep import`` beside a running server whose cache is in its own memory) also shows;
* the **conventions** in force (an administrator changing one changes the figures);
* **today's date**, because CH02 reads the complaint clocks as they stand today.

Nothing is ever deleted: a new version simply makes new keys, and old entries expire after
``TIMEOUT`` (which also bounds how long a bulk edit made outside Doorstep's services, in
raw SQL say, can go unseen).
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

from doorstep.imports.models import ImportRun
from doorstep.measures import perception
from doorstep.measures.asb import asb_measures
from doorstep.measures.complaints import complaint_timeliness_measures, complaint_volume_measures
from doorstep.measures.conventions import Conventions
from doorstep.measures.engine import PERCEPTION_CODES, MeasureSet, compute_measures
from doorstep.measures.management_info import tenures_reported
from doorstep.measures.models import current_conventions
from doorstep.measures.repairs import decent_homes_measures, repair_measures
from doorstep.measures.results import MeasureResult
from doorstep.measures.safety import safety_measures
from doorstep.measures.scope import stock_counts

VERSION_KEY = "doorstep:measures:data-version"
TIMEOUT = 6 * 60 * 60


def figures_changed() -> None:
    """Say that records behind the measures changed: every cached figure is recomputed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def data_version() -> str:
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY)
    latest_import = ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first()
    return f"{token}:{latest_import}"


def family_of(code: str) -> str:
    """The measures computed together: "TP", "BS", "RP01", "RP02", "CH01", "CH02", "NM01"."""
    if code in PERCEPTION_CODES:
        return "TP"
    if code.startswith("BS"):
        return "BS"
    return code[:4]


@dataclass(frozen=True)
class FigureStore:
    """The figures of one data version; read once per request and asked many times."""

    version: str
    conventions: Conventions
    as_of: date

    def _key(self, *parts) -> str:
        raw = repr((self.version, self.conventions, self.as_of, *parts))
        return "doorstep:measures:" + hashlib.sha256(raw.encode()).hexdigest()

    def kept(self, *parts, compute):
        """The cached value for ``parts``, computed (and kept) the first time it is asked."""
        key = self._key(*parts)
        found = cache.get(key)
        if found is None:
            found = compute()
            cache.set(key, found, timeout=TIMEOUT)
        return found

    def measure_set(self, *, year, tenure: str | None = None) -> MeasureSet:
        """``compute_measures`` for the year and tenure (None: every tenure), no breakdown."""
        return self.kept(
            "set",
            year.label,
            tenure,
            compute=lambda: compute_measures(
                year=year, tenure=tenure, conventions=self.conventions, as_of=self.as_of
            ),
        )

    def family(self, *, code: str, period, tenure: str, by: str | None) -> list[MeasureResult]:
        """The results of ``code`` alone for one tenure over a year or a quarter (any period
        with ``start``, ``end``, ``starts_at``, ``ends_before`` and ``label``), by group."""
        results = self.kept(
            "family",
            family_of(code),
            period.label,
            tenure,
            by,
            compute=lambda: family_results(
                code=code,
                period=period,
                tenure=tenure,
                by=by,
                conventions=self.conventions,
                as_of=self.as_of,
            ),
        )
        return [result for result in results if result.code == code and result.tenure == tenure]


def figure_store(*, as_of: date | None = None) -> FigureStore:
    return FigureStore(
        version=data_version(), conventions=current_conventions(), as_of=as_of or date.today()
    )


def family_results(
    *, code: str, period, tenure: str, by: str | None, conventions: Conventions, as_of: date
) -> list[MeasureResult]:
    """The one family of measures ``code`` belongs to, and nothing else.

    The engine's own family functions, called one at a time: a measure page needs one
    family over several periods and breakdowns, and computing all 22 measures each time
    would cost RP02's reading of every repair for every one of them.
    """
    family = family_of(code)
    if family == "TP":
        return perception.perception_measures(
            year=period, tenure=tenure, by=by, conventions=conventions
        )
    if by == "channel" or not tenures_reported(code=code, tenure=tenure):
        return []  # repairs, complaints and homes have no survey channel
    if family == "BS":
        return safety_measures(year=period, by=by)
    if family == "RP01":
        return decent_homes_measures(year=period, by=by, conventions=conventions)
    if family == "RP02":
        return repair_measures(year=period, by=by)
    if family == "CH02":
        return complaint_timeliness_measures(
            year=period, tenures=(tenure,), by=by, conventions=conventions, as_of=as_of
        )
    stock = stock_counts(year=period, by=by)
    if family == "CH01":
        return complaint_volume_measures(year=period, tenures=(tenure,), by=by, stock=stock)
    return asb_measures(year=period, by=by, stock=stock)
