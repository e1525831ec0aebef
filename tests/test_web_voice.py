"""Residents' voice on screen: the comments list, corrections, the flags queue and the key
drivers panel, for each role.

The landlord in these tests: homes N1 (North) and S1 (South); four survey comments, coded by
the rules coder as the expectations below say (the words it matched are its own), and one
complaint description:

- N1, 1 Oct 2025, TP02: "The plumber was polite and fixed the boiler first time, thank you.
  Ring me on 07700 900123." -> repairs, heating_hot_water, staff_respect; positive; the
  phone number redacted as [phone].
- N1, 2 Oct 2025, TP01: "Black mould all over the bedroom ceiling and my baby keeps
  coughing." -> damp_mould, home_condition; negative; flagged for damp and mould growth and
  for safeguarding (a vulnerable resident: a baby beside the hazard).
- S1, 3 Oct 2025, general: "Nobody ever answers the phone when I ring, it is hopeless."
  -> contact_access; negative.
- S1, 4 Oct 2025, TP10: "The caretaker keeps the stairs lovely and clean." -> communal_areas;
  positive.
- Complaint C1 (N1): "Waited six weeks for someone to fix the back door and still nothing."
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doorstep.accounts.testing import FAST_HASHERS, cast
from doorstep.complaints.models import Complaint
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice.models import CodedComment, Correction, HazardFlag
from doorstep.voice.services import code_everything
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

PLUMBER = "The plumber was polite and fixed the boiler first time, thank you."
PHONE = "Ring me on 07700 900123."
MOULD = "Black mould all over the bedroom ceiling and my baby keeps coughing."
PHONE_LINE = "Nobody ever answers the phone when I ring, it is hopeless."
CARETAKER = "The caretaker keeps the stairs lovely and clean."
DOOR = "Waited six weeks for someone to fix the back door and still nothing."
# The day the comments are coded: within the 28-day look-back of the comments (1-5 October
# 2025), so their flags are in today's queue, dated from the day each comment came.
FLAGGED_ON = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def survey_comment(home, ref, day, question, text):
    response = SurveyResponse.objects.create(
        response_ref=ref, tenure="LCRA", completed_on=day, channel="online", home=home, tp01=1
    )
    return Comment.objects.create(response=response, question=question, text=text)


@pytest.fixture
def comments():
    north = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    south = Home.objects.create(home_ref="S1", tenure="LCRA", area="South")
    made = {
        "plumber": survey_comment(north, "R1", date(2025, 10, 1), "TP02", f"{PLUMBER} {PHONE}"),
        "mould": survey_comment(north, "R2", date(2025, 10, 2), "TP01", MOULD),
        "phone": survey_comment(south, "R3", date(2025, 10, 3), "", PHONE_LINE),
        "caretaker": survey_comment(south, "R4", date(2025, 10, 4), "TP10", CARETAKER),
    }
    Complaint.objects.create(complaint_ref="C1", tenure="LCRA", received_on=date(2025, 10, 5),
                             home=north, description=DOOR)  # fmt: skip
    code_everything(today=FLAGGED_ON)
    return {name: CodedComment.objects.get(survey_comment=c) for name, c in made.items()}


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


def read(client, user, url, **headers):
    client.force_login(user)
    response = client.get(url, **headers)
    return response, text_of(response.content)


# --- who reads what ---------------------------------------------------------------------------


def test_it_shows_staff_comments_as_written_with_themes_and_matched_words(client, people, comments):
    response, text = read(client, people["analyst"], "/voice/")
    assert response.status_code == 200
    assert inline_code_in(response.content) == []
    # 4 survey comments and the complaint description.
    assert "Comments 1 to 5 of 5" in text
    assert ("Where these words came from: survey comments 4; complaint descriptions 1."
            in text)
    assert f"{PLUMBER} {PHONE}" in text
    assert "Repairs: matched “plumber; fixed; first time”" in text
    assert "Heating and hot water: matched “boiler”" in text
    assert "Staff and respect: matched “polite”" in text
    assert "Complaint description, 5 October 2025" in text and DOOR in text
    assert ("Flagged ⚠ Damp and mould growth, Safeguarding: vulnerable resident (at risk from a "
            "hazard or not coping)") in text
    # Two flags raised by the mould comment, none followed up yet.
    assert "2 flags to follow up" in text
    assert text.count("Correct themes and sentiment") == 5


@pytest.mark.parametrize("role", ["board_member", "panel_member"])
def test_it_shows_board_and_panel_redacted_comments_and_never_flagged_ones(
    client, people, comments, role
):
    # Board and panel read comments on the panel's page only, where lists keep to the
    # small-group rule (issue 19; tests/test_security_suppression.py): four comments here
    # are too few to list, and no comment opens on a page of its own.
    client.force_login(people[role])
    response = client.get("/voice/?theme=repairs")
    assert (response.status_code, response["Location"]) == (302, "/panel/comments/?theme=repairs")
    assert client.get(f"/voice/{comments['plumber'].pk}/").status_code == 404
    # The flagged comment is not there to open either, and no comment can be corrected.
    assert client.get(f"/voice/{comments['mould'].pk}/").status_code == 404
    refused = client.post(f"/voice/{comments['plumber'].pk}/correct/",
                          {"themes": ["other"], "sentiment": "neutral"})  # fmt: skip
    assert refused.status_code == 403
    assert "can read residents' comments but not correct" in text_of(refused.content)
    assert not Correction.objects.exists()


def test_it_limits_a_service_manager_to_the_comments_of_their_areas(client, people, comments):
    response, text = read(client, people["service_manager"], "/voice/")
    # North: the plumber and mould comments and the complaint; not South's two.
    assert "Comments 1 to 3 of 3" in text
    assert PLUMBER in text and DOOR in text
    assert PHONE_LINE not in text and CARETAKER not in text
    assert client.get(f"/voice/{comments['phone'].pk}/").status_code == 404
    assert client.get(f"/voice/{comments['phone'].pk}/correct/").status_code == 404
    assert client.get(f"/voice/{comments['plumber'].pk}/correct/").status_code == 200


def test_it_shows_an_engagement_officer_survey_comments_but_not_casework(client, people, comments):
    response, text = read(client, people["engagement_officer"], "/voice/")
    # Engagement officers read comments, not complaints: the complaint's words stay out.
    assert "Comments 1 to 4 of 4" in text
    assert DOOR not in text and MOULD in text


@pytest.mark.parametrize("role", ["complaints_handler", "no_role"])
def test_it_refuses_roles_with_no_business_with_comments(client, people, comments, role):
    response, text = read(client, people[role], "/voice/")
    assert response.status_code == 403
    assert "does not include permission to read residents' comments" in text
    assert read(client, people[role], "/voice/flags/")[0].status_code == 403


# --- filters and query counts -------------------------------------------------------------


def test_it_filters_by_theme_measure_sentiment_and_source(client, people, comments):
    client.force_login(people["analyst"])

    def listed(query):
        return text_of(client.get(f"/voice/?{query}").content)

    by_theme = listed("theme=communal_areas")
    assert "Comments 1 to 1 of 1" in by_theme and CARETAKER in by_theme
    # TP02's themes are repairs, repair time, heating...: the plumber's comment answers TP02
    # and the complaint is about a repair's time.
    by_measure = listed("measure=TP02")
    assert "Comments 1 to 2 of 2" in by_measure and PLUMBER in by_measure and DOOR in by_measure
    negative_surveys = listed("sentiment=negative&source=survey")
    assert "Comments 1 to 2 of 2" in negative_surveys
    assert MOULD in negative_surveys and PHONE_LINE in negative_surveys
    wrong = client.get("/voice/?sentiment=furious")
    assert "Choose a sentiment from the list" in text_of(wrong.content)
    assert text_of(wrong.content).startswith("Error: ") is False  # the title is not in text
    assert b"<title>Error: What residents said" in wrong.content


def test_it_lists_comments_in_the_same_number_of_queries_however_many(client, people, comments):
    client.force_login(people["analyst"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/voice/").status_code == 200
        return len(captured)

    few = queries()
    home = Home.objects.get(home_ref="S1")
    for n in range(12):
        survey_comment(home, f"M{n}", date(2025, 9, 1), "TP05", f"Lift broken again {n}")
    code_everything(today=FLAGGED_ON)
    assert queries() == few


# --- corrections ------------------------------------------------------------------------------


def test_it_keeps_a_correction_made_through_the_web_after_coding_again(client, people, comments):
    client.force_login(people["engagement_officer"])
    caretaker = comments["caretaker"]
    response = client.post(
        f"/voice/{caretaker.pk}/correct/",
        {"themes": ["communal_areas", "staff_respect"], "sentiment": "neutral",
         "note": "Praises the caretaker", "next": "/voice/?source=survey"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"/voice/?source=survey#comment-{caretaker.pk}"
    saved = Correction.objects.filter(coded_comment=caretaker)
    assert sorted(saved.values_list("field", "before", "after")) == [
        ("sentiment", "positive", "neutral"),
        ("themes", "communal_areas", "communal_areas;staff_respect"),
    ]
    assert {c.corrected_by for c in saved} == {people["engagement_officer"]}

    run = code_everything(today=FLAGGED_ON)
    assert run.kept_corrections == 1
    caretaker.refresh_from_db()
    assert caretaker.sentiment == "neutral"
    assert sorted(caretaker.mentions.values_list("theme_code", "by_staff")) == [
        ("communal_areas", False), ("staff_respect", True),
    ]  # fmt: skip
    text = text_of(client.get("/voice/?theme=staff_respect").content)
    assert (
        "Staff have corrected 1 comment so far (1 theme correction, 1 sentiment correction)" in text
    )
    assert "Staff and respect (added by staff)" in text
    assert "Neutral (checked by staff)" in text and "Themes checked by staff" in text


def test_it_corrects_inline_with_htmx_and_returns_the_comment(client, people, comments):
    client.force_login(people["analyst"])
    phone = comments["phone"]
    htmx = {"HTTP_HX_REQUEST": "true"}
    form = client.get(f"/voice/{phone.pk}/correct/?next=/voice/", **htmx)
    assert b"<html" not in form.content
    assert f'id="comment-{phone.pk}"'.encode() in form.content
    assert 'hx-post="/voice/' in form.content.decode()
    assert "Correcting the coding of this comment" in text_of(form.content)
    done = client.post(f"/voice/{phone.pk}/correct/",
                       {"themes": ["contact_access", "communication"], "sentiment": "negative",
                        "phrase": "answers the phone", "next": "/voice/"}, **htmx)  # fmt: skip
    assert done.status_code == 200 and b"<html" not in done.content
    text = text_of(done.content)
    assert "Saved your correction of the themes. Re-coding will keep it." in text
    assert "Keeping residents informed (added by staff)" in text
    # The words given are learned for the theme that was added.
    assert phone.corrections.get().after == "communication;contact_access"
    from doorstep.voice.models import LearnedPhrase

    assert list(LearnedPhrase.objects.values_list("theme__code", "phrase")) == [
        ("communication", "answers the phone")
    ]


def test_it_explains_what_is_missing_from_a_correction(client, people, comments):
    client.force_login(people["analyst"])
    response = client.post(f"/voice/{comments['phone'].pk}/correct/", {"sentiment": "cross"})
    assert response.status_code == 200
    text = text_of(response.content)
    assert b"<title>Error: Correct a comment" in response.content
    assert (
        "There is a problem Select at least one theme Select positive, neutral or negative" in text
    )
    assert not Correction.objects.exists()


# --- the flags queue ---------------------------------------------------------------------------


def test_it_queues_flags_with_the_follow_up_day_and_a_way_to_open_a_hazard_case(
    client, people, comments
):
    response, text = read(client, people["analyst"], "/voice/flags/")
    assert response.status_code == 200
    assert inline_code_in(response.content) == []
    # The mould comment came on Thursday 2 October 2025: due the next working day, Friday 3
    # October; that day has passed, so both of its flags are overdue.
    assert "2 flags not yet followed up" in text
    assert text.count("Overdue 3 October 2025 Reached us 2 October 2025") == 2
    assert "Damp and mould growth Matched “mould”" in text
    assert ("Safeguarding: vulnerable resident (at risk from a hazard or not coping) "
            "Matched “baby”") in text
    assert "Refer to the safeguarding lead today" in text
    damp = HazardFlag.objects.get(kind="damp_mould")
    assert f'href="{reverse("hazards:open-from-comment", args=[damp.pk])}"' in (
        response.content.decode()
    )
    # A manager of South sees no flag of North's.
    from doorstep.accounts.models import Role
    from doorstep.accounts.testing import person

    south = person(Role.SERVICE_MANAGER, username="south", areas=["South"])
    assert "There are no flags to follow up." in read(client, south, "/voice/flags/")[1]


# --- key drivers -------------------------------------------------------------------------------


def test_it_explains_key_drivers_in_plain_english_with_intervals(client, people):
    # 40 residents surveyed in October 2025, satisfied with every other question. 20 had a
    # complaint open on the day: 6 satisfied overall (30%); 20 had none: 16 satisfied (80%).
    # With one fact the model is saturated, so the effect is 30 - 80 = -50.0 points and its
    # standard error sqrt(0.3 x 0.7 / 20 + 0.8 x 0.2 / 20) = sqrt(0.0185) = 13.60 points:
    # 95% interval -50 +/- 1.96 x 13.60 = -76.7 to -23.3.
    for n in range(40):
        home = Home.objects.create(home_ref=f"H{n}", tenure="LCRA", area="North")
        complained = n < 20
        satisfied = n < 6 if complained else n < 36
        answers = {f"tp{q:02d}": 1 for q in range(2, 13)}
        SurveyResponse.objects.create(response_ref=f"K{n}", tenure="LCRA", home=home,
                                      completed_on=date(2025, 10, 1), channel="telephone",
                                      tp01=2 if satisfied else 4, **answers)  # fmt: skip
        if complained:
            Complaint.objects.create(complaint_ref=f"KC{n}", tenure="LCRA", home=home,
                                     received_on=date(2025, 9, 1))  # fmt: skip
    response, text = read(client, people["board_member"], "/voice/key-drivers/?year=2025/26")
    assert response.status_code == 200
    assert "What goes with lower overall satisfaction, 2025/26" in text
    assert "From 40 residents whose answers are linked to their home" in text
    assert ("Residents with an open complaint were 50.0 points less likely to be satisfied "
            "overall (95% interval 23.3 to 76.7).") in text  # fmt: skip
    assert "With an open complaint -50.0 -76.7 to -23.3 20" in text
    htmx = client.get("/voice/key-drivers/?year=2025/26", HTTP_HX_REQUEST="true")
    assert b"<html" not in htmx.content and b'id="key-drivers"' in htmx.content
    _, too_few = read(client, people["analyst"], "/voice/key-drivers/?year=2023/24")
    assert "Key drivers need at least 30 residents" in too_few
    assert read(client, people["no_role"], "/voice/key-drivers/")[0].status_code == 403


# --- "Code comments now": coding in the background (issue 18, item 5) -------------------------


def test_code_now_codes_every_comment_in_a_job_and_shows_the_counts(client, people):
    from doorstep.ops.models import Job

    north = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    survey_comment(north, "R1", date(2025, 10, 1), "TP02", PLUMBER)
    survey_comment(north, "R2", date(2025, 10, 2), "TP01", MOULD)
    Complaint.objects.create(complaint_ref="C1", tenure="LCRA", received_on=date(2025, 10, 5),
                             home=north, description=DOOR)  # fmt: skip
    client.force_login(people["engagement_officer"])
    page = text_of(client.get("/voice/").content)
    assert "Code every comment again" in page
    assert "2 comments not coded yet." in page  # the complaint is not an officer's to read
    assert Job.objects.count() == 0  # opening the page starts nothing
    response = client.post("/voice/code-now/")
    job = Job.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/jobs/{job.pk}/")
    # Tasks run at once in tests: 2 survey comments and 1 complaint description, all new;
    # the mould comment raises 2 flags (damp and mould growth, safeguarding).
    assert job.status == Job.Status.DONE
    assert job.message == "3 comments coded (3 new), 2 flags raised"
    assert job.result_url == "/voice/"
    assert job.started_by == people["engagement_officer"]
    assert CodedComment.objects.count() == 3
    shown_job = text_of(client.get(response["Location"]).content)
    assert "3 comments coded (3 new), 2 flags raised" in shown_job


@pytest.mark.parametrize("role", ["board_member", "panel_member", "complaints_handler"])
def test_code_now_is_refused_to_roles_that_do_not_code_comments(client, people, role):
    from doorstep.ops.models import Job

    client.force_login(people[role])
    assert client.post("/voice/code-now/").status_code == 403
    assert Job.objects.count() == 0


def test_code_now_starts_nothing_on_get(client, people):
    from doorstep.ops.models import Job

    client.force_login(people["analyst"])
    assert client.get("/voice/code-now/").status_code == 405
    assert Job.objects.count() == 0
