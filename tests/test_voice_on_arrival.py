"""Residents' voice out of the box (issue 17 item 3): comments coded as they arrive, repair
job descriptions kept out of "what residents said", flags dated from when the comment came,
historical comments kept out of today's queue, one flag per household per hazard, and pages
that say why they list nothing."""

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from test_imports import COMPLAINT_ROWS, import_stock, load_ok

from doorstep.accounts.models import Profile, Role
from doorstep.core.periods import UK
from doorstep.ops.models import Job
from doorstep.ops.tasks import code_new_comments
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice import services
from doorstep.voice.models import CodedComment, HazardFlag

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 1)  # a Monday


@pytest.fixture
def coding_on_arrival(settings):
    settings.VOICE_CODE_ON_ARRIVAL = True


@pytest.fixture
def homes():
    return {ref: Home.objects.create(home_ref=ref, tenure="LCRA", area="North")
            for ref in ("H1", "H2")}


def answered(home, ref, text, *, day):
    response = SurveyResponse.objects.create(response_ref=ref, home=home, tenure="LCRA",
                                             completed_on=day, channel="online", tp01=2)
    return Comment.objects.create(response=response, question="TP01", text=text)


def staff(role=Role.ANALYST, username="analyst"):
    user = get_user_model().objects.create_user(username)
    Profile.objects.create(user=user, role=role)
    client = Client()
    client.force_login(user)
    return user, client


# --- coded when they arrive -------------------------------------------------------------


def test_it_codes_imported_complaint_descriptions_once_the_import_commits(
        tmp_path, coding_on_arrival, django_capture_on_commit_callbacks):
    import_stock(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        load_ok(tmp_path, "complaints", COMPLAINT_ROWS)
    # C1 says "Nobody came"; C2 has no description, so nothing to code
    coded = CodedComment.objects.get()
    assert (coded.source, coded.complaint.complaint_ref, coded.text) == (
        "complaint", "C1", "Nobody came")
    job = Job.objects.get(task_name=code_new_comments.module_path)
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 1, 1)
    assert job.message == "1 comment coded (1 new), 0 flags raised"


def test_it_codes_a_survey_answered_on_paper_as_soon_as_it_is_recorded(
        homes, coding_on_arrival, django_capture_on_commit_callbacks):
    from doorstep.surveys.services import add_own_question, create_survey, record_response

    survey = create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                           year="2025/26", fieldwork_starts=date(2025, 9, 1),
                           fieldwork_ends=date(2025, 12, 31))
    add_own_question(survey=survey, code="WHY01", kind="why", wording="Why do you say that?",
                     placed_after="TP01")
    with django_capture_on_commit_callbacks(execute=True):
        record_response(survey=survey, home=homes["H1"], channel="postal",
                        completed_on=date(2025, 11, 28),
                        answers={"TP01": 2, "WHY01": "I can smell gas in the kitchen"})
    coded = CodedComment.objects.get()
    assert (coded.source, coded.received_on) == ("survey", date(2025, 11, 28))
    flag = coded.hazard_flags.get()
    # Friday 28 November -> Monday 1 December
    assert (flag.kind, flag.follow_up_by) == ("uncombusted_fuel_gas", date(2025, 12, 1))


def test_it_codes_a_complaint_logged_by_staff(homes, coding_on_arrival,
                                              django_capture_on_commit_callbacks):
    from doorstep.complaints.services import log_complaint

    handler, _ = staff(Role.COMPLAINTS_HANDLER, "handler")
    with django_capture_on_commit_callbacks(execute=True):
        logged = log_complaint(by=handler, received_on=TODAY, channel="telephone",
                               home=homes["H1"], description="Nobody came about the leak")
    coded = CodedComment.objects.get()
    assert (coded.complaint, coded.source, coded.received_on) == (logged, "complaint", TODAY)


def test_it_queues_one_coding_job_however_many_comments_arrive_before_it_starts(
        coding_on_arrival):
    waiting = Job.objects.create(label="Code the comments that have arrived",
                                 task_name=code_new_comments.module_path)
    assert services.code_arrivals_in_background() == waiting
    assert services.code_arrivals_in_background() == waiting
    assert Job.objects.count() == 1


