"""The filters above the repairs list. They only read what was typed."""

from doorstep.repairs.models import Priority, RepairStatus
from doorstep.web.filters import DateRangeForm, building_field, choice_field, optional_day


class RepairFilterForm(DateRangeForm):
    status = choice_field("Status", every="Any status", choices=RepairStatus.choices)
    priority = choice_field("Priority", every="Any priority", choices=Priority.choices)
    since = optional_day("Reported on or after", what="The first report date")
    until = optional_day("Reported on or before", what="The last report date")
    building = building_field()
    target = choice_field("Against its target", every="Any", choices=[
        ("late", "Past its target (open, or completed late)")])

    def as_filters(self) -> dict:
        """The keyword arguments of ``services.repair_list`` for what was typed."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "status": data.get("status", ""),
            "priority": data.get("priority", ""),
            "reported_from": data.get("since"),
            "reported_to": data.get("until"),
            "building_ref": (data.get("building") or "").strip(),
            "only_late": data.get("target") == "late",
        }
