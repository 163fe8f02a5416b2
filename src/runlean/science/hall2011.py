"""Hall et al. 2011 dynamic adult body-weight model (Lancet web appendix), vectorised.

Five states per person: fat mass F [kg], lean tissue L [kg] (excluding ECF and glycogen with
its water), glycogen G [kg], extracellular fluid ECF [kg] and adaptive thermogenesis AT
[kcal/d]. Body weight is ``BW = F + L + ECF + 3.7·G``. Energy expenditure is the closed form of
appendix eq. (9); the energy imbalance left after the glycogen flux is split between fat and
lean by Forbes' rule ``p = C/(C + F)``, ``C = 10.4 kg·ρL/ρF`` (eq. 3). The glycogen energy term
is the paper's ``ρG·dG/dt`` [kcal/d], not the kg/d term of the R package bw [2], which does
not conserve energy (``bw_glycogen_units=True`` reproduces bw, for cross-checks).

Physical activity follows the NIH Body Weight Planner: ``δ(t) = δ0·(1 + pct(t)/100)``, plus an
optional extra activity energy given in kcal/d at baseline weight, entering as
``Δδ = kcal/BW0`` so that its cost scales with the current weight, like running.

Integration: classical RK4 with a fixed step (default one day), all people of a batch at once
(state arrays shaped ``(n,)``; inputs broadcastable to ``(n, days)``); inputs are piecewise
constant per day (element ``k`` is in effect from day ``k`` to ``k+1``). F and L are integrated
as two ODEs, which equals the Forbes closed form for the published model and stays exact
(energy-conserving) when the lean fraction is modified (:mod:`runlean.science.lean_modifiers`).

References
----------
.. [1] Hall KD, Sacks G, Chandramohan D, et al. Quantification of the effect of energy
   imbalance on bodyweight. Lancet 2011;378:826–837, and its web appendix "Dynamic
   Mathematical Model of Body Weight Change in Adults".
.. [2] R package bw (INSP-RH/bw, v1.0.0, d5f9378), kcal parameter values.
.. [3] NIH Body Weight Planner JavaScript engine (archived, Zomega/BodyWeightPlanner e9c990b).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from runlean.errors import UnreachableGoalError
from runlean.science._arrays import FloatArray
from runlean.science.body_composition import jackson_2002_body_fat_pct
from runlean.science.lean_modifiers import LEAN_FRACTION_BOUNDS
from runlean.science.metabolism import mifflin_st_jeor
from runlean.science.regional_fat import K_LEG_PROPORTIONAL

ArrayLike = float | FloatArray

#: kJ → kcal factor used by bw to convert the appendix's parameters.
KCAL_PER_KJ = 0.23900573614
#: Water stored with each kg of glycogen [kg/kg]: BW counts ``3.7·G`` (appendix text; bw; bwp).
GLYCOGEN_WATER_KG_PER_KG = 2.7
#: Default baseline physical activity level when neither ``pal`` nor an intake is known
#: (the NIH Body Weight Planner's default).
DEFAULT_PAL = 1.6
#: Bounds of the estimated body-fat percentage (the NIH planner clamps Jackson's estimate to
#: [0, 60] %; runlean floors it at 2 % so that Forbes' ``C/(C+F)`` stays meaningful).
ESTIMATED_BODY_FAT_PCT_BOUNDS = (2.0, 60.0)


@dataclass(frozen=True)
class HallParameters:
    """Parameter set of the model (kcal units).

    Attributes
    ----------
    rho_g, rho_f, rho_l
        Energy density of glycogen, of fat change and of lean-tissue change [kcal/kg].
    gamma_f, gamma_l
        Resting expenditure per kg of fat and of lean tissue [kcal/kg/d].
    eta_f, eta_l
        Biochemical cost of fat and of lean (protein) synthesis [kcal/kg].
    beta_tef
        Thermic effect of feeding, fraction of ΔEI [dimensionless].
    beta_at
        Adaptive thermogenesis, fraction of ΔEI at steady state [dimensionless].
    tau_at_days
        Time constant of adaptive thermogenesis [d].
    forbes_kg
        Forbes parameter [kg] (10.4 kg; ``dL/dF = 10.4/F``).
    glycogen0_kg
        Baseline glycogen [kg].
    sodium_mg_per_l
        ECF sodium concentration, written [Na] in the appendix [mg/L].
    xi_na
        Renal sodium excretion per litre of ECF change [mg/L/d].
    xi_ci
        Effect of carbohydrate intake on sodium excretion [mg/d].
    """

    rho_g: float
    rho_f: float
    rho_l: float
    gamma_f: float
    gamma_l: float
    eta_f: float
    eta_l: float
    beta_tef: float = 0.1
    beta_at: float = 0.14
    tau_at_days: float = 14.0
    forbes_kg: float = 10.4
    glycogen0_kg: float = 0.5
    sodium_mg_per_l: float = 3220.0
    xi_na: float = 3000.0
    xi_ci: float = 4000.0

    @property
    def forbes_c(self) -> float:
        """Energy-partition constant ``C = 10.4 kg·ρL/ρF`` [kg] (appendix eq. 3)."""
        return self.forbes_kg * self.rho_l / self.rho_f


#: The appendix's kJ values converted to kcal and rounded as in the R package bw
#: (``src/adult_weight.cpp``): ρG 17.6 MJ/kg, ρF 39.5 MJ/kg, ρL 7.6 MJ/kg, γF 13 kJ/kg/d,
#: γL 92 kJ/kg/d, ηF 750 kJ/kg, ηL 960 kJ/kg; βTEF 0.1, βAT 0.14 (Hall & Jordan 2008), τAT
#: 14 d, [Na] 3.22 mg/ml, ξNa 3000 mg/L/d, ξCI 4000 mg/d. The default parameter set.
BW_PARAMETERS = HallParameters(
    rho_g=4206.501, rho_f=9440.727, rho_l=1816.444,
    gamma_f=3.107075, gamma_l=21.98853, eta_f=179.2543, eta_l=229.4455,
)

#: The NIH Body Weight Planner's own rounded kcal values (bodymodel.js, e9c990b):
#: ρG 4180, ρF 9440, ρL 1807, γF 3.2, γL 22.0, ηF 180, ηL 230; other values as bw.
NIH_PLANNER_PARAMETERS = HallParameters(
    rho_g=4180.0, rho_f=9440.0, rho_l=1807.0,
    gamma_f=3.2, gamma_l=22.0, eta_f=180.0, eta_l=230.0,
)

#: Selectable parameter sets by name.
PARAMETER_SETS: dict[str, HallParameters] = {"bw": BW_PARAMETERS, "nih": NIH_PLANNER_PARAMETERS}


def _out(x: FloatArray) -> ArrayLike:
    return x if np.ndim(x) else float(x)


def silva_ecf0_kg(weight_kg: ArrayLike, height_m: ArrayLike, age_years: ArrayLike,
                  male: bool | npt.NDArray[np.bool_]) -> ArrayLike:
    """Baseline extracellular fluid volume by "Silva's equation" as coded in bw.

    Men ``0.025·age + 9.57·H + 0.191·BW − 12.4``; women ``−4.0 + 5.98·H + 0.167·BW``.

    Parameters
    ----------
    weight_kg
        Body weight [kg].
    height_m
        Height [m].
    age_years
        Age [years].
    male
        True for men.

    Returns
    -------
    ECF [kg ≈ L].

    Notes
    -----
    Not in the Lancet appendix; the original Silva coefficients could not be verified
    against Silva's publication. ECF0 only splits fat-free mass between L and ECF: it cancels out of
    the BW and F trajectories.

    References
    ----------
    .. [1] R package bw, ``adult_weight.cpp`` (comment: "Silva's equation").
    """
    w = np.asarray(weight_kg, dtype=float)
    h = np.asarray(height_m, dtype=float)
    men = 0.025 * np.asarray(age_years, dtype=float) + 9.57 * h + 0.191 * w - 12.4
    women = -4.0 + 5.98 * h + 0.167 * w
    return _out(np.where(np.asarray(male, dtype=bool), men, women))


def forbes_lean_fraction(fat_kg: ArrayLike, c_kg: float = BW_PARAMETERS.forbes_c) -> ArrayLike:
    """Forbes energy-partition fraction ``p = C/(C + F)`` (appendix eq. 3).

    Parameters
    ----------
    fat_kg
        Fat mass [kg].
    c_kg
        Partition constant [kg]: ``10.4·ρL/ρF`` for the energy partition (default), or
        10.4 kg for the mass partition ``dL/dBW``.

    Returns
    -------
    Fraction of the energy imbalance going to lean tissue [fraction].

    Notes
    -----
    Forbes' curve fitted to cross-sectional body-composition data of adults; p is large for
    lean people (about 0.5 at 10 kg of fat with C = 10.4 kg) and small for obese people. It
    describes the published model without resistance training or protein effects.

    References
    ----------
    .. [1] Hall KD. Body fat and fat-free mass inter-relationships: Forbes's theory
       revisited. Br J Nutr 2007;97:1059–1063.
    .. [2] Hall et al. 2011, web appendix eq. (3).
    """
    f = np.asarray(fat_kg, dtype=float)
    return _out(c_kg / (c_kg + f))


def hall_activity_delta(pal: ArrayLike, rmr_kcal_per_day: ArrayLike, weight_kg: ArrayLike,
                        beta_tef: float = 0.1) -> ArrayLike:
    """Physical-activity parameter ``δ = [(1 − βTEF)·PAL − 1]·RMR/BW`` (appendix eq. 8).

    Parameters
    ----------
    pal
        Physical activity level (TDEE/RMR) [dimensionless].
    rmr_kcal_per_day
        Resting metabolic rate [kcal/d].
    weight_kg
        Body weight [kg].
    beta_tef
        Thermic effect of feeding fraction [dimensionless].

    Returns
    -------
    δ [kcal/kg/d].

    Notes
    -----
    Accounts for the baseline TEF. About 7.2 kcal/kg/d for a sedentary person (PAL 1.5).

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eq. (8).
    """
    result = ((1.0 - beta_tef) * np.asarray(pal, dtype=float) - 1.0) \
        * np.asarray(rmr_kcal_per_day, dtype=float) / np.asarray(weight_kg, dtype=float)
    return _out(result)


@dataclass(frozen=True)
class HallBaseline:
    """Baseline state and constants of a batch of people (arrays shaped ``(n,)``).

    Built by :func:`hall_baseline`. ``intake0`` is what they eat at baseline; the baseline
    expenditure is ``pal·rmr`` (they may differ, as in the R package bw: the person then
    starts out of energy balance).
    """

    male: npt.NDArray[np.bool_]
    age_years: FloatArray
    height_m: FloatArray
    weight0: FloatArray
    fat0: FloatArray
    lean0: FloatArray
    ecf0: FloatArray
    glycogen0: FloatArray
    rmr: FloatArray
    pal: FloatArray
    intake0: FloatArray
    delta0: FloatArray
    k: FloatArray
    carb_fraction_baseline: FloatArray
    params: HallParameters

    @property
    def n(self) -> int:
        """Number of people."""
        return int(self.weight0.shape[0])

    @property
    def carb_intake0(self) -> FloatArray:
        """Baseline carbohydrate intake CI_b [kcal/d]."""
        return self.carb_fraction_baseline * self.intake0

    @property
    def k_g(self) -> FloatArray:
        """Glycogen clearance constant ``kG = CI_b/G0²`` [kcal/d/kg²] (appendix eq. 1)."""
        return self.carb_intake0 / self.params.glycogen0_kg**2


def _vec(x: Any, n: int, name: str) -> FloatArray:
    a = np.asarray(x, dtype=float)
    if a.ndim == 0:
        return np.full(n, float(a))
    if a.shape != (n,):
        raise ValueError(f"{name} must be a scalar or shaped ({n},), got {a.shape}")
    return a.astype(float, copy=True)


def hall_baseline(
    male: bool | npt.ArrayLike,
    age_years: npt.ArrayLike,
    height_cm: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    body_fat_pct: npt.ArrayLike | None = None,
    pal: npt.ArrayLike | None = None,
    intake_kcal_per_day: npt.ArrayLike | None = None,
    carb_fraction_baseline: npt.ArrayLike = 0.5,
    params: HallParameters = BW_PARAMETERS,
) -> HallBaseline:
    """Baseline initialisation of Hall's model for a batch of people (as in the R package bw).

    Parameters
    ----------
    male
        True for men (scalar or ``(n,)`` bools).
    age_years, height_cm, weight_kg
        Age [years], height [cm], body weight [kg] (scalars or ``(n,)``).
    body_fat_pct
        Body fat [%]; None or NaN entries are estimated by Jackson et al. 2002 (eq. 4),
        clamped to :data:`ESTIMATED_BODY_FAT_PCT_BOUNDS`.
    pal
        Baseline physical activity level; None/NaN entries are derived from the intake
        (weight-stable at that intake: ``pal = intake/RMR``) or, without an intake, 1.6.
    intake_kcal_per_day
        What they eat at baseline [kcal/d]; None/NaN means ``pal·RMR`` (energy balance).
        With both ``pal`` and an intake given, the person may start out of balance, as in bw:
        K is set from ``pal·RMR``.
    carb_fraction_baseline
        Baseline carbohydrate share of intake [fraction].
    params
        Parameter set.

    Returns
    -------
    The baseline (:class:`HallBaseline`).

    Notes
    -----
    RMR by Mifflin-St Jeor (9.99/6.25/4.92); ``δ`` by eq. (8); ECF0 by Silva (bw); G0 0.5 kg;
    ``L0 = BW0 − F0 − ECF0 − 3.7·G0``; AT0 = 0; ``K = pal·RMR − γL·L0 − γF·F0 − δ·BW0``.

    References
    ----------
    .. [1] Hall et al. 2011, web appendix; R package bw ``adult_weight.cpp``.
    """
    w = np.atleast_1d(np.asarray(weight_kg, dtype=float)).astype(float)
    n = w.shape[0]
    w = _vec(w, n, "weight_kg")
    male_a = np.broadcast_to(np.asarray(male, dtype=bool), (n,)).copy()
    age = _vec(age_years, n, "age_years")
    h_cm = _vec(height_cm, n, "height_cm")
    h_m = h_cm / 100.0
    rmr = np.asarray(mifflin_st_jeor(w, h_cm, age, male_a), dtype=float).reshape(n)
    intake = _vec(np.nan if intake_kcal_per_day is None else intake_kcal_per_day, n, "intake")
    pal_a = _vec(np.nan if pal is None else pal, n, "pal")
    missing_pal = np.isnan(pal_a)
    pal_a = np.where(missing_pal & ~np.isnan(intake), intake / rmr, pal_a)
    pal_a = np.where(np.isnan(pal_a), DEFAULT_PAL, pal_a)
    intake0 = np.where(np.isnan(intake), pal_a * rmr, intake)
    bf = _vec(np.nan if body_fat_pct is None else body_fat_pct, n, "body_fat_pct")
    est = np.clip(np.asarray(jackson_2002_body_fat_pct(w, h_m, age, male_a), dtype=float),
                  *ESTIMATED_BODY_FAT_PCT_BOUNDS).reshape(n)
    fat0 = w * np.where(np.isnan(bf), est, bf) / 100.0
    ecf0 = np.asarray(silva_ecf0_kg(w, h_m, age, male_a), dtype=float).reshape(n)
    g0 = np.full(n, params.glycogen0_kg)
    lean0 = w - fat0 - ecf0 - (1.0 + GLYCOGEN_WATER_KG_PER_KG) * g0
    delta0 = np.asarray(hall_activity_delta(pal_a, rmr, w, params.beta_tef), dtype=float)
    k = pal_a * rmr - params.gamma_l * lean0 - params.gamma_f * fat0 - delta0 * w
    return HallBaseline(
        male=male_a, age_years=age, height_m=h_m, weight0=w, fat0=fat0, lean0=lean0,
        ecf0=ecf0, glycogen0=g0, rmr=rmr, pal=pal_a, intake0=intake0,
        delta0=delta0.reshape(n), k=k,
        carb_fraction_baseline=_vec(carb_fraction_baseline, n, "carb_fraction_baseline"),
        params=params,
    )


@dataclass(frozen=True)
class HallTrajectory:
    """Daily output of :func:`simulate_batch`: arrays shaped ``(n, days + 1)`` (day 0..days).

    With ``final_only=True`` each array is shaped ``(n, 1)`` and holds the last day only.
    ``energy_balance`` is the integral of ``EI − EE`` from day 0 [kcal] (when tracked; else
    zeros).
    """

    weight: FloatArray
    fat: FloatArray
    lean: FloatArray
    glycogen: FloatArray
    ecf: FloatArray
    adaptive_thermogenesis: FloatArray
    intake: FloatArray
    expenditure: FloatArray
    energy_balance: FloatArray

    @property
    def fat_free(self) -> FloatArray:
        """Fat-free mass ``BW − F`` [kg]."""
        return self.weight - self.fat

    @property
    def body_fat_pct(self) -> FloatArray:
        """Body fat [% of body weight]."""
        return 100.0 * self.fat / self.weight


def _inputs(x: npt.ArrayLike | None, n: int, days: int, default: FloatArray | float,
            name: str) -> FloatArray:
    """Broadcast an input to ``(n, days)`` without copying (scalar, (n,), (days,)?, (n, days))."""
    a = np.asarray(default if x is None else x, dtype=float)
    if a.ndim == 1 and a.shape[0] == n:
        a = a[:, None]
    elif a.ndim == 1:
        a = a[None, :]
    try:
        return np.broadcast_to(a, (n, days))
    except ValueError:
        raise ValueError(f"{name}: shape {a.shape} does not broadcast to ({n}, {days})"
                         ) from None


def simulate_batch(
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
) -> HallTrajectory:
    """Integrate Hall's model for a batch of people with classical RK4 (no loop over people).

    Parameters
    ----------
    baseline
        From :func:`hall_baseline` (n people).
    days
        Number of days to simulate; output covers day 0..days.
    intake_change_kcal_per_day
        ΔEI relative to baseline intake [kcal/d]: scalar, ``(n,)``, ``(days,)`` or
        ``(n, days)``; element ``k`` is in effect from day ``k`` to ``k+1``. A 1-D array of
        length ``n`` is read per person, even when ``n == days``: pass a shared schedule as
        ``(1, days)`` to be unambiguous. The same shapes apply to the inputs below.
    activity_change_pct
        Change of δ in percent (NIH planner): ``δ = δ0·(1 + pct/100)`` [%].
    extra_activity_kcal_per_day
        Extra activity energy [kcal/d] evaluated at baseline weight; ``Δδ = kcal/BW0``, so its
        cost is ``Δδ·BW(t)``.
    carb_fraction
        Carbohydrate share of intake [fraction]; None = baseline share.
    sodium_change_mg_per_day
        ΔNa of the diet [mg/d].
    lean_multiplier
        Multiplier on the Forbes lean fraction during a deficit, ``(n,)`` or scalar
        (:func:`runlean.science.lean_modifiers.lean_fraction_multiplier`); None = published
        model. The modified fraction is clamped to [−0.1, 0.6].
    steps_per_day
        RK4 sub-steps per day (1 = daily step).
    bw_glycogen_units
        Reproduce the R package bw's kg/d glycogen term instead of the
        paper's ``ρG·dG/dt``. Breaks energy conservation by design; for cross-checks only.
    track_energy
        Also integrate ``∫(EI − EE)dt`` [kcal] as an extra state.
    final_only
        Return only the last day (arrays ``(n, 1)``) to bound memory for large cohorts.

    Returns
    -------
    :class:`HallTrajectory`.

    Notes
    -----
    Dynamics (appendix eqs. 1, 2, 3, 6, 7, 9): ``ρG·dG/dt = CI − kG·G²``;
    ``dECF/dt = (ΔNa − ξNa·(ECF − ECF0) − ξCI·(1 − CI/CIb))/[Na]``;
    ``τAT·dAT/dt = βAT·ΔEI − AT``; ``TEF = βTEF·ΔEI``; with
    ``B = K + γF·F + γL·L + δ·BW + TEF + AT`` and ``w = p·ηL/ρL + (1−p)·ηF/ρF``, eq. (9) gives
    the imbalance ``X = EI − EE − ρG·dG/dt = (EI − ρG·dG/dt − B)/(1 + w)``, and
    ``ρF·dF/dt = (1−p)·X``, ``ρL·dL/dt = p·X``. The sign of X does not depend on p, so a lean
    multiplier applied only when ``X < 0`` keeps the right-hand side continuous.

    Arrays are stored time-major (the returned ``(n, days + 1)`` arrays are transposed views);
    constant inputs are turned into the day's coefficients once; batches of at most
    :data:`SMALL_BATCH_MAX` people run on plain Python floats (same operations, same
    results). See :func:`simulate_batch_days`.

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eqs. (1)–(9).
    """
    cols_days = np.array([days]) if final_only else np.arange(days + 1)
    return simulate_batch_days(
        baseline, days, cols_days, intake_change_kcal_per_day, activity_change_pct,
        extra_activity_kcal_per_day, carb_fraction, sodium_change_mg_per_day,
        lean_multiplier, steps_per_day=steps_per_day, bw_glycogen_units=bw_glycogen_units,
        track_energy=track_energy)


#: Batches of at most this many people are integrated with plain Python floats, one person
#: at a time (:func:`_simulate_scalar`): for so few people the NumPy kernel's cost is the
#: overhead of its ~60 array operations per right-hand side, not arithmetic (one person-year:
#: ~4 ms CPU with floats vs ~90–140 ms with NumPy; ``benchmarks/bench_small.py``).
SMALL_BATCH_MAX = 8


def record_columns(days: int, record_days: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Output column of each day 0..days (−1 = not recorded) for sorted unique record days.

    Raises
    ------
    ValueError
        When the record days are not strictly increasing whole days within 0..days.
    """
    rd = np.asarray(record_days, dtype=np.int64).reshape(-1)
    if rd.size == 0 or np.any(np.diff(rd) <= 0) or rd[0] < 0 or rd[-1] > days:
        raise ValueError(f"record_days must be strictly increasing days within 0..{days}")
    col = np.full(days + 1, -1, dtype=np.int64)
    col[rd] = np.arange(rd.size)
    return col


