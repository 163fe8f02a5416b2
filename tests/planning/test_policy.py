"""The safety and training policy: every rule at its published boundary, by population.

Boundary values are literals from the sources (WHO BMI cut-offs; AHA/ACC/TOS 2013 and NHLBI
1998 intake floors and deficits; IOC REDs 2023 energy availability; Helms 2014 / Garthe 2011
rates; ACSM 2015 screening), checked just below and just above each threshold, never through
the module's own constants.
"""

from __future__ import annotations

import numpy as np
import pytest

from runlean.errors import UnsafeGoalError
from runlean.planning import policy

# --- everyone ---------------------------------------------------------------------------

def test_no_plans_under_18() -> None:
    with pytest.raises(UnsafeGoalError, match="under 18"):
        policy.check_age(17.9)
    policy.check_age(18.0)


def test_age_caution_from_75() -> None:
    assert policy.age_caution(74.9) is None
    text = policy.age_caution(75.0)
    assert text is not None and "75 years" in text and "doctor" in text


@pytest.mark.parametrize(("bmi", "refused"), [(18.4, True), (18.6, False)])
def test_goal_bmi_floor_is_18_5(bmi: float, refused: bool) -> None:
    height_cm = 170.0
    weight = bmi * 1.7 ** 2
    if refused:
        with pytest.raises(UnsafeGoalError, match=r"BMI of 18\.4.*minimum of 18\.5"):
            policy.check_target_bmi(weight, height_cm)
    else:
        policy.check_target_bmi(weight, height_cm)
    assert policy.lowest_weight_kg(170.0) == pytest.approx(18.5 * 1.7 ** 2)


@pytest.mark.parametrize(("male", "pct", "refused"), [
    (True, 4.9, True), (True, 5.1, False), (False, 13.9, True), (False, 14.1, False)])
def test_essential_fat_floors(male: bool, pct: float, refused: bool) -> None:
    # Essential fat ≈ 3 % (men) and 12 % (women) plus a 2-point margin: 5 % and 14 %.
    if refused:
        with pytest.raises(UnsafeGoalError, match=r"safe minimum of (5|14) %"):
            policy.check_body_fat(pct, 100.0, male)
    else:
        policy.check_body_fat(pct, 100.0, male)


# --- who is who ---------------------------------------------------------------------------

@pytest.mark.parametrize(("sex", "bmi", "bf", "hours", "population"), [
    ("male", 24.0, 14.9, 0.0, "athlete"),          # lean: < 15 % men
    ("male", 24.0, 15.1, 0.0, "healthy_weight"),
    ("female", 22.0, 24.9, 0.0, "athlete"),        # lean: < 25 % women
    ("female", 22.0, 25.1, 0.0, "healthy_weight"),
    ("female", 30.0, 38.0, 4.9, "overweight"),     # training < 5 h/week
    ("female", 30.0, 38.0, 5.1, "athlete"),        # ≥ ~5 h/week of training
    ("male", 24.9, 22.0, 1.0, "healthy_weight"),   # BMI < 25
    ("male", 25.1, 22.0, 1.0, "overweight"),       # BMI ≥ 25 (WHO)
])
def test_classification(sex: str, bmi: float, bf: float, hours: float,
                        population: str) -> None:
    assert policy.classify(sex, bmi, bf, hours) == population


def test_rules_of_people_with_overweight() -> None:
    r = policy.rules_for("overweight", "female", 38.0)
    assert r.dietary_deficit_kcal == (500.0, 600.0, 750.0)  # AHA/ACC/TOS, NICE
    assert r.max_weekly_loss_fraction == 0.01
    assert r.max_weekly_loss(90.0) == pytest.approx(0.01)
    assert r.max_weekly_loss(130.0) == pytest.approx(1.0 / 130.0)  # ≤ 1 kg a week
    assert r.min_intake_kcal == 1200.0
    assert r.min_energy_availability is None
    assert r.protein_g_per_kg == (1.2, 1.6)
    assert policy.rules_for("overweight", "male", 30.0).min_intake_kcal == 1500.0


def test_rules_of_people_with_a_healthy_weight() -> None:
    r = policy.rules_for("healthy_weight", "male", 18.0)
    assert r.dietary_deficit_kcal is not None and r.dietary_deficit_kcal[2] == 500.0
    assert r.max_weekly_loss_fraction == 0.007
    assert r.max_weekly_loss_kg is None


def test_rules_of_athletes() -> None:
    lean = policy.rules_for("athlete", "female", 22.0)
    assert lean.lean and lean.max_weekly_loss_fraction == 0.007
    heavy = policy.rules_for("athlete", "female", 30.0)
    assert not heavy.lean and heavy.max_weekly_loss_fraction == 0.01
    assert lean.min_energy_availability == 30.0
    assert lean.energy_availability_warning == 45.0
    assert lean.dietary_deficit_kcal is None
    assert lean.protein_g_per_kg == (1.8, 2.2)


# --- floors --------------------------------------------------------------------------------

def test_intake_floor_for_non_athletes_is_the_sex_floor() -> None:
    r = policy.rules_for("overweight", "female", 40.0)
    assert policy.intake_floor_kcal(r, 600.0, 50.0) == 1200.0
    r = policy.rules_for("overweight", "male", 30.0)
    assert policy.intake_floor_kcal(r, 600.0, 70.0) == 1500.0


