"""Background tasks of Doorstep's own (docs/tasks.md)."""

from datetime import date

from doorstep.ops.jobs import job_task
from doorstep.ops.schedule import run_all


@job_task()
def run_recurring(job, *, name: str, day: str) -> str:
    """One piece of recurring work, run by the worker (``run-scheduled --in-background``)."""
    job.progress(done=0, total=1, message=f"Running {name}")
    outcomes = run_all(today=date.fromisoformat(day), only=[name])
    if not outcomes:
        raise ValueError(f"no recurring work is called {name!r}")
    outcome = outcomes[0]
    if not outcome.ok:
        raise ValueError(f"{name} {outcome.summary}")
    job.progress(done=1, message=outcome.summary)
    job.finish(message=outcome.summary)
    return outcome.summary


@job_task()
def code_comments(job) -> dict:
    """Code (or re-code) every comment, keeping staff corrections: for a "code now" button."""
    from doorstep.voice.services import code_everything

    job.progress(done=0, message="Coding every comment into themes")
    run = code_everything()
    summary = f"{run.coded:,} comments coded ({run.created:,} new), {run.flags_raised} flags raised"
    job.finish(message=summary, url="/voice/")
    return {"coded": run.coded, "created": run.created, "flags_raised": run.flags_raised}