def _is_constant(a: FloatArray) -> bool:
    """True when an ``(n, days)`` input does not change from day to day."""
    if a.shape[1] <= 1 or a.strides[1] == 0:
        return True
    return bool(np.all(a == a[:, :1]))


def simulate_batch_days(
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
) -> HallTrajectory:
    """:func:`simulate_batch`, keeping only some days (e.g. every 7th, day 0 and the last).

    Parameters
    ----------
    baseline, days, intake_change_kcal_per_day, activity_change_pct,
    extra_activity_kcal_per_day, carb_fraction, sodium_change_mg_per_day, lean_multiplier,
    steps_per_day, bw_glycogen_units, track_energy
        As in :func:`simulate_batch`.
    record_days
        Strictly increasing days within ``0..days`` to keep [d].

    Returns
    -------
    :class:`HallTrajectory` with arrays ``(n, len(record_days))``. They are transposed views
    of time-major ``(len(record_days), n)`` arrays (``traj.weight.T`` is C-contiguous): a
    recorded day of all people is one contiguous run of memory.

    Notes
    -----
    Same integration as :func:`simulate_batch`. When every input is constant over the days,
    the day's coefficients are computed once. A state's expenditure is taken from the first
    RK4 stage of its day (the same right-hand side), so recording costs no extra evaluation.
    Batches of at most :data:`SMALL_BATCH_MAX` people run on plain floats.

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eqs. (1)–(9).
    """
    if days < 1:
        raise ValueError("days must be ≥ 1")
    if steps_per_day < 1:
        raise ValueError("steps_per_day must be ≥ 1")
    col_of_day = record_columns(days, record_days)
    n = baseline.n
    d_ei = _inputs(intake_change_kcal_per_day, n, days, 0.0, "intake_change_kcal_per_day")
    act = _inputs(activity_change_pct, n, days, 0.0, "activity_change_pct")
    extra = _inputs(extra_activity_kcal_per_day, n, days, 0.0, "extra_activity_kcal_per_day")
    carb = _inputs(carb_fraction, n, days, baseline.carb_fraction_baseline[:, None],
                   "carb_fraction")
    d_na = _inputs(sodium_change_mg_per_day, n, days, 0.0, "sodium_change_mg_per_day")
    modified = lean_multiplier is not None
    mult = (np.broadcast_to(np.asarray(lean_multiplier, dtype=float), (n,))
            if lean_multiplier is not None else np.ones(n))
    ncol = int(col_of_day.max()) + 1
    out = np.zeros((9, ncol, n))
    constant = all(_is_constant(a) for a in (d_ei, act, extra, carb, d_na))
    args = (baseline, days, d_ei, act, extra, carb, d_na, mult, modified, steps_per_day,
            bw_glycogen_units, track_energy, col_of_day, constant, out)
    if n <= SMALL_BATCH_MAX:
        _simulate_scalar(*args)
    else:
        _simulate_vector(*args)
    return HallTrajectory(
        weight=out[0].T, fat=out[1].T, lean=out[2].T, glycogen=out[3].T, ecf=out[4].T,
        adaptive_thermogenesis=out[5].T, intake=out[6].T, expenditure=out[7].T,
        energy_balance=out[8].T,
    )


