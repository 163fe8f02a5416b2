"""Fixtures of the web tests: a fresh data directory per module, the real database URL
variable removed (the app must use that directory's SQLite file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mp = pytest.MonkeyPatch()
    mp.delenv("RUNLEAN_DATABASE_URL", raising=False)
    mp.delenv("RUNLEAN_HOME", raising=False)
    yield tmp_path_factory.mktemp("webdata")
    mp.undo()
