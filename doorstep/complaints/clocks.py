"""The Housing Ombudsman's Complaint Handling Code clocks, as pure functions over dates.

Used by CH02 (proportion of complaints responded to within the Code's timescales) and by
complaints casework. No database access: the caller passes the dates and a working-day
calendar (``doorstep.core.workdays.england_calendar()``, fetched once per computation).

Timescales, in working days (a stage's start date is day 0):

- Stage 1: acknowledge within 5 of receipt; respond within 10 of acknowledgement; an
  extension of up to 10 more may be given to the resident.
- Stage 2: acknowledge within 5 of the escalation request (pass ``escalated_on`` as
  ``received_on``); respond within 20 of acknowledgement; extension up to 20 more.

How ``stage_timeliness`` decides (the spec's rules, plus the choices it leaves open):

- In time means acknowledged in time **and** responded to in time.
- The response deadline runs from the acknowledgement date as recorded, even a late one
  (the Code counts from the acknowledgement), plus any extension.
- A response on or before the acknowledgement deadline with no acknowledgement date counts
  as the acknowledgement: the resident heard from the landlord in time.
- Otherwise a missing acknowledgement date follows the ``missing_acknowledgement``
  convention (``doorstep.measures.conventions``):

  - ``"from_deadline"`` (default): the response deadline runs from the acknowledgement
    deadline and the complaint is judged on its response alone; ``acknowledged_in_time`` is
    None ("not recorded") rather than False, and ``acknowledgement_missing`` is True once the
    acknowledgement deadline has passed, so casework and data-quality reports can still see it.
  - ``"out_of_time"``: once the acknowledgement deadline has passed with no acknowledgement,
    ``acknowledged_in_time`` is False and a response, however quick, is out of time.

- The clock is read as it stood at the end of ``as_of``: an acknowledgement, response or
  withdrawal dated after ``as_of`` has not happened yet. So CH02 at year end passes the year
  end, and casework passes today.
- Not responded to: "pending" while ``respond_by`` is on or after ``as_of`` (left out of the
  CH02 base, counted separately), "overdue" once it has passed (out of time). A late
  acknowledgement does not turn a pending complaint into a late one until it is responded
  to or overdue: ``acknowledged_in_time`` already says so.
- Withdrawn before a response (a withdrawal on the day of the response counts as after it):
  "withdrawn", whatever the clocks say; the convention on whether that is in the CH02 base is
  the measure's business.
- ``needed_extension``: in time, but only because of the extension (responded after the
  deadline the extension moved).
- An extension longer than the Code allows is refused with a ValueError: the record needs
  correcting, and counting it would flatter the figure. Dates entered the wrong way round
  (a response before receipt) are not refused here; the data-quality warnings list them.
"""

from dataclasses import dataclass
from datetime import date

STAGE1_ACKNOWLEDGE_DAYS = 5
STAGE1_RESPOND_DAYS = 10
STAGE1_MAX_EXTENSION_DAYS = 10
STAGE2_ACKNOWLEDGE_DAYS = 5
STAGE2_RESPOND_DAYS = 20
STAGE2_MAX_EXTENSION_DAYS = 20

# (acknowledge, respond, longest extension) in working days, by stage.
TIMESCALES = {
    1: (STAGE1_ACKNOWLEDGE_DAYS, STAGE1_RESPOND_DAYS, STAGE1_MAX_EXTENSION_DAYS),
    2: (STAGE2_ACKNOWLEDGE_DAYS, STAGE2_RESPOND_DAYS, STAGE2_MAX_EXTENSION_DAYS),
}

IN_TIME = "in_time"
LATE_ACKNOWLEDGEMENT = "late_acknowledgement"
LATE_RESPONSE = "late_response"
LATE_BOTH = "late_both"
PENDING = "pending"
OVERDUE = "overdue"
WITHDRAWN = "withdrawn"
# Statuses that count as out of time in CH02.
OUT_OF_TIME = frozenset({LATE_ACKNOWLEDGEMENT, LATE_RESPONSE, LATE_BOTH, OVERDUE})

MISSING_ACKNOWLEDGEMENT_RULES = ("from_deadline", "out_of_time")


@dataclass(frozen=True)
class StageClock:
    acknowledge_by: date
    # The response deadline, including any extension.
    respond_by: date
    acknowledged_in_time: bool | None
    responded_in_time: bool | None
    status: str
    needed_extension: bool = False
    # No acknowledgement recorded and its deadline passed without one (or a response).
    acknowledgement_missing: bool = False

    @property
    def out_of_time(self) -> bool:
        return self.status in OUT_OF_TIME


