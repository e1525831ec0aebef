"""Background jobs: a task that runs on the worker and tells its starter how far it has got.

The API other apps use (docs/tasks.md), kept stable::

    from doorstep.ops.jobs import job_task, start_job

    @job_task()
    def import_file(job, *, path: str, dataset: str) -> dict:
        job.progress(done=0, total=rows, message="Checking 12,000 rows")
        ...
        job.finish(message="Imported 12,000 repairs", url=f"/imports/{run.pk}/")
        return {"rows": rows}

    job = start_job(import_file, label="Import repairs.csv", user=request.user,
                    path=str(saved), dataset="repairs")
    return redirect(job)  # the job's page: /jobs/<id>/

``job_task`` makes a django-tasks task (so ``TASKS`` decides where it runs: the database
queue and ``doorstep worker`` in production, at once in tests); ``start_job`` records a
``Job`` and queues the task with the job's id. Arguments must be JSON values (str, int,
float, bool, None, lists and dicts of them): pass a file's path or a record's id, never the
object. A task that raises is marked failed with a plain message; its traceback goes to the
worker's log, not to the page.
"""

import functools
import logging

from django.utils import timezone

from doorstep.ops.models import Job

try:  # Django 6 has the framework built in; on 5.2 the django-tasks backport provides it.
    from django.tasks import task as _task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task as _task

logger = logging.getLogger("doorstep.jobs")


class JobProgress:
    """What a running task holds to report its progress (the ``job`` argument)."""

    def __init__(self, job: Job):
        self.job = job

    @property
    def id(self) -> int:
        return self.job.pk

    def progress(self, *, done: int, total: int | None = None, message: str = "") -> None:
        """Say how far the job has got. Written at once; but inside a transaction the task
        holds open, others see it only when that commits, so report progress between
        batches, not from inside the one transaction that writes them."""
        fields = {"done": done, "message": message or self.job.message}
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def finish(self, *, message: str = "", url: str = "") -> None:
        """Mark the job finished, with what it did and where to see it."""
        _set(self.job, status=Job.Status.DONE, message=message or "Finished",
             result_url=url, finished_at=timezone.now())


def _set(job: Job, **fields) -> None:
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def job_task(**options):
    """Decorate ``func(job, **kwargs)`` as a background task that reports on a ``Job``.

    ``options`` go to the task framework's ``@task`` (``priority``, ``queue_name``).
    """

    def decorate(func):
        @functools.wraps(func)
        def run(job_id: int, **kwargs):
            job = Job.objects.get(pk=job_id)
            _set(job, status=Job.Status.RUNNING, started_at=timezone.now())
            progress = JobProgress(job)
            try:
                result = func(progress, **kwargs)
            except Exception as problem:
                logger.exception("Job %s (%s) failed", job.pk, job.task_name)
                _set(job, status=Job.Status.FAILED, finished_at=timezone.now(),
                     message=failure_message(problem))
                raise
            if job.status == Job.Status.RUNNING:
                progress.finish()
            return result

        return _task(**options)(run)

    return decorate


def failure_message(problem: Exception) -> str:
    """What the job's page says when a task fails: the error's own words when it is one of
    Doorstep's plain-English errors (a ValueError), a general line otherwise."""
    if isinstance(problem, ValueError) and str(problem):
        return f"It stopped: {problem}"
    return "It stopped because of an error; the worker's log has the details."


def start_job(task, *, label: str, user=None, **kwargs) -> Job:
    """Record a job for ``user`` and queue ``task`` (made with ``job_task``) to run it."""
    job = Job.objects.create(
        label=label,
        task_name=task.module_path,
        started_by=user if user is not None and user.is_authenticated else None,
    )
    result = task.enqueue(job_id=job.pk, **kwargs)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


def start_job_once(task, *, label: str, **kwargs) -> Job:
    """``start_job`` for work that arrives in bursts (a thousand survey forms, one import
    after another): while a job of ``task`` is still waiting to start, it is that job (it
    will see everything that arrived), not one more."""
    waiting = Job.objects.filter(task_name=task.module_path, status=Job.Status.QUEUED).first()
    return waiting or start_job(task, label=label, **kwargs)
