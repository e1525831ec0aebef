"""``doorstep publish-year``: publish a reporting year's figures, or a correction of them.

    doorstep publish-year --year 2024/25 --note "..." --non-emergency-target "20 working days"
                          --emergency-target "24 hours" [--licence OGL-UK-3.0]
    doorstep publish-year --year 2024/25 --correct "why the figures changed" [--note "..."]

The same services as the analyst's page (``doorstep.publishing.services``).
"""

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.publishing import services
from doorstep.publishing.models import Licence


class Command(BaseCommand):
    help = "Publish a reporting year's figures (frozen), or a correction with its reason."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="The reporting year, e.g. 2024/25")
        parser.add_argument("--note", help="Methodological issues affecting the comparison "
                            "with last year")
        parser.add_argument("--non-emergency-target", help="RP02 target for non-emergency "
                            "repairs, e.g. '20 working days'")
        parser.add_argument("--emergency-target", help="RP02 target for emergency repairs")
        parser.add_argument("--licence", choices=Licence.values, default=Licence.OGL)
        parser.add_argument("--correct", metavar="REASON",
                            help="Publish a new version of a published year, for this reason")

    def handle(self, *args, **options):
        try:
            year = ReportingYear.parse(options["year"])
            if options["correct"] is not None:
                version = services.correct_year(
                    year=year, by=None, reason=options["correct"],
                    methodological_note=options["note"],
                    non_emergency_target=options["non_emergency_target"],
                    emergency_target=options["emergency_target"],
                )
            else:
                version = services.publish_year(
                    year=year, by=None, methodological_note=options["note"] or "",
                    non_emergency_target=options["non_emergency_target"] or "",
                    emergency_target=options["emergency_target"] or "",
                    licence=options["licence"],
                )
        except (PeriodError, services.PublishingError) as problem:
            raise CommandError(str(problem), returncode=2) from None
        self.stdout.write(
            f"Published {year.label} version {version.number}: {version.figures.count()} "
            "figures frozen."
        )
