"""numba engine for Hall et al. 2011's adult model (same equations as ``simulate_batch``).

:func:`simulate_batch_fast` integrates exactly the equations, inputs and step rule of
:func:`runlean.science.hall2011.simulate_batch` with the compiled kernel of
:mod:`runlean.science.hall2011_kernel` (module-level, ``cache=True``: compiled once per machine,
loaded from numba's on-disk cache by every later process). People run in blocks of
:data:`BLOCK_SIZE`; with ``threads > 1`` the blocks run on numba's thread pool.

numba is a regular dependency; it is imported lazily, on the first numba run, so that
importing runlean stays fast. Without it (a broken install) :func:`numba_available` is False
and ``engine="auto"`` falls back to the NumPy kernel, which gives the same results.

References
----------
.. [1] Hall KD, Sacks G, Chandramohan D, et al. Quantification of the effect of energy
   imbalance on bodyweight. Lancet 2011;378:826–837, web appendix eqs. (1)–(9).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from runlean.errors import InvalidInputError
from runlean.science._arrays import FloatArray
from runlean.science.hall2011 import (
    GLYCOGEN_WATER_KG_PER_KG,
    HallBaseline,
    HallTrajectory,
    _inputs,
    record_columns,
    simulate_batch_days,
)
from runlean.science.lean_modifiers import LEAN_FRACTION_BOUNDS

Engine = Literal["auto", "numpy", "numba"]

#: People integrated together inside the kernel (their working arrays stay in L1/L2 cache).
BLOCK_SIZE = 256

_LOCK = threading.Lock()
_AVAILABLE: bool | None = None
_KERNEL: list[Callable[..., None]] = []


def numba_available() -> bool:
    """True when numba can be imported (the fast kernel can be used)."""
    global _AVAILABLE
    if _AVAILABLE is None:
        try:
            import numba  # noqa: F401
        except ImportError:
            _AVAILABLE = False
        else:
            _AVAILABLE = True
    return _AVAILABLE


def resolve_engine(engine: str) -> Literal["numpy", "numba"]:
    """Turn ``"auto"``/``"numpy"``/``"numba"`` into the engine actually used.

    Raises
    ------
    InvalidInputError
        For an unknown engine, or ``"numba"`` when numba is not installed.
    """
    if engine == "numpy":
        return "numpy"
    if engine == "auto":
        return "numba" if numba_available() else "numpy"
    if engine == "numba":
        if not numba_available():
            raise InvalidInputError("engine", engine,
                                    "'auto' or 'numpy' (numba, a dependency of runlean, is "
                                    "not installed: pip install numba)")
        return "numba"
    raise InvalidInputError("engine", engine, "one of auto, numpy, numba")


# Indices of the packed model constants passed to the kernel (hall2011_kernel's).
(_C, _INV_RHO_G, _INV_RHO_F, _INV_RHO_L, _W_LF, _ONE_W, _NA_RATE, _INV_TAU, _BW_G, _D_C,
 _C_RHO_L, _RHO_F, _RHO_L, _P_LOW, _P_HIGH, _BETA_TEF, _AT_GAIN, _XI_CI, _XI_NA, _NA_CONC,
 _GAM_F, _GAM_L, _N_CONST) = range(23)
# Rows of the per-person constants.
_EI0, _CIB, _KG, _INV_W0, _ECF0, _K, _DELTA0, _N_PERSON = range(8)


def kernel_compiled() -> bool:
    """True once the numba kernel is compiled or loaded from the cache in this process."""
    return bool(_KERNEL)


def warm_up() -> float:
    """Load (or, the first time on a machine, compile) the numba kernel; seconds it took.

    numba required. 0.0 when already loaded in this process.
    """
    if kernel_compiled():
        return 0.0
    import time

    from runlean.science.hall2011 import hall_baseline

    t0 = time.perf_counter()
    simulate_batch_fast(hall_baseline(True, 40.0, 180.0, 90.0), 1, final_only=True,
                        engine="numba")
    return time.perf_counter() - t0


def _kernel() -> Callable[..., None]:
    with _LOCK:
        if not _KERNEL:
            from runlean.science.hall2011_kernel import hall_kernel

            _KERNEL.append(hall_kernel)
        return _KERNEL[0]


def _compact(x: npt.ArrayLike | None, n: int, days: int, default: FloatArray | float,
             name: str) -> FloatArray:
    """An input as a C-contiguous ``(1|n, 1|days)`` array: broadcast axes are not expanded."""
    a = _inputs(x, n, days, default, name)
    if a.shape[0] > 1 and a.strides[0] == 0:
        a = a[:1]
    if a.shape[1] > 1 and a.strides[1] == 0:
        a = a[:, :1]
    return _writable(np.ascontiguousarray(a, dtype=np.float64))


def _writable(a: FloatArray) -> FloatArray:
    """``a``, copied if read-only (a broadcast view): numba compiles a separate machine-code
    version of the kernel for read-only arrays, which would double the first compilation."""
    return a if a.flags.writeable else a.copy()


def _constants(baseline: HallBaseline) -> FloatArray:
    prm = baseline.params
    p_low, p_high = LEAN_FRACTION_BOUNDS
    c = prm.forbes_c
    w_f = prm.eta_f / prm.rho_f
    inv_tau = 1.0 / prm.tau_at_days
    cst = np.empty(_N_CONST)
    cst[_C] = c
    cst[_INV_RHO_G] = 1.0 / prm.rho_g
    cst[_INV_RHO_F] = 1.0 / prm.rho_f
    cst[_INV_RHO_L] = 1.0 / prm.rho_l
    cst[_W_LF] = prm.eta_l / prm.rho_l - w_f
    cst[_ONE_W] = 1.0 + w_f
    cst[_NA_RATE] = prm.xi_na / prm.sodium_mg_per_l
    cst[_INV_TAU] = inv_tau
    cst[_BW_G] = 1.0 + GLYCOGEN_WATER_KG_PER_KG
    cst[_D_C] = c * (1.0 + prm.eta_l / prm.rho_l)
    cst[_C_RHO_L] = c * (1.0 / prm.rho_l)
    cst[_RHO_F] = prm.rho_f
    cst[_RHO_L] = prm.rho_l
    cst[_P_LOW] = p_low
    cst[_P_HIGH] = p_high
    cst[_BETA_TEF] = prm.beta_tef
    cst[_AT_GAIN] = prm.beta_at * inv_tau
    cst[_XI_CI] = prm.xi_ci
    cst[_XI_NA] = prm.xi_na
    cst[_NA_CONC] = prm.sodium_mg_per_l
    cst[_GAM_F] = prm.gamma_f
    cst[_GAM_L] = prm.gamma_l
    return cst


def simulate_batch_fast(
    baseline: HallBaseline,
    days: int,
    intake_change_kcal_per_day: npt.ArrayLike = 0.0,
    activity_change_pct: npt.ArrayLike = 0.0,
    extra_activity_kcal_per_day: npt.ArrayLike = 0.0,
    carb_fraction: npt.ArrayLike | None = None,
    sodium_change_mg_per_day: npt.ArrayLike = 0.0,
    lean_multiplier: npt.ArrayLike | None = None,
    *,
    steps_per_day: int = 1,
    bw_glycogen_units: bool = False,
    track_energy: bool = False,
    final_only: bool = False,
    engine: Engine = "auto",
    threads: int = 1,
) -> HallTrajectory:
    """:func:`~runlean.science.hall2011.simulate_batch` on the numba kernel when available.

    Parameters
    ----------
    baseline, days, intake_change_kcal_per_day, activity_change_pct,
    extra_activity_kcal_per_day, carb_fraction, sodium_change_mg_per_day, lean_multiplier,
    steps_per_day, bw_glycogen_units, track_energy, final_only
        As in :func:`runlean.science.hall2011.simulate_batch` (same units, shapes and
        conventions).
    engine
        ``"numba"`` (compiled kernel; numba required), ``"numpy"`` (``simulate_batch``) or
        ``"auto"`` (numba when installed, else NumPy).
    threads
        Threads running the kernel on contiguous ranges of people; 1 = one thread. Ignored
        by the NumPy engine.

    Returns
    -------
    :class:`~runlean.science.hall2011.HallTrajectory`, identical (to rounding) to
    ``simulate_batch``'s.

    Notes
    -----
    The kernel evaluates the same right-hand side with the same floating-point operations in
    the same order as ``simulate_batch`` (no fast-math), so the two agree to a few ulps.

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eqs. (1)–(9).
    """
    record = np.array([days]) if final_only else np.arange(days + 1)
    return simulate_days_fast(
        baseline, days, record, intake_change_kcal_per_day, activity_change_pct,
        extra_activity_kcal_per_day, carb_fraction, sodium_change_mg_per_day, lean_multiplier,
        steps_per_day=steps_per_day, bw_glycogen_units=bw_glycogen_units,
        track_energy=track_energy, engine=engine, threads=threads)


def simulate_days_fast(
    baseline: HallBaseline,
    days: int,
    record_days: npt.ArrayLike,
    intake_change_kcal_per_day: npt.ArrayLike = 0.0,
    activity_change_pct: npt.ArrayLike = 0.0,
    extra_activity_kcal_per_day: npt.ArrayLike = 0.0,
    carb_fraction: npt.ArrayLike | None = None,
    sodium_change_mg_per_day: npt.ArrayLike = 0.0,
    lean_multiplier: npt.ArrayLike | None = None,
    *,
    steps_per_day: int = 1,
    bw_glycogen_units: bool = False,
    track_energy: bool = False,
    engine: Engine = "auto",
    threads: int = 1,
    out: FloatArray | None = None,
) -> HallTrajectory:
    """:func:`~runlean.science.hall2011.simulate_batch_days` on the numba kernel when available.

    Parameters
    ----------
    baseline, days, record_days, intake_change_kcal_per_day, activity_change_pct,
    extra_activity_kcal_per_day, carb_fraction, sodium_change_mg_per_day, lean_multiplier,
    steps_per_day, bw_glycogen_units, track_energy
        As in :func:`runlean.science.hall2011.simulate_batch_days`.
    engine, threads
        As in :func:`simulate_batch_fast`.
    out
        numba engine only: a C-contiguous float64 buffer shaped ``(9, len(record_days), n)``
        to write into, reused from call to call (a fresh array of hundreds of MB costs as
        much in page faults as the integration itself). The trajectory's arrays are views
        of it.

    Returns
    -------
    :class:`~runlean.science.hall2011.HallTrajectory` with arrays ``(n, len(record_days))``,
    transposed views of time-major arrays (``traj.weight.T`` is C-contiguous).

    Notes
    -----
    Same results as the NumPy engine to a few ulps, bit-identical for a person whatever
    batch or block they are in.

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eqs. (1)–(9).
    """
    if resolve_engine(engine) == "numpy":
        return simulate_batch_days(
            baseline, days, record_days, intake_change_kcal_per_day, activity_change_pct,
            extra_activity_kcal_per_day, carb_fraction, sodium_change_mg_per_day,
            lean_multiplier, steps_per_day=steps_per_day, bw_glycogen_units=bw_glycogen_units,
            track_energy=track_energy)
    if days < 1:
        raise ValueError("days must be ≥ 1")
    if steps_per_day < 1:
        raise ValueError("steps_per_day must be ≥ 1")
    if threads < 1:
        raise InvalidInputError("threads", threads, "a positive whole number")
    col_of_day = record_columns(days, record_days)
    n = baseline.n
    d_ei = _compact(intake_change_kcal_per_day, n, days, 0.0, "intake_change_kcal_per_day")
    act = _compact(activity_change_pct, n, days, 0.0, "activity_change_pct")
    extra = _compact(extra_activity_kcal_per_day, n, days, 0.0, "extra_activity_kcal_per_day")
    carb = _compact(carb_fraction, n, days, baseline.carb_fraction_baseline[:, None],
                    "carb_fraction")
    d_na = _compact(sodium_change_mg_per_day, n, days, 0.0, "sodium_change_mg_per_day")
    modified = lean_multiplier is not None
    mult_b = np.broadcast_to(np.asarray(1.0 if lean_multiplier is None else lean_multiplier,
                                        dtype=float), (n,))
    mult = _writable(np.ascontiguousarray(mult_b[:1] if mult_b.strides[0] == 0 else mult_b,
                                          dtype=np.float64))
    pc = np.empty((_N_PERSON, n))
    pc[_EI0] = baseline.intake0
    pc[_CIB] = baseline.carb_intake0
    pc[_KG] = baseline.k_g
    pc[_INV_W0] = 1.0 / baseline.weight0
    pc[_ECF0] = baseline.ecf0
    pc[_K] = baseline.k
    pc[_DELTA0] = baseline.delta0
    y0 = np.empty((4, n))
    y0[0], y0[1], y0[2], y0[3] = (baseline.fat0, baseline.lean0, baseline.glycogen0,
                                  baseline.ecf0)
    ncol = int(col_of_day.max()) + 1
    if out is None:
        out = np.zeros((9, ncol, n))
    elif out.shape != (9, ncol, n) or out.dtype != np.float64 or not out.flags["C_CONTIGUOUS"]:
        raise ValueError(f"out must be a C-contiguous float64 array shaped (9, {ncol}, {n})")
    elif not track_energy:
        out[8] = 0.0
    kernel = _kernel()
    cst = _constants(baseline)
    args = (y0, pc, d_ei, act, extra, carb, d_na, mult, cst, days, steps_per_day, modified,
            bw_glycogen_units, track_energy, col_of_day)
    import numba

    config: Any = numba.config
    numba.set_num_threads(min(threads, int(config.NUMBA_NUM_THREADS)))
    kernel(*args, BLOCK_SIZE, out)
    # Intake is an input: EI0 + ΔEI of the recorded day (the last day uses day days − 1).
    rec = np.flatnonzero(col_of_day >= 0)
    k_in = np.minimum(rec, days - 1) if d_ei.shape[1] > 1 else np.zeros(rec.size, dtype=int)
    np.add(pc[_EI0][None, :], d_ei[:, k_in].T, out=out[6])
    return HallTrajectory(
        weight=out[0].T, fat=out[1].T, lean=out[2].T, glycogen=out[3].T, ecf=out[4].T,
        adaptive_thermogenesis=out[5].T, intake=out[6].T, expenditure=out[7].T,
        energy_balance=out[8].T,
    )
