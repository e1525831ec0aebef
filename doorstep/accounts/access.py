"""Who may see and do what in Doorstep: one rule per kind of thing, deny by default.

Every view and every query for people's records goes through this module:

* ``can_*`` answers whether a role may use a feature at all (a page with no one record).
  A view calls ``require(user, CAPABILITY)``, which refuses with 403 and a plain message.
* ``<things>_visible_to(user)`` scopes a queryset to what the user may see: a service
  manager limited to some areas sees only those areas' records; a role with no business
  with a kind of record gets an empty queryset, never "everything".
* ``<thing>_for(user, ref, write=False)`` fetches one record: 404 when it is not the
  user's to see (so Doorstep does not confirm it exists), 403 when they may see it but
  not change it (as healthchecks does).

Personal data (addresses, free text, residents' comments as written) goes only to the
roles that need it for their work; a scrutiny panel member, a tenant, sees aggregated and
anonymised figures only, with groups of fewer than ``SMALL_GROUP`` suppressed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from doorstep.accounts.models import Role
from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.hazards.models import HazardCase
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, Survey
from doorstep.voice.models import CodedComment, HazardFlag

# What a role may do. Each is a word in the table below; nothing is allowed unless listed.
SEE_MEASURES = "see the measures"
EXPLAIN_MEASURES = "see the records behind a measure"
SEE_SMALL_GROUPS = "see figures for groups of fewer than 10"
IMPORT_DATA = "import data"
SET_TARGETS = "set targets"
SEE_PERSONAL_DATA = "see personal data"
SEE_HOMES = "see homes"
SEE_REPAIRS = "see repairs"
SEE_COMPLAINTS = "see complaints"
HANDLE_COMPLAINTS = "handle complaints"
HANDLE_HAZARDS = "work hazard cases (Awaab's Law)"
SEE_ASB_CASES = "see anti-social behaviour cases"
SEE_COMMENTS = "read residents' comments as written"
SEE_ANONYMISED_COMMENTS = "read residents' comments with personal details removed"
ENTER_SURVEY_RESPONSES = "enter residents' survey answers (phone, paper, face to face)"
MANAGE_SURVEYS = "design surveys, draw samples and send survey links"
WEIGHT_SURVEY_RESPONSES = "weight survey responses (the measures then use the weights)"
FOLLOW_SURVEY_PROGRESS = "follow how many residents have answered a survey"
ADMINISTER = "manage users and settings"
# doorstep.publishing: freeze a year's figures (and correct them); read the board pack.
PUBLISH_FIGURES = "publish the year's figures and correct them"
SEE_BOARD_PACK = "read the board pack"

# Below this many respondents or cases a group's figure could point to a person.
SMALL_GROUP = 10

_STAFF_CASEWORK = {SEE_PERSONAL_DATA, SEE_HOMES, SEE_REPAIRS, SEE_COMPLAINTS, SEE_ASB_CASES}
# The analyst's survey pages. Weighting changes the published measures, so it stays with the
# roles that set targets; an engagement officer runs the fieldwork but does not weight.
_SURVEY_DESK = {MANAGE_SURVEYS, WEIGHT_SURVEY_RESPONSES, FOLLOW_SURVEY_PROGRESS}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset({
        SEE_MEASURES, EXPLAIN_MEASURES, SEE_SMALL_GROUPS, IMPORT_DATA, SET_TARGETS,
        *_STAFF_CASEWORK, HANDLE_COMPLAINTS, HANDLE_HAZARDS, SEE_COMMENTS, ADMINISTER,
        ENTER_SURVEY_RESPONSES, *_SURVEY_DESK, PUBLISH_FIGURES, SEE_BOARD_PACK,
    }),
    Role.ANALYST: frozenset({
        SEE_MEASURES, EXPLAIN_MEASURES, SEE_SMALL_GROUPS, IMPORT_DATA, SET_TARGETS,
        *_STAFF_CASEWORK, SEE_COMMENTS, ENTER_SURVEY_RESPONSES, *_SURVEY_DESK,
        PUBLISH_FIGURES, SEE_BOARD_PACK,
    }),
    # Limited to their areas when the profile lists some (see areas_for).
    Role.SERVICE_MANAGER: frozenset({
        SEE_MEASURES, EXPLAIN_MEASURES, SEE_SMALL_GROUPS, *_STAFF_CASEWORK, HANDLE_HAZARDS,
        SEE_COMMENTS,
    }),
    Role.COMPLAINTS_HANDLER: frozenset({
        SEE_MEASURES, SEE_SMALL_GROUPS, SEE_PERSONAL_DATA, SEE_HOMES, SEE_COMPLAINTS,
        HANDLE_COMPLAINTS,
    }),
    Role.ENGAGEMENT_OFFICER: frozenset({
        SEE_MEASURES, SEE_SMALL_GROUPS, SEE_PERSONAL_DATA, SEE_COMMENTS,
        ENTER_SURVEY_RESPONSES, MANAGE_SURVEYS, FOLLOW_SURVEY_PROGRESS,
    }),
    # The board oversees the survey: counts by area and tenure, never a household.
    Role.BOARD_MEMBER: frozenset({
        SEE_MEASURES, SEE_SMALL_GROUPS, SEE_ANONYMISED_COMMENTS, FOLLOW_SURVEY_PROGRESS,
        SEE_BOARD_PACK,
    }),
    Role.PANEL_MEMBER: frozenset({SEE_MEASURES, SEE_ANONYMISED_COMMENTS}),
}


# Roles and capabilities


def role_of(user) -> str | None:
    """The user's role, or None: signed out, no profile yet, or a deactivated sign-in.

    A Django superuser with no profile (made with ``doorstep createsuperuser``) is an
    administrator: they could grant themselves any role in the admin anyway.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.role
    return Role.ADMINISTRATOR if user.is_superuser else None


