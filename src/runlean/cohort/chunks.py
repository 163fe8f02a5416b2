"""Large-cohort runs of Hall's model: chunked (bounded memory), optionally on several processes.

:func:`run_cohort` simulates any number of people in chunks of ``chunk_size`` (default
16 384) and returns one summary value per person (the last day's state); memory is bounded by
the chunk, not by the cohort. :func:`iter_cohort_chunks` streams per-chunk results instead.

Per-person inputs are arrays shaped ``(n,)``; time-varying inputs are a scalar, ``(n,)`` (one
constant per person), ``(1, days)`` (one schedule shared by everybody) or ``(n, days)``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from runlean.errors import InvalidInputError
from runlean.science._arrays import FloatArray
from runlean.science.hall2011 import (
    PARAMETER_SETS,
    HallTrajectory,
    hall_baseline,
)
from runlean.science.hall2011_fast import (
    kernel_compiled,
    numba_available,
    resolve_engine,
    simulate_batch_fast,
    warm_up,
)

#: Default number of people simulated at once: small enough for the working arrays to stay
#: in cache (fastest measured: 16 384, vs 4 096 and 50 000), a few MB of memory per chunk.
DEFAULT_CHUNK_SIZE = 16_384

_PERSON_KEYS = ("male", "age_years", "height_cm", "weight_kg", "body_fat_pct", "pal",
                "intake_kcal_per_day", "carb_fraction_baseline")
_INPUT_KEYS = ("intake_change_kcal_per_day", "activity_change_pct",
               "extra_activity_kcal_per_day", "carb_fraction", "sodium_change_mg_per_day",
               "lean_multiplier")


@dataclass(frozen=True)
class CohortSummary:
    """Last-day state of every person of a cohort, arrays shaped ``(n,)``.

    Attributes
    ----------
    weight_kg, fat_kg, lean_kg, glycogen_kg, ecf_kg
        Body weight, fat, lean tissue, glycogen and extracellular fluid on the last day [kg].
    expenditure_kcal_per_day
        Energy expenditure on the last day [kcal/d].
    weight0_kg, fat0_kg
        Baseline weight and fat [kg].
    """

    weight_kg: FloatArray
    fat_kg: FloatArray
    lean_kg: FloatArray
    glycogen_kg: FloatArray
    ecf_kg: FloatArray
    expenditure_kcal_per_day: FloatArray
    weight0_kg: FloatArray
    fat0_kg: FloatArray

    @property
    def fat_free_kg(self) -> FloatArray:
        """Fat-free mass on the last day [kg]."""
        return self.weight_kg - self.fat_kg

    @property
    def body_fat_pct(self) -> FloatArray:
        """Body fat on the last day [%]."""
        return 100.0 * self.fat_kg / self.weight_kg


def _slice(value: Any, n: int, start: int, stop: int) -> Any:
    """Rows ``start:stop`` of a per-person array; shared values pass through."""
    if value is None:
        return None
    a = np.asarray(value)
    if a.ndim >= 1 and a.shape[0] == n and not (a.ndim == 2 and n == 1):
        return a[start:stop]
    return a


#: With ``engine="auto"``, numba is used (when installed) for runs of at least this many
#: person-days, or whenever its kernel is already loaded. The kernel is cached on disk: after
#: the first compile on a machine, loading it takes about 1 s, what the NumPy kernel needs for
#: ~3·10⁶ person-days (the first-ever compile, 1–2 min, is paid once per machine).
AUTO_NUMBA_MIN_PERSON_DAYS = 5_000_000


def _run_chunk(person: dict[str, Any], inputs: dict[str, Any], days: int,
               parameter_set: str, engine: Literal["numpy", "numba"] = "numpy",
               threads: int = 1) -> CohortSummary:
    base = hall_baseline(
        person["male"], person["age_years"], person["height_cm"], person["weight_kg"],
        body_fat_pct=person["body_fat_pct"], pal=person["pal"],
        intake_kcal_per_day=person["intake_kcal_per_day"],
        carb_fraction_baseline=person["carb_fraction_baseline"],
        params=PARAMETER_SETS[parameter_set])
    traj = simulate_batch_fast(base, days, final_only=True, engine=engine, threads=threads,
                               **inputs)
    return CohortSummary(
        weight_kg=traj.weight[:, 0], fat_kg=traj.fat[:, 0], lean_kg=traj.lean[:, 0],
        glycogen_kg=traj.glycogen[:, 0], ecf_kg=traj.ecf[:, 0],
        expenditure_kcal_per_day=traj.expenditure[:, 0],
        weight0_kg=base.weight0, fat0_kg=base.fat0)


def _chunks(n: int, chunk_size: int) -> list[tuple[int, int]]:
    if chunk_size < 1:
        raise InvalidInputError("chunk_size", chunk_size, "a positive whole number")
    return [(s, min(s + chunk_size, n)) for s in range(0, n, chunk_size)]


def _split(n: int, start: int, stop: int, person: dict[str, Any],
           inputs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    p = {k: _slice(v, n, start, stop) for k, v in person.items()}
    i = {k: _slice(v, n, start, stop) for k, v in inputs.items()}
    return p, i


def run_cohort(
    male: npt.ArrayLike,
    age_years: npt.ArrayLike,
    height_cm: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    days: int,
    *,
    body_fat_pct: npt.ArrayLike | None = None,
    pal: npt.ArrayLike | None = None,
    intake_kcal_per_day: npt.ArrayLike | None = None,
    carb_fraction_baseline: npt.ArrayLike = 0.5,
    intake_change_kcal_per_day: npt.ArrayLike = 0.0,
    activity_change_pct: npt.ArrayLike = 0.0,
    extra_activity_kcal_per_day: npt.ArrayLike = 0.0,
    carb_fraction: npt.ArrayLike | None = None,
    sodium_change_mg_per_day: npt.ArrayLike = 0.0,
    lean_multiplier: npt.ArrayLike | None = None,
    parameter_set: str = "bw",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    workers: int = 1,
    engine: Literal["auto", "numpy", "numba"] = "auto",
    processes: bool | None = None,
) -> CohortSummary:
    """Simulate a cohort in chunks and return every person's last-day state.

    Parameters
    ----------
    male, age_years, height_cm, weight_kg
        Per-person arrays ``(n,)`` (sex as bools; age [years]; height [cm]; weight [kg]).
    days
        Days to simulate.
    body_fat_pct, pal, intake_kcal_per_day, carb_fraction_baseline
        Optional baseline inputs, as in :func:`runlean.science.hall2011.hall_baseline`
        (NaN entries = estimated/derived).
    intake_change_kcal_per_day, activity_change_pct, extra_activity_kcal_per_day,
    carb_fraction, sodium_change_mg_per_day, lean_multiplier
        Inputs of :func:`runlean.science.hall2011.simulate_batch`: scalar, ``(n,)``,
        ``(1, days)`` or ``(n, days)``.
    parameter_set
        ``"bw"`` or ``"nih"``.
    chunk_size
        People per chunk (bounds memory).
    workers
        Cores to use. With the NumPy engine: processes
        (``concurrent.futures.ProcessPoolExecutor``) when > 1. With numba: threads of
        numba's pool inside each chunk (no process pool, no oversubscription), unless
        ``processes=True``.
    engine
        ``"numba"`` (compiled kernel, :mod:`runlean.science.hall2011_fast`; needs numba),
        ``"numpy"`` (:func:`runlean.science.hall2011.simulate_batch`), or ``"auto"``: numba
        when installed and either already compiled or the run has at least
        :data:`AUTO_NUMBA_MIN_PERSON_DAYS` person-days, else NumPy. Same results to rounding.
    processes
        Force (True) or forbid (False) the process pool when ``workers > 1``; None = the
        engine's default (processes for NumPy, threads for numba). With processes, the
        numba kernel runs on one thread per process and is loaded from numba's on-disk cache
        in every process (compiled first in this one).

    Returns
    -------
    :class:`CohortSummary` with arrays ``(n,)``.
    """
    person, inputs, n = _prepare(male, age_years, height_cm, weight_kg, body_fat_pct, pal,
                                 intake_kcal_per_day, carb_fraction_baseline,
                                 intake_change_kcal_per_day, activity_change_pct,
                                 extra_activity_kcal_per_day, carb_fraction,
                                 sodium_change_mg_per_day, lean_multiplier, parameter_set)
    if engine == "auto":
        use_numba = numba_available() and (kernel_compiled()
                                           or n * days >= AUTO_NUMBA_MIN_PERSON_DAYS)
        chosen: Literal["numpy", "numba"] = "numba" if use_numba else "numpy"
    else:
        chosen = resolve_engine(engine)
    if workers < 1:
        raise InvalidInputError("workers", workers, "a positive whole number")
    use_processes = (chosen == "numpy") if processes is None else processes
    threads = 1 if use_processes else workers
    spans = _chunks(n, chunk_size)
    jobs = [(*_split(n, s, e, person, inputs), days, parameter_set, chosen, threads)
            for s, e in spans]
    if use_processes and workers > 1 and len(jobs) > 1:
        if chosen == "numba":
            warm_up()  # compile (once per machine) here, not in every worker at once
        # numba's OpenMP thread pool must not be forked: once numba is in play, spawn.
        ctx = (multiprocessing.get_context("spawn")
               if chosen == "numba" or kernel_compiled() else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            parts = list(pool.map(_run_chunk, *zip(*jobs, strict=True)))
    else:
        parts = [_run_chunk(*job) for job in jobs]
    return CohortSummary(**{
        name: np.concatenate([getattr(p, name) for p in parts])
        for name in CohortSummary.__dataclass_fields__})


def iter_cohort_chunks(
    male: npt.ArrayLike,
    age_years: npt.ArrayLike,
    height_cm: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    days: int,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    parameter_set: str = "bw",
    engine: Literal["auto", "numpy", "numba"] = "numpy",
    threads: int = 1,
    **kwargs: Any,
) -> Iterator[tuple[int, int, HallTrajectory]]:
    """Stream full daily trajectories chunk by chunk: yields ``(start, stop, trajectory)``.

    Takes the same inputs as :func:`run_cohort` (keyword arguments); each trajectory has
    arrays ``(stop − start, days + 1)``. Memory is bounded by one chunk's trajectory.
    ``engine`` and ``threads`` are those of
    :func:`runlean.science.hall2011_fast.simulate_batch_fast` (default NumPy: no compile).
    """
    unknown = set(kwargs) - set(_PERSON_KEYS) - set(_INPUT_KEYS)
    if unknown:
        raise TypeError(f"unexpected arguments: {sorted(unknown)}")
    person, inputs, n = _prepare(
        male, age_years, height_cm, weight_kg, kwargs.get("body_fat_pct"), kwargs.get("pal"),
        kwargs.get("intake_kcal_per_day"), kwargs.get("carb_fraction_baseline", 0.5),
        kwargs.get("intake_change_kcal_per_day", 0.0), kwargs.get("activity_change_pct", 0.0),
        kwargs.get("extra_activity_kcal_per_day", 0.0), kwargs.get("carb_fraction"),
        kwargs.get("sodium_change_mg_per_day", 0.0), kwargs.get("lean_multiplier"),
        parameter_set)
    for s, e in _chunks(n, chunk_size):
        p, i = _split(n, s, e, person, inputs)
        base = hall_baseline(p["male"], p["age_years"], p["height_cm"], p["weight_kg"],
                             body_fat_pct=p["body_fat_pct"], pal=p["pal"],
                             intake_kcal_per_day=p["intake_kcal_per_day"],
                             carb_fraction_baseline=p["carb_fraction_baseline"],
                             params=PARAMETER_SETS[parameter_set])
        yield s, e, simulate_batch_fast(base, days, engine=engine, threads=threads, **i)


def _prepare(male: Any, age: Any, height: Any, weight: Any, bf: Any, pal: Any, intake: Any,
             carb0: Any, d_ei: Any, act: Any, extra: Any, carb: Any, d_na: Any, mult: Any,
             parameter_set: str) -> tuple[dict[str, Any], dict[str, Any], int]:
    if parameter_set not in PARAMETER_SETS:
        raise InvalidInputError("parameter_set", parameter_set,
                                f"one of {', '.join(PARAMETER_SETS)}")
    w = np.atleast_1d(np.asarray(weight, dtype=float))
    n = int(w.shape[0])

    def per_person(x: Any) -> Any:
        if x is None:
            return None
        a = np.asarray(x)
        return np.broadcast_to(a, (n,)) if a.ndim == 0 else a

    person = {"male": per_person(np.asarray(male, dtype=bool)), "age_years": per_person(age),
              "height_cm": per_person(height), "weight_kg": w, "body_fat_pct": per_person(bf),
              "pal": per_person(pal), "intake_kcal_per_day": per_person(intake),
              "carb_fraction_baseline": per_person(carb0)}
    def schedule(x: Any) -> Any:
        # A 1-D schedule of length ≠ n is shared by everybody: make it (1, days) so that a
        # chunk whose size happens to equal ``days`` cannot misread it as per-person.
        if x is None:
            return None
        a = np.asarray(x, dtype=float)
        return a[None, :] if a.ndim == 1 and a.shape[0] != n else a

    d_ei, act, extra, carb, d_na = (schedule(x) for x in (d_ei, act, extra, carb, d_na))
    inputs = {"intake_change_kcal_per_day": d_ei, "activity_change_pct": act,
              "extra_activity_kcal_per_day": extra, "carb_fraction": carb,
              "sodium_change_mg_per_day": d_na, "lean_multiplier": mult}
    return person, inputs, n
