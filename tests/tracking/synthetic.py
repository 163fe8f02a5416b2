"""Synthetic people with a known true expenditure, for testing the adaptive estimate.

A composition-aware energy-balance simulator independent of the code under test: each day the
true expenditure is PAL_true × Mifflin-St Jeor at the current weight; the imbalance is split
into fat and lean by Forbes' rule with ρF 9440 and ρL 1816 kcal/kg. Readings add day-to-day
scale noise; intake logs add logging error; some days are missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

START = dt.date(2024, 3, 4)


@dataclass
class Synthetic:
    sex: str
    age: float
    height_cm: float
    weight0_kg: float
    body_fat_pct: float
    pal_true: float
    true_expenditure: np.ndarray  # per day [kcal/day]
    true_weight: np.ndarray  # per day (morning) [kg], length days + 1
    weights: list[tuple[dt.date, float]]
    intakes: list[tuple[dt.date, float]]


def simulate(seed: int, days: int = 28, noise_sd_kg: float | None = None,
             missing_weight: float = 0.15, missing_intake: float = 0.15,
             intake_log_sd: float = 150.0) -> Synthetic:
    rng = np.random.default_rng(seed)
    male = bool(rng.integers(0, 2))
    sex = "male" if male else "female"
    age = float(rng.uniform(25, 55))
    height = float(rng.normal(178 if male else 165, 6))
    weight = float(rng.uniform(70, 100) if male else rng.uniform(60, 90))
    bf = float(rng.uniform(18, 30) if male else rng.uniform(26, 40))
    pal = float(rng.uniform(1.45, 1.85))
    deficit = float(rng.uniform(250, 700))
    sd = float(rng.uniform(0.5, 0.8)) if noise_sd_kg is None else noise_sd_kg
    fm = weight * bf / 100
    w = weight
    e0 = pal * (9.99 * w + 6.25 * height - 4.92 * age + (5 if male else -161))
    intake_plan = e0 - deficit
    true_e = np.empty(days)
    true_w = np.empty(days + 1)
    true_w[0] = w
    weights: list[tuple[dt.date, float]] = []
    intakes: list[tuple[dt.date, float]] = []
    for k in range(days):
        date = START + dt.timedelta(days=k)
        if rng.random() >= missing_weight or k == 0:
            weights.append((date, round(w + rng.normal(0, sd), 1)))
        e = pal * (9.99 * w + 6.25 * height - 4.92 * age + (5 if male else -161))
        eaten = intake_plan + rng.normal(0, 300)
        if rng.random() >= missing_intake:
            intakes.append((date, round(eaten + rng.normal(0, intake_log_sd))))
        p = 10.4 / (10.4 + fm)
        rho = (1 - p) * 9440 + p * 1816
        dw = (eaten - e) / rho
        fm += (1 - p) * dw
        w += dw
        true_e[k] = e
        true_w[k + 1] = w
    return Synthetic(sex, age, height, weight, bf, pal, true_e, true_w, weights, intakes)
