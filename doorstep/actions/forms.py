"""Forms for improvement actions: what was typed, in GOV.UK wording. The rules of what may
change when live in the services."""

from django import forms
from django.contrib.auth import get_user_model

from doorstep.actions.models import ActionStatus, GroupKind, Involvement
from doorstep.complaints.forms import HandlerChoice, day_field, radio_field, text_field
from doorstep.measures.engine import ALL_CODES
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES

MEASURE_CHOICES = [("", "None")] + [(code, f"{code}: {MEASURE_NAMES[code]}") for code in ALL_CODES]
TENURE_CHOICES = [("", "The tenure the measure is reported for")] + list(TENURE_NAMES.items())
GROUP_CHOICES = [("", "The whole landlord")] + list(GroupKind.choices)


def _themes():
    from doorstep.voice.services import active_framework

    framework = active_framework()
    return framework.themes.all() if framework else []


class ThemeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return theme.label


def owners():
    """People who can own an action: staff who may change actions."""
    from doorstep.accounts.access import MANAGE_ACTIONS, can

    users = get_user_model().objects.filter(is_active=True).select_related("profile")
    return [user.pk for user in users.order_by("username") if can(user, MANAGE_ACTIONS)]


class ActionForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200,
        help_text="What will change, in a few words: for example 'Fix repairs first time'",
        error_messages={"required": "Enter a title for the action"},
    )
    what_will_change = text_field("What will change", rows=4)
    why = text_field("Why: the evidence", hint="The measures, comments, complaints or "
                     "findings that show it is needed", rows=4)
    source = forms.CharField(
        label="Where it came from (optional)", required=False, max_length=300,
        help_text="For example a board decision of 12/03/2025, or an Ombudsman finding",
    )
    summary_for_residents = text_field(
        "Summary for residents",
        hint="Plain English, with no names or personal details: this is the only text "
        "about the action that residents and the scrutiny panel see", rows=4,
    )
    measure_code = forms.ChoiceField(
        label="The measure it should move (optional)", choices=MEASURE_CHOICES, required=False,
    )
    tenure = forms.ChoiceField(label="Tenure", choices=TENURE_CHOICES, required=False)
    group_kind = forms.ChoiceField(
        label="For a part of the landlord (optional)", choices=GROUP_CHOICES, required=False,
        help_text="An action for one area, scheme, needs type or building is measured there",
    )
    group_value = forms.CharField(
        label="Which one", required=False, max_length=100,
        help_text="Written exactly as in the homes' records, for example North",
    )
    target_value = forms.DecimalField(
        label="The figure it aims for (optional)", required=False, max_digits=7,
        decimal_places=1, widget=forms.NumberInput(attrs={"step": "0.1"}),
    )
    area = forms.CharField(
        label="Area (optional)", required=False, max_length=100,
        help_text="The area whose service manager looks after the action. Blank: the "
        "whole landlord. An action for an area takes that area",
    )
    themes = ThemeChoice(
        label="Themes residents raised that it answers (optional)", required=False,
        queryset=None, widget=forms.CheckboxSelectMultiple,
    )
    complaint_refs = forms.CharField(
        label="Complaints it answers (optional)", required=False, max_length=2000,
        help_text="Complaint references, separated by commas",
    )
    comment_ids = forms.CharField(
        label="Residents' comments it answers (optional)", required=False, max_length=2000,
        help_text="Comment numbers, as shown on What residents said, separated by commas",
    )
    owner = HandlerChoice(label="Owner", required=False, queryset=None,
                          empty_label="No one in Doorstep")
    owner_name = forms.CharField(
        label="Owner's name, if they do not use Doorstep (optional)", required=False,
        max_length=200,
    )
    team = forms.CharField(label="Team (optional)", required=False, max_length=200)
    involvement = radio_field(
        "How were residents involved in shaping it?", choices=Involvement.choices,
        required_message="Select how residents were involved",
    )
    involvement_note = text_field("How, in a sentence or two (optional)", rows=3)

    def __init__(self, *args, complaints, comments, **kwargs):
        super().__init__(*args, **kwargs)
        from doorstep.voice.models import Theme

        themes = _themes()
        self.fields["themes"].queryset = (
            themes if hasattr(themes, "model") else Theme.objects.none()
        )
        self.fields["owner"].queryset = get_user_model().objects.filter(pk__in=owners())
        self._complaints = complaints
        self._comments = comments

    def clean_comment_ids(self):
        text = self.cleaned_data["comment_ids"]
        parts = [part.strip().lstrip("#") for part in text.split(",") if part.strip()]
        bad = [part for part in parts if not part.isdigit()]
        if bad:
            raise forms.ValidationError("Comment numbers are whole numbers, like 1234")
        wanted = sorted({int(part) for part in parts})
        found = {c.pk: c for c in self._comments.filter(pk__in=wanted)}
        missing = [str(pk) for pk in wanted if pk not in found]
        if missing:
            raise forms.ValidationError(
                "There is no comment you can read with the number " + ", ".join(missing)
            )
        not_survey = [str(pk) for pk in wanted if found[pk].survey_comment_id is None]
        if not_survey:
            raise forms.ValidationError(
                "Only survey comments can be linked here: comment " + ", ".join(not_survey)
                + " came from a complaint, repair or ASB case (link the complaint instead)"
            )
        return [found[pk].survey_comment for pk in wanted]

    def clean_complaint_refs(self):
        refs = sorted({ref.strip() for ref in self.cleaned_data["complaint_refs"].split(",")
                       if ref.strip()})
        found = {c.complaint_ref: c for c in self._complaints.filter(complaint_ref__in=refs)}
        missing = [ref for ref in refs if ref not in found]
        if missing:
            raise forms.ValidationError(
                "There is no complaint you can see with the reference " + ", ".join(missing)
            )
        return [found[ref] for ref in refs]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("group_kind") and not cleaned.get("group_value"):
            self.add_error("group_value", "Enter which one, for example the area's name")
        if cleaned.get("tenure") and not cleaned.get("measure_code"):
            self.add_error("tenure", "Choose a measure, or leave the tenure blank")
        return cleaned


