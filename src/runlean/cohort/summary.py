"""Summary statistics of a cohort per group and day: mean, SD, percentiles, BMI classes.

For each group (``all``, ``sex=<value>`` and ``<column>=<value>`` for every grouping column)
and each recorded day: for weight, fat, fat-free mass and leg fat the mean, the standard
deviation of the group (``ddof=0``: the simulated group is the whole population, not a sample
of it) and the 5th, 50th and 95th percentiles (linear interpolation between order statistics,
NumPy's default method), and the share of people in each WHO BMI class.

A day is summarised from its partitions one at a time, so memory is bounded by a partition,
not by the population (:func:`summarise_day`):

* means and SDs are merged partition by partition with the pairwise update of Chan, Golub &
  LeVeque (1983) [2]_;
* the percentiles are exact order statistics, found in two passes: the first counts the
  values in bins of :data:`PERCENTILE_BIN_KG`, which locates the bin of each order statistic
  needed; the second keeps only the values that fall in those bins.

Counts, BMI shares and percentiles do not depend on how the population was partitioned; means
and SDs do only through rounding (within 1e-9 kg).

References
----------
.. [1] World Health Organization. Obesity: preventing and managing the global epidemic.
   WHO Technical Report Series 894. Geneva: WHO; 2000 (BMI cut-offs 18.5, 25, 30, 35, 40).
.. [2] Chan TF, Golub GH, LeVeque RJ. Algorithms for computing the sample variance:
   analysis and recommendations. Am Stat 1983;37(3):242-7.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

#: Variables summarised, as named in the trajectories.
SUMMARY_VARIABLES = ("weight_kg", "fat_kg", "fat_free_kg", "leg_fat_kg")
#: Statistics per variable, as column suffixes.
STATISTICS = ("mean", "sd", "p5", "p50", "p95")
#: The percentiles of :data:`STATISTICS` [%].
PERCENTILES = (5.0, 50.0, 95.0)
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
#: Bin width that locates the order statistics in the first pass [kg]; it bounds the
#: values kept in the second (those of a few bins), not the precision: percentiles are exact.
PERCENTILE_BIN_KG = 0.01

#: A group: its label, and the column and value that select it (None, None: everybody).
Group = tuple[str, str | None, str | None]
#: One partition's values on a day: each variable of :data:`SUMMARY_VARIABLES`,
#: ``bmi_kg_m2``, and for each grouping column (``sex`` included) the index of each
#: person's value in the sorted values of that column (:func:`group_labels`).
Part = Mapping[str, np.ndarray]


def summary_columns() -> list[str]:
    """Columns of the summary table, in order."""
    cols = ["group", "day", "people"]
    cols += [f"{v}_{s}" for v in SUMMARY_VARIABLES for s in STATISTICS]
    cols += [f"share_bmi_{name}" for name in BMI_CLASSES]
    return cols


def group_labels(values: Mapping[str, Iterable[str]]) -> list[Group]:
    """The groups, in the summary's order: ``all``, then each column's values sorted.

    ``values`` maps each grouping column (``sex`` first) to the values it takes.
    """
    out: list[Group] = [("all", None, None)]
    for col, vals in values.items():
        out += [(f"{col}={v}", col, v) for v in sorted(set(vals))]
    return out


@dataclass
class _Moments:
    """Count, mean and sum of squared deviations, merged pairwise (Chan et al. 1983)."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, x: np.ndarray) -> None:
        nb = x.shape[0]
        if nb == 0:
            return
        mb = float(np.mean(x))
        m2b = float(np.sum((x - mb) ** 2))
        n = self.n + nb
        delta = mb - self.mean
        self.mean += delta * nb / n
        self.m2 += m2b + delta * delta * self.n * nb / n
        self.n = n


@dataclass
class _Histogram:
    """Counts of values per bin ``floor(x / PERCENTILE_BIN_KG)``, over the bins seen."""

    lo: int = 0
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def add(self, codes: np.ndarray) -> None:
        if codes.shape[0] == 0:
            return
        cmin, cmax = int(codes.min()), int(codes.max())
        if self.counts.shape[0] == 0:
            self.lo, self.counts = cmin, np.zeros(cmax - cmin + 1, dtype=np.int64)
        lo, hi = min(self.lo, cmin), max(self.lo + self.counts.shape[0] - 1, cmax)
        if (lo, hi) != (self.lo, self.lo + self.counts.shape[0] - 1):
            grown = np.zeros(hi - lo + 1, dtype=np.int64)
            grown[self.lo - lo:self.lo - lo + self.counts.shape[0]] = self.counts
            self.lo, self.counts = lo, grown
        self.counts += np.bincount(codes - self.lo, minlength=self.counts.shape[0])


def _codes(x: np.ndarray) -> np.ndarray:
    return np.floor(x / PERCENTILE_BIN_KG).astype(np.int64)


