"""The validity range of a simulated trajectory (issue 13, item 12): each limit on its own,
on synthetic trajectories, and the input named in the error."""

from __future__ import annotations

import math

import numpy as np
import pytest

from runlean.domain import Person
from runlean.errors import ScenarioError
from runlean.simulate import (
    MAX_WEIGHT_KG,
    MIN_BMI,
    MIN_BODY_FAT_PCT,
    simulate_scenario,
    validity_problem,
)

PERSON = Person(sex="male", age_years=30, height_cm=180, weight_kg=80)
FLOOR_KG = MIN_BMI["male"] * 1.8**2


def columns(weight: list[float], fat: list[float] | None = None) -> dict[str, np.ndarray]:
    w = np.array(weight, dtype=float)
    f = np.array(fat, dtype=float) if fat is not None else 0.2 * w
    return {"weight_kg": w, "fat_kg": f, "fat_free_kg": w - f, "lean_kg": 0.5 * (w - f),
            "glycogen_kg": np.full(len(w), 0.5), "ecf_kg": 0.2 * w}


def test_a_trajectory_inside_the_range_passes() -> None:
    assert validity_problem(columns([80, 79, 78, 60, FLOOR_KG + 0.1]), PERSON) is None


@pytest.mark.parametrize(("weight", "fat", "day", "what", "direction"), [
    ([80, 79, FLOOR_KG - 0.1, 40], None, 2, "the lowest compatible with survival", -1),
    ([80, 70, 60, 55], [16, 10, 1.0, 0.5], 2, f"below {MIN_BODY_FAT_PCT:g} % of weight", -1),
    ([80, 300, MAX_WEIGHT_KG + 1], None, 2, "heavier than any person recorded", 1),
    ([80, 81, math.nan], None, 2, "not a finite number", 0),
    ([80, 79, 78], [16, 15, -1], 2, "fat_kg became negative", 0),
])
def test_each_limit(weight: list[float], fat: list[float] | None, day: int, what: str,
                    direction: int) -> None:
    problem = validity_problem(columns(weight, fat), PERSON)
    assert problem is not None
    assert problem[0] == day and what in problem[1] and problem[2] == direction


def test_a_person_below_the_floor_is_an_input_error() -> None:
    scenario = {"person": {"sex": "male", "age_years": 30, "height_cm": 180, "weight_kg": 35},
                "days": 10}
    with pytest.raises(ScenarioError, match=r"person.weight_kg: got 35; expected at least "
                       r"42.1 kg at 180 cm \(a BMI of 13"):
        simulate_scenario(scenario)


def test_the_error_names_a_daily_list_input_and_its_day() -> None:
    days = 200
    scenario = {"person": {"sex": "male", "age_years": 30, "height_cm": 180, "weight_kg": 60},
                "days": days, "intake_change_kcal_per_day": [0.0] * 10 + [-2500.0] * 190}
    with pytest.raises(ScenarioError) as info:
        simulate_scenario(scenario)
    message = str(info.value)
    assert message.startswith("intake_change_kcal_per_day: got '-2500 on day ")
    assert "the lowest compatible with survival" in message


def test_a_baseline_intake_far_below_expenditure_is_named() -> None:
    scenario = {"person": {"sex": "male", "age_years": 30, "height_cm": 180, "weight_kg": 60,
                           "pal": 1.8, "baseline_intake_kcal_per_day": 500}, "days": 400}
    with pytest.raises(ScenarioError, match=r"person\.baseline_intake_kcal_per_day: got 500"):
        simulate_scenario(scenario)
