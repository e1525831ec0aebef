"""Survey responses: answers to the Tenant Satisfaction Measures questions, and comments."""

from django.db import models

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

    class Meta:
        indexes = [
            models.Index(fields=["completed_on"]),
            models.Index(fields=["home", "completed_on"]),
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
