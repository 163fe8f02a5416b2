"""Status service: useful with no data, weights only, intake only, and a full synthetic log."""

from __future__ import annotations

import datetime as dt
import json
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


def test_status_on_the_day_of_a_new_plan_agrees_with_the_plan(tmp_path: Path) -> None:
    """Issue 11 item 1: right after `runlean plan`, status projects the plan's goal date (not
    "beyond 3 years"), says it is the plan's projection, and switches to the logs later."""
    from typer.testing import CliRunner

    from runlean.cli import app

    env = {"RUNLEAN_HOME": str(tmp_path)}
    res = CliRunner().invoke(app, ["plan", "--sex", "female", "--age", "45", "--height", "165",
                                   "--weight", "95", "--target-weight", "80", "--out",
                                   str(tmp_path / "p")], env=env)
    assert res.exit_code == 0, res.output
    plan = json.loads((tmp_path / "p" / "plan.json").read_text(encoding="utf-8"))
    res = CliRunner().invoke(app, ["status", "--format", "json"], env=env)
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["projected_goal_date"] == plan["goal_date"]
    assert d["projection_source"] == "plan"
    start = dt.date.fromisoformat(plan["start_date"])
    k = (dt.date.fromisoformat(plan["goal_date"]) - start).days
    leg = plan["projection"]["plan"]["leg_fat_kg"][k]
    assert d["projected_leg_fat_at_goal_date_kg"] == pytest.approx(leg, abs=1e-3)
    text = CliRunner().invoke(app, ["status"], env=env).stdout
    assert "beyond 3 years" not in text
    assert f"projected {plan['goal_date']} (the plan's projection" in " ".join(text.split())


def test_projection_from_the_logs_once_they_are_enough(store: Store) -> None:
    s = simulate(5)
    person = Person(sex=s.sex, age_years=s.age, height_cm=s.height_cm, weight_kg=s.weight0_kg,
                    body_fat_pct=s.body_fat_pct)
    save_profile(store, person, Habits(pal=1.6))
    save_plan(store, {"goal": {"kind": "weight_kg", "target": s.weight0_kg - 6},
                      "goal_date": "2031-01-01", "start_date": START.isoformat(),
                      "targets": {"intake_kcal_per_day": 1900}, "sessions": []})
    before = status(store, START).to_dict()
    assert (before["projection_source"], before["projected_goal_date"]) == ("plan",
                                                                           "2031-01-01")
    logs.log_entries(store, [logs.LogEntry("weight", d, {"weight_kg": w}) for d, w in s.weights]
                     + [logs.LogEntry("intake", d, {"kcal": k}) for d, k in s.intakes],
                     today=TODAY)
    after = status(store, TODAY).to_dict()
    assert after["projection_source"] == "logs"
    assert after["projected_goal_date"] != "2031-01-01"


def test_planned_load_is_not_counted_as_done(store: Store) -> None:
    """Issue 11 item 4: no activity since 2020 and a session planned for today: ATL is the
    decay of 2020's load (≈ 0), not the planned session's; the planned load is shown apart."""
    from runlean.store.models import ActivityRow

    person = Person(sex="male", age_years=40, height_cm=180, weight_kg=80)
    save_profile(store, person, Habits())
    start = dt.datetime(2020, 6, 1, 7, 0, tzinfo=dt.UTC).replace(tzinfo=None)  # naive UTC
    with store.transaction() as s:
        s.add(ActivityRow(source_file="old.fit", source_format="fit", content_sha256="a" * 64,
                          session_index=0, start_utc=start, sport="running", duration_s=3600.0,
                          distance_m=10_000.0, laps_json=[], warnings_json=[],
                          sanitised_json=[], n_samples=0, imported_at=start, load=80.0))
    save_plan(store, {"goal": {"kind": "weight_kg", "target": 75}, "start_date": TODAY
                      .isoformat(), "targets": {"intake_kcal_per_day": 2200},
                      "sessions": [{"date": TODAY.isoformat(), "kind": "intervals",
                                    "duration_min": 45, "zone": 4, "rpe": 8}]})
    d = status(store, TODAY).to_dict()
    assert d["atl"] == pytest.approx(0.0, abs=0.01)
    assert d["ctl"] == pytest.approx(0.0, abs=0.01)
    assert d["planned_load_today"] > 20
    assert d["planned_load_next_7_days"] >= d["planned_load_today"]
