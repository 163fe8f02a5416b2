"""Summary statistics of a cohort per group and day: mean, SD, percentiles, BMI classes.

For each group (``all``, ``sex=<value>`` and ``<column>=<value>`` for every grouping column)
and each recorded day: for weight, fat, fat-free mass and leg fat the mean, the standard
deviation of the group (``ddof=0``: the simulated group is the whole population, not a sample
of it) and the 5th, 50th and 95th percentiles (linear interpolation between order statistics,
NumPy's default method), and the share of people in each WHO BMI class.

A day is summarised from its partitions one at a time (:func:`summarise_day`), so memory is
bounded by a partition and the summary's own tables, not by the population, except for the
values the second pass keeps (below): a few thousand per million people at 0.01 kg (a bin of
one value repeated, as rounded inputs give on day 0, is recognised in one more pass and not
kept; a bin of many close but different values still is):

* means and SDs are merged partition by partition with the pairwise update of Chan, Golub &
  LeVeque (1983) [2]_;
* the percentiles are exact order statistics, found in two passes: the first counts the
  values in bins of :data:`PERCENTILE_BIN_KG` (wider for a column of many groups, see
  :data:`GROUPS_PER_BIN_WIDTH`), which locates the bin of each order statistic needed; the
  second keeps only the values that fall in those bins.

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
#: A needed bin holding more values than this is first checked for holding a single value
#: (tied values), which is then not kept: rounded inputs do not make the second pass keep a
#: share of the population.
TIE_CHECK_COUNT = 65_536
#: A column with more groups than this has proportionally wider bins (its groups are
#: smaller, so a bin keeps as few values), which bounds the histograms' memory.
GROUPS_PER_BIN_WIDTH = 10

#: A group: its label, and the column and value that select it (None, None: everybody).
Group = tuple[str, str | None, str | None]
#: One partition's values on a day: each variable of :data:`SUMMARY_VARIABLES`,
#: ``bmi_kg_m2``, and for each grouping column (``sex`` included) the index of each
#: person's value in the sorted values of that column (:func:`group_labels`).
Part = Mapping[str, np.ndarray]
#: A grouping column (None: everybody) and a variable: the key of the summary's tables.
Key = tuple[str | None, str]


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


class _Moments:
    """Count, mean and sum of squared deviations of each group of a column, merged part by
    part with the pairwise update of Chan et al. (1983)."""

    def __init__(self, groups: int) -> None:
        self.n = np.zeros(groups, dtype=np.int64)
        self.mean = np.zeros(groups)
        self.m2 = np.zeros(groups)

    def add(self, g: np.ndarray, counts: np.ndarray, x: np.ndarray) -> None:
        """Add the values ``x`` of a part whose group codes are ``g`` (``counts`` per code)."""
        size = counts.shape[0]
        with np.errstate(invalid="ignore", divide="ignore"):
            mb = np.bincount(g, weights=x, minlength=size) / counts
            m2b = np.bincount(g, weights=(x - mb[g]) ** 2, minlength=size)
            n = self.n + counts
            delta = np.where(counts > 0, mb - self.mean, 0.0)
            self.mean = np.where(counts > 0, self.mean + delta * counts / n, self.mean)
            self.m2 = np.where(counts > 0, self.m2 + m2b + delta * delta * self.n * counts / n,
                               self.m2)
        self.n = n


class _Histogram:
    """Counts of each group's values per bin (:func:`_codes`): one row per group of a
    column, over the bins seen."""

    def __init__(self, groups: int) -> None:
        self.lo = 0
        self.counts = np.zeros((groups, 0), dtype=np.int64)

    def add(self, g: np.ndarray, codes: np.ndarray) -> None:
        if codes.shape[0] == 0:
            return
        groups, width = self.counts.shape
        cmin, cmax = int(codes.min()), int(codes.max())
        if width == 0:
            self.lo, width = cmin, cmax - cmin + 1
            self.counts = np.zeros((groups, width), dtype=np.int64)
        lo, hi = min(self.lo, cmin), max(self.lo + width - 1, cmax)
        if (lo, hi) != (self.lo, self.lo + width - 1):
            grown = np.zeros((groups, hi - lo + 1), dtype=np.int64)
            grown[:, self.lo - lo:self.lo - lo + width] = self.counts
            self.lo, self.counts = lo, grown
            width = hi - lo + 1
        self.counts += np.bincount(g * width + (codes - self.lo),
                                   minlength=groups * width).reshape(groups, width)


def _bin_width(groups: int) -> float:
    """Histogram bin width [kg] for a column of ``groups`` groups."""
    return PERCENTILE_BIN_KG * max(1.0, groups / GROUPS_PER_BIN_WIDTH)


def _codes(x: np.ndarray, width: float) -> np.ndarray:
    """Bin of each value: ``floor(x / width)`` (monotonic in ``x``)."""
    return np.floor(x / width).astype(np.int64)


def _virtual_index(n: int, q: float) -> tuple[int, int, float]:
    """NumPy's linear method: the order statistics around ``q`` % and the weight."""
    h = (n - 1) * (q / 100.0)
    j = int(np.floor(h))
    return j, min(j + 1, n - 1), h - j


