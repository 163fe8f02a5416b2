"""Optional numba kernel for Hall et al. 2011's adult model (same equations as ``simulate_batch``).

:func:`simulate_batch_fast` integrates exactly the equations, inputs and step rule of
:func:`runlean.science.hall2011.simulate_batch` (classical RK4, fixed step, all four stages
of day ``k`` use the inputs of day ``k``; same parameters; same lean-multiplier rule) with a
compiled kernel: scalar math per person, people in blocks of :data:`BLOCK_SIZE`, days outside
and people inside each block so that the compiler can vectorise across people. With
``threads > 1`` the blocks run on numba's thread pool (``prange``).

numba is an optional dependency (``pip install runlean[fast]``). It is imported lazily, on the
first call; without it :func:`numba_available` is False and ``engine="auto"`` falls back to the
NumPy kernel. The kernel is compiled once per process (``cache=False``: compilation takes a
few seconds, see ``benchmarks/bench_hall.py``).

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
    simulate_batch,
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
                                    "'auto' or 'numpy' (numba is not installed: "
                                    "pip install 'runlean[fast]')")
        return "numba"
    raise InvalidInputError("engine", engine, "one of auto, numpy, numba")


# Indices of the packed model constants passed to the kernel.
(_C, _INV_RHO_G, _INV_RHO_F, _INV_RHO_L, _W_LF, _ONE_W, _NA_RATE, _INV_TAU, _BW_G, _D_C,
 _C_RHO_L, _RHO_F, _RHO_L, _P_LOW, _P_HIGH, _BETA_TEF, _AT_GAIN, _XI_CI, _XI_NA, _NA_CONC,
 _GAM_F, _GAM_L, _N_CONST) = range(23)
# Rows of the per-person constants.
_EI0, _CIB, _KG, _INV_W0, _ECF0, _K, _DELTA0, _N_PERSON = range(8)


def _build_kernel() -> Callable[..., None]:
    """Compile the kernel (numba imported here, lazily).

    Always compiled with ``parallel=True``, also for one thread (``numba.set_num_threads``),
    and with the right-hand side inlined at numba-IR level: measured, only that variant's loop
    over people is vectorised by LLVM (≈3× less CPU time than the same code compiled serially
    or without IR inlining), at the price of a long compilation (10–25 s).
    """
    import numba

    prange = numba.prange

    @numba.njit(cache=False, fastmath=False, error_model="numpy", inline="always")
    def rhs(f: float, lean: float, g: float, ecf: float, at: float, kg: float, ci: float,
            e_avail: float, delta: float, coef_f: float, coef_l: float, ecf_drive: float,
            at_drive: float, mult: float, modified: bool, bwg: bool,
            cst: Any) -> tuple[float, float, float, float, float, float, float]:
        # Same operations, in the same order, as simulate_batch's rhs.
        gflux = ci - g * g * kg                              # ρG·dG/dt [kcal/d]
        dg = gflux * cst[_INV_RHO_G]
        t2 = (g * cst[_BW_G] + ecf) * delta + f * coef_f + lean * coef_l + at
        a = (e_avail - (dg if bwg else gflux)) - t2          # A
        if modified:
            p = cst[_C] / (f + cst[_C])
            if a < 0.0:
                p = min(max(p * mult, cst[_P_LOW]), cst[_P_HIGH])
            x = a / (p * cst[_W_LF] + cst[_ONE_W])          # X = EI − EE − X_G
            px = p * x
            dl = px * cst[_INV_RHO_L]
            df = (x - px) * cst[_INV_RHO_F]
        else:
            q = a / (f * cst[_ONE_W] + cst[_D_C])           # A/D
            dl = q * cst[_C_RHO_L]
            df = (f * q) * cst[_INV_RHO_F]
        decf = ecf * (-cst[_NA_RATE]) + ecf_drive
        dat = at * (-cst[_INV_TAU]) + at_drive
        de = (df * cst[_RHO_F] + dl * cst[_RHO_L]) + (dg if bwg else gflux)
        return df, dl, dg, decf, dat, de, gflux

    @numba.njit(cache=False, fastmath=False, error_model="numpy", inline="always")
    def _gather(src: Any, row_step: int, col: int, start: int, m: int, dst: Any) -> None:
        if row_step == 0:
            v = src[0, col]
            for j in range(m):
                dst[j] = v
        else:
            for j in range(m):
                dst[j] = src[start + j, col]

    @numba.njit(cache=False, fastmath=False, error_model="numpy", parallel=True)
    def kernel(y0: Any, pc: Any, d_ei: Any, act: Any, extra: Any, carb: Any, d_na: Any,
               mult_in: Any, cst: Any, days: int, steps: int, modified: bool, bwg: bool,
               track: bool, final_only: bool, block: int, out: Any) -> None:
        n = y0.shape[1]
        cols = out.shape[2]
        h = 1.0 / steps
        half = 0.5 * h
        sixth = h / 6.0
        rs_ei = 1 if d_ei.shape[0] > 1 else 0
        cs_ei = 1 if d_ei.shape[1] > 1 else 0
        rs_act = 1 if act.shape[0] > 1 else 0
        cs_act = 1 if act.shape[1] > 1 else 0
        rs_ex = 1 if extra.shape[0] > 1 else 0
        cs_ex = 1 if extra.shape[1] > 1 else 0
        rs_cb = 1 if carb.shape[0] > 1 else 0
        cs_cb = 1 if carb.shape[1] > 1 else 0
        rs_na = 1 if d_na.shape[0] > 1 else 0
        cs_na = 1 if d_na.shape[1] > 1 else 0
        rs_m = 1 if mult_in.shape[0] > 1 else 0
        nblocks = (n + block - 1) // block
        varying = cs_ei + cs_act + cs_ex + cs_cb + cs_na > 0
        for b in prange(nblocks):
            s = b * block
            m = min(block, n - s)
            # Two 2-D work arrays (states; per-day coefficients) rather than one array per
            # quantity: few distinct pointers let LLVM vectorise the loop over people.
            st = np.zeros((6, m))                 # F, L, G, ECF, AT, ∫(EI − EE)
            st[:4] = y0[:, s:s + m]
            cf = np.empty((10, m))                # see _KG_ROW.._AT_DRIVE_ROW
            cf[0] = pc[_KG, s:s + m]
            inp = np.empty((5, m))                # the day's ΔEI, act %, extra, carb, ΔNa
            for j in range(m):
                cf[1, j] = mult_in[(s + j) * rs_m]
            for day in range(days + 1):
                k_in = day if day < days else days - 1
                if day < days and (day == 0 or varying):
                    # Day-wise coefficients (simulate_batch's set_day): gather the day's
                    # inputs into contiguous rows first, so that the arithmetic vectorises.
                    _gather(d_ei, rs_ei, k_in * cs_ei, s, m, inp[0])
                    _gather(act, rs_act, k_in * cs_act, s, m, inp[1])
                    _gather(extra, rs_ex, k_in * cs_ex, s, m, inp[2])
                    _gather(carb, rs_cb, k_in * cs_cb, s, m, inp[3])
                    _gather(d_na, rs_na, k_in * cs_na, s, m, inp[4])
                    for j in range(m):
                        i = s + j
                        de = inp[0, j]
                        e = pc[_EI0, i] + de
                        c_in = inp[3, j] * e
                        cf[2, j] = e
                        cf[3, j] = c_in
                        cf[4, j] = e - (cst[_BETA_TEF] * de + pc[_K, i])
                        dl = (pc[_DELTA0, i] * (1.0 + inp[1, j] / 100.0)
                              + inp[2, j] * pc[_INV_W0, i])
                        cf[5, j] = dl
                        cf[6, j] = dl + cst[_GAM_F]
                        cf[7, j] = dl + cst[_GAM_L]
                        cf[8, j] = ((inp[4, j] - cst[_XI_CI] * (1.0 - c_in / pc[_CIB, i])
                                     + cst[_XI_NA] * pc[_ECF0, i]) / cst[_NA_CONC])
                        cf[9, j] = cst[_AT_GAIN] * de
                if day == days or not final_only:
                    col = cols - 1 if day == days else day
                    for j in range(m):
                        df, dl, dg, _, _, _, gflux = rhs(
                            st[0, j], st[1, j], st[2, j], st[3, j], st[4, j], cf[0, j],
                            cf[3, j], cf[4, j], cf[5, j], cf[6, j], cf[7, j], cf[8, j],
                            cf[9, j], cf[1, j], modified, bwg, cst)
                        x = cst[_RHO_F] * df + cst[_RHO_L] * dl
                        i = s + j
                        out[0, i, col] = (st[0, j] + st[1, j] + st[3, j]
                                          + cst[_BW_G] * st[2, j])
                        for r in range(5):
                            out[1 + r, i, col] = st[r, j]
                        out[6, i, col] = cf[2, j]
                        out[7, i, col] = cf[2, j] - (dg if bwg else gflux) - x
                        if track:
                            out[8, i, col] = st[5, j]
                if day == days:
                    break
                for _ in range(steps):
                    for j in range(m):
                        f0 = st[0, j]
                        l0 = st[1, j]
                        g0 = st[2, j]
                        e0 = st[3, j]
                        a0 = st[4, j]
                        kgj = cf[0, j]
                        mj = cf[1, j]
                        cij = cf[3, j]
                        eaj = cf[4, j]
                        dj = cf[5, j]
                        cfj = cf[6, j]
                        clj = cf[7, j]
                        edj = cf[8, j]
                        adj = cf[9, j]
                        f1, l1, g1, c1, a1, x1, _ = rhs(
                            f0, l0, g0, e0, a0, kgj, cij, eaj, dj, cfj, clj, edj, adj, mj,
                            modified, bwg, cst)
                        f2, l2, g2, c2, a2, x2, _ = rhs(
                            f1 * half + f0, l1 * half + l0, g1 * half + g0, c1 * half + e0,
                            a1 * half + a0, kgj, cij, eaj, dj, cfj, clj, edj, adj, mj,
                            modified, bwg, cst)
                        f3, l3, g3, c3, a3, x3, _ = rhs(
                            f2 * half + f0, l2 * half + l0, g2 * half + g0, c2 * half + e0,
                            a2 * half + a0, kgj, cij, eaj, dj, cfj, clj, edj, adj, mj,
                            modified, bwg, cst)
                        f4, l4, g4, c4, a4, x4, _ = rhs(
                            f3 * h + f0, l3 * h + l0, g3 * h + g0, c3 * h + e0,
                            a3 * h + a0, kgj, cij, eaj, dj, cfj, clj, edj, adj, mj,
                            modified, bwg, cst)
                        st[0, j] = f0 + (((f2 + f3) * 2.0 + f1) + f4) * sixth
                        st[1, j] = l0 + (((l2 + l3) * 2.0 + l1) + l4) * sixth
                        st[2, j] = g0 + (((g2 + g3) * 2.0 + g1) + g4) * sixth
                        st[3, j] = e0 + (((c2 + c3) * 2.0 + c1) + c4) * sixth
                        st[4, j] = a0 + (((a2 + a3) * 2.0 + a1) + a4) * sixth
                        if track:
                            st[5, j] = st[5, j] + (((x2 + x3) * 2.0 + x1) + x4) * sixth

    built: Callable[..., None] = kernel
    return built


def kernel_compiled() -> bool:
    """True once the numba kernel has been compiled in this process."""
    return bool(_KERNEL)


def warm_up() -> float:
    """Compile the numba kernel now (numba required); returns the seconds it took (0 if done)."""
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
            _KERNEL.append(_build_kernel())
        return _KERNEL[0]


def _compact(x: npt.ArrayLike | None, n: int, days: int, default: FloatArray | float,
             name: str) -> FloatArray:
    """An input as a C-contiguous ``(1|n, 1|days)`` array: broadcast axes are not expanded."""
    a = _inputs(x, n, days, default, name)
    if a.shape[0] > 1 and a.strides[0] == 0:
        a = a[:1]
    if a.shape[1] > 1 and a.strides[1] == 0:
        a = a[:, :1]
    return np.ascontiguousarray(a, dtype=np.float64)


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
        Threads of numba's pool used by the kernel (blocks of :data:`BLOCK_SIZE` people run in
        parallel); 1 = one thread. Ignored by the NumPy engine.

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
    if resolve_engine(engine) == "numpy":
        return simulate_batch(
            baseline, days, intake_change_kcal_per_day, activity_change_pct,
            extra_activity_kcal_per_day, carb_fraction, sodium_change_mg_per_day,
            lean_multiplier, steps_per_day=steps_per_day, bw_glycogen_units=bw_glycogen_units,
            track_energy=track_energy, final_only=final_only)
    if days < 1:
        raise ValueError("days must be ≥ 1")
    if steps_per_day < 1:
        raise ValueError("steps_per_day must be ≥ 1")
    if threads < 1:
        raise InvalidInputError("threads", threads, "a positive whole number")
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
    mult = np.ascontiguousarray(mult_b[:1] if mult_b.strides[0] == 0 else mult_b)
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
    cols = 1 if final_only else days + 1
    out = np.zeros((9, n, cols))
    kernel = _kernel()
    import numba

    config: Any = numba.config
    numba.set_num_threads(min(threads, int(config.NUMBA_NUM_THREADS)))
    kernel(y0, pc, d_ei, act, extra, carb, d_na, mult, _constants(baseline), days,
           steps_per_day, modified, bw_glycogen_units, track_energy, final_only, BLOCK_SIZE,
           out)
    return HallTrajectory(
        weight=out[0], fat=out[1], lean=out[2], glycogen=out[3], ecf=out[4],
        adaptive_thermogenesis=out[5], intake=out[6], expenditure=out[7],
        energy_balance=out[8],
    )
