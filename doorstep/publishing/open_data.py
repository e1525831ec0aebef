"""The published figures as open data: one row per measure, part and tenure.

Only published versions are ever read (the latest, or the one asked for), so the files at
``/open/tsm/2025-26.csv`` and ``.json`` change only when a correction is published. Every
row carries the version and the day it was published; the JSON adds the licence and the
landlord. Landlord-wide figures only: nothing about a person, a home or a small group.
"""

import csv
import io

from django.conf import settings

from doorstep.publishing.models import LICENCE_URLS, Licence, PublishedVersion

COLUMNS = ["code", "name", "tenure", "numerator", "denominator", "value", "unit", "version",
           "published_on"]


def rows(version: PublishedVersion) -> list[dict]:
    published_on = version.published_at.date().isoformat()
    return [
        {
            "code": figure.code,
            "name": figure.name,
            "tenure": figure.tenure,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "value": figure.value,
            "unit": figure.unit,
            "version": version.number,
            "published_on": published_on,
        }
        for figure in version.figures.order_by("pk")
    ]


def as_json(version: PublishedVersion) -> dict:
    licence = version.published_year.licence
    return {
        "landlord": settings.LANDLORD_NAME,
        "year": version.year,
        "version": version.number,
        "published_on": version.published_at.date().isoformat(),
        "correction_reason": version.reason or None,
        "licence": {"id": licence, "name": Licence(licence).label, "url": LICENCE_URLS[licence]},
        "notes": "Values are unrounded; a value of null has a denominator of 0. Units: % or "
                 "per 1,000 homes. Tenure: LCRA (low cost rental), LCHO (low cost home "
                 "ownership) or combined (both).",
        "measures": rows(version),
    }


def as_csv(version: PublishedVersion) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(version):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()