def role_label(user) -> str:
    role = role_of(user)
    return Role(role).label if role else "No role"


def can(user, capability: str) -> bool:
    return capability in CAPABILITIES.get(role_of(user), frozenset())


def require(user, capability: str) -> None:
    """Stop a view with 403 unless the user's role includes ``capability``."""
    if not can(user, capability):
        raise PermissionDenied(
            f"Your role ({role_label(user)}) does not include permission to {capability}. "
            "If you need it for your work, ask a Doorstep administrator."
        )


def can_see_measures(user) -> bool:
    return can(user, SEE_MEASURES)


def can_explain_measures(user) -> bool:
    return can(user, EXPLAIN_MEASURES)


def can_import(user) -> bool:
    return can(user, IMPORT_DATA)


def can_set_targets(user) -> bool:
    return can(user, SET_TARGETS)


def can_see_personal_data(user) -> bool:
    return can(user, SEE_PERSONAL_DATA)


def can_administer(user) -> bool:
    # Django's admin also needs staff status; a role alone does not open it.
    return can(user, ADMINISTER) and user.is_staff


def sees_small_groups(user) -> bool:
    """False: suppress any group of fewer than SMALL_GROUP respondents or cases."""
    return can(user, SEE_SMALL_GROUPS)


def areas_for(user) -> list[str] | None:
    """The areas a user is limited to, or None for every area."""
    if role_of(user) != Role.SERVICE_MANAGER:
        return None
    return user.profile.area_list or None


# Querysets scoped to the user


def _in_areas(queryset: QuerySet, user, *, area_field: str) -> QuerySet:
    areas = areas_for(user)
    return queryset if areas is None else queryset.filter(**{f"{area_field}__in": areas})


def homes_visible_to(user) -> QuerySet:
    if not can(user, SEE_HOMES):
        return Home.objects.none()
    return _in_areas(Home.objects.all(), user, area_field="area")


