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

@pytest.mark.parametrize(("bmi", "severe"), [(34.9, False), (35.0, True), (35.1, True)])
def test_bmi_35_asks_for_clearance_and_walking_first(bmi: float, severe: bool) -> None:
    advice = policy.screening_advice(None, bmi, exercises_regularly=False,
                                     runs_continuously_min=0.0)
    assert advice.clearance is severe
    assert advice.walk_first is severe
    assert advice.intervals_allowed is not severe
    assert any("35 or more" in m for m in advice.messages) is severe


def test_bmi_35_runner_does_not_walk_first() -> None:
    advice = policy.screening_advice(None, 36.0, True, runs_continuously_min=25.0)
    assert advice.clearance and not advice.walk_first
    # Walking first until 10 minutes of continuous running.
    assert policy.screening_advice(None, 36.0, False, 9.9).walk_first
    assert not policy.screening_advice(None, 36.0, False, 10.0).walk_first


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


# --- exactly at the thresholds --------------------------------------------------------------

@pytest.mark.parametrize(("sex", "bmi", "bf", "hours", "population"), [
    ("male", 24.0, 15.0, 0.0, "healthy_weight"),   # lean means below 15 %, not at it
    ("female", 22.0, 25.0, 0.0, "healthy_weight"),
    ("female", 30.0, 38.0, 5.0, "athlete"),        # 5 h a week counts
    ("male", 25.0, 22.0, 1.0, "overweight"),       # BMI 25.0 is overweight (WHO)
])
def test_classification_at_the_thresholds(sex: str, bmi: float, bf: float, hours: float,
                                          population: str) -> None:
    assert policy.classify(sex, bmi, bf, hours) == population


def test_bmi_18_5_itself_is_allowed_and_body_fat_floors_themselves_too() -> None:
    policy.check_target_bmi(18.5 * 1.7 ** 2, 170.0)
    policy.check_body_fat(5.0, 100.0, True)
    policy.check_body_fat(14.0, 100.0, False)


def test_body_fat_refusal_names_the_number_and_essential_fat() -> None:
    with pytest.raises(UnsafeGoalError) as err:
        policy.check_body_fat(13.96, 100.0, False)
    text = str(err.value)
    assert "ends at 13.9 % body fat" in text and "essential fat is about 12 %" in text
    with pytest.raises(UnsafeGoalError, match="essential fat is about 3 %"):
        policy.check_body_fat(4.0, 100.0, True)


def test_energy_availability_of_exactly_45_needs_no_warning() -> None:
    r = policy.rules_for("athlete", "female", 20.0)
    assert policy.energy_availability_warning(r, 45.0) is None
    assert policy.energy_availability_warning(r, 44.99) is not None


def test_rules_describe_each_population_with_its_numbers() -> None:
    ow = policy.rules_for("overweight", "female", 40.0).describe()
    assert "500-750 kcal/day (default 600)" in ow and "at most 1.0 % of body weight" in ow
    assert "and 1 kg" in ow and "at least 1200 kcal every day" in ow and "Jensen 2014" in ow
    hw = policy.rules_for("healthy_weight", "male", 20.0).describe()
    assert "at most 500 kcal/day" in hw and "at most 0.7 %" in hw and "1500 kcal" in hw
    at = policy.rules_for("athlete", "male", 12.0).describe()
    assert "at least 30 kcal per kg" in at and "warning below 45" in at
    assert "Mountjoy 2023" in at


def test_band_and_protein_of_each_population() -> None:
    assert policy.rules_for("healthy_weight", "female", 30.0).dietary_deficit_kcal == (
        0.0, 500.0, 500.0)
    assert policy.rules_for("healthy_weight", "female", 30.0).protein_g_per_kg == (1.2, 1.6)
    assert policy.PROTEIN_LEAN_RESISTANCE_TRAINED_G_PER_KG_LBM == (2.3, 3.1)  # Helms 2014


@pytest.mark.parametrize(("loss", "suggested"), [(9.9, False), (10.0, False), (10.1, True)])
def test_first_goal_of_5_to_10_percent_in_6_months(loss: float, suggested: bool) -> None:
    text = policy.first_goal_suggestion(100.0, loss)
    assert (text is not None) is suggested
    if text is not None:
        assert "5-10 % (5-10 kg)" in text and "about 6 months" in text
    text = policy.first_goal_suggestion(120.0, 15.0)  # 12.5 % of 120 kg
    assert text is not None and "Your goal is 12 %" in text and "(6-12 kg)" in text


def test_athletes_lose_half_a_percent_a_week_without_a_date() -> None:
    # 80 kg, 4.4 kg to lose at 0.5 %/week (0.4 kg): 11 weeks (Helms 2014: 0.5-1 %/week).
    assert policy.athlete_default_weeks(80.0, 4.4) == 11
    assert policy.athlete_default_weeks(80.0, 0.1) == 1


@pytest.mark.parametrize(("bmi", "age", "slow"), [
    (34.9, 59.9, False), (35.0, 30.0, True), (30.0, 60.0, True)])
def test_slower_progression_from_bmi_35_or_age_60(bmi: float, age: float, slow: bool) -> None:
    assert policy.slow_progression(bmi, age) is slow


def test_weekly_loss_windows_are_seven_days() -> None:
    # 21 days, 0.1 kg a day: three weeks of exactly 0.7 kg (week 1 on tissue = weight here).
    w = np.array([100.0 - 0.1 * i for i in range(22)])
    rates = policy.weekly_loss_fractions(w, w)
    assert rates.size == 3
    assert rates == pytest.approx([0.7 / 100.0, 0.7 / 99.3, 0.7 / 98.6])


def test_training_load_time_constants_are_42_and_7_days() -> None:
    from runlean.tracking.load import pmc

    ctl, atl, _tsb = pmc(np.array([100.0]))
    assert ctl[0] == pytest.approx(100.0 * (1 - np.exp(-1 / 42)))
    assert atl[0] == pytest.approx(100.0 * (1 - np.exp(-1 / 7)))
