"""The cohort summary, merged partition by partition, against NumPy on the whole group."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runlean.cohort.summary import (
    BMI_CLASSES,
    PERCENTILE_BIN_KG,
    Part,
    _bin_width,
    group_labels,
    summarise_day,
)

VARS = ("weight_kg", "fat_kg", "fat_free_kg", "leg_fat_kg")


def _parts(values: dict[str, np.ndarray], cuts: list[int]) -> Iterator[Part]:
    bounds = [0, *cuts, values["weight_kg"].shape[0]]
    for s, e in itertools.pairwise(bounds):
        yield {k: v[s:e] for k, v in values.items()}


def _summary(values: dict[str, np.ndarray], cuts: list[int]) -> list[dict[str, object]]:
    sexes = ["female", "male"]
    groups = group_labels({"sex": [sexes[c] for c in np.unique(values["sex"])]})
    return summarise_day(7, lambda: _parts(values, cuts), groups,
                         {"sex": {s: i for i, s in enumerate(sexes)}})


def _check(values: dict[str, np.ndarray], cuts: list[int]) -> list[dict[str, object]]:
    rows = _summary(values, cuts)
    for row in rows:
        label = str(row["group"])
        sel = (np.ones(values["sex"].shape[0], bool) if label == "all"
               else values["sex"] == ("female", "male").index(label.split("=")[1]))
        assert row["day"] == 7 and row["people"] == int(sel.sum())
        for v in VARS:
            x = values[v][sel]
            # Order statistics exactly: the same value as NumPy's linear method.
            for q in (5, 50, 95):
                assert row[f"{v}_p{q}"] == np.percentile(x, q), (v, q, label)
            assert row[f"{v}_mean"] == pytest.approx(np.mean(x), rel=1e-12, abs=1e-12)
            assert row[f"{v}_sd"] == pytest.approx(np.std(x), rel=1e-9, abs=1e-9)
        bmi = values["bmi_kg_m2"][sel]
        for name, (lo, hi) in BMI_CLASSES.items():
            assert row[f"share_bmi_{name}"] == np.mean((bmi >= lo) & (bmi < hi))
    return rows


def _values(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    w = np.round(rng.normal(80, 15, n), 1)           # rounded: many ties
    return {"weight_kg": w, "fat_kg": rng.uniform(5, 60, n),
            "fat_free_kg": w - 20.0, "leg_fat_kg": np.full(n, 7.3),   # all equal
            "bmi_kg_m2": rng.uniform(16, 45, n), "sex": rng.integers(0, 2, n)}


def test_percentiles_are_exact_order_statistics_whatever_the_partitioning() -> None:
    rng = np.random.default_rng(3)
    values = _values(rng, 5000)
    one = _check(values, [])
    for cuts in ([1], [2500], [17, 18, 3000, 4999], list(range(100, 5000, 100))):
        rows = _check(values, cuts)
        for a, b in zip(one, rows, strict=True):
            for key, value in a.items():
                if str(key).endswith(("_mean", "_sd")):
                    assert b[key] == pytest.approx(value, rel=0, abs=1e-9)
                else:
                    assert b[key] == value, key


def test_small_groups_and_values_on_bin_edges() -> None:
    edges = np.arange(1, 8) * PERCENTILE_BIN_KG * 100            # exact multiples of a bin
    for n in (1, 2, 3, 7):
        values = {v: edges[:n].copy() for v in VARS}
        values |= {"bmi_kg_m2": np.array([18.5, 25.0, 30.0, 35.0, 40.0, 17.0, 24.9])[:n],
                   "sex": np.arange(n) % 2}
        _check(values, [1] if n > 1 else [])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 400.0, allow_nan=False), min_size=1, max_size=60),
       st.lists(st.integers(0, 60), max_size=4))
def test_any_values_and_cuts(xs: list[float], raw_cuts: list[int]) -> None:
    x = np.array(xs)
    n = x.shape[0]
    values = dict.fromkeys(VARS, x) | {"bmi_kg_m2": x / 4.0, "sex": np.arange(n) % 2}
    _check(values, sorted({c for c in raw_cuts if 0 < c < n}))


def test_a_column_of_many_groups_has_wider_bins_and_exact_percentiles() -> None:
    rng = np.random.default_rng(5)
    n, k = 6000, 60
    band = rng.integers(0, k, n)
    values = _values(rng, n) | {"band": band}
    names = [f"b{i:02d}" for i in range(k)]
    groups = group_labels({"band": names})
    parts = list(_parts(values, [1000, 3500]))
    rows = summarise_day(3, lambda: iter(parts), groups, {"band": {b: i for i, b in
                                                                   enumerate(names)}})
    assert _bin_width(k) == pytest.approx(6 * PERCENTILE_BIN_KG) and _bin_width(2) == (
        PERCENTILE_BIN_KG)
    for row in rows[1:]:
        x = values["weight_kg"][band == names.index(str(row["group"]).split("=")[1])]
        assert row["people"] == x.shape[0]
        for q in (5, 50, 95):
            assert row[f"weight_kg_p{q}"] == np.percentile(x, q)


def test_nan_or_infinite_values_make_their_groups_statistics_nan() -> None:
    rng = np.random.default_rng(7)
    values = _values(rng, 400)
    values["fat_kg"] = values["fat_kg"].copy()
    values["bmi_kg_m2"] = values["bmi_kg_m2"].copy()
    female = np.flatnonzero(values["sex"] == 0)
    values["fat_kg"][female[3]] = np.nan
    values["fat_kg"][female[7]] = np.inf
    values["bmi_kg_m2"][female[5]] = np.nan
    rows = {str(r["group"]): r for r in _summary(values, [100, 250])}
    for label in ("all", "sex=female"):
        assert all(np.isnan(float(rows[label][f"fat_kg_{s}"]))  # type: ignore[arg-type]
                   for s in ("mean", "sd", "p5", "p50", "p95"))
    male = rows["sex=male"]
    x = values["fat_kg"][values["sex"] == 1]
    assert male["fat_kg_p50"] == np.percentile(x, 50)
    assert male["fat_kg_mean"] == pytest.approx(np.mean(x), rel=1e-12)
    # The other variables are untouched; a NaN BMI is in no class (as NumPy compares it).
    w = values["weight_kg"][values["sex"] == 0]
    assert rows["sex=female"]["weight_kg_p95"] == np.percentile(w, 95)
    bmi = values["bmi_kg_m2"][values["sex"] == 0]
    assert rows["sex=female"]["share_bmi_obesity"] == np.mean(bmi >= 30.0)
    assert sum(float(rows["sex=female"][f"share_bmi_{k}"])  # type: ignore[arg-type]
               for k in ("underweight", "normal", "overweight", "obesity")) == pytest.approx(
        1 - 1 / female.shape[0])


@pytest.mark.parametrize("threshold", [0, 2, 40])
def test_bins_of_one_repeated_value_are_told_without_keeping_them(
        monkeypatch: pytest.MonkeyPatch, threshold: int) -> None:
    """Weights rounded to 0.1 kg and a constant leg fat (one value in a bin many times) and
    fat spread over every bin (many values in a bin): the same exact percentiles whichever
    bins are checked for ties."""
    import runlean.cohort.summary as summary

    seen: list[int] = []
    real = summary._tied_bins

    def spy(*args: object, **kwargs: object) -> dict[object, np.ndarray]:
        out = real(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(sum(int(np.count_nonzero(~np.isnan(v))) for v in out.values()))
        return out  # type: ignore[return-value]

    monkeypatch.setattr(summary, "TIE_CHECK_COUNT", threshold)
    monkeypatch.setattr(summary, "_tied_bins", spy)
    values = _values(np.random.default_rng(11), 3000)
    _check(values, [700, 1800])
    assert seen and seen[0] > 0            # some bins were told by their single value
