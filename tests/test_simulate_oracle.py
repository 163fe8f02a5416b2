"""Independent oracle for ``simulate_scenario``: Hall's model re-written from the spec text.

Everything below is written from ``shared/science/hall_model.md`` (§2–§5, bw constants of §4)
and the scenario semantics of ``shared/DESIGN.md`` only; nothing is imported from
``runlean.science``. The five-state ODE (F, L, G, ECF, AT) of appendix eqs. (1)–(3), (6)–(9)
is integrated by scipy's adaptive DOP853 between the days where an input changes (inputs are
piecewise constant: element ``k`` is in effect from day ``k`` to ``k + 1``), and compared with
runlean's daily RK4 on scenarios with step changes, activity changes, carbohydrate and sodium
changes, explicit baseline intakes and both sexes, over up to three years.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from runlean.simulate import simulate_scenario

# bw kcal constants (hall_model.md §4).
RHO_G, RHO_F, RHO_L = 4206.501, 9440.727, 1816.444
GAMMA_F, GAMMA_L = 3.107075, 21.98853
ETA_F, ETA_L = 179.2543, 229.4455
BETA_TEF, BETA_AT, TAU_AT = 0.1, 0.14, 14.0
C_FORBES = 10.4 * RHO_L / RHO_F
NA_CONC, XI_NA, XI_CI = 3220.0, 3000.0, 4000.0
G_INIT = 0.5


def _series(scenario: dict[str, Any], key: str, default: float) -> np.ndarray:
    days = scenario["days"]
    value = scenario.get(key, default)
    if value is None:
        value = default
    return np.asarray(value, dtype=float) * np.ones(days)


def oracle(scenario: dict[str, Any]) -> dict[str, np.ndarray]:
    """Days 0..days of BW, F, EI and EE for a DESIGN.md scenario (paper-exact model)."""
    p = scenario["person"]
    male = p["sex"] == "male"
    age, h_cm, bw0 = p["age_years"], p["height_cm"], p["weight_kg"]
    h_m = h_cm / 100.0
    days = scenario["days"]
    # Mifflin-St Jeor, unsimplified (§4 note).
    rmr = 9.99 * bw0 + 6.25 * h_cm - 4.92 * age + (5.0 if male else -161.0)
    # Baseline intake semantics (DESIGN.md).
    pal, intake = p.get("pal"), p.get("baseline_intake_kcal_per_day")
    if pal is None:
        pal = intake / rmr if intake is not None else 1.6
    ei0 = intake if intake is not None else pal * rmr
    # Jackson 2002 %fat (eq. 4), clamped to [0, 60] % as the planner does (§5.2).
    if p.get("body_fat_pct") is None:
        bmi = bw0 / h_m**2
        pct = 0.14 * age + (37.31 * math.log(bmi) - 103.94 if male
                            else 39.96 * math.log(bmi) - 102.01)
        pct = min(max(pct, 0.0), 60.0)
    else:
        pct = p["body_fat_pct"]
    f0 = bw0 * pct / 100.0
    ecf0 = (0.025 * age + 9.57 * h_m + 0.191 * bw0 - 12.4 if male
            else -4.0 + 5.98 * h_m + 0.167 * bw0)
    l0 = bw0 - f0 - ecf0 - 3.7 * G_INIT
    delta0 = ((1 - BETA_TEF) * pal - 1) * rmr / bw0          # eq. (8)
    k_const = pal * rmr - GAMMA_L * l0 - GAMMA_F * f0 - delta0 * bw0
    carb_b = scenario.get("carb_fraction_baseline", 0.5)
    ci_b = carb_b * ei0
    k_g = ci_b / G_INIT**2

    d_ei = _series(scenario, "intake_change_kcal_per_day", 0.0)
    act = _series(scenario, "activity_change_pct", 0.0)
    carb = _series(scenario, "carb_fraction", carb_b)
    d_na = _series(scenario, "sodium_change_mg_per_day", 0.0)

    def parts(y: np.ndarray, k: int) -> tuple[float, ...]:
        f, lean, g, ecf, at = y
        dei = d_ei[k]
        ei = ei0 + dei
        ci = carb[k] * ei
        delta = delta0 * (1 + act[k] / 100.0)
        bw = f + lean + ecf + 3.7 * g
        dg = (ci - k_g * g * g) / RHO_G                              # eq. (1)
        pp = C_FORBES / (C_FORBES + f)
        w = pp * ETA_L / RHO_L + (1 - pp) * ETA_F / RHO_F
        base = k_const + GAMMA_F * f + GAMMA_L * lean + delta * bw \
            + BETA_TEF * dei + at
        ee = (base + (ei - RHO_G * dg) * w) / (1 + w)                # eq. (9)
        x = ei - ee - RHO_G * dg
        decf = (d_na[k] - XI_NA * (ecf - ecf0) - XI_CI * (1 - ci / ci_b)) / NA_CONC  # eq. (2)
        dat = (BETA_AT * dei - at) / TAU_AT                          # eq. (7)
        return (1 - pp) * x / RHO_F, pp * x / RHO_L, dg, decf, dat, ei, ee, bw

    y = np.array([f0, l0, G_INIT, ecf0, 0.0])
    states = np.empty((days + 1, 5))
    states[0] = y
    # Segments of constant inputs.
    keys = np.stack([d_ei, act, carb, d_na], axis=1)
    starts = [0] + [k for k in range(1, days) if np.any(keys[k] != keys[k - 1])] + [days]
    for a, b in itertools.pairwise(starts):
        sol = solve_ivp(lambda _t, yy, k=a: parts(yy, k)[:5], (a, b), y,
                        method="DOP853", rtol=1e-10, atol=1e-10,
                        t_eval=np.arange(a + 1, b + 1, dtype=float))
        assert sol.success
        states[a + 1:b + 1] = sol.y.T
        y = sol.y[:, -1]
    out = {name: np.empty(days + 1) for name in ("weight", "fat", "intake", "expenditure")}
    for day in range(days + 1):
        k = min(day, days - 1)      # the last day keeps the last element in effect
        *_, ei, ee, bw = parts(states[day], k)
        out["weight"][day], out["fat"][day] = bw, states[day, 0]
        out["intake"][day], out["expenditure"][day] = ei, ee
    return out


def _person(sex: str, age: float, h: float, w: float, **extra: Any) -> dict[str, Any]:
    return {"sex": sex, "age_years": age, "height_cm": h, "weight_kg": w, "body_fat_pct": None,
            "pal": 1.6, "baseline_intake_kcal_per_day": None, **extra}


def _steps(days: int, *pieces: tuple[int, float]) -> list[float]:
    """A schedule of (first day, value) pieces covering 0..days−1."""
    values = np.zeros(days)
    for start, value in pieces:
        values[start:] = value
    return [float(v) for v in values]


SCENARIOS: dict[str, dict[str, Any]] = {
    "female_constant_3y": {
        "person": _person("female", 35, 165, 80), "days": 1095,
        "intake_change_kcal_per_day": -500},
    "male_midrun_step_3y": {
        "person": _person("male", 45, 178, 105, pal=1.45), "days": 1095,
        "intake_change_kcal_per_day": _steps(1095, (0, -1000.0), (200, -300.0), (700, 0.0))},
    "male_activity_pct_steps": {
        "person": _person("male", 30, 182, 84, pal=1.7), "days": 730,
        "intake_change_kcal_per_day": -250,
        "activity_change_pct": _steps(730, (30, 40.0), (400, 15.0))},
    "female_carb_and_sodium_changes": {
        "person": _person("female", 52, 160, 95, pal=1.4), "days": 500,
        "carb_fraction_baseline": 0.55,
        "intake_change_kcal_per_day": -600,
        "carb_fraction": _steps(500, (0, 0.25), (90, 0.45)),
        "sodium_change_mg_per_day": _steps(500, (10, -1200.0), (300, 500.0))},
    "male_intake_with_pal_out_of_balance": {
        "person": _person("male", 40, 180, 90, pal=1.5, baseline_intake_kcal_per_day=2300),
        "days": 1095, "intake_change_kcal_per_day": _steps(1095, (100, -200.0))},
    "female_intake_without_pal_weight_stable": {
        "person": _person("female", 28, 170, 68, pal=None, baseline_intake_kcal_per_day=2200,
                          body_fat_pct=27.0),
        "days": 1095, "intake_change_kcal_per_day": _steps(1095, (50, 300.0)),
        "activity_change_pct": 20},
    "default_pal_gain_all_inputs": {
        "person": _person("male", 60, 172, 70, pal=None), "days": 1095,
        "intake_change_kcal_per_day": 400, "activity_change_pct": -30, "carb_fraction": 0.6,
        "sodium_change_mg_per_day": 800},
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_simulate_scenario_matches_independent_ode_solution(name: str) -> None:
    scenario = SCENARIOS[name]
    ours = simulate_scenario(scenario)
    ref = oracle(scenario)
    days = scenario["days"]
    assert ours["day"] == list(range(days + 1))
    np.testing.assert_allclose(ours["weight_kg"], ref["weight"], rtol=0, atol=0.05)
    np.testing.assert_allclose(ours["fat_kg"], ref["fat"], rtol=0, atol=0.05)
    # Intake on day k is the element in effect from day k (the last day keeps the last one).
    np.testing.assert_allclose(ours["intake_kcal_per_day"], ref["intake"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours["expenditure_kcal_per_day"], ref["expenditure"], rtol=0,
                               atol=2.0)


def test_oracle_is_sensitive_to_the_conventions() -> None:
    """The oracle tells a one-day shift of the inputs apart (so the comparison can fail)."""
    scenario = SCENARIOS["male_midrun_step_3y"]
    ref = oracle(scenario)
    shifted = dict(scenario, intake_change_kcal_per_day=(
        [scenario["intake_change_kcal_per_day"][0], *scenario["intake_change_kcal_per_day"][:-1]]))
    other = oracle(shifted)
    assert np.max(np.abs(other["weight"] - ref["weight"])) > 0.05
