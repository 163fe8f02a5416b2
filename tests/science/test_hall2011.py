"""Hall et al. 2011 adult model: published values, reference-implementation parity, numerics."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import runlean.science.hall2011 as hall2011
from runlean.errors import UnreachableGoalError
from runlean.science.hall2011 import (
    BW_PARAMETERS,
    KCAL_PER_KJ,
    NIH_PLANNER_PARAMETERS,
    forbes_lean_fraction,
    hall_activity_delta,
    hall_baseline,
    hall_break_even_gamma,
    hall_steady_state_weight_change,
    hall_time_constant_days,
    maintenance_intake,
    regional_fat_kg,
    silva_ecf0_kg,
    simulate_batch,
    solve_constant_intake,
)

# hall_model.md §10.2: (male, age, height cm, weight kg, PAL, ΔEI kcal/d) and bw's ΔBW at
# 1 y, 3 y, 20 y [kg] and F0 [kg].
R_PEOPLE = [
    (True, 40, 178, 88, 1.5, -23.9, (-0.64, -1.03, -1.13), 22.6),
    (False, 40, 163, 77, 1.5, -23.9, (-0.65, -1.11, -1.26), 29.4),
    (True, 30, 180, 75, 1.7, -23.9, (-0.59, -0.76, -0.77), 13.1),
    (False, 50, 165, 110, 1.4, -23.9, (-0.66, -1.33, -1.82), 58.1),
    (True, 40, 180, 100, 1.5, -478.0, (-13.00, -21.30, -22.81), 29.6),
    (False, 35, 168, 64, 1.9, -23.9, (-0.55, -0.72, -0.73), 17.7),
]


@pytest.fixture(scope="module")
def r_runs() -> tuple[object, np.ndarray, np.ndarray]:
    male, age, h, w, pal, dei = (np.array(c) for c in list(zip(*R_PEOPLE, strict=True))[:6])
    b = hall_baseline(male, age, h, w, pal=pal)
    traj = simulate_batch(b, 7300, dei[:, None] * np.ones((1, 7300)))
    return b, traj.weight - w[:, None], dei


def _man90() -> object:
    return hall_baseline(True, 40, 180, 90, pal=1.5)


def test_parameters_are_the_appendix_values_in_kcal() -> None:
    kj = {"rho_g": 17600, "rho_f": 39500, "rho_l": 7600, "gamma_f": 13, "gamma_l": 92,
          "eta_f": 750, "eta_l": 960}
    for name, value in kj.items():
        assert getattr(BW_PARAMETERS, name) == pytest.approx(value * KCAL_PER_KJ, abs=1e-3)
    assert BW_PARAMETERS.forbes_c == pytest.approx(2.001013, abs=1e-6)
    assert NIH_PLANNER_PARAMETERS.forbes_c == pytest.approx(1.990762711864407, abs=1e-12)


def test_baseline_is_in_energy_balance() -> None:
    b = _man90()
    rmr = 9.99 * 90 + 6.25 * 180 - 4.92 * 40 + 5
    assert b.rmr[0] == pytest.approx(rmr)
    assert b.delta0[0] == pytest.approx((0.9 * 1.5 - 1) * rmr / 90)
    assert b.fat0[0] == pytest.approx(90 * (0.14 * 40 + 37.31 * np.log(90 / 1.8**2) - 103.94) / 100)
    assert b.ecf0[0] == pytest.approx(0.025 * 40 + 9.57 * 1.8 + 0.191 * 90 - 12.4)
    assert b.lean0[0] + b.fat0[0] + b.ecf0[0] + 3.7 * 0.5 == pytest.approx(90)
    traj = simulate_batch(b, 30)
    assert traj.expenditure[0, 0] == pytest.approx(1.5 * rmr, abs=1e-9)
    assert np.all(traj.weight == 90.0)  # no-change control: exactly at baseline


def test_given_intake_without_pal_is_weight_stable_and_with_pal_is_not() -> None:
    stable = hall_baseline(False, 35, 165, 80, intake_kcal_per_day=2300)
    assert stable.pal[0] == pytest.approx(2300 / stable.rmr[0])
    assert np.allclose(simulate_batch(stable, 200).weight, 80, atol=1e-9)
    out = hall_baseline(False, 35, 165, 80, pal=1.6, intake_kcal_per_day=2300)
    traj = simulate_batch(out, 200)
    assert traj.intake[0, 0] == 2300
    # 2300 < 1.6·RMR (= 2395.6): starts 95.6 kcal/d short and loses weight, with no TEF or
    # AT response to that offset (bw semantics): at most 95.6·200/7700 ≈ 2.5 kg.
    # Day-0 expenditure is 1.6·RMR less the saved synthesis cost (η terms of eq. 5).
    assert 1.6 * out.rmr[0] - 5 < traj.expenditure[0, 0] < 1.6 * out.rmr[0]
    assert 77.5 < traj.weight[0, -1] < 78.5


def test_helpers() -> None:
    assert forbes_lean_fraction(10.0, 10.4) == pytest.approx(0.510, abs=1e-3)
    assert forbes_lean_fraction(40.0, 10.4) == pytest.approx(0.206, abs=1e-3)
    assert hall_activity_delta(1.5, 1800.0, 90.0) == pytest.approx(7.0)
    assert silva_ecf0_kg(70.0, 1.6, 30.0, False) == pytest.approx(-4.0 + 5.98 * 1.6 + 0.167 * 70)


def test_bw_fork_parity_value_paper_glycogen_term() -> None:
    # §8.1: adult_weight(90, 1.80, 40, "male", EIchange = matrix(-500, 1, 365)), day-364 BW.
    # bw uses an operator-split RK4 (§7.1); classical RK4 here is converged to 1e-7 kg
    # (see the convergence test), so the gap is bw's splitting error, of order the
    # 0.0057 kg dt=1 vs dt=0.25 spread reported for bw itself: tolerance 0.01 kg.
    traj = simulate_batch(_man90(), 364, -500.0)
    assert traj.weight[0, 364] == pytest.approx(76.260804299583214, abs=0.01)


def test_bw_compat_glycogen_units_reproduce_upstream_bw() -> None:
    traj = simulate_batch(_man90(), 364, -500.0, bw_glycogen_units=True)
    # The tiny kg/d term makes splitting errors ≤ 2.5e-4 kg (§7.1).
    assert traj.weight[0, 364] == pytest.approx(76.246221027324708, abs=2.5e-4)


@pytest.mark.parametrize("multiplier", [None, 0.3, 2.0])
def test_energy_is_conserved(multiplier: float | None) -> None:
    b = hall_baseline([True, False], [40, 30], [180, 165], [90, 62], pal=[1.5, 1.8])
    dei = np.concatenate([np.full(200, -700.0), np.full(165, 300.0)])
    traj = simulate_batch(b, 365, dei, carb_fraction=0.35, lean_multiplier=multiplier,
                          extra_activity_kcal_per_day=200.0, track_energy=True)
    p = b.params
    stored = (p.rho_f * (traj.fat[:, -1] - b.fat0) + p.rho_l * (traj.lean[:, -1] - b.lean0)
              + p.rho_g * (traj.glycogen[:, -1] - b.glycogen0))
    # Integrated EI − EE (extra state) equals the energy stored, to rounding.
    assert np.allclose(stored, traj.energy_balance[:, -1], rtol=1e-9, atol=1e-6)

    # Independent check with constant inputs: the trapezoid of the daily EI − EE output is
    # within 0.1 % of the stored energy.
    traj = simulate_batch(b, 365, -600.0, lean_multiplier=multiplier)
    stored = (p.rho_f * (traj.fat[:, -1] - b.fat0) + p.rho_l * (traj.lean[:, -1] - b.lean0)
              + p.rho_g * (traj.glycogen[:, -1] - b.glycogen0))
    trap = np.trapezoid(traj.intake - traj.expenditure, axis=1)
    assert np.allclose(trap, stored, rtol=1e-3)


def test_lean_multiplier_shifts_loss_to_fat_and_default_is_published() -> None:
    b = _man90()
    base = simulate_batch(b, 180, -600.0)
    same = simulate_batch(b, 180, -600.0, lean_multiplier=1.0)
    np.testing.assert_allclose(same.weight, base.weight, atol=1e-12)
    rt = simulate_batch(b, 180, -600.0, lean_multiplier=0.5)
    lean_loss = b.lean0[0] - base.lean[0, -1]
    assert b.lean0[0] - rt.lean[0, -1] < 0.6 * lean_loss
    assert rt.fat[0, -1] < base.fat[0, -1]


def test_step_halving_and_solve_ivp_oracle() -> None:
    b = _man90()
    one = simulate_batch(b, 365, -500.0).weight[0, -1]
    two = simulate_batch(b, 365, -500.0, steps_per_day=2).weight[0, -1]
    assert abs(one - two) < 0.01
    # Independent oracle: the bw one-dimensional form (hall_model.md §3.2) with the Forbes
    # closed form F(L), integrated by scipy's adaptive RK45.
    p = b.params
    c, ei0 = p.forbes_c, b.intake0[0]
    dei = -500.0
    cib = 0.5 * ei0
    kg = cib / 0.25

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        lean, g, ecf, at = y
        f = b.fat0[0] * np.exp(p.rho_l * (lean - b.lean0[0]) / (p.rho_f * c))
        ci = 0.5 * (ei0 + dei)
        dg = (ci - kg * g * g) / p.rho_g
        bw = f + lean + ecf + 3.7 * g
        num = (ei0 + dei - (b.k[0] + b.delta0[0] * bw + 0.1 * dei + at + p.gamma_l * lean
                            + p.gamma_f * f) - p.rho_g * dg)
        dl = c / p.rho_l * num / (c * (1 + p.eta_l / p.rho_l) + f * (1 + p.eta_f / p.rho_f))
        decf = (-3000 * (ecf - b.ecf0[0]) - 4000 * (1 - ci / cib)) / 3220
        return [dl, dg, decf, (0.14 * dei - at) / 14]

    sol = solve_ivp(rhs, (0, 365), [b.lean0[0], 0.5, b.ecf0[0], 0.0], rtol=1e-8, atol=1e-10)
    lean, g, ecf, _ = sol.y[:, -1]
    f = b.fat0[0] * np.exp(p.rho_l * (lean - b.lean0[0]) / (p.rho_f * c))
    assert abs((f + lean + ecf + 3.7 * g) - one) < 0.01


def test_published_rule_of_thumb_table(r_runs: tuple[object, np.ndarray, np.ndarray]) -> None:
    b, dbw, _ = r_runs
    for i, person in enumerate(R_PEOPLE):
        expected, f0 = person[6], person[7]
        assert b.fat0[i] == pytest.approx(f0, abs=0.05)  # type: ignore[attr-defined]
        for day, value in zip((365, 1095, 7300), expected, strict=True):
            assert dbw[i, day] == pytest.approx(value, abs=max(0.03, 0.03 * abs(value)))


def test_100_kj_rule_of_thumb(r_runs: tuple[object, np.ndarray, np.ndarray]) -> None:
    _, dbw, _ = r_runs
    for i in (0, 1):  # overweight adults R1, R2
        final = dbw[i, -1]
        assert -1.35 < final < -0.95  # ≈ 1 kg per 100 kJ/d eventually
        half_day = int(np.argmax(np.abs(dbw[i]) >= 0.5 * abs(final)))
        assert 250 <= half_day <= 400  # about half within about a year


def test_linearised_model_matches_20_year_simulation(
        r_runs: tuple[object, np.ndarray, np.ndarray]) -> None:
    b, dbw, dei = r_runs
    ss = hall_steady_state_weight_change(dei, b.weight0, b.fat0, b.delta0)  # type: ignore[attr-defined]
    tau = hall_time_constant_days(b.fat0, b.delta0)  # type: ignore[attr-defined]
    assert tau[0] == pytest.approx(446, abs=1)
    for i in (0, 1, 2, 3, 5):  # small ΔEI: the linearisation holds
        assert ss[i] == pytest.approx(dbw[i, -1], rel=0.05)
    for i in (0, 1):
        half_day = np.argmax(np.abs(dbw[i]) >= 0.5 * abs(dbw[i, -1]))
        assert tau[i] * np.log(2) == pytest.approx(half_day, rel=0.05)


def test_break_even_gamma_examples() -> None:
    # hall_model.md §6.2: lean runner 80 kg, F0 14, δ 13.7 → ≈630; 90 kg, F0 30, δ 6.5 → ≈410.
    assert hall_break_even_gamma(80, 14, 13.7) == pytest.approx(630, abs=10)
    assert hall_break_even_gamma(90, 30, 6.5) == pytest.approx(410, abs=10)


def test_activity_pct_and_extra_energy_are_the_same_delta() -> None:
    b = _man90()
    kcal = 300.0
    pct = 100 * kcal / b.weight0[0] / b.delta0[0]
    a = simulate_batch(b, 120, activity_change_pct=pct)
    e = simulate_batch(b, 120, extra_activity_kcal_per_day=kcal)
    np.testing.assert_allclose(a.weight, e.weight, atol=1e-10)
    # Day 0: δ·BW rises by exactly the kcal; eq. (9) passes it on divided by (1 + w), the
    # synthesis-cost saving of the tissue now broken down.
    p = b.params
    frac = forbes_lean_fraction(b.fat0[0], p.forbes_c)
    w = frac * p.eta_l / p.rho_l + (1 - frac) * p.eta_f / p.rho_f
    assert e.expenditure[0, 0] - b.pal[0] * b.rmr[0] == pytest.approx(kcal / (1 + w))
    # Later, the cost falls with weight.
    assert e.expenditure[0, 120] < e.expenditure[0, 0]


def test_regional_fat_has_no_exercise_mode_and_follows_total_fat() -> None:
    params = inspect.signature(regional_fat_kg).parameters
    assert not any("mode" in name or "exercise" in name for name in params)
    legs, arms, trunk = regional_fat_kg(np.array([30.0]), np.array([[30.0, 25.0]]),
                                        np.array([11.4]), np.array([3.0]), np.array([15.6]))
    assert legs[0, 1] == pytest.approx(9.50, abs=0.01)  # physiology.md T30
    assert legs[0, 1] + arms[0, 1] + trunk[0, 1] == pytest.approx(25.0)
    legs87, _, _ = regional_fat_kg(np.array([30.0]), np.array([[25.0]]), np.array([11.4]),
                                   np.array([3.0]), np.array([15.6]), leg_exponent=0.86)
    assert legs87[0, 0] == pytest.approx(9.75, abs=0.01)


@pytest.mark.parametrize(("kind", "target"), [("weight_kg", 80.0), ("fat_kg", 22.0),
                                              ("body_fat_pct", 25.0), ("leg_fat_kg", 7.0)])
def test_goal_mode_round_trip(kind: str, target: float) -> None:
    b = _man90()
    legs0 = 0.30 * b.fat0
    intake = solve_constant_intake(b, target, 180, kind, legs0_kg=legs0,
                                   extra_activity_kcal_per_day=150.0)
    traj = simulate_batch(b, 180, intake - b.intake0, extra_activity_kcal_per_day=150.0)
    reached = {"weight_kg": traj.weight, "fat_kg": traj.fat, "body_fat_pct": traj.body_fat_pct,
               "leg_fat_kg": legs0[:, None] * traj.fat / b.fat0[:, None]}[kind][0, 180]
    assert reached == pytest.approx(target, abs=0.05)


def test_goal_mode_is_vectorised_and_unreachable_raises() -> None:
    b = hall_baseline([True, False], [40, 30], [180, 165], [90, 70], pal=[1.5, 1.7])
    intake = solve_constant_intake(b, [85.0, 66.0], 120)
    traj = simulate_batch(b, 120, (intake - b.intake0)[:, None])
    np.testing.assert_allclose(traj.weight[:, -1], [85.0, 66.0], atol=0.05)
    with pytest.raises(UnreachableGoalError, match="not reachable"):
        solve_constant_intake(_man90(), 50.0, 30)


def test_maintenance_intake() -> None:
    b = _man90()
    assert maintenance_intake(b, b.fat0, b.lean0, b.weight0)[0] == pytest.approx(b.intake0[0])
    intake = 2000.0
    traj = simulate_batch(b, 7300, intake - b.intake0[0], extra_activity_kcal_per_day=100.0)
    m = maintenance_intake(b, traj.fat[:, -1], traj.lean[:, -1], traj.weight[:, -1],
                           extra_activity_kcal_per_day=100.0)
    assert m[0] == pytest.approx(intake, abs=2.0)


def test_goal_mode_with_per_person_lean_multiplier() -> None:
    b = hall_baseline([True, True], [40, 40], [180, 180], [90, 90], pal=[1.5, 1.5])
    mult = np.array([1.0, 0.5])
    intake = solve_constant_intake(b, 20.0, 150, "fat_kg", lean_multiplier=mult)
    traj = simulate_batch(b, 150, (intake - b.intake0)[:, None], lean_multiplier=mult)
    np.testing.assert_allclose(traj.fat[:, -1], 20.0, atol=0.05)
    # Sparing lean puts more of the deficit on fat: the same fat target needs less deficit.
    assert intake[1] > intake[0]


# --------------------------------------------------------------------------------------------
# Small batches on plain floats, sampled days, constant inputs computed once


def _varied(n: int, days: int, seed: int = 9) -> tuple[Any, dict[str, Any]]:
    rng = np.random.default_rng(seed)
    b = hall2011.hall_baseline(rng.random(n) < 0.5, rng.uniform(20, 70, n),
                               rng.uniform(150, 200, n), rng.uniform(50, 150, n),
                               pal=rng.uniform(1.4, 2.2, n),
                               carb_fraction_baseline=rng.uniform(0.3, 0.6, n))
    kw = {"intake_change_kcal_per_day": rng.uniform(-1000, 500, (n, days)),
          "activity_change_pct": rng.uniform(-30, 100, (n, days)),
          "extra_activity_kcal_per_day": rng.uniform(0, 600, (n, days)),
          "carb_fraction": rng.uniform(0.1, 0.65, (n, days)),
          "sodium_change_mg_per_day": rng.uniform(-1500, 1500, (n, days)),
          "lean_multiplier": rng.uniform(-0.5, 2.0, n)}
    return b, kw


FIELDS = ("weight", "fat", "lean", "glycogen", "ecf", "adaptive_thermogenesis", "intake",
          "expenditure", "energy_balance")


@pytest.mark.parametrize("opts", [{}, {"steps_per_day": 3}, {"bw_glycogen_units": True},
                                  {"track_energy": True}, {"final_only": True}])
@pytest.mark.parametrize("modified", [True, False])
def test_plain_float_path_equals_the_array_kernel_bit_for_bit(
        monkeypatch: pytest.MonkeyPatch, opts: dict[str, Any], modified: bool) -> None:
    b, kw = _varied(hall2011.SMALL_BATCH_MAX, 40)
    if not modified:
        kw["lean_multiplier"] = None
    floats = hall2011.simulate_batch(b, 40, **kw, **opts)
    monkeypatch.setattr(hall2011, "SMALL_BATCH_MAX", 0)
    arrays = hall2011.simulate_batch(b, 40, **kw, **opts)
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(floats, name), getattr(arrays, name), name)


def test_constant_inputs_computed_once_give_the_same_result(
        monkeypatch: pytest.MonkeyPatch) -> None:
    b, _ = _varied(20, 10)
    kw = {"intake_change_kcal_per_day": -400.0, "activity_change_pct": 20.0,
          "extra_activity_kcal_per_day": np.linspace(0, 300, 20), "carb_fraction": 0.4}
    once = hall2011.simulate_batch(b, 60, **kw)
    monkeypatch.setattr(hall2011, "_is_constant", lambda a: False)
    daily = hall2011.simulate_batch(b, 60, **kw)
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(once, name), getattr(daily, name), name)


def test_sampled_days_are_the_daily_columns() -> None:
    b, kw = _varied(30, 50)
    daily = hall2011.simulate_batch(b, 50, **kw, track_energy=True)
    days = [0, 7, 14, 21, 28, 35, 42, 49, 50]
    some = hall2011.simulate_batch_days(b, 50, days, **kw, track_energy=True)
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(some, name), getattr(daily, name)[:, days], name)
    # Time-major storage: a recorded day of all people is contiguous.
    assert some.weight.T.flags["C_CONTIGUOUS"]
    for bad in ([], [0, 0, 5], [3, 2], [0, 51], [-1, 5]):
        with pytest.raises(ValueError, match="record_days"):
            hall2011.simulate_batch_days(b, 50, bad)
