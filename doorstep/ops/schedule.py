"""Recurring work, run by ``doorstep run-scheduled`` (from cron or a systemd timer).

Each piece of recurring work is a function ``work(*, today: date) -> str`` that does the work
by calling its app's services and returns one line saying what it did. It joins the list with
``@recurring``::

    # doorstep/<app>/scheduled.py: found and imported by run-scheduled
    from doorstep.ops.schedule import recurring

    @recurring("overdue actions", description="Actions past their due date, for their owners")
    def overdue_actions(*, today):
        late = services.overdue(Action.objects.all(), today=today)
        return f"{late.count()} actions overdue"

Every app may have a ``scheduled.py``; ``discover()`` imports them all. The work runs in the
order it joined, each in its own try: one that fails is reported and the rest still run.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger("doorstep.scheduled")


@dataclass(frozen=True)
class Recurring:
    name: str
    description: str
    work: Callable[..., str]


# The hook list: every piece of recurring work, in the order it runs.
RECURRING: list[Recurring] = []


def recurring(name: str, *, description: str = ""):
    def register(work):
        if not any(item.name == name for item in RECURRING):
            RECURRING.append(Recurring(name=name, description=description, work=work))
        return work

    return register


def discover() -> list[Recurring]:
    autodiscover_modules("scheduled")
    return list(RECURRING)


@dataclass
class Outcome:
    name: str
    ok: bool
    summary: str


def run_all(*, today: date, only: list[str] | None = None) -> list[Outcome]:
    outcomes = []
    for item in discover():
        if only and item.name not in only:
            continue
        try:
            summary = item.work(today=today)
        except Exception as problem:
            logger.exception("Recurring work %r failed", item.name)
            outcomes.append(Outcome(item.name, False, f"failed: {problem}"))
        else:
            logger.info("Recurring work %r: %s", item.name, summary)
            outcomes.append(Outcome(item.name, True, summary))
    return outcomes
