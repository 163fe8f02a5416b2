"""A second command while an import runs: no stream lost, no 'database is locked' traceback.

The import runs in a real second process (the data-directory lock is between processes);
this process meanwhile runs store commands in a loop, as a person would in another terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from typer.testing import CliRunner

from runlean.cli import app
from runlean.store import db as store_db
from runlean.store import streams as stream_files
from runlean.store.activities import list_activities
from runlean.store.db import open_store
from runlean.store.models import ActivityRow, ImportedFileRow
from runlean.tracking import importing
from runlean.tracking.importing import import_paths
from runlean.tracking.logs import import_log_csv, log_weight

from ..conftest import REPO
from .synthetic_files import fit_bytes, write_fit_folder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process handling")


def assert_store_invariants(data_dir: Path) -> None:
    """Every activity row has its stream file and every stream file has its row; no
    temporary stream file is left; every imported file has all its activities."""
    with open_store(data_dir) as store:
        rows = list_activities(store)
        named = {r["stream_path"] for r in rows if r["stream_path"]}
        files = {p.name for p in (data_dir / "streams").iterdir()}
        assert named == files, (sorted(named - files)[:5], sorted(files - named)[:5])
        assert all(r["n_samples"] == 0 or r["stream_path"] for r in rows)
        with store.session() as s:
            for f in s.scalars(select(ImportedFileRow)):
                n = s.scalar(select(func.count()).select_from(ActivityRow)
                             .where(ActivityRow.content_sha256 == f.sha256))
                assert n == f.n_activities


_IMPORT_SCRIPT = """
import json, sys
from pathlib import Path
from runlean.store.db import open_store
from runlean.tracking.importing import import_paths
with open_store(Path(sys.argv[1])) as store:
    report = import_paths([Path(sys.argv[2])], store)
print(json.dumps({"imported": len(report.imported), "duplicates": len(report.duplicates),
                  "failed": [f.reason for f in report.failed]}))
