"""``doorstep benchmarks``: the regulator's published TSMs as peers.

    doorstep benchmarks import FILE.xlsx [--format text|json]
    doorstep benchmarks show --year 2024/25 --measure TP01 [--tenure LCRA]
        [--group NAME | --type PRP --size-band ... --region ... --supported-housing yes|no
         --method postal --landlords L1,L2] [--own-code L4240] [--format json|table]
    doorstep benchmarks compare --year 2024/25 --measure TP01 --with L4172 [--own-code ...]
    doorstep benchmarks groups [save NAME <filters> | delete NAME]
    doorstep benchmarks releases

``show --format json`` is a contract other tools read: its first keys are exactly year,
measure, tenure, landlords, median, q1, q3, min, max, values (``value`` the regulator's
published value; landlords and quartiles over the landlords with a value); extra keys follow.
"own" is added when the landlord's own figure for the year is available, or the published
landlord named by ``--own-code``. A bad file exits with status 1 and a plain message; a
mistake in the options with status 2.
"""

import getpass
import json

from django.core.management.base import BaseCommand, CommandError

from doorstep.benchmarks import services
from doorstep.benchmarks.importing import import_release
from doorstep.benchmarks.models import PeerGroup, Release
from doorstep.benchmarks.peers import (
    PeerError,
    from_group,
    peer_filter,
    save_group,
    saved_group,
)
from doorstep.benchmarks.stats import StatsError
from doorstep.core.periods import PeriodError

USER_ERRORS = (services.BenchmarkError, PeerError, PeriodError, StatsError)