def _virtual_index(n: int, q: float) -> tuple[int, int, float]:
    """NumPy's linear method: the order statistics around ``q`` % and the weight."""
    h = (n - 1) * (q / 100.0)
    j = int(np.floor(h))
    return j, min(j + 1, n - 1), h - j


def _lerp(a: float, b: float, t: float) -> float:
    """Linear interpolation as NumPy computes it (from the nearer end)."""
    d = b - a
    return b - d * (1.0 - t) if t >= 0.5 else a + d * t


def _mask(part: Part, col: str | None, code: int) -> np.ndarray | None:
    return None if col is None else part[col] == code


def summarise_day(day: int, parts: Callable[[], Iterable[Part]], groups: Sequence[Group],
                  codes_of: Mapping[str, Mapping[str, int]]) -> list[dict[str, object]]:
    """Summary rows of one day, one per group (see the module docstring).

    Parameters
    ----------
    day
        The day [d].
    parts
        Called twice (once per pass), each time yields the day's partitions in the same
        order (:data:`Part`).
    groups
        From :func:`group_labels`.
    codes_of
        For each grouping column, the index of each value in that column's codes.
    """
    selectors = [(label, col, -1 if col is None else codes_of[col][str(val)])
                 for label, col, val in groups]
    moments = {(g, v): _Moments() for g, _, _ in selectors for v in SUMMARY_VARIABLES}
    hists = {(g, v): _Histogram() for g, _, _ in selectors for v in SUMMARY_VARIABLES}
    bmi_counts = {g: np.zeros(len(BMI_CLASSES), dtype=np.int64) for g, _, _ in selectors}
    for part in parts():
        for label, col, code in selectors:
            m = _mask(part, col, code)
            for v in SUMMARY_VARIABLES:
                x = part[v] if m is None else part[v][m]
                moments[(label, v)].add(x)
                hists[(label, v)].add(_codes(x))
            bmi = part["bmi_kg_m2"] if m is None else part["bmi_kg_m2"][m]
            bmi_counts[label] += [np.count_nonzero((bmi >= lo) & (bmi < hi))
                                  for lo, hi in BMI_CLASSES.values()]
    # Where each needed order statistic lies: its bin, and how many values come before it.
    wanted: dict[tuple[str, str], np.ndarray] = {}
    cumulative: dict[tuple[str, str], np.ndarray] = {}
    for key, h in hists.items():
        n = moments[key].n
        ranks = sorted({r for q in PERCENTILES for r in _virtual_index(n, q)[:2]})
        cum = np.cumsum(h.counts)
        cumulative[key] = cum
        need = np.zeros(h.counts.shape[0], dtype=bool)
        need[np.searchsorted(cum, ranks, side="right")] = True
        wanted[key] = need
    kept: dict[tuple[str, str], list[np.ndarray]] = {key: [] for key in hists}
    for part in parts():
        for label, col, code in selectors:
            m = _mask(part, col, code)
            for v in SUMMARY_VARIABLES:
                key = (label, v)
                x = part[v] if m is None else part[v][m]
                kept[key].append(x[wanted[key][_codes(x) - hists[key].lo]])
    rows: list[dict[str, object]] = []
    for label, _, _ in selectors:
        row: dict[str, object] = {"group": label, "day": day}
        n = moments[(label, SUMMARY_VARIABLES[0])].n
        row["people"] = n
        for v in SUMMARY_VARIABLES:
            key = (label, v)
            mo = moments[key]
            row[f"{v}_mean"] = mo.mean
            row[f"{v}_sd"] = float(np.sqrt(mo.m2 / mo.n))
            values = np.sort(np.concatenate(kept[key]))
            cum = cumulative[key]
            # Rank r is the (r − before)-th kept value, ``before`` counting the values of the
            # lower bins that were not kept.
            kept_bins = np.flatnonzero(wanted[key])
            before_kept = np.concatenate([[0], np.cumsum(hists[key].counts[kept_bins])])

            def order_statistic(r: int, cum: np.ndarray = cum, kept_bins: np.ndarray = kept_bins,
                                before_kept: np.ndarray = before_kept,
                                values: np.ndarray = values) -> float:
                b = int(np.searchsorted(cum, r, side="right"))
                i = int(np.searchsorted(kept_bins, b))
                below = int(cum[b - 1]) if b > 0 else 0
                return float(values[before_kept[i] + r - below])

            for q, stat in zip(PERCENTILES, STATISTICS[2:], strict=True):
                j, j1, t = _virtual_index(n, q)
                row[f"{v}_{stat}"] = _lerp(order_statistic(j), order_statistic(j1), t)
        for (name, _), count in zip(BMI_CLASSES.items(), bmi_counts[label], strict=True):
            row[f"share_bmi_{name}"] = float(count / n)
        rows.append(row)
    return rows
