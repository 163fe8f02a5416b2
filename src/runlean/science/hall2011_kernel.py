"""Compiled (numba) kernel of Hall et al. 2011's adult model: module-level and cached on disk.

The same equations, inputs, step rule and floating-point operations, in the same order, as
:func:`runlean.science.hall2011.simulate_batch` (classical RK4, fixed step, all four stages of
day ``k`` use the inputs of day ``k``); no fast-math and no contraction into FMA, so each
person's result is the same to a few ulps as the NumPy engine's and bit-identical whatever the
batch, block or partition the person is in.

Defined at module level with ``cache=True``: numba compiles it once per machine and Python
version and stores the machine code next to this file (or in numba's user cache directory
when that is read-only); every later process loads it in about a second instead of
recompiling. Importing this module imports numba: import it lazily (as
:mod:`runlean.science.hall2011_fast` does).

Layout: people in blocks of ``block`` (their working arrays stay in cache), blocks in
parallel (``prange``; one thread per Dask worker process), days outside and people inside
each block so that LLVM vectorises the loop over people (numba compiles for the processor
it runs on: 8 people per AVX-512 instruction on this project's Zen 5 test machine, 4 with
AVX2). Compiled with ``parallel=True``: measured, only then is that loop vectorised (about
3× less CPU than the serial compilation), at the price of a longer first compilation (from
9 s on an idle Zen 5 core to 1–3 min on loaded machines; once per machine thanks to the
cache).
Integrating two people per loop iteration, which doubled a hand-written scalar C kernel's
speed, was measured here twice: at 16 vs 28 M person-days per CPU-second (``j`` and
``j + m/2`` of one work array), and again at 41–44 vs 126–153 M (final day only, 102 400
people × 365 days; each half of the block in work arrays of its own, or in rows of its own
of one array): LLVM then stops vectorising the loop over people (it cannot prove the two
people independent), which costs more than the interleaving gains, so the kernel does not do
it: its vectorised loop already integrates several people per instruction. Output is
time-major: ``out[v, col, i]``, so one recorded day of a block is a contiguous run of
memory.

References
----------
.. [1] Hall KD, Sacks G, Chandramohan D, et al. Quantification of the effect of energy
   imbalance on bodyweight. Lancet 2011;378:826–837, web appendix eqs. (1)–(9).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numba
import numpy as np

# Indices of the packed model constants (see hall2011_fast._constants).
(C, INV_RHO_G, INV_RHO_F, INV_RHO_L, W_LF, ONE_W, NA_RATE, INV_TAU, BW_G, D_C,
 C_RHO_L, RHO_F, RHO_L, P_LOW, P_HIGH, BETA_TEF, AT_GAIN, XI_CI, XI_NA, NA_CONC,
 GAM_F, GAM_L, N_CONST) = range(23)
# Rows of the per-person constants.
EI0, CIB, KG, INV_W0, ECF0, K, DELTA0, N_PERSON = range(8)
#: Output rows of the kernel (time-major ``out[row, col, person]``); row 6 (intake, an input)
#: is left to the caller.
OUT_WEIGHT, OUT_FAT, OUT_LEAN, OUT_GLYCOGEN, OUT_ECF, OUT_AT = range(6)
OUT_EE, OUT_ENERGY = 7, 8

_OPTS: dict[str, Any] = {"cache": True, "nogil": True, "fastmath": False,
                         "error_model": "numpy", "boundscheck": False}
_F = TypeVar("_F", bound=Callable[..., Any])


def _jit(**options: Any) -> Callable[[_F], _F]:
    """``numba.njit(**options)``, typed for mypy (the compiled function keeps its signature)."""
    decorator: Callable[[_F], _F] = numba.njit(**options)
    return decorator


@_jit(inline="always", **_OPTS)
def _rhs(f: float, lean: float, g: float, ecf: float, at: float, kg: float, ci: float,
         e_avail: float, delta: float, coef_f: float, coef_l: float, ecf_drive: float,
         at_drive: float, mult: float, modified: bool, bwg: bool,
         cst: Any) -> tuple[float, float, float, float, float, float, float]:
    """dF, dL, dG, dECF, dAT, d∫(EI−EE) and ρG·dG/dt of one person (simulate_batch's rhs)."""
    gflux = ci - g * g * kg                              # ρG·dG/dt [kcal/d]
    dg = gflux * cst[INV_RHO_G]
    t2 = (g * cst[BW_G] + ecf) * delta + f * coef_f + lean * coef_l + at
    a = (e_avail - (dg if bwg else gflux)) - t2          # A
    if modified:
        p = cst[C] / (f + cst[C])
        if a < 0.0:
            p = min(max(p * mult, cst[P_LOW]), cst[P_HIGH])
        x = a / (p * cst[W_LF] + cst[ONE_W])            # X = EI − EE − X_G
        px = p * x
        dl = px * cst[INV_RHO_L]
        df = (x - px) * cst[INV_RHO_F]
    else:
        q = a / (f * cst[ONE_W] + cst[D_C])             # A/D
        dl = q * cst[C_RHO_L]
        df = (f * q) * cst[INV_RHO_F]
    decf = ecf * (-cst[NA_RATE]) + ecf_drive
    dat = at * (-cst[INV_TAU]) + at_drive
    de = (df * cst[RHO_F] + dl * cst[RHO_L]) + (dg if bwg else gflux)
    return df, dl, dg, decf, dat, de, gflux


@_jit(inline="always", **_OPTS)
def _gather(src: Any, row_step: int, col: int, start: int, m: int, dst: Any) -> None:
    if row_step == 0:
        v = src[0, col]
        for j in range(m):
            dst[j] = v
    else:
        for j in range(m):
            dst[j] = src[start + j, col]


@_jit(inline="always", **_OPTS)
def _coefficients(pc: Any, inp: Any, cst: Any, s: int, m: int, cf: Any) -> None:
    """The day's coefficients of people ``s .. s+m`` (simulate_batch's ``set_day``)."""
    for j in range(m):
        i = s + j
        de = inp[0, j]
        e = pc[EI0, i] + de
        c_in = inp[3, j] * e
        cf[2, j] = e
        cf[3, j] = c_in
        cf[4, j] = e - (cst[BETA_TEF] * de + pc[K, i])
        dl = pc[DELTA0, i] * (1.0 + inp[1, j] / 100.0) + inp[2, j] * pc[INV_W0, i]
        cf[5, j] = dl
        cf[6, j] = dl + cst[GAM_F]
        cf[7, j] = dl + cst[GAM_L]
        cf[8, j] = ((inp[4, j] - cst[XI_CI] * (1.0 - c_in / pc[CIB, i])
                     + cst[XI_NA] * pc[ECF0, i]) / cst[NA_CONC])
        cf[9, j] = cst[AT_GAIN] * de


@_jit(inline="always", **_OPTS)
def _rk4_step(st: Any, cf: Any, j: int, h: float, half: float, sixth: float, modified: bool,
              bwg: bool, track: bool, cst: Any) -> None:
    """One RK4 step of person ``j`` of the block, in place (no other memory written)."""
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
    f1, l1, g1, c1, a1, x1, _ = _rhs(f0, l0, g0, e0, a0, kgj, cij, eaj, dj, cfj, clj, edj,
                                     adj, mj, modified, bwg, cst)
    f2, l2, g2, c2, a2, x2, _ = _rhs(
        f1 * half + f0, l1 * half + l0, g1 * half + g0, c1 * half + e0, a1 * half + a0,
        kgj, cij, eaj, dj, cfj, clj, edj, adj, mj, modified, bwg, cst)
    f3, l3, g3, c3, a3, x3, _ = _rhs(
        f2 * half + f0, l2 * half + l0, g2 * half + g0, c2 * half + e0, a2 * half + a0,
        kgj, cij, eaj, dj, cfj, clj, edj, adj, mj, modified, bwg, cst)
    f4, l4, g4, c4, a4, x4, _ = _rhs(
        f3 * h + f0, l3 * h + l0, g3 * h + g0, c3 * h + e0, a3 * h + a0,
        kgj, cij, eaj, dj, cfj, clj, edj, adj, mj, modified, bwg, cst)
    st[0, j] = f0 + (((f2 + f3) * 2.0 + f1) + f4) * sixth
    st[1, j] = l0 + (((l2 + l3) * 2.0 + l1) + l4) * sixth
    st[2, j] = g0 + (((g2 + g3) * 2.0 + g1) + g4) * sixth
    st[3, j] = e0 + (((c2 + c3) * 2.0 + c1) + c4) * sixth
    st[4, j] = a0 + (((a2 + a3) * 2.0 + a1) + a4) * sixth
    if track:
        st[5, j] = st[5, j] + (((x2 + x3) * 2.0 + x1) + x4) * sixth


@_jit(inline="always", **_OPTS)
def _record(st: Any, cf: Any, s: int, m: int, col: int, modified: bool, bwg: bool,
            track: bool, cst: Any, out: Any) -> None:
    """Write the block's states and expenditures (from their derivative) to column ``col``."""
    for j in range(m):
        df, dl, dg, _, _, _, gflux = _rhs(
            st[0, j], st[1, j], st[2, j], st[3, j], st[4, j], cf[0, j], cf[3, j], cf[4, j],
            cf[5, j], cf[6, j], cf[7, j], cf[8, j], cf[9, j], cf[1, j], modified, bwg, cst)
        x = cst[RHO_F] * df + cst[RHO_L] * dl
        i = s + j
        out[OUT_WEIGHT, col, i] = st[0, j] + st[1, j] + st[3, j] + cst[BW_G] * st[2, j]
        out[OUT_FAT, col, i] = st[0, j]
        out[OUT_LEAN, col, i] = st[1, j]
        out[OUT_GLYCOGEN, col, i] = st[2, j]
        out[OUT_ECF, col, i] = st[3, j]
        out[OUT_AT, col, i] = st[4, j]
        out[OUT_EE, col, i] = cf[2, j] - (dg if bwg else gflux) - x
        if track:
            out[OUT_ENERGY, col, i] = st[5, j]


@_jit(parallel=True, **_OPTS)
def hall_kernel(y0: Any, pc: Any, d_ei: Any, act: Any, extra: Any, carb: Any, d_na: Any,
                mult_in: Any, cst: Any, days: int, steps: int, modified: bool, bwg: bool,
                track: bool, record_col: Any, block: int, out: Any) -> None:
    """Integrate people ``start .. stop`` over ``days`` days, writing the recorded days.

    Parameters
    ----------
    y0
        Initial F, L, G, ECF, shape ``(4, n)`` [kg].
    pc
        Per-person constants, shape ``(N_PERSON, n)`` (rows EI0, CIB, KG, INV_W0, ECF0, K,
        DELTA0).
    d_ei, act, extra, carb, d_na
        Inputs shaped ``(1 | n, 1 | days)`` (an axis of length 1 is shared).
    mult_in
        Lean multiplier, ``(1 | n,)``.
    cst
        Packed model constants (``N_CONST``).
    days, steps
        Days to integrate; RK4 steps per day.
    modified, bwg, track
        Lean multiplier in use; bw's glycogen units; integrate ∫(EI − EE).
    record_col
        ``(days + 1,)`` int: output column of each day, or −1 when the day is not recorded.
    block
        People integrated together; blocks run in parallel on numba's threads
        (``numba.set_num_threads``).
    out
        Output, time-major ``(9, n_recorded, n)``.
    """
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
    # Constant inputs: the day's coefficients are computed once, not every day.
    varying = cs_ei + cs_act + cs_ex + cs_cb + cs_na > 0
    n = y0.shape[1]
    for b in numba.prange((n + block - 1) // block):
        s = b * block
        m = min(block, n - s)
        # Two 2-D work arrays (states; the day's coefficients) rather than one per quantity:
        # few distinct pointers let LLVM vectorise the loop over people.
        st = np.zeros((6, m))                 # F, L, G, ECF, AT, ∫(EI − EE)
        cf = np.empty((10, m))                # KG, mult, EI, CI, EI−K−TEF, δ, δ+γF, δ+γL, …
        inp = np.empty((5, m))                # the day's ΔEI, act %, extra, carb, ΔNa
        for r in range(4):
            for j in range(m):
                st[r, j] = y0[r, s + j]
        for j in range(m):
            cf[0, j] = pc[KG, s + j]
            cf[1, j] = mult_in[(s + j) * rs_m]
        for day in range(days + 1):
            k_in = day if day < days else days - 1
            if day == 0 or (varying and day < days):
                _gather(d_ei, rs_ei, k_in * cs_ei, s, m, inp[0])
                _gather(act, rs_act, k_in * cs_act, s, m, inp[1])
                _gather(extra, rs_ex, k_in * cs_ex, s, m, inp[2])
                _gather(carb, rs_cb, k_in * cs_cb, s, m, inp[3])
                _gather(d_na, rs_na, k_in * cs_na, s, m, inp[4])
                _coefficients(pc, inp, cst, s, m, cf)
            col = record_col[day]
            if col >= 0:
                _record(st, cf, s, m, col, modified, bwg, track, cst, out)
            if day == days:
                break
            for _ in range(steps):
                for j in range(m):
                    _rk4_step(st, cf, j, h, half, sixth, modified, bwg, track, cst)
