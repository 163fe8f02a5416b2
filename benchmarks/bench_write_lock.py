"""How long runlean's writes hold the database's write lock, and what another command waits.

A command run while an import runs (``runlean log weight 79``) waits for the import's write
transaction to finish. Imports read, analyse and write stream files before their (short)
write transaction; a log CSV is written in a few statements per log kind. Measured here:

1. a FIT file of ``--sessions`` sessions (a multisport or a badly split recording): the whole
   import time vs the longest write-lock hold (``BEGIN IMMEDIATE`` to ``COMMIT``);
2. a weight CSV of ``--rows`` days: the whole import time vs the longest lock hold;
3. ``log_weight`` called in a loop in this process while another process imports
   ``--files`` FIT files into the same store: the median and worst latency of a log, against
   the same log with no import running (measured in the same run).

Targets: the longest lock hold under 0.5 s for a 300-session file and under 1 s for 10 000
days of weights (27 years); a log during an import within 10x its idle latency at the median.
Before these were made short, a 5 000-row CSV held the lock for 13 s and a multi-session file
for its whole analysis.

Run: ``python benchmarks/bench_write_lock.py [--sessions N] [--rows N] [--files N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from sqlalchemy import event  # noqa: E402
from tests.store.synthetic_files import fit_bytes, write_fit_folder  # noqa: E402

from runlean.store.db import Store, open_store  # noqa: E402
from runlean.tracking.importing import import_paths  # noqa: E402
from runlean.tracking.logs import import_log_csv, log_weight  # noqa: E402


class LockClock:
    """Times every write transaction of a store (``BEGIN IMMEDIATE`` to commit/rollback)."""

    def __init__(self, store: Store) -> None:
        self.holds: list[float] = []
        self._start: float | None = None
        event.listen(store.engine, "before_cursor_execute", self._before)
        event.listen(store.engine, "commit", self._end)
        event.listen(store.engine, "rollback", self._end)

    def _before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            self._start = time.perf_counter()

    def _end(self, conn: Any) -> None:
        if self._start is not None:
            self.holds.append(time.perf_counter() - self._start)
            self._start = None


def multi_session(tmp: Path, sessions: int) -> None:
    path = tmp / "multi.fit"
    path.write_bytes(fit_bytes(0, sessions=sessions, records=20))
    with open_store(tmp / "multi") as store:
        clock = LockClock(store)
        t0 = time.perf_counter()
        report = import_paths([path], store)
        total = time.perf_counter() - t0
    longest = max(clock.holds)
    print(f"{sessions}-session FIT: import {total:.2f} s, {len(report.imported)} activities; "
          f"longest write-lock hold {longest * 1000:.1f} ms = {longest / total:.2%} of it "
          "(target < 500 ms)")


def log_csv(tmp: Path, rows: int) -> None:
    path = tmp / "weights.csv"
    start = dt.date(1980, 1, 1)
    path.write_text("date,weight_kg\n" + "".join(
        f"{start + dt.timedelta(days=i)},{70 + i % 50 / 10}\n" for i in range(rows)))
    with open_store(tmp / "csv") as store:
        clock = LockClock(store)
        t0 = time.perf_counter()
        import_log_csv(store, path)
        total = time.perf_counter() - t0
    longest = max(clock.holds)
    print(f"{rows}-row weight CSV: import {total:.2f} s; longest write-lock hold "
          f"{longest * 1000:.0f} ms (target < 1000 ms)")


_IMPORT = """
import sys
from pathlib import Path
from runlean.store.db import open_store
from runlean.tracking.importing import import_paths
with open_store(Path(sys.argv[1])) as store:
    import_paths([Path(sys.argv[2])], store)
"""


def _log_latencies(store: Store, n: int, first_day: int) -> list[float]:
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        log_weight(store, dt.date(1980, 1, 1) + dt.timedelta(days=first_day + i), 79.0)
        out.append(time.perf_counter() - t0)
    return out


def log_during_import(tmp: Path, files: int) -> None:
    write_fit_folder(tmp / "in", files)
    data = tmp / "busy"
    with open_store(data) as store:
        idle = _log_latencies(store, 50, 0)
        proc = subprocess.Popen([sys.executable, "-c", _IMPORT, str(data), str(tmp / "in")],
                                env=dict(os.environ, PYTHONPATH=str(REPO / "src")))
        busy: list[float] = []
        while proc.poll() is None:
            busy += _log_latencies(store, 1, 100 + len(busy))
        proc.wait()
    ratio = statistics.median(busy) / statistics.median(idle)
    print(f"log_weight while {files} files import: median {statistics.median(busy) * 1000:.1f}"
          f" ms, worst {max(busy) * 1000:.0f} ms over {len(busy)} logs; idle median "
          f"{statistics.median(idle) * 1000:.1f} ms; ratio {ratio:.1f}x (target < 10x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        multi_session(Path(tmp), args.sessions)
        log_csv(Path(tmp), args.rows)
        log_during_import(Path(tmp), args.files)


if __name__ == "__main__":
    main()
