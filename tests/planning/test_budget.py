"""The energy budget: RMR × activity level without training + current training."""

from __future__ import annotations

import pytest

from runlean.domain import Habits, Person, Preferences
from runlean.errors import InvalidInputError
from runlean.planning.budget import CurrentTraining, energy_budget, stated_training
from runlean.planning.sessions import person_factors
from runlean.science.metabolism import lifestyle_non_exercise_pal

PERSON = Person(sex="male", age_years=40, height_cm=180, weight_kg=80)


def test_expenditure_is_rmr_times_pal_plus_current_running() -> None:
    prefs = Preferences(experience="advanced", weekly_running_min=300,
                        running_days_per_week=6)
    habits = Habits(pal=1.5)
    f = person_factors(PERSON, "advanced")
    b = energy_budget(PERSON, habits, stated_training(prefs, habits), f)
    rmr = 10 * 80 * 0.999 + 6.25 * 180 - 4.92 * 40 + 5  # Mifflin, unrounded form
    assert b.rmr_kcal_per_day == pytest.approx(rmr, rel=1e-3)
    # 300 min at 3.1 m/s: ACSM net 0.2 ml/kg/m → 0.2 × 186 × 80 / 1000 × 5 kcal/min.
    net = 0.2 * 3.1 * 60 * 80 / 1000 * 5 * 300
    assert b.training_kcal_per_day == pytest.approx(net * (1 + 0.071) / 7, rel=0.02)
    assert b.expenditure_kcal_per_day == pytest.approx(1.5 * b.rmr_kcal_per_day
                                                       + b.training_kcal_per_day)
    assert b.total_pal > 1.8  # a marathoner is not at an activity level of 1.18


def test_no_running_no_training_energy() -> None:
    prefs = Preferences(experience="none", strength_sessions_per_week=0)
    b = energy_budget(PERSON, Habits(), stated_training(prefs, Habits()),
                      person_factors(PERSON, "none"))
    assert b.training_kcal_per_day == 0.0
    assert b.non_exercise_pal == 1.5 and b.pal_source == "assumed"


def test_measured_training_energy_is_used_as_is() -> None:
    t = CurrentTraining(120.0, 40.0, 0.0, "imported", measured_kcal_per_day=222.0)
    b = energy_budget(PERSON, Habits(pal=1.6), t, person_factors(PERSON, "beginner"))
    assert b.training_kcal_per_day == 222.0


@pytest.mark.parametrize(("pal", "ok"), [(1.39, False), (1.40, True), (2.5, True),
                                         (2.51, False)])
def test_activity_level_without_training_starts_at_1_4(pal: float, ok: bool) -> None:
    # FAO/WHO/UNU 2004: the sedentary or light band starts at PAL 1.40.
    if ok:
        assert Habits(pal=pal).pal == pal
    else:
        with pytest.raises(InvalidInputError, match=r"between 1\.4 and 2\.5"):
            Habits(pal=pal)


def test_questionnaire_gives_the_activity_level() -> None:
    h = Habits(occupation="seated", steps_per_day=5000)
    assert h.pal == pytest.approx(1.40) and h.pal_source == "questionnaire"
    # 5000 more steps of 0.7 m: 3.5 km × 0.5 kcal/kg/km = 1.75 kcal/kg ÷ 21.2 kcal/kg RMR.
    assert lifestyle_non_exercise_pal("seated", 10000) == pytest.approx(1.40 + 1.75 / 21.2)
    assert Habits(occupation="manual").pal == pytest.approx(1.80)
    assert Habits(occupation="manual", steps_per_day=40000).pal == pytest.approx(1.99)
    assert Habits(pal=1.7, occupation="seated").pal == 1.7  # a given level wins
    with pytest.raises(InvalidInputError, match="steps_per_day"):
        Habits(steps_per_day=-5)
