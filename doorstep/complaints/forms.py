"""Forms for complaint casework and the annual report: GOV.UK wording for labels, hints and
errors. They only read what was typed; the Code's rules live in the services."""

from django import forms

from doorstep.complaints.models import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintTeam,
    Compliance,
    Outcome,
    RootCause,
)
from doorstep.stock.models import Tenure

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


def day_field(label: str, *, what: str, hint: str = "For example, 27/03/2025") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=hint,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the date {what}",
            "invalid": f"The date {what} must be a real date, like 27/03/2025",
        },
    )


def text_field(label: str, *, required_message: str = "", hint: str = "",
               max_length: int | None = None, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required_message),
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else {},
    )


def radio_field(label: str, *, choices, required_message: str, hint: str = "",
                required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": required_message,
                        "invalid_choice": required_message},
    )


class HandlerChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


# --- logging a complaint ---------------------------------------------------------------


class LogComplaintForm(forms.Form):
    received_on = day_field("When was the complaint received?", what="the complaint was received")
    channel = radio_field(
        "How was the complaint made?", choices=ComplaintChannel.choices,
        required_message="Select how the complaint was made",
    )
    home_ref = forms.CharField(
        label="Home reference (optional)", required=False, max_length=64,
        help_text="The home the complaint is about, as in the housing-management system",
    )
    tenure = radio_field(
        "Tenure (if no home is given)", choices=Tenure.choices, required=False,
        required_message="Select the resident's tenure",
        hint="Needed only when the complaint is not linked to a home",
    )
    category = forms.ChoiceField(
        label="What is it about?", choices=(),
        help_text="An administrator can add categories to this list",
        error_messages={"required": "Select what the complaint is about",
                        "invalid_choice": "Select a category from the list"},
    )
    description = text_field(
        "What is the resident unhappy about?",
        required_message="Describe what the resident is unhappy about",
        hint="In the resident's words where you can",
    )
    repair_ref = forms.CharField(
        label="Repair complained about (optional)", required=False, max_length=64,
        help_text="The repair reference, when the resident is unhappy with how a repair was "
        "handled",
    )
    service_request_ref = forms.CharField(
        label="Other service request reference (optional)", required=False, max_length=64,
        help_text="A service request not held in Doorstep, for example an ASB or rent case",
    )
    team = forms.ModelChoiceField(
        label="Team (optional)", queryset=ComplaintTeam.objects.all(), required=False,
        empty_label="No team",
    )
    stage1_handler = HandlerChoice(
        label="Stage 1 handler (optional)", queryset=None, required=False,
        empty_label="Nobody yet",
    )

    def __init__(self, *args, homes, repairs, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.homes, self.repairs = homes, repairs
        self.fields["stage1_handler"].queryset = handlers
        # Read each time, so categories an administrator adds are offered at once.
        self.fields["category"].choices = [("", "Select a category")] + list(
            ComplaintCategory.objects.filter(in_use=True).values_list("code", "label"))

    def clean_home_ref(self):
        ref = self.cleaned_data["home_ref"].strip()
        if not ref:
            return None
        home = self.homes.filter(home_ref=ref).first()
        if home is None:
            raise forms.ValidationError(f"There is no home {ref} that you can see: check the "
                                        "reference")
        return home

    def clean_repair_ref(self):
        ref = self.cleaned_data["repair_ref"].strip()
        if not ref:
            return None
        repair = self.repairs.filter(repair_ref=ref).select_related("home").first()
        if repair is None:
            raise forms.ValidationError(f"There is no repair {ref} that you can see: check "
                                        "the reference")
        return repair

    def clean(self):
        cleaned = super().clean()
        repair = cleaned.get("repair_ref")
        if repair is not None and cleaned.get("home_ref") is None and repair.home_id:
            # Raised from a repair: the repair's home is the complaint's home.
            cleaned["home_ref"] = repair.home
        if (not self.errors and cleaned.get("home_ref") is None
                and not cleaned.get("tenure")):
            self.add_error("tenure", "Select the resident's tenure, or give the home reference")
        return cleaned


# --- one form per transition ------------------------------------------------------------


class AcknowledgeForm(forms.Form):
    on = day_field("When was the complaint acknowledged?", what="it was acknowledged")


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(
        label="How many working days of extension?",
        help_text="At most 10 working days in all at stage 1, and 20 at stage 2",
        min_value=1,
        error_messages={"required": "Enter the number of working days",
                        "invalid": "The number of working days must be a whole number, like 5",
                        "min_value": "The extension must be at least 1 working day"},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = text_field(
        "Why is more time needed?",
        required_message="Enter the reason for the extension",
        hint="The resident must be told this reason",
    )
    notified_on = day_field(
        "When was the resident told of the new date?", what="the resident was told",
    )


class RespondForm(forms.Form):
    on = day_field("When was the response sent?", what="the response was sent")
    outcome = radio_field("What was the outcome?", choices=Outcome.choices,
                          required_message="Select the outcome")


class EscalateForm(forms.Form):
    requested_on = day_field(
        "When did the resident ask for stage 2?", what="the resident asked for stage 2",
    )
    reason = text_field("Why is the resident still unhappy? (optional)", rows=4)


class HandlerForm(forms.Form):
    handler = HandlerChoice(
        label="Who will handle it?", queryset=None,
        error_messages={"required": "Select who will handle it",
                        "invalid_choice": "Select who will handle it"},
    )

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class TeamForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Which team owns the complaint?", queryset=ComplaintTeam.objects.all(),
        required=False, empty_label="No team",
    )


class WithdrawForm(forms.Form):
    on = day_field("When did the resident withdraw the complaint?", what="it was withdrawn")
    reason = text_field("Why was it withdrawn?",
                        required_message="Enter why the complaint was withdrawn")


class RemedyForm(forms.Form):
    remedies = text_field(
        "What was done to put things right?",
        hint="For example an apology, a repair, a change to a process",
    )
    compensation_gbp = forms.DecimalField(
        label="Compensation in pounds (optional)", required=False, min_value=0,
        max_digits=12, decimal_places=2,
        help_text="Leave blank if none was paid or offered",
        error_messages={"invalid": "Compensation must be an amount in pounds, like 75.50",
                        "min_value": "Compensation cannot be a negative amount",
                        "max_decimal_places": "Compensation must be in pounds and pence, "
                        "like 75.50"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def clean(self):
        cleaned = super().clean()
        if (not self.errors and not cleaned.get("remedies", "").strip()
                and cleaned.get("compensation_gbp") is None):
            self.add_error("remedies", "Describe the remedy or give the compensation amount")
        return cleaned


class RootCauseChoice(forms.ModelChoiceField):
    def label_from_instance(self, cause):
        return cause.label


class LearningForm(forms.Form):
    root_cause = RootCauseChoice(
        label="What was the root cause?", required=False, queryset=RootCause.objects.none(),
        empty_label="Not known yet", widget=forms.RadioSelect, blank=True,
        help_text="Why it went wrong, not what the complaint was about. An administrator "
        "can add causes to this list",
        error_messages={"invalid_choice": "Choose a root cause from the list"},
    )
    learning = text_field("What have we learned, and what will change?",
                          required_message="Enter what was learned")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root_cause"].queryset = RootCause.objects.filter(in_use=True)


class LetterPartsForm(forms.Form):
    """The wording a letter needs, for one kind of letter (see letters.py)."""

    FIELDS = {
        "acknowledgement": ("understanding", "outcomes_sought"),
        "stage1": ("stage1_reasons", "remedies", "remedy_due_on"),
        "stage2": ("stage2_reasons", "remedies", "remedy_due_on"),
    }

    understanding = forms.CharField(
        label="What is our understanding of the complaint?", required=False,
        widget=forms.Textarea(attrs={"rows": 4}))
    outcomes_sought = forms.CharField(
        label="What outcomes does the resident want?", required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    stage1_reasons = forms.CharField(
        label="Why did we reach the stage 1 decision?", required=False,
        widget=forms.Textarea(attrs={"rows": 4}))
    stage2_reasons = forms.CharField(
        label="Why did we reach the stage 2 decision?", required=False,
        widget=forms.Textarea(attrs={"rows": 4}))
    remedies = forms.CharField(
        label="What will we do to put things right?", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If nothing more will be done, say so")
    remedy_due_on = forms.DateField(
        label="By when will it be done?", required=False, input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2025",
        error_messages={"invalid": "The date must be a real date, like 27/03/2025"})

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.FIELDS[kind]:
                del self.fields[name]


# --- the annual report ------------------------------------------------------------------


class SelfAssessmentForm(forms.Form):
    compliant = radio_field(
        "Does the landlord comply with this section?", choices=Compliance.choices,
        required_message="Select whether the landlord complies with this section",
    )
    evidence = text_field(
        "Evidence",
        required_message="Enter the evidence for the assessment",
        hint="How the landlord meets this section; where it falls short, the actions and "
        "timescales to put it right",
        rows=8,
    )


class GoverningBodyResponseForm(forms.Form):
    text = text_field("The governing body's response",
                      required_message="Enter the governing body's response", rows=8)
    member = forms.CharField(
        label="Member responsible for complaints", max_length=200,
        help_text="The named member of the governing body responsible for complaints",
        error_messages={"required": "Enter the name of the member responsible for complaints"},
    )
    responded_on = day_field("When did the governing body respond?",
                             what="the governing body responded")


class ReportYearForm(forms.Form):
    year = forms.ChoiceField(
        label="Reporting year", help_text="1 April to 31 March",
        error_messages={"invalid_choice": "Choose a reporting year from the list",
                        "required": "Choose a reporting year"},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.label, year.label) for year in years]