def test_it_codes_nothing_on_arrival_when_turned_off(settings, tmp_path,
                                                     django_capture_on_commit_callbacks):
    settings.VOICE_CODE_ON_ARRIVAL = False
    import_stock(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        load_ok(tmp_path, "complaints", COMPLAINT_ROWS)
    assert not CodedComment.objects.exists()
    assert not Job.objects.exists()


def test_it_codes_only_the_new_comments_when_asked_for_new_ones(homes):
    answered(homes["H1"], "S1", "The lift is broken again", day=TODAY)
    first = services.code_everything(today=TODAY)
    answered(homes["H2"], "S2", "Repairs are slow", day=TODAY)
    again = services.code_everything(today=TODAY, only_new=True)
    assert (first.coded, again.coded, again.created) == (1, 1, 1)
    assert CodedComment.objects.count() == 2


# --- only residents' words ----------------------------------------------------------------


def _repair(home, ref, text):
    return Repair.objects.create(
        repair_ref=ref, home=home, reported_at=datetime(2025, 11, 28, 9, tzinfo=UK),
        target_at=datetime(2025, 12, 26, 9, tzinfo=UK), priority="non_emergency",
        status="open", description=text)


def test_it_keeps_repair_job_descriptions_out_of_what_residents_said(homes):
    answered(homes["H1"], "S1", "The caretaker is lovely and the block is spotless", day=TODAY)
    _repair(homes["H1"], "R1", "Contractor to attend: tenant says she is being threatened by "
            "her neighbour, replace lock")
    services.code_everything(today=TODAY)
    assert set(CodedComment.objects.values_list("source", flat=True)) == {"survey", "repair"}
    _, client = staff()
    page = client.get("/voice/").content.decode()
    assert "The caretaker is lovely" in page
    assert "Contractor to attend" not in page
    assert "Where these words came from: survey comments 1." in page
    assert "Repair job descriptions are not included" in page
    assert '<option value="repair"' not in page  # not offered as a source to filter on
    summary = services.theme_summary()
    assert all(sum(counts.values()) == 1 for counts in summary.values())
    # Still checked for a resident at risk: the safeguarding flag is in the queue, and
    # opens from it.
    flag = HazardFlag.objects.get()
    assert (flag.kind, flag.coded_comment.source) == ("safeguarding", "repair")
    queue = client.get("/voice/flags/").content.decode()
    assert "Contractor to attend" in queue
    assert client.get(f"/voice/{flag.coded_comment_id}/").status_code == 200


# --- flags a team can work --------------------------------------------------------------


def test_it_marks_comments_from_before_the_look_back_window_historical(homes):
    answered(homes["H1"], "S1", "Black mould in the bedroom", day=date(2023, 5, 2))
    answered(homes["H2"], "S2", "Black mould in the bedroom", day=date(2025, 11, 20))
    services.code_everything(today=TODAY)
    by_home = {flag.coded_comment.home.home_ref: flag for flag in HazardFlag.objects.all()}
    assert (by_home["H1"].historical, by_home["H1"].flagged_on) == (True, date(2023, 5, 2))
    # 11 days before today: inside the 28-day window, due the working day after it came
    # (Thursday 20 November -> Friday 21 November), so overdue today.
    assert (by_home["H2"].historical, by_home["H2"].follow_up_by) == (False, date(2025, 11, 21))
    assert list(services.queued_flags()) == [by_home["H2"]]
    assert list(services.overdue_flags(today=TODAY)) == [by_home["H2"]]
    assert list(services.historical_flags()) == [by_home["H1"]]
    _, client = staff()
    queue = client.get("/voice/flags/").content.decode()
    assert "1 flag not yet followed up" in queue and "Historical (1)" in queue
    old = client.get("/voice/flags/?show=historical").content.decode()
    assert "1 historical flag not yet followed up" in old
    assert "more than 28 days before Doorstep first read them" in old


def test_it_raises_one_flag_per_household_and_hazard_and_joins_the_rest(homes):
    answered(homes["H1"], "S1", "Black mould in the bedroom", day=date(2025, 11, 24))
    answered(homes["H1"], "S2", "The mould is back on the ceiling", day=date(2025, 11, 26))
    answered(homes["H2"], "S3", "Mould all over the bathroom", day=date(2025, 11, 25))
    run = services.code_everything(today=TODAY)
    assert run.flags_raised == 3  # every comment keeps its own flag row (never to panels)
    queued = list(services.queued_flags().order_by("pk"))
    assert [(f.coded_comment.home.home_ref, f.flagged_on) for f in queued] == [
        ("H1", date(2025, 11, 24)), ("H2", date(2025, 11, 25))]
    second = HazardFlag.objects.get(coded_comment__survey_comment__response__response_ref="S2")
    assert second.joined_to == queued[0]
    # Coding again raises nothing new and joins nothing twice.
    assert services.code_everything(today=TODAY).flags_raised == 0
    assert services.queued_flags().count() == 2
    _, client = staff()
    assert "and 1 more comment from this home" in client.get("/voice/flags/").content.decode()


def test_it_follows_up_a_flag_and_the_comments_joined_to_it(homes):
    answered(homes["H1"], "S1", "Black mould in the bedroom", day=date(2025, 11, 24))
    answered(homes["H1"], "S2", "The mould is back on the ceiling", day=date(2025, 11, 26))
    services.code_everything(today=TODAY)
    first = services.queued_flags().get()
    user, client = staff(Role.ENGAGEMENT_OFFICER, "engagement")
    refused = client.post(f"/voice/flags/{first.pk}/", {"note": "  "})
    assert refused.status_code == 200
    assert "Say what was done about this flag" in refused.content.decode()
    assert HazardFlag.objects.filter(followed_up_at__isnull=True).count() == 2
    done = client.post(f"/voice/flags/{first.pk}/", {"note": "Rang her: surveyor booked"},
                       follow=True)
    assert "Marked followed up" in done.content.decode()
    assert "and 1 joined to it" in done.content.decode()
    assert set(HazardFlag.objects.values_list("followed_up_by", "follow_up_note")) == {
        (user.pk, "Rang her: surveyor booked")}
    assert not services.queued_flags().exists()
    # Followed up once only.
    with pytest.raises(services.VoiceError, match="already been followed up"):
        services.follow_up(flag=HazardFlag.objects.get(pk=first.pk), note="again")


def test_it_follows_up_a_flag_when_a_hazard_case_is_opened_for_it(homes):
    answered(homes["H1"], "S1", "Black mould in the bedroom", day=date(2025, 11, 28))
    services.code_everything(today=TODAY)
    flag = services.flags_needing_case().get()
    services.mark_case_opened(flag=flag, case_ref="HZ-9")
    flag.refresh_from_db()
    assert (flag.hazard_case_ref, flag.follow_up_note) == ("HZ-9", "Hazard case HZ-9 opened")
    assert flag.followed_up_at is not None
    assert not services.flags_needing_case().exists()


def test_it_keeps_another_areas_flags_from_a_service_manager(homes):
    Home.objects.filter(home_ref="H2").update(area="South")
    answered(homes["H2"], "S1", "Black mould in the bedroom", day=date(2025, 11, 28))
    services.code_everything(today=TODAY)
    flag = HazardFlag.objects.get()
    manager = get_user_model().objects.create_user("north")
    Profile.objects.create(user=manager, role=Role.SERVICE_MANAGER, areas="North")
    client = Client()
    client.force_login(manager)
    assert "There are no flags to follow up" in client.get("/voice/flags/").content.decode()
    assert client.get(f"/voice/flags/{flag.pk}/").status_code == 404
    assert client.post(f"/voice/flags/{flag.pk}/", {"note": "x"}).status_code == 404


# --- saying why nothing is listed ---------------------------------------------------------


def test_it_says_why_no_comment_is_listed(homes):
    _, client = staff()
    empty = client.get("/voice/").content.decode()
    assert "No residents' comments have reached Doorstep yet" in empty
    answered(homes["H1"], "S1", "The lift is broken again", day=TODAY)
    waiting = client.get("/voice/").content.decode()
    assert "1 comment not coded yet." in waiting
    assert "No comments are coded yet: 1 has arrived" in waiting
    services.code_everything(today=TODAY)
    narrow = client.get("/voice/?sentiment=positive").content.decode()
    assert "No comment matches these choices." in narrow and "Clear the filters" in narrow
