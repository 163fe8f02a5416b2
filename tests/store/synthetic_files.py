"""Small synthetic FIT files for the store tests (no corpus needed).

Every file holds distinct activities (one a day), so that none is a duplicate of another.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..io import fitwriter as fw

BASE = dt.datetime(2024, 1, 1, 7, 0, tzinfo=dt.UTC)
RUNNING = 1


def fit_bytes(day: int, sessions: int = 1, records: int = 20) -> bytes:
    """A FIT file of ``sessions`` runs on day ``day`` after :data:`BASE`, 2 h apart."""
    messages = [fw.file_id(4)]
    ends = []
    for k in range(sessions):
        t0 = fw.fit_time(BASE + dt.timedelta(days=day, hours=2 * k))
        messages += [fw.record(t0 + i, hr=120 + k % 60, distance_cm=300 * i)
                     for i in range(records)]
        ends.append((t0, t0 + records - 1))
    messages += [fw.session(start, end, RUNNING, 0) for start, end in ends]
    return fw.fit_file(messages)


def write_fit_folder(folder: Path, n: int, *, first_day: int = 0, records: int = 20
                     ) -> list[Path]:
    """Write ``n`` one-run FIT files into ``folder`` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"run_{first_day + i:05d}.fit"
        path.write_bytes(fit_bytes(first_day + i, records=records))
        paths.append(path)
    return paths
