"""Chunked cohort runs agree with one big batch and with single-person runs."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.cohort import iter_cohort_chunks, run_cohort
from runlean.science.hall2011 import hall_baseline, simulate_batch


def _cohort(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {"male": rng.random(n) < 0.5, "age_years": rng.uniform(20, 65, n),
            "height_cm": rng.uniform(155, 195, n), "weight_kg": rng.uniform(55, 130, n),
            "pal": rng.uniform(1.4, 2.0, n)}


def test_chunked_equals_single_batch_and_single_people() -> None:
    c = _cohort(103)
    d_ei = -np.linspace(0, 800, 103)
    schedule = np.where(np.arange(60) < 30, 0.0, 20.0)  # shared activity schedule
    whole = run_cohort(c["male"], c["age_years"], c["height_cm"], c["weight_kg"], 60,
                       pal=c["pal"], intake_change_kcal_per_day=d_ei,
                       activity_change_pct=schedule, chunk_size=1000)
    chunked = run_cohort(c["male"], c["age_years"], c["height_cm"], c["weight_kg"], 60,
                         pal=c["pal"], intake_change_kcal_per_day=d_ei,
                         activity_change_pct=schedule, chunk_size=10, workers=2)
    np.testing.assert_allclose(chunked.weight_kg, whole.weight_kg, rtol=0, atol=1e-12)
    np.testing.assert_allclose(chunked.fat_kg, whole.fat_kg, rtol=0, atol=1e-12)
    for i in (0, 57, 102):  # a batch of one gives the same answer
        b = hall_baseline(bool(c["male"][i]), c["age_years"][i], c["height_cm"][i],
                          c["weight_kg"][i], pal=c["pal"][i])
        one = simulate_batch(b, 60, d_ei[i], schedule)
        assert one.weight[0, -1] == pytest.approx(whole.weight_kg[i], abs=1e-12)
    # Person 0 eats as before but is 20 % more active from day 30: loses a little.
    assert -2.0 < whole.weight_kg[0] - c["weight_kg"][0] < -0.3
    # Everyone eats less or moves more, so everyone ends lighter than at baseline.
    assert np.all(whole.weight_kg < whole.weight0_kg)


def test_iter_chunks_streams_full_trajectories() -> None:
    c = _cohort(25)
    spans = []
    for start, stop, traj in iter_cohort_chunks(c["male"], c["age_years"], c["height_cm"],
                                                c["weight_kg"], 30, chunk_size=10,
                                                intake_change_kcal_per_day=-400.0):
        assert traj.weight.shape == (stop - start, 31)
        spans.append((start, stop))
    assert spans == [(0, 10), (10, 20), (20, 25)]


# --------------------------------------------------------------------------------------------
# runlean cohort: population, example population, programme, study, summary, determinism

import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from runlean.cohort import (  # noqa: E402
    CohortInterrupted,
    example_cohort_scenario,
    example_population,
    run_cohort_study,
)
from runlean.cohort.population import validate_population  # noqa: E402
from runlean.cohort.programme import (  # noqa: E402
    parse_programme,
    programme_kcal_per_day,
    programme_speed_m_per_s,
    session_energy_kcal,
)
from runlean.cohort.scenario import parse_cohort_scenario  # noqa: E402
from runlean.cohort.summary import BMI_CLASSES, summary_columns  # noqa: E402
from runlean.cohort.synthetic import nhanes_table  # noqa: E402
from runlean.domain import Person, check_range  # noqa: E402
from runlean.errors import InvalidInputError, RunleanError, ScenarioError  # noqa: E402
from runlean.science.hall2011_fast import numba_available  # noqa: E402
from tests.conftest import REPO  # noqa: E402

needs_numba = pytest.mark.skipif(not numba_available(), reason="numba is not installed")


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A population table as read from a CSV: every cell as text, blanks as ''."""
    cols = sorted({k for r in rows for k in r})
    return pd.DataFrame([{c: ("" if r.get(c) is None else str(r.get(c))) for c in cols}
                         for r in rows])


GOOD = {"sex": "female", "age_years": 40, "height_cm": 165, "weight_kg": 80}


