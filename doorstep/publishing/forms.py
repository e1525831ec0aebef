"""Forms for publishing a year, correcting it and choosing its licence: GOV.UK wording.
They only read what was typed; the rules (a year once, only when final) live in services."""

from django import forms

from doorstep.publishing.models import Licence
from doorstep.publishing.services import DEFAULT_COMPLAINT_TIMESCALES


def _text(label: str, *, required: str, hint: str = "", rows: int | None = None,
          initial: str = "", max_length: int | None = None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, help_text=hint, widget=widget, initial=initial,
                           max_length=max_length, error_messages={"required": required})


class PublishForm(forms.Form):
    year = forms.ChoiceField(
        label="Reporting year", help_text="Only years that have ended can be published",
        error_messages={"required": "Choose the year to publish",
                        "invalid_choice": "Choose the year to publish"},
    )
    methodological_note = _text(
        "Methodological issues affecting the comparison with last year",
        required="Enter the note of methodological issues (write \u201cNone\u201d if there "
        "were none)",
        hint="In plain English: the report shows it beside the figures. For example, a change "
        "of survey method or contractor, or records that were incomplete.", rows=5)
    non_emergency_target = _text(
        "Target timescale for non-emergency repairs (RP02 part 1)",
        required="Enter the target timescale for non-emergency repairs",
        hint="As you would tell residents, for example \u201c20 working days\u201d",
        max_length=200)
    emergency_target = _text(
        "Target timescale for emergency repairs (RP02 part 2)",
        required="Enter the target timescale for emergency repairs",
        hint="For example \u201c24 hours\u201d", max_length=200)
    complaint_timescales = _text(
        "Complaint handling timescales CH02 was measured against",
        required="Enter the complaint handling timescales", rows=3,
        initial=DEFAULT_COMPLAINT_TIMESCALES)
    licence = forms.ChoiceField(
        label="Licence for the open data", choices=Licence.choices, initial=Licence.OGL,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the licence the open data is published under"},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Choose a year")] + [(y, y) for y in years]


class CorrectionForm(forms.Form):
    reason = _text("Why are the figures being corrected?",
                   required="Enter the reason for the correction",
                   hint="Shown beside the corrected figures, for example \u201cAn emergency "
                   "repair was missing from the March extract\u201d", rows=3)
    methodological_note = _text(
        "Methodological issues affecting the comparison with last year",
        required="Enter the note of methodological issues (write \u201cNone\u201d if there "
        "were none)", rows=5)


class LicenceForm(forms.Form):
    licence = forms.ChoiceField(
        label="Licence for the open data", choices=Licence.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the licence the open data is published under"},
    )