def _simulate_vector(baseline: HallBaseline, days: int, d_ei: FloatArray, act: FloatArray,
                     extra: FloatArray, carb: FloatArray, d_na: FloatArray, mult: FloatArray,
                     modified: bool, steps_per_day: int, bw_glycogen_units: bool,
                     track_energy: bool, col_of_day: npt.NDArray[np.int64], constant: bool,
                     out: FloatArray) -> None:
    """The NumPy kernel: all people at once, in-place operations on preallocated buffers."""
    prm = baseline.params
    n = baseline.n
    p_low, p_high = LEAN_FRACTION_BOUNDS

    # Per-person constants.
    c = prm.forbes_c
    ei0 = baseline.intake0
    cib = baseline.carb_intake0
    kg = baseline.k_g
    w0 = baseline.weight0
    inv_w0 = 1.0 / w0
    ecf0 = baseline.ecf0
    inv_rho_g, inv_rho_f, inv_rho_l = 1.0 / prm.rho_g, 1.0 / prm.rho_f, 1.0 / prm.rho_l
    w_f = prm.eta_f / prm.rho_f
    w_lf = prm.eta_l / prm.rho_l - w_f
    na_rate = prm.xi_na / prm.sodium_mg_per_l
    inv_tau = 1.0 / prm.tau_at_days
    bw_g = 1.0 + GLYCOGEN_WATER_KG_PER_KG
    gam_f, gam_l = prm.gamma_f, prm.gamma_l

    # Day-wise coefficients, refreshed at each day (once when the inputs are constant).
    ei = np.empty(n)
    ci = np.empty(n)
    k_day = np.empty(n)
    delta = np.empty(n)
    ecf_drive = np.empty(n)
    at_drive = np.empty(n)
    e_avail, coef_f, coef_l = np.empty(n), np.empty(n), np.empty(n)

    def set_day(k: int) -> None:
        de = d_ei[:, k]
        np.add(ei0, de, out=ei)
        np.multiply(carb[:, k], ei, out=ci)
        np.multiply(prm.beta_tef, de, out=k_day)
        np.add(k_day, baseline.k, out=k_day)
        np.multiply(baseline.delta0, 1.0 + act[:, k] / 100.0, out=delta)
        np.add(delta, extra[:, k] * inv_w0, out=delta)
        np.multiply((d_na[:, k] - prm.xi_ci * (1.0 - ci / cib) + prm.xi_na * ecf0)
                    / prm.sodium_mg_per_l, 1.0, out=ecf_drive)
        np.multiply(prm.beta_at * inv_tau, de, out=at_drive)
        np.subtract(ei, k_day, out=e_avail)           # EI − K − TEF
        np.add(delta, gam_f, out=coef_f)              # δ + γF
        np.add(delta, gam_l, out=coef_l)              # δ + γL

    n_state = 6 if track_energy else 5
    t1, t2, t3, t4 = (np.empty(n) for _ in range(4))
    gflux = np.empty(n)
    one_w = 1.0 + w_f
    # Unmodified Forbes partition: with p = C/(C+F), X/(1+w) folds into one division:
    # p·X = C·A/D and (1−p)·X = F·A/D, with A = EI − X_G − base and
    # D = (1 + ηF/ρF)·F + C·(1 + ηL/ρL).
    d_f = one_w
    d_c = c * (1.0 + prm.eta_l / prm.rho_l)
    c_rho_l = c * inv_rho_l

    def rhs(y: FloatArray, dy: FloatArray) -> None:
        """Write dy/dt of the states ``y`` (rows F, L, G, ECF, AT[, E]) into ``dy``.

        In-place NumPy on preallocated buffers: no temporaries in the inner loop. Leaves
        ρG·dG/dt in ``gflux``.
        """
        f, lean, g, ecf, at = y[0], y[1], y[2], y[3], y[4]
        np.multiply(g, g, out=t1)
        np.multiply(t1, kg, out=t1)
        np.subtract(ci, t1, out=gflux)                # ρG·dG/dt [kcal/d]
        np.multiply(gflux, inv_rho_g, out=dy[2])
        # A = EI − K − TEF − X_G − AT − (δ+γF)·F − (δ+γL)·L − δ·(ECF + 3.7·G)
        np.multiply(g, bw_g, out=t2)
        np.add(t2, ecf, out=t2)
        np.multiply(t2, delta, out=t2)
        np.multiply(f, coef_f, out=t3)
        np.add(t2, t3, out=t2)
        np.multiply(lean, coef_l, out=t3)
        np.add(t2, t3, out=t2)
        np.add(t2, at, out=t2)
        np.subtract(e_avail, dy[2] if bw_glycogen_units else gflux, out=t1)
        np.subtract(t1, t2, out=t1)                   # A
        if modified:
            np.add(f, c, out=t3)
            np.divide(c, t3, out=t3)                  # p = C/(C + F)
            np.copyto(t3, np.clip(t3 * mult, p_low, p_high), where=t1 < 0.0)
            np.multiply(t3, w_lf, out=t4)
            np.add(t4, one_w, out=t4)                 # 1 + w
            np.divide(t1, t4, out=t1)                 # X = EI − EE − X_G [kcal/d]
            np.multiply(t3, t1, out=t4)               # p·X
            np.multiply(t4, inv_rho_l, out=dy[1])
            np.subtract(t1, t4, out=dy[0])
            np.multiply(dy[0], inv_rho_f, out=dy[0])
        else:
            np.multiply(f, d_f, out=t3)
            np.add(t3, d_c, out=t3)                   # D
            np.divide(t1, t3, out=t4)                 # A/D
            np.multiply(t4, c_rho_l, out=dy[1])       # dL/dt = C·A/(D·ρL)
            np.multiply(f, t4, out=dy[0])
            np.multiply(dy[0], inv_rho_f, out=dy[0])  # dF/dt = F·A/(D·ρF)
        np.multiply(ecf, -na_rate, out=dy[3])
        np.add(dy[3], ecf_drive, out=dy[3])
        np.multiply(at, -inv_tau, out=dy[4])
        np.add(dy[4], at_drive, out=dy[4])
        if track_energy:                              # EI − EE = ρF·dF + ρL·dL + X_G
            np.multiply(dy[0], prm.rho_f, out=dy[5])
            np.multiply(dy[1], prm.rho_l, out=t4)
            np.add(dy[5], t4, out=dy[5])
            np.add(dy[5], dy[2] if bw_glycogen_units else gflux, out=dy[5])

    y = np.zeros((n_state, n))
    y[0], y[1], y[2], y[3] = baseline.fat0, baseline.lean0, baseline.glycogen0, ecf0
    k1, k2, k3, k4, ys = (np.empty((n_state, n)) for _ in range(5))
    x = np.empty(n)

    def record(col: int) -> None:
        """Write the state ``y`` and, from ``k1 = rhs(y)``, its expenditure (time-major)."""
        np.multiply(k1[0], prm.rho_f, out=x)
        np.multiply(k1[1], prm.rho_l, out=t4)
        np.add(x, t4, out=x)                          # X = EI − EE − X_G
        o = out[:, col]
        np.add(y[0], y[1], out=o[0])
        np.add(o[0], y[3], out=o[0])
        np.multiply(y[2], bw_g, out=t4)
        np.add(o[0], t4, out=o[0])
        o[1:6] = y[:5]
        o[6] = ei
        # EE = EI − X_G − X (eq. 9).
        np.subtract(ei, k1[2] if bw_glycogen_units else gflux, out=o[7])
        np.subtract(o[7], x, out=o[7])
        if track_energy:
            o[8] = y[5]

    h = 1.0 / steps_per_day
    half = 0.5 * h
    sixth = h / 6.0
    for day in range(days):
        if day == 0 or not constant:
            set_day(day)
        for step in range(steps_per_day):
            rhs(y, k1)
            if step == 0 and col_of_day[day] >= 0:
                record(int(col_of_day[day]))
            np.multiply(k1, half, out=ys)
            ys += y
            rhs(ys, k2)
            np.multiply(k2, half, out=ys)
            ys += y
            rhs(ys, k3)
            np.multiply(k3, h, out=ys)
            ys += y
            rhs(ys, k4)
            k2 += k3
            k2 *= 2.0
            k2 += k1
            k2 += k4
            k2 *= sixth
            y += k2
    if col_of_day[days] >= 0:
        rhs(y, k1)                                    # the last day's inputs
        record(int(col_of_day[days]))


