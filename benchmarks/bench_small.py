"""One person-year of Hall's model: the small-batch paths side by side (same run).

Usage::

    python benchmarks/bench_small.py [--repeat 50]

``plan``, ``status`` and ``simulate`` run the model for one person (or a few) several times
per command, so the per-call cost of a batch of one matters. Prints CPU milliseconds per
person-year (365 days, daily output and final day only) for: the plain-float path that
``simulate_batch`` now takes for batches of at most ``SMALL_BATCH_MAX`` people; the NumPy
array kernel it used before (forced here with ``SMALL_BATCH_MAX = 0``); and the cached numba
kernel (loaded first, load time reported). Also checks that the three give the same weights.
"""

from __future__ import annotations

import argparse
import time

import runlean.science.hall2011 as hall
from runlean.science.hall2011_fast import numba_available, simulate_batch_fast, warm_up


def cpu_ms(fn: object, repeat: int) -> float:
    fn()  # type: ignore[operator]
    t0 = time.process_time()
    for _ in range(repeat):
        fn()  # type: ignore[operator]
    return (time.process_time() - t0) / repeat * 1e3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    b = hall.hall_baseline(True, 40.0, 180.0, 95.0, pal=1.6)
    rows = []
    for final in (False, True):
        label = "final day only" if final else "daily output"
        floats = cpu_ms(lambda final=final: hall.simulate_batch(b, 365, -500.0,
                                                                final_only=final), args.repeat)
        keep = hall.SMALL_BATCH_MAX
        hall.SMALL_BATCH_MAX = 0
        try:
            arrays = cpu_ms(lambda final=final: hall.simulate_batch(b, 365, -500.0,
                                                                    final_only=final),
                            max(5, args.repeat // 10))
        finally:
            hall.SMALL_BATCH_MAX = keep
        rows.append((label, floats, arrays))
    w_float = hall.simulate_batch(b, 365, -500.0).weight[0, -1]
    hall.SMALL_BATCH_MAX = 0
    w_array = hall.simulate_batch(b, 365, -500.0).weight[0, -1]
    hall.SMALL_BATCH_MAX = 8
    print("one person-year (365 days), CPU ms per call:")
    for label, floats, arrays in rows:
        print(f"  {label:15}: plain floats {floats:6.2f} ms, NumPy arrays {arrays:7.2f} ms "
              f"(×{arrays / floats:.0f} faster)")
    print(f"  weights on day 365: floats {w_float:.12f}, arrays {w_array:.12f} kg")
    if numba_available():
        load = warm_up()
        fast = cpu_ms(lambda: simulate_batch_fast(b, 365, -500.0, engine="numba"),
                      args.repeat)
        w_fast = simulate_batch_fast(b, 365, -500.0, engine="numba").weight[0, -1]
        print(f"  numba kernel (loaded in {load:.2f} s): {fast:.3f} ms daily output; "
              f"weight {w_fast:.12f} kg")


if __name__ == "__main__":
    main()
