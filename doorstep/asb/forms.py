"""The filters above the list of anti-social behaviour cases. They only read what was typed."""

from doorstep.asb.services import STATES
from doorstep.web.filters import DateRangeForm, building_field, choice_field, optional_day


class AsbFilterForm(DateRangeForm):
    state = choice_field("Open or closed", every="Open and closed", choices=STATES)
    hate = choice_field("Hate incidents", every="Every case", choices=[
        ("yes", "Only cases involving a hate incident")])
    since = optional_day("Opened on or after", what="The first opening date")
    until = optional_day("Opened on or before", what="The last opening date")
    building = building_field()

    def as_filters(self) -> dict:
        """The keyword arguments of ``services.asb_case_list`` for what was typed."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "state": data.get("state", ""),
            "hate_related": data.get("hate") == "yes",
            "opened_from": data.get("since"),
            "opened_to": data.get("until"),
            "building_ref": (data.get("building") or "").strip(),
        }
