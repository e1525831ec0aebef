"""The demo landlord's published years: its last complete year, and the year before so the
report has last year to compare with, each with a methodological note. Set up by ``doorstep
demo`` after the data is loaded; a year already published is left alone. The year in
progress is never published: its figures are provisional until it ends."""

from django.utils import timezone

from doorstep.core.periods import ReportingYear
from doorstep.publishing import services
from doorstep.publishing.models import PublishedYear
from doorstep.surveys.models import SurveyResponse

NOTES = {
    "latest": (
        "More residents answered online this year and fewer by phone. People who answer "
        "online tend to be less satisfied, so some of the change since last year may come "
        "from the change of method rather than from our service."
    ),
    "before": "This is the first year we published our figures from Doorstep.",
}


def publish_demo_years(*, today=None) -> str:
    """Publish the two complete years before ``today`` (the real date if not given)."""
    today = today or timezone.localdate()
    latest = ReportingYear.containing(today).previous  # over, whatever day of the year it is
    published = []
    for year, note in ((latest.previous, NOTES["before"]), (latest, NOTES["latest"])):
        if PublishedYear.objects.filter(year=year.label).exists():
            continue
        answered = SurveyResponse.objects.filter(
            completed_on__range=(year.start, year.end)).exists()
        if not answered:
            continue
        services.publish_year(
            year=year, by=None, methodological_note=note,
            non_emergency_target="20 working days", emergency_target="24 hours", today=today,
        )
        published.append(year.label)
    slug = latest.label.replace("/", "-")
    done = f"published {', '.join(published)}" if published else "already published"
    return (f"Published years: {done}. The residents' report is at /report/{slug}/ (no "
            f"sign-in), open data at /open/tsm/{slug}.csv, the board pack at /board/{slug}/.")