def test_bad_rows_are_reported_with_row_numbers_and_the_domain_message() -> None:
    rows = [GOOD, dict(GOOD, weight_kg=400), dict(GOOD, sex="x"), dict(GOOD, age_years="abc"),
            dict(GOOD, height_cm=None), dict(GOOD, body_fat_pct=80), dict(GOOD, legs_kg=5),
            dict(GOOD, legs_kg=30, arms_kg=10, trunk_kg=20, body_fat_pct=30),
            dict(GOOD, baseline_intake_kcal_per_day=100), dict(GOOD, sex=" MALE ", pal=1.8),
            dict(GOOD, weight_kg=350, age_years=18, height_cm=230, pal=2.5)]  # bounds: in
    pop = validate_population(_table(rows))
    assert pop.n == 3 and list(pop.rows) == [1, 10, 11]
    assert list(pop.male) == [False, True, False]
    got = {r.row: (r.field, r.reason) for r in pop.rejected}
    assert sorted(got) == [2, 3, 4, 5, 6, 7, 8, 9]
    with pytest.raises(InvalidInputError) as exc:
        check_range("weight_kg", 400.0)
    assert got[2] == ("weight_kg", str(exc.value))     # the domain rule's own message
    assert got[3][0] == "sex" and got[4][0] == "age_years" and "abc" in got[4][1]
    assert got[5][0] == "height_cm" and "nothing" in got[5][1]
    assert got[6][0] == "body_fat_pct" and "between 3 and 70" in got[6][1]
    assert got[7][0] == "regional_fat" and got[8][0] == "regional_fat"
    assert got[9][0] == "baseline_intake_kcal_per_day"
    assert math.isnan(pop.pal[0]) and pop.pal[1] == 1.8


def test_row_verdicts_match_the_person_rules() -> None:
    """Vectorised checks accept a row exactly when Person (and check_range for pal) does."""
    rng = np.random.default_rng(5)
    rows = []
    for _ in range(300):
        r: dict[str, Any] = {"sex": rng.choice(["female", "male"]),
                             "age_years": float(np.round(rng.uniform(10, 110), 1)),
                             "height_cm": float(np.round(rng.uniform(100, 240), 1)),
                             "weight_kg": float(np.round(rng.uniform(20, 380), 1))}
        if rng.random() < 0.5:
            r["body_fat_pct"] = float(np.round(rng.uniform(0, 80), 1))
        if rng.random() < 0.5:
            r["pal"] = float(np.round(rng.uniform(1.0, 2.8), 2))
        if rng.random() < 0.3:
            r.update(legs_kg=float(rng.uniform(0, 40)), arms_kg=float(rng.uniform(0, 10)),
                     trunk_kg=float(rng.uniform(0, 60)))
        rows.append(r)
    pop = validate_population(_table(rows))
    kept = set(pop.rows.tolist())
    for i, r in enumerate(rows, start=1):
        fields = {k: r[k] for k in ("sex", "age_years", "height_cm", "weight_kg",
                                    "body_fat_pct") if k in r}
        if "legs_kg" in r:
            fields["regional_fat"] = {"legs_kg": r["legs_kg"], "arms_kg": r["arms_kg"],
                                      "trunk_kg": r["trunk_kg"]}
        try:
            Person(**fields)
            if "pal" in r:
                check_range("pal", r["pal"])
            ok = True
        except InvalidInputError:
            ok = False
        assert (i in kept) == ok, (i, r)
    assert 0 < len(kept) < len(rows)


def test_population_errors() -> None:
    with pytest.raises(InvalidInputError, match="missing: weight_kg"):
        validate_population(pd.DataFrame({"sex": ["male"], "age_years": [30],
                                          "height_cm": [180]}))
    with pytest.raises(InvalidInputError, match="at least one valid row"):
        validate_population(_table([dict(GOOD, weight_kg=1)]))
    many = _table([dict(GOOD, person_ref=str(i)) for i in range(1001)])
    with pytest.raises(InvalidInputError, match="grouping column"):
        validate_population(many)


def test_example_population_follows_the_published_tables() -> None:
    """BMI P5/P50/P95 are fitted; BMI quartiles and weight percentiles are independent checks.

    Weight is BMI × height² with BMI drawn independently of height; the published weight
    percentiles (Fryar et al. 2025, Table 3) are reproduced within 4.5 kg (measured with
    20 000 people per stratum: at most 3.8 kg off) and the BMI quartiles (Table 10) within
    1.5 kg/m² (measured: at most 1.2).
    """
    pop = example_population(12 * 20_000, seed=1)
    assert example_population(50, seed=3).equals(example_population(50, seed=3))
    assert validate_population(pop).n == len(pop)       # every generated row is valid
    for row in nhanes_table():
        band = f"{row['age_low']:.0f}-{row['age_high']:.0f}"
        s = pop[(pop["sex"] == row["sex"]) & (pop["age_band"] == band)]
        assert len(s) == 20_000
        assert s["age_years"].between(row["age_low"], float(row["age_high"]) + 1).all()
        bmi = s["weight_kg"] / (s["height_cm"] / 100) ** 2
        p = np.percentile(bmi, [5, 25, 50, 75, 95])
        want = [float(row[k]) for k in ("bmi_p5", "bmi_p25", "bmi_p50", "bmi_p75",
                                        "bmi_p95")]
        np.testing.assert_allclose(p[[0, 2, 4]], np.array(want)[[0, 2, 4]], atol=1.0)
        np.testing.assert_allclose(p[[1, 3]], np.array(want)[[1, 3]], atol=1.5)
        w = np.percentile(s["weight_kg"], [5, 25, 50, 75, 95])
        want_w = [float(row[k]) for k in ("weight_p5_kg", "weight_p25_kg", "weight_p50_kg",
                                          "weight_p75_kg", "weight_p95_kg")]
        np.testing.assert_allclose(w, want_w, atol=4.5)
        assert abs(s["height_cm"].mean() - float(row["height_mean_cm"])) < 0.3


