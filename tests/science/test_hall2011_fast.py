"""The numba kernel integrates exactly what the NumPy kernel does (skipped without numba)."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.cohort import iter_cohort_chunks, run_cohort
from runlean.errors import InvalidInputError
from runlean.science.hall2011 import hall_baseline, simulate_batch
from runlean.science.hall2011_fast import (
    numba_available,
    resolve_engine,
    simulate_batch_fast,
)

needs_numba = pytest.mark.skipif(not numba_available(), reason="numba is not installed")
FIELDS = ("weight", "fat", "lean", "glycogen", "ecf", "adaptive_thermogenesis", "intake",
          "expenditure", "energy_balance")
DAYS = 365


def _people(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"male": rng.random(n) < 0.5, "age_years": rng.uniform(20, 70, n),
            "height_cm": rng.uniform(150, 200, n), "weight_kg": rng.uniform(50, 150, n),
            "pal": rng.uniform(1.4, 2.2, n), "body_fat_pct": rng.uniform(8, 45, n),
            "carb_fraction_baseline": rng.uniform(0.3, 0.6, n)}


def _inputs(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed + 1)
    return {
        # Day-to-day changing intake, deficits and surpluses (both signs of the imbalance).
        "intake_change_kcal_per_day": rng.uniform(-1000, 500, (n, DAYS)),
        "activity_change_pct": rng.uniform(-30, 100, (n, DAYS)),
        "extra_activity_kcal_per_day": rng.uniform(0, 600, (n, 1)) * (rng.random((n, DAYS))
                                                                     < 0.5),
        "carb_fraction": rng.uniform(0.1, 0.65, (n, DAYS)),
        "sodium_change_mg_per_day": rng.uniform(-1500, 1500, (n, DAYS)),
        "lean_multiplier": rng.uniform(-0.5, 2.0, n),
    }


@pytest.fixture(scope="module")
def batch() -> tuple[object, dict[str, np.ndarray]]:
    p = _people(200, 3)
    b = hall_baseline(p["male"], p["age_years"], p["height_cm"], p["weight_kg"],
                      body_fat_pct=p["body_fat_pct"], pal=p["pal"],
                      carb_fraction_baseline=p["carb_fraction_baseline"])
    return b, _inputs(200, 3)


def _assert_same(a: object, b: object) -> None:
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape, name
        tol = 1e-6 if name in ("expenditure", "intake", "energy_balance") else 1e-9
        np.testing.assert_allclose(y, x, rtol=0, atol=tol, err_msg=name)


@needs_numba
@pytest.mark.parametrize("final_only", [True, False])
@pytest.mark.parametrize("with_multiplier", [True, False])
def test_numba_equals_numpy_on_varied_people_and_inputs(
        batch: tuple[object, dict[str, np.ndarray]], final_only: bool,
        with_multiplier: bool) -> None:
    b, inputs = batch
    kw = dict(inputs)
    if not with_multiplier:
        kw["lean_multiplier"] = None  # type: ignore[assignment]
    ref = simulate_batch(b, DAYS, final_only=final_only, track_energy=True, **kw)  # type: ignore[arg-type]
    for threads in (1, 2):
        fast = simulate_batch_fast(b, DAYS, final_only=final_only, track_energy=True,  # type: ignore[arg-type]
                                   engine="numba", threads=threads, **kw)
        _assert_same(ref, fast)
    # The inputs really vary and reach both signs of the imbalance and the clamp.
    assert ref.weight.min() < 60.0 < ref.weight.max()


@needs_numba
def test_numba_equals_numpy_other_shapes_and_options(
        batch: tuple[object, dict[str, np.ndarray]]) -> None:
    b, _ = batch
    n = b.n  # type: ignore[attr-defined]
    schedule = np.where(np.arange(DAYS) < 100, 0.0, 25.0)[None, :]  # shared (1, days)
    cases = [
        {"intake_change_kcal_per_day": -np.linspace(0, 900, n)},      # (n,)
        {"intake_change_kcal_per_day": -300.0, "activity_change_pct": schedule,
         "lean_multiplier": 0.5, "carb_fraction": 0.2},
        {"intake_change_kcal_per_day": np.full((n, DAYS), -600.0),
         "sodium_change_mg_per_day": schedule * 20},
    ]
    for kw in cases:
        for opts in ({}, {"steps_per_day": 3}, {"bw_glycogen_units": True}):
            ref = simulate_batch(b, DAYS, **kw, **opts)  # type: ignore[arg-type]
            fast = simulate_batch_fast(b, DAYS, **kw, **opts, engine="numba")  # type: ignore[arg-type]
            _assert_same(ref, fast)


@needs_numba
def test_run_cohort_numba_equals_numpy() -> None:
    p = _people(157, 11)
    inputs = _inputs(157, 11)
    inputs["intake_change_kcal_per_day"] = inputs["intake_change_kcal_per_day"][:, :60]
    schedule = np.linspace(0, 40, 60)
    common = {"body_fat_pct": p["body_fat_pct"], "pal": p["pal"],
              "intake_change_kcal_per_day": inputs["intake_change_kcal_per_day"],
              "activity_change_pct": schedule, "lean_multiplier": inputs["lean_multiplier"],
              "chunk_size": 40}
    args = (p["male"], p["age_years"], p["height_cm"], p["weight_kg"], 60)
    ref = run_cohort(*args, engine="numpy", **common)  # type: ignore[arg-type]
    for workers, processes in ((1, None), (2, None)):
        fast = run_cohort(*args, engine="numba", workers=workers, processes=processes,  # type: ignore[arg-type]
                          **common)
        for name in ref.__dataclass_fields__:
            tol = 1e-6 if name == "expenditure_kcal_per_day" else 1e-9
            np.testing.assert_allclose(getattr(fast, name), getattr(ref, name), rtol=0,
                                       atol=tol, err_msg=name)
    chunks = list(iter_cohort_chunks(*args, chunk_size=100, engine="numba",
                                     intake_change_kcal_per_day=-500.0))
    assert [(s, e) for s, e, _ in chunks] == [(0, 100), (100, 157)]
    assert chunks[1][2].weight.shape == (57, 61)


def test_engine_resolution_and_fallback() -> None:
    assert resolve_engine("numpy") == "numpy"
    assert resolve_engine("auto") == ("numba" if numba_available() else "numpy")
    with pytest.raises(InvalidInputError, match="engine"):
        resolve_engine("cuda")
    if not numba_available():
        with pytest.raises(InvalidInputError, match="numba"):
            resolve_engine("numba")
    b = hall_baseline(True, 40, 180, 90, pal=1.5)
    ref = simulate_batch(b, 30, -500.0)
    np.testing.assert_array_equal(simulate_batch_fast(b, 30, -500.0, engine="numpy").weight,
                                  ref.weight)


@needs_numba
def test_sampled_days_on_numba_equal_numpy(batch: tuple[object, dict[str, np.ndarray]]) -> None:
    from runlean.science.hall2011 import simulate_batch_days
    from runlean.science.hall2011_fast import simulate_days_fast

    b, inputs = batch
    days = [0, 30, 31, 200, 364, 365]
    ref = simulate_batch_days(b, DAYS, days, track_energy=True, **inputs)  # type: ignore[arg-type]
    fast = simulate_days_fast(b, DAYS, days, track_energy=True, engine="numba", **inputs)  # type: ignore[arg-type]
    _assert_same(ref, fast)
    # A person's result does not depend on the batch (or block) they are in: bit-identical.
    part = simulate_days_fast(_take(b, slice(37, 101)), DAYS, days, engine="numba",  # type: ignore[arg-type]
                              **{k: (v[37:101] if np.ndim(v) >= 1 else v)
                                 for k, v in inputs.items()})
    np.testing.assert_array_equal(part.weight, simulate_days_fast(
        b, DAYS, days, engine="numba", **inputs).weight[37:101])  # type: ignore[arg-type]


def _take(b: object, rows: slice) -> object:
    from runlean.science.hall2011 import HallBaseline

    fields = {name: (getattr(b, name)[rows] if name != "params" else getattr(b, name))
              for name in HallBaseline.__dataclass_fields__}
    return HallBaseline(**fields)


@needs_numba
def test_a_second_process_loads_the_kernel_from_the_cache() -> None:
    """The kernel is module-level with cache=True: a new process does not recompile it."""
    import os
    import subprocess
    import sys

    from runlean.science.hall2011_fast import warm_up
    from tests.conftest import REPO

    warm_up()  # compiles (and caches) here if no earlier process did
    code = ("from runlean.science.hall2011_fast import warm_up; warm_up(); "
            "from runlean.science.hall2011_kernel import hall_kernel as k; "
            "print(sum(k.stats.cache_hits.values()), sum(k.stats.cache_misses.values()))")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=600)
    hits, misses = (int(x) for x in out.stdout.split())
    assert hits >= 1 and misses == 0


@needs_numba
def test_reused_output_buffer(batch: tuple[object, dict[str, np.ndarray]]) -> None:
    from runlean.science.hall2011_fast import simulate_days_fast

    b, inputs = batch
    days = [0, 100, 365]
    fresh = simulate_days_fast(b, DAYS, days, engine="numba", **inputs)  # type: ignore[arg-type]
    buf = np.full((9, 3, 200), np.nan)
    for _ in range(2):
        again = simulate_days_fast(b, DAYS, days, engine="numba", out=buf, **inputs)  # type: ignore[arg-type]
        _assert_same(fresh, again)
    assert np.shares_memory(again.weight, buf)
    with pytest.raises(ValueError, match="out must be"):
        simulate_days_fast(b, DAYS, days, engine="numba", out=np.zeros((9, 2, 200)))  # type: ignore[arg-type]
