"""Import formats for involvement: household profiles with consent, activities and the
households that took part (the spreadsheets engagement teams keep today).

``household_profiles``: one row per home, matched by ``home_ref``. A profile is kept only
with the consent it was given with: a row with any profile value needs ``consent_on`` (not
in the future) and ``consent_source``. A household that withdrew consent is not profiled
again by a file unless the file's consent is dated after the withdrawal.

``involvement``: one row per activity, matched by ``activity_ref``. ``support_offered`` and
``measures`` take several codes separated by semicolons.

``participants``: one row per person taking part, matched by ``participant_ref``; the
activity must be imported (or entered) first. A blank ``home_ref`` is an anonymous
participant (a resident who is not a tenant): counted, never profiled.
"""

from django.utils import timezone

from doorstep.imports import columns as c
from doorstep.imports.framework import Column, Dataset, RowProblem
from doorstep.imports.values import Invalid, code_key, parse_money
from doorstep.involvement.models import Activity, ActivityKind, Channel, Participant, Support
from doorstep.measures.engine import ALL_CODES
from doorstep.stock.importers import home_column, keep_home_id
from doorstep.surveys.models import HouseholdProfile

DEFAULT_PURPOSE = "Understanding who is heard: surveys and involvement"
_PROFILE_VALUES = ("age_band", "ethnicity", "disability", "preferred_language", "digital_access")


def _check_profile(values: dict):
    keep_home_id(values)
    values["consent_withdrawn_on"] = None
    given = [name for name in _PROFILE_VALUES if values[name]]
    if values["consent_on"] is None:
        if given:
            yield RowProblem("consent_on", "is empty, but the row gives " + ", ".join(given)
                             + ": a profile is kept only with the date the household agreed")
        else:
            yield RowProblem("consent_on", "is empty: give the date the household agreed")
        return
    if values["consent_on"] > timezone.localdate():
        yield RowProblem("consent_on", "is in the future: consent cannot be dated ahead")
    if not values["consent_source"]:
        yield RowProblem("consent_source", "is empty: say where consent was given (e.g. "
                         "tenancy sign-up, survey, involvement form)")
    if not values["consent_purpose"]:
        values["consent_purpose"] = DEFAULT_PURPOSE


def _withdrawn_conflicts(changing: dict):
    """A household that withdrew consent keeps its profile empty unless it agreed again."""
    withdrawn = HouseholdProfile.objects.filter(
        home_id__in=list(changing), consent_withdrawn_on__isnull=False
    ).select_related("home")
    for profile in withdrawn:
        given = changing[profile.home_id]["consent_on"]
        if given is None or given <= profile.consent_withdrawn_on:
            yield (profile.home_id, "consent_on",
                   f"home {profile.home.home_ref} withdrew consent on "
                   f"{profile.consent_withdrawn_on:%d %B %Y}; this file's consent is not "
                   "later, so its profile was not imported")


HOUSEHOLD_PROFILES = Dataset(
    name="household_profiles",
    model=HouseholdProfile,
    ref="home_id",
    fields=("home_id", "age_band", "ethnicity", "disability", "preferred_language",
            "digital_access", "consent_on", "consent_source", "consent_purpose",
            "consent_withdrawn_on"),
    description="Household profiles (age band, ethnicity, disability, language, digital "
                "access) with the consent each was given with.",
    needs=("homes",),
    columns=lambda lookups: [
        home_column(lookups, required=True),
        c.choices("age_band", HouseholdProfile.AgeBand, what="age band", default=""),
        c.short_text("ethnicity", max_length=60),
        c.choices("disability", HouseholdProfile.Disability, what="answer (yes or no)",
                  default="", extra_spellings={"y": "yes", "n": "no", "true": "yes",
                                               "false": "no"}),
        c.short_text("preferred_language", max_length=40),
        c.choices("digital_access", HouseholdProfile.DigitalAccess, what="digital access",
                  default="", extra_spellings={"not online": "offline", "with help":
                                               "with_help", "none": "offline"}),
        c.date_column("consent_on"),
        c.short_text("consent_source", max_length=100),
        c.short_text("consent_purpose", max_length=200),
    ],
    check_row=_check_profile,
    find_conflicts=_withdrawn_conflicts,
)


def _codes(choices: dict, *, what: str):
    table = {code_key(spelling): code for spelling, code in choices.items()}

    def parse(text: str) -> str:
        found = []
        for part in (part.strip() for part in text.split(";")):
            if not part:
                continue
            code = table.get(code_key(part))
            if code is None:
                raise Invalid(f"{part!r} is not a {what}: use "
                              + ", ".join(dict.fromkeys(choices.values())))
            found.append(code)
        return ";".join(code for code in dict.fromkeys(choices.values()) if code in found)

    return parse


_SUPPORT = {**{label: code for code, label in Support.choices}, **{c: c for c in Support.values}}
_MEASURES = {code: code for code in ALL_CODES}


def _check_activity(values: dict):
    if values["cost"] is not None and values["cost"] < 0:
        yield RowProblem("cost", "is below zero")


INVOLVEMENT = Dataset(
    name="involvement",
    model=Activity,
    ref="activity_ref",
    fields=("activity_ref", "title", "kind", "held_on", "channel", "place", "area", "service",
            "measure_codes", "staff", "support_offered", "cost", "outcome"),
    description="Involvement activities: panels, focus groups, walkabouts, inspections and "
                "the rest, with what was offered to make taking part possible.",
    columns=lambda lookups: [
        c.reference("activity_ref"),
        c.short_text("title", max_length=200, required=True),
        c.choices("kind", ActivityKind, what="kind of activity", required=True),
        c.date_column("held_on", required=True),
        c.choices("channel", Channel, what="channel", required=True,
                  extra_spellings={"face to face": "in_person", "both": "mixed"}),
        c.short_text("place", max_length=200),
        c.short_text("area", max_length=100),
        c.short_text("service", max_length=200),
        Column("measures", _codes(_MEASURES, what="Tenant Satisfaction Measure"),
               field="measure_codes", default=""),
        c.short_text("staff", max_length=300),
        Column("support_offered", _codes(_SUPPORT, what="kind of support"), default=""),
        Column("cost", parse_money),
        c.free_text("outcome"),
    ],
    check_row=_check_activity,
)


def _activity_column() -> Column:
    activities = dict(Activity.objects.values_list("activity_ref", "id"))

    def parse(text: str) -> int:
        activity_id = activities.get(text)
        if activity_id is None:
            raise Invalid(f"there is no activity with reference {text!r}: import it in "
                          "involvement first")
        return activity_id

    return Column("activity_ref", parse, field="activity_id", required=True)


def _hours(text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        raise Invalid(f"{text!r} is not a number of hours") from None
    if not 0 <= hours <= 1000:
        raise Invalid(f"{text!r} is not a number of hours between 0 and 1000")
    return round(hours, 2)


def _check_participant(values: dict):
    keep_home_id(values)
    return ()


PARTICIPANTS = Dataset(
    name="participants",
    model=Participant,
    ref="participant_ref",
    fields=("participant_ref", "activity_id", "home_id", "hours"),
    description="Who took part in each activity (no home reference: an anonymous resident "
                "who is not a tenant).",
    needs=("homes", "involvement"),
    columns=lambda lookups: [
        c.reference("participant_ref"),
        _activity_column(),
        home_column(lookups),
        Column("hours", _hours, default=0),
    ],
    check_row=_check_participant,
)