def complaints_visible_to(user) -> QuerySet:
    if not can(user, SEE_COMPLAINTS):
        return Complaint.objects.none()
    # A complaint with no home recorded belongs to no area: only unlimited roles see it.
    return _in_areas(Complaint.objects.all(), user, area_field="home__area")


def repairs_visible_to(user) -> QuerySet:
    if not can(user, SEE_REPAIRS):
        return Repair.objects.none()
    areas = areas_for(user)
    if areas is None:
        return Repair.objects.all()
    # A communal repair has a building but no home: it is in the area if any home of the
    # building is (the manager of any flat in a block needs to see its lift repairs).
    in_building = Exists(Home.objects.filter(building=OuterRef("building"), area__in=areas))
    return Repair.objects.filter(Q(home__area__in=areas) | Q(home__isnull=True) & in_building)


def asb_cases_visible_to(user) -> QuerySet:
    if not can(user, SEE_ASB_CASES):
        return AsbCase.objects.none()
    return _in_areas(AsbCase.objects.all(), user, area_field="home__area")


def comments_visible_to(user) -> QuerySet:
    """Residents' comments as written, with any personal details they contain.

    Roles with SEE_ANONYMISED_COMMENTS get none here: they read comments only through the
    anonymising view of the voice app, never the raw text.
    """
    if not can(user, SEE_COMMENTS):
        return Comment.objects.none()
    return _in_areas(Comment.objects.all(), user, area_field="response__home__area")


# One record for the user


