"""``doorstep voice``: code residents' comments.

    doorstep voice classify --in comments.csv --out coded.csv [--coder rules|semantic]
    doorstep voice code            # every comment in the database, keeping staff corrections
    doorstep voice learn           # learn phrases from staff corrections
    doorstep voice status          # which framework and coders are in use
    doorstep voice evaluate        # precision, recall and F1 on the labelled comments
    doorstep voice hazard-quality  # hazard and safeguarding flags on their labelled comments
    doorstep voice drivers --year 2025/26

``classify`` needs no database: it uses the active framework when one can be read and the
default framework shipped in code otherwise.
"""

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from doorstep.measures.exports import safe_cell
from doorstep.voice.coder import RuleCoder

OUTPUT_COLUMNS = [
    "comment_id",
    "themes",
    "sentiment",
    "hazard",
    "flags",
    "flag_words",
    "redacted_text",
]


class Command(BaseCommand):
    help = "Code residents' comments into themes, sentiment and hazard flags."
    # classify must work with no database at all, so Django's checks are not run up front.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        classify = actions.add_parser("classify", help="Code a CSV of comments (no database)")
        classify.add_argument("--in", dest="source", required=True, help="CSV: comment_id,text")
        classify.add_argument("--out", dest="target", required=True, help="CSV to write")
        classify.add_argument("--coder", choices=["rules", "semantic"], default="rules")
        actions.add_parser("code", help="Code every comment in the database")
        actions.add_parser("learn", help="Learn coder phrases from staff corrections")
        actions.add_parser("status", help="Say which framework and coders are in use")
        evaluate = actions.add_parser("evaluate", help="Measure the coder on labelled comments")
        evaluate.add_argument(
            "--split", choices=["development", "held_out", "all"], default="held_out"
        )
        hazard_quality = actions.add_parser(
            "hazard-quality",
            help="Measure the hazard and safeguarding flags on their labelled comments",
        )
        hazard_quality.add_argument(
            "--split", choices=["tune", "held_out", "all"], default="held_out"
        )
        hazard_quality.add_argument(
            "--no-misses", action="store_true", help="Leave out the list of misses"
        )
        drivers = actions.add_parser("drivers", help="Key drivers of overall satisfaction")
        drivers.add_argument("--year", required=True, help="Reporting year, e.g. 2025/26")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action.replace('-', '_')}")(**options)

    # -- classify --------------------------------------------------------------------

    def _classify(self, *, source, target, coder, **_):
        from doorstep.voice.services import build_coder, coding_as_row

        rows = _read_comments(Path(source))
        choice = build_coder()
        self.stderr.write(f"Using the {choice.where}.")
        if coder == "semantic":
            # Loading torch and the model takes seconds, once: reported apart from the rate.
            loading = time.perf_counter()
            semantic = _semantic_coder(choice.coder)
            loaded_in = time.perf_counter() - loading
            self.stderr.write(f"Loaded the semantic model in {loaded_in:.1f} s.")
        started = time.perf_counter()
        if coder == "semantic":
            codings = semantic.code_many([row["text"] for row in rows])
        else:
            self.stderr.write(_semantic_line())
            codings = [choice.coder.code(row["text"]) for row in rows]
        seconds = time.perf_counter() - started
        try:
            with open(target, "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS)
                writer.writeheader()
                for row, coding in zip(rows, codings, strict=True):
                    cells = coding_as_row(row["comment_id"], row["text"], coding)
                    # Residents' words: a comment starting "=" must not run in a spreadsheet.
                    writer.writerow({key: safe_cell(value) for key, value in cells.items()})
        except OSError as problem:
            raise CommandError(f"Cannot write {target}: {problem.strerror}") from None
        flagged = sum(1 for coding in codings if coding.hazards)
        self.stdout.write(
            f"Coded {len(rows)} comments with the {coder} coder in {seconds:.2f} s "
            f"({len(rows) / seconds if seconds else 0:,.0f} a second); {flagged} flagged for "
            f"follow-up. Written to {target}."
        )

    # -- the database ----------------------------------------------------------------

    def _code(self, **_):
        from doorstep.voice.services import build_coder, code_everything

        self.stderr.write(_semantic_line())
        choice = _database_or_error(build_coder)
        self.stdout.write(f"Using the {choice.where}.")
        run = _database_or_error(lambda: code_everything(choice=choice))
        sources = ", ".join(f"{count} {source}" for source, count in sorted(run.by_source.items()))
        self.stdout.write(
            f"Coded {run.coded} comments ({sources or 'none found'}); {run.created} new; "
            f"{run.kept_corrections} kept staff corrections; {run.flags_raised} new hazard "
            "flags to follow up within one working day."
        )

    def _learn(self, **_):
        from doorstep.voice.services import learn_from_corrections

        learned = _database_or_error(learn_from_corrections)
        self.stdout.write(f"{len(learned)} phrases learned from staff corrections.")
        for item in learned:
            self.stdout.write(f"  {item.theme.code}: {item.phrase} ({item.comments_seen} comments)")

    def _status(self, **_):
        from doorstep.voice.services import build_coder

        self.stdout.write(f"Rules coder: on, using the {build_coder().where}.")
        self.stdout.write(_semantic_line())

    def _evaluate(self, *, split, **_):
        from doorstep.voice import quality
        from doorstep.voice.framework import THEME_CODES

        comments = quality.read_labelled_set(split=None if split == "all" else split)
        coder = RuleCoder()
        codings = {c.comment_id: coder.code(c.text) for c in comments}
        scores = quality.score_themes(
            comments, {k: v.theme_codes for k, v in codings.items()}, labels=THEME_CODES
        )
        self.stdout.write(f"Rules coder on the {split} labelled comments ({len(comments)}):")
        self.stdout.write(quality.format_table([*scores, quality.micro_average(scores)]))
        sentiments = {k: v.sentiment for k, v in codings.items()}
        accuracy, compared = quality.sentiment_accuracy(comments, sentiments)
        self.stdout.write(f"Sentiment right for {accuracy:.0%} of {compared} comments.")
        self.stdout.write(quality.format_table(quality.sentiment_scores(comments, sentiments))
                          .replace("| theme |", "| sentiment |", 1))

    def _hazard_quality(self, *, split, no_misses=False, **_):
        from doorstep.voice import quality

        comments = quality.read_hazard_set(split=None if split == "all" else split)
        coder = RuleCoder()
        codings = {c.comment_id: coder.code(c.text) for c in comments}
        report = quality.score_hazards(comments, codings)
        rate = quality.throughput(coder.code, [c.text for c in comments], repeat=3)
        self.stdout.write(
            f"Hazard and safeguarding flags of the rules coder on the {split} labelled "
            f"comments ({quality.HAZARD_SET.name}):"
        )
        self.stdout.write(quality.format_hazard_report(report, show_misses=not no_misses))
        self.stdout.write(f"Coded {rate:,.0f} comments a second.")

    def _drivers(self, *, year, **_):
        from doorstep.core.periods import PeriodError, ReportingYear
        from doorstep.voice.drivers import DriversError, key_drivers

        try:
            reporting_year = ReportingYear.parse(year)
            drivers = _database_or_error(lambda: key_drivers(year=reporting_year))
        except (PeriodError, DriversError) as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Key drivers of overall satisfaction (TP01), {reporting_year}:")
        for driver in drivers:
            self.stdout.write(f"  {driver.sentence}")


def _read_comments(path: Path) -> list[dict]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"comment_id", "text"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(
                    f"{path} must have the columns comment_id and text; "
                    f"missing: {', '.join(sorted(missing))}"
                )
            return [{"comment_id": row["comment_id"], "text": row["text"] or ""} for row in reader]
    except FileNotFoundError:
        raise CommandError(f"There is no file {path}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text: save it as CSV UTF-8") from None
    except csv.Error as problem:
        raise CommandError(f"{path} is not a readable CSV file: {problem}") from None


def _semantic_line() -> str:
    from doorstep.voice.semantic import semantic_status

    return semantic_status().message


def _semantic_coder(rules):
    from doorstep.voice.semantic import SemanticCoder, semantic_status

    status = semantic_status()
    if not status.available:
        raise CommandError(status.message)
    return SemanticCoder(rules=rules)


def _database_or_error(work):
    from django.db import DatabaseError

    try:
        return work()
    except DatabaseError as problem:
        raise CommandError(
            "The database is not ready for this command (run `doorstep migrate` first, and "
            f"check DATABASE_URL): {str(problem).splitlines()[0]}"
        ) from None
