"""Data-quality warnings that travel with a year's management figures.

Each warning is ``{"code", "message", "count", "examples"}``: a plain-English message, how
many records are affected and up to five of their references, so someone can go and put
them right. Only warnings with something to report are returned. Two queries per check (a
count and the first few references), whatever the size of the data; the repair-date checks
read their partial indexes once each.
"""

from django.db.models import F, Q, QuerySet

from doorstep.complaints import clocks
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.measures.complaints import complaints_of_year, made_in
from doorstep.measures.repairs import decent_homes_homes, not_assessed
from doorstep.repairs.models import Repair
from doorstep.stock.models import SafetyCheck

EXAMPLES = 5


def management_warnings(*, year: ReportingYear) -> list[dict]:
    checks = [
        *_repair_date_warnings(year=year),
        _homes_without_assessment(year=year),
        _complaints_answered_before_received(year=year),
        _complaints_with_overlong_extension(year=year),
        _complaints_without_home_or_tenure(year=year),
        _checks_expiring_before_done(year=year),
    ]
    return [warning for warning in checks if warning["count"]]


def _warning(
    *, code: str, message: str, records: QuerySet, ref: str, count: int | None = None
) -> dict:
    """``count`` when it is already known; the examples are only looked for when there are
    some (finding none means reading every record in reference order)."""
    count = records.count() if count is None else count
    return {
        "code": code,
        "message": message,
        "count": count,
        "examples": list(records.order_by(ref).values_list(ref, flat=True)[:EXAMPLES])
        if count
        else [],
    }


def _repair_date_warnings(*, year: ReportingYear) -> list[dict]:
    """Repairs reported or completed in the year whose target or completion is dated
    before their report.

    Such errors are rare, and each kind has a partial index holding only its repairs (see
    the Repair model), so they are read from there, every year's, and the year's picked
    out here, rather than by reading the year's 650,000 repairs of a large landlord.
    """
    found = {}
    for name, error in (
        ("target_first", Q(target_at__lt=F("reported_at"))),
        ("done_first", Q(completed_at__lt=F("reported_at"))),
    ):
        rows = Repair.objects.filter(error).values_list("repair_ref", "reported_at", "completed_at")
        found[name] = sorted(
            ref for ref, reported, completed in rows if _in_year(year, reported, completed)
        )
    return [
        _listed(
            code="repair_target_before_report",
            message="Repairs whose target date is before the date they were reported: "
            "check the target or the reported date, as the repair will look late.",
            refs=found["target_first"],
        ),
        _listed(
            code="repair_completed_before_report",
            message="Repairs recorded as completed before they were reported: one of the two "
            "dates is wrong.",
            refs=found["done_first"],
        ),
    ]


def _in_year(year: ReportingYear, *moments) -> bool:
    return any(m is not None and year.starts_at <= m < year.ends_before for m in moments)


def _listed(*, code: str, message: str, refs: list[str]) -> dict:
    return {"code": code, "message": message, "count": len(refs), "examples": refs[:EXAMPLES]}


def _homes_without_assessment(*, year: ReportingYear) -> dict:
    return _warning(
        code="home_without_assessment",
        message=f"Homes with no stock-condition assessment on or before {year.end:%d %B %Y}: "
        "RP01 cannot say whether they meet the Decent Homes Standard.",
        records=decent_homes_homes(year=year).filter(not_assessed(year=year)),
        ref="home_ref",
    )


def _complaints_answered_before_received(*, year: ReportingYear) -> dict:
    stage1 = made_in(year=year, stage=1) & Q(stage1_responded_on__lt=F("received_on"))
    stage2 = made_in(year=year, stage=2) & Q(stage2_responded_on__lt=F("escalated_on"))
    return _warning(
        code="complaint_response_before_receipt",
        message="Complaints with a response dated before the complaint (or its escalation) "
        "was received: one of the dates is wrong.",
        records=Complaint.objects.filter(stage1 | stage2),
        ref="complaint_ref",
    )


def _complaints_with_overlong_extension(*, year: ReportingYear) -> dict:
    longest_stage1, longest_stage2 = clocks.TIMESCALES[1][2], clocks.TIMESCALES[2][2]
    return _warning(
        code="complaint_extension_too_long",
        message=f"Complaints with an extension longer than the Complaint Handling Code allows "
        f"({longest_stage1} working days at stage 1, {longest_stage2} at stage 2): CH02 "
        "counts them with the longest extension allowed.",
        records=complaints_of_year(year=year).filter(
            Q(stage1_extension_days__gt=longest_stage1)
            | Q(stage2_extension_days__gt=longest_stage2)
        ),
        ref="complaint_ref",
    )


def _complaints_without_home_or_tenure(*, year: ReportingYear) -> dict:
    return _warning(
        code="complaint_without_home_or_tenure",
        message="Complaints with neither a home nor a tenure: they cannot be counted in "
        "CH01 or CH02 for LCRA or LCHO.",
        records=complaints_of_year(year=year).filter(home__isnull=True, tenure=""),
        ref="complaint_ref",
    )


def _checks_expiring_before_done(*, year: ReportingYear) -> dict:
    return _warning(
        code="check_valid_until_before_completed",
        message="Safety checks valid only until a date before they were carried out: "
        "check the dates, as the home will show as lacking a valid check.",
        records=SafetyCheck.objects.filter(
            completed_on__lte=year.end, valid_until__lt=F("completed_on")
        ),
        ref="check_ref",
    )
