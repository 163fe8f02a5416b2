"""Training load: PMC with planned sessions, ACWR, 110 % rule, adherence."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from runlean.domain import Activity, Goal, Habits, Person, Preferences
from runlean.io.metrics import summarise
from runlean.io.plan_files import plan_to_json
from runlean.planning.plan import make_plan
from runlean.science.training_load import banister_trimp
from runlean.tracking.energy import MET_MINUTES_TO_TRIMP, estimate_energy_and_load, physiology
from runlean.tracking.load import (
    FALLBACK_TRIMP_PER_MIN,
    daily_load_series,
    plan_adherence,
    planned_load,
    single_run_checks,
    weekly_run_volume_km,
)

TODAY = dt.date(2024, 6, 10)


def _act(day: dt.date, minutes: float, km: float = 0.0, load: float | None = None,
         sport: str = "running") -> dict[str, object]:
    start = dt.datetime(day.year, day.month, day.day, 7, 0, tzinfo=dt.UTC)
    return {"start_utc": start, "utc_offset_s": 0,
            "duration_s": minutes * 60, "moving_time_s": minutes * 60, "distance_m": km * 1000,
            "load": load, "sport": sport}


def test_steady_load_gives_ctl_equal_atl_equal_load() -> None:
    acts = [_act(TODAY - dt.timedelta(days=k), 50, load=100.0) for k in range(400)]
    s = daily_load_series(acts, [], TODAY, horizon_days=0)
    v = s.at(TODAY)
    assert v["ctl"] == pytest.approx(100.0, abs=0.1)
    assert v["atl"] == pytest.approx(100.0, abs=0.01)
    assert v["tsb"] == pytest.approx(0.0, abs=0.1)
    assert v["acwr"] == pytest.approx(1.0, abs=0.01)


def test_ctl_recursion_matches_exponential_average() -> None:
    loads = [0, 50, 0, 120, 60]
    acts = [_act(TODAY - dt.timedelta(days=4 - k), 1, load=float(x)) for k, x in enumerate(loads)]
    s = daily_load_series(acts, [], TODAY, horizon_days=0)
    a = 1 - math.exp(-1 / 42)
    ctl = 0.0
    for x in loads:
        ctl = ctl + a * (x - ctl)
    assert s.ctl[s.index(TODAY)] == pytest.approx(ctl, rel=1e-12)


def test_planned_sessions_project_forward_and_warn_on_spike() -> None:
    acts = [_act(TODAY - dt.timedelta(days=k), 40, load=40.0) for k in range(1, 60)]
    plan = [{"uid": f"s{k}", "date": (TODAY + dt.timedelta(days=k)).isoformat(),
             "type": "long", "sport": "running", "duration_min": 90,
             "hr_low_bpm": 150, "hr_high_bpm": 160} for k in range(1, 15)]
    s = daily_load_series(acts, plan, TODAY)
    future = s.index(TODAY + dt.timedelta(days=10))
    p = physiology(None)  # no profile: resting HR 60, Tanaka HRmax, male weighting
    assert s.planned[future] == pytest.approx(
        float(banister_trimp(90, 155, p.resting_hr_bpm, p.max_hr_bpm, True)))
    assert s.ctl_planned[future] > s.ctl[s.index(TODAY)]
    assert s.acwr_planned[future] > 1.5  # the plan would be a load spike
    # Only what was done counts in the curves themselves: without new activities they decay.
    assert s.ctl[future] < s.ctl[s.index(TODAY)]
    assert s.atl[future] < s.atl[s.index(TODAY)]


def test_a_session_planned_for_today_is_not_fatigue_yet() -> None:
    """Issue 11 item 4: the last activity in 2020 and a session planned today: ATL ≈ 0."""
    old = [_act(dt.date(2020, 6, 1), 60, load=80.0)]
    plan = [{"date": TODAY.isoformat(), "kind": "long", "duration_min": 90,
             "hr_low_bpm": 150, "hr_high_bpm": 160}]
    s = daily_load_series(old, plan, TODAY)
    v = s.at(TODAY)
    assert v["atl"] == pytest.approx(0.0, abs=1e-6)
    assert v["ctl"] == pytest.approx(0.0, abs=1e-6)
    k = s.index(TODAY)
    assert s.planned[k] > 50  # shown apart ...
    assert s.atl_planned[k] > 5  # ... and in the planned curves


def test_single_run_110_percent_rule() -> None:
    acts = [_act(TODAY - dt.timedelta(days=20), 60, km=10),
            _act(TODAY - dt.timedelta(days=5), 70, km=10.5),
            _act(TODAY - dt.timedelta(days=1), 90, km=12.0),
            _act(TODAY - dt.timedelta(days=2), 60, km=30.0, sport="cycling")]
    checks = single_run_checks(acts, TODAY - dt.timedelta(days=7))
    assert [c.distance_m for c in checks] == [10500, 12000]
    assert not checks[0].exceeded
    assert checks[1].ratio == pytest.approx(12 / 10.5) and checks[1].exceeded


def test_adherence_done_partly_missed() -> None:
    d1, d2, d3 = (TODAY - dt.timedelta(days=k) for k in (3, 2, 1))
    plan = [{"uid": "a", "date": d1.isoformat(), "type": "easy", "sport": "running",
             "duration_min": 40},
            {"uid": "b", "date": d2.isoformat(), "type": "long", "sport": "running",
             "duration_min": 80},
            {"uid": "c", "date": d3.isoformat(), "type": "easy", "sport": "running",
             "duration_min": 40},
            {"uid": "d", "date": TODAY.isoformat(), "type": "easy", "sport": "running",
             "duration_min": 40}]
    acts = [_act(d1, 32), _act(d2, 50), _act(d3, 60, sport="cycling")]
    adh = plan_adherence(plan, acts, TODAY)
    assert adh.done == ["a"] and adh.partly_done == ["b"] and adh.missed == ["c"]
    assert adh.fraction_done == pytest.approx(1 / 3)


def test_weekly_volume() -> None:
    acts = [_act(TODAY, 30, km=5), _act(TODAY - dt.timedelta(days=7), 30, km=8)]
    vol = weekly_run_volume_km(acts, 3, TODAY)
    assert [v for _, v in vol] == [0.0, 8.0, 5.0]
    assert np.all(np.diff([w for w, _ in vol]) == dt.timedelta(weeks=1))


PERSON = Person(sex="female", age_years=38, height_cm=166, weight_kg=74, resting_hr_bpm=58)


@pytest.fixture(scope="module")
def plan_sessions() -> list[dict[str, object]]:
    prefs = Preferences(running_days_per_week=4, longest_session_min=70, experience="intermediate",
                        weekly_running_min=120, strength_sessions_per_week=1)
    plan = make_plan(PERSON, Habits(pal=1.5), Goal(kind="fat_loss_kg", target=4), prefs,
                     dt.date(2025, 3, 3))
    return list(plan_to_json(plan)["sessions"])


def _done_as_planned(session: dict[str, object], hr_bpm: np.ndarray) -> float:
    """Import-side load of an activity recorded 1 Hz at the given HR trace."""
    n = hr_bpm.size
    t = np.arange(n, dtype=float)
    act = Activity(sport="running", source_format="fit",
                   start_utc=dt.datetime(2025, 3, 4, 7, tzinfo=dt.UTC),
                   streams={"time_s": t, "hr_bpm": hr_bpm.astype(float),
                            "distance_m": 2.7 * t})
    est = estimate_energy_and_load(act, summarise(act), PERSON, Habits(pal=1.5))
    assert est.load_method == "banister_trimp" and est.load is not None
    return est.load


@pytest.mark.parametrize("kind", ["easy", "long"])
def test_planned_run_and_the_same_run_done_score_alike(
        plan_sessions: list[dict[str, object]], kind: str) -> None:
    s = next(x for x in plan_sessions if x["kind"] == kind)
    lo, hi = float(s["hr_low_bpm"]), float(s["hr_high_bpm"])  # type: ignore[arg-type]
    minutes = float(s["duration_min"])  # type: ignore[arg-type]
    n = int(minutes * 60)
    # Done as planned: a 5-min ramp from rest-ish, then HR wandering inside the target zone.
    rng = np.random.default_rng(0)
    hr = 0.5 * (lo + hi) + 0.4 * (hi - lo) * np.sin(np.arange(n) / 300.0) \
        + rng.normal(0, 2, n)
    hr[:300] = np.linspace(100, 0.5 * (lo + hi), 300)
    done = _done_as_planned(s, hr)
    planned = planned_load(s, physiology(PERSON))
    assert planned == pytest.approx(done, rel=0.10)


def test_planned_intervals_score_like_the_prescribed_structure(
        plan_sessions: list[dict[str, object]]) -> None:
    hiit = [x for x in plan_sessions if x["kind"] == "hiit"]
    if not hiit:
        pytest.skip("this plan has no interval session")
    s = hiit[0]
    p = physiology(PERSON)
    minutes = float(s["duration_min"])  # type: ignore[arg-type]
    hard_hr = 0.5 * (float(s["hr_low_bpm"]) + float(s["hr_high_bpm"]))  # type: ignore[arg-type]
    easy_hr = p.resting_hr_bpm + 0.65 * (p.max_hr_bpm - p.resting_hr_bpm)
    reps = int((minutes - 15) // 3)
    # 10 min warm-up, reps × (60 s hard / 120 s easy), cool-down: all at 1 Hz.
    trace = [np.full(600, easy_hr)]
    for _ in range(reps):
        trace += [np.full(60, hard_hr), np.full(120, easy_hr)]
    trace.append(np.full(int(minutes * 60) - 600 - 180 * reps, easy_hr))
    done = _done_as_planned(s, np.concatenate(trace))
    assert planned_load(s, p) == pytest.approx(done, rel=0.10)
    # and more than the same minutes all easy
    assert planned_load(s, p) > float(banister_trimp(minutes, easy_hr, p.resting_hr_bpm,
                                                     p.max_hr_bpm, False))


def test_planned_strength_uses_met_minutes_from_its_energy(
        plan_sessions: list[dict[str, object]]) -> None:
    s = next(x for x in plan_sessions if x["kind"] == "strength")
    assert s["hr_low_bpm"] is None
    gross, net = float(s["gross_kcal"]), float(s["net_kcal"])  # type: ignore[arg-type]
    met = gross / (gross - net)
    assert 3.0 < met < 7.0  # Compendium resistance training, moderate
    assert planned_load(s) == pytest.approx(
        (met - 1) * float(s["duration_min"]) * MET_MINUTES_TO_TRIMP)  # type: ignore[arg-type]


def test_unknown_sessions_and_activities_fall_back_to_easy_minutes() -> None:
    assert planned_load({"kind": "easy", "duration_min": 30}) == pytest.approx(
        30 * FALLBACK_TRIMP_PER_MIN)
    assert planned_load({"kind": "rest", "duration_min": 30}) == 0.0
    s = daily_load_series([_act(TODAY, 30)], [], TODAY, horizon_days=0)
    assert s.load[s.index(TODAY)] == pytest.approx(30 * FALLBACK_TRIMP_PER_MIN)
