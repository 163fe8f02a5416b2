"""Activity streams as Parquet files under ``<data_dir>/streams/<uuid>.parquet``.

Column types: ``float64`` for time, distance, latitude and longitude (they need the precision:
1e-7 deg is 1 cm); ``float32`` for every other channel (heart rate, cadence, power, speed,
altitude, temperature, segment: float32 keeps ~7 significant digits, far finer than the
sensors). Missing values are NaN, as in :class:`~runlean.domain.Activity`.

A file is first written as ``<uuid>.parquet.tmp`` and renamed by :func:`promote` after the
database transaction that references it has committed (see
:meth:`runlean.store.db.Store.recover_streams` for what happens after a crash).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np

from runlean.domain import FloatArray

#: Streams kept in double precision.
FLOAT64_STREAMS = frozenset({"time_s", "distance_m", "lat_deg", "lon_deg"})


def write_tmp(streams_dir: Path, streams: dict[str, FloatArray]) -> tuple[str, Path]:
    """Write ``streams`` to a new temporary Parquet file.

    Returns
    -------
    (name, tmp_path)
        ``name`` is what ``ActivityRow.stream_path`` stores (``<uuid>.parquet``);
        ``tmp_path`` is the file written (``<uuid>.parquet.tmp``).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {}
    for key in sorted(streams):
        dtype = np.float64 if key in FLOAT64_STREAMS else np.float32
        columns[key] = pa.array(np.asarray(streams[key], dtype=dtype))
    table = pa.table(columns)
    name = f"{uuid.uuid4().hex}.parquet"
    tmp = streams_dir / (name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    return name, tmp


def promote(streams_dir: Path, name: str) -> None:
    """Rename ``<name>.tmp`` to ``<name>`` (atomic on one file system)."""
    os.replace(streams_dir / (name + ".tmp"), streams_dir / name)


def discard(tmp_path: Path) -> None:
    """Delete a temporary stream file (after a rollback)."""
    tmp_path.unlink(missing_ok=True)


def read(path: Path) -> dict[str, FloatArray]:
    """Read a stream file back as float64 arrays keyed by stream name."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return {name: np.asarray(table.column(name).to_numpy(), dtype=np.float64)
            for name in table.column_names}
