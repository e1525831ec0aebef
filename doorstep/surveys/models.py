"""Survey responses: answers to the Tenant Satisfaction Measures questions, and comments."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from doorstep.stock.models import Home, Tenure

QUESTIONS = [f"TP{n:02d}" for n in range(1, 13)]


class Answer(models.IntegerChoices):
    # The regulator's order: 1 is the most positive. TP08 uses the agree scale with the
    # same codes (1 strongly agree ... 5 strongly disagree).
    VERY_SATISFIED = 1, "Very satisfied / strongly agree"
    FAIRLY_SATISFIED = 2, "Fairly satisfied / agree"
    NEITHER = 3, "Neither"
    FAIRLY_DISSATISFIED = 4, "Fairly dissatisfied / disagree"
    VERY_DISSATISFIED = 5, "Very dissatisfied / strongly disagree"
    # Volunteered don't know, not applicable or refusal: recorded, never in the base.
    DONT_KNOW = 9, "Don't know / not applicable / refused"


class FilterAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"


class Channel(models.TextChoices):
    TELEPHONE = "telephone", "Telephone"
    ONLINE = "online", "Online"
    FACE_TO_FACE = "face_to_face", "Face to face"
    # Knocking on doors in a block or street, as against a booked face-to-face visit.
    DOORSTEP = "doorstep", "Doorstep interview"
    POSTAL = "postal", "Postal"
    SMS = "sms", "SMS"
    OTHER = "other", "Other"


def _answer_field(question: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        question, choices=Answer.choices, null=True, blank=True, help_text="Blank: not asked"
    )


def _filter_field(label: str) -> models.CharField:
    return models.CharField(label, max_length=9, choices=FilterAnswer.choices, blank=True)


class SurveyResponse(models.Model):
    """One completed interview or questionnaire."""

    response_ref = models.CharField("response reference", max_length=64, unique=True)
    survey = models.CharField(max_length=100, default="TSM", help_text="Survey or wave name")
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.PROTECT, related_name="survey_responses"
    )
    tenure = models.CharField(max_length=4, choices=Tenure.choices)
    completed_on = models.DateField()
    channel = models.CharField(max_length=12, choices=Channel.choices)
    tp01 = _answer_field("TP01")
    tp02 = _answer_field("TP02")
    tp03 = _answer_field("TP03")
    tp04 = _answer_field("TP04")
    tp05 = _answer_field("TP05")
    tp06 = _answer_field("TP06")
    tp07 = _answer_field("TP07")
    tp08 = _answer_field("TP08")
    tp09 = _answer_field("TP09")
    tp10 = _answer_field("TP10")
    tp11 = _answer_field("TP11")
    tp12 = _answer_field("TP12")
    had_repair = _filter_field("had a repair in the last 12 months")
    made_complaint = _filter_field("made a complaint in the last 12 months")
    has_communal_areas = _filter_field("lives in a building with communal areas")
    weight = models.FloatField(null=True, blank=True, help_text="Blank: weight 1")
    # NULL, not blank, for imported responses: NULLs never clash in the unique constraint.
    household_key = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        blank=True,
        help_text="Pseudonymous household key (a keyed hash of the home): blank for imports",
    )
    other_answers = models.JSONField(
        null=True, blank=True, help_text="Answers to the landlord's own questions, by code"
    )
    trigger_ref = models.CharField(
        max_length=64,
        blank=True,
        help_text="The repair, complaint or ASB case a transactional survey followed",
    )

    class Meta:
        indexes = [
            models.Index(fields=["completed_on"]),
            models.Index(fields=["home", "completed_on"]),
            models.Index(fields=["survey", "channel"]),
        ]
        constraints = [
            # Imported responses carry no key (NULLs never clash), so only responses recorded
            # in Doorstep are held to one per household per survey. A transactional survey
            # follows a record instead: one response per repair, complaint or ASB case.
            models.UniqueConstraint(
                fields=["survey", "household_key"], name="one_response_per_household",
                condition=models.Q(trigger_ref=""),
            ),
            models.UniqueConstraint(
                fields=["survey", "trigger_ref"], name="one_response_per_record",
                condition=~models.Q(trigger_ref=""),
            ),
        ]

    def __str__(self):
        return self.response_ref


class Comment(models.Model):
    """A resident's own words from a survey: qualitative, never blended into a measure."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="comments"
    )
    question = models.CharField(
        max_length=4, blank=True, help_text="The question it answers (blank: a general comment)"
    )
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["question"])]

    def __str__(self):
        return self.text[:60]


