"""Chunked cohort runs agree with one big batch and with single-person runs."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.cohort import iter_cohort_chunks, run_cohort
from runlean.science.hall2011 import hall_baseline, simulate_batch


def _cohort(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {"male": rng.random(n) < 0.5, "age_years": rng.uniform(20, 65, n),
            "height_cm": rng.uniform(155, 195, n), "weight_kg": rng.uniform(55, 130, n),
            "pal": rng.uniform(1.4, 2.0, n)}


def test_chunked_equals_single_batch_and_single_people() -> None:
    c = _cohort(103)
    d_ei = -np.linspace(0, 800, 103)
    schedule = np.where(np.arange(60) < 30, 0.0, 20.0)  # shared activity schedule
    whole = run_cohort(c["male"], c["age_years"], c["height_cm"], c["weight_kg"], 60,
                       pal=c["pal"], intake_change_kcal_per_day=d_ei,
                       activity_change_pct=schedule, chunk_size=1000)
    chunked = run_cohort(c["male"], c["age_years"], c["height_cm"], c["weight_kg"], 60,
                         pal=c["pal"], intake_change_kcal_per_day=d_ei,
                         activity_change_pct=schedule, chunk_size=10, workers=2)
    np.testing.assert_allclose(chunked.weight_kg, whole.weight_kg, rtol=0, atol=1e-12)
    np.testing.assert_allclose(chunked.fat_kg, whole.fat_kg, rtol=0, atol=1e-12)
    for i in (0, 57, 102):  # a batch of one gives the same answer
        b = hall_baseline(bool(c["male"][i]), c["age_years"][i], c["height_cm"][i],
                          c["weight_kg"][i], pal=c["pal"][i])
        one = simulate_batch(b, 60, d_ei[i], schedule)
        assert one.weight[0, -1] == pytest.approx(whole.weight_kg[i], abs=1e-12)
    # Person 0 eats as before but is 20 % more active from day 30: loses a little.
    assert -2.0 < whole.weight_kg[0] - c["weight_kg"][0] < -0.3
    # Everyone eats less or moves more, so everyone ends lighter than at baseline.
    assert np.all(whole.weight_kg < whole.weight0_kg)


def test_iter_chunks_streams_full_trajectories() -> None:
    c = _cohort(25)
    spans = []
    for start, stop, traj in iter_cohort_chunks(c["male"], c["age_years"], c["height_cm"],
                                                c["weight_kg"], 30, chunk_size=10,
                                                intake_change_kcal_per_day=-400.0):
        assert traj.weight.shape == (stop - start, 31)
        spans.append((start, stop))
    assert spans == [(0, 10), (10, 20), (20, 25)]
