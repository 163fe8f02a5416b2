"""Time and memory of reading long synthetic FIT files: must grow linearly with length.

Synthetic FIT files of 10 000, 30 000 and 100 000 one-second records (time, HR, cadence,
distance, power) are written with the test encoder (``tests/io/fitwriter.py``) and read with
:func:`runlean.io.read_activity_file` (decode, sanitise, zone). Baseline, same run: bare
fitdecode iterating every frame of the same bytes. Printed per size: seconds, microseconds
per record, ratio to bare decoding, and the Python heap peak per record (``tracemalloc``,
measured in a second, traced run because tracing slows Python down). Linear means µs/record
and bytes/record stay flat from 10 k to 100 k records; target: ratio to bare decoding < 1.5
at every size.

Run: ``python benchmarks/bench_long_fit.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from tests.io import fitwriter as fw  # noqa: E402

SIZES = (10_000, 30_000, 100_000)


def synthetic_fit(n: int) -> bytes:
    t0 = fw.fit_time(dt.datetime(2020, 7, 1, 6, 0, tzinfo=dt.UTC))
    recs = b"".join(fw.record(t0 + i, hr=100 + i % 60, cadence=85, frac=0,
                              distance_cm=300 * i, power=250) for i in range(n))
    return fw.fit_file([fw.file_id(4), recs, fw.session(t0, t0 + n - 1, 1, 0)])


def bare(data: bytes) -> float:
    import fitdecode

    start = time.perf_counter()
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.DISABLED) as r:
        for _ in r:
            pass
    return time.perf_counter() - start


def ours(data: bytes) -> tuple[float, int]:
    """Seconds to read (untraced run), then the heap peak [bytes] of a traced second run."""
    from runlean.io import read_activity_file

    start = time.perf_counter()
    (act,) = read_activity_file(Path("long.fit"), data=data)
    elapsed = time.perf_counter() - start
    assert act.n_samples > 0
    del act
    tracemalloc.start()
    read_activity_file(Path("long.fit"), data=data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    ours(synthetic_fit(100))  # warm imports
    print(f"{'records':>8} {'ours s':>8} {'us/rec':>7} {'bare s':>7} {'ratio':>6} "
          f"{'peak MB':>8} {'B/rec':>6}")
    for n in SIZES:
        data = synthetic_fit(n)
        b = bare(data)
        t, peak = ours(data)
        print(f"{n:>8} {t:>8.2f} {t / n * 1e6:>7.1f} {b:>7.2f} {t / b:>6.2f} "
              f"{peak / 2**20:>8.1f} {peak / n:>6.0f}")


if __name__ == "__main__":
    main()
