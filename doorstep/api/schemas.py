"""The shapes of the API's answers (pydantic, through django-ninja): the OpenAPI document is
generated from these, and the tests check every answer against it.

A figure hidden by the small-number rule has ``suppressed: true`` and every number that
could give it away (numerator, denominator, value, respondents, margin of error) null.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Schema

Tenure = Literal["LCRA", "LCHO", "combined"]
Breakdown = Literal["area", "scheme", "needs_type", "channel"]
ActionStatusCode = Literal["proposed", "agreed", "in_progress", "done", "dropped"]


class Problem(Schema):
    detail: str


class Invalid(Schema):
    """A parameter the API cannot read: each problem with where it is (pydantic's list)."""

    detail: list[dict]


class Me(Schema):
    username: str
    role: str | None
    role_label: str
    areas: list[str] | None
    sees_small_groups: bool
    signed_in_with: Literal["token", "session"]
    token_name: str | None = None


class TargetOut(Schema):
    code: str
    name: str
    year: str
    tenure: str
    value: float
    direction: Literal["higher", "lower"]


class Figure(Schema):
    numerator: float | None
    denominator: float | None
    value: float | None
    respondents: float | None = None
    margin_of_error: float | None = None
    suppressed: bool


class MeasureRow(Schema):
    code: str
    name: str
    tenure: str | None
    tenure_name: str
    unit: str | None
    figure: Figure | None
    target: float | None
    target_direction: str | None
    target_status: str | None
    change_since_last_year: float | None
    note: str


class GroupFigure(Schema):
    group: str
    figure: Figure


class TrendPoint(Schema):
    label: str
    value: float | None
    suppressed: bool


class MeasureDetail(Schema):
    code: str
    name: str
    year: str
    tenure: str
    tenures: list[str]
    unit: str | None
    headline: Figure
    target: float | None
    target_status: str | None
    breakdown: str
    breakdowns: list[str]
    groups: list[GroupFigure]
    groups_note: str
    years: list[TrendPoint]
    quarters: list[TrendPoint]


class VersionOut(Schema):
    number: int
    published_at: datetime
    reason: str


class PublishedYearOut(Schema):
    year: str
    slug: str
    licence: str
    current_version: int | None
    versions: list[VersionOut]


class PublishedYearDetail(PublishedYearOut):
    methodological_note: str
    non_emergency_target: str
    emergency_target: str
    complaint_timescales: str
    conventions: dict


class PublishedFigure(Schema):
    code: str
    name: str
    tenure: str
    unit: str
    version: int
    figure: Figure


class ActionOut(Schema):
    action_ref: str
    status: str
    status_label: str
    measure_code: str
    summary_for_residents: str
    # Null for a scrutiny panel member, who reads each action's residents' summary only.
    title: str | None = None
    tenure: str | None = None
    group_kind: str | None = None
    group_value: str | None = None
    area: str | None = None
    team: str | None = None
    involvement: str | None = None
    agreed_on: date | None = None
    due_on: date | None = None
    original_due_on: date | None = None
    done_on: date | None = None
    overdue: bool | None = None
    target_value: float | None = None


class Count(Schema):
    count: int | None
    suppressed: bool


class ComplaintCounts(Schema):
    tenure: str
    stage_1_received: Count
    stage_2_escalated: Count
    stage_1_responded: Count
    stage_2_responded: Count
    withdrawn: Count
    open_at_stage_1: Count
    open_at_stage_2: Count


class ComplaintSummary(Schema):
    year: str
    scope: str
    as_of: date
    by_tenure: list[ComplaintCounts]


class HazardCounts(Schema):
    hazard: str
    group: str
    cases: Count
    emergency: Count
    significant: Count
    on_time: Count
    late: Count
    still_running: Count
    outside_timescales: Count


class HazardSummary(Schema):
    year: str
    scope: str
    as_of: datetime
    by_hazard: list[HazardCounts]
    total: HazardCounts


class SurveyOut(Schema):
    id: int
    name: str
    kind: str
    year: str
    fieldwork_starts: date
    fieldwork_ends: date
    achieved: int


class TenureProgressOut(Schema):
    tenure: str
    population: int
    required_sample: float | None
    invited: int
    target: int
    achieved: int
    by_channel: dict[str, int]
    margin_of_error: float | None
    meets_requirement: bool


class StratumOut(Schema):
    tenure: str
    area: str
    households: int
    invited: int
    target: int
    achieved: int
    by_channel: dict[str, int]


class SurveyProgress(SurveyOut):
    by_channel: dict[str, int]
    tenures: list[TenureProgressOut]
    strata: list[StratumOut]
