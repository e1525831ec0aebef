"""The filters above the building-safety compliance list. They only read what was typed."""

from django.utils import timezone

from doorstep.stock.compliance import STATES
from doorstep.stock.models import SafetyCheckType
from doorstep.web.filters import DateRangeForm, building_field, choice_field, optional_day


class ComplianceFilterForm(DateRangeForm):
    on = optional_day("Compliance on", what="The day to check compliance on")
    check_type = choice_field("Kind of check", every="Every kind of check",
                              choices=SafetyCheckType.choices)
    state = choice_field("Valid or not", every="Valid and not valid", choices=STATES)
    since = optional_day("Next check due on or after", what="The first due date")
    until = optional_day("Next check due on or before", what="The last due date")
    building = building_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].help_text = "Blank: today. For the year's measures, 31 March."

    @property
    def filtered(self) -> bool:
        """The day is not a filter: every requirement in force that day is still shown."""
        return self.is_bound and self.is_valid() and any(
            value for name, value in self.cleaned_data.items() if name != "on")

    def as_filters(self) -> dict:
        """The keyword arguments of ``compliance.compliance_list`` for what was typed."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "on": data.get("on") or timezone.localdate(),
            "check_type": data.get("check_type", ""),
            "state": data.get("state", ""),
            "due_from": data.get("since"),
            "due_to": data.get("until"),
            "building_ref": (data.get("building") or "").strip(),
        }