def _one(queryset: QuerySet, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        # The same answer whether it does not exist or is not theirs.
        raise Http404("There is no such record, or it is not one you can see.")
    return found


def home_for(user, home_ref: str) -> Home:
    return _one(homes_visible_to(user), home_ref=home_ref)


def job_for(user, job_id: int):
    """A background job: its starter's to follow, and an administrator's; 404 otherwise."""
    from doorstep.ops.models import Job

    if not user.is_authenticated:
        raise Http404("There is no such record, or it is not one you can see.")
    jobs = Job.objects.all() if can_administer(user) else Job.objects.filter(started_by=user)
    return _one(jobs, pk=job_id)


def repair_for(user, repair_ref: str) -> Repair:
    return _one(repairs_visible_to(user), repair_ref=repair_ref)


def asb_case_for(user, case_ref: str) -> AsbCase:
    return _one(asb_cases_visible_to(user), case_ref=case_ref)


def hazard_cases_visible_to(user) -> QuerySet:
    """Hazard cases are repairs work: whoever sees repairs sees them, in their areas. A case
    with no home belongs to no area, so only people who see every area see it."""
    if not can(user, SEE_REPAIRS):
        return HazardCase.objects.none()
    return _in_areas(HazardCase.objects.all(), user, area_field="home__area")


def hazard_case_for(user, hazard_ref: str, *, write: bool = False) -> HazardCase:
    case = _one(hazard_cases_visible_to(user), hazard_ref=hazard_ref)
    if write:
        require(user, HANDLE_HAZARDS)
    return case


def surveys_for_entry(user) -> QuerySet:
    """Surveys a member of staff may enter answers for or print questionnaires of."""
    if not can(user, ENTER_SURVEY_RESPONSES):
        return Survey.objects.none()
    return Survey.objects.all()


def survey_for_entry(user, survey_id: int) -> Survey:
    return _one(surveys_for_entry(user), pk=survey_id)


def homes_for_survey_entry(user) -> QuerySet:
    """Households whose survey answers the user may enter (telephone, paper, face to face):
    an engagement officer interviews residents without seeing their repairs or complaints."""
    if not can(user, ENTER_SURVEY_RESPONSES):
        return Home.objects.none()
    return _in_areas(Home.objects.all(), user, area_field="area")


def coded_comments_visible_to(user) -> tuple[QuerySet, str | None]:
    """(coded comments the user may read, the audience they read them as): staff read the
    comments of the records they may see, as written; board and panel members read
    unflagged survey comments with personal details removed."""
    from doorstep.voice import services as voice  # voice's services use the measures app

    if can(user, SEE_COMMENTS):
        # Residents' own words only: repair job descriptions are written by staff or
        # contractors (they still raise flags: see flags_visible_to).
        visible = CodedComment.objects.filter(
            Q(survey_comment__in=comments_visible_to(user))
            | Q(complaint__in=complaints_visible_to(user))
            | Q(asb_case__in=asb_cases_visible_to(user))
        )
        return visible, voice.STAFF
    if can(user, SEE_ANONYMISED_COMMENTS):
        # Survey comments only: complaint and ASB descriptions are about neighbours, and
        # board and panel members see them only as counts per theme (issue 17).
        surveys = CodedComment.objects.filter(source="survey")
        return voice.for_audience(surveys, audience=voice.PANEL), voice.PANEL
    return CodedComment.objects.none(), None


def requirements_visible_to(user) -> QuerySet:
    """The safety requirements the user may see: those of the homes in their areas and of
    the blocks holding any such home (the manager of a flat sees its block's fire risk
    assessment). Safety checks are repairs work, so the rule follows ``SEE_REPAIRS``."""
    from doorstep.stock.models import SafetyRequirement

    if not can(user, SEE_REPAIRS):
        return SafetyRequirement.objects.none()
    areas = areas_for(user)
    if areas is None:
        return SafetyRequirement.objects.all()
    blocks = Home.objects.filter(area__in=areas, building__isnull=False).values("building")
    return SafetyRequirement.objects.filter(Q(home__area__in=areas) | Q(building__in=blocks))


def flags_visible_to(user) -> QuerySet:
    """Hazard and safeguarding flags on the records the user may see, repair descriptions
    included; staff who read comments as written only (flags never leave staff)."""
    if not can(user, SEE_COMMENTS):
        return HazardFlag.objects.none()
    comments = CodedComment.objects.filter(
        Q(survey_comment__in=comments_visible_to(user))
        | Q(complaint__in=complaints_visible_to(user))
        | Q(repair__in=repairs_visible_to(user))
        | Q(asb_case__in=asb_cases_visible_to(user))
    )
    return HazardFlag.objects.filter(coded_comment__in=comments)


def complaint_for(user, complaint_ref: str, *, write: bool = False) -> Complaint:
    complaint = _one(complaints_visible_to(user), complaint_ref=complaint_ref)
    if write:
        require(user, HANDLE_COMPLAINTS)
    return complaint


def surveys_to_manage(user) -> QuerySet:
    """Surveys whose design, sample, links, weighting and summary of approach the user runs."""
    if not can(user, MANAGE_SURVEYS):
        return Survey.objects.none()
    return Survey.objects.all()


def survey_to_manage(user, survey_id: int) -> Survey:
    require(user, MANAGE_SURVEYS)
    return _one(surveys_to_manage(user), pk=survey_id)


def surveys_to_follow(user) -> QuerySet:
    """Surveys whose progress (counts by area, tenure and channel; no households) the user
    may follow."""
    if not can(user, FOLLOW_SURVEY_PROGRESS):
        return Survey.objects.none()
    return Survey.objects.all()


def survey_to_follow(user, survey_id: int) -> Survey:
    require(user, FOLLOW_SURVEY_PROGRESS)
    return _one(surveys_to_follow(user), pk=survey_id)


def homes_for_survey_management(user) -> QuerySet:
    """Homes the user may name in a survey's design (to leave a household out of the sample):
    an engagement officer sees the home reference, not the home's repairs or complaints."""
    if not can(user, MANAGE_SURVEYS):
        return Home.objects.none()
    return Home.objects.all()


# Improvement actions (doorstep.actions). The plan is not personal data: staff who work on
# the measures see it; administrators and analysts change any action, a service manager
# those of their areas; the board reads it all; a panel member reads only the residents'
# summary of each action that has one.
SEE_ACTIONS = "see the improvement action plan"
MANAGE_ACTIONS = "add and update improvement actions"
SEE_ACTION_SUMMARIES = "read the residents' summary of improvement actions"

_ACTION_RIGHTS = {
    Role.ADMINISTRATOR: {SEE_ACTIONS, MANAGE_ACTIONS},
    Role.ANALYST: {SEE_ACTIONS, MANAGE_ACTIONS},
    Role.SERVICE_MANAGER: {SEE_ACTIONS, MANAGE_ACTIONS},
    Role.COMPLAINTS_HANDLER: {SEE_ACTIONS},
    Role.ENGAGEMENT_OFFICER: {SEE_ACTIONS},
    Role.BOARD_MEMBER: {SEE_ACTIONS},
    Role.PANEL_MEMBER: {SEE_ACTION_SUMMARIES},
}
CAPABILITIES.update({
    role: CAPABILITIES[role] | rights for role, rights in _ACTION_RIGHTS.items()
})


def actions_visible_to(user) -> QuerySet:
    """The actions the user may see: every action for the staff roles and the board (a
    service manager limited to some areas: those areas' and the landlord-wide ones); for a
    panel member the actions with a residents' summary (shown as that summary alone)."""
    from doorstep.actions.models import Action, ActionStatus

    if can(user, SEE_ACTIONS):
        areas = areas_for(user)
        if areas is None:
            return Action.objects.all()
        return Action.objects.filter(Q(area__in=areas) | Q(area=""))
    if can(user, SEE_ACTION_SUMMARIES):
        return Action.objects.exclude(summary_for_residents="").exclude(
            status=ActionStatus.PROPOSED
        )
    return Action.objects.none()


def sees_whole_actions(user) -> bool:
    """False: show only the residents' summary (a panel member)."""
    return can(user, SEE_ACTIONS)


def can_manage_actions(user) -> bool:
    return can(user, MANAGE_ACTIONS)


def may_change_action(user, action) -> bool:
    if not can(user, MANAGE_ACTIONS):
        return False
    areas = areas_for(user)
    return areas is None or action.area in areas


def action_for(user, ref: str, *, write: bool = False):
    """One action: 404 when the user may not see it, 403 when they may not change it (a
    service manager may read a landlord-wide action but change only their areas')."""
    action = _one(actions_visible_to(user), action_ref=ref)
    if write:
        require(user, MANAGE_ACTIONS)
        if not may_change_action(user, action):
            raise PermissionDenied(
                f"Action {action.action_ref} is not in your areas, so you can read it but "
                "not change it. Ask an analyst or the manager of its area."
            )
    return action


# Resident involvement (doorstep.involvement). Activities name the households that took
# part, so they are personal data: engagement officers record and manage them; analysts and
# administrators read everything; the board reads the aggregate figures (who is heard, and
# impact across activities); a panel member reads the panel's page only, with small groups
# suppressed and case studies redacted.
SEE_INVOLVEMENT = "see involvement activities and who took part"
MANAGE_INVOLVEMENT = "record involvement activities, participants, feedback and consent"
SEE_INVOLVEMENT_FIGURES = "see who is heard and the impact of involvement (aggregates)"
SEE_INVOLVEMENT_PANEL = "see the panel's page on involvement (small groups suppressed)"

_INVOLVEMENT_RIGHTS = {
    Role.ADMINISTRATOR: {SEE_INVOLVEMENT, SEE_INVOLVEMENT_FIGURES},
    Role.ANALYST: {SEE_INVOLVEMENT, SEE_INVOLVEMENT_FIGURES},
    Role.ENGAGEMENT_OFFICER: {SEE_INVOLVEMENT, MANAGE_INVOLVEMENT, SEE_INVOLVEMENT_FIGURES},
    Role.BOARD_MEMBER: {SEE_INVOLVEMENT_FIGURES},
    Role.PANEL_MEMBER: {SEE_INVOLVEMENT_PANEL},
}
CAPABILITIES.update({
    role: CAPABILITIES[role] | rights for role, rights in _INVOLVEMENT_RIGHTS.items()
})


def activity_for(user, ref: str, *, write: bool = False):
    """One involvement activity: 403 for a role with no business with activities (or, with
    ``write``, no right to change them), 404 when it does not exist."""
    from doorstep.involvement.models import Activity

    require(user, MANAGE_INVOLVEMENT if write else SEE_INVOLVEMENT)
    return _one(Activity.objects.all(), activity_ref=ref)


# Tenant scrutiny (doorstep.scrutiny). A panel member works on reviews only while a current
# member of the panel (a member who leaves loses access at once: checked on every request);
# engagement officers support the panel and manage its membership; the board and analysts
# read every review; a service manager answers the recommendations of their areas.
SEE_SCRUTINY = "read the scrutiny panel's reviews, evidence and recommendations"
RUN_SCRUTINY = "support the scrutiny panel: its membership, reviews and evidence"
RESPOND_TO_RECOMMENDATIONS = "answer the scrutiny panel's recommendations"

_SCRUTINY_RIGHTS = {
    Role.ADMINISTRATOR: {SEE_SCRUTINY, RUN_SCRUTINY, RESPOND_TO_RECOMMENDATIONS},
    Role.ANALYST: {SEE_SCRUTINY},
    Role.SERVICE_MANAGER: {RESPOND_TO_RECOMMENDATIONS},
    Role.ENGAGEMENT_OFFICER: {SEE_SCRUTINY, RUN_SCRUTINY},
    Role.BOARD_MEMBER: {SEE_SCRUTINY},
}
CAPABILITIES.update({
    role: CAPABILITIES[role] | rights for role, rights in _SCRUTINY_RIGHTS.items()
})


def is_current_panel_member(user) -> bool:
    from doorstep.scrutiny.models import Membership

    return role_of(user) == Role.PANEL_MEMBER and Membership.objects.filter(
        user=user, left_on__isnull=True).exists()


def can_see_scrutiny(user) -> bool:
    return can(user, SEE_SCRUTINY) or is_current_panel_member(user)


def can_work_on_reviews(user) -> bool:
    """Request, scope, take packs, add evidence, draft findings and recommendations."""
    return can(user, RUN_SCRUTINY) or is_current_panel_member(user)


def require_scrutiny(user, *, write: bool = False) -> None:
    allowed = can_work_on_reviews(user) if write else can_see_scrutiny(user)
    if not allowed:
        if role_of(user) == Role.PANEL_MEMBER:
            raise PermissionDenied(
                "Only current members of the scrutiny panel can open its workspace. If you "
                "have joined the panel, ask the engagement team to add you.")
        require(user, RUN_SCRUTINY if write else SEE_SCRUTINY)


def review_for(user, ref: str, *, write: bool = False):
    from doorstep.scrutiny.models import Review

    require_scrutiny(user, write=write)
    return _one(Review.objects.all(), review_ref=ref)


def recommendations_to_answer(user) -> QuerySet:
    """Sent recommendations the user may answer: a service manager limited to some areas,
    those about their areas (a landlord-wide one goes to an unlimited manager)."""
    from doorstep.scrutiny.models import Recommendation

    if not can(user, RESPOND_TO_RECOMMENDATIONS):
        return Recommendation.objects.none()
    sent = Recommendation.objects.filter(sent_on__isnull=False)
    return _in_areas(sent, user, area_field="area")


def recommendation_for(user, pk: int, *, respond: bool = False):
    """One recommendation: readers of scrutiny see any; a service manager only those they
    may answer (404 for the rest); ``respond`` needs the right to answer."""
    from doorstep.scrutiny.models import Recommendation

    if respond or not can_see_scrutiny(user):
        if not can(user, RESPOND_TO_RECOMMENDATIONS):
            require_scrutiny(user)
            require(user, RESPOND_TO_RECOMMENDATIONS)
        return _one(recommendations_to_answer(user), pk=pk)
    return _one(Recommendation.objects.all(), pk=pk)
