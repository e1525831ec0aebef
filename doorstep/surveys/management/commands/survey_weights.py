"""``doorstep survey-weights --survey NAME [--by area,tenure] [--cap 5] [--floor 0.2] [--apply]``

Raking weights to the tenant population's margins. Without ``--apply`` it only shows what
the weights would be; ``--apply`` writes them (the measures then use them), ``--clear``
(instead of ``--apply``) takes them off again. Results by channel are shown either way.
"""

from django.core.management.base import BaseCommand, CommandError

from doorstep.surveys.services import SurveyError, get_survey
from doorstep.surveys.weighting import (
    DEFAULT_CAP,
    DEFAULT_FLOOR,
    apply_weights,
    clear_weights,
    results_by_channel,
    weigh,
)


class Command(BaseCommand):
    help = "Work out, apply or clear raking weights for a survey's responses."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True)
        parser.add_argument("--by", default="area,tenure",
                            help="population margins to rake to, e.g. area,tenure,age_band")
        parser.add_argument("--cap", type=float, default=DEFAULT_CAP)
        parser.add_argument("--floor", type=float, default=DEFAULT_FLOOR)
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--apply", action="store_true")
        action.add_argument("--clear", action="store_true")

    def handle(self, *args, **options):
        try:
            survey = get_survey(name=options["survey"])
            if options["clear"]:
                cleared = clear_weights(survey=survey)
                self.stdout.write(f"Weights cleared from {cleared:,} responses.")
            else:
                self._weigh(survey, options)
            self._by_channel(survey)
        except SurveyError as problem:
            raise CommandError(str(problem)) from None

    def _weigh(self, survey, options):
        by = options["by"].split(",")
        _, result = weigh(survey=survey, characteristics=by, cap=options["cap"],
                          floor=options["floor"])
        self.stdout.write(
            f"Design effect {result.design_effect:.4f}, effective sample "
            f"{result.effective_sample:,.1f} of {len(result.weights):,}; "
            f"{result.trimmed} trimmed; margins {'met' if result.margins_met else 'NOT met'}."
        )
        if options["apply"]:
            apply_weights(survey=survey, characteristics=by, cap=options["cap"],
                          floor=options["floor"])
            self.stdout.write("Weights written: the measures now use them.")

    def _by_channel(self, survey):
        for row in results_by_channel(survey=survey):
            tp01 = row["measures"]["TP01"]
            shown = "-" if tp01["unweighted"] is None else (
                f"{tp01['unweighted']:.1f}% (weighted {tp01['weighted']:.1f}%)")
            self.stdout.write(
                f"{row['channel']:<14}{row['responses']:>6} responses "
                f"({100 * row['share']:.0f}%)  TP01 {shown}"
            )
