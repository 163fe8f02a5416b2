"""Validation of the domain value objects: every bad input names field, value and range."""

from __future__ import annotations

import pytest

from runlean.domain import Goal, Habits, Person, RaceResult, check_bounds
from runlean.errors import InvalidInputError, RunleanError

BASE = {"sex": "female", "age_years": 35, "height_cm": 165, "weight_kg": 80}


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("age_years", 7, "between 18 and 100"),
        ("age_years", 101, "between 18 and 100"),
        ("height_cm", 300, "between 120 and 230"),
        ("weight_kg", -5, "between 30 and 350"),
        ("weight_kg", 720, "between 30 and 350"),
        ("body_fat_pct", 2, "between 3 and 70"),
        ("body_fat_pct", 75, "between 3 and 70"),
    ],
)
def test_person_out_of_range_names_field_value_and_range(field: str, value: float,
                                                         fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Person(**{**BASE, field: value})
    message = str(info.value)
    assert field in message
    assert fragment in message
    assert str(float(value)).rstrip("0").rstrip(".") in message
    assert "\n" not in message


def test_errors_share_one_root() -> None:
    assert issubclass(InvalidInputError, RunleanError)


def test_unknown_field_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="weight_lb"):
        Person(**{**BASE, "weight_lb": 170})


def test_non_numeric_value_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="height_cm"):
        Person(**{**BASE, "height_cm": "tall"})


def test_unknown_choice_lists_the_choices_once() -> None:
    with pytest.raises(InvalidInputError) as info:
        Person(**{**BASE, "sex": "x"})
    assert str(info.value) == "sex: got 'x'; expected 'female' or 'male'."


def test_regional_fat_cannot_exceed_total_fat() -> None:
    with pytest.raises(InvalidInputError, match="regional_fat"):
        Person(**BASE, body_fat_pct=20,
               regional_fat={"legs_kg": 10, "arms_kg": 3, "trunk_kg": 5})  # 18 > 16 kg
    ok = Person(**BASE, body_fat_pct=30,
                regional_fat={"legs_kg": 10, "arms_kg": 3, "trunk_kg": 10})
    assert ok.regional_fat is not None
    assert ok.regional_fat.total_kg == pytest.approx(23.0)


def test_max_hr_must_exceed_resting() -> None:
    with pytest.raises(InvalidInputError, match="max_hr_bpm"):
        Person(**BASE, resting_hr_bpm=70, max_hr_bpm=80)


def test_unknown_timezone_rejected() -> None:
    with pytest.raises(InvalidInputError, match="timezone"):
        Person(**BASE, timezone="Mars/Olympus")


def test_race_result_must_be_humanly_possible() -> None:
    with pytest.raises(InvalidInputError, match="race"):
        RaceResult(distance_m=5000, time_s=600)  # 8.3 m/s
    assert RaceResult(distance_m=5000, time_s=1500).distance_m == 5000


def test_habits_ranges() -> None:
    # Not given: 1.5, the middle of FAO/WHO/UNU 2004's sedentary or light band, as assumed.
    assert Habits().pal == 1.5 and Habits().pal_source == "assumed"
    assert Habits(pal=1.6).pal_source == "given"
    with pytest.raises(InvalidInputError, match="sleep_hours"):
        Habits(sleep_hours=1)
    with pytest.raises(InvalidInputError, match="pal"):
        Habits(pal=3.5)


def test_goal_that_is_a_gain_is_refused() -> None:
    person = Person(**BASE)
    goal = Goal(kind="weight_kg", target=85)
    with pytest.raises(InvalidInputError, match="gain"):
        goal.check_is_loss_for(person, current_fat_kg=30.0, current_leg_fat_kg=11.0)
    Goal(kind="weight_kg", target=70).check_is_loss_for(person, 30.0, 11.0)


def test_goal_deadline_is_date_or_weeks_not_both() -> None:
    import datetime as dt

    with pytest.raises(InvalidInputError, match="weeks"):
        Goal(kind="weight_kg", target=70, weeks=10, target_date=dt.date(2027, 1, 1))


def test_person_bmi() -> None:
    p = Person(**BASE)
    assert p.bmi == pytest.approx(80 / 1.65**2)


def test_missing_field_names_field_and_range() -> None:
    with pytest.raises(InvalidInputError) as info:
        Person(sex="male", height_cm=180, weight_kg=80)
    message = str(info.value)
    assert "age_years" in message
    assert "required" in message
    assert "between 18 and 100" in message


@pytest.mark.parametrize(("value", "expected"), [
    (True, "a number between 1 and 5 kg"), ("3", "a number between 1 and 5 kg"),
    (float("nan"), "a number between 1 and 5 kg"), (float("inf"), "a number between 1 and 5 kg"),
    (0.999, "between 1 and 5 kg"), (5.001, "between 1 and 5 kg"),
])
def test_check_bounds_refuses_non_numbers_and_out_of_range(value: object, expected: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check_bounds("load", value, 1, 5, "kg")
    assert (info.value.field, info.value.expected) == ("load", expected)


def test_check_bounds_accepts_the_closed_range() -> None:
    assert [check_bounds("load", v, 1, 5, "kg") for v in (1, 3.5, 5)] == [1.0, 3.5, 5.0]
    assert type(check_bounds("load", 2, 1, 5, "kg")) is float


@pytest.mark.parametrize(("kind", "target", "units", "gerund", "text"), [
    ("fat_loss_kg", 6, "metric", False, "lose 6 kg of fat"),
    ("fat_loss_kg", 6, "imperial", False, "lose 13.2 lb of fat"),
    ("weight_kg", 72.5, "metric", True, "reaching 72.5 kg"),
    ("body_fat_pct", 20, "imperial", False, "reach 20 % body fat"),
    ("leg_fat_kg", 7, "metric", True, "reaching 7 kg of leg fat"),
])
def test_goal_describe(kind: str, target: float, units: str, gerund: bool, text: str) -> None:
    from runlean.domain import Goal

    assert Goal(kind=kind, target=target).describe(units, gerund=gerund) == text  # type: ignore[arg-type]
