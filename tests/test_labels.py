"""One plain-English label for every code (issue 17 item 5): doorstep.core.labels."""

from datetime import date

import pytest
from django.template import Context, Template

from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.core.labels import label, labels
from doorstep.imports.datasets import DATASETS
from doorstep.imports.framework import Lookups, normalise_heading
from doorstep.surveys.models import SurveyResponse
from doorstep.web.templatetags.doorstep import heading
from doorstep.web.testing import text_of


def render(source: str, **context) -> str:
    return Template("{% load doorstep %}" + source).render(Context(context))


def test_it_labels_a_code_in_the_models_own_words():
    assert label("face_to_face") == "Face to face"  # a survey's channel
    assert label("non_emergency") == "Non-emergency"  # a repair's priority
    assert label("significant") == "Significant hazard"  # a hazard case's kind
    assert label("excess_cold") == "Excess cold"  # from the HHSRS hazard list


def test_it_labels_the_codes_no_model_names_from_the_hand_written_list():
    assert label("damp_mould") == "Damp and mould"
    assert label("doors_windows") == "Doors and windows"
    assert label("very_satisfied") == "Very satisfied"
    assert label("dont_know") == "Don't know"
    assert label("had_repair") == "Had a repair"
    assert label("asb_cases") == "Anti-social behaviour (ASB) cases"
    assert label("rent_charges") == "Rent and charges"


def test_it_labels_a_convention_and_each_value_under_its_own_convention():
    assert label("superseded_responses") == "Survey responses from a home that answered again"
    assert (label("latest", within="superseded_responses")
            == "only each home's latest response in the year counts")
    # "exclude" is a value of two conventions, and reads the same here only by chance of
    # wording: each is looked up under its own.
    assert label("exclude", within="withdrawn_complaints") == "left out"
    assert (label("in_denominator", within="unassessed_homes")
            == "counted among the homes and listed as a data-quality warning")
    assert (label("day_zero", within="working_day_start")
            == "day 0, whatever day of the week it is")


def test_it_reads_a_code_someone_capitalised_as_the_code():
    assert label("Asb") == "Anti-social behaviour (ASB)"
    assert label("Rent_charges") == "Rent and charges"


def test_it_writes_an_unknown_code_as_words_keeping_abbreviations_in_capitals():
    assert label("rent_arrears_letter") == "Rent arrears letter"
    assert label("asb_hotspot") == "ASB hotspot"
    assert label("tsm_return") == "TSM return"
    assert label("hhsrs_score") == "HHSRS score"
    assert label("rsh_peer_group") == "RSH peer group"
    assert label("chc_section") == "CHC section"
    assert label("pdf_pack") == "PDF pack"
    assert label("csv_export") == "CSV export"
    assert label("sms_reminder") == "SMS reminder"
    assert label("comment_tp01") == "Comment TP01"
    assert label("stage1_outcome") == "Stage 1 outcome"


def test_it_leaves_references_words_and_other_values_as_they_are():
    assert label("H000647") == "H000647"
    assert label("2025-04-26") == "2025-04-26"
    assert label("") == ""
    assert label(None) is None
    assert label(1.5) == 1.5


def test_it_has_no_label_that_is_itself_a_code():
    with_underscore = {code: text for code, text in labels().items() if "_" in text}
    assert with_underscore == {}


def test_it_gives_templates_the_label_filter_escaped():
    assert render("{{ code|label }}", code="doors_windows") == "Doors and windows"
    assert render("{{ value|label:key }}", key="withdrawn_complaints",
                  value="include_late") == "counted as responded to late"
    assert render("{{ code|label }}", code="<b>new_trade</b>") == "&lt;b&gt;new trade&lt;/b&gt;"


def test_it_writes_import_columns_as_headings_the_import_still_reads():
    assert render("{{ name|heading }}", name="home_ref") == "Home ref"
    assert heading("stage2_acknowledged_on") == "Stage 2 acknowledged on"
    assert heading("comment_tp12") == "Comment TP12"


@pytest.mark.django_db  # the complaints columns read the categories an administrator keeps
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_it_shows_every_column_of_a_dataset_as_a_heading_that_matches_it(dataset):
    no_records = Lookups(homes={}, buildings={})
    for column in DATASETS[dataset].columns(no_records):
        for name in (column.name, *column.aliases):
            assert "_" not in heading(name)
            assert normalise_heading(heading(name)) == normalise_heading(name)


@pytest.mark.django_db
def test_it_names_the_conventions_on_the_year_at_a_glance_in_words(client, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    client.force_login(cast()["analyst"])
    text = text_of(client.get("/measures/?year=2025/26").content)
    assert ("Computed under these conventions: Survey responses from a home that answered "
            "again: only each home's latest response in the year counts; Complaints with no "
            "acknowledgement date: the response clock runs from the acknowledgement deadline; "
            "Complaints withdrawn before a response: left out; Homes with no stock-condition "
            "assessment: counted among the homes and listed as a data-quality warning; The "
            "day a clock starts: day 0, whatever day of the week it is.") in text
    assert "superseded_responses" not in text and "day_zero" not in text



@pytest.mark.django_db
def test_it_lists_the_records_behind_a_measure_with_labels_for_their_codes(client, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    SurveyResponse.objects.create(response_ref="S1", tenure="LCRA", completed_on=date(2025, 10, 1),
                                  channel="face_to_face", tp01=2)
    client.force_login(cast()["analyst"])
    text = text_of(client.get("/measures/TP01/records/?year=2025/26&tenure=LCRA").content)
    assert ("Response reference Home reference Tenure Completed on Channel Answer Filter Weight "
            "In the base Reason S1 Low cost rental accommodation (LCRA) 2025-10-01 Face to face "
            "Fairly satisfied 1.0 yes") in text
    assert "face_to_face" not in text and "fairly_satisfied" not in text


@pytest.mark.parametrize(("text", "in_a_sentence"), [
    ("Homes", "homes"), ("Stock condition", "stock condition"), ("ASB cases", "ASB cases"),
    ("TP01 answers", "TP01 answers"), ("", "")])
def test_it_writes_a_label_inside_a_sentence_keeping_its_abbreviations(text, in_a_sentence):
    from doorstep.web.templatetags.doorstep import in_sentence

    assert in_sentence(text) == in_a_sentence