# Survey design ----------------------------------------------------------------------------


class SurveyKind(models.TextChoices):
    PERCEPTION = "perception", "Tenant perception survey (TSM)"
    AFTER_REPAIR = "after_repair", "After a repair is completed"
    AFTER_COMPLAINT = "after_complaint", "After a complaint is closed"
    AFTER_ASB = "after_asb", "After an ASB case is closed"


class TenureScope(models.TextChoices):
    LCRA = "LCRA", "Renters (LCRA)"
    LCHO = "LCHO", "Shared owners (LCHO)"
    BOTH = "combined", "Renters and shared owners"


class SampleMethod(models.TextChoices):
    CENSUS = "census", "Census: every household invited"
    STRATIFIED = "stratified", "Stratified random sample by area and tenure"


class Survey(models.Model):
    """A survey the landlord runs: who it covers, when, and what it asks.

    Its responses are the SurveyResponse rows whose ``survey`` is this survey's ``name``.
    """

    name = models.CharField(max_length=100, unique=True, help_text="e.g. TSM 2025/26")
    kind = models.CharField(max_length=16, choices=SurveyKind.choices)
    tenure_scope = models.CharField(max_length=8, choices=TenureScope.choices)
    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025/26")
    fieldwork_starts = models.DateField()
    fieldwork_ends = models.DateField()
    includes_tsm = models.BooleanField(
        default=True, help_text="Asks the regulator's TSM questions (perception surveys)"
    )
    sample_method = models.CharField(
        max_length=10, choices=SampleMethod.choices, blank=True, help_text="Blank: not drawn yet"
    )
    sample_seed = models.BigIntegerField(null=True, blank=True)
    sample_drawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-fieldwork_starts", "name"]
        permissions = [
            ("see_respondent_identity", "Can see which home gave a survey response"),
        ]

    def __str__(self):
        return self.name


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Satisfaction scale"
    YES_NO = "yes_no", "Yes or no"
    CHOICE = "choice", "One of a list"
    FREE_TEXT = "free_text", "Free text"
    WHY = "why", "Why do you say that?"


# The languages a landlord may translate its own questions into: the resident survey's
# languages other than English (doorstep.resident.languages), by code, in English words.
OWN_QUESTION_LANGUAGES = {"cy": "Welsh", "pl": "Polish", "ur": "Urdu"}
RIGHT_TO_LEFT = frozenset({"ur"})


