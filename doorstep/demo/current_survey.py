"""The demo landlord's survey for the current reporting year: a TSM perception survey of
renters and shared owners with a stratified sample drawn, so that staff entry, the SMS short
survey and the paper questionnaire can be tried on it (`doorstep demo`).

The demo's imported responses belong to the survey called "TSM" (an agency's file): this
survey starts empty and fills as people try the channels.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from doorstep.core.periods import ReportingYear
from doorstep.surveys.models import SampleMethod, Survey, SurveyKind, TenureScope
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey

SEED = 2026  # the same households every time the demo is set up
RESPONSE_RATE = 0.4


@transaction.atomic
def set_up_current_survey(*, today: date | None = None) -> Survey:
    """Create the survey of the year in progress on ``today`` (the real date if not given)
    and draw its sample, once; afterwards, leave it alone."""
    today = today or timezone.localdate()
    year = ReportingYear.containing(today)
    name = f"TSM {year.label}"
    survey = Survey.objects.filter(name=name).first()
    if survey is None:
        # Fieldwork under way: it began a fortnight ago and runs six weeks more, inside the year.
        survey = create_survey(
            name=name, kind=SurveyKind.PERCEPTION, tenure_scope=TenureScope.BOTH,
            year=year.label, fieldwork_starts=max(year.start, today - timedelta(days=14)),
            fieldwork_ends=min(year.end, today + timedelta(days=42)),
        )
    if not survey.sample_drawn_at:
        draw_sample(survey=survey, method=SampleMethod.STRATIFIED, seed=SEED,
                    response_rate=RESPONSE_RATE)
        survey.refresh_from_db()
    return survey
