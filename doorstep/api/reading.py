"""What the API shows one person: the other apps' services, shaped for the API's schemas.

No figure is worked out here. Measures come from the dashboard's functions
(``measures.targets``), which already hide small groups for a role that must not see them;
published figures from ``publishing.services``; actions from ``access.actions_visible_to``;
the hazard counts from ``hazards.report``; survey progress from ``surveys.overview``. The
complaint counts are one grouped query over the complaints the person may count. Counts
shown to a role that must not see small groups go through ``panel.suppression`` (primary
and secondary suppression), as the panel's own pages do.
"""

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from doorstep.accounts import access
from doorstep.actions.models import ActionStatus
from doorstep.complaints.models import Complaint
from doorstep.complaints.queues import open_complaints
from doorstep.core.periods import ReportingYear
from doorstep.hazards.models import HazardCase
from doorstep.hazards.report import hazard_report
from doorstep.measures import targets as dashboard
from doorstep.measures.models import Target
from doorstep.measures.names import MEASURE_NAMES
from doorstep.measures.results import MeasureResult
from doorstep.panel.suppression import Total, suppress
from doorstep.publishing import services as publishing
from doorstep.publishing.models import PublishedYear
from doorstep.surveys import overview

ALL_TENURES = "all"


def year_or_none(text: str | None) -> ReportingYear | None:
    return ReportingYear.parse(text) if text else None


# Figures ----------------------------------------------------------------------------------


def figure(result: MeasureResult | None, *, suppressed: bool) -> dict | None:
    if result is None:
        return None
    if suppressed:
        return {"numerator": None, "denominator": None, "value": None, "respondents": None,
                "margin_of_error": None, "suppressed": True}
    return {
        "numerator": result.numerator,
        "denominator": result.denominator,
        "value": result.value,
        "respondents": result.details.get("n"),
        "margin_of_error": result.details.get("margin_of_error"),
        "suppressed": False,
    }


def measures(*, user, year: ReportingYear | None, tenure: str | None) -> list[dict]:
    glance = dashboard.year_at_a_glance(user=user, year=year, tenure=tenure)
    return [
        {
            "code": row.code,
            "name": row.name,
            "tenure": row.tenure,
            "tenure_name": row.tenure_name,
            "unit": row.result.unit if row.result else None,
            "figure": figure(row.result, suppressed=row.suppressed),
            "target": float(row.target.value) if row.target else None,
            "target_direction": row.target.direction if row.target else None,
            "target_status": row.status.key if row.status else None,
            "change_since_last_year": row.change.difference if row.change else None,
            "note": row.note,
        }
        for row in glance.rows
    ]


def measure(*, user, code: str, year: ReportingYear | None, tenure: str | None,
            by: str | None) -> dict:
    page = dashboard.measure_page(user=user, code=code, year=year, tenure=tenure, by=by)
    headline = page.headline
    return {
        "code": page.code,
        "name": page.name,
        "year": page.year.label,
        "tenure": page.tenure,
        "tenures": list(page.tenures),
        "unit": headline.result.unit if headline.result else None,
        "headline": figure(headline.result, suppressed=headline.suppressed),
        "target": float(headline.target.value) if headline.target else None,
        "target_status": headline.status.key if headline.status else None,
        "breakdown": page.by,
        "breakdowns": list(page.breakdowns),
        "groups": [
            {"group": group.name, "figure": figure(group.result, suppressed=group.suppressed)}
            for group in page.groups
        ],
        "groups_note": page.groups_note,
        "years": [_point(point) for point in page.year_trend],
        "quarters": [_point(point) for point in page.quarter_trend],
    }


def _point(point) -> dict:
    return {"label": point.label, "value": point.value, "suppressed": point.suppressed}


def targets(*, user, year: ReportingYear | None):
    access.require(user, access.SEE_MEASURES)
    chosen = Target.objects.order_by("-first_year", "code", "tenure")
    if year is not None:
        chosen = chosen.filter(first_year=year.first_year)
    return [
        {
            "code": target.code,
            "name": MEASURE_NAMES.get(target.code, target.code),
            "year": ReportingYear(target.first_year).label,
            "tenure": target.tenure,
            "value": float(target.value),
            "direction": target.direction,
        }
        for target in chosen
    ]


# Published years ----------------------------------------------------------------------------


def _published_year(published_year: PublishedYear) -> dict:
    versions = list(published_year.versions.all())
    return {
        "year": published_year.year,
        "slug": published_year.slug,
        "licence": published_year.licence,
        "current_version": versions[-1].number if versions else None,
        "versions": [
            {"number": version.number, "published_at": version.published_at,
             "reason": version.reason}
            for version in versions
        ],
    }


def published_years(*, user) -> list[dict]:
    access.require(user, access.SEE_MEASURES)
    return [
        _published_year(each)
        for each in PublishedYear.objects.prefetch_related("versions").order_by("-year")
    ]


