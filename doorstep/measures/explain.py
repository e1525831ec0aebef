"""The records behind a management figure: "why is this number what it is?"

``management_explain`` returns ``(columns, rows)``, a plain table that the command line, the
screens and a CSV download can all show: the repairs that missed their target, the
complaints that were out of time (and why) or are still pending, the homes lacking a valid
check at year end (and which requirement failed), the homes failing the Decent Homes
Standard or not assessed, the complaints and ASB cases counted. Listings are the exception
to "aggregate in the database": they are the rows a person asked to read.
"""

from datetime import date, timedelta

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from doorstep.asb.models import AsbCase
from doorstep.complaints import clocks
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.measures.asb import opened_in
from doorstep.measures.complaints import CH02_STAGES, counts_as, made_in, stage_columns
from doorstep.measures.complaints import stage_clocks as complaint_stage_clocks
from doorstep.measures.conventions import DEFAULTS, Conventions
from doorstep.measures.management_info import check_code, tenures_reported
from doorstep.measures.repairs import (
    RP02_PRIORITIES,
    completed_in,
    decent_homes_base,
    lcra_responsive_repairs,
)
from doorstep.measures.safety import CHECK_TYPES, unmet_requirements
from doorstep.measures.scope import MeasureError, check_tenure, homes_at_year_end, tenures_in
from doorstep.stock.models import SafetyCheck, StockConditionAssessment, Tenure

WHY = {
    clocks.LATE_ACKNOWLEDGEMENT: "late acknowledgement",
    clocks.LATE_RESPONSE: "late response",
    clocks.LATE_BOTH: "late acknowledgement and late response",
    clocks.OVERDUE: "overdue: no response and the deadline has passed",
    clocks.PENDING: "pending: no response yet, deadline not passed",
    clocks.WITHDRAWN: "withdrawn before a response",
}


def management_explain(
    *,
    code: str,
    year: ReportingYear,
    tenure: str | None = None,
    conventions: Conventions = DEFAULTS,
    as_of: date | None = None,
) -> tuple[list[str], list[list]]:
    check_code(code)
    check_tenure(tenure)
    reported = tenures_reported(code=code, tenure=tenure)
    if not reported:
        raise MeasureError(
            f"{code} is reported for {' and '.join(tenures_reported(code=code, tenure=None))}"
            f" only, not {tenure}"
        )
    tenure = reported[-1]  # with no tenure asked for: the widest one ("combined" for CH)
    if code in CHECK_TYPES:
        return _homes_lacking_checks(year=year, check_type=CHECK_TYPES[code])
    if code == "RP01":
        return _homes_failing_decent_homes(year=year)
    if code in RP02_PRIORITIES:
        return _repairs_missing_target(year=year, priority=RP02_PRIORITIES[code])
    if code.startswith("CH01"):
        return _complaints_made(year=year, stage=int(code[-1]), tenure=tenure)
    if code in CH02_STAGES:
        return _complaints_not_in_time(
            year=year,
            stage=CH02_STAGES[code],
            tenure=tenure,
            conventions=conventions,
            as_of=as_of or date.today(),
        )
    return _asb_cases(year=year, hate_only=code == "NM01-2")


def _homes_lacking_checks(*, year: ReportingYear, check_type: str):
    unmet = list(
        unmet_requirements(year=year, check_type=check_type).values(
            "requirement_ref", "home_id", "building_id", "building__building_ref"
        )
    )
    on_home = {row["home_id"]: row for row in unmet if row["home_id"]}
    on_building: dict[int, list] = {}
    for row in unmet:
        if row["building_id"]:
            on_building.setdefault(row["building_id"], []).append(row)
    last_checks = _last_checks(year=year, check_type=check_type, unmet=unmet)
    homes = (
        homes_at_year_end(year=year)
        .filter(tenure__in=(Tenure.LCRA, Tenure.LCHO))
        .filter(Q(pk__in=on_home) | Q(building_id__in=on_building))
        .order_by("home_ref")
        .values("pk", "home_ref", "area", "building_id")
    )
    rows = []
    for home in homes:
        failing = [on_home[home["pk"]]] if home["pk"] in on_home else []
        failing += on_building.get(home["building_id"], [])
        for requirement in failing:
            asset = (
                f"building {requirement['building__building_ref']}"
                if requirement["building_id"]
                else "home"
            )
            key = (
                ("building", requirement["building_id"])
                if requirement["building_id"]
                else ("home", requirement["home_id"])
            )
            rows.append(
                [
                    home["home_ref"],
                    home["area"],
                    requirement["requirement_ref"],
                    asset,
                    _check_problem(last_checks.get(key), year=year),
                ]
            )
    return ["home", "area", "requirement", "required on", "problem"], rows


def _last_checks(*, year: ReportingYear, check_type: str, unmet: list) -> dict:
    """The latest check done on or before year end for each asset with an unmet requirement."""
    checks = SafetyCheck.objects.filter(check_type=check_type, completed_on__lte=year.end).filter(
        Q(home_id__in={row["home_id"] for row in unmet if row["home_id"]})
        | Q(building_id__in={row["building_id"] for row in unmet if row["building_id"]})
    )
    latest = {}
    for check in checks.order_by("completed_on", "pk").values(
        "check_ref", "home_id", "building_id", "completed_on", "valid_until"
    ):
        key = (
            ("building", check["building_id"])
            if check["building_id"]
            else ("home", check["home_id"])
        )
        latest[key] = check
    return latest


