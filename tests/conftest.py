"""Shared test fixtures.

The regulator's figures come from the compact dataset that ships with Doorstep
(doorstep/benchmarks/data/), so a fresh clone's tests pass. The few tests that read the
regulator's workbooks themselves (the reader, the upload, the dataset check) take them from
the research data kept beside the project, at ../shared/research_data: without it they skip,
saying how to get the files; with CI set (CI has them) they fail instead.
"""

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
RESEARCH_DATA = SHARED / "research_data"
RSH_TSM = RESEARCH_DATA / "rsh_tsm"
IN_CI = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def need_workbooks() -> Path:
    """The folder of the regulator's workbooks, or skip (fail in CI) saying how to get them."""
    if RSH_TSM.is_dir() and any(RSH_TSM.glob("*_TSM_Full_Data_*.xlsx")):
        return RSH_TSM
    message = (
        f"needs the regulator's TSM workbooks, which are not in {RSH_TSM}. To run it, download "
        "the two 'TSM full data' workbooks (2024_TSM_Full_Data_v1.1_FINAL.xlsx and "
        "2025_TSM_Full_Data_v1.0_FINAL.xlsx) from GOV.UK into that folder "
        "(see doorstep/benchmarks/data/README.md). Everything else runs on the shipped dataset."
    )
    if IN_CI:
        pytest.fail(f"CI is set, so this test must run: it {message}")
    pytest.skip(f"This test {message}")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Sign-ins in tests take milliseconds; real hashing is tested by Django itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run inside the test that starts them (docs/tasks.md)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def comments_not_coded_on_arrival(settings):
    """Imports and surveys in tests not about coding stay quick: coding on arrival is tested
    in tests/test_voice_on_arrival.py, which turns it back on."""
    settings.VOICE_CODE_ON_ARRIVAL = False


@pytest.fixture
def research_data() -> Path:
    """The research data folder, for tests that read the regulator's workbooks themselves."""
    need_workbooks()
    return RESEARCH_DATA


@pytest.fixture(scope="session")
def rsh_workbooks():
    """Both years of the regulator's TSM data as the reader gives them, by year label: from
    the shipped dataset, which tests/test_rsh_dataset.py checks against the workbooks."""
    return shipped_books()


def shipped_books() -> dict:
    from doorstep.benchmarks.dataset import load_books

    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = load_books()
    return _SHIPPED


_SHIPPED = None


def pytest_terminal_summary(terminalreporter, config):
    """Say the random order's seed (pytest-randomly's header is hidden by -q), so that a
    failure that depends on the order can be repeated."""
    if config.pluginmanager.hasplugin("randomly"):
        seed = config.getoption("randomly_seed", None)
        if isinstance(seed, int):
            terminalreporter.write_line(
                f"The tests ran in a random order; repeat it with --randomly-seed={seed}")
