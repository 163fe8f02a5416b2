"""Adaptive expenditure on synthetic people with a known true expenditure."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from runlean.domain import Habits, Person
from runlean.tracking.expenditure import (
    estimate_from_logs,
    project_weight_kg,
    reproject_to_goal,
)

from .synthetic import START, Synthetic, simulate

N_SEEDS = 40


def _person(s: Synthetic) -> Person:
    return Person(sex=s.sex, age_years=s.age, height_cm=s.height_cm, weight_kg=s.weight0_kg,
                  body_fat_pct=s.body_fat_pct)


def _errors(days: int = 28, noise: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    err, sd = [], []
    for seed in range(N_SEEDS):
        s = simulate(seed, days=days, noise_sd_kg=noise)
        r = estimate_from_logs(s.weights, s.intakes, _person(s), Habits(pal=1.6),
                               START + dt.timedelta(days=days - 1))
        assert r.data_used
        err.append(r.estimate.expenditure_kcal_per_day - float(s.true_expenditure.mean()))
        sd.append(r.estimate.sd_kcal_per_day)
    return np.array(err), np.array(sd)


def test_four_week_estimate_is_accurate_and_calibrated() -> None:
    # Scale noise 0.5–0.8 kg, intake logging error 150 kcal, 15 % of days missing. The
    # statistical floor is SD ≈ 100–120 kcal/day at 4 weeks (slope of 24 noisy readings), so
    # ±150 kcal is ≈ 1.3–1.5 SD: measured 87.5 % of these 40 seeds.
    err, sd = _errors()
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


def test_single_outlier_weight_barely_moves_the_estimate() -> None:
    diffs = []
    for seed in range(10):
        s = simulate(seed)
        person = _person(s)
        as_of = START + dt.timedelta(days=27)
        base = estimate_from_logs(s.weights, s.intakes, person, Habits(), as_of)
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


def test_projection_reaches_steady_state_at_balance() -> None:
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=70, body_fat_pct=32)
    series = project_weight_kg(person, 70.0, 2200.0, 2200.0, 30)
    np.testing.assert_allclose(series, 70.0)
    loss = project_weight_kg(person, 70.0, 2200.0, 1800.0, 30)
    assert np.all(np.diff(loss) < 0)
    # First day: 400 kcal deficit / ρ(FM 22.4 kg) = 400/7027 kg.
    p = 10.4 / (10.4 + 22.4)
    assert 70.0 - loss[1] == pytest.approx(400 / ((1 - p) * 9440 + p * 1816), rel=1e-9)


def test_reprojection_intake_for_date_and_safety_clamp() -> None:
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=70, body_fat_pct=32)
    today = dt.date(2024, 5, 1)
    rep = reproject_to_goal(person, 70.0, 2300.0, 1900.0, 67.0, today + dt.timedelta(70), today)
    assert rep.projected_goal_date is not None
    assert rep.intake_for_original_date is not None
    # The intake found really lands on the goal on the date.
    end = project_weight_kg(person, 70.0, 2300.0, rep.intake_for_original_date, 70)[-1]
    assert end == pytest.approx(67.0, abs=0.01)
    assert rep.clamped_by is None
    # An impossible date: the needed intake breaks the 1 %/week cap, so it is clamped.
    rush = reproject_to_goal(person, 70.0, 2300.0, 1900.0, 64.0, today + dt.timedelta(21), today)
    assert rush.intake_for_original_date is not None
    assert rush.safe_intake_kcal_per_day > rush.intake_for_original_date
    assert rush.safe_intake_kcal_per_day >= 1200
    assert rush.clamped_by is not None
