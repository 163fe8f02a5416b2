"""A full disk during an import or a log: one line, nothing half-written, usable once freed."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from runlean.cli import main
from runlean.errors import RunleanError
from runlean.store import db as store_db
from runlean.store.activities import list_activities
from runlean.store.db import open_store
from runlean.tracking.importing import import_paths
from runlean.tracking.logs import log_weight

from .synthetic_files import write_fit_folder
from .test_concurrency import assert_store_invariants


def _run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
             *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["runlean", *args])
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def _assert_one_line(err: str) -> None:
    assert err.startswith("runlean: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("fail_at", [1, 4])
def test_stream_writer_out_of_space_stops_the_import_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        fail_at: int) -> None:
    folder = tmp_path / "in"
    write_fit_folder(folder, 6)
    data = tmp_path / "data"
    real_write = pq.write_table
    calls = {"n": 0}

    def fill_the_disk(table: Any, where: Any, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] < fail_at:
            real_write(table, where, *args, **kwargs)
            return
        if hasattr(where, "write"):  # a half-written file, as a real full disk leaves
            where.write(b"PAR1 half")
        else:
            Path(where).write_bytes(b"PAR1 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", fill_the_disk)
    code, err = _run_cli(monkeypatch, capsys, "import", str(folder), "--data-dir", str(data))
    assert code != 0
    _assert_one_line(err)
    assert "disk is full" in err or "No space left" in err
    monkeypatch.setattr(pq, "write_table", real_write)
    assert_store_invariants(data)
    with open_store(data) as store:
        assert len(list_activities(store)) == fail_at - 1
        # Space is free again: the same import completes the set, without duplicates.
        report = import_paths([folder], store)
        assert report.failed == []
        assert len(report.imported) == 6 - (fail_at - 1)
        assert len(list_activities(store)) == 6
    assert_store_invariants(data)


def test_database_out_of_space_is_one_line_and_recoverable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    write_fit_folder(folder, 30)
    data = tmp_path / "data"
    open_store(data).close()
    with sqlite3.connect(data / "runlean.db") as conn:
        cap = conn.execute("PRAGMA page_count").fetchone()[0] + 6
    conn.close()
    real_pragmas = store_db._sqlite_pragmas

    def small_disk(dbapi_connection: Any, record: Any) -> None:
        # SQLite's own limit on the file size: writes past it fail with SQLITE_FULL
        # ("database or disk is full"), exactly as on a full disk.
        real_pragmas(dbapi_connection, record)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count = {cap}")
        cursor.close()

    monkeypatch.setattr(store_db, "_sqlite_pragmas", small_disk)
    code, err = _run_cli(monkeypatch, capsys, "import", str(folder), "--data-dir", str(data))
    assert code != 0
    _assert_one_line(err)
    assert "full" in err
    # Log weights until the database is full (a log fits in a page with room left) ...
    with open_store(data) as store, pytest.raises(RunleanError, match="full"):
        for day in range(2000):
            log_weight(store, dt.date(2000, 1, 1) + dt.timedelta(days=day), 79.0)
    # ... then the next 'runlean log' says so in one line.
    code, err = _run_cli(monkeypatch, capsys, "log", "weight", "79", "--date", "2024-05-01",
                         "--data-dir", str(data))
    assert code != 0
    _assert_one_line(err)
    monkeypatch.setattr(store_db, "_sqlite_pragmas", real_pragmas)
    assert_store_invariants(data)
    code, err = _run_cli(monkeypatch, capsys, "import", str(folder), "--data-dir", str(data))
    assert code == 0, err
    with open_store(data) as store:
        assert len(list_activities(store)) == 30
    assert_store_invariants(data)
