"""Status service: useful with no data, weights only, intake only, and a full synthetic log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from runlean.domain import Habits, Person
from runlean.store.db import Store, open_store
from runlean.store.profile import save_plan, save_profile
from runlean.tracking import logs
from runlean.tracking.status import status

from .synthetic import START, simulate

KEYS = {"trend_weight_kg", "weight_rate_kg_per_week", "expenditure_estimate_kcal_per_day",
        "expenditure_uncertainty_kcal_per_day", "intake_target_kcal_per_day",
        "projected_goal_date", "leg_fat_kg", "ctl", "atl", "tsb", "acwr", "warnings",
        "recommendation"}
TODAY = START + dt.timedelta(days=27)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path)
    yield s
    s.close()


def test_no_data_says_what_to_log(store: Store) -> None:
    d = status(store, TODAY).to_dict()
    assert set(d) >= KEYS
    assert d["trend_weight_kg"] is None and d["expenditure_estimate_kcal_per_day"] is None
    text = " ".join(d["missing"])
    for what in ("profile", "weight", "intake", "activities"):
        assert what in text
    assert "runlean log weight" in text


def test_weights_only(store: Store) -> None:
    s = simulate(3)
    logs.log_entries(store, [logs.LogEntry("weight", d, {"weight_kg": w}) for d, w in s.weights],
                     today=TODAY)
    d = status(store, TODAY).to_dict()
    assert d["trend_weight_kg"] == pytest.approx(s.true_weight[-1], abs=1.0)
    assert d["weight_rate_kg_per_week"] < 0
    assert any(m.startswith("intake") for m in d["missing"])
    assert d["expenditure_estimate_kcal_per_day"] is None  # no profile for a prior


def test_intake_only_with_profile(store: Store) -> None:
    s = simulate(4)
    person = Person(sex=s.sex, age_years=s.age, height_cm=s.height_cm, weight_kg=s.weight0_kg,
                    body_fat_pct=s.body_fat_pct)
    save_profile(store, person, Habits(pal=1.6))
    logs.log_entries(store, [logs.LogEntry("intake", d, {"kcal": k}) for d, k in s.intakes],
                     today=TODAY)
    d = status(store, TODAY).to_dict()
    assert d["trend_weight_kg"] is None
    assert d["expenditure_estimate_kcal_per_day"] is not None  # the prior, said as such
    assert "prior only" in d["expenditure_source"]
    assert any(m.startswith("weight") for m in d["missing"])


def test_full_logs_give_expenditure_projection_and_target(store: Store) -> None:
    s = simulate(5)
    person = Person(sex=s.sex, age_years=s.age, height_cm=s.height_cm, weight_kg=s.weight0_kg,
                    body_fat_pct=s.body_fat_pct)
    save_profile(store, person, Habits(pal=1.6))
    goal_date = TODAY + dt.timedelta(days=84)
    save_plan(store, {"goal": {"kind": "weight_kg", "target": s.weight0_kg - 6},
                      "goal_date": goal_date.isoformat(), "start_date": START.isoformat(),
                      "targets": {"intake_kcal_per_day": 1900}, "sessions": []})
    logs.log_entries(store, [logs.LogEntry("weight", d, {"weight_kg": w}) for d, w in s.weights]
                     + [logs.LogEntry("intake", d, {"kcal": k}) for d, k in s.intakes]
                     + [logs.LogEntry("sleep", TODAY, {"hours": 6.0})], today=TODAY)
    rep = status(store, TODAY)
    d = rep.to_dict()
    assert abs(d["expenditure_estimate_kcal_per_day"] - s.true_expenditure.mean()) < 200
    assert d["projected_goal_date"] is not None
    assert d["intake_target_kcal_per_day"] >= (1200 if s.sex == "female" else 1500)
    assert d["leg_fat_kg"] > 0
    assert any("sleep" in r for r in d["recommendation"])