def test_programme_energy_equals_the_planners_for_the_same_person_and_session() -> None:
    import datetime as dt

    from runlean.planning.sessions import person_factors, session_energy
    from runlean.planning.training import SessionSpec

    spec = SessionSpec(dt.date(2026, 1, 5), 0, "easy", "running", 30.0, 30.0, 0, False)
    for vo2max in (None, 45.0):
        person = Person(sex="male", age_years=40, height_cm=180, weight_kg=92,
                        vo2max_ml_per_kg_min=vo2max)
        f = person_factors(person, "beginner")
        net, _gross, epoc = session_energy(spec, f)
        raw: dict[str, Any] = {"sessions_per_week": 3, "minutes": 30, "adherence": 0.5}
        if vo2max is None:
            raw["speed_m_per_s"] = f.easy_speed_m_per_s
        else:
            raw["vo2max_fraction"] = 0.65                # the planner's easy intensity
        prog = parse_programme(raw, 100)
        v = np.array([np.nan if vo2max is None else vo2max])
        speed = programme_speed_m_per_s(prog, v)
        assert speed[0] == pytest.approx(f.easy_speed_m_per_s, rel=1e-12)
        c_net, c_epoc = session_energy_kcal(speed, 30.0, np.array([92.0]))
        assert c_net[0] == pytest.approx(net, rel=1e-12)
        assert c_epoc[0] == pytest.approx(epoc, rel=1e-12)
        per_day = programme_kcal_per_day(prog, np.array([92.0]), v, np.array([True]))
        assert per_day[0] == pytest.approx(3 * 0.5 * (net + epoc) / 7, rel=1e-12)
        # Twice the weight, twice the energy (ACSM energy ∝ body weight).
        assert programme_kcal_per_day(prog, np.array([184.0]), v, np.array([True]))[0] \
            == pytest.approx(2 * per_day[0], rel=1e-12)


