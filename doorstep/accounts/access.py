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
from doorstep.voice.models import CodedComment

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
        ENTER_SURVEY_RESPONSES, *_SURVEY_DESK,
    }),
    Role.ANALYST: frozenset({
        SEE_MEASURES, EXPLAIN_MEASURES, SEE_SMALL_GROUPS, IMPORT_DATA, SET_TARGETS,
        *_STAFF_CASEWORK, SEE_COMMENTS, ENTER_SURVEY_RESPONSES, *_SURVEY_DESK,
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
    unflagged comments with personal details removed."""
    from doorstep.voice import services as voice  # voice's services use the measures app

    if can(user, SEE_COMMENTS):
        visible = CodedComment.objects.filter(
            Q(survey_comment__in=comments_visible_to(user))
            | Q(complaint__in=complaints_visible_to(user))
            | Q(repair__in=repairs_visible_to(user))
            | Q(asb_case__in=asb_cases_visible_to(user))
        )
        return visible, voice.STAFF
    if can(user, SEE_ANONYMISED_COMMENTS):
        return voice.for_audience(CodedComment.objects.all(), audience=voice.PANEL), voice.PANEL
    return CodedComment.objects.none(), None


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