def _simulate_scalar(baseline: HallBaseline, days: int, d_ei: FloatArray, act: FloatArray,
                     extra: FloatArray, carb: FloatArray, d_na: FloatArray, mult: FloatArray,
                     modified: bool, steps_per_day: int, bw_glycogen_units: bool,
                     track_energy: bool, col_of_day: npt.NDArray[np.int64], constant: bool,
                     out: FloatArray) -> None:
    """The same integration on plain Python floats, one person at a time (small batches).

    The same operations in the same order as :func:`_simulate_vector`, so the results agree
    to the last bit or within a few ulps.
    """
    prm = baseline.params
    p_low, p_high = LEAN_FRACTION_BOUNDS
    c = prm.forbes_c
    inv_rho_g, inv_rho_f, inv_rho_l = 1.0 / prm.rho_g, 1.0 / prm.rho_f, 1.0 / prm.rho_l
    w_f = prm.eta_f / prm.rho_f
    w_lf = prm.eta_l / prm.rho_l - w_f
    na_rate = prm.xi_na / prm.sodium_mg_per_l
    inv_tau = 1.0 / prm.tau_at_days
    at_gain = prm.beta_at * inv_tau
    bw_g = 1.0 + GLYCOGEN_WATER_KG_PER_KG
    gam_f, gam_l = prm.gamma_f, prm.gamma_l
    one_w = 1.0 + w_f
    d_c = c * (1.0 + prm.eta_l / prm.rho_l)
    c_rho_l = c * inv_rho_l
    rho_f, rho_l = prm.rho_f, prm.rho_l
    bwg = bw_glycogen_units
    h = 1.0 / steps_per_day
    half = 0.5 * h
    sixth = h / 6.0
    cols = [int(v) for v in col_of_day]
    # The day's coefficients and the person's kG and lean multiplier, read by rhs().
    co = [0.0] * 9

    def rhs(f: float, lean: float, g: float, ecf: float, at: float
            ) -> tuple[float, float, float, float, float, float, float]:
        ci, e_avail, delta, coef_f, coef_l, ecf_drive, at_drive, kg, mi = co
        gflux = ci - g * g * kg
        dg = gflux * inv_rho_g
        t2 = (g * bw_g + ecf) * delta + f * coef_f + lean * coef_l + at
        a = (e_avail - (dg if bwg else gflux)) - t2
        if modified:
            p = c / (f + c)
            if a < 0.0:
                p = min(max(p * mi, p_low), p_high)
            x = a / (p * w_lf + one_w)
            px = p * x
            dl = px * inv_rho_l
            df = (x - px) * inv_rho_f
        else:
            q = a / (f * one_w + d_c)
            dl = q * c_rho_l
            df = (f * q) * inv_rho_f
        decf = ecf * (-na_rate) + ecf_drive
        dat = at * (-inv_tau) + at_drive
        de = (df * rho_f + dl * rho_l) + (dg if bwg else gflux)
        return df, dl, dg, decf, dat, de, gflux

    for i in range(baseline.n):
        ei0 = float(baseline.intake0[i])
        cib = float(baseline.carb_intake0[i])
        kg = float(baseline.k_g[i])
        inv_w0 = 1.0 / float(baseline.weight0[i])
        ecf0 = float(baseline.ecf0[i])
        k0 = float(baseline.k[i])
        delta0 = float(baseline.delta0[i])
        mi = float(mult[i])
        dei, acti, exi = d_ei[i].tolist(), act[i].tolist(), extra[i].tolist()
        carbi, dnai = carb[i].tolist(), d_na[i].tolist()
        ei = 0.0

        f, lean, g, ecf, at, en = (float(baseline.fat0[i]), float(baseline.lean0[i]),
                                   float(baseline.glycogen0[i]), ecf0, 0.0, 0.0)
        for day in range(days + 1):
            k = day if day < days else days - 1
            if day == 0 or (not constant and day < days):
                de_k = dei[k]
                ei = ei0 + de_k
                ci = carbi[k] * ei
                e_avail = ei - (prm.beta_tef * de_k + k0)
                delta = delta0 * (1.0 + acti[k] / 100.0) + exi[k] * inv_w0
                coef_f = delta + gam_f
                coef_l = delta + gam_l
                ecf_drive = ((dnai[k] - prm.xi_ci * (1.0 - ci / cib) + prm.xi_na * ecf0)
                             / prm.sodium_mg_per_l) * 1.0
                at_drive = at_gain * de_k
                co[:] = [ci, e_avail, delta, coef_f, coef_l, ecf_drive, at_drive, kg, mi]
            for step in range(steps_per_day if day < days else 1):
                f1, l1, g1, c1, a1, x1, gf1 = rhs(f, lean, g, ecf, at)
                col = cols[day]
                if step == 0 and col >= 0:
                    x = rho_f * f1 + rho_l * l1
                    out[0, col, i] = f + lean + ecf + bw_g * g
                    out[1, col, i] = f
                    out[2, col, i] = lean
                    out[3, col, i] = g
                    out[4, col, i] = ecf
                    out[5, col, i] = at
                    out[6, col, i] = ei
                    out[7, col, i] = ei - (g1 if bwg else gf1) - x
                    if track_energy:
                        out[8, col, i] = en
                if day == days:
                    break
                f2, l2, g2, c2, a2, x2, _ = rhs(f1 * half + f, l1 * half + lean,
                                                g1 * half + g, c1 * half + ecf, a1 * half + at)
                f3, l3, g3, c3, a3, x3, _ = rhs(f2 * half + f, l2 * half + lean,
                                                g2 * half + g, c2 * half + ecf, a2 * half + at)
                f4, l4, g4, c4, a4, x4, _ = rhs(f3 * h + f, l3 * h + lean, g3 * h + g,
                                                c3 * h + ecf, a3 * h + at)
                f = f + (((f2 + f3) * 2.0 + f1) + f4) * sixth
                lean = lean + (((l2 + l3) * 2.0 + l1) + l4) * sixth
                g = g + (((g2 + g3) * 2.0 + g1) + g4) * sixth
                ecf = ecf + (((c2 + c3) * 2.0 + c1) + c4) * sixth
                at = at + (((a2 + a3) * 2.0 + a1) + a4) * sixth
                if track_energy:
                    en = en + (((x2 + x3) * 2.0 + x1) + x4) * sixth


