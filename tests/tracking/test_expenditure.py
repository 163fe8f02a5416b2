"""Adaptive expenditure on synthetic people with a known true expenditure."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from runlean.domain import Habits, Person
from runlean.tracking.expenditure import (
    ExpenditureReport,
    estimate_from_logs,
    reproject_to_goal,
)

from .synthetic import START, Synthetic, simulate

N_SEEDS = 40


def _person(s: Synthetic) -> Person:
    return Person(sex=s.sex, age_years=s.age, height_cm=s.height_cm, weight_kg=s.weight0_kg,
                  body_fat_pct=s.body_fat_pct)


Seeded = list[tuple[Synthetic, ExpenditureReport]]


@pytest.fixture(scope="module")
def seeded() -> Seeded:
    """Seeds 0..N_SEEDS−1 (4 weeks, default noise) and their estimates at day 27 with the
    default habits (PAL 1.6), computed once for the tests below (the inputs are the same)."""
    out = []
    for seed in range(N_SEEDS):
        s = simulate(seed)
        r = estimate_from_logs(s.weights, s.intakes, _person(s), Habits(pal=1.6),
                               START + dt.timedelta(days=27))
        out.append((s, r))
    return out


def _errors(seeded: Seeded) -> tuple[np.ndarray, np.ndarray]:
    err, sd = [], []
    for s, r in seeded:
        assert r.data_used
        err.append(r.estimate.expenditure_kcal_per_day - float(s.true_expenditure.mean()))
        sd.append(r.estimate.sd_kcal_per_day)
    return np.array(err), np.array(sd)


def test_four_week_estimate_is_accurate_and_calibrated(seeded: Seeded) -> None:
    # Hall-model people (true expenditure = the model's output, diet-start water shift
    # included), scale noise 0.5–0.8 kg, intake logging error 150 kcal, 15 % of days missing.
    # The statistical floor is SD ≈ 100–120 kcal/day at 4 weeks (slope of 24 noisy readings),
    # so ±150 kcal is ≈ 1.3 SD. Measured with the Hall calibration, prior SD 12 % and the
    # residual-pooled noise SD: 87.5 % of these 40 seeds; on the fresh seeds 200–399 (used
    # for every design decision, never these): 87.5 %, at noise SD 0.5 / 0.75 / 1.0 kg
    # 91.5 / 81.5 / 75 %, at SD uniform 0.29–0.58 kg 94 %.
    err, sd = _errors(seeded)
    assert np.mean(np.abs(err) <= 150) >= 0.85
    assert abs(float(err.mean())) < 40  # no bias
    assert np.all(np.abs(err) < 3.5 * sd)  # no wild miss relative to the stated SD
    coverage = np.mean(np.abs(err) <= 1.96 * sd)
    assert coverage >= 0.9  # the stated uncertainty is honest


def test_uncertainty_shrinks_with_more_data() -> None:
    s = simulate(7, days=42, noise_sd_kg=0.7)
    person = _person(s)
    sds = [estimate_from_logs(s.weights, s.intakes, person, Habits(), START + dt.timedelta(d),
                              window_days=d + 1).estimate.sd_kcal_per_day for d in (13, 20, 27)]
    assert sds[0] > sds[1] > sds[2]


def test_single_outlier_weight_barely_moves_the_estimate(seeded: Seeded) -> None:
    diffs = []
    for s, base in seeded[:10]:
        person = _person(s)
        as_of = START + dt.timedelta(days=27)
        bad = list(s.weights)
        d, v = bad[len(bad) // 2]
        bad[len(bad) // 2] = (d, v + 4.0)
        res = estimate_from_logs(bad, s.intakes, person, Habits(), as_of)
        diffs.append(abs(res.estimate.expenditure_kcal_per_day
                         - base.estimate.expenditure_kcal_per_day))
    # The robust trend flags the +4 kg reading; dropping one of ~24 readings moves the slope
    # a little (< 50 kcal/day), where keeping it would move it by ~100–300 kcal/day.
    assert max(diffs) < 50


def test_device_calories_are_not_an_input() -> None:
    import inspect

    params = inspect.signature(estimate_from_logs).parameters
    assert not any("device" in p or "activity" in p for p in params)


def test_prior_only_when_data_missing() -> None:
    s = simulate(1)
    person = _person(s)
    as_of = START + dt.timedelta(days=27)
    r = estimate_from_logs(s.weights, [], person, Habits(pal=1.6), as_of)
    assert not r.data_used
    assert any(m.startswith("intake") for m in r.missing)
    assert r.estimate.expenditure_kcal_per_day == pytest.approx(r.prior_kcal_per_day)
    r2 = estimate_from_logs([], s.intakes, person, Habits(pal=1.6), as_of)
    assert r2.trend is None and any(m.startswith("weight") for m in r2.missing)


def _calibrated(seeded: Seeded, seed: int = 3) -> tuple[Synthetic, Person, ExpenditureReport]:
    s, r = seeded[seed]
    assert r.calibration is not None
    return s, _person(s), r


def test_calibrated_model_reproduces_the_observed_trend(seeded: Seeded) -> None:
    s, _, r = _calibrated(seeded)
    cal = r.calibration
    assert cal is not None
    traj = cal.simulate(float(cal.intake_kcal.mean()), 0)
    model = traj.weight[0] + cal.offset_kg
    ws = [(d - START).days for d, _ in s.weights]
    resid = np.array([v for _, v in s.weights]) - model[ws]
    # The fitted curve leaves only scale noise: residual SD close to the noise SD (≤ 0.8 kg)
    # and no trend left in the residuals (slope < 0.01 kg/day).
    assert float(np.std(resid)) < 0.9
    assert abs(float(np.polyfit(ws, resid, 1)[0])) < 0.01
    # Its mean expenditure over the window is the posterior estimate.
    assert float(traj.expenditure[0, :28].mean()) == pytest.approx(
        r.estimate.expenditure_kcal_per_day, abs=2.0)


def test_hall_estimate_accounts_for_the_diet_start_water_loss(seeded: Seeded) -> None:
    # A straight-line energy balance books the first days' glycogen/water drop as tissue and
    # under-states expenditure; the calibrated Hall model does not. Mean error over 40 seeds.
    from runlean.science.adaptive_expenditure import estimate_expenditure
    from runlean.tracking.expenditure import DatedSeries, fat_mass_at_weight_kg

    hall, line = [], []
    for s, r in seeded:
        person = _person(s)
        truth = float(s.true_expenditure.mean())
        hall.append(r.estimate.observed_kcal_per_day - truth)
        ws, i = DatedSeries.from_pairs(s.weights, START), DatedSeries.from_pairs(s.intakes, START)
        est = estimate_expenditure(ws.day, ws.value, i.day, i.value, window_start_day=0,
                                   window_end_day=27,
                                   fat_mass_kg=fat_mass_at_weight_kg(person, ws.value.mean()),
                                   prior_kcal_per_day=2000.0, prior_sd_kcal_per_day=1e6)
        line.append(est.observed_kcal_per_day - truth)
    assert abs(float(np.mean(hall))) < 40
    assert float(np.mean(line)) > float(np.mean(hall)) + 20


def test_projection_continues_the_calibrated_model(seeded: Seeded) -> None:
    _s, person, r = _calibrated(seeded)
    cal = r.calibration
    assert cal is not None
    today = START + dt.timedelta(days=27)
    maint = reproject_to_goal(person, cal, 1.0 * cal.baseline.intake0[0], 50.0, None, today)
    loss = reproject_to_goal(person, cal, cal.baseline.intake0[0] - 600, 50.0, None, today)
    # Day 0 is today's model weight on the scale's level, close to the trend weight.
    assert loss.weight_kg[0] == pytest.approx(r.trend_weight_kg, abs=0.6)
    # Less food, lower weight at every later day; fat falls monotonically in a deficit.
    assert np.all(loss.weight_kg[1:] < maint.weight_kg[1:])
    assert np.all(np.diff(loss.fat_kg) < 0)


def test_reprojection_intake_for_date_and_safety_clamp(seeded: Seeded) -> None:
    _s, person, r = _calibrated(seeded)
    cal = r.calibration
    assert cal is not None
    today = START + dt.timedelta(days=27)
    w_now = float(r.trend_weight_kg or 0)
    goal = w_now - 3.0
    rep = reproject_to_goal(person, cal, float(np.mean(cal.intake_kcal)), goal,
                            today + dt.timedelta(120), today)
    assert rep.projected_goal_date is not None
    assert rep.intake_for_original_date is not None
    # The intake found really lands on the goal on the date, in the calibrated model.
    end = cal.simulate(rep.intake_for_original_date, 120).weight[0, -1] + cal.offset_kg
    assert end == pytest.approx(goal, abs=0.02)
    assert rep.clamped_by is None
    # An impossible date: the needed intake breaks the 1 %/week cap, so it is clamped to the
    # intake at which the model loses exactly 1 %/week (weeks 1–5 ahead).
    rush = reproject_to_goal(person, cal, float(np.mean(cal.intake_kcal)), w_now - 6.0,
                             today + dt.timedelta(21), today)
    assert rush.intake_for_original_date is not None
    assert rush.safe_intake_kcal_per_day > rush.intake_for_original_date
    assert rush.safe_intake_kcal_per_day >= (1500 if person.sex == "male" else 1200)
    assert rush.clamped_by is not None
    t = cal.simulate(rush.min_intake_for_rate_kcal_per_day, 35).weight[0]
    now = cal.history_days
    rate = (t[now + 7] - t[now + 35]) / 4.0
    assert rate / rush.weight_kg[0] == pytest.approx(rush.max_loss_fraction_per_week, rel=0.01)


def test_short_logged_sleep_shifts_projected_loss_to_lean() -> None:
    s = simulate(5)
    person = _person(s)
    today = START + dt.timedelta(days=27)
    sleeps = [(START + dt.timedelta(d), 5.5) for d in range(28)]
    good = estimate_from_logs(s.weights, s.intakes, person, Habits(sleep_hours=8), today)
    short = estimate_from_logs(s.weights, s.intakes, person, Habits(sleep_hours=8), today,
                               sleeps=sleeps)
    assert good.calibration is not None and short.calibration is not None
    assert short.sleep_avg_h == pytest.approx(5.5)
    assert short.calibration.lean_multiplier > good.calibration.lean_multiplier
    kw = {"goal_weight_kg": 40.0, "goal_date": None, "today": today}
    a = reproject_to_goal(person, good.calibration, 1500.0, **kw)
    b = reproject_to_goal(person, short.calibration, 1500.0, **kw)
    # Over 90 days, short sleep keeps more fat for a similar weight loss.
    assert b.fat_kg[90] - b.fat_kg[0] > a.fat_kg[90] - a.fat_kg[0]


def test_pooled_noise_sd_follows_the_residuals() -> None:
    from runlean.tracking.expenditure import NOISE_PRIOR_DOF, pooled_noise_sd_kg

    assert pooled_noise_sd_kg(0.0, 2, 0.7) == pytest.approx(0.7)  # no residual dof: prior
    # 26 residual dof at 0.4 kg pooled with 7 at 0.7 kg
    expected = ((NOISE_PRIOR_DOF * 0.49 + 26 * 0.16) / (NOISE_PRIOR_DOF + 26)) ** 0.5
    assert pooled_noise_sd_kg(26 * 0.16, 28, 0.7) == pytest.approx(expected)
    assert pooled_noise_sd_kg(1000 * 1.0, 1002, 0.7) == pytest.approx(1.0, abs=0.01)


def test_reprojection_runs_the_intake_search_only_as_far_as_it_looks(
        seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    # `runlean status` speed: the 3-year projection is one person (the plain-float path);
    # the 84-intake search grid runs only to the goal date (or the rate check), not 3 years.
    from runlean.science.hall2011 import SMALL_BATCH_MAX
    from runlean.tracking import expenditure

    _s, person, r = _calibrated(seeded)
    cal = r.calibration
    assert cal is not None
    today = START + dt.timedelta(days=27)
    intake = float(np.mean(cal.intake_kcal))
    goal = float(r.trend_weight_kg or 0) - 3.0
    calls: list[tuple[int, int]] = []
    real = expenditure.simulate_batch

    def spy(baseline: object, days: int, *args: object, **kwargs: object) -> object:
        calls.append((baseline.n, days))  # type: ignore[attr-defined]
        return real(baseline, days, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(expenditure, "simulate_batch", spy)
    rep = reproject_to_goal(person, cal, intake, goal, today + dt.timedelta(120), today)
    now = cal.history_days
    assert (1, now + expenditure.MAX_PROJECTION_DAYS) in calls
    assert max(days for n, days in calls if n > SMALL_BATCH_MAX) == now + 120
    # The projection is the one a batch of all rows over 3 years gives.
    monkeypatch.undo()
    full = cal.simulate([intake, 1500.0, 2500.0, *[1000.0] * SMALL_BATCH_MAX],
                        expenditure.MAX_PROJECTION_DAYS)
    np.testing.assert_allclose(
        rep.weight_kg, full.weight[0, now:now + expenditure.MAX_PROJECTION_DAYS + 1]
        + cal.offset_kg, rtol=1e-12, atol=1e-9)
