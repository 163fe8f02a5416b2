"""Damaged and mutated files: a result that keeps every invariant, or the reader's own error;
never another exception (issue 13, fuzzing). Budgets are small and fixed here
(``derandomize=True``: the same examples on every run); ``benchmarks/fuzz_readers.py`` runs
the same properties for longer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from runlean.errors import ActivityFileError
from runlean.io import read_activity_file

from ..conftest import ACTIVITIES_DIR, activities_available
from . import fuzzing

SMALL = ["fit/garmin_fenix5_run_tiny.fit", "bad/truncated_unexpected_eof.fit",
         "fit/garmin_fr70_compressed_timestamps.fit", "gpx/oregon600_partial_hr_3_segments.gpx",
         "tcx/garmin_edge1000_ride_tiny.tcx"]

CI = settings(max_examples=30, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEEDS = fuzzing.seeds()


@pytest.mark.skipif(not activities_available(), reason="corpus absent")
@pytest.mark.parametrize("rel", SMALL)
def test_mutations_never_crash(rel: str) -> None:
    raw = (ACTIVITIES_DIR / rel).read_bytes()
    rng = random.Random(rel)
    for k in range(40):
        b = bytearray(raw)
        if k % 3 == 0:
            b = b[: rng.randrange(1, len(b))]
        elif k % 3 == 1:
            for _ in range(rng.randrange(1, 20)):
                b[rng.randrange(len(b))] = rng.randrange(256)
        else:
            i = rng.randrange(len(b))
            del b[i: i + rng.randrange(1, 2000)]
        try:
            acts = read_activity_file(Path(rel), data=bytes(b))
        except ActivityFileError as exc:
            assert str(exc).startswith(rel)
            continue
        assert acts and all(a.n_samples >= 0 for a in acts)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seeds_are_read_unmutated(seed: str) -> None:
    kind, data = SEEDS[seed]
    assert fuzzing.outcome(kind, f"seed.{seed}", data) == "ok"


@pytest.mark.parametrize("seed", sorted(SEEDS))
@CI
@given(edits=fuzzing.mutations())
def test_mutated_synthetic_files(seed: str, edits: list[tuple[str, float, int, bytes]]) -> None:
    kind, data = SEEDS[seed]
    fuzzing.outcome(kind, f"seed.{seed}", fuzzing.mutate(data, edits))


@pytest.mark.skipif(not activities_available(), reason="corpus absent")
@pytest.mark.parametrize("rel", SMALL)
@settings(CI, max_examples=12)
@given(edits=fuzzing.mutations())
def test_mutated_real_files(rel: str, edits: list[tuple[str, float, int, bytes]]) -> None:
    data = (ACTIVITIES_DIR / rel).read_bytes()
    fuzzing.outcome("activity", rel, fuzzing.mutate(data, edits))
