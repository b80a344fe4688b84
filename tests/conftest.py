from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def golden() -> Path:
    return GOLDEN