def regional_fat_kg(
    fat0_kg: npt.ArrayLike,
    fat_kg: npt.ArrayLike,
    legs0_kg: npt.ArrayLike,
    arms0_kg: npt.ArrayLike,
    trunk0_kg: npt.ArrayLike,
    leg_exponent: float = K_LEG_PROPORTIONAL,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Legs, arms and trunk fat along a whole-body fat trajectory.

    Parameters
    ----------
    fat0_kg
        Baseline total fat [kg], shape ``(n,)``.
    fat_kg
        Total fat trajectory [kg], shape ``(n, t)``.
    legs0_kg, arms0_kg, trunk0_kg
        Baseline regional fat [kg], shape ``(n,)``.
    leg_exponent
        Allometric exponent of leg fat on total fat (1.0 proportional, 0.87 evidence-based).

    Returns
    -------
    Legs, arms, trunk fat [kg], each shaped like ``fat_kg``.

    Notes
    -----
    Legs follow ``legs0·(F/F0)^k``, arms are proportional, and the trunk takes the rest of the
    regional total, which stays proportional to F (floored at 0). Only total fat enters: the
    mode of exercise cannot, because local training does not reduce local fat
    (spot-reduction trials: Kostek et al. 2007, Med Sci Sports Exerc 39:1177;
    Ramírez-Campillo et al. 2013, J Strength Cond Res 27:2219).

    References
    ----------
    .. [1] Treuth MS, Hunter GR, et al. Effects of strength training on total and regional
       body composition in older men. J Appl Physiol 1994;77:614–620.
    .. [2] One-year lifestyle intervention, DXA gluteofemoral fat (PMC2828653, Table 1): the
       allometric exponent 0.87 (see :mod:`runlean.science.regional_fat`).
    """
    from runlean.science.regional_fat import allometric_regional_fat

    f0 = np.asarray(fat0_kg, dtype=float)[:, None]
    f = np.asarray(fat_kg, dtype=float)
    l0 = np.asarray(legs0_kg, dtype=float)[:, None]
    a0 = np.asarray(arms0_kg, dtype=float)[:, None]
    t0 = np.asarray(trunk0_kg, dtype=float)[:, None]
    legs = np.asarray(allometric_regional_fat(l0, f0, f, leg_exponent), dtype=float)
    arms = np.asarray(allometric_regional_fat(a0, f0, f, 1.0), dtype=float)
    trunk = np.maximum((l0 + a0 + t0) * (f / f0) - legs - arms, 0.0)
    return legs, arms, trunk


# --------------------------------------------------------------------------------------------
# Linearised model (appendix eqs. 10–18)


def hall_time_constant_days(fat0_kg: ArrayLike, delta: ArrayLike,
                            params: HallParameters = BW_PARAMETERS) -> ArrayLike:
    """Time constant of the linearised model (appendix eq. 15).

    ``τ = (ηF + ρF + α(ηL + ρL)) / (γF + δ + α(γL + δ))``, with ``α = 10.4 kg/F0``.

    Parameters
    ----------
    fat0_kg
        Initial fat mass [kg].
    delta
        Physical-activity parameter δ [kcal/kg/d].
    params
        Parameter set.

    Returns
    -------
    τ [d]; half-time ``τ·ln 2``, 95 % time ``τ·ln 20``.

    Notes
    -----
    Valid after G, ECF and AT have settled (a few weeks) and for small weight changes.

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eq. (15).
    """
    alpha = params.forbes_kg / np.asarray(fat0_kg, dtype=float)
    d = np.asarray(delta, dtype=float)
    num = params.eta_f + params.rho_f + alpha * (params.eta_l + params.rho_l)
    return _out(num / (params.gamma_f + d + alpha * (params.gamma_l + d)))


def hall_steady_state_weight_change(
    intake_change_kcal_per_day: ArrayLike, weight0_kg: ArrayLike, fat0_kg: ArrayLike,
    delta0: ArrayLike, delta_change: ArrayLike = 0.0, params: HallParameters = BW_PARAMETERS,
) -> ArrayLike:
    """Eventual weight change of the linearised model (appendix eq. 17).

    ``ΔBW = ((1−β)·ΔEI − BW0·Δδ) / (δ0 + Δδ + γL − Φ·(γL − γF))``, ``β = βAT + βTEF``,
    ``Φ = ΔF/ΔBW = 1/(1 + 10.4/F0)``.

    Parameters
    ----------
    intake_change_kcal_per_day
        ΔEI [kcal/d].
    weight0_kg
        Initial body weight [kg].
    fat0_kg
        Initial fat mass [kg].
    delta0
        Initial δ [kcal/kg/d].
    delta_change
        Δδ [kcal/kg/d].
    params
        Parameter set.

    Returns
    -------
    ΔBW at steady state [kg].

    Notes
    -----
    Within ~1 % of the full model for small ΔEI; about 8 % off for −2 MJ/d (runlean's
    comparison with the full model over 20 years).

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eq. (17).
    """
    beta = params.beta_at + params.beta_tef
    phi = 1.0 / (1.0 + params.forbes_kg / np.asarray(fat0_kg, dtype=float))
    dd = np.asarray(delta_change, dtype=float)
    num = (1.0 - beta) * np.asarray(intake_change_kcal_per_day, dtype=float) \
        - np.asarray(weight0_kg, dtype=float) * dd
    den = np.asarray(delta0, dtype=float) + dd + params.gamma_l \
        - phi * (params.gamma_l - params.gamma_f)
    return _out(num / den)


def hall_break_even_gamma(weight0_kg: ArrayLike, fat0_kg: ArrayLike, delta0: ArrayLike,
                          params: HallParameters = BW_PARAMETERS) -> ArrayLike:
    """Diet-vs-exercise break-even size Γ (appendix eq. 18).

    ``Γ = β/(1−β)·[δ0 + Φ·γF + (1−Φ)·γL]·BW0``.

    Parameters
    ----------
    weight0_kg
        Initial body weight [kg].
    fat0_kg
        Initial fat mass [kg].
    delta0
        Initial δ [kcal/kg/d].
    params
        Parameter set.

    Returns
    -------
    Γ [kcal/d]: below it, an exercise change costing Γ gives more eventual loss than an equal
    intake cut; above it, the diet does.

    Notes
    -----
    Linearised model (valid for small changes, after G, ECF and AT have settled); exercise is
    a change of δ with no adaptive-thermogenesis response, and no compensation in intake.

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eq. (18).
    """
    beta = params.beta_at + params.beta_tef
    phi = 1.0 / (1.0 + params.forbes_kg / np.asarray(fat0_kg, dtype=float))
    inner = np.asarray(delta0, dtype=float) + phi * params.gamma_f + (1.0 - phi) * params.gamma_l
    return _out(beta / (1.0 - beta) * inner * np.asarray(weight0_kg, dtype=float))


# --------------------------------------------------------------------------------------------
# Goal mode (the NIH Body Weight Planner's goal search)

#: Admissible intake bracket of the goal solver [kcal/d].
GOAL_INTAKE_BRACKET = (0.0, 10000.0)
#: Candidate intakes simulated per person and iteration of the goal solver (the bracket
#: shrinks 32-fold per iteration: 0..10000 kcal/d to 0.01 kcal/d in 4 iterations).
GOAL_GRID_POINTS = 33
#: Goal kinds understood by :func:`solve_constant_intake`.
GOAL_KINDS = ("weight_kg", "fat_kg", "body_fat_pct", "leg_fat_kg")


def _goal_metric(kind: str, traj: HallTrajectory, baseline: HallBaseline,
                 legs0_kg: FloatArray | None, leg_exponent: float) -> FloatArray:
    if kind == "weight_kg":
        return traj.weight[:, -1]
    if kind == "fat_kg":
        return traj.fat[:, -1]
    if kind == "body_fat_pct":
        return traj.body_fat_pct[:, -1]
    if kind == "leg_fat_kg":
        if legs0_kg is None:
            raise ValueError("leg_fat_kg goals need legs0_kg")
        legs = allometric_legs(legs0_kg, baseline.fat0, traj.fat[:, -1], leg_exponent)
        return legs
    raise ValueError(f"unknown goal kind {kind!r}; expected one of {GOAL_KINDS}")


def _repeat_rows(value: Any, n: int, m: int) -> Any:
    """Repeat the per-person rows of a simulate input m times (scalars and (1, days) pass)."""
    if value is None or isinstance(value, bool):
        return value
    a = np.asarray(value, dtype=float)
    if a.ndim >= 1 and a.shape[0] == n and not (a.ndim == 2 and n == 1):
        return np.repeat(a, m, axis=0)
    if a.ndim == 1:
        return a[None, :]
    return a


def allometric_legs(legs0_kg: FloatArray, fat0_kg: FloatArray, fat_kg: FloatArray,
                    leg_exponent: float) -> FloatArray:
    """Leg fat ``legs0·(F/F0)^k`` [kg] (see :func:`regional_fat_kg`).

    Parameters
    ----------
    legs0_kg
        Baseline leg fat [kg].
    fat0_kg
        Baseline total fat [kg].
    fat_kg
        Current total fat [kg].
    leg_exponent
        Allometric exponent k [dimensionless] (1.0 proportional, 0.87 evidence-based).

    Returns
    -------
    Leg fat [kg], shaped like the broadcast inputs.

    Notes
    -----
    Only total fat enters: local exercise does not reduce local fat (Kostek et al. 2007;
    Ramírez-Campillo et al. 2013).

    References
    ----------
    .. [1] One-year lifestyle intervention, DXA gluteofemoral fat (PMC2828653, Table 1).
    """
    return np.asarray(legs0_kg * np.power(fat_kg / fat0_kg, leg_exponent), dtype=float)


def solve_constant_intake(
    baseline: HallBaseline,
    target: npt.ArrayLike,
    target_day: int,
    kind: str = "weight_kg",
    *,
    legs0_kg: npt.ArrayLike | None = None,
    leg_exponent: float = K_LEG_PROPORTIONAL,
    bracket: tuple[float, float] = GOAL_INTAKE_BRACKET,
    tolerance_kcal: float = 0.01,
    **simulate_kwargs: Any,
) -> FloatArray:
    """Constant intake that reaches a target on a target day, for each person.

    Parameters
    ----------
    baseline
        From :func:`hall_baseline` (n people).
    target
        Target value per person (scalar or ``(n,)``), in the unit of ``kind``.
    target_day
        Day on which the target must be met [d] (≥ 1).
    kind
        ``"weight_kg"``, ``"fat_kg"``, ``"body_fat_pct"`` or ``"leg_fat_kg"``.
    legs0_kg
        Baseline leg fat [kg] (needed for ``leg_fat_kg``).
    leg_exponent
        Allometric exponent of leg fat.
    bracket
        Admissible intake range [kcal/d].
    tolerance_kcal
        Bisection stops when the bracket is narrower than this [kcal/d].
    **simulate_kwargs
        Other inputs of :func:`simulate_batch` (activity, carbohydrate, sodium,
        ``lean_multiplier``); not ``intake_change_kcal_per_day``.

    Returns
    -------
    Absolute constant intake [kcal/d], shape ``(n,)``.

    Raises
    ------
    UnreachableGoalError
        When even the bracket's ends do not reach the target for some person.

    Notes
    -----
    Every goal metric at a fixed day increases monotonically with a constant intake, so a
    bracketing search converges. It is a multi-section search vectorised over people: each
    iteration simulates :data:`GOAL_GRID_POINTS` candidate intakes for every person in one
    batch and keeps the sub-interval where the target is crossed (a 32-fold shrink per
    iteration, 4 iterations from 10000 to 0.01 kcal/d). A 1-D time-varying input of length
    ``n`` is read per person.

    References
    ----------
    .. [1] NIH Body Weight Planner ``Intervention.forgoal``.
    """
    n = baseline.n
    tgt = _vec(target, n, "target")
    legs0 = None if legs0_kg is None else _vec(legs0_kg, n, "legs0_kg")
    simulate_kwargs = dict(simulate_kwargs, final_only=True)
    m = GOAL_GRID_POINTS
    rows = np.repeat(np.arange(n), m)
    # The same people, each repeated m times: one batch simulates m candidate intakes each.
    fields: dict[str, Any] = {
        name: (getattr(baseline, name)[rows] if name != "params" else baseline.params)
        for name in HallBaseline.__dataclass_fields__}
    grid_base = HallBaseline(**fields)
    grid_kwargs = {k: _repeat_rows(v, n, m) for k, v in simulate_kwargs.items()}
    grid_legs0 = None if legs0 is None else legs0[rows]

    def metric(intake: FloatArray) -> FloatArray:
        """Goal metric for intakes shaped (n, m)."""
        traj = simulate_batch(grid_base, target_day,
                              (intake.reshape(-1) - grid_base.intake0)[:, None], **grid_kwargs)
        return _goal_metric(kind, traj, grid_base, grid_legs0, leg_exponent).reshape(n, m)

    lo = np.full(n, float(bracket[0]))
    hi = np.full(n, float(bracket[1]))
    first = True
    while first or float(np.max(hi - lo)) > tolerance_kcal:
        grid = lo[:, None] + (hi - lo)[:, None] * np.linspace(0.0, 1.0, m)[None, :]
        values = metric(grid)
        if first:
            bad = (values[:, 0] > tgt) | (values[:, -1] < tgt)
            if np.any(bad):
                i = int(np.argmax(bad))
                raise UnreachableGoalError(
                    f"{kind} {tgt[i]:g} on day {target_day} is not reachable with a constant "
                    f"intake between {bracket[0]:g} and {bracket[1]:g} kcal/day (that range "
                    f"gives {values[i, 0]:.2f} to {values[i, -1]:.2f}); choose a later day or "
                    f"a closer target")
            first = False
        # First grid point reaching the target (the metric increases with intake).
        j = np.clip(np.argmax(values >= tgt[:, None], axis=1), 1, m - 1)
        idx = np.arange(n)
        lo, hi = grid[idx, j - 1], grid[idx, j]
    result: FloatArray = 0.5 * (lo + hi)
    return result


def maintenance_intake(
    baseline: HallBaseline,
    fat_kg: npt.ArrayLike,
    lean_kg: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    activity_change_pct: npt.ArrayLike = 0.0,
    extra_activity_kcal_per_day: npt.ArrayLike = 0.0,
) -> FloatArray:
    """Intake that keeps a body composition steady (steady state of appendix eq. 9).

    With dF = dL = dG = 0, AT = βAT·ΔEI and TEF = βTEF·ΔEI, energy balance gives
    ``ΔEI = (K + γF·F + γL·L + δ·BW − EI0)/(1 − βTEF − βAT)`` and the intake ``EI0 + ΔEI``.

    Parameters
    ----------
    baseline
        From :func:`hall_baseline`.
    fat_kg, lean_kg, weight_kg
        Body composition to maintain (F, lean tissue L, BW) [kg], e.g. the goal day's state of
        a simulation.
    activity_change_pct
        Activity change in effect [%] (δ = δ0·(1 + pct/100)).
    extra_activity_kcal_per_day
        Extra activity in effect [kcal/d at baseline weight].

    Returns
    -------
    Maintenance intake [kcal/d], shape ``(n,)``.

    Notes
    -----
    Equals the NIH planner's ``cals4balance``. Assumes the carbohydrate
    share and sodium are back at baseline (G and ECF then do not drift).

    References
    ----------
    .. [1] Hall et al. 2011, web appendix eq. (9); NIH Body Weight Planner.
    """
    prm = baseline.params
    delta = baseline.delta0 * (1.0 + np.asarray(activity_change_pct, dtype=float) / 100.0) \
        + np.asarray(extra_activity_kcal_per_day, dtype=float) / baseline.weight0
    beta = prm.beta_tef + prm.beta_at
    need = baseline.k + prm.gamma_f * np.asarray(fat_kg, dtype=float) \
        + prm.gamma_l * np.asarray(lean_kg, dtype=float) \
        + delta * np.asarray(weight_kg, dtype=float)
    result: FloatArray = baseline.intake0 + (need - baseline.intake0) / (1.0 - beta)
    return result
