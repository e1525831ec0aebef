"""Import format for anti-social behaviour cases."""

from doorstep.asb.models import AsbCase
from doorstep.imports import columns as c
from doorstep.imports.framework import Dataset
from doorstep.stock.importers import dates_in_order, home_column, keep_home_id


def _check_case(values: dict):
    keep_home_id(values)
    yield from dates_in_order(
        values, "opened_on", "closed_on", "is before opened_on: a case cannot close before "
        "it opens"
    )


ASB_CASES = Dataset(
    name="asb_cases",
    model=AsbCase,
    ref="case_ref",
    fields=("case_ref", "home_id", "opened_on", "closed_on", "hate_related", "category",
            "description"),
    needs=("homes",),
    description="Anti-social behaviour cases.",
    columns=lambda lookups: [
        c.reference("case_ref"),
        home_column(lookups),
        c.date_column("opened_on", required=True),
        c.date_column("closed_on"),
        c.yes_no("hate_related", default=False),
        c.category(),
        c.free_text("description"),
    ],
    check_row=_check_case,
)
