"""Publishing a reporting year: figures frozen once final, corrections as new versions.

The landlord of these tests (``small_landlord``, used by the other publishing tests too) has
in 2024/25: 20 LCRA homes and 5 LCHO homes; 12 LCRA and 4 LCHO survey answers; three
non-emergency repairs (two in target); two stage 1 complaints; one ASB case; residents'
comments with personal details planted in them. Figures worked by hand below.
"""

from datetime import date

import pytest
from django.core.management import call_command
from test_management_measures import asb_case, complaint, home, repair

from doorstep.core.periods import ReportingYear
from doorstep.imports.services import import_file
from doorstep.measures.cache import figure_store, figures_changed
from doorstep.publishing import services
from doorstep.publishing.models import PublishedMeasure, PublishedVersion, PublishingActivity
from doorstep.surveys.models import ApproachNotes, Comment, SampleMethod, Survey, SurveyKind
from doorstep.surveys.models import SurveyResponse as Response

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2024)
TODAY = date(2026, 6, 1)
NOTE = "We changed from phone to online interviews, so compare with last year with care."
PLANTED = ("Mrs Jane Plantedname", "07700 900123", "12 Acacia Road")


def respond(ref, *, tenure, home_, channel, answer, **fields):
    answers = {f"tp{n:02d}": answer for n in range(1, 13)}
    if tenure == "LCHO":
        for n in (2, 3, 4):
            answers.pop(f"tp{n:02d}")
    return Response.objects.create(
        response_ref=ref, tenure=tenure, home=home_, completed_on=date(2024, 10, 1),
        channel=channel, **answers, **fields,
    )


@pytest.fixture
def small_landlord():
    rented = [home(f"H{n:02d}", area="North" if n < 10 else "South") for n in range(20)]
    owned = [home(f"S{n}", tenure="LCHO", area="North") for n in range(5)]
    # LCRA: 12 answers, 1 1 1 1 1 2 2 2 3 4 5 9 -> 8 satisfied of 11 on the scale (72.7%).
    answers = [1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5, 9]
    for n, answer in enumerate(answers):
        respond(f"R{n:02d}", tenure="LCRA", home_=rented[n], answer=answer,
                channel="telephone" if n < 8 else "online",
                had_repair="yes" if n < 9 else "no" if n < 11 else "",
                made_complaint="yes" if n < 3 else "no",
                has_communal_areas="yes" if n < 6 else "no")
    # No answer to TP02/TP03 for those who said they had no repair.
    Response.objects.filter(had_repair="no").update(tp02=None, tp03=None)
    Response.objects.filter(made_complaint="no").update(tp09=None)
    Response.objects.filter(has_communal_areas="no").update(tp10=None)
    # LCHO: 4 answers, 1 2 4 5 -> 2 of 4 (50%).
    for n, answer in enumerate([1, 2, 4, 5]):
        respond(f"O{n}", tenure="LCHO", home_=owned[n], answer=answer, channel="postal")
    survey = Survey.objects.create(
        name="TSM 2024/25", kind=SurveyKind.PERCEPTION, tenure_scope="combined", year="2024/25",
        fieldwork_starts=date(2024, 9, 1), fieldwork_ends=date(2024, 11, 30),
        sample_method=SampleMethod.CENSUS,
    )
    ApproachNotes.objects.create(
        survey=survey, contractor="None: our own staff ran the survey.",
        incentives="None.", representativeness="The answers match the homes well.",
        other_issues="None.", missed_sample_reasons="Too few homes answered.",
    )
    for n, text in enumerate((
        f"Please call {PLANTED[0]} on {PLANTED[1]}, I live at {PLANTED[2]}.",
        "The repairs took far too long to finish.",
    )):
        Comment.objects.create(response=Response.objects.get(response_ref=f"R0{n}"),
                               question="TP01", text=text)
    repair("P1", home=rented[0], reported="2024-05-01T09:00", target="2024-05-20T17:00",
           completed="2024-05-10T12:00")
    repair("P2", home=rented[1], reported="2024-07-01T09:00", target="2024-07-20T17:00",
           completed="2024-07-22T20:30")
    repair("P3", home=rented[2], reported="2024-08-01T09:00", target="2024-08-20T17:00",
           completed="2024-08-02T20:30")
    complaint("C1", received=date(2024, 5, 1), home=rented[0],
              stage1_acknowledged_on=date(2024, 5, 2), stage1_responded_on=date(2024, 5, 8))
    complaint("C2", received=date(2024, 6, 3), home=rented[1],
              stage1_acknowledged_on=date(2024, 6, 4), stage1_responded_on=date(2024, 8, 30))
    asb_case("N1", opened=date(2024, 5, 1))
    figures_changed()
    return {"rented": rented, "owned": owned, "survey": survey}


def publish(**overrides):
    texts = dict(methodological_note=NOTE, non_emergency_target="20 working days",
                 emergency_target="24 hours", today=TODAY)
    return services.publish_year(year=YEAR, by=None, **(texts | overrides))


def figure(version, code, tenure):
    return version.figures.get(code=code, tenure=tenure)


