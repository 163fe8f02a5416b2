"""Recovery of stream files after a crash: it finishes or removes runlean's own leftovers and
never touches a file runlean did not create."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from typer.testing import CliRunner

from runlean.cli import app
from runlean.store import streams as stream_files
from runlean.store.db import open_store
from runlean.store.models import ActivityRow
from runlean.tracking.importing import import_paths

from .synthetic_files import fit_bytes

STREAMS = {"time_s": np.arange(5.0), "hr_bpm": np.full(5, 130.0)}


def _foreign_files(streams: Path) -> dict[str, bytes]:
    """Files a person (or another program) put in the streams folder."""
    pq.write_table(pa.table({"x": [1, 2, 3]}), streams / "my-analysis.parquet")
    # Even a file named exactly like runlean's (a UUID) but not written by runlean.
    pq.write_table(pa.table({"x": [1.0]}), streams / "0123456789ab4def8123456789abcdef.parquet")
    (streams / "notes.parquet.tmp").write_bytes(b"half-written by some other tool")
    (streams / "README.txt").write_text("mine")
    names = ("my-analysis.parquet", "0123456789ab4def8123456789abcdef.parquet",
             "notes.parquet.tmp", "README.txt")
    return {name: (streams / name).read_bytes() for name in names}


def test_activities_never_deletes_files_runlean_did_not_create(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_store(data).close()
    foreign = _foreign_files(data / "streams")
    for args in (["activities"], ["activities", "--format", "json"], ["import", "--failed"]):
        result = CliRunner().invoke(app, [*args, "--data-dir", str(data)])
        assert result.exit_code == 0, result.output
    open_store(data).close()
    assert {p.name: p.read_bytes() for p in (data / "streams").iterdir()} == foreign


def test_recovery_finishes_or_removes_only_its_own_leftovers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (tmp_path / "run.fit").write_bytes(fit_bytes(0))
    with open_store(data) as store:
        import_paths([tmp_path / "run.fit"], store)
        with store.session() as s:
            kept = s.scalars(select(ActivityRow.stream_path)).one()
        streams = store.streams_dir
        # A killed import: a committed row whose file was not yet renamed ...
        committed_name, committed_tmp = stream_files.write_tmp(streams, STREAMS)
        with store.transaction() as s:
            row = s.scalars(select(ActivityRow)).one()
            s.add(ActivityRow(**{c.key: getattr(row, c.key) for c in ActivityRow.__table__.columns
                                 if c.key not in ("id", "stream_path")},
                              stream_path=committed_name))
        # ... and files of a transaction that never committed.
        _, orphan_tmp = stream_files.write_tmp(streams, STREAMS)
        orphan_name, _orphan_final = stream_files.write_tmp(streams, STREAMS)
        stream_files.promote(streams, orphan_name)
    foreign = _foreign_files(data / "streams")
    open_store(data).close()
    present = {p.name for p in (data / "streams").iterdir()}
    assert present == {kept, committed_name, *foreign}
    assert not committed_tmp.exists() and not orphan_tmp.exists()
    assert not (streams / orphan_name).exists()
    for name, content in foreign.items():
        assert (data / "streams" / name).read_bytes() == content


def test_stream_file_names_and_metadata_say_they_are_runleans(tmp_path: Path) -> None:
    name, tmp = stream_files.write_tmp(tmp_path, STREAMS)
    assert stream_files.runlean_stream_name(name) == "final"
    assert stream_files.runlean_stream_name(tmp.name) == "tmp"
    for other in ("notes.parquet", "x" * 32 + ".parquet", name.upper(), name + ".bak",
                  "0123456789ab4def8123456789abcdef.parquet.tmp.tmp"):
        assert stream_files.runlean_stream_name(other) is None
    stream_files.promote(tmp_path, name)
    assert stream_files.written_by_runlean(tmp_path / name)
    assert stream_files.read(tmp_path / name)["hr_bpm"].tolist() == [130.0] * 5
    pq.write_table(pa.table({"x": [1]}), tmp_path / "other.parquet")
    assert not stream_files.written_by_runlean(tmp_path / "other.parquet")
    (tmp_path / "junk.parquet").write_bytes(b"not parquet")
    assert not stream_files.written_by_runlean(tmp_path / "junk.parquet")


def test_recovery_waits_for_no_import_and_a_killed_import_frees_the_lock(tmp_path: Path
                                                                         ) -> None:
    import os
    import signal
    import subprocess
    import sys

    from ..conftest import REPO

    data = tmp_path / "data"
    with open_store(data) as store:
        name, tmp = stream_files.write_tmp(store.streams_dir, STREAMS)  # an import's file
        # Another process holds the lock as an import does, and is then killed.
        code = ("import sys, time; from pathlib import Path; "
                "from runlean.store.lock import DataDirLock; "
                "lock = DataDirLock(Path(sys.argv[1])); "
                "ctx = lock.shared(); ctx.__enter__(); print('held', flush=True); "
                "sys.stdin.read()")
        proc = subprocess.Popen([sys.executable, "-c", code, str(data)],
                                env=dict(os.environ, PYTHONPATH=str(REPO / "src")),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        try:
            assert store.recover_streams() == (0, 0)  # an import runs: hands off
            assert tmp.exists()
        finally:
            proc.send_signal(signal.SIGKILL if sys.platform != "win32" else signal.SIGTERM)
            proc.wait(timeout=30)
        assert store.recover_streams() == (0, 1)  # the dead import's leftover goes
        assert not tmp.exists() and not (store.streams_dir / name).exists()