def _check_problem(check: dict | None, *, year: ReportingYear) -> str:
    if check is None:
        return f"no check recorded on or before {year.end:%d %B %Y}"
    return (
        f"last check {check['check_ref']} (done {check['completed_on']:%d %B %Y}) "
        f"was valid only until {check['valid_until']:%d %B %Y}"
    )


def _homes_failing_decent_homes(*, year: ReportingYear):
    latest = StockConditionAssessment.objects.filter(
        home=OuterRef("pk"), assessed_on__lte=year.end
    ).order_by("-assessed_on", "-pk")
    homes = (
        decent_homes_base(year=year)
        .filter(Q(latest_meets=False) | Q(latest_meets__isnull=True))
        .annotate(
            assessed_on=Subquery(latest.values("assessed_on")[:1]),
            reason=Subquery(latest.values("reason")[:1]),
        )
        .order_by("home_ref")
        .values_list("home_ref", "area", "latest_meets", "assessed_on", "reason")
    )
    rows = [
        [
            home_ref,
            area,
            "fails the Decent Homes Standard"
            if meets is False
            else f"no stock-condition assessment on or before {year.end:%d %B %Y}",
            assessed_on,
            reason or "",
        ]
        for home_ref, area, meets, assessed_on, reason in homes
    ]
    return ["home", "area", "status", "assessed on", "reason"], rows


def _repairs_missing_target(*, year: ReportingYear, priority: str):
    repairs = (
        lcra_responsive_repairs()
        .filter(completed_in(year=year), priority=priority, completed_at__gt=F("target_at"))
        .order_by("completed_at", "repair_ref")
        .values_list(
            "repair_ref",
            "home__home_ref",
            "building__building_ref",
            "priority_label",
            "reported_at",
            "target_at",
            "completed_at",
        )
    )
    rows = [
        [
            ref,
            home_ref or f"communal: {building_ref}",
            label,
            _local(reported_at),
            _local(target_at),
            _local(completed_at),
            _how_long(completed_at - target_at),
        ]
        for ref, home_ref, building_ref, label, reported_at, target_at, completed_at in repairs
    ]
    columns = ["repair", "home", "priority", "reported", "target", "completed", "late by"]
    return columns, rows


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _how_long(late: timedelta) -> str:
    days, seconds = late.days, late.seconds
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words) or "less than a minute"


def _complaints_made(*, year: ReportingYear, stage: int, tenure: str):
    start = "received_on" if stage == 1 else "escalated_on"
    complaints = (
        Complaint.objects.filter(made_in(year=year, stage=stage), tenure__in=tenures_in(tenure))
        .order_by(start, "complaint_ref")
        .values_list("complaint_ref", "tenure", "home__home_ref", start, "withdrawn_on")
    )
    rows = [list(complaint) for complaint in complaints]
    label = "received" if stage == 1 else "escalation requested"
    return ["complaint", "tenure", "home", label, "withdrawn"], rows


def _complaints_not_in_time(
    *, year: ReportingYear, stage: int, tenure: str, conventions: Conventions, as_of: date
):
    """Every stage made in the year that is not in the CH02 numerator, and why."""
    rows = []
    extra = ("complaint_ref", "home__home_ref")
    for clock_stage, row, clock in complaint_stage_clocks(
        year=year, as_of=as_of, conventions=conventions, extra=extra
    ):
        if clock_stage != stage or row[1] not in tenures_in(tenure):
            continue
        outcome = counts_as(clock=clock, conventions=conventions)
        if outcome == "in_time":
            continue
        rows.append(_clock_row(stage=stage, row=row, clock=clock, outcome=outcome))
    rows.sort(key=lambda row: (row[3], row[0]))
    columns = [
        "complaint",
        "tenure",
        "home",
        "received",
        "acknowledge by",
        "acknowledged",
        "respond by",
        "responded",
        "extension days",
        "why",
        "in CH02 base",
    ]
    return columns, rows


def _clock_row(*, stage: int, row: tuple, clock, outcome: str) -> list:
    received_on, acknowledged_on, responded_on, extension = stage_columns(row, stage=stage)
    complaint_ref, home_ref = row[-2:]
    if clock is None:
        why, acknowledge_by, respond_by = "pending: received after the day measured", None, None
    else:
        why, acknowledge_by, respond_by = WHY[clock.status], clock.acknowledge_by, clock.respond_by
    return [
        complaint_ref,
        row[1],
        home_ref,
        received_on,
        acknowledge_by,
        acknowledged_on,
        respond_by,
        responded_on,
        extension,
        why,
        "yes" if outcome == "late" else "no",
    ]


def _asb_cases(*, year: ReportingYear, hate_only: bool):
    cases = AsbCase.objects.filter(opened_in(year=year))
    if hate_only:
        cases = cases.filter(hate_related=True)
    rows = [
        list(case)
        for case in cases.order_by("opened_on", "case_ref").values_list(
            "case_ref", "home__home_ref", "home__area", "opened_on", "closed_on", "hate_related"
        )
    ]
    return ["case", "home", "area", "opened", "closed", "hate incident"], rows
