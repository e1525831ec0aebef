"""Coding the comments in the database: corrections kept, flags due, what panels may see."""

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model

from doorstep.complaints.models import Complaint
from doorstep.core.periods import UK
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice import services
from doorstep.voice.models import CodedComment, Correction, HazardFlag, LearnedPhrase

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_CHRISTMAS = date(2025, 12, 19)


def _comment(home, ref, text, *, day=date(2025, 11, 3)):
    response = SurveyResponse.objects.create(
        response_ref=ref, home=home, tenure="LCRA", completed_on=day, channel="online", tp01=4
    )
    return Comment.objects.create(response=response, text=text)


@pytest.fixture
def home():
    return Home.objects.create(home_ref="H000001", tenure="LCRA", area="North")


def test_it_loads_the_default_framework_with_fifteen_themes():
    framework = services.active_framework()
    assert framework.version == 1
    themes = list(framework.themes.all())
    assert len(themes) == 15
    repairs = next(t for t in themes if t.code == "repairs")
    assert repairs.measure_codes[:2] == ["TP02", "TP03"]
    assert repairs.description and repairs.example_phrases
    assert services.themes_for_measure("TP10") == ["communal_areas"]


def test_it_codes_survey_comments_and_descriptions(home):
    _comment(home, "S1", "Black mould in the bedroom, call Sharon on 07700 900461")
    Complaint.objects.create(complaint_ref="C1", home=home, tenure="LCRA",
                             received_on=date(2025, 10, 1),
                             description="Nobody rings back about my complaint")
    Repair.objects.create(repair_ref="R1", home=home,
                          reported_at=datetime(2025, 9, 1, 9, tzinfo=UK),
                          target_at=datetime(2025, 9, 29, 9, tzinfo=UK), priority="non_emergency",
                          status="open", description="")
    run = services.code_everything(today=FRIDAY_BEFORE_CHRISTMAS)
    # the repair has no description, so two comments: one survey comment, one complaint
    assert (run.coded, run.created) == (2, 2)
    survey = CodedComment.objects.get(source="survey")
    assert survey.redacted_text == "Black mould in the bedroom, call [name] on [phone]"
    assert "damp_mould" in set(survey.mentions.values_list("theme_code", flat=True))
    complaint = CodedComment.objects.get(source="complaint")
    assert {"communication", "complaints_handling"} <= set(
        complaint.mentions.values_list("theme_code", flat=True))


def test_it_sets_follow_up_one_working_day_after_the_comment_reached_the_landlord(home):
    comment = _comment(home, "S1", "I can smell gas in the kitchen", day=FRIDAY_BEFORE_CHRISTMAS)
    # Coded a fortnight later (the worker was down): still due the working day after it came.
    services.code_everything(today=date(2026, 1, 5))
    flag = HazardFlag.objects.get()
    # Friday 19 December 2025 -> the next working day is Monday 22 December
    assert (flag.kind, flag.flagged_on, flag.follow_up_by, flag.historical) == (
        "uncombusted_fuel_gas", FRIDAY_BEFORE_CHRISTMAS, date(2025, 12, 22), False)
    HazardFlag.objects.all().delete()
    SurveyResponse.objects.filter(pk=comment.response_id).update(completed_on=date(2025, 12, 24))
    services.code_everything(today=date(2026, 1, 5))
    # Wednesday 24 Dec -> 25 and 26 are bank holidays, 27-28 the weekend: Monday 29 Dec
    assert HazardFlag.objects.get().follow_up_by == date(2025, 12, 29)


def test_it_keeps_staff_corrections_when_coding_again(home):
    _comment(home, "S1", "The lift in our block is always broken")
    services.code_everything()
    coded = CodedComment.objects.get()
    coded_themes = set(coded.mentions.values_list("theme_code", flat=True))
    assert "communal_areas" in coded_themes
    officer = get_user_model().objects.create(username="officer")
    services.record_correction(coded_comment=coded, user=officer,
                               themes=["communal_areas", "safety_security"],
                               sentiment="neutral", note="lift outage is a safety issue")
    services.code_everything()
    services.code_everything()
    coded.refresh_from_db()
    assert set(coded.mentions.values_list("theme_code", flat=True)) == {
        "communal_areas", "safety_security"}
    assert coded.sentiment == "neutral"
    correction = Correction.objects.get(field="themes")
    assert correction.corrected_by == officer
    assert correction.after == "communal_areas;safety_security"
    counts = services.correction_counts()
    assert (counts["corrections"], counts["themes"], counts["sentiment"]) == (2, 1, 1)
    assert counts["themes_added"] == {"safety_security": 1}


def test_it_learns_a_phrase_staff_keep_adding(home):
    first = _comment(home, "S1", "The intercom buzzer is dead again")
    second = _comment(home, "S2", "Fix the intercom buzzer please", day=date(2025, 11, 4))
    services.code_everything()
    for comment in (first, second):
        coded = CodedComment.objects.get(survey_comment=comment)
        services.record_correction(coded_comment=coded, themes=["safety_security"])
    learned = {(p.theme.code, p.phrase) for p in services.learn_from_corrections()}
    assert ("safety_security", "intercom buzzer") in learned
    coder = services.build_coder().coder
    assert "safety_security" in coder.code("my intercom buzzer is broken").theme_codes


def test_it_learns_a_phrase_given_with_a_correction(home):
    comment = _comment(home, "S1", "The tannoy is broken")
    services.code_everything()
    coded = CodedComment.objects.get(survey_comment=comment)
    services.record_correction(coded_comment=coded, themes=["communal_areas"], phrase="tannoy")
    assert LearnedPhrase.objects.get().phrase == "tannoy"
    assert "communal_areas" in services.build_coder().coder.code("tannoy again").theme_codes


def test_it_refuses_an_unknown_theme_in_plain_english(home):
    comment = _comment(home, "S1", "Fine")
    services.code_everything()
    coded = CodedComment.objects.get(survey_comment=comment)
    with pytest.raises(services.VoiceError, match="Unknown theme 'parking'"):
        services.record_correction(coded_comment=coded, themes=["parking"])


def test_it_hides_flagged_comments_from_panels_and_the_public(home):
    _comment(home, "S1", "Some days I dont want to be here anymore")
    _comment(home, "S2", "Karen Hughes was lovely", day=date(2025, 11, 4))
    services.code_everything()
    everything = CodedComment.objects.all()
    assert services.for_audience(everything, audience="staff").count() == 2
    for audience in ("panel", "public"):
        shown = list(services.for_audience(everything, audience=audience))
        assert [services.shown_text(c, audience=audience) for c in shown] == [
            "[name] was lovely"]
    with pytest.raises(services.VoiceError, match="Unknown audience"):
        services.for_audience(everything, audience="press")


def test_it_lists_hazard_flags_needing_a_case(home):
    _comment(home, "S1", "Water pouring through the ceiling")
    _comment(home, "S2", "I am housebound", day=date(2025, 11, 4))
    services.code_everything(today=date(2025, 11, 20))
    needing = list(services.flags_needing_case())
    # water through a ceiling: HHSRS damp and mould growth
    assert [flag.kind for flag in needing] == ["damp_mould"]
    services.mark_case_opened(flag=needing[0], case_ref="HZ-1")
    assert not services.flags_needing_case().exists()
    assert [(f.kind, f.sub_kind, f.label) for f in services.safeguarding_flags_open()] == [
        ("safeguarding", "vulnerable_resident",
         "Safeguarding: vulnerable resident (at risk from a hazard or not coping)")]