class NewActionForm(ActionForm):
    due_on = day_field("When is it due? (optional)", what="it is due")
    due_on.required = False


class AgreeForm(forms.Form):
    agreed_on = day_field("When was it agreed?", what="it was agreed")
    due_on = day_field("When is it due? (optional)", what="it is due")
    due_on.required = False


class DoneForm(forms.Form):
    done_on = day_field("When was it done?", what="it was done")


class DropForm(forms.Form):
    reason = text_field("Why is it being dropped?",
                        required_message="Enter why the action is being dropped", rows=4)


class DeadlineForm(forms.Form):
    due_on = day_field("What is the new deadline?", what="of the new deadline")
    reason = text_field("Why is it moving?", required_message="Enter why the deadline is moving",
                        rows=3)


class ConfirmForm(forms.Form):
    """A transition with nothing to enter (starting work)."""


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Milestone", max_length=200,
                            error_messages={"required": "Enter the milestone"})
    due_on = day_field("When is it due? (optional)", what="it is due")
    due_on.required = False


class PlanFilterForm(forms.Form):
    """Which actions to list; blank means any. Read from the query string."""

    measure = forms.ChoiceField(label="Measure", choices=[("", "Any")] + MEASURE_CHOICES[1:],
                                required=False)
    theme = forms.ChoiceField(label="Theme", choices=[], required=False)
    area = forms.ChoiceField(label="Area", choices=[], required=False)
    owner = forms.ChoiceField(label="Owner", choices=[], required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Any")] + ActionStatus.choices,
                               required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any")] + sorted(
            {(t.code, t.label) for t in _themes()}, key=lambda pair: pair[1]
        )
        areas = sorted(set(actions.exclude(area="").values_list("area", flat=True)))
        self.fields["area"].choices = [("", "Any"), ("-", "The whole landlord")] + [
            (area, area) for area in areas
        ]
        named = set()
        for pk, first, last, username, name in actions.values_list(
            "owner", "owner__first_name", "owner__last_name", "owner__username", "owner_name"
        ):
            if pk:
                named.add((f"user:{pk}", f"{first} {last}".strip() or username))
            elif name:
                named.add((f"name:{name}", name))
        self.fields["owner"].choices = [("", "Anyone")] + sorted(named, key=lambda p: p[1])
