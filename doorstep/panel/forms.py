from django import forms

from doorstep.panel.figures import PANEL_BREAKDOWNS


class PanelYearForm(forms.Form):
    year = forms.ChoiceField(
        label="Reporting year",
        help_text="1 April to 31 March",
        error_messages={"invalid_choice": "Choose a reporting year from the list"},
    )
    by = forms.ChoiceField(
        label="Break the figures down by",
        required=False,
        choices=[("", "Nothing: the whole landlord"), *PANEL_BREAKDOWNS.items()],
        error_messages={"invalid_choice": "Choose a breakdown from the list"},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.label, year.label) for year in years]


class CommentsForm(forms.Form):
    year = forms.ChoiceField(
        label="Reporting year",
        help_text="1 April to 31 March",
        error_messages={"invalid_choice": "Choose a reporting year from the list"},
    )
    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        help_text="Only themes with 10 comments or more can be read on their own",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )

    def __init__(self, *args, years, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.label, year.label) for year in years]
        self.fields["theme"].choices = [("", "Every theme"), *themes]
