"""Damaged copies of real files: a result or ActivityFileError, never another exception."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from runlean.errors import ActivityFileError
from runlean.io import read_activity_file

from ..conftest import ACTIVITIES_DIR, activities_available

SMALL = ["fit/garmin_fenix5_run_tiny.fit", "bad/truncated_unexpected_eof.fit",
         "fit/garmin_fr70_compressed_timestamps.fit", "gpx/oregon600_partial_hr_3_segments.gpx",
         "tcx/garmin_edge1000_ride_tiny.tcx"]


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
