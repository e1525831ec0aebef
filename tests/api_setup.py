"""The landlord of the API tests, with figures worked by hand (tests/test_api_*.py).

2024/25, published (version 1):
* 20 LCRA homes (H00-H09 North, H10-H19 South) and 5 LCHO homes (S0-S4, North).
* TSM survey: 12 LCRA answers (8 satisfied of 11 on the scale: TP01 LCRA 72.7%, n 12) and
  4 LCHO answers (2 of 4: 50%, n 4, under 10: hidden from a panel member).
* Complaints received in the year: 12 LCRA (8 North, 4 South; 2 North ones escalated) and
  2 LCHO (North). One LCRA complaint in the North is still open at stage 1 today.
* Hazard cases (aware in 2025/26): 3 significant damp and mould cases, North.
* Actions: A1 agreed, with a residents' summary; A2 proposed, none (the panel sees A1 only).
* A target for TP01 LCRA in 2024/25: 75.0, higher is better.
* A comment with personal details planted in it (``PLANTED``): no API answer may hold them.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from test_management_measures import complaint, home

from doorstep.actions.models import Action, ActionStatus
from doorstep.core.periods import ReportingYear
from doorstep.hazards.models import HazardCase, HazardKind, HazardSource
from doorstep.measures.cache import figures_changed
from doorstep.measures.models import Target
from doorstep.publishing import services as publishing
from doorstep.surveys.models import ApproachNotes, Comment, SampleMethod, Survey, SurveyKind
from doorstep.surveys.models import SurveyResponse as Response

YEAR = ReportingYear(2024)
TODAY = date(2026, 6, 1)
PLANTED = ("Mrs Jane Plantedname", "07700 900123", "12 Acacia Road")


def _respond(ref, *, tenure, home_, answer, channel):
    answers = {f"tp{n:02d}": answer for n in range(1, 13)}
    if tenure == "LCHO":
        for n in (2, 3, 4):
            answers.pop(f"tp{n:02d}")
    return Response.objects.create(
        response_ref=ref, tenure=tenure, home=home_, completed_on=date(2024, 10, 1),
        channel=channel, survey="TSM 2024/25", **answers,
    )


def api_landlord(*, publish: bool = True) -> dict:
    rented = [home(f"H{n:02d}", area="North" if n < 10 else "South") for n in range(20)]
    owned = [home(f"S{n}", tenure="LCHO", area="North") for n in range(5)]
    for n, answer in enumerate([1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5, 9]):
        _respond(f"R{n:02d}", tenure="LCRA", home_=rented[n], answer=answer,
                 channel="telephone" if n < 8 else "online")
    for n, answer in enumerate([1, 2, 4, 5]):
        _respond(f"O{n}", tenure="LCHO", home_=owned[n], answer=answer, channel="postal")
    survey = Survey.objects.create(
        name="TSM 2024/25", kind=SurveyKind.PERCEPTION, tenure_scope="combined", year="2024/25",
        fieldwork_starts=date(2024, 9, 1), fieldwork_ends=date(2024, 11, 30),
        sample_method=SampleMethod.CENSUS,
    )
    ApproachNotes.objects.create(
        survey=survey, contractor="None: our own staff ran the survey.", incentives="None.",
        representativeness="The answers match the homes well.", other_issues="None.",
        missed_sample_reasons="Too few homes answered.",
    )
    Comment.objects.create(
        response=Response.objects.get(response_ref="R00"), question="TP01",
        text=f"Please call {PLANTED[0]} on {PLANTED[1]}, I live at {PLANTED[2]}.",
    )
    for n in range(12):
        north = n < 8
        complaint(
            f"C{n:02d}", received=date(2024, 5, 1 + n), home=rented[n if north else n + 2],
            stage1_acknowledged_on=date(2024, 5, 2 + n),
            # C07 (North) is never answered: open at stage 1 today.
            stage1_responded_on=None if n == 7 else date(2024, 5, 20 + n),
            escalated_on=date(2024, 7, 1 + n) if n < 2 else None,
            stage2_responded_on=date(2024, 8, 1 + n) if n < 2 else None,
        )
    for n in range(2):
        complaint(f"L{n}", received=date(2024, 6, 1 + n), tenure="LCHO", home=owned[n],
                  stage1_acknowledged_on=date(2024, 6, 2 + n),
                  stage1_responded_on=date(2024, 6, 20 + n))
    for n in range(3):
        HazardCase.objects.create(
            hazard_ref=f"HZ{n}", kind=HazardKind.SIGNIFICANT, hazard_id="damp_mould",
            source=HazardSource.REPORT, home=rented[n],
            aware_at=timezone.make_aware(datetime(2025, 11, 3 + n, 10)),
        )
    Action.objects.create(
        action_ref="A1", title="Answer repairs calls within a day", status=ActionStatus.AGREED,
        summary_for_residents="We will call you back within a day about a repair.",
        measure_code="TP02", tenure="LCRA", area="North", due_on=date(2026, 3, 31),
        agreed_on=date(2025, 4, 1),
    )
    Action.objects.create(action_ref="A2", title="Review the damp survey", measure_code="RP01")
    Target.objects.create(code="TP01", first_year=2024, tenure="LCRA", value=Decimal("75.0"),
                          direction="higher")
    figures_changed()
    if publish:
        publishing.publish_year(
            year=YEAR, by=None, today=TODAY,
            methodological_note="We moved from phone to online interviews this year.",
            non_emergency_target="20 working days", emergency_target="24 hours",
        )
    return {"rented": rented, "owned": owned, "survey": survey}
