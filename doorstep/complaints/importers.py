"""Import format for complaints (both stages on one row)."""

from doorstep.complaints.models import (
    Complaint,
    ComplaintCategory,
    Outcome,
    RootCause,
    keep_casework_learning,
)
from doorstep.imports import columns as c
from doorstep.imports.framework import Column, Dataset, RowProblem
from doorstep.imports.values import Invalid, code_key, whole_number_parser
from doorstep.stock.importers import home_column, tenure_column

STAGE2_DATES = ("stage2_acknowledged_on", "stage2_responded_on")


def check_tenure(values: dict, *, what: str):
    """The tenure comes from the home where there is one; a different tenure is an error."""
    home = values.pop("home")
    values["home_id"] = home.id if home else None
    if home is None:
        if not values["tenure"]:
            yield RowProblem("tenure", f"is empty: a {what} with no home_ref needs a tenure")
        return
    if values["tenure"] and values["tenure"] != home.tenure:
        yield RowProblem(
            "tenure", f"is {values['tenure']}, but the home's tenure is {home.tenure}"
        )
    values["tenure"] = home.tenure


def _check_complaint(values: dict):
    yield from check_tenure(values, what="complaint")
    if values["escalated_on"] is None:
        for name in STAGE2_DATES:
            if values[name] is not None:
                yield RowProblem(name, "has a date, but escalated_on is empty: stage 2 starts "
                                 "when the escalation is received")
        if values["stage2_extension_days"]:
            yield RowProblem("stage2_extension_days", "is set, but escalated_on is empty")
    elif values["escalated_on"] < values["received_on"]:
        yield RowProblem("escalated_on", "is before received_on")


def root_cause_column() -> Column:
    """A root cause from the list, by its code or its label (any case); unknown ones refused.

    The list is read when an import starts, so causes an administrator adds count at once.
    """
    causes = list(RootCause.objects.order_by("position", "label").values_list(
        "pk", "code", "label"))
    table = {}
    for pk, code, label in causes:
        table[code_key(code)] = pk
        table[code_key(label)] = pk
    listed = ", ".join(code for _, code, _ in causes)

    def parse(text: str) -> int:
        pk = table.get(code_key(text))
        if pk is None:
            raise Invalid(
                f"{text!r} is not a root cause Doorstep knows: use one of {listed} (the code "
                "or its label; an administrator can add causes to the list)"
            )
        return pk

    return Column("root_cause", parse, field="root_cause_id")


def complaint_category_column() -> Column:
    """A category from the list, by its code or its label (any case); unknown ones refused.

    Read when an import starts, so categories an administrator adds count at once. Kept as the
    code, as the complaint form keeps it.
    """
    table = {}
    codes = []
    for code, label in ComplaintCategory.objects.order_by("position", "label").values_list(
            "code", "label"):
        table[code_key(code)] = code
        table[code_key(label)] = code
        codes.append(code)
    listed = ", ".join(codes)

    def parse(text: str) -> str:
        code = table.get(code_key(text))
        if code is None:
            raise Invalid(
                f"{text!r} is not a complaint category Doorstep knows: use one of {listed} "
                "(the code or its label; an administrator can add categories to the list)"
            )
        return code

    return Column("category", parse, default="")


def _outcome(name: str):
    return c.choices(name, Outcome, what="outcome", default="")


COMPLAINTS = Dataset(
    name="complaints",
    model=Complaint,
    ref="complaint_ref",
    fields=(
        "complaint_ref", "home_id", "tenure", "received_on", "stage1_acknowledged_on",
        "stage1_extension_days", "stage1_responded_on", "stage1_outcome", "escalated_on",
        "stage2_acknowledged_on", "stage2_extension_days", "stage2_responded_on",
        "stage2_outcome", "withdrawn_on", "category", "description", "compensation_gbp",
        "root_cause_id", "learning",
    ),
    needs=("homes",),
    description="Complaints: one row per complaint; stage 2 is the same complaint escalated.",
    columns=lambda lookups: [
        c.reference("complaint_ref"),
        home_column(lookups),
        tenure_column(required=False),
        c.date_column("received_on", required=True),
        c.date_column("stage1_acknowledged_on"),
        Column("stage1_extension_days", whole_number_parser(low=0, high=10), default=0),
        c.date_column("stage1_responded_on"),
        _outcome("stage1_outcome"),
        c.date_column("escalated_on"),
        c.date_column("stage2_acknowledged_on"),
        Column("stage2_extension_days", whole_number_parser(low=0, high=20), default=0),
        c.date_column("stage2_responded_on"),
        _outcome("stage2_outcome"),
        c.date_column("withdrawn_on"),
        complaint_category_column(),
        c.free_text("description"),
        c.money("compensation_gbp", aliases=("compensation",)),
        root_cause_column(),
        c.free_text("learning", aliases=("lessons", "lessons_learned")),
    ],
    check_row=_check_complaint,
    find_conflicts=Complaint.import_conflicts,
    after_write=keep_casework_learning,
)