class LandlordQuestion(models.Model):
    """A question of the landlord's own, placed after a TSM question (or at the start)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="own_questions")
    code = models.CharField(max_length=20, help_text="Short code, e.g. EASY01")
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    wording = models.TextField()
    choices = models.JSONField(default=list, blank=True, help_text="For a choice question")
    placed_after = models.CharField(
        max_length=20, default="TP01", help_text="The TSM question it follows, or 'start'"
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order among questions placed at the same point"
    )
    # The landlord's own translations, e.g. {"cy": {"wording": "...", "choices": [...]}}.
    # A language or a part left out is not translated: residents see the English.
    translations = models.JSONField(
        default=dict, blank=True,
        help_text="Wording (and a choice question's answers) in Welsh, Polish and Urdu",
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="one_code_per_survey")
        ]

    def __str__(self):
        return f"{self.survey}: {self.code}"


class HouseholdProfile(models.Model):
    """What the landlord holds about a household, for checking who answered (optional)."""

    class AgeBand(models.TextChoices):
        UNDER_25 = "16-24", "16 to 24"
        FROM_25 = "25-34", "25 to 34"
        FROM_35 = "35-44", "35 to 44"
        FROM_45 = "45-54", "45 to 54"
        FROM_55 = "55-64", "55 to 64"
        FROM_65 = "65-74", "65 to 74"
        OVER_75 = "75+", "75 and over"

    class Disability(models.TextChoices):
        YES = "yes", "Someone in the household is disabled"
        NO = "no", "No one in the household is disabled"

    class DigitalAccess(models.TextChoices):
        ONLINE = "online", "Online"
        WITH_HELP = "with_help", "Online with help"
        NOT_ONLINE = "offline", "Not online"

    home = models.OneToOneField(Home, on_delete=models.CASCADE, related_name="household")
    age_band = models.CharField(
        max_length=5, choices=AgeBand.choices, blank=True, help_text="Of the lead tenant"
    )
    ethnicity = models.CharField(max_length=60, blank=True, help_text="e.g. the ONS group")
    disability = models.CharField(max_length=3, choices=Disability.choices, blank=True)
    preferred_language = models.CharField(max_length=40, blank=True)
    # Added for doorstep.involvement (who is heard): how the household gets online, and the
    # consent the profile was given with. A withdrawn consent clears every field above.
    digital_access = models.CharField(
        max_length=9, choices=DigitalAccess.choices, blank=True,
        help_text="Whether the household can use online services",
    )
    consent_on = models.DateField(null=True, blank=True, help_text="When consent was given")
    consent_source = models.CharField(
        max_length=100, blank=True, help_text="Where consent was given, e.g. tenancy sign-up"
    )
    consent_purpose = models.CharField(
        max_length=200, blank=True, help_text="What the household agreed the profile is for"
    )
    consent_withdrawn_on = models.DateField(
        null=True, blank=True, help_text="When the household withdrew consent (profile cleared)"
    )

    def __str__(self):
        return f"Household at {self.home}"


# Sampling ----------------------------------------------------------------------------------


class ExclusionReason(models.TextChoices):
    # The exceptional circumstances landlords publish; "other" needs a note.
    SAFEGUARDING = "safeguarding", "Safeguarding or vulnerability concern"
    LEGAL_ACTION = "legal_action", "Legal proceedings in progress"
    BEREAVEMENT = "bereavement", "Recent bereavement"
    STAFF_SAFETY = "staff_safety", "Risk to staff or interviewers"
    OPTED_OUT = "opted_out", "Asked not to be contacted for surveys"
    OTHER = "other", "Other (see note)"


class SampleExclusion(models.Model):
    """A household left out of a survey's sample frame, and why (published)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exclusions")
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=14, choices=ExclusionReason.choices)
    note = models.TextField(blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    excluded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "home"], name="one_exclusion_per_home")
        ]

    def __str__(self):
        return f"{self.home} left out of {self.survey}"


class SampledHousehold(models.Model):
    """A household drawn into a survey's sample (every household of the frame in a census)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sample")
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    tenure = models.CharField(max_length=4, choices=Tenure.choices)
    area = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "home"], name="sampled_once")
        ]
        indexes = [models.Index(fields=["survey", "tenure", "area"])]

    def __str__(self):
        return f"{self.home} in {self.survey}"


# Weighting, the summary of approach and deletions -----------------------------------------


class WeightingRun(models.Model):
    """Weights an analyst wrote to a survey's responses, kept for the summary of approach."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="weightings")
    characteristics = models.JSONField(help_text="The population margins raked to")
    cap = models.FloatField()
    floor = models.FloatField()
    responses = models.PositiveIntegerField()
    design_effect = models.FloatField()
    effective_sample = models.FloatField()
    margins_met = models.BooleanField()
    trimmed = models.PositiveIntegerField(help_text="Responses whose weight was capped or floored")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-applied_at", "-pk"]

    def __str__(self):
        return f"Weighting of {self.survey} ({self.applied_at:%d/%m/%Y})"


class ApproachNotes(models.Model):
    """The parts of the summary of approach only a person can write."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="approach")
    contractor = models.TextField(
        blank=True, help_text="The role of any external contractor, or that there was none"
    )
    incentives = models.TextField(blank=True, help_text="Incentives offered, or none")
    missed_sample_reasons = models.TextField(
        blank=True, help_text="Why the required sample size was missed (if it was)"
    )
    representativeness = models.TextField(
        blank=True, help_text="Commentary on the representativeness figures"
    )
    other_issues = models.TextField(
        blank=True,
        help_text="Other methodological issues, including year-on-year comparability",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "approach notes"

    def __str__(self):
        return f"Summary of approach notes for {self.survey}"


class ResponseDeletion(models.Model):
    """A resident's response deleted at their request: who, when, which survey; no answers."""

    survey = models.CharField(max_length=100)
    response_ref = models.CharField(max_length=64)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_by_name = models.CharField(
        max_length=150, help_text="Kept if the staff account is later removed"
    )
    deleted_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200, default="The resident asked for it to be deleted")

    class Meta:
        ordering = ["-deleted_at", "-pk"]

    def __str__(self):
        return f"{self.response_ref} deleted from {self.survey}"
