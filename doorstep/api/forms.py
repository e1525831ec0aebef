from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?", max_length=100,
        help_text="For example: Power BI board dashboard. It helps you tell your tokens apart.",
        error_messages={"required": "Enter what the token is for, for example Power BI."},
    )
