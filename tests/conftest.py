"""Shared test fixtures. The research data lives outside the project, at ../shared."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
RESEARCH_DATA = SHARED / "research_data"


@pytest.fixture
def research_data() -> Path:
    if not RESEARCH_DATA.is_dir():
        pytest.fail(f"The shared research data is missing: expected it at {RESEARCH_DATA}")
    return RESEARCH_DATA
