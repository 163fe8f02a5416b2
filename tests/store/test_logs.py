"""Queries of the daily-log tables (runlean.store.logs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from runlean.store import logs as log_store
from runlean.store.db import open_store

D = dt.date(2024, 5, 1)


def test_upsert_new_replace_and_merge(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        with store.transaction() as s:
            assert log_store.upsert_log(s, "weight", D, {"weight_kg": 70.0}, "cli") is None
            prev = log_store.upsert_log(s, "weight", D, {"weight_kg": 69.5}, "csv:x")
            assert prev == {"weight_kg": 70.0, "body_fat_pct": None}
            log_store.upsert_log(s, "measurement", D, {"waist_cm": 80.0}, "cli")
            prev = log_store.upsert_log(s, "measurement", D,
                                        {"neck_cm": 36.0, "waist_cm": None}, "cli", merge=True)
            assert prev == {"waist_cm": 80.0, "neck_cm": None, "hip_cm": None}
        assert log_store.weights(store) == [(D, 69.5)]
        (m,) = log_store.measurements(store)
        assert (m.waist_cm, m.neck_cm, m.hip_cm) == (80.0, 36.0, None)


def test_batch_is_all_or_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        with pytest.raises(RuntimeError), store.transaction() as s:
            log_store.upsert_log(s, "sleep", D, {"hours": 7.0}, "cli")
            raise RuntimeError("later entry failed")
        assert log_store.sleeps(store) == []
        assert log_store.intakes(store) == []
