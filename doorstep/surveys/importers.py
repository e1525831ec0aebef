"""Import format for survey responses: TSM answers, filter questions and comments."""

from doorstep.complaints.importers import check_tenure
from doorstep.imports import columns as c
from doorstep.imports.framework import Children, Column, Dataset
from doorstep.imports.values import code_parser, parse_positive_number
from doorstep.stock.importers import home_column, tenure_column
from doorstep.surveys.models import (
    QUESTIONS,
    Answer,
    Channel,
    Comment,
    FilterAnswer,
    SurveyResponse,
)

_DONT_KNOW = {
    "dont_know": Answer.DONT_KNOW,
    "don't know": Answer.DONT_KNOW,
    "not applicable": Answer.DONT_KNOW,
    "n/a": Answer.DONT_KNOW,
    "refused": Answer.DONT_KNOW,
}
_NUMBERS = {str(answer.value): answer for answer in Answer if answer != Answer.DONT_KNOW}

SATISFIED_SCALE = {
    "very_satisfied": Answer.VERY_SATISFIED,
    "fairly_satisfied": Answer.FAIRLY_SATISFIED,
    "neither": Answer.NEITHER,
    "neither satisfied nor dissatisfied": Answer.NEITHER,
    "fairly_dissatisfied": Answer.FAIRLY_DISSATISFIED,
    "very_dissatisfied": Answer.VERY_DISSATISFIED,
    **_NUMBERS,
    **_DONT_KNOW,
}
AGREE_SCALE = {  # TP08 only
    "strongly_agree": Answer.VERY_SATISFIED,
    "agree": Answer.FAIRLY_SATISFIED,
    "neither": Answer.NEITHER,
    "neither agree nor disagree": Answer.NEITHER,
    "disagree": Answer.FAIRLY_DISSATISFIED,
    "strongly_disagree": Answer.VERY_DISSATISFIED,
    **_NUMBERS,
    **_DONT_KNOW,
}
FILTER_SPELLINGS = {
    "yes": FilterAnswer.YES, "y": FilterAnswer.YES, "true": FilterAnswer.YES, "1": FilterAnswer.YES,
    "no": FilterAnswer.NO, "n": FilterAnswer.NO, "false": FilterAnswer.NO, "0": FilterAnswer.NO,
    "dont_know": FilterAnswer.DONT_KNOW, "don't know": FilterAnswer.DONT_KNOW,
}
FILTERS = ("had_repair", "made_complaint", "has_communal_areas")
COMMENT_COLUMNS = ("comment", *(f"comment_{q.lower()}" for q in QUESTIONS))


def _answer_column(question: str) -> Column:
    scale = AGREE_SCALE if question == "TP08" else SATISFIED_SCALE
    what = "agree/disagree answer" if question == "TP08" else "satisfaction answer"
    return Column(question.lower(), code_parser(scale, what=what))


def _check_response(values: dict):
    yield from check_tenure(values, what="response")
    comments = []
    for name in COMMENT_COLUMNS:
        text = values.pop(name)
        if text:
            question = "" if name == "comment" else name.removeprefix("comment_").upper()
            comments.append((question, text))
    values["comments"] = tuple(comments)


SURVEY_RESPONSES = Dataset(
    name="survey_responses",
    model=SurveyResponse,
    ref="response_ref",
    fields=(
        "response_ref", "survey", "home_id", "tenure", "completed_on", "channel",
        *(q.lower() for q in QUESTIONS), *FILTERS, "weight",
    ),
    needs=("homes",),
    description="Survey responses: one row per completed interview or questionnaire.",
    columns=lambda lookups: [
        c.reference("response_ref"),
        c.short_text("survey", max_length=100, default="TSM"),
        home_column(lookups),
        tenure_column(required=False),
        c.date_column("completed_on", required=True),
        c.choices(
            "channel", Channel, what="channel", required=True,
            extra_spellings={"phone": Channel.TELEPHONE, "post": Channel.POSTAL,
                             "paper": Channel.POSTAL, "web": Channel.ONLINE},
        ),
        *(_answer_column(q) for q in QUESTIONS),
        *(Column(name, code_parser(FILTER_SPELLINGS, what="filter answer (yes, no or "
                                   "dont_know)"), default="") for name in FILTERS),
        Column("weight", parse_positive_number),
        *(c.free_text(name) for name in COMMENT_COLUMNS),
    ],
    check_row=_check_response,
    children=Children(
        model=Comment, parent_field="response_id", fields=("question", "text"), key="comments"
    ),
)
