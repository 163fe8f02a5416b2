"""Long mutation-fuzzing run of the FIT, GPX, TCX and log CSV readers.

The same properties as ``tests/io/test_robustness.py`` (see ``tests/io/fuzzing.py``: a
mutated file gives activities that keep every invariant, or the reader's own error), with a
larger budget: ``--examples`` per seed (default 500) over the synthetic seeds, and over the
small real files of ``../shared/data/activities`` when present. Prints, per seed, how many
mutated files were read or refused and the time per file, then the first failure found (the
falsifying edits, reproducible with ``--seed``).

Run: ``python benchmarks/fuzz_readers.py [--examples N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from tests.io import fuzzing  # noqa: E402
from tests.io.test_robustness import SMALL  # noqa: E402

ACTIVITIES = Path(os.environ.get("RUNLEAN_TEST_ACTIVITIES")
                  or REPO.parent / "shared" / "data" / "activities")


def run(kind: str, name: str, data: bytes, examples: int, seed: int) -> tuple[Counter[str],
                                                                              float, str]:
    counts: Counter[str] = Counter()

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(edits=fuzzing.mutations())
    def prop(edits: list[tuple[str, float, int, bytes]]) -> None:
        counts[fuzzing.outcome(kind, name, fuzzing.mutate(data, edits))] += 1

    start = time.perf_counter()
    failure = ""
    try:
        prop._hypothesis_internal_use_seed = seed  # type: ignore[attr-defined]
        prop()
    except Exception as exc:  # report the falsifying example and go on
        failure = f"{type(exc).__name__}: {exc}"
    return counts, time.perf_counter() - start, failure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    targets = [(kind, f"seed.{name}", data) for name, (kind, data) in fuzzing.seeds().items()]
    if (ACTIVITIES / "MANIFEST.json").is_file():
        targets += [("activity", rel, (ACTIVITIES / rel).read_bytes()) for rel in SMALL]
    else:
        print("(real files absent: synthetic seeds only)")
    failures = 0
    print(f"{'target':45s} {'read':>6s} {'refused':>8s} {'ms/file':>8s}")
    for kind, name, data in targets:
        counts, seconds, failure = run(kind, name, data, args.examples, args.seed)
        n = max(sum(counts.values()), 1)
        print(f"{name:45s} {counts['ok']:6d} {counts['refused']:8d} {1000 * seconds / n:8.1f}")
        if failure:
            failures += 1
            print(f"  FAILURE: {failure[:2000]}")
    print(f"{failures} target(s) with a failure")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
