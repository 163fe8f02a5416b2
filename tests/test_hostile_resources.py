"""Resource bombs through the real ``runlean`` process (issue 13, item 8; item 11 for
``/dev/zero``), each run with its address space capped by ``resource.setrlimit`` and a time
limit, so that a regression fails the test instead of taking the machine down.

Stated bounds: every run below fits in :data:`MEMORY_CAP` of address space (the Python
interpreter with NumPy, pyarrow and SQLAlchemy loaded takes about 400 MB of it) and
:data:`TIME_LIMIT_S` of wall-clock time. Before the limits existed, the 1.2 MB ``.gpx.gz``
here inflated to 345 MB of XML that gpxpy would have needed gigabytes to parse.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import hostile as h
from tests.conftest import REPO

#: Address-space cap of each runlean process [bytes]. pyarrow's default allocator
#: (mimalloc) reserves 1 GiB of address space up front; the runs use the system allocator
#: (``ARROW_DEFAULT_MEMORY_POOL=system``) so that the cap measures what is used.
MEMORY_CAP = 1024 * 1024 * 1024
#: Wall-clock limit of each runlean process [s].
TIME_LIMIT_S = 60.0

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS semantics")


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def runlean(*args: str, home: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), RUNLEAN_HOME=str(home),
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", COLUMNS="200",
               ARROW_DEFAULT_MEMORY_POOL="system")
    env.pop("RUNLEAN_DATABASE_URL", None)
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "runlean", *args], capture_output=True,
                         text=True, env=env, timeout=TIME_LIMIT_S, preexec_fn=_cap_memory)
    elapsed = time.monotonic() - start
    assert "Traceback" not in res.stdout + res.stderr, res.stderr
    assert "MemoryError" not in res.stdout + res.stderr, res.stdout
    return res, elapsed


def test_bombs_in_a_folder_fail_one_by_one_within_bounds(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_bomb.gpx.gz").write_bytes(h.gpx_bomb(5_000_000))
    (src / "b_overlap.zip").write_bytes(h.overlapping_zip("o.gpx", 256 << 20, 2000))
    leaf = h.zip_bytes({"z.gpx": b"\0" * (32 << 20)})
    (src / "c_nested.zip").write_bytes(h.zip_bytes({f"{i}.zip": leaf for i in range(20)}))
    big = src / "d_huge.fit"
    with big.open("wb") as f:  # 3 GB on paper, sparse on disk
        f.truncate(3 * 1024**3)
    (src / "e_run.fit").write_bytes(h.fit())
    data = tmp_path / "data"
    res, elapsed = runlean("import", str(src), "--data-dir", str(data), home=tmp_path)
    assert res.returncode == 0, res.stderr
    assert elapsed < TIME_LIMIT_S
    out = res.stderr  # the failed sources: standard error
    assert "a_bomb.gpx.gz" in out and "decompression bomb" in out
    assert "b_overlap.zip" in out and "overlapping entries" in out
    assert out.count("decompression bomb") == 21  # the .gz and the 20 nested members
    assert "d_huge.fit" in out and "above the size limit" in out
    rows = h.store_invariants(data)
    assert [Path(str(r["source_file"])).name for r in rows] == ["e_run.fit"]
    # Again: the good file is a duplicate, the bombs fail again, nothing else changes.
    res, _ = runlean("import", str(src), "--data-dir", str(data), home=tmp_path)
    assert res.returncode == 0 and "1 duplicate skipped" in res.stdout
    assert len(h.store_invariants(data)) == 1


def test_device_files_and_deep_documents_are_one_line_errors(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    res, _ = runlean("log", "import", "/dev/zero", "--data-dir", data, home=tmp_path)
    assert res.returncode == 2 and res.stderr.startswith("runlean: error: ")
    assert "not a regular file" in res.stderr and len(res.stderr.splitlines()) == 1
    res, _ = runlean("import", "/dev/zero", "--data-dir", data, home=tmp_path)
    assert res.returncode == 1 and "not a regular file" in res.stderr
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    res, _ = runlean("simulate", str(deep), home=tmp_path)
    assert res.returncode == 2 and len(res.stderr.splitlines()) == 1
    assert "nested more than 32 levels deep" in res.stderr