def test_it_freezes_every_measure_part_and_tenure_with_what_is_published_beside_them(
    small_landlord,
):
    version = publish()

    assert (version.number, version.year, version.reason) == (1, "2024/25", "")
    codes = set(version.figures.values_list("code", flat=True))
    assert len(codes) == 26  # 22 measures, four of them in two parts
    tp01 = figure(version, "TP01", "LCRA")
    assert (tp01.numerator, tp01.denominator) == (8.0, 11.0)
    assert tp01.value == pytest.approx(800 / 11)
    assert tp01.details["counts"]["dont_know"] == 1.0
    assert figure(version, "TP01", "LCHO").value == 50.0
    assert figure(version, "TP01", "combined").value == pytest.approx(1000 / 15)
    rp02 = figure(version, "RP02-1", "LCRA")
    assert (rp02.numerator, rp02.denominator) == (2.0, 3.0)
    assert figure(version, "RP02-2", "LCRA").value is None  # no emergency repairs: [U]
    assert figure(version, "CH01-1", "LCRA").value == 100.0  # 2 per 20 homes, per 1,000
    ch02 = figure(version, "CH02-1", "LCRA")
    assert (ch02.numerator, ch02.denominator) == (1.0, 2.0)
    assert figure(version, "NM01-1", "combined").value == 40.0  # 1 case per 25 homes
    assert figure(version, "TP01", "LCRA").name == "Satisfied with the overall service"

    assert version.methodological_note == NOTE
    assert (version.non_emergency_target, version.emergency_target) == (
        "20 working days", "24 hours")
    assert "Complaint Handling Code" in version.complaint_timescales
    assert version.conventions["withdrawn_complaints"] == "exclude"
    assert version.summary_of_approach[0]["survey"] == "TSM 2024/25"
    headings = [heading for heading, _ in version.summary_of_approach[0]["sections"]]
    assert headings[0] == "Achieved sample size" and "Incentives" in headings
    context = version.survey_context["LCRA"]
    assert (context["relevant_population"], context["sample_achieved"]) == (20, 12)
    assert context["responses_by_method"]["telephone"] == 8
    assert context["filter_counts"]["had_repair"] == {"yes": 9.0, "no": 2.0}
    assert version.homes_owned == 25
    entry = PublishingActivity.objects.get()
    assert entry.action == "published" and "version 1" in entry.summary


def test_it_keeps_published_figures_when_a_later_import_changes_the_records(
    small_landlord, tmp_path
):
    version = publish()
    before = list(version.figures.values_list("code", "tenure", "numerator", "denominator"))
    # A late emergency repair arrives in an import after publication.
    upload = tmp_path / "repairs.csv"
    upload.write_text(
        "repair_ref,home_ref,reported_at,priority,target_at,completed_at\n"
        "P9,H05,2024-09-01T09:00,emergency,2024-09-02T09:00,2024-09-01T15:00\n"
    )
    report = import_file(dataset="repairs", path=upload, run_by="test")
    assert report.ok, report.as_dict()

    version.refresh_from_db()
    assert list(version.figures.values_list("code", "tenure", "numerator", "denominator")) == (
        before
    )
    assert figure(version, "RP02-2", "LCRA").value is None
    # The dashboard can tell the live figures no longer match.
    differences = services.live_differences(version=version, store=figure_store(as_of=TODAY))
    assert [(d.code, d.published, d.live) for d in differences] == [("RP02-2", None, 100.0)]


def test_it_publishes_a_correction_as_a_new_version_and_keeps_the_old_one(small_landlord):
    first = publish()
    repair("P9", home=small_landlord["rented"][5], reported="2024-09-01T09:00",
           target="2024-09-02T09:00", completed="2024-09-01T15:00", priority="emergency")
    figures_changed()

    with pytest.raises(services.PublishingError, match="reason"):
        services.correct_year(year=YEAR, by=None, reason="  ", today=TODAY)
    second = services.correct_year(year=YEAR, by=None, today=TODAY,
                                   reason="An emergency repair was missing from the extract.")

    assert second.number == 2
    assert second.reason == "An emergency repair was missing from the extract."
    assert second.methodological_note == NOTE  # carried over
    assert figure(second, "RP02-2", "LCRA").value == 100.0
    assert figure(services.version_of(year=YEAR, number=1), "RP02-2", "LCRA").value is None
    assert services.version_of(year=YEAR).number == 2
    assert PublishedVersion.objects.count() == 2
    assert PublishedMeasure.objects.filter(version=first).count() == (
        PublishedMeasure.objects.filter(version=second).count())
    assert [e.action for e in PublishingActivity.objects.order_by("pk")] == [
        "published", "corrected"]


def test_it_publishes_a_year_once_and_only_once_it_has_ended(small_landlord):
    with pytest.raises(services.PublishingError, match="has not ended"):
        services.publish_year(year=ReportingYear(2026), by=None, methodological_note=NOTE,
                              non_emergency_target="20 days", emergency_target="24 hours",
                              today=TODAY)
    with pytest.raises(services.PublishingError, match="Enter the note of methodological"):
        publish(methodological_note=" ")
    publish()
    with pytest.raises(services.PublishingError, match="already published"):
        publish()


def test_it_can_publish_from_the_command_line(small_landlord, capsys):
    call_command("publish_year", "--year", "2024/25", "--note", NOTE,
                 "--non-emergency-target", "20 working days", "--emergency-target", "24 hours")
    version = services.version_of(year=YEAR)
    assert version.published_by_name == "command line"
    assert "Published 2024/25 version 1" in capsys.readouterr().out