def published_year(*, user, year: ReportingYear, number: int | None = None) -> dict:
    access.require(user, access.SEE_MEASURES)
    version = publishing.version_of(year=year, number=number)
    return {
        **_published_year(version.published_year),
        "methodological_note": version.methodological_note,
        "non_emergency_target": version.non_emergency_target,
        "emergency_target": version.emergency_target,
        "complaint_timescales": version.complaint_timescales,
        "conventions": version.conventions,
    }


def published_figures(*, user, year: ReportingYear, number: int | None = None) -> list[dict]:
    access.require(user, access.SEE_MEASURES)
    version = publishing.version_of(year=year, number=number)
    rows = []
    for stored in version.figures.order_by("pk"):
        result = MeasureResult(
            code=stored.code, tenure=stored.tenure, numerator=stored.numerator,
            denominator=stored.denominator, unit=stored.unit, details=stored.details or {},
        )
        rows.append({
            "code": stored.code,
            "name": stored.name,
            "tenure": stored.tenure,
            "unit": stored.unit,
            "version": version.number,
            "figure": _stored_figure(stored, result, user=user),
        })
    return rows


def _stored_figure(stored, result: MeasureResult, *, user) -> dict:
    small = dashboard.is_small(user=user, result=result)
    shown = figure(result, suppressed=small)
    if not small:
        shown["value"] = stored.value  # as frozen (the same as the engine's, unrounded)
    return shown


# Actions --------------------------------------------------------------------------------


def actions(*, user, status: str | None = None, measure: str | None = None,
            today: date | None = None) -> list[dict]:
    chosen = access.actions_visible_to(user)
    if access.role_of(user) is None:
        access.require(user, access.SEE_ACTIONS)
    if status:
        chosen = chosen.filter(status=status)
    if measure:
        chosen = chosen.filter(measure_code=measure.strip().upper())
    whole = access.sees_whole_actions(user)
    today = today or timezone.localdate()
    rows = []
    for action in chosen.order_by("action_ref"):
        row = {
            "action_ref": action.action_ref,
            "status": action.status,
            "status_label": ActionStatus(action.status).label,
            "measure_code": action.measure_code,
            "summary_for_residents": action.summary_for_residents,
        }
        if whole:
            row.update({
                "title": action.title, "tenure": action.tenure,
                "group_kind": action.group_kind, "group_value": action.group_value,
                "area": action.area, "team": action.team, "involvement": action.involvement,
                "agreed_on": action.agreed_on, "due_on": action.due_on,
                "original_due_on": action.original_due_on, "done_on": action.done_on,
                "overdue": action.is_overdue(today=today),
                "target_value": float(action.target_value)
                if action.target_value is not None else None,
            })
        rows.append(row)
    return rows


# Complaint and hazard counts ------------------------------------------------------------------


def _scope_words(user, *, sees_records: bool) -> str:
    areas = access.areas_for(user)
    if sees_records and areas is not None:
        return "Your areas: " + ", ".join(areas)
    return "The whole landlord"


def _counted(counts: dict, *, user, totals=()) -> dict:
    """Each count as {"count", "suppressed"}: small ones hidden for a role that must not
    see small groups, with the next smallest where a total would give one away."""
    hidden = frozenset() if access.sees_small_groups(user) else suppress(counts, totals=totals)
    return {key: {"count": None if key in hidden else n, "suppressed": key in hidden}
            for key, n in counts.items()}


COMPLAINT_COUNTS = ("stage_1_received", "stage_2_escalated", "stage_1_responded",
                    "stage_2_responded", "withdrawn", "open_at_stage_1", "open_at_stage_2")


def complaint_summary(*, user, year: ReportingYear | None, today: date | None = None) -> dict:
    """Complaints counted by stage and tenure (no complaint, home or person): those received,
    escalated, answered and withdrawn in the year, and those open today at each stage.

    Staff who read complaints count the ones they may see (a manager: their areas'); the
    other roles count every complaint, as the board pack does, and read counts only."""
    access.require(user, access.SEE_MEASURES)
    today = today or timezone.localdate()
    year = year or ReportingYear.containing(today)
    sees_records = access.can(user, access.SEE_COMPLAINTS)
    counted = access.complaints_visible_to(user) if sees_records else Complaint.objects.all()

    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": year.start, f"{field}__lte": year.end})

    open_now = open_complaints(as_of=today, among=counted).order_by().values("pk")
    at_stage_2 = Q(escalated_on__isnull=False, escalated_on__lte=today)
    rows = (
        counted.order_by().values("tenure").annotate(
            stage_1_received=Count("pk", filter=within("received_on")),
            stage_2_escalated=Count("pk", filter=within("escalated_on")),
            stage_1_responded=Count("pk", filter=within("stage1_responded_on")),
            stage_2_responded=Count("pk", filter=within("stage2_responded_on")),
            withdrawn=Count("pk", filter=within("withdrawn_on")),
            open_at_stage_1=Count("pk", filter=Q(pk__in=open_now) & ~at_stage_2),
            open_at_stage_2=Count("pk", filter=Q(pk__in=open_now) & at_stage_2),
        )
    )
    by_tenure = {row["tenure"]: row for row in rows}
    tenures = ("LCRA", "LCHO")
    bases = {}
    for name in COMPLAINT_COUNTS:
        for tenure in tenures:
            bases[(name, tenure)] = by_tenure.get(tenure, {}).get(name, 0)
        bases[(name, ALL_TENURES)] = sum(row[name] for row in by_tenure.values())
    totals = [Total((name, ALL_TENURES), tuple((name, tenure) for tenure in tenures))
              for name in COMPLAINT_COUNTS]
    shown = _counted(bases, user=user, totals=totals)
    return {
        "year": year.label,
        "scope": _scope_words(user, sees_records=sees_records),
        "as_of": today,
        "by_tenure": [
            {"tenure": tenure, **{name: shown[(name, tenure)] for name in COMPLAINT_COUNTS}}
            for tenure in (*tenures, ALL_TENURES)
        ],
    }