"""


def _start_import(data: Path, folder: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.Popen([sys.executable, "-c", _IMPORT_SCRIPT, str(data), str(folder)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def test_store_commands_in_a_loop_during_a_long_import_lose_nothing(tmp_path: Path) -> None:
    n = 80
    folder = tmp_path / "in"
    write_fit_folder(folder, n)
    data = tmp_path / "data"
    open_store(data).close()  # the database exists before both start
    proc = _start_import(data, folder)
    runner = CliRunner()
    rounds = 0
    day = dt.date(2024, 6, 1)
    while proc.poll() is None:
        with open_store(data) as store:  # what every command does first
            list_activities(store)
        result = runner.invoke(app, ["log", "weight", str(79 + rounds % 10 / 10), "--date",
                                     (day + dt.timedelta(days=rounds % 30)).isoformat(),
                                     "--data-dir", str(data)])
        assert result.exit_code == 0, (result.output, result.exception)
        result = runner.invoke(app, ["activities", "--format", "json", "--data-dir", str(data)])
        assert result.exit_code == 0, (result.output, result.exception)
        rounds += 1
    report = _finish(proc)
    assert rounds >= 3  # the loop really ran during the import
    assert report == {"imported": n, "duplicates": 0, "failed": []}
    assert_store_invariants(data)
    with open_store(data) as store:
        assert len(list_activities(store)) == n


def test_two_imports_of_the_same_folder_at_once_report_duplicates_not_failures(
        tmp_path: Path) -> None:
    n = 30
    folder = tmp_path / "in"
    write_fit_folder(folder, n)
    data = tmp_path / "data"
    open_store(data).close()
    first, second = _start_import(data, folder), _start_import(data, folder)
    a, b = _finish(first), _finish(second)
    assert a["failed"] == [] and b["failed"] == []
    assert a["imported"] + b["imported"] == n
    assert a["duplicates"] + b["duplicates"] == n
    assert_store_invariants(data)


def test_opening_the_store_during_an_import_keeps_its_temporary_streams(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A second command (here: open_store, as every command does) runs at the worst moment:
    # the import's stream files are written and its rows not yet committed.
    path = tmp_path / "multi.fit"
    path.write_bytes(fit_bytes(0, sessions=3))
    data = tmp_path / "data"
    real_write = stream_files.write_tmp
    opened = []

    def write_then_open(*args: Any, **kwargs: Any) -> Any:
        out = real_write(*args, **kwargs)
        open_store(data).close()
        opened.append(out[1])
        return out

    monkeypatch.setattr(stream_files, "write_tmp", write_then_open)
    with open_store(data) as store:
        report = import_paths([path], store)
    assert len(opened) == 3
    assert report.failed == []
    assert len(report.imported) == 3
    assert_store_invariants(data)


def test_promotion_after_the_commit_renames_every_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Something removed the first temporary file after the commit: the others are still
    # renamed, and the committed file is not reported as failed.
    path = tmp_path / "multi.fit"
    path.write_bytes(fit_bytes(0, sessions=3))
    real_promote = stream_files.promote
    calls = []

    def lose_first(streams_dir: Path, name: str) -> None:
        calls.append(name)
        if len(calls) == 1:
            (streams_dir / (name + ".tmp")).unlink()
        real_promote(streams_dir, name)

    monkeypatch.setattr(stream_files, "promote", lose_first)
    with open_store(tmp_path / "data") as store:
        report = import_paths([path], store)
        assert report.failed == []
        assert len(report.imported) == 3
        assert len(calls) == 3
        assert any("stream" in w and "missing" in w for w in report.warnings)
        rows = list_activities(store)
    present = {p.name for p in (tmp_path / "data" / "streams").iterdir()}
    assert present == set(calls[1:])
    assert {r["stream_path"] for r in rows} >= present


def test_analysis_of_a_multi_session_file_does_not_hold_the_write_lock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # While the import analyses its second session, another connection can write at once.
    path = tmp_path / "multi.fit"
    path.write_bytes(fit_bytes(0, sessions=3))
    data = tmp_path / "data"
    real_row = importing._activity_row
    probes: list[bool] = []

    def probe(*args: Any, **kwargs: Any) -> Any:
        if args[3] == 1:  # analysing the second session
            conn = sqlite3.connect(data / "runlean.db", timeout=0.05)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                probes.append(True)
            except sqlite3.OperationalError:
                probes.append(False)
            finally:
                conn.close()
        return real_row(*args, **kwargs)

    monkeypatch.setattr(importing, "_activity_row", probe)
    with open_store(data) as store:
        report = import_paths([path], store)
    assert probes == [True]
    assert len(report.imported) == 3


def test_a_concurrent_import_of_the_same_file_is_a_duplicate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another process imports the same bytes between this import's first look-up and its
    # transaction: a duplicate, not a UNIQUE-constraint failure.
    path = tmp_path / "run.fit"
    path.write_bytes(fit_bytes(0))
    data = tmp_path / "data"
    from runlean import io as runlean_io

    real_read = runlean_io.read_activity_file
    raced = []

    def read_and_race(*args: Any, **kwargs: Any) -> Any:
        out = real_read(*args, **kwargs)
        if not raced:
            raced.append(True)
            with open_store(data) as other:
                assert len(import_paths([path], other).imported) == 1
        return out

    monkeypatch.setattr(runlean_io, "read_activity_file", read_and_race)
    with open_store(data) as store:
        report = import_paths([path], store)
    assert raced
    assert report.failed == []
    assert report.imported == []
    assert [d.kind for d in report.duplicates] == ["file"]
    assert_store_invariants(data)
    with open_store(data) as store:
        assert len(list_activities(store)) == 1


def test_a_busy_database_is_a_one_line_error(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from runlean.cli import main

    data = tmp_path / "data"
    open_store(data).close()
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50, raising=False)
    holder = sqlite3.connect(data / "runlean.db")
    holder.execute("BEGIN IMMEDIATE")  # another writer that does not let go
    try:
        monkeypatch.setattr(sys, "argv", ["runlean", "log", "weight", "79", "--date",
                                          "2024-05-01", "--data-dir", str(data)])
        with pytest.raises(SystemExit) as exit_info:
            main()
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert exit_info.value.code != 0
    assert err.startswith("runlean: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert "busy" in err or "locked" in err
    with open_store(data) as store:  # usable again, and the weight can now be logged
        log_weight(store, dt.date(2024, 5, 1), 79.0)


def test_a_log_csv_import_holds_the_write_lock_for_a_few_statements(tmp_path: Path) -> None:
    # A long CSV must not hold the database's write lock for minutes: the rows are written
    # in a number of statements that does not grow with the file.
    data = tmp_path / "data"
    start = dt.date(2000, 1, 1)
    csv_path = tmp_path / "weights.csv"
    rows = [f"{start + dt.timedelta(days=i)},{70 + i % 50 / 10}" for i in range(3000)]
    csv_path.write_text("date,weight_kg\n" + "\n".join(rows) + "\n")
    with open_store(data) as store:
        log_weight(store, start, 90.0)  # one date already logged: replaced
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(str(args[2])[:40])

        event.listen(store.engine, "before_cursor_execute", count)
        result = import_log_csv(store, csv_path)
        event.remove(store.engine, "before_cursor_execute", count)
        assert result.new == {"weight": 2999}
        assert result.replaced == {"weight": 1}
        assert len(statements) < 20, statements[:25]
        from runlean.tracking.logs import weights

        stored = weights(store)
    assert len(stored) == 3000
    assert stored[0] == (start, 70.0)
    assert stored[-1] == (start + dt.timedelta(days=2999), 70 + 2999 % 50 / 10)
