"""A synthetic adult population built from published national survey summary statistics.

:func:`example_population` draws people from the U.S. NHANES anthropometric reference tables
of August 2021–August 2023 (Fryar et al. 2025), bundled as
``runlean/data/nhanes_2021_2023_adults.csv`` (nothing is downloaded):

* **Strata.** Equal numbers of women and men in each 10-year age band 20–29 … 70–79 (12
  strata). This is a stratified design population, *not* re-weighted to the national age
  pyramid: read group results by band, or re-weight them yourself.
* **Age** uniform within the band, to 0.1 year.
* **Height** normal with the band's published mean and an SD of
  ``(P95 − P5) / (2 × 1.6449)`` (Table 7), to 0.1 cm.
* **BMI** from a two-piece log-normal distribution that reproduces the band's published 5th,
  50th and 95th percentiles exactly (Table 10): ``ln BMI = ln P50 + z·σ``, ``σ =
  (ln P50 − ln P5)/1.6449`` below the median and ``(ln P95 − ln P50)/1.6449`` above,
  ``z ~ N(0, 1)`` truncated at ±3 (redrawn), drawn independently of height (BMI is designed
  to be nearly uncorrelated with height); the rare person whose weight would fall outside
  the domain's 30–350 kg gets a new BMI draw.
* **Weight** = BMI × height², to 0.1 kg. The published weight percentiles (Table 3) are not
  used by the generator: they check it (tests/test_cohort.py compares the generated weight
  percentiles, and the BMI quartiles, with the published ones).
* **Body fat and PAL** are left empty: Hall's model then estimates body fat from BMI, age
  and sex (Jackson et al. 2002) and uses a PAL of 1.6, as the NIH Body Weight Planner does.

The draw is seeded: the same ``n`` and ``seed`` give the same people on every machine.

References
----------
.. [1] Fryar CD, Gu Q, Afful J, Carroll MD, Ogden CL. Anthropometric reference data for
   children and adults: United States, August 2021–August 2023. Vital Health Stat 3.
   2025;(50):1–28. doi:10.15620/cdc/174595
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files

import numpy as np
import pandas as pd

from runlean.domain import RANGES

#: The bundled summary table (see the module docstring for its source).
NHANES_TABLE = "data/nhanes_2021_2023_adults.csv"
#: z-score of the 95th percentile of a standard normal distribution.
Z95 = 1.6448536269514722
#: Standard-normal draws beyond this are redrawn (truncated normal) [SD].
Z_TRUNCATE = 3.0
#: Weight range of the domain rules [kg]: people outside it get their BMI redrawn.
W_MIN, W_MAX = RANGES["weight_kg"][:2]
#: Default size and seed of the example population.
EXAMPLE_SIZE = 10_000
EXAMPLE_SEED = 2025


def nhanes_table() -> list[dict[str, str | float]]:
    """The bundled NHANES summary rows (sex, age band, height, BMI and weight percentiles)."""
    text = files("runlean").joinpath(NHANES_TABLE).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows: list[dict[str, str | float]] = []
    for raw in csv.DictReader(io.StringIO(body)):
        rows.append({k: (v if k == "sex" else float(v)) for k, v in raw.items()})
    return rows


def _truncated_normal(rng: np.random.Generator, n: int) -> np.ndarray:
    z = rng.standard_normal(n)
    bad = np.abs(z) > Z_TRUNCATE
    while np.any(bad):
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(z) > Z_TRUNCATE
    return z


def example_population(n: int = EXAMPLE_SIZE, seed: int = EXAMPLE_SEED) -> pd.DataFrame:
    """A synthetic adult population from the NHANES 2021–2023 tables (see module docstring).

    Parameters
    ----------
    n
        Number of people (≥ 12: at least one per sex and age band).
    seed
        Seed of the random draw.

    Returns
    -------
    A table with columns ``person_id`` (1..n), ``sex``, ``age_years``, ``height_cm``,
    ``weight_kg`` and ``age_band`` (e.g. ``"20-29"``), in stratum order.

    Raises
    ------
    ValueError
        When ``n`` < 12.

    References
    ----------
    .. [1] Fryar CD et al. Vital Health Stat 3. 2025;(50). doi:10.15620/cdc/174595
    """
    table = nhanes_table()
    if n < len(table):
        raise ValueError(f"n must be at least {len(table)} (one person per stratum)")
    rng = np.random.default_rng(seed)
    sizes = [n // len(table) + (1 if k < n % len(table) else 0) for k in range(len(table))]
    parts = []
    for row, m in zip(table, sizes, strict=True):
        lo, hi = float(row["age_low"]), float(row["age_high"])
        age = np.round(rng.uniform(lo, hi + 1.0, m), 1)
        age = np.minimum(age, hi + 0.9)
        sd_h = (float(row["height_p95_cm"]) - float(row["height_p5_cm"])) / (2.0 * Z95)
        height = float(row["height_mean_cm"]) + sd_h * _truncated_normal(rng, m)
        ln50 = np.log(float(row["bmi_p50"]))
        s_lo = (ln50 - np.log(float(row["bmi_p5"]))) / Z95
        s_hi = (np.log(float(row["bmi_p95"])) - ln50) / Z95
        z = _truncated_normal(rng, m)
        weight = np.exp(ln50 + z * np.where(z < 0.0, s_lo, s_hi)) * (height / 100.0) ** 2
        # Keep every person within the domain's weight range (redraw their BMI).
        out = (np.round(weight, 1) < W_MIN) | (np.round(weight, 1) > W_MAX)
        while np.any(out):
            z = _truncated_normal(rng, int(out.sum()))
            weight[out] = (np.exp(ln50 + z * np.where(z < 0.0, s_lo, s_hi))
                           * (height[out] / 100.0) ** 2)
            out = (np.round(weight, 1) < W_MIN) | (np.round(weight, 1) > W_MAX)
        parts.append(pd.DataFrame({
            "sex": row["sex"], "age_years": age, "height_cm": np.round(height, 1),
            "weight_kg": np.round(weight, 1), "age_band": f"{lo:.0f}-{hi:.0f}"}))
    pop = pd.concat(parts, ignore_index=True)
    pop.insert(0, "person_id", np.arange(1, n + 1, dtype=np.int64))
    return pop
