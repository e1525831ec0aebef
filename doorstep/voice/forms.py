"""Forms of the residents' voice pages: filtering comments and correcting their coding."""

from django import forms
from django.db.models import Exists, OuterRef, Q

from doorstep.measures.names import MEASURE_NAMES
from doorstep.voice.framework import DEFAULT_THEMES
from doorstep.voice.models import RESIDENTS_VOICE, Sentiment, Source, ThemeMention
from doorstep.voice.services import themes_for_measure

SURVEY_QUESTIONS = [f"TP{n:02d}" for n in range(1, 13)]


def theme_choices(framework) -> list[tuple[str, str]]:
    """The active framework's themes; the default ones in code when none is active, as the
    coder itself does."""
    themes = framework.themes.all() if framework else DEFAULT_THEMES
    return [(theme.code, theme.label) for theme in themes]


class CommentFilterForm(forms.Form):
    """Which comments to list; blank means any. Read from the query string (GET)."""

    theme = forms.ChoiceField(label="Theme", required=False)
    measure = forms.ChoiceField(
        label="Measure",
        required=False,
        help_text="Comments answering its survey question, or about its themes",
        choices=[("", "Any measure")]
        + [(code, f"{code} {MEASURE_NAMES[code]}") for code in SURVEY_QUESTIONS],
    )
    sentiment = forms.ChoiceField(
        label="Sentiment", required=False, choices=[("", "Any sentiment"), *Sentiment.choices]
    )
    source = forms.ChoiceField(
        label="Where it came from",
        required=False,
        choices=[("", "Anywhere"),
                 *((value, label) for value, label in Source.choices
                   if value in RESIDENTS_VOICE)],
    )

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *theme_choices(framework)]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = f"Choose a {field.label.lower()} from the list"

    def filter(self, comments):
        """The comments that match the cleaned choices."""
        data = self.cleaned_data
        if data.get("theme"):
            comments = comments.filter(
                Exists(ThemeMention.objects.filter(coded_comment=OuterRef("pk"),
                                                   theme_code=data["theme"]))
            )  # fmt: skip
        if data.get("measure"):
            about = ThemeMention.objects.filter(
                coded_comment=OuterRef("pk"), theme_code__in=themes_for_measure(data["measure"])
            )
            comments = comments.filter(Q(question=data["measure"]) | Exists(about))
        if data.get("sentiment"):
            comments = comments.filter(sentiment=data["sentiment"])
        if data.get("source"):
            comments = comments.filter(source=data["source"])
        return comments


class CorrectionForm(forms.Form):
    """What a member of staff says the coder should have said."""

    themes = forms.MultipleChoiceField(
        label="Themes",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Choose Other only when nothing else fits.",
        error_messages={"required": "Select at least one theme",
                        "invalid_choice": "Select themes from the list"},
    )  # fmt: skip
    sentiment = forms.ChoiceField(
        label="Sentiment",
        widget=forms.RadioSelect,
        choices=Sentiment.choices,
        help_text="The overall tone; a balanced comment is neutral.",
        error_messages={"required": "Select the comment's sentiment",
                        "invalid_choice": "Select positive, neutral or negative"},
    )  # fmt: skip
    phrase = forms.CharField(
        label="Words that show a theme you added (optional)",
        required=False,
        max_length=200,
        help_text="For example “boiler keeps cutting out”. The coder will look for them in "
        "other comments.",
        error_messages={"max_length": "Words must be 200 characters or fewer"},
    )
    note = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The note must be 1,000 characters or fewer"},
    )

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices(framework)


class FollowUpForm(forms.Form):
    """What was done about a flag, to mark it followed up."""

    note = forms.CharField(
        label="What was done",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example “Rang the resident, damp surveyor booked for Tuesday” or “No "
        "hazard: the mould was treated last week”.",
        error_messages={"required": "Say what was done about this flag",
                        "max_length": "The note must be 1,000 characters or fewer"},
    )  # fmt: skip