def _lerp(a: float, b: float, t: float) -> float:
    """Linear interpolation as NumPy computes it (from the nearer end)."""
    d = b - a
    return b - d * (1.0 - t) if t >= 0.5 else a + d * t


#: The finite BMI cut-offs of :data:`BMI_CLASSES`: people are counted between consecutive
#: ones, and each class adds up the intervals it spans.
_BMI_EDGES = np.array(sorted({b for lh in BMI_CLASSES.values() for b in lh if 0 < b < np.inf}))


def _bmi_interval_counts(g: np.ndarray, groups: int, bmi: np.ndarray) -> np.ndarray:
    """People per group and BMI interval, ``(groups, len(_BMI_EDGES) + 2)``: the last
    column counts a BMI that is NaN (in no class)."""
    k = _BMI_EDGES.shape[0] + 2
    cls = np.where(np.isnan(bmi), k - 1, np.searchsorted(_BMI_EDGES, bmi, side="right"))
    return np.bincount(g * k + cls, minlength=groups * k).reshape(groups, k)


def _order_statistics(counts: np.ndarray, ranks: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The bins holding the values of rank ``ranks`` (0-based) given a row of bin counts: a
    mask of them, and the cumulative counts."""
    cum = np.cumsum(counts)
    need = np.zeros(counts.shape[0], dtype=bool)
    need[np.searchsorted(cum, ranks, side="right")] = True
    return need, cum


def _tied_bins(parts: Callable[[], Iterable[Part]], columns: list[str | None],
               codes: Callable[[Part, str | None], np.ndarray],
               finite: Callable[[Part, str, np.ndarray], tuple[np.ndarray, np.ndarray]],
               width: Mapping[str | None, float], hists: Mapping[Key, _Histogram],
               wanted: dict[Key, np.ndarray]) -> dict[Key, np.ndarray]:
    """The needed bins of more than :data:`TIE_CHECK_COUNT` values that hold one value only
    (inputs rounded to 0.1 kg put everybody of a weight in one bin): their value, NaN for
    the others, ``(groups, bins)`` per column and variable; they are taken out of ``wanted``.

    One more pass over the parts, only when there are such bins: their minimum and maximum.
    """
    big = {key: wanted[key] & (h.counts > TIE_CHECK_COUNT) for key, h in hists.items()}
    big = {key: b for key, b in big.items() if b.any()}
    if not big:
        return {}
    low = {key: np.full(b.shape, np.inf) for key, b in big.items()}
    high = {key: np.full(b.shape, -np.inf) for key, b in big.items()}
    for part in parts():
        for c in columns:
            g = codes(part, c)
            for (col, v), b in big.items():
                if col != c:
                    continue
                gv, x = finite(part, v, g)
                where = (gv, _codes(x, width[c]) - hists[(c, v)].lo)
                sel = b[where]
                at = (where[0][sel], where[1][sel])
                np.minimum.at(low[(c, v)], at, x[sel])
                np.maximum.at(high[(c, v)], at, x[sel])
    tied: dict[Key, np.ndarray] = {}
    for key, b in big.items():
        one = b & (low[key] == high[key])
        tied[key] = np.where(one, low[key], np.nan)
        wanted[key] = wanted[key] & ~one
    return tied


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
    # Everybody is one more "column" with a single code; each group is a (column, code).
    columns: list[str | None] = [None, *codes_of]
    size = {c: 1 if c is None else len(codes_of[c]) for c in columns}
    width = {c: _bin_width(size[c]) for c in columns}
    where = {label: (col, 0 if col is None else codes_of[col][str(val)])
             for label, col, val in groups}

    def codes(part: Part, col: str | None) -> np.ndarray:
        n = part[SUMMARY_VARIABLES[0]].shape[0]
        return np.zeros(n, dtype=np.int64) if col is None else np.asarray(part[col], np.int64)

    moments = {(c, v): _Moments(size[c]) for c in columns for v in SUMMARY_VARIABLES}
    hists = {(c, v): _Histogram(size[c]) for c in columns for v in SUMMARY_VARIABLES}
    # People whose value is NaN or infinite make their groups' statistics NaN (as NumPy's).
    invalid = {(c, v): np.zeros(size[c], dtype=np.int64) for c in columns
               for v in SUMMARY_VARIABLES}
    people = {c: np.zeros(size[c], dtype=np.int64) for c in columns}
    bmi = {c: np.zeros((size[c], _BMI_EDGES.shape[0] + 2), dtype=np.int64) for c in columns}

    def finite(part: Part, v: str, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = part[v]
        ok = np.isfinite(x)
        return (g, x) if ok.all() else (g[ok], x[ok])

    for part in parts():
        bins: dict[tuple[float, str], np.ndarray] = {}
        for c in columns:
            g = codes(part, c)
            people[c] += np.bincount(g, minlength=size[c])
            for v in SUMMARY_VARIABLES:
                x = part[v]
                ok = np.isfinite(x)
                if ok.all():
                    gv = g
                    if (width[c], v) not in bins:       # shared by columns of one width
                        bins[(width[c], v)] = _codes(x, width[c])
                    xbins = bins[(width[c], v)]
                else:
                    invalid[(c, v)] += np.bincount(g[~ok], minlength=size[c])
                    gv, x = g[ok], x[ok]
                    xbins = _codes(x, width[c])
                moments[(c, v)].add(gv, np.bincount(gv, minlength=size[c]), x)
                hists[(c, v)].add(gv, xbins)
            bmi[c] += _bmi_interval_counts(g, size[c], part["bmi_kg_m2"])
    # The bins that hold the order statistics needed, per column and variable: (groups, bins).
    wanted: dict[Key, np.ndarray] = {}
    cumulative: dict[Key, list[np.ndarray]] = {}
    for (c, v), h in hists.items():
        need = np.zeros(h.counts.shape, dtype=bool)
        cums = []
        for i in range(size[c]):
            n = int(moments[(c, v)].n[i])
            ranks = sorted({r for q in PERCENTILES for r in _virtual_index(n, q)[:2]})
            need[i], cum = _order_statistics(h.counts[i], ranks if n else [])
            cums.append(cum)
        wanted[(c, v)], cumulative[(c, v)] = need, cums
    tied = _tied_bins(parts, columns, codes, finite, width, hists, wanted)
    kept: dict[Key, list[tuple[np.ndarray, np.ndarray]]] = {
        key: [] for key in hists}
    for part in parts():
        for c in columns:
            g = codes(part, c)
            for v in SUMMARY_VARIABLES:
                gv, x = finite(part, v, g)
                sel = wanted[(c, v)][gv, _codes(x, width[c]) - hists[(c, v)].lo]
                kept[(c, v)].append((gv[sel], x[sel]))
    # The kept values of each group, sorted.
    by_group: dict[Key, list[np.ndarray]] = {}
    for (c, v), pieces in kept.items():
        gk = np.concatenate([np.zeros(0, dtype=np.int64), *(gp for gp, _ in pieces)])
        xk = np.concatenate([np.zeros(0), *(xp for _, xp in pieces)])
        order = np.lexsort((xk, gk))
        by_group[(c, v)] = np.split(xk[order], np.cumsum(np.bincount(gk, minlength=size[c]))[:-1])
    rows: list[dict[str, object]] = []
    intervals = np.concatenate([[0.0], _BMI_EDGES, [np.inf]])
    for label, _, _ in groups:
        c, i = where[label]
        n = int(people[c][i])
        row: dict[str, object] = {"group": label, "day": day, "people": n}
        for v in SUMMARY_VARIABLES:
            key = (c, v)
            mo = moments[key]
            stats = [f"{v}_{stat}" for stat in STATISTICS]
            if invalid[key][i]:
                row.update(dict.fromkeys(stats, float("nan")))
                continue
            row[f"{v}_mean"] = float(mo.mean[i])
            row[f"{v}_sd"] = float(np.sqrt(mo.m2[i] / n))
            values = by_group[key][i]
            cum = cumulative[key][i]
            # Rank r is the (r − below)-th value of its bin, and the bins kept before it
            # hold ``before_kept`` values.
            kept_bins = np.flatnonzero(wanted[key][i])
            before_kept = np.concatenate([[0], np.cumsum(hists[key].counts[i, kept_bins])])

            same = tied[key][i] if key in tied else None

            def order_statistic(r: int, cum: np.ndarray = cum, kept_bins: np.ndarray = kept_bins,
                                before_kept: np.ndarray = before_kept,
                                values: np.ndarray = values,
                                same: np.ndarray | None = same) -> float:
                b = int(np.searchsorted(cum, r, side="right"))
                if same is not None and not np.isnan(same[b]):
                    return float(same[b])          # a bin of one value, not kept
                k = int(np.searchsorted(kept_bins, b))
                below = int(cum[b - 1]) if b > 0 else 0
                return float(values[before_kept[k] + r - below])

            for q, stat in zip(PERCENTILES, STATISTICS[2:], strict=True):
                j, j1, t = _virtual_index(n, q)
                row[f"{v}_{stat}"] = _lerp(order_statistic(j), order_statistic(j1), t)
        for name, (lo, hi) in BMI_CLASSES.items():
            inside = (intervals[:-1] >= lo) & (intervals[1:] <= hi)
            row[f"share_bmi_{name}"] = float(bmi[c][i, :-1][inside].sum() / n)
        rows.append(row)
    return rows
