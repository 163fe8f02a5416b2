"""Today's summary: the plan's sessions and day targets, the day's logs, trend, status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from runlean.store.db import open_store
from runlean.store.profile import save_plan
from runlean.tracking import logs
from runlean.tracking.status import status
from runlean.tracking.today import cached_status, day_targets, today_summary

TODAY = dt.date(2024, 6, 10)
TARGETS = {"intake_kcal_per_day": 1800.0, "intake_kcal_training_day": 1950.0,
           "intake_kcal_rest_day": 1700.0, "protein_g_per_day": 140.0, "fat_g_per_day": 60.0,
           "carbohydrate_g_training_day": 220.0, "carbohydrate_g_rest_day": 160.0}


def _plan(sessions: list[dict[str, object]]) -> dict[str, object]:
    return {"start_date": "2024-06-01", "goal_date": "2024-09-01", "targets": TARGETS,
            "goal": {"kind": "weight_kg", "target": 70.0}, "sessions": sessions}


def test_day_targets_pick_training_or_rest_day() -> None:
    plan = _plan([])
    assert day_targets(plan, True) == {"intake_kcal": 1950.0, "protein_g": 140.0,
                                       "fat_g": 60.0, "carbohydrate_g": 220.0,
                                       "intake_kcal_average": 1800.0}
    assert day_targets(plan, False)["carbohydrate_g"] == 160.0


def test_summary_of_a_training_day(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        sessions = [{"date": TODAY.isoformat(), "kind": "easy", "uid": "a"},
                    {"date": (TODAY + dt.timedelta(days=2)).isoformat(), "kind": "long",
                     "uid": "b"},
                    {"date": (TODAY + dt.timedelta(days=9)).isoformat(), "kind": "easy",
                     "uid": "c"},
                    {"date": (TODAY - dt.timedelta(days=1)).isoformat(), "kind": "easy",
                     "uid": "d"}]
        save_plan(store, _plan(sessions))
        for k in range(10):
            logs.log_weight(store, TODAY - dt.timedelta(days=k), 75 + 0.05 * k, today=TODAY)
        logs.log_weight(store, TODAY - dt.timedelta(days=300), 90, today=TODAY)
        logs.log_sleep(store, TODAY, 7.0, today=TODAY)
        s = today_summary(store, TODAY)
        assert [x["uid"] for x in s.sessions_today] == ["a"]
        assert [x["uid"] for x in s.upcoming] == ["b"]
        assert s.day_type == "training" and s.targets_today["intake_kcal"] == 1950.0
        assert set(s.logged_today) == {"weight", "sleep"}
        assert len(s.weighings) == 10  # the old weighing is outside the chart window
        assert s.trend[-1][0] == TODAY
        assert s.trend[-1][1] == pytest.approx(75.0, abs=0.3)
        assert s.status is not None
        assert s.status.to_dict() == status(store, TODAY).to_dict()
        d = s.to_dict()
        assert d["weighings"][0]["date"] == (TODAY - dt.timedelta(days=9)).isoformat()
    finally:
        store.close()


def test_cached_status_follows_every_change(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        logs.log_weight(store, TODAY, 80, today=TODAY)
        first = cached_status(store, TODAY)
        assert cached_status(store, TODAY) is first  # nothing changed: reused
        logs.log_weight(store, TODAY, 79, today=TODAY)  # an edit of the same row
        second = cached_status(store, TODAY)
        assert second is not first and second.trend_weight_kg == pytest.approx(79)
        from runlean.tracking.log_table import delete_log

        delete_log(store, "weight", TODAY)
        assert cached_status(store, TODAY).trend_weight_kg is None
        assert cached_status(store, TODAY + dt.timedelta(days=1)).as_of != TODAY
    finally:
        store.close()


def test_rest_day_outside_and_inside_the_plan(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        save_plan(store, _plan([]))
        s = today_summary(store, TODAY)
        assert s.day_type == "rest" and s.targets_today["intake_kcal"] == 1700.0
        after = today_summary(store, dt.date(2024, 9, 2))
        assert after.day_type is None and after.targets_today == {}
    finally:
        store.close()


def test_summary_is_reused_until_something_changes(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        logs.log_weight(store, TODAY, 80, today=TODAY)
        first = today_summary(store, TODAY)
        assert today_summary(store, TODAY) is first
        logs.log_intake(store, TODAY, 1800, today=TODAY)
        second = today_summary(store, TODAY)
        assert second is not first and set(second.logged_today) == {"weight", "intake"}
    finally:
        store.close()
