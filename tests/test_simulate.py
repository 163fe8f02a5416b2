"""The simulate scenario service (DESIGN.md stable format)."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from runlean.errors import InvalidInputError, ScenarioError
from runlean.science.hall2011 import hall_baseline, simulate_batch
from runlean.simulate import (
    COLUMNS,
    example_scenario,
    load_scenario,
    simulate_scenario,
    write_csv,
    write_json,
)

BASE: dict[str, Any] = {
    "person": {"sex": "male", "age_years": 40, "height_cm": 180, "weight_kg": 90,
               "body_fat_pct": None, "pal": 1.5, "baseline_intake_kcal_per_day": None},
    "days": 364,
    "intake_change_kcal_per_day": -500,
}


def scenario(**changes: Any) -> dict[str, Any]:
    s = copy.deepcopy(BASE)
    s.update(changes)
    return s


def test_columns_and_day_range() -> None:
    out = simulate_scenario(BASE)
    assert tuple(out) == COLUMNS
    assert all(len(v) == 365 for v in out.values())
    assert out["day"][0] == 0 and out["day"][-1] == 364
    # Same model as the batch API: the bw-fork parity person.
    assert out["weight_kg"][364] == pytest.approx(76.2608, abs=0.01)
    for i in (0, 100, 364):
        assert out["fat_free_kg"][i] == pytest.approx(out["weight_kg"][i] - out["fat_kg"][i])
        assert (out["leg_fat_kg"][i] + out["arm_fat_kg"][i] + out["trunk_fat_kg"][i]
                == pytest.approx(out["fat_kg"][i]))
    assert out["intake_kcal_per_day"][0] == pytest.approx(out["intake_kcal_per_day"][-1])


def test_example_scenario_runs() -> None:
    data = example_scenario()
    assert data["person"]["sex"] == "female"
    out = simulate_scenario(data)
    assert len(out["day"]) == data["days"] + 1
    assert out["weight_kg"][-1] < 80


def test_no_change_control_stays_at_baseline() -> None:
    out = simulate_scenario(scenario(intake_change_kcal_per_day=0, days=400))
    assert set(out["weight_kg"]) == {90.0}


def test_per_day_lists_match_batch_api() -> None:
    days = 60
    dei = [-800.0] * 30 + [-200.0] * 30
    act = [0.0] * 20 + [25.0] * 40
    out = simulate_scenario(scenario(days=days, intake_change_kcal_per_day=dei,
                                     activity_change_pct=act, carb_fraction=0.3,
                                     sodium_change_mg_per_day=-500))
    b = hall_baseline(True, 40, 180, 90, pal=1.5)
    traj = simulate_batch(b, days, np.array(dei), np.array(act), carb_fraction=0.3,
                          sodium_change_mg_per_day=-500.0)
    np.testing.assert_allclose(out["weight_kg"], traj.weight[0])
    assert out["intake_kcal_per_day"][30] == pytest.approx(b.intake0[0] - 200)
    assert out["intake_kcal_per_day"][29] == pytest.approx(b.intake0[0] - 800)


def test_spot_reduction_is_impossible() -> None:
    """Equal energy, different 'modes': percent of δ vs kcal of extra running → same legs."""
    b = hall_baseline(True, 40, 180, 90, pal=1.5)
    kcal = 400.0
    pct = 100 * kcal / 90 / b.delta0[0]
    run = simulate_scenario(scenario(extra_activity_kcal_per_day=kcal))
    other = simulate_scenario(scenario(activity_change_pct=pct))
    np.testing.assert_allclose(run["leg_fat_kg"], other["leg_fat_kg"], rtol=1e-12)
    with pytest.raises(ScenarioError, match="exercise_mode"):
        simulate_scenario(scenario(exercise_mode="running"))


def test_measured_regional_fat_and_exponent() -> None:
    person = dict(BASE["person"], body_fat_pct=25.0,
                  regional_fat={"legs_kg": 7.0, "arms_kg": 2.0, "trunk_kg": 11.0})
    out = simulate_scenario(scenario(person=person, leg_fat_exponent=0.87))
    f0, f = out["fat_kg"][0], out["fat_kg"][-1]
    assert out["leg_fat_kg"][0] == pytest.approx(7.0)
    assert out["leg_fat_kg"][-1] == pytest.approx(7.0 * (f / f0) ** 0.87)
    assert out["arm_fat_kg"][-1] == pytest.approx(2.0 * f / f0)


def test_lean_modifiers_keep_more_lean() -> None:
    plain = simulate_scenario(BASE)
    mod = simulate_scenario(scenario(strength_sessions_per_week=3, protein_g_per_kg=2.0))
    off = simulate_scenario(scenario(strength_sessions_per_week=3, lean_modifiers=False))
    assert off["lean_kg"] == plain["lean_kg"]
    assert plain["lean_kg"][0] - mod["lean_kg"][-1] < 0.5 * (plain["lean_kg"][0]
                                                             - plain["lean_kg"][-1])
    short = simulate_scenario(scenario(sleep_hours=5.5))
    assert short["lean_kg"][-1] < plain["lean_kg"][-1]


def test_parameter_sets_differ_slightly() -> None:
    bw = simulate_scenario(BASE)["weight_kg"][-1]
    nih = simulate_scenario(scenario(parameter_set="nih"))["weight_kg"][-1]
    assert 0 < abs(bw - nih) < 0.2  # hall_model.md §11.1: within 0.2 kg


@pytest.mark.parametrize(("changes", "field"), [
    ({"colour": "red"}, "colour"),
    ({"intake_change_kcal_per_day": [-500] * 10}, "intake_change_kcal_per_day"),
    ({"person": dict(BASE["person"], weight_kg=720)}, "person.weight_kg"),
    ({"person": dict(BASE["person"], shoe_size=44)}, "person.shoe_size"),
    ({"person": dict(BASE["person"], pal=4)}, "person.pal"),
    ({"days": 0}, "days"),
    ({"days": 2.5}, "days"),
    ({"carb_fraction": 1.5}, "carb_fraction"),
    ({"activity_change_pct": [0] * 363 + ["x"]}, "activity_change_pct[363]"),
    ({"intake_change_kcal_per_day": -5000}, "intake_change_kcal_per_day"),
    ({"sleep_hours": 1}, "sleep_hours"),
    ({"parameter_set": "mine"}, "parameter_set"),
    ({"lean_modifiers": "yes"}, "lean_modifiers"),
])
def test_validation_errors_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as info:
        simulate_scenario(scenario(**changes))
    assert info.value.field == field
    assert field in str(info.value)


def test_missing_person_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="person"):
        simulate_scenario({"days": 3})
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ScenarioError, match="valid JSON"):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="readable"):
        load_scenario(tmp_path / "missing.json")
    with pytest.raises(ScenarioError, match="readable"):
        load_scenario(tmp_path)
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(b'{"person": "\xe9"}')
    with pytest.raises(ScenarioError, match="UTF-8"):
        load_scenario(latin1)


@pytest.mark.parametrize("writer", [write_csv, write_json])
def test_writers_name_an_unwritable_out_path(tmp_path: Path, writer: Any) -> None:
    out = simulate_scenario(scenario(days=2))
    with pytest.raises(InvalidInputError, match=r"--out.*writable"):
        writer(out, tmp_path)
    with pytest.raises(InvalidInputError, match=r"--out.*writable"):
        writer(out, tmp_path / "no" / "such" / "dir.csv")


def test_writers_round_trip(tmp_path: Path) -> None:
    out = simulate_scenario(scenario(days=5))
    buf = io.StringIO()
    write_csv(out, buf)
    lines = buf.getvalue().splitlines()
    assert lines[0].split(",") == list(COLUMNS)
    assert len(lines) == 7 and lines[1].startswith("0,90.000000,")
    write_json(out, tmp_path / "o.json")
    assert json.loads((tmp_path / "o.json").read_text()) == out


def test_public_api_reexport() -> None:
    import runlean

    assert runlean.simulate_scenario is simulate_scenario


def test_measured_regional_fat_above_estimated_total_is_scaled_down() -> None:
    # No body_fat_pct: F0 is Jackson's estimate (≈ 22.9 kg); measured regions sum to 30 kg.
    person = dict(BASE["person"], regional_fat={"legs_kg": 9.0, "arms_kg": 3.0,
                                                "trunk_kg": 18.0})
    out = simulate_scenario(scenario(person=person, days=5))
    f0 = out["fat_kg"][0]
    assert out["leg_fat_kg"][0] == pytest.approx(9.0 * f0 / 30.0)
    assert (out["leg_fat_kg"][0] + out["arm_fat_kg"][0] + out["trunk_fat_kg"][0]
            == pytest.approx(f0))


def test_explicit_nulls_mean_the_defaults() -> None:
    """DESIGN.md optional keys given as null behave as if they were absent."""
    plain = simulate_scenario(scenario(days=30))
    nulls = simulate_scenario(scenario(days=30, carb_fraction_baseline=None, carb_fraction=None,
                                       activity_change_pct=None, sodium_change_mg_per_day=None,
                                       leg_fat_exponent=None, parameter_set=None))
    assert nulls == plain
