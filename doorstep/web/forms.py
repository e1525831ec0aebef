from django import forms


class YearForm(forms.Form):
    year = forms.ChoiceField(
        label="Reporting year",
        help_text="1 April to 31 March",
        error_messages={"invalid_choice": "Choose a reporting year from the list"},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.label, year.label) for year in years]
