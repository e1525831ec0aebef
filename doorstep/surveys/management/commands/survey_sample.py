"""``doorstep survey-sample --survey NAME (--census | --response-rate R | --invite T=N) [--seed S]``

Draw a survey's sample from the stock: a census of the sample frame, or a stratified random
sample by area and tenure (proportional allocation). The seed is printed: the same seed on
the same frame draws the same households.
"""

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.survey_stats import points_text
from doorstep.surveys.models import SampleMethod
from doorstep.surveys.sampling import draw_sample, required_samples
from doorstep.surveys.services import SurveyError, get_survey


def _invitation(text: str) -> tuple[str, int]:
    tenure, _, count = text.partition("=")
    try:
        return tenure.strip().upper(), int(count)
    except ValueError:
        raise CommandError(
            f"{text!r}: write invitations as TENURE=NUMBER, e.g. LCRA=1200"
        ) from None


class Command(BaseCommand):
    help = "Draw a survey's sample (census or stratified by area and tenure)."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True)
        how = parser.add_mutually_exclusive_group(required=True)
        how.add_argument("--census", action="store_true", help="invite every household")
        how.add_argument("--response-rate", type=float,
                         help="expected response rate (e.g. 0.3): invite enough to reach "
                         "the required sample")
        how.add_argument("--invite", action="append", metavar="TENURE=N",
                         help="households to invite per tenure, e.g. --invite LCRA=1200")
        parser.add_argument("--seed", type=int, help="random seed (default: a new one)")

    def handle(self, *args, **options):
        try:
            survey = get_survey(name=options["survey"])
            drawn = draw_sample(
                survey=survey,
                method=SampleMethod.CENSUS if options["census"] else SampleMethod.STRATIFIED,
                seed=options["seed"],
                response_rate=options["response_rate"],
                invitations=dict(map(_invitation, options["invite"] or [])) or None,
            )
        except SurveyError as problem:
            raise CommandError(str(problem)) from None
        survey.refresh_from_db()
        for tenure, figures in required_samples(survey=survey).items():
            if figures["population"]:
                self.stdout.write(
                    f"{tenure}: {figures['population']:,} households, required sample "
                    f"{figures['required_sample']:,.1f} "
                    f"({points_text(figures['required_margin'], 0)})"
                )
        for (tenure, area), count in sorted(drawn.items()):
            self.stdout.write(f"  {tenure}  {area}: {count:,} invited")
        self.stdout.write(f"Seed {survey.sample_seed}: {sum(drawn.values()):,} households.")
