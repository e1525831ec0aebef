"""Pieces shared by the filter forms above long lists (repairs, ASB cases, safety checks).

A filter form is optional from end to end: an empty form shows everything the person may
see. Dates may be typed as 27/03/2025 or chosen in the browser's date picker.
"""

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


def optional_day(label: str, *, what: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text="For example, 27/03/2025",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"{what} must be a real date, like 27/03/2025"},
    )


def building_field() -> forms.CharField:
    return forms.CharField(
        label="Building reference", required=False, max_length=64,
        help_text="The block's reference, exactly as in the housing-management system",
    )


def choice_field(label: str, *, every: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", every), *choices])


class DateRangeForm(forms.Form):
    """A form with ``from_field`` and ``to_field`` dates: the first must not be after the
    second, or the list would be empty for a reason nobody sees."""

    from_field = "since"
    to_field = "until"

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get(self.from_field), cleaned.get(self.to_field)
        if since and until and since > until:
            self.add_error(self.to_field, "The end date must be the same as or after the start "
                                          "date")
        return cleaned

    @property
    def filtered(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())
