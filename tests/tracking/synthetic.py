"""Synthetic people generated with Hall's dynamic model, with a known true expenditure.

Each person starts weight-stable at ``PAL_true × Mifflin-St Jeor`` and begins a diet on day 0
(a constant planned deficit, eaten with day-to-day variation of 300 kcal). Hall's model
(:mod:`runlean.science.hall2011`, glycogen, extracellular fluid and adaptive thermogenesis
included) gives the true morning weight and the true daily expenditure (the model's
``expenditure`` output). Readings add day-to-day scale noise (SD uniform in 0.5–0.8 kg, or a
given SD or range); intake logs add logging error; some days are missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from runlean.science.hall2011 import hall_baseline, simulate_batch

START = dt.date(2024, 3, 4)


@dataclass
class Synthetic:
    sex: str
    age: float
    height_cm: float
    weight0_kg: float
    body_fat_pct: float
    pal_true: float
    true_expenditure: np.ndarray  # per day [kcal/day], length days
    true_weight: np.ndarray  # per day (morning) [kg], length days + 1
    weights: list[tuple[dt.date, float]]
    intakes: list[tuple[dt.date, float]]


def simulate(seed: int, days: int = 28, noise_sd_kg: float | tuple[float, float] | None = None,
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
    lo_hi = (0.5, 0.8) if noise_sd_kg is None else noise_sd_kg
    sd = float(rng.uniform(*lo_hi)) if isinstance(lo_hi, tuple) else float(lo_hi)
    base = hall_baseline(male, age, height, weight, body_fat_pct=bf, pal=pal)
    eaten = base.intake0[0] - deficit + rng.normal(0, 300, days)
    traj = simulate_batch(base, days, (eaten - base.intake0[0])[None, :])
    true_w = traj.weight[0]
    true_e = traj.expenditure[0, :days]
    weights: list[tuple[dt.date, float]] = []
    intakes: list[tuple[dt.date, float]] = []
    for k in range(days):
        date = START + dt.timedelta(days=k)
        if rng.random() >= missing_weight or k == 0:
            weights.append((date, round(float(true_w[k]) + rng.normal(0, sd), 1)))
        if rng.random() >= missing_intake:
            intakes.append((date, round(float(eaten[k]) + rng.normal(0, intake_log_sd))))
    return Synthetic(sex, age, height, weight, bf, pal, true_e, true_w, weights, intakes)