def test_study_passes_the_programme_to_hall_as_weight_scaled_extra_activity(
        tmp_path: Path) -> None:
    """One person through runlean cohort equals simulate_batch with the programme's energy."""
    scenario = {"days": 120, "intake_change_kcal_per_day": -200,
                "running_programme": {"sessions_per_week": 4, "minutes": 40,
                                      "speed_m_per_s": 2.5, "adherence": 0.8,
                                      "start_day": 30, "compensation": 0.25}}
    res = run_cohort_study(_table([dict(GOOD, pal=1.5)]), scenario, tmp_path / "r",
                           every=1, workers=1, engine="numpy")
    traj = pq.read_table(res.trajectories_dir / "part-00000.parquet").to_pandas()
    net, epoc = session_energy_kcal(np.array([2.5]), 40.0, np.array([80.0]))
    kcal = 4 * 0.8 * (net[0] + epoc[0]) / 7 * 0.75
    extra = np.where(np.arange(120) >= 30, kcal, 0.0)
    b = hall_baseline(False, 40, 165, 80, pal=1.5)
    ref = simulate_batch(b, 120, -200.0, extra_activity_kcal_per_day=extra[None, :])
    np.testing.assert_array_equal(traj["day"], np.arange(121))
    np.testing.assert_allclose(traj["weight_kg"], ref.weight[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(traj["expenditure_kcal_per_day"], ref.expenditure[0], rtol=0,
                               atol=1e-9)
    assert traj["weight_kg"].iloc[-1] < traj["weight_kg"].iloc[30] - 0.5


def _population(n: int) -> pd.DataFrame:
    pop = example_population(n, seed=4)
    pop["region"] = np.where(np.arange(n) % 3 == 0, "north", "south")
    pop["person_id"] = pop["person_id"].astype(str)     # as the trajectories write it
    return pop


SCENARIO = {"days": 90, "intake_change_kcal_per_day": -150,
            "running_programme": {"sessions_per_week": 3, "minutes": 30, "speed_m_per_s": 2.4,
                                  "adherence": 0.7, "start_day": 10,
                                  "applies_to": {"region": "north", "bmi_min": 25}}}


def test_summary_equals_a_direct_numpy_computation(tmp_path: Path) -> None:
    pop = _population(60)
    res = run_cohort_study(pop, SCENARIO, tmp_path / "r", every=30, workers=1,
                           engine="numpy", partition_size=25)
    assert res.partitions == 3 and list(res.record_days) == [0, 30, 60, 90]
    summary = pd.read_parquet(res.summary_path)
    assert list(summary.columns) == summary_columns()
    assert set(summary["group"]) == {"all", "sex=female", "sex=male", "region=north",
                                     "region=south", *(f"age_band={b}-{b + 9}"
                                                       for b in range(20, 80, 10))}
    traj = pd.concat([pq.read_table(f).to_pandas() for f in
                      sorted(res.trajectories_dir.glob("part-*.parquet"))])
    assert len(traj) == 60 * 4 and not list(res.trajectories_dir.glob("*.tmp"))
    height = pop.set_index("person_id")["height_cm"] / 100
    for group, mask in (("all", np.ones(60, bool)), ("region=north", pop["region"] == "north"),
                        ("sex=male", pop["sex"] == "male")):
        ids = pop.loc[np.asarray(mask), "person_id"].to_numpy()
        for day in (0, 60, 90):
            t = traj[(traj["day"] == day) & traj["person_id"].isin(ids)].set_index("person_id")
            row = summary[(summary["group"] == group) & (summary["day"] == day)].iloc[0]
            assert row["people"] == len(ids)
            for var in ("weight_kg", "fat_kg", "fat_free_kg", "leg_fat_kg"):
                x = t[var].to_numpy()
                assert row[f"{var}_mean"] == pytest.approx(np.mean(x), rel=1e-12)
                assert row[f"{var}_sd"] == pytest.approx(np.std(x), rel=1e-12)
                for q in (5, 50, 95):
                    assert row[f"{var}_p{q}"] == pytest.approx(np.percentile(x, q), rel=1e-12)
            bmi = t["weight_kg"] / height.loc[t.index] ** 2
            for name, (lo, hi) in BMI_CLASSES.items():
                assert row[f"share_bmi_{name}"] == pytest.approx(
                    float(np.mean((bmi >= lo) & (bmi < hi))), abs=1e-12)
    # The programme (north, BMI ≥ 25, from day 10) makes its members lose more than the rest.
    d90 = traj[traj["day"] == 90].set_index("person_id")["weight_kg"]
    d0 = traj[traj["day"] == 0].set_index("person_id")["weight_kg"]
    bmi0 = pop.set_index("person_id")["weight_kg"] / height**2
    member = (pop.set_index("person_id")["region"] == "north") & (bmi0 >= 25)
    loss = d0 - d90
    assert loss[member].mean() > loss[~member].mean() + 0.5
    manifest = json.loads((res.out_dir / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["finished_partitions"]) == 3


def _all_trajectories(res: Any) -> pd.DataFrame:
    """Every partition's trajectories (text columns as text: each file has its own
    categories), sorted by person and day."""
    frames = [pq.read_table(f).to_pandas()
              for f in sorted(res.trajectories_dir.glob("part-*.parquet"))]
    frames = [f.astype(dict.fromkeys(f.select_dtypes("category").columns, str)) for f in frames]
    return pd.concat(frames).sort_values(["person_id", "day"]).reset_index(drop=True)


def _assert_same_summary(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Counts, shares and percentiles bit for bit; means and SDs within 1e-9 kg (they are
    merged partition by partition, so the partitioning changes their rounding)."""
    moments = [c for c in a.columns if c.endswith(("_mean", "_sd"))]
    assert moments and len(moments) == 8
    pd.testing.assert_frame_equal(a.drop(columns=moments), b.drop(columns=moments),
                                  check_exact=True)
    np.testing.assert_allclose(a[moments], b[moments], rtol=0, atol=1e-9)


@needs_numba
def test_two_dask_workers_give_the_single_process_results(tmp_path: Path) -> None:
    """A LocalCluster of 2 worker processes, small partitions, vs one partition here."""
    pop = _population(150)
    one = run_cohort_study(pop, SCENARIO, tmp_path / "one", every=15, workers=1,
                           engine="numba", partition_size=1000)
    two = run_cohort_study(pop, SCENARIO, tmp_path / "two", every=15, workers=2,
                           engine="numba", partition_size=17)
    assert one.scheduler == "in-process" and two.workers == 2 and two.partitions == 9
    assert "local Dask cluster" in two.scheduler
    a, b = _all_trajectories(one), _all_trajectories(two)
    pd.testing.assert_frame_equal(a, b, check_exact=True)          # bit for bit
    _assert_same_summary(one.summary, two.summary)
    # The NumPy engine agrees within 1e-9 kg.
    ref = run_cohort_study(pop, SCENARIO, tmp_path / "np", every=15, workers=1,
                           engine="numpy", partition_size=40)
    c = _all_trajectories(ref)
    for col in ("weight_kg", "fat_kg", "leg_fat_kg", "trunk_fat_kg"):
        np.testing.assert_allclose(c[col], a[col], rtol=0, atol=1e-9)
    assert two.peak_worker_rss_mb > 10
    # An existing cluster, by its address (here a threaded one in this process: quick).
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        three = run_cohort_study(pop, SCENARIO, tmp_path / "three", every=15,
                                 scheduler=cluster.scheduler_address, engine="numba",
                                 partition_size=50)
    assert three.scheduler == f"Dask cluster at {cluster.scheduler_address}"
    assert three.partitions == 3
    pd.testing.assert_frame_equal(a, _all_trajectories(three), check_exact=True)


@needs_numba
def test_a_run_kept_in_process_integrates_on_every_core_with_the_same_results(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default in-process path runs the kernel on one numba thread per core (3 blocks of
    256 people here); ``workers=1`` on one, and so does the NumPy engine (it has no threads);
    the trajectories are the same bit for bit."""
    import runlean.cohort.study as study
    import runlean.science.hall2011_fast as fast

    monkeypatch.setattr(study, "available_cores", lambda: 2)
    asked: list[int] = []
    kernel_call = fast.simulate_days_fast

    def spy(*args: Any, **kw: Any) -> Any:
        if args[0].n > 256:        # the partitions' calls, not the kernel's warm-up
            asked.append(kw["threads"])
        return kernel_call(*args, **kw)

    monkeypatch.setattr(fast, "simulate_days_fast", spy)
    pop = _population(700)
    one = run_cohort_study(pop, SCENARIO, tmp_path / "one", every=30, workers=1,
                           engine="numba")
    every_core = run_cohort_study(pop, SCENARIO, tmp_path / "all", every=30, engine="numba")
    assert one.scheduler == every_core.scheduler == "in-process"
    threads = [json.loads((r.out_dir / "manifest.json").read_text())["kernel_threads"]
               for r in (one, every_core)]
    assert threads == [1, 2] and asked == [1, 2]
    numpy = run_cohort_study(pop, SCENARIO, tmp_path / "np", every=30, engine="numpy")
    assert json.loads((numpy.out_dir / "manifest.json").read_text())["kernel_threads"] == 1
    pd.testing.assert_frame_equal(_all_trajectories(one), _all_trajectories(every_core),
                                  check_exact=True)
    _assert_same_summary(one.summary, every_core.summary)


def test_the_local_cluster_workers_keep_glibcs_dynamic_mmap_threshold() -> None:
    """Without Dask's MALLOC_TRIM_THRESHOLD_ in the workers (it made them page-fault every
    array in), and this process's environment as it was; the workers have the kernel loaded
    (runlean.cohort.worker's preload) before their first task."""
    import distributed

    from runlean.cohort.study import _local_cluster
    from runlean.science.hall2011_fast import kernel_compiled, numba_available

    key = "MALLOC_TRIM_THRESHOLD_"
    before = os.environ.get(key)
    with _local_cluster(distributed, 1) as cluster, distributed.Client(cluster) as client:
        loaded = list(client.run(kernel_compiled).values())
        seen = client.submit(os.environ.get, key, pure=False).result()
    assert seen is None and os.environ.get(key) == before
    assert loaded == [numba_available()]


def test_ctrl_c_leaves_finished_partitions_readable(tmp_path: Path) -> None:
    calls: list[int] = []

    def stop_after_first(phase: str, done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(CohortInterrupted, match="2 of 4 partitions") as exc:
        run_cohort_study(_population(40), SCENARIO, tmp_path / "r", every=30, workers=1,
                         engine="numpy", partition_size=10, progress=stop_after_first)
    assert exc.value.exit_code == 130
    files = sorted((tmp_path / "r" / "trajectories").iterdir())
    assert [f.name for f in files] == ["part-00000.parquet", "part-00001.parquet"]
    assert pq.read_table(files[1]).num_rows == 10 * 4
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert manifest["finished_partitions"] == [f.name for f in files]
    assert not (tmp_path / "r" / "summary.parquet").exists()


def test_output_folder_and_scenario_errors(tmp_path: Path) -> None:
    pop = _population(24)
    run_cohort_study(pop, {"days": 5}, tmp_path / "r", workers=1, engine="numpy")
    with pytest.raises(InvalidInputError, match="--overwrite"):
        run_cohort_study(pop, {"days": 5}, tmp_path / "r", workers=1, engine="numpy")
    res = run_cohort_study(pop, {"days": 6}, tmp_path / "r", workers=1, engine="numpy",
                           overwrite=True)
    assert list(res.record_days) == [0, 6]
    bad: list[tuple[dict[str, Any], str]] = [
        ({"days": 5, "person": {}}, "POPULATION"),
        ({"days": 5, "speed": 3}, "no such scenario field"),
        ({"days": 0}, "days"),
        ({"days": 5, "intake_change_kcal_per_day": [1, 2]}, "exactly days = 5"),
        # The simulate format's checks, shared: a parameter set that is not a name is an
        # error (it was a TypeError, and "" silently meant "bw").
        ({"days": 5, "parameter_set": {"x": 1}}, "parameter_set"),
        ({"days": 5, "parameter_set": ""}, "parameter_set"),
        ({"days": 5, "lean_modifiers": "yes"}, "lean_modifiers"),
        ({"days": 5, "running_programme": {"sessions_per_week": 3, "minutes": 30}},
         "vo2max_fraction"),
        ({"days": 5, "running_programme": {"sessions_per_week": 3, "minutes": 30,
                                           "speed_m_per_s": 2.5, "pace": 1}}, "no such field"),
    ]
    for sc, match in bad:
        with pytest.raises(ScenarioError, match=match):
            parse_cohort_scenario(sc)
    with pytest.raises(ScenarioError, match=r"applies_to\.county"):
        run_cohort_study(pop, {"days": 5, "running_programme": {
            "sessions_per_week": 3, "minutes": 30, "speed_m_per_s": 2.5,
            "applies_to": {"county": "x"}}}, tmp_path / "s", workers=1, engine="numpy")
    with pytest.raises(InvalidInputError, match="--every"):
        run_cohort_study(pop, {"days": 5}, tmp_path / "t", every=0, workers=1)
    # A cut that would take someone below 0 kcal/day leaves that person out, reported.
    small = _table([GOOD, dict(GOOD, baseline_intake_kcal_per_day=900)])
    res = run_cohort_study(small, {"days": 5, "intake_change_kcal_per_day": -1000},
                           tmp_path / "u", workers=1, engine="numpy")
    assert res.people == 1 and [r.row for r in res.rejected] == [2]
    assert "at least 0 kcal/day" in res.rejected[0].reason
    assert "row,field,value,reason" in (tmp_path / "u" / "rejected_rows.csv").read_text()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, "-m", "runlean", "cohort", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def test_cli_example_and_errors(tmp_path: Path) -> None:
    res = _cli("--example", "--people", "36", "--workers", "1", "--engine", "numpy",
               "--every", "365", "--out", "res", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "36 people" in res.stdout and "obesity" in res.stdout
    summary = pd.read_parquet(tmp_path / "res" / "summary.parquet")
    assert sorted(set(summary["day"])) == [0, 365, 730]
    pop = tmp_path / "pop.csv"
    pop.write_text("sex,age_years,height_cm,weight_kg\nfemale,40,165,80\nmale,30,180,500\n")
    scen = tmp_path / "s.json"
    scen.write_text(json.dumps({"days": 10}))
    res = _cli(str(pop), "--scenario", str(scen), "--out", "r2", "--workers", "1",
               "--engine", "numpy", "--quiet", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "left out 1 rows" in res.stderr and "row 2: weight_kg" in res.stderr
    res = _cli(str(tmp_path / "nope.csv"), "--scenario", str(scen), cwd=tmp_path)
    assert res.returncode == 2 and res.stderr.startswith("runlean: error: POPULATION")
    assert "Traceback" not in res.stderr


def test_cli_start_up_does_not_import_dask_or_numba() -> None:
    code = ("import sys, runlean.cli; print(sorted(m for m in ('dask', 'distributed', "
            "'numba', 'pyarrow') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_errors_are_runlean_errors() -> None:
    assert issubclass(CohortInterrupted, RunleanError)
    assert example_cohort_scenario()["running_programme"]["sessions_per_week"] == 3


def test_csv_and_parquet_tables_read_alike(tmp_path: Path) -> None:
    from runlean.cohort.population import load_population

    pop = _population(30)
    pop.loc[4, "weight_kg"] = 500.0
    pop.to_csv(tmp_path / "p.csv", index=False)
    pop.to_parquet(tmp_path / "p.parquet", index=False)
    a, b = load_population(tmp_path / "p.csv"), load_population(tmp_path / "p.parquet")
    assert a.n == b.n == 29 and [r.row for r in a.rejected] == [r.row for r in b.rejected] == [5]
    np.testing.assert_array_equal(a.weight_kg, b.weight_kg)
    np.testing.assert_array_equal(a.person_id, b.person_id)
    assert set(a.groups) == {"age_band", "region"}
    assert list(a.groups["region"][:3]) == ["north", "south", "south"]
    with pytest.raises(InvalidInputError, match=r"\.csv or \.parquet"):
        load_population(tmp_path / "p.txt")


def test_a_file_is_read_and_validated_partition_by_partition(tmp_path: Path) -> None:
    """From a CSV path, in partitions of 10 rows validated on their own: the same people,
    results and rejected rows (numbered in the whole file) as from the table in memory; a
    partition whose rows are all bad writes no file."""
    pop = _population(40)
    pop.loc[[3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 33], "weight_kg"] = 500.0
    pop.to_csv(tmp_path / "p.csv", index=False)
    whole = run_cohort_study(pop, SCENARIO, tmp_path / "a", every=45, workers=1,
                             engine="numpy")
    parts = run_cohort_study(tmp_path / "p.csv", SCENARIO, tmp_path / "b", every=45,
                             workers=1, engine="numpy", partition_size=10)
    bad = [4, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 34]
    assert [r.row for r in whole.rejected] == [r.row for r in parts.rejected] == bad
    assert whole.people == parts.people == 28 and parts.partitions == 4
    assert sorted(f.name for f in parts.trajectories_dir.iterdir()) == [
        "part-00000.parquet", "part-00002.parquet", "part-00003.parquet"]
    pd.testing.assert_frame_equal(_all_trajectories(whole), _all_trajectories(parts),
                                  check_exact=True)
    _assert_same_summary(whole.summary, parts.summary)
    manifest = json.loads((parts.out_dir / "manifest.json").read_text())
    assert [p["people"] for p in manifest["partitions"]] == [9, 0, 10, 9]
    assert manifest["rows"] == 40 and manifest["people"] == 28
    # Each trajectory row carries the person's BMI, sex and grouping columns.
    t = _all_trajectories(parts)
    person = pop.set_index("person_id").loc[t["person_id"]]
    np.testing.assert_allclose(t["bmi_kg_m2"],
                               t["weight_kg"] / (person["height_cm"].to_numpy() / 100) ** 2,
                               rtol=1e-15)
    assert list(t["region"]) == list(person["region"])
    assert list(t["sex"]) == list(person["sex"])


def test_grouping_columns_are_checked_over_the_whole_file(tmp_path: Path) -> None:
    pop = _population(24)
    with pytest.raises(InvalidInputError, match=r"'fat_kg'.*rename it"):
        run_cohort_study(pop.assign(fat_kg=1.0), {"days": 5}, tmp_path / "r", workers=1,
                         engine="numpy")
    # Each partition of 600 rows has fewer than 1000 values; the file has 1001.
    many = pd.concat([pop] * 42, ignore_index=True).iloc[:1001].assign(
        code=[f"c{i}" for i in range(1001)])
    with pytest.raises(InvalidInputError, match="at most 1000 distinct values"):
        run_cohort_study(many, {"days": 2}, tmp_path / "s", workers=1, engine="numpy",
                         partition_size=600)
    with pytest.raises(InvalidInputError, match=r"at least one valid row.*row 1: weight_kg"):
        run_cohort_study(pop.assign(weight_kg=500.0), {"days": 2}, tmp_path / "t",
                         workers=1, engine="numpy", partition_size=7)
    assert len(pd.read_csv(tmp_path / "t" / "rejected_rows.csv")) == 24


@pytest.mark.parametrize("variant", ["csv", "csv-crlf-no-final-newline", "csv-quoted",
                                     "csv-blank-line", "csv-spaces-line",
                                     "parquet-row-groups", "parquet-small-groups",
                                     "parquet-with-index"])
def test_workers_read_their_slices_of_the_file_like_the_whole_table(
        tmp_path: Path, variant: str) -> None:
    """Byte ranges of a CSV, row groups of a Parquet file (slices across them), or, where a
    line break need not end a row, the chunked reader: the same rows, row numbers and
    trajectories as the table read whole."""
    from runlean.cohort.population import FileSlice, TableSource, read_population_table

    pop = _population(23)
    pop.loc[[2, 9], "weight_kg"] = 500.0
    path = tmp_path / ("p.parquet" if variant.startswith("parquet") else "p.csv")
    if variant == "parquet-with-index":        # stored as a column, read back as the index
        pop.set_axis([f"r{i}" for i in range(23)]).to_parquet(path, row_group_size=7)
    elif variant.startswith("parquet"):
        pop.to_parquet(path, index=False,
                       row_group_size=2 if variant == "parquet-small-groups" else 7)
    else:
        text = pop.to_csv(index=False)
        if variant == "csv-crlf-no-final-newline":
            text = text.replace("\n", "\r\n").rstrip("\r\n")
        elif variant == "csv-quoted":
            text = text.replace("north", '"north"')
        elif variant in ("csv-blank-line", "csv-spaces-line"):
            lines = text.splitlines(keepends=True)
            blank = "\n" if variant == "csv-blank-line" else "   \n"
            text = "".join([blank, *lines[:5], blank, *lines[5:], blank.strip("\n")])
        path.write_bytes(text.encode())
    slices = list(TableSource.of_file(path).slices(5))
    by_worker = variant in ("csv", "csv-crlf-no-final-newline") or variant.startswith(
        "parquet")
    assert all(isinstance(rows, FileSlice) for _, rows in slices) == by_worker
    # Row groups of 7 are cut into 5 + 2 (the last 2 joined with the last group's 2 rows);
    # row groups of 2 are joined in twos.
    assert [first for first, _ in slices] == {
        "parquet-small-groups": [1, 5, 9, 13, 17, 21],
        "parquet-row-groups": [1, 6, 8, 13, 15, 20],
        "parquet-with-index": [1, 6, 8, 13, 15, 20]}.get(variant, [1, 6, 11, 16, 21])
    whole = read_population_table(path).reset_index(drop=True)
    parts = pd.concat([rows.read() if isinstance(rows, FileSlice) else rows
                       for _, rows in slices], ignore_index=True)
    pd.testing.assert_frame_equal(parts, whole)
    assert "__index_level_0__" not in parts.columns
    a = run_cohort_study(whole, {"days": 3}, tmp_path / "a", workers=1, engine="numpy")
    b = run_cohort_study(path, {"days": 3}, tmp_path / "b", workers=1, engine="numpy",
                         partition_size=5)
    assert [r.row for r in a.rejected] == [r.row for r in b.rejected] == [3, 10]
    pd.testing.assert_frame_equal(_all_trajectories(a), _all_trajectories(b), check_exact=True)


def test_a_file_that_changes_under_a_run_is_an_error(tmp_path: Path) -> None:
    from runlean.cohort.population import FileSlice, TableSource

    path = tmp_path / "p.csv"
    _population(12).to_csv(path, index=False)
    slices = [rows for _, rows in TableSource.of_file(path).slices(5)]
    _population(12).iloc[:8].to_csv(path, index=False)
    assert isinstance(slices[1], FileSlice)
    with pytest.raises(InvalidInputError, match="changed while it was read"):
        slices[1].read()


def test_partition_sizes_bound_a_workers_memory() -> None:
    from runlean.cohort.study import _partition_size

    assert _partition_size(10_000_000, 2, 1, series=False) == 100_000
    assert _partition_size(10_000_000, 2, 1, series=True) == 50_000   # people × days inputs
    assert _partition_size(10_000_000, 53, 1, series=False) == 2_000_000 // 53
    assert _partition_size(10_000_000, 3651, 1, series=False) == 1_024
    assert _partition_size(1_000, 2, 2, series=False) == 256           # every worker busy


@pytest.mark.parametrize("text", [
    "a,b\r\n1,2\r\n3,4\r\n5,6\r\n7,8\r\n",          # CRLF, a "\r" at many block ends
    "a,b\n1,2\n3,4\n5,6\n7,8",                       # no final line break
    "a,b\n1,2\n3,4\n  \n5,6\n",                      # a whitespace-only line
    "a,b\n1,2\n3,4\n5,6\n \t",                       # a whitespace-only last line
    "a,b\n1,2\r3,4\n",                               # a bare carriage return
    "a,b\n1,2\n3,4\n\n",                             # a blank last line
])
def test_the_csv_plan_does_not_depend_on_where_its_blocks_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    import runlean.cohort.population as population

    path = tmp_path / "p.csv"
    path.write_bytes(text.encode())
    whole = population._csv_plan(path, 2)
    for block in range(1, len(text) + 2):
        monkeypatch.setattr(population, "_CSV_BLOCK", block)
        assert population._csv_plan(path, 2) == whole, block
    plain = "  " not in text and "\t" not in text and "\n\n" not in text and (
        "\r3" not in text)
    assert (whole is not None) == plain
    if whole is not None:
        assert sum(whole[1]) == 4


def test_person_ids_are_text_in_every_partition_and_bad_rows_are_named_in_the_file(
        tmp_path: Path) -> None:
    rows = [dict(GOOD, person_id=i) for i in ("1", "2", "007", "X")]
    path = tmp_path / "p.csv"
    _table(rows).to_csv(path, index=False)
    res = run_cohort_study(path, {"days": 2}, tmp_path / "r", workers=1, engine="numpy",
                           partition_size=2)
    traj = pd.read_parquet(res.trajectories_dir)          # one dataset: one type
    assert sorted(set(traj["person_id"])) == ["007", "1", "2", "X"]
    # A row with one field more than the header: an error naming it in the whole file,
    # whether it opens a slice (pandas would take the first column for an index) or not.
    lines = path.read_text().splitlines()
    for bad in (3, 4):
        broken = lines.copy()
        broken[bad - 1] += ",extra"
        path.write_text("\n".join(broken) + "\n")
        with pytest.raises(InvalidInputError, match=rf"(row {bad - 1} has more fields|line "
                                                    rf"{bad}, saw)"):
            run_cohort_study(path, {"days": 2}, tmp_path / f"b{bad}", workers=1,
                             engine="numpy", partition_size=2)


def test_runs_stay_in_process_while_a_cluster_would_not_pay_off() -> None:
    """Measured break-even (benchmarks/results): 10⁶ person-years recorded twice run faster
    here, 10⁷ on two workers, and so do 10⁶ with weekly records (36 s here, 24 s on two)."""
    from runlean.cohort.study import _small_run

    assert _small_run(1_000_000, 365, 2)
    assert not _small_run(10_000_000, 365, 2)
    assert not _small_run(1_000_000, 365, 53)
    assert _small_run(10_000, 730, 106)                      # the bundled example