def _listed(values) -> list:
    """Options given as "a,b" or repeated: one flat list."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _add_filters(parser) -> None:
    parser.add_argument("--group", help="A saved peer group's name")
    parser.add_argument("--type", action="append", help="Landlord type: PRP or LA")
    parser.add_argument(
        "--size-band", action="append", help='"<5,000", "5,000-40,000" or ">40,000"'
    )
    parser.add_argument("--region", action="append", help="e.g. London, South, North")
    parser.add_argument("--supported-housing", help="yes: over 30%% supported housing; no")
    parser.add_argument(
        "--method", action="append", help="Predominant survey method, e.g. postal, online"
    )
    parser.add_argument("--landlords", action="append", help="Landlord codes, e.g. L4240,L4172")


def _add_measure(parser) -> None:
    parser.add_argument("--year", required=True, help="The reporting year, e.g. 2024/25")
    parser.add_argument("--measure", required=True, help="e.g. TP01, RP02-1, CH01-1")
    parser.add_argument("--tenure", choices=("LCRA", "LCHO", "combined"))
    parser.add_argument(
        "--own-code", help="Place this published landlord as if it were yours, e.g. L4240"
    )
    _add_filters(parser)


def _peers(options: dict):
    if options.get("group"):
        return saved_group(name=options["group"])
    return peer_filter(**_filter_values(options))


def _filter_values(options: dict) -> dict:
    return {
        "landlord_types": _listed(options.get("type")),
        "size_bands": _listed(options.get("size_band")),
        "regions": _listed(options.get("region")),
        "supported_housing": options.get("supported_housing"),
        "survey_methods": _listed(options.get("method")),
        "landlord_codes": _listed(options.get("landlords")),
    }


class Command(BaseCommand):
    help = "Import the regulator's published TSM data and benchmark against it."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importer = actions.add_parser("import", help="Import a TSM full data workbook (.xlsx)")
        importer.add_argument("file")
        importer.add_argument("--format", choices=("text", "json"), default="text")
        show = actions.add_parser("show", help="A measure among peers")
        _add_measure(show)
        show.add_argument("--format", choices=("json", "table"), default="table")
        compare = actions.add_parser("compare", help="A survey figure against one peer's")
        _add_measure(compare)
        compare.add_argument("--with", dest="peer", required=True, help="The peer's code")
        compare.add_argument("--format", choices=("json", "text"), default="text")
        groups = actions.add_parser("groups", help="List, save or delete peer groups")
        group_actions = groups.add_subparsers(dest="group_action", metavar="save|delete")
        save = group_actions.add_parser("save", help="Save a peer group under a name")
        save.add_argument("name")
        save.add_argument("--description", default="")
        _add_filters(save)
        delete = group_actions.add_parser("delete", help="Delete a saved peer group")
        delete.add_argument("name")
        actions.add_parser("releases", help="The years imported, and from which files")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            return self._import(path=options["file"], output=options["format"])
        try:
            {
                "show": self._show,
                "compare": self._compare,
                "groups": self._groups,
                "releases": self._releases,
            }[action](options)
        except USER_ERRORS as problem:
            raise CommandError(str(problem), returncode=2) from None

    # --- import ------------------------------------------------------------------------

    def _import(self, *, path: str, output: str) -> None:
        report = import_release(path=path, run_by=_login())
        if output == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        elif report.ok:
            self.stdout.write(_import_text(report))
        if not report.ok:
            raise CommandError(f"Nothing was imported. {report.message}", returncode=1)

    # --- show and compare --------------------------------------------------------------

    def _show(self, options: dict) -> None:
        distribution = services.distribution(
            year=options["year"],
            measure=options["measure"],
            tenure=options.get("tenure"),
            peers=_peers(options),
        )
        result = distribution.as_dict()
        own = _own(distribution, own_code=options.get("own_code"))
        if own is not None:
            result["own"] = own
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(_show_table(result))

    def _compare(self, options: dict) -> None:
        distribution = services.distribution(
            year=options["year"],
            measure=options["measure"],
            tenure=options.get("tenure"),
            peers=_peers(options),
        )
        own_code = options.get("own_code") or ""
        own = services.own_figure(distribution=distribution, own_code=own_code)
        if own.sample is None:
            raise services.BenchmarkError(
                f"There is no {distribution.measure} survey figure of your own for "
                f"{distribution.year} to compare: load the survey responses, or name a "
                "published landlord with --own-code"
            )
        result = services.compare_with_peer(
            distribution=distribution,
            own=own.sample,
            own_method=own.method,
            peer_code=options["peer"].strip().upper(),
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2))
            return
        peer = result["peer"]
        self.stdout.write(
            f"{distribution.measure} {distribution.tenure} {distribution.year}: "
            f"{own.sample.percent:.1f}% against {peer['name']} ({peer['code']}) "
            f"{peer['value']:.1f}%\n{result['verdict']}.\nTest: {result['test']}."
        )
        if "method_warning" in result:
            self.stdout.write(f"Warning: {result['method_warning']}")

    # --- groups and releases -----------------------------------------------------------

    def _groups(self, options: dict) -> None:
        if options.get("group_action") == "save":
            group = save_group(
                name=options["name"],
                peers=peer_filter(**_filter_values(options)),
                description=options["description"],
            )
            self.stdout.write(f"Saved peer group {group.name!r}.")
        elif options.get("group_action") == "delete":
            deleted, _ = PeerGroup.objects.filter(name__iexact=options["name"].strip()).delete()
            if not deleted:
                saved_group(name=options["name"])  # raises, naming the groups there are
            self.stdout.write(f"Deleted peer group {options['name']!r}.")
        else:
            for group in PeerGroup.objects.all():
                self.stdout.write(f"{group.name}: {from_group(group).describe_filters()}")
            if not PeerGroup.objects.exists():
                self.stdout.write("No peer groups saved yet.")

    def _releases(self, options: dict) -> None:
        releases = Release.objects.all()
        if not releases:
            self.stdout.write("No published figures imported yet.")
        for release in releases:
            self.stdout.write(
                f"{release.year}: {release.file_name}, imported {release.imported_at:%d %b %Y}"
            )


def _own(distribution, *, own_code: str | None) -> dict | None:
    own = services.own_figure(distribution=distribution, own_code=own_code or "")
    stand = services.where_you_stand(
        distribution=distribution, value=own.value, sample=own.sample, method=own.method,
        exclude_code=own.exclude_code,
    )
    if stand is not None:
        stand["source"] = own.source
    return stand


# --- text output ---------------------------------------------------------------------------


def _login() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def _missing_text(missing: dict) -> str:
    return ", ".join(f"{marker} {count}" for marker, count in missing.items()) or "none"


def _import_text(report) -> str:
    lines = [report.message, f"Landlords: {report.landlords}"]
    for sheet, counts in report.sheets.items():
        lines.append(
            f"  {sheet}: {counts['landlords']} landlords, {counts['figures']} figures; "
            f"missing: {_missing_text(counts['missing'])}"
        )
        if "tp01_by_method" in counts:
            method = counts["tp01_by_method"]
            lines.append(
                f"    TP01 by collection method: {method['figures']} figures; "
                f"missing: {_missing_text(method['missing'])}"
            )
    lines.append(f"Left out by the regulator: {len(report.left_out)}")
    lines += [
        f"  {row['code']} {row['name']} ({row['part']}): {row['reason']}" for row in report.left_out
    ]
    lines.append(f"Cells not taken at face value: {len(report.fixes)}")
    reasons = {}
    for fix in report.fixes:
        reasons[fix["reason"]] = reasons.get(fix["reason"], 0) + 1
    lines += [f"  {count} x {reason}" for reason, count in reasons.items()]
    return "\n".join(lines)


def _figure(value) -> str:
    return "no value" if value is None else f"{value:.1f}"


def _show_table(result: dict) -> str:
    lines = [
        f"{result['measure']} {result['tenure']} {result['year']} among {result['peers']} "
        f"({result['unit']}{', lower is better' if result['lower_is_better'] else ''})",
        f"{result['landlords']} landlords with a value: median {_figure(result['median'])}, "
        f"quartiles {_figure(result['q1'])} to {_figure(result['q3'])}, "
        f"range {_figure(result['min'])} to {_figure(result['max'])}",
        f"Without a value: {_missing_text(result['missing'])}",
    ]
    own = result.get("own")
    if own and "rank" in own:
        lines.append(
            f"Yours ({own['source']}): {own['value']:.1f}, ranked {own['rank']} of "
            f"{own['of']}, percentile {own['percentile']:.0f}, {own['quartile']}"
        )
        if "against_median" in own:
            lines.append(f"  Against the median: {own['against_median']['verdict']}")
        if "method_warning" in own:
            lines.append(f"  Warning: {own['method_warning']}")
    lines.append("")
    width = max([len(row["name"]) for row in result["values"]] + [4])
    lines.append(f"{'rank':>4}  {'code':<8}  {'name':<{width}}  value")
    for rank, row in enumerate(result["values"], start=1):
        lines.append(f"{rank:>4}  {row['code']:<8}  {row['name']:<{width}}  {row['value']:.1f}")
    return "\n".join(lines)
