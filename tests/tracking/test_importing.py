"""Import bookkeeping: recorded failures are listed once and forgotten once a file imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from runlean.store.activities import list_activities, list_failed_imports
from runlean.store.db import Store, open_store
from runlean.tracking.importing import import_paths

from ..io import fitwriter as fw

T0 = fw.fit_time(dt.datetime(2020, 7, 1, 6, 0, tzinfo=dt.UTC))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "db")
    yield s
    s.close()


def _fit(n: int = 30) -> bytes:
    recs = [fw.record(T0 + i, hr=130, distance_cm=300 * i) for i in range(n)]
    return fw.fit_file([fw.file_id(4), *recs, fw.session(T0, T0 + n - 1, 1, 0)])


def test_failure_is_listed_once_then_forgotten_after_success(store: Store,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(b"not a fit file at all" * 10)
    import_paths([path], store)
    path.write_bytes(b"still not a fit file" * 10)
    report = import_paths([path], store)
    assert len(report.failed) == 1
    failed = list_failed_imports(store)
    assert [f["source_name"] for f in failed] == [str(path)]  # once, not twice
    assert "not an activity file" in failed[0]["reason"]

    path.write_bytes(_fit())  # the user re-exported the file
    report = import_paths([path], store)
    assert len(report.imported) == 1 and not report.failed
    assert list_failed_imports(store) == []
    assert len(list_activities(store)) == 1


def test_already_imported_bytes_under_another_name_clear_the_failure(
        store: Store, tmp_path: Path) -> None:
    good = tmp_path / "a.fit"
    good.write_bytes(_fit())
    import_paths([good], store)
    other = tmp_path / "b.fit"
    other.write_bytes(b"")
    import_paths([other], store)
    assert [f["source_name"] for f in list_failed_imports(store)] == [str(other)]
    other.write_bytes(_fit())
    report = import_paths([other], store)
    assert [d.kind for d in report.duplicates] == ["file"]
    assert list_failed_imports(store) == []
