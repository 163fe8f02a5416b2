"""Summary statistics of a cohort per group and day: mean, SD, percentiles, BMI classes.

For each group (``all``, and ``<column>=<value>`` for every grouping column, ``sex``
included) and each recorded day: for weight, fat, fat-free mass and leg fat the mean, the
standard deviation of the group (``ddof=0``: the simulated group is the whole population, not
a sample of it) and the 5th, 50th and 95th percentiles (linear interpolation between order
statistics, NumPy's default), and the share of people in each WHO BMI class (height held at
its baseline value).

The statistics are computed on the values of the whole group gathered in person order, so
they do not depend on how the population was partitioned or on how many workers ran it.

References
----------
.. [1] World Health Organization. Obesity: preventing and managing the global epidemic.
   WHO Technical Report Series 894. Geneva: WHO; 2000 (BMI cut-offs 18.5, 25, 30, 35, 40).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

#: Variables summarised, as named in the trajectories.
SUMMARY_VARIABLES = ("weight_kg", "fat_kg", "fat_free_kg", "leg_fat_kg")
#: Statistics per variable, as column suffixes.
STATISTICS = ("mean", "sd", "p5", "p50", "p95")
#: WHO adult BMI classes: name -> [low, high) [kg/m²].
BMI_CLASSES: dict[str, tuple[float, float]] = {
    "underweight": (0.0, 18.5),
    "normal": (18.5, 25.0),
    "overweight": (25.0, 30.0),
    "obesity_1": (30.0, 35.0),
    "obesity_2": (35.0, 40.0),
    "obesity_3": (40.0, float("inf")),
    "obesity": (30.0, float("inf")),
}


def summary_columns() -> list[str]:
    """Columns of the summary table, in order."""
    cols = ["group", "day", "people"]
    cols += [f"{v}_{s}" for v in SUMMARY_VARIABLES for s in STATISTICS]
    cols += [f"share_bmi_{name}" for name in BMI_CLASSES]
    return cols


def group_index(groups: Mapping[str, np.ndarray], male: np.ndarray
                ) -> list[tuple[str, np.ndarray | None]]:
    """Group labels and the indices of their people (None = everybody), in a fixed order."""
    out: list[tuple[str, np.ndarray | None]] = [("all", None)]
    columns = {"sex": np.where(male, "male", "female"), **dict(groups)}
    for col, values in columns.items():
        for value in sorted(set(values.tolist())):
            out.append((f"{col}={value}", np.flatnonzero(values == value)))
    return out


def summarise_day(day: int, values: Mapping[str, np.ndarray], height_m: np.ndarray,
                  index: list[tuple[str, np.ndarray | None]]) -> list[dict[str, object]]:
    """Summary rows of one day: one per group (see the module docstring).

    Parameters
    ----------
    day
        The day [d].
    values
        Each variable of :data:`SUMMARY_VARIABLES` for every person, in person order.
    height_m
        Each person's height [m].
    index
        From :func:`group_index`.
    """
    bmi_all = values["weight_kg"] / height_m**2
    rows: list[dict[str, object]] = []
    for label, idx in index:
        row: dict[str, object] = {"group": label, "day": day}
        n = bmi_all.shape[0] if idx is None else idx.shape[0]
        row["people"] = n
        for var in SUMMARY_VARIABLES:
            x = values[var] if idx is None else values[var][idx]
            p5, p50, p95 = np.percentile(x, [5.0, 50.0, 95.0])
            row[f"{var}_mean"] = float(np.mean(x))
            row[f"{var}_sd"] = float(np.std(x))
            row[f"{var}_p5"], row[f"{var}_p50"], row[f"{var}_p95"] = (
                float(p5), float(p50), float(p95))
        bmi = bmi_all if idx is None else bmi_all[idx]
        for name, (lo, hi) in BMI_CLASSES.items():
            row[f"share_bmi_{name}"] = float(np.count_nonzero((bmi >= lo) & (bmi < hi)) / n)
        rows.append(row)
    return rows
