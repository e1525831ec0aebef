"""Conventions: choices the regulator's guidance leaves open.

Each has a documented default (``../shared/spec/measures.md`` and
``complaints-and-hazards.md`` mark them **convention**); an administrator may change them,
and every set of figures names the conventions it was computed under.
"""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Conventions:
    # One household counts once per reporting year: "latest" keeps the latest response of a
    # home in the year and marks the others superseded; "all" counts every response.
    superseded_responses: str = "latest"
    # CH02 when a complaint has no acknowledgement date: the response clock runs from the
    # acknowledgement deadline ("from_deadline") or the complaint counts as out of time
    # ("out_of_time").
    missing_acknowledgement: str = "from_deadline"
    # CH02 for a complaint withdrawn before a response: left out of the base ("exclude") or
    # counted as responded to in time ("include_in_time") / out of time ("include_late").
    withdrawn_complaints: str = "exclude"
    # RP01 for homes with no stock-condition assessment on or before year end: kept in the
    # denominator and listed as a data-quality warning ("in_denominator") or left out
    # ("exclude").
    unassessed_homes: str = "in_denominator"
    # Working days: the day a clock starts is day 0 whatever day of the week it is.
    working_day_start: str = "day_zero"

    def as_dict(self) -> dict:
        return asdict(self)


ALLOWED = {
    "superseded_responses": ("latest", "all"),
    "missing_acknowledgement": ("from_deadline", "out_of_time"),
    "withdrawn_complaints": ("exclude", "include_in_time", "include_late"),
    "unassessed_homes": ("in_denominator", "exclude"),
    "working_day_start": ("day_zero",),
}

DEFAULTS = Conventions()