HAZARD_COUNTS = ("emergency", "significant", "on_time", "late", "running", "outside")
HAZARD_NAMES = {"running": "still_running", "outside": "outside_timescales"}


def hazard_summary(*, user, year: ReportingYear | None, now=None) -> dict:
    """The year's hazard report's counts (``hazards.report``): cases by hazard, kind and
    whether the Awaab's Law clocks were met, no case, home or person."""
    access.require(user, access.SEE_MEASURES)
    now = now or timezone.now()
    year = year or ReportingYear.containing(timezone.localdate(now))
    sees_records = access.can(user, access.SEE_REPAIRS)
    cases = access.hazard_cases_visible_to(user) if sees_records else HazardCase.objects.all()
    report = hazard_report(year=year, cases=cases, now=now)
    rows = [*report.rows, report.total]
    bases, totals = {}, []
    for index, row in enumerate(rows):
        for name in (*HAZARD_COUNTS, "cases"):
            bases[(index, name)] = getattr(row, name)
        totals.append(Total((index, "cases"), ((index, "emergency"), (index, "significant"))))
        totals.append(Total((index, "cases"), tuple((index, name) for name in HAZARD_COUNTS[2:])))
    last = len(rows) - 1
    for name in (*HAZARD_COUNTS, "cases"):
        totals.append(Total((last, name), tuple((index, name) for index in range(last))))
    shown = _counted(bases, user=user, totals=totals)

    def counts(index: int, row) -> dict:
        return {
            "hazard": row.name, "group": row.group, "cases": shown[(index, "cases")],
            **{HAZARD_NAMES.get(name, name): shown[(index, name)] for name in HAZARD_COUNTS},
        }

    return {
        "year": year.label,
        "scope": _scope_words(user, sees_records=sees_records),
        "as_of": report.as_of,
        "by_hazard": [counts(index, row) for index, row in enumerate(report.rows)],
        "total": counts(last, report.total),
    }


# Survey progress -----------------------------------------------------------------------------


def _survey(survey, *, achieved: int) -> dict:
    return {"id": survey.pk, "name": survey.name, "kind": survey.kind, "year": survey.year,
            "fieldwork_starts": survey.fieldwork_starts,
            "fieldwork_ends": survey.fieldwork_ends, "achieved": achieved}


def surveys(*, user):
    access.require(user, access.FOLLOW_SURVEY_PROGRESS)
    from doorstep.surveys.models import SurveyResponse

    answered = dict(
        SurveyResponse.objects.values_list("survey").annotate(n=Count("pk")).order_by()
    )
    return [_survey(survey, achieved=answered.get(survey.name, 0))
            for survey in access.surveys_to_follow(user).order_by("-year", "name")]


def survey_progress(*, user, survey_id: int) -> dict:
    survey = access.survey_to_follow(user, survey_id)
    progress = overview.progress(survey=survey)
    return {
        **_survey(survey, achieved=progress["achieved"]),
        "by_channel": progress["by_channel"],
        "tenures": [
            {"tenure": each.tenure, "population": each.population,
             "required_sample": each.required_sample, "invited": each.invited,
             "target": each.target, "achieved": each.achieved, "by_channel": each.by_channel,
             "margin_of_error": each.margin, "meets_requirement": each.meets}
            for each in progress["tenures"]
        ],
        "strata": [
            {"tenure": row["tenure"], "area": row["area"], "households": row["households"],
             "invited": row["invited"], "target": row["target"], "achieved": row["achieved"],
             "by_channel": row["by_channel"]}
            for row in progress["strata"]
        ],
    }


def me(*, user, token) -> dict:
    return {
        "username": user.get_username(),
        "role": access.role_of(user),
        "role_label": access.role_label(user),
        "areas": access.areas_for(user),
        "sees_small_groups": access.sees_small_groups(user),
        "signed_in_with": "token" if token is not None else "session",
        "token_name": token.name if token is not None else None,
    }

