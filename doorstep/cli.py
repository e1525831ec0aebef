"""The ``doorstep`` command: Doorstep's own commands and Django's, behind one name.

``doorstep demo-data`` and ``doorstep demo_data`` are the same command: hyphens read more
naturally on a command line, but Django's command modules use underscores. ``doorstep
--help`` lists the commands with hyphens, as the README writes them.
"""

import os
import sys

HELP_WORDS = {"help", "--help", "-h"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) > 2 and argv[1] == "help":  # `doorstep help demo-data`
        argv[2] = argv[2].replace("-", "_")
    argv[0] = "doorstep"
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    from doorstep.env import SettingError

    try:
        if len(argv) == 2 and argv[1] in HELP_WORDS:
            sys.stdout.write(overview())
            return
        execute_from_command_line(argv)
    except SettingError as problem:
        # A bad setting is the operator's to fix: say which, without a traceback.
        sys.stderr.write(f"Doorstep cannot start: {problem}\n")
        sys.exit(2)
    except (OperationalError, ProgrammingError) as problem:
        if not _missing_table(problem):
            raise
        sys.stderr.write(
            "The database has not been set up for this version of Doorstep (a table is "
            f"missing: {_first_line(problem)}).\nRun `doorstep migrate` first, then run the "
            "command again. (`make demo` does both and loads a demo landlord.)\n"
        )
        sys.exit(2)


def _first_line(problem: Exception) -> str:
    return str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__


def _missing_table(problem: Exception) -> bool:
    text = str(problem).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def overview() -> str:
    """Every command, Doorstep's first, each with its first line of help, hyphenated."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    ours, others = [], []
    for name, app in sorted(get_commands().items()):
        shown = name.replace("_", "-")
        if app.startswith("doorstep"):
            command = load_command_class(app, name)
            summary = " ".join((command.help or "").split()).split(". ")[0].rstrip(".")
            ours.append(f"  {shown:<22} {summary}")
        else:
            others.append(shown)
    lines = [
        "Usage: doorstep <command> [options]   (doorstep <command> --help for its options)",
        "",
        "Doorstep's commands:",
        *ours,
        "",
        "Django's and its add-ons' commands (doorstep <command> --help says more):",
        *_wrapped(others),
        "",
    ]
    return "\n".join(lines)


def _wrapped(names: list[str], width: int = 92) -> list[str]:
    lines, line = [], " "
    for name in names:
        if len(line) + len(name) + 2 > width:
            lines.append(line)
            line = " "
        line += f" {name},"
    lines.append(line.rstrip(","))
    return lines


if __name__ == "__main__":
    main()
