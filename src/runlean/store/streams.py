"""Activity streams as Parquet files under ``<data_dir>/streams/<uuid>.parquet``.

Column types: ``float64`` for time, distance, latitude and longitude (they need the precision:
1e-7 deg is 1 cm); ``float32`` for every other channel (heart rate, cadence, power, speed,
altitude, temperature, segment: float32 keeps ~7 significant digits, far finer than the
sensors). Missing values are NaN, as in :class:`~runlean.domain.Activity`.

A file is first written as ``<uuid>.parquet.tmp`` and renamed by :func:`promote` after the
database transaction that references it has committed (see
:meth:`runlean.store.db.Store.recover_streams` for what happens after a crash).

What is runlean's: a stream file's name is a random version-4 UUID in lower-case hex
(:func:`runlean_stream_name` recognises the two forms), its Parquet footer carries the key
:data:`METADATA_KEY` (:func:`written_by_runlean`), and it is created with mode 0600 (only its
owner can read it: the streams are GPS tracks). Recovery touches nothing else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from runlean.errors import StoreError

if TYPE_CHECKING:  # numpy and the domain model load only when a stream is written or read
    from runlean.domain import FloatArray

#: Streams kept in double precision.
FLOAT64_STREAMS = frozenset({"time_s", "distance_m", "lat_deg", "lon_deg"})
#: Key of the Parquet footer metadata that marks a file as written by runlean.
METADATA_KEY = b"runlean"
#: Its value: what the file holds and the version of the layout.
METADATA_VALUE = b"activity-streams/1"
#: Mode of new stream files: read and write for the owner only.
FILE_MODE = 0o600

_NAME = re.compile(r"^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}\.parquet(\.tmp)?$")
#: ``errno`` values that mean the disk (not the file being imported) is the problem.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def runlean_stream_name(name: str) -> str | None:
    """``"final"`` for ``<uuid4 hex>.parquet``, ``"tmp"`` for ``<uuid4 hex>.parquet.tmp``,
    ``None`` for any other name (a file runlean did not create)."""
    match = _NAME.match(name)
    if match is None:
        return None
    return "tmp" if match.group(1) else "final"


def written_by_runlean(path: Path) -> bool:
    """True when ``path`` is a Parquet file whose footer carries runlean's marker."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(path).metadata or {}
    except Exception:  # not Parquet, truncated, unreadable: not ours to judge
        return False
    return metadata.get(METADATA_KEY) == METADATA_VALUE


def disk_error_message(exc: OSError, what: str) -> str:
    """One line for an ``OSError`` while writing ``what``, saying so when the disk is full."""
    text = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in DISK_FULL_ERRNOS or "No space left" in str(exc):
        return (f"the disk is full: cannot write {what} ({text}); nothing of it was kept; "
                "free some space and try again")
    return f"cannot write {what}: {text}"


def write_tmp(streams_dir: Path, streams: dict[str, FloatArray]) -> tuple[str, Path]:
    """Write ``streams`` to a new temporary Parquet file (mode 0600).

    Returns
    -------
    (name, tmp_path)
        ``name`` is what ``ActivityRow.stream_path`` stores (``<uuid>.parquet``);
        ``tmp_path`` is the file written (``<uuid>.parquet.tmp``).

    Raises
    ------
    StoreError
        When the file cannot be written (a full disk, a read-only folder); the partial file
        is removed first.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {}
    for key in sorted(streams):
        dtype = np.float64 if key in FLOAT64_STREAMS else np.float32
        columns[key] = pa.array(np.asarray(streams[key], dtype=dtype))
    table = pa.table(columns).replace_schema_metadata({METADATA_KEY: METADATA_VALUE})
    name = f"{uuid.uuid4().hex}.parquet"
    tmp = streams_dir / (name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     FILE_MODE)
    except OSError as exc:
        raise StoreError(disk_error_message(exc, f"a stream file in {str(streams_dir)!r}")
                         ) from None
    try:
        with os.fdopen(fd, "wb") as sink:
            pq.write_table(table, sink, compression="zstd")
    except OSError as exc:
        discard(tmp)
        raise StoreError(disk_error_message(exc, f"a stream file in {str(streams_dir)!r}")
                         ) from None
    except BaseException:
        discard(tmp)
        raise
    return name, tmp


def promote(streams_dir: Path, name: str) -> None:
    """Rename ``<name>.tmp`` to ``<name>`` (atomic on one file system)."""
    os.replace(streams_dir / (name + ".tmp"), streams_dir / name)


def promote_all(streams_dir: Path, names: list[str]) -> list[str]:
    """Promote every file of a committed transaction, going on past any that fails.

    Returns the names that could not be renamed (their temporary file is gone, or the rename
    failed); the caller reports them. Never raises for one file: the rows are committed.
    """
    failed = []
    for name in names:
        try:
            promote(streams_dir, name)
        except OSError:
            if not (streams_dir / name).is_file():
                failed.append(name)
    return failed


def discard(tmp_path: Path) -> None:
    """Delete a temporary stream file (after a rollback)."""
    with contextlib.suppress(OSError):
        tmp_path.unlink(missing_ok=True)


def remove(path: Path) -> None:
    """Delete a stream file whose row was deleted (after the commit)."""
    path.unlink(missing_ok=True)


def read(path: Path) -> dict[str, FloatArray]:
    """Read a stream file back as float64 arrays keyed by stream name."""
    import numpy as np
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return {name: np.asarray(table.column(name).to_numpy(), dtype=np.float64)
            for name in table.column_names}