def test_intake_floor_for_athletes_keeps_energy_availability_30() -> None:
    r = policy.rules_for("athlete", "male", 12.0)
    # 60 kg fat-free mass, 500 kcal/day of exercise: 30 × 60 + 500 = 2300.
    assert policy.intake_floor_kcal(r, 500.0, 60.0) == pytest.approx(2300.0)
    assert policy.intake_floor_kcal(r, 0.0, 40.0) == 1500.0


def test_never_below_800() -> None:
    assert policy.ABSOLUTE_MIN_INTAKE_KCAL == 800.0  # NHLBI: VLCD below 800 kcal/day
    low = policy.Rules("healthy_weight", False, 0.007, None, 500.0, None, None,
                       (0.0, 500.0, 500.0), (1.2, 1.6), False)
    assert policy.intake_floor_kcal(low, 0.0, 40.0) == 800.0


def test_energy_availability_warning_below_45() -> None:
    r = policy.rules_for("athlete", "female", 20.0)
    assert policy.energy_availability_warning(r, 45.1) is None
    text = policy.energy_availability_warning(r, 44.9)
    assert text is not None and "below 45" in text
    assert policy.energy_availability_warning(policy.rules_for("overweight", "female", 40.0),
                                              20.0) is None


def test_reds_questions_are_named() -> None:
    text = policy.reds_warning()
    for sign in ("periods", "stress fracture", "fatigue"):
        assert sign in text
    assert "Mountjoy 2023" in text


# --- rate of loss ---------------------------------------------------------------------------

def test_first_week_judged_on_tissue_later_weeks_on_weight() -> None:
    days = np.arange(15)
    # 100 kg: 1.5 kg of glycogen/water gone in the first 3 days, tissue −0.5 kg/week.
    water = np.minimum(days, 3) * 0.5
    tissue = 80.0 - 0.5 * days / 7
    weight = tissue + 20.0 - water
    rates = policy.weekly_loss_fractions(weight, tissue)
    assert rates[0] == pytest.approx(0.5 / 100.0)
    assert rates[1] == pytest.approx((weight[7] - weight[14]) / weight[7])
    assert rates.size == 2


def test_a_final_partial_week_is_judged_on_the_last_seven_days() -> None:
    weight = np.array([100.0 - 0.1 * i for i in range(11)])  # 10 days, 0.1 kg/day
    rates = policy.weekly_loss_fractions(weight, weight)
    assert rates.size == 2
    assert rates[1] == pytest.approx(0.7 / weight[3])
    caps = policy.weekly_caps(policy.rules_for("overweight", "male", 30.0),
                              np.linspace(140.0, 139.0, 11))
    assert caps[0] == pytest.approx(1.0 / 140.0)
    assert caps[1] == pytest.approx(1.0 / float(np.linspace(140.0, 139.0, 11)[3]))


# --- screening -----------------------------------------------------------------------------

@pytest.mark.parametrize(("bmi", "severe"), [(34.9, False), (35.1, True)])
def test_bmi_35_asks_for_clearance_and_walking_first(bmi: float, severe: bool) -> None:
    advice = policy.screening_advice(None, bmi, exercises_regularly=False,
                                     runs_continuously_min=0.0)
    assert advice.clearance is severe
    assert advice.walk_first is severe
    assert advice.intervals_allowed
    assert any("35 or more" in m for m in advice.messages) is severe


def test_bmi_35_runner_does_not_walk_first() -> None:
    advice = policy.screening_advice(None, 36.0, True, runs_continuously_min=25.0)
    assert advice.clearance and not advice.walk_first


@pytest.mark.parametrize("question", ["heart_disease", "metabolic_disease", "kidney_disease"])
def test_known_disease_needs_clearance_and_no_intervals(question: str) -> None:
    answers = dict.fromkeys(policy.SCREENING_QUESTIONS, False) | {question: True}
    advice = policy.screening_advice(answers, 27.0, False, 0.0)
    assert advice.clearance and not advice.intervals_allowed
    assert any("before you start" in m for m in advice.messages)
    regular = policy.screening_advice(answers, 27.0, True, 40.0)
    assert any("before the interval sessions" in m for m in regular.messages)


def test_symptoms_stop_training_until_checked() -> None:
    advice = policy.screening_advice({"symptoms": True}, 24.0, True, 40.0)
    assert advice.clearance and not advice.intervals_allowed
    assert any("do not start" in m for m in advice.messages)


def test_medication_asks_a_doctor_but_allows_intervals() -> None:
    advice = policy.screening_advice({"medications": True}, 24.0, True, 40.0)
    assert advice.clearance and advice.intervals_allowed


def test_all_no_answers_need_nothing() -> None:
    answers = dict.fromkeys(policy.SCREENING_QUESTIONS, False)
    advice = policy.screening_advice(answers, 27.0, False, 0.0)
    assert not advice.clearance and advice.messages == ()
    assert policy.REGULAR_EXERCISE_MIN_PER_WEEK == 90.0  # 3 × 30 min (ACSM 2015)
