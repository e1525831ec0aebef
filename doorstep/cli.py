"""The ``doorstep`` command: Doorstep's own commands and Django's, behind one name.

``doorstep demo-data`` and ``doorstep demo_data`` are the same command: hyphens read more
naturally on a command line, but Django's command modules use underscores.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "doorstep"
    from django.core.management import execute_from_command_line

    from doorstep.env import SettingError

    try:
        execute_from_command_line(argv)
    except SettingError as problem:
        # A bad setting is the operator's to fix: say which, without a traceback.
        sys.stderr.write(f"Doorstep cannot start: {problem}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
