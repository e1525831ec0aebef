"""Forms for hazard cases: what was typed, in GOV.UK wording. Awaab's Law's rules live in the
services."""

from datetime import datetime

from django import forms

from doorstep.complaints.forms import HandlerChoice, day_field, radio_field, text_field
from doorstep.core.periods import UK, PeriodError, ReportingYear
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.hazards.models import Hazard, HazardGroup, HazardKind

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
        "Is it an emergency or a significant hazard?", choices=HazardKind.choices,
        required_message="Select whether it is an emergency or a significant hazard",
        hint="An emergency hazard must be investigated and made safe within 24 hours; a "
        "significant hazard investigated within 10 working days",
    )


def hazard_choices(*, blank: str) -> list:
    """The hazard list by group, for a select with one group of options per HHSRS group."""
    by_group = {}
    hazards = list(Hazard.objects.order_by("position", "code"))
    if not hazards and load_hazard_list():  # the reference table emptied (a flushed test db)
        hazards = list(Hazard.objects.order_by("position", "code"))
    for hazard in hazards:
        by_group.setdefault(hazard.group, []).append((hazard.code, hazard.name))
    return [("", blank)] + [(HazardGroup(group).label, options)
                            for group, options in by_group.items()]


def hazard_field(*, required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Which hazard is it?" if required else "Which hazard is it? (optional for an "
        "emergency)",
        help_text="The hazard of the Housing Health and Safety Rating System (HHSRS). A "
        "significant hazard needs one; an emergency case may record it later",
        required=False, choices=[],
        error_messages={"invalid_choice": "Select a hazard from the list"},
    )


class HazardChoiceMixin:
    """Fills the hazard list and checks that a significant hazard names one."""

    def _fill_hazards(self):
        self.fields["hazard"].choices = hazard_choices(blank="Not known yet")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == HazardKind.SIGNIFICANT and not cleaned.get("hazard"):
            self.add_error("hazard", "Select the hazard: a significant hazard's timescales "
                           "depend on it")
        return cleaned


def handler_field(*, required: bool = False) -> HandlerChoice:
    return HandlerChoice(
        label="Who will handle it?" if required else "Handler (optional)",
        queryset=None, required=required, empty_label="Nobody yet",
        error_messages={"required": "Select who will handle it"},
    )


class OpenFromReportForm(HazardChoiceMixin, MomentForm):
    moment_fields = ("aware_on", "aware_time")

    kind = kind_field()
    hazard = hazard_field(required=False)
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
        self._fill_hazards()

    def clean_home_ref(self):
        ref = self.cleaned_data["home_ref"].strip()
        home = self.homes.filter(home_ref=ref).first()
        if home is None:
            raise forms.ValidationError(f"There is no home {ref} that you can see: check the "
                                        "reference")
        return home


class OpenFromRepairForm(HazardChoiceMixin, forms.Form):
    kind = kind_field()
    hazard = hazard_field(required=False)
    handler = handler_field()

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self._fill_hazards()


class OpenFromCommentForm(OpenFromRepairForm, MomentForm):
    moment_fields = ("aware_on", "aware_time")
    field_order = ["kind", "hazard", "aware_on", "aware_time", "handler"]

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


class HazardForm(forms.Form):
    hazard = forms.ChoiceField(
        label="Which hazard is it?",
        help_text="The hazard of the Housing Health and Safety Rating System (HHSRS)",
        error_messages={"required": "Select the hazard",
                        "invalid_choice": "Select a hazard from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazard"].choices = hazard_choices(blank="Select a hazard")


class QueueFilterForm(forms.Form):
    """The hazards queue's filters: a hazard, a group, the cases overdue."""

    NOT_RECORDED = "not_recorded"
    hazard = forms.ChoiceField(label="Hazard", required=False)
    group = forms.ChoiceField(label="Group of hazards", required=False,
                              choices=[("", "Every group"), *HazardGroup.choices])
    clock = forms.ChoiceField(label="Clock", required=False, choices=[
        ("", "Every open case"), ("overdue", "Overdue"), ("on_clock", "On Awaab's Law clocks"),
        ("outside", "Outside Awaab's Law timescales")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = hazard_choices(blank="Every hazard")
        self.fields["hazard"].choices = [choices[0], (self.NOT_RECORDED, "Hazard not recorded"),
                                         *choices[1:]]

    def filter(self, cases):
        """The cases the filters keep (the clock filter is read from the clocks: see views)."""
        hazard, group = self.cleaned_data.get("hazard"), self.cleaned_data.get("group")
        if hazard == self.NOT_RECORDED:
            cases = cases.filter(hazard__isnull=True)
        elif hazard:
            cases = cases.filter(hazard_id=hazard)
        if group:
            cases = cases.filter(hazard__group=group)
        clock = self.cleaned_data.get("clock")
        if clock == "on_clock":
            cases = cases.filter(timescales_apply=True)
        elif clock == "outside":
            cases = cases.filter(timescales_apply=False)
        return cases


class CloseForm(forms.Form):
    on = day_field("When was the case closed?", what="the case was closed")
    note = text_field("Why is it closed?", required_message="Enter why the case is closed",
                      hint="For example: works complete and the home inspected")


class ReportYearForm(forms.Form):
    year = forms.CharField(
        label="Which reporting year?",
        help_text="April to March, for example 2026/27",
        error_messages={"required": "Enter the reporting year, for example 2026/27"},
    )

    def clean_year(self):
        try:
            return ReportingYear.parse(self.cleaned_data["year"].strip())
        except PeriodError as problem:
            raise forms.ValidationError(str(problem)) from None
