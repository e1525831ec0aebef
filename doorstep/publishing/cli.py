"""``doorstep tsm return``: the regulator's return, as a subcommand of ``doorstep tsm``.

    doorstep tsm return --year 2024/25 --out FILE.xlsx [--version N] [--live]
    doorstep tsm return --headers-from 2025_TSM_Full_Data_v1.0_FINAL.xlsx

The second form rebuilds the column headers Doorstep ships from a later release of the
regulator's workbook (``doorstep/publishing/data/rsh_return_headers.csv``).
"""

import argparse

from django.core.management.base import CommandError

from doorstep.core.periods import ReportingYear


def add_return_parser(actions) -> None:
    parser = actions.add_parser(
        "return", help="Write the regulator's return for a year, e.g. return --year 2024/25 "
        "--out tsm-2024-25.xlsx"
    )
    parser.add_argument("--year", help="The reporting year, e.g. 2024/25",
                        default=argparse.SUPPRESS)
    parser.add_argument("--out", help="The workbook to write (.xlsx)")
    parser.add_argument("--version", type=int, dest="published_version",
                        help="A published version of the year (default: the latest)")
    parser.add_argument("--live", action="store_true",
                        help="The figures as they stand now, even if the year is published")
    parser.add_argument("--headers-from", help="Rebuild the shipped column headers from the "
                        "regulator's latest full-data workbook")


def run_return(*, options: dict, stdout) -> None:
    from doorstep.publishing import regulator_return
    from doorstep.publishing.services import PublishingError

    if options.get("headers_from"):
        data = regulator_return.save_headers(options["headers_from"])
        stdout.write(f"Column headers read from {data['source']} ({data['year']}) into "
                     f"{regulator_return.HEADERS_FILE}.")
        return
    if not options.get("year"):
        raise CommandError("Say which reporting year with --year, e.g. --year 2024/25",
                           returncode=2)
    if not options.get("out"):
        raise CommandError("Say where to write the workbook with --out, e.g. --out "
                           "tsm-return.xlsx", returncode=2)
    year = ReportingYear.parse(options["year"])
    try:
        about = regulator_return.return_for_year(
            year=year, path=options["out"], version_number=options.get("published_version"),
            live=options.get("live", False),
        )
    except (PublishingError, regulator_return.ReturnError) as problem:
        raise CommandError(str(problem), returncode=2) from None
    stdout.write(f"Wrote the regulator's return for {year.label} to {options['out']}. {about}")
