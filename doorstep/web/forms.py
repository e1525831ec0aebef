from django import forms

from doorstep.core.periods import year_choices


class YearForm(forms.Form):
    year = forms.ChoiceField(
        label="Reporting year",
        help_text="1 April to 31 March",
        error_messages={"invalid_choice": "Choose a reporting year from the list"},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        # A year still running reads "2026/27 year to date (provisional)".
        self.fields["year"].choices = year_choices(years)
