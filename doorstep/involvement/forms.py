"""Forms for involvement: what was typed, in GOV.UK wording. Rules live in the services.

The feedback form's labels are marked for translation: residents answer it in English,
Welsh, Polish or Urdu (the survey's languages).
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstep.complaints.forms import day_field, radio_field, text_field
from doorstep.involvement.models import (
    ActivityKind,
    Channel,
    FeedbackChannel,
    SocialValue,
    Support,
)
from doorstep.involvement.reach import CHARACTERISTICS
from doorstep.measures.engine import ALL_CODES

LISTENED = [("yes", _("Yes")), ("partly", _("Partly")), ("no", _("No"))]
CHANGED = [("yes", _("Yes")), ("not_yet", _("Not yet")), ("no", _("No")),
           ("dont_know", _("I don’t know"))]
AGAIN = [("yes", _("Yes")), ("maybe", _("Maybe")), ("no", _("No"))]


class ActivityForm(forms.Form):
    activity_ref = forms.CharField(label="Reference", max_length=64,
                                   help_text="Your own reference, for example INV-2026-014",
                                   error_messages={"required": "Enter a reference"})
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter a title"})
    kind = radio_field("Kind of activity", choices=ActivityKind.choices,
                       required_message="Select the kind of activity")
    held_on = day_field("Date held", what="it was held")
    channel = radio_field("How people took part", choices=Channel.choices,
                          required_message="Select how people took part")
    place = forms.CharField(label="Place or platform", max_length=200, required=False)
    area = forms.CharField(label="Area", max_length=100, required=False,
                           help_text="Leave blank if it was landlord-wide")
    service = forms.CharField(label="Service it was about", max_length=200, required=False,
                              help_text="For example, repairs or estate cleaning")
    measures = forms.MultipleChoiceField(
        label="Measures it was about", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, code) for code in ALL_CODES if code.startswith("TP")])
    staff = forms.CharField(label="Staff who ran it", max_length=300, required=False)
    supports = forms.MultipleChoiceField(
        label="What was offered to make taking part possible", required=False,
        widget=forms.CheckboxSelectMultiple, choices=Support.choices)
    cost = forms.DecimalField(label="Cost in pounds", required=False, min_value=0,
                              max_digits=10, decimal_places=2)
    outcome = text_field("Outcome", hint="What was decided or learned", rows=4)


class ParticipantForm(forms.Form):
    home_ref = forms.CharField(label="Home reference", max_length=64, required=False,
                               help_text="Leave blank for a resident who is not a tenant: "
                               "they are counted, but not profiled")
    hours = forms.DecimalField(label="Hours given", min_value=0, max_value=1000,
                               decimal_places=2, initial=0, required=False)


class LinkActionForm(forms.Form):
    action_ref = forms.CharField(label="Action reference", max_length=64,
                                 error_messages={"required": "Enter the action's reference"})


class LinkRecommendationForm(forms.Form):
    review_ref = forms.CharField(label="Scrutiny review reference", max_length=64,
                                 error_messages={"required": "Enter the review's reference"})
    number = forms.IntegerField(label="Recommendation number", min_value=1,
                                error_messages={"required": "Enter the recommendation's number"})


class LinksForm(forms.Form):
    count = forms.IntegerField(label="How many links", min_value=1, max_value=500,
                               error_messages={"required": "Enter how many links to make"})
    expires_on = day_field("Links stop working after", what="the links stop working")

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day < date.today():
            raise forms.ValidationError("The date the links stop working must be in the future")
        return day


class FeedbackForm(forms.Form):
    """The participant's three questions (online, and the same on paper)."""

    listened = radio_field(_("Did you feel listened to?"), choices=LISTENED,
                           required_message=_("Select whether you felt listened to"))
    changed = radio_field(_("Has anything changed because of it?"), choices=CHANGED,
                          required_message=_("Select whether anything has changed"))
    again = radio_field(_("Would you take part again?"), choices=AGAIN,
                        required_message=_("Select whether you would take part again"))


class StaffFeedbackForm(FeedbackForm):
    channel = radio_field("How the feedback came in",
                          choices=[c for c in FeedbackChannel.choices if c[0] != "online"],
                          required_message="Select how the feedback came in")


class CaseStudyForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter a title"})
    story = text_field("The resident's story", required_message="Enter the story",
                       hint="As the resident told it. Only staff who manage involvement read "
                       "this version.", rows=8)
    redacted_story = text_field("Version for the panel and the public", rows=8,
                                hint="Leave blank and Doorstep removes names and addresses "
                                "for you; check it before approving.")
    consent_on = day_field("Date the resident agreed to share it", what="the resident agreed")
    consent_source = forms.CharField(label="How consent was recorded", max_length=100,
                                     help_text="For example, signed form or recorded call",
                                     error_messages={"required": "Say how consent was recorded"})


class WithdrawForm(forms.Form):
    home_ref = forms.CharField(label="Home reference", max_length=64,
                               error_messages={"required": "Enter the home reference"})


class ReachForm(forms.Form):
    start = day_field("From", what="the period starts")
    end = day_field("To", what="the period ends")
    characteristic = forms.ChoiceField(
        label="Characteristic",
        choices=[(code, spec[1]) for code, spec in CHARACTERISTICS.items()])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The period must end after it starts")
        return cleaned


class SocialValueForm(forms.Form):
    """A row of the landlord's own table of social values (Doorstep bundles none)."""

    outcome = forms.CharField(label="Outcome", max_length=200,
                              help_text="For example, regular volunteering",
                              error_messages={"required": "Enter the outcome"})
    pounds_per_unit = forms.DecimalField(
        label="Value in pounds per unit", min_value=0, max_digits=10, decimal_places=2,
        error_messages={"required": "Enter the value in pounds per unit",
                        "invalid": "Enter the value as a number of pounds, like 350.00"})
    unit = forms.CharField(label="Unit", max_length=60,
                           help_text="For example, per participant per year",
                           error_messages={"required": "Enter the unit the value is per"})
    source = forms.CharField(label="Where the value comes from", max_length=300,
                             help_text="The value bank, study or your own work it is taken "
                             "from. It is shown beside every figure.",
                             error_messages={"required": "Name where the value comes from"})


class ActivitySocialValueForm(forms.Form):
    social_value = forms.ModelChoiceField(
        label="Outcome achieved", queryset=SocialValue.objects.all(), required=False,
        empty_label="None (clear it)",
        help_text="From the landlord's table of social values")
    units = forms.DecimalField(label="Units achieved", min_value=0, max_digits=10,
                               decimal_places=2, required=False,
                               help_text="For example, the number of participants")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("social_value") is not None and cleaned.get("units") is None:
            self.add_error("units", "Enter how many units the activity achieved")
        return cleaned


class PeriodForm(forms.Form):
    start = day_field("From", what="the period starts")
    end = day_field("To", what="the period ends")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The period must end after it starts")
        return cleaned


class LinkActivityForm(forms.Form):
    activity_ref = forms.CharField(label="Activity reference", max_length=64,
                                   error_messages={"required": "Enter the activity's reference"})
