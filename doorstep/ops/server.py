"""Gunicorn, started from inside ``doorstep serve`` with Doorstep's own settings."""

import logging
import sys

from django.conf import settings
from gunicorn.app.base import BaseApplication

# One line per request: address, request line, status, bytes, milliseconds.
ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def _log_config() -> dict:
    """Gunicorn's own lines through the same handler (and format) as Doorstep's."""
    from django.conf import settings

    config = dict(settings.LOGGING)
    config["loggers"] = dict(config.get("loggers", {})) | {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    }
    return config


class DoorstepServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from doorstep.wsgi import application

        return application


def _when_ready(address: str):
    def ready(server):
        sys.stdout.write(f"Doorstep is at {address} (press Ctrl+C to stop)\n")
        sys.stdout.flush()
        logging.getLogger("doorstep.serve").info("Listening on %s", address)

    return ready


def run_gunicorn(*, host: str, port: int, workers: int, threads: int, timeout: int) -> None:
    shown = "127.0.0.1" if host in {"0.0.0.0", ""} else host  # noqa: S104 - only shown
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": timeout,
        "graceful_timeout": 30,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_FORMAT,
        "logconfig_dict": _log_config(),
        # The proxy in front sets X-Forwarded-For/Proto; Django reads them (TRUSTED_PROXIES).
        "forwarded_allow_ips": "127.0.0.1",
        "when_ready": _when_ready(f"http://{shown}:{port}/"),
        "proc_name": "doorstep",
        # No control socket in the home folder: several servers may run on one machine.
        "control_socket_disable": True,
    }
    DoorstepServer(options).run()


def serve_in_new_process(*, port: int, debug: bool, workers: int = 1, threads: int = 8,
                         with_worker: bool = False) -> None:
    """Run ``doorstep serve`` as its own process with DEBUG set as asked (the demo: off);
    ``with_worker`` runs ``doorstep worker`` beside it, so background work (coding new
    comments, imports, PDFs) is done while the server runs, as in production.

    Settings are read once per process, so a server with debug off when this process has it
    on needs a process of its own. One worker: the demo's cache is in memory, per process.
    """
    import os
    import subprocess

    env = dict(os.environ, DEBUG="yes" if debug else "no")
    command = [sys.executable, "-m", "doorstep", "serve", "--port", str(port),
               "--workers", str(workers), "--threads", str(threads)]
    worker = None
    if with_worker and settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        worker = subprocess.Popen(  # noqa: S603 - a fixed command
            [sys.executable, "-m", "doorstep", "worker", "--interval", "2"], env=env)
    try:
        completed = subprocess.run(command, env=env, check=False)  # noqa: S603 - fixed command
    except KeyboardInterrupt:
        return
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
    if completed.returncode not in (0, -2, 130):
        sys.exit(completed.returncode)
