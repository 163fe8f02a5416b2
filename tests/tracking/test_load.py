"""Training load: PMC with planned sessions, ACWR, 110 % rule, adherence."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from runlean.tracking.load import (
    daily_load_series,
    plan_adherence,
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
    acts = [_act(TODAY - dt.timedelta(days=k), 40, load=160.0) for k in range(1, 60)]
    plan = [{"uid": f"s{k}", "date": (TODAY + dt.timedelta(days=k)).isoformat(),
             "type": "intervals", "sport": "running", "duration_min": 90} for k in range(1, 15)]
    s = daily_load_series(acts, plan, TODAY)
    future = s.index(TODAY + dt.timedelta(days=10))
    assert s.planned[future] == pytest.approx(7 * 90)
    assert s.ctl[future] > s.ctl[s.index(TODAY)]
    assert s.acwr[future] > 1.5  # the plan would be a load spike


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
