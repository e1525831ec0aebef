"""Forms for hazard cases: what was typed, in GOV.UK wording. Awaab's Law's rules live in the
services."""

from datetime import datetime

from django import forms

from doorstep.complaints.forms import HandlerChoice, day_field, radio_field, text_field
from doorstep.core.periods import UK
from doorstep.hazards.models import HazardKind

YES_NO = [("yes", "Yes"), ("no", "No")]


def time_field(label: str, *, what: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="UK time, on the 24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": f"Enter the time {what}",
                        "invalid": f"The time {what} must be a real time, like 14:30"},
    )


class MomentForm(forms.Form):
    """A date and a time in the UK, read as one moment (``moment`` in cleaned_data)."""

    moment_fields = ("", "")

    def clean(self):
        cleaned = super().clean()
        day_name, time_name = self.moment_fields
        day, time = cleaned.get(day_name), cleaned.get(time_name)
        if day is not None and time is not None:
            cleaned["moment"] = datetime.combine(day, time, tzinfo=UK)
        return cleaned


def kind_field() -> forms.ChoiceField:
    return radio_field(
        "What kind of hazard is it?", choices=HazardKind.choices,
        required_message="Select the kind of hazard",
        hint="An emergency hazard must be investigated and made safe within 24 hours; "
        "significant damp and mould investigated within 10 working days",
    )


def handler_field(*, required: bool = False) -> HandlerChoice:
    return HandlerChoice(
        label="Who will handle it?" if required else "Handler (optional)",
        queryset=None, required=required, empty_label="Nobody yet",
        error_messages={"required": "Select who will handle it"},
    )


class OpenFromReportForm(MomentForm):
    moment_fields = ("aware_on", "aware_time")

    kind = kind_field()
    aware_on = day_field("When did we become aware of the hazard?", what="we became aware")
    aware_time = time_field("At what time?", what="we became aware")
    home_ref = forms.CharField(
        label="Home reference", max_length=64,
        help_text="The home with the hazard, as in the housing-management system",
        error_messages={"required": "Enter the home's reference"},
    )
    description = text_field("What was reported?", required_message="Describe the hazard")
    handler = handler_field()

    def __init__(self, *args, homes, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.homes = homes
        self.fields["handler"].queryset = handlers

    def clean_home_ref(self):
        ref = self.cleaned_data["home_ref"].strip()
        home = self.homes.filter(home_ref=ref).first()
        if home is None:
            raise forms.ValidationError(f"There is no home {ref} that you can see: check the "
                                        "reference")
        return home


class OpenFromRepairForm(forms.Form):
    kind = kind_field()
    handler = handler_field()

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class OpenFromCommentForm(OpenFromRepairForm, MomentForm):
    moment_fields = ("aware_on", "aware_time")
    field_order = ["kind", "aware_on", "aware_time", "handler"]

    aware_on = day_field("When did we become aware of the hazard?", what="we became aware",
                         hint="Usually the day the comment was flagged")
    aware_time = time_field("At what time?", what="we became aware")


# --- one form per step ------------------------------------------------------------------


class MadeSafeForm(MomentForm):
    moment_fields = ("on", "time")

    on = day_field("When was the hazard made safe?", what="it was made safe")
    time = time_field("At what time?", what="it was made safe")


class InvestigationForm(forms.Form):
    concluded_on = day_field("When did the investigation conclude?",
                             what="the investigation concluded")
    findings = text_field("What did the investigation find?",
                          required_message="Enter the findings",
                          hint="The tenant must be given a written summary of these")
    further_works_needed = radio_field(
        "Are further works needed?", choices=YES_NO,
        required_message="Select yes if further works are needed",
    )

    def clean_further_works_needed(self):
        return self.cleaned_data["further_works_needed"] == "yes"


class DayForm(forms.Form):
    on = day_field("When?", what="it happened")

    def __init__(self, *args, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["on"].label = label


class DeferForm(forms.Form):
    reason = text_field(
        "Why can the further works not begin within 5 working days?",
        required_message="Enter why the further works cannot begin within 5 working days",
        hint="They must then physically start within 12 weeks of the investigation",
    )


class AlternativeAccommodationForm(forms.Form):
    on = day_field("When was alternative accommodation offered?", what="it was offered")
    note = text_field("Details (optional)", hint="Where, and whether the household accepted",
                      rows=3)


class HandlerForm(forms.Form):
    handler = handler_field(required=True)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class CloseForm(forms.Form):
    on = day_field("When was the case closed?", what="the case was closed")
    note = text_field("Why is it closed?", required_message="Enter why the case is closed",
                      hint="For example: works complete and the home inspected")
