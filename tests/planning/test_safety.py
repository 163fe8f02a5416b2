"""Safety policy helpers: week-by-week rate of loss with the first-week water allowance."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.errors import UnsafeGoalError
from runlean.planning.safety import (
    MIN_BODY_FAT_PCT,
    age_caution,
    check_body_fat,
    min_safe_intake_kcal,
    weekly_loss_fractions,
)


def test_first_week_judged_on_tissue_later_weeks_on_weight() -> None:
    days = np.arange(15)
    # 100 kg: 1.5 kg of glycogen/water gone in the first 3 days, tissue −0.5 kg/week.
    water = np.minimum(days, 3) * 0.5
    tissue = 80.0 - 0.5 * days / 7
    weight = tissue + 20.0 - water
    rates = weekly_loss_fractions(weight, tissue)
    assert rates[0] == pytest.approx(0.5 / 100.0)
    assert rates[1] == pytest.approx((weight[7] - weight[14]) / weight[7])
    assert rates.size == 2


def test_partial_last_week_scaled_to_a_week() -> None:
    weight = np.array([100.0 - 0.1 * i for i in range(11)])  # 10 days, 0.1 kg/day
    rates = weekly_loss_fractions(weight, weight)
    assert rates.size == 2
    assert rates[1] == pytest.approx(0.3 / weight[7] * 7 / 3)


def test_min_safe_intake_is_largest_of_floor_rmr_and_energy_availability() -> None:
    assert min_safe_intake_kcal(False, 1300.0, 0.0, 40.0) == 1300.0  # RMR
    assert min_safe_intake_kcal(False, 1100.0, 0.0, 30.0) == 1200.0  # women's floor
    assert min_safe_intake_kcal(True, 1600.0, 500.0, 60.0) == 30 * 60 + 500  # EA 30


@pytest.mark.parametrize(("sex", "bf0", "lose", "ends"), [
    ("male", 5.0, 1.0, "3.5"),     # 70 kg at 5 %: 3.5 kg fat, 1 kg less ends near 3.6 %
    ("female", 18.0, 3.0, "13."),  # 60 kg at 18 %: 10.8 kg fat, ends below 14 %
])
def test_goals_below_essential_fat_are_refused_with_the_number(
        sex: str, bf0: float, lose: float, ends: str) -> None:
    import datetime as dt

    from runlean.domain import Goal, Habits, Person, Preferences
    from runlean.errors import UnsafeGoalError
    from runlean.planning.plan import make_plan

    weight = 70.0 if sex == "male" else 60.0
    person = Person(sex=sex, age_years=25, height_cm=175 if sex == "male" else 165,
                    weight_kg=weight, body_fat_pct=bf0)
    with pytest.raises(UnsafeGoalError) as err:
        make_plan(person, Habits(), Goal(kind="fat_loss_kg", target=lose), Preferences(),
                  dt.date(2025, 3, 3))
    floor = MIN_BODY_FAT_PCT[sex]
    assert f"safe minimum of {floor:g} %" in str(err.value)
    pct = float(str(err.value).split(" ends at ")[1].split(" %")[0])
    assert pct < floor and str(pct).startswith(ends[:2])


def test_body_fat_target_below_floor_refused_and_floor_itself_allowed() -> None:
    with pytest.raises(UnsafeGoalError, match=r"4\.0 % body fat.*minimum of 5 %"):
        check_body_fat(4.0, 100.0, True)
    check_body_fat(5.0, 100.0, True)
    check_body_fat(14.0, 100.0, False)
    with pytest.raises(UnsafeGoalError, match="minimum of 14 %"):
        check_body_fat(13.95, 100.0, False)


def test_age_caution_from_75() -> None:
    assert age_caution(74.9) is None
    text = age_caution(99)
    assert text is not None and "99 years" in text and "doctor" in text