def stage_timeliness(
    *,
    stage: int,
    received_on: date,
    acknowledged_on: date | None,
    responded_on: date | None,
    extension_days: int | None,
    withdrawn_on: date | None,
    as_of: date,
    calendar,
    missing_acknowledgement: str = "from_deadline",
) -> StageClock:
    """Where one stage of one complaint stands against the Code's clocks on ``as_of``."""
    acknowledge_days, respond_days, extension = _timescales(
        stage=stage, extension_days=extension_days, rule=missing_acknowledgement
    )
    if received_on > as_of:
        raise ValueError(
            f"The stage {stage} complaint was received on {received_on:%d %B %Y}, after "
            f"{as_of:%d %B %Y}: its clock had not started on that date"
        )
    acknowledged_on, responded_on, withdrawn_on = (
        _known_by(day, as_of=as_of) for day in (acknowledged_on, responded_on, withdrawn_on)
    )
    acknowledge_by = calendar.add_working_days(received_on, acknowledge_days)
    response_starts = acknowledged_on or acknowledge_by
    respond_by = calendar.add_working_days(response_starts, respond_days + extension)
    missing = acknowledged_on is None and _deadline_passed(
        acknowledge_by, responded_on=responded_on, as_of=as_of
    )
    acknowledged_in_time = _acknowledged_in_time(
        acknowledge_by=acknowledge_by,
        acknowledged_on=acknowledged_on,
        responded_on=responded_on,
        missing=missing,
        rule=missing_acknowledgement,
    )
    clock = {
        "acknowledge_by": acknowledge_by,
        "respond_by": respond_by,
        "acknowledged_in_time": acknowledged_in_time,
        "acknowledgement_missing": missing,
    }
    if withdrawn_on is not None and (responded_on is None or withdrawn_on < responded_on):
        return StageClock(**clock, responded_in_time=None, status=WITHDRAWN)
    if responded_on is None:
        if respond_by >= as_of:
            return StageClock(**clock, responded_in_time=None, status=PENDING)
        return StageClock(**clock, responded_in_time=False, status=OVERDUE)
    responded_in_time = responded_on <= respond_by
    status = _status(
        acknowledged_late=acknowledged_in_time is False, responded_late=not responded_in_time
    )
    needed_extension = (
        status == IN_TIME
        and extension > 0
        and responded_on > calendar.add_working_days(response_starts, respond_days)
    )
    return StageClock(
        **clock,
        responded_in_time=responded_in_time,
        status=status,
        needed_extension=needed_extension,
    )


def _timescales(*, stage: int, extension_days: int | None, rule: str) -> tuple[int, int, int]:
    if stage not in TIMESCALES:
        raise ValueError(f"A complaint has stage 1 or stage 2, not stage {stage}")
    if rule not in MISSING_ACKNOWLEDGEMENT_RULES:
        raise ValueError(
            f"{rule!r} is not a rule for missing acknowledgements: use "
            + " or ".join(MISSING_ACKNOWLEDGEMENT_RULES)
        )
    acknowledge_days, respond_days, longest = TIMESCALES[stage]
    extension = extension_days or 0
    if extension < 0:
        raise ValueError(f"An extension cannot be negative ({extension} working days)")
    if extension > longest:
        raise ValueError(
            f"A stage {stage} extension can be at most {longest} working days under the "
            f"Complaint Handling Code, not {extension}"
        )
    return acknowledge_days, respond_days, extension


def _known_by(day: date | None, *, as_of: date) -> date | None:
    return day if day is not None and day <= as_of else None


def _deadline_passed(deadline: date, *, responded_on: date | None, as_of: date) -> bool:
    """Whether ``deadline`` went by with nothing from the landlord (no acknowledgement known)."""
    if responded_on is not None:
        return responded_on > deadline
    return as_of > deadline


def _acknowledged_in_time(
    *,
    acknowledge_by: date,
    acknowledged_on: date | None,
    responded_on: date | None,
    missing: bool,
    rule: str,
) -> bool | None:
    if acknowledged_on is not None:
        return acknowledged_on <= acknowledge_by
    if responded_on is not None and responded_on <= acknowledge_by:
        return True
    if missing and rule == "out_of_time":
        return False
    # Not yet due, or not recorded and the from_deadline rule judges on the response alone.
    return None


def _status(*, acknowledged_late: bool, responded_late: bool) -> str:
    if acknowledged_late and responded_late:
        return LATE_BOTH
    if acknowledged_late:
        return LATE_ACKNOWLEDGEMENT
    if responded_late:
        return LATE_RESPONSE
    return IN_TIME
