"""Forms for the scrutiny workspace: one task per page, GOV.UK wording. The rules of what
may change when live in the services."""

from django import forms
from django.contrib.auth import get_user_model

from doorstep.accounts.models import Role
from doorstep.complaints.forms import HandlerChoice, day_field, radio_field, text_field
from doorstep.scrutiny.models import Decision, EvidenceKind

MEASURES_HINT = "Measure codes separated by spaces, for example TP01 TP04 RP02-1"


class MemberForm(forms.Form):
    user = HandlerChoice(
        label="Who is joining the panel?", queryset=None,
        help_text="People with the scrutiny panel member role who are not on the panel now",
        error_messages={"required": "Choose who is joining the panel"})
    declarations = text_field("Declarations of interest (optional)", rows=3,
                              hint="For example: works for a contractor the review looks at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from doorstep.scrutiny.models import Membership

        on_panel = Membership.objects.filter(left_on__isnull=True).values("user_id")
        self.fields["user"].queryset = get_user_model().objects.filter(
            is_active=True, profile__role=Role.PANEL_MEMBER).exclude(pk__in=on_panel
                                                                     ).order_by("username")


class TermsForm(forms.Form):
    terms_of_reference = text_field("Terms of reference", rows=10, required_message=
                                    "Write the panel's terms of reference")


class RequestForm(forms.Form):
    title = forms.CharField(label="What should the panel review?", max_length=200,
                            help_text="A few words, for example 'Repairs in older blocks'",
                            error_messages={"required": "Say what the panel should review"})
    why = text_field("Why does it need a review? (optional)", rows=4)


class ScopeForm(forms.Form):
    question = text_field("What question will the review answer?", rows=3,
                          required_message="Write the question the review will answer")
    service = forms.CharField(label="Which service? (optional)", max_length=200,
                              required=False)
    measures = forms.CharField(label="Which measures? (optional)", max_length=300,
                               required=False, help_text=MEASURES_HINT)
    by_area = forms.BooleanField(label="Show the figures area by area as well", required=False)
    evidence_wanted = text_field("What other evidence does the panel want? (optional)", rows=3)
    timetable = text_field("Timetable (optional)", rows=3,
                           hint="For example: evidence by May, report to the board in July")


class EvidenceForm(forms.Form):
    kind = radio_field("What kind of evidence is it?", choices=EvidenceKind.choices,
                       required_message="Choose what kind of evidence it is")
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Give the evidence a title"})
    note = text_field("Notes (optional)", rows=5,
                      hint="Do not write residents' names, addresses or phone numbers")
    file = forms.FileField(label="Upload a file (optional)", required=False,
                           help_text="PDF, PNG or JPEG picture, or an office document; "
                           "smaller than 10 MB")


class FindingsForm(forms.Form):
    findings = text_field("What did the panel find?", rows=10,
                          required_message="Write the panel's findings")


class RecommendationForm(forms.Form):
    text = text_field("What does the panel recommend?", rows=5,
                      required_message="Write the recommendation")
    measures = forms.CharField(label="Which measures is it about? (optional)", max_length=300,
                               required=False, help_text=MEASURES_HINT)
    evidence = text_field("Which evidence does it rest on? (optional)", rows=3,
                          hint="For example: evidence pack figures for TP04, site visit 3")
    area = forms.CharField(label="Which area is it about? (optional)", max_length=100,
                           required=False, help_text="Blank: the whole landlord")
    manager = HandlerChoice(label="Which service manager answers it?", queryset=None,
                            required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = get_user_model().objects.filter(
            is_active=True, profile__role=Role.SERVICE_MANAGER).order_by("username")


class ResponseForm(forms.Form):
    decision = radio_field("What is the landlord's answer?", choices=Decision.choices,
                           required_message="Choose the landlord's answer")
    reasons = text_field("Reasons", rows=6, required_message="Give the reasons for the answer",
                         hint="The panel and the board read these as written")
    action_title = forms.CharField(
        label="Improvement action (if accepted)", max_length=200, required=False,
        help_text="What will change, in a few words. Blank: the recommendation's own words")
    action_due_on = day_field("When will the action be done? (optional)", what="it is due")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_due_on"].required = False


class CloseForm(forms.Form):
    impact_view = text_field("What did the review change, in the panel's view?", rows=8,
                             required_message="Write the panel's view of the impact")


class CodeCommentsForm(forms.Form):
    comments = text_field("The panel's comments on the year's complaint handling", rows=10,
                          required_message="Write the panel's comments")


class ResidentRequestForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200,
                           error_messages={"required": "Enter your name"})
    contact = forms.CharField(label="How can we contact you?", max_length=200,
                              help_text="An email address or phone number",
                              error_messages={"required": "Tell us how to contact you"})
    subject = text_field("What should the scrutiny panel look at, and why?", rows=5,
                         required_message="Say what you would like the panel to look at")
    association = forms.CharField(
        label="Residents' association (if you are asking for one)", max_length=200,
        required=False, help_text="Its name, if it is recognised by your landlord")
    supporter_refs = text_field(
        "Household references of the residents who support the request", rows=6,
        hint="The tenancy or home reference on their rent statement, one a line. Only the "
        "number of households is passed to the panel, never who they are")


class MeetingForm(forms.Form):
    held_on = day_field("Date of the meeting", what="of the meeting")
    starts_at = forms.TimeField(label="Start time (optional)", required=False,
                                help_text="For example, 18:30",
                                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                error_messages={"invalid": "Enter the start time like 18:30"})
    place = forms.CharField(label="Where is it? (optional)", max_length=200, required=False,
                            help_text="For example: Community room, Elm Court, or online")
    agenda = text_field("Agenda (optional)", rows=10,
                        hint="One item a line, in the order the meeting takes them")


class MinutesForm(forms.Form):
    minutes = text_field("Minutes of the meeting", rows=14,
                         required_message="Write the minutes",
                         hint="What was discussed and decided, and who will do what. Do not "
                         "write residents' names, addresses or phone numbers")


class PaperForm(forms.Form):
    title = forms.CharField(label="Title of the paper", max_length=200,
                            error_messages={"required": "Give the paper a title"})
    file = forms.FileField(label="Upload the paper",
                           help_text="PDF, PNG or JPEG picture, or an office document; "
                           "smaller than 10 MB",
                           error_messages={"required": "Choose the file to upload"})
