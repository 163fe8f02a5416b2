"""Shared test fixtures: the real activity corpus (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The corpus next to the checkout; ``RUNLEAN_TEST_ACTIVITIES`` points elsewhere (a git worktree
#: lives in another folder than the main checkout).
ACTIVITIES_DIR = Path(os.environ.get("RUNLEAN_TEST_ACTIVITIES")
                      or REPO.parent / "shared" / "data" / "activities")


def activities_available() -> bool:
    return (ACTIVITIES_DIR / "MANIFEST.json").is_file()


requires_activities = pytest.mark.skipif(
    not activities_available(), reason="../shared/data/activities is not present"
)


@pytest.fixture(scope="session")
def activities_dir() -> Path:
    if not activities_available():
        pytest.skip("../shared/data/activities is not present")
    return ACTIVITIES_DIR


@pytest.fixture(scope="session")
def manifest(activities_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((activities_dir / "MANIFEST.json").read_text())
    return data
