"""Shared test fixtures. The research data lives outside the project, at ../shared."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
RESEARCH_DATA = SHARED / "research_data"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Sign-ins in tests take milliseconds; real hashing is tested by Django itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def research_data() -> Path:
    if not RESEARCH_DATA.is_dir():
        pytest.fail(f"The shared research data is missing: expected it at {RESEARCH_DATA}")
    return RESEARCH_DATA


@pytest.fixture(scope="session")
def rsh_workbooks():
    """Both of the regulator's TSM workbooks, read once per test session, by year label."""
    from doorstep.benchmarks.rsh import read_workbook

    folder = RESEARCH_DATA / "rsh_tsm"
    books = [read_workbook(path) for path in sorted(folder.glob("*_TSM_Full_Data_*.xlsx"))]
    if len(books) != 2:
        pytest.fail(f"Expected the two RSH workbooks in {folder}")
    return {book.year: book for book in books}
