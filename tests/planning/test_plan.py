"""make_plan: every plan keeps the rules of its person's population; the issue's personas.

The property test draws random people, counts the refusals (a plan must exist for most
people) and checks each plan against its population's rules, recomputed here from the
sources' numbers rather than read back from the policy module.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlean.domain import Goal, Habits, Person, Plan, Preferences, Screening
from runlean.errors import InvalidInputError, UnsafeGoalError
from runlean.io.plan_files import plan_to_json
from runlean.planning.plan import make_plan
from runlean.science.hall2011 import hall_baseline, simulate_batch
from runlean.science.metabolism import mifflin_st_jeor

START = dt.date(2025, 3, 3)
#: Rules by population, from the sources: (max %/week, kg/week, EA floor, deficit band).
RULES = {
    "overweight": (1.0, 1.0, None, (500.0, 750.0)),    # Jensen 2014; NHLBI 1998
    "healthy_weight": (0.7, None, None, (0.0, 500.0)),
    "athlete": (1.0, None, 30.0, None),                  # Mountjoy 2023; Helms 2014
}
FLOOR = {"female": 1200.0, "male": 1500.0}


def check_rules(plan: Plan) -> None:
    """The plan keeps its population's rules (raises AssertionError otherwise)."""
    person = plan.person
    d = (plan.goal_date - plan.start_date).days
    p = plan.projection["plan"]
    w = np.asarray(p["weight_kg"][:d + 1])
    tissue = np.asarray(p["tissue_kg"][:d + 1])
    pct, kg, ea_floor, band = RULES[plan.population]
    if plan.population == "athlete" and plan.baseline["body_fat_pct"] < (
            15.0 if person.sex == "male" else 25.0):
        pct = 0.7
    t = plan.targets
    # Every day keeps the intake floor, rest days included.
    for key in ("intake_kcal_per_day", "intake_kcal_rest_day", "intake_kcal_easy_day",
                "intake_kcal_hard_day"):
        assert t[key] >= FLOOR[person.sex] - 1e-6, key
    # Every week within the rate cap (week 1 on tissue; a partial last week on its last 7 days).
    for a in range(0, d, 7):
        b = min(a + 7, d)
        if b - a < 7 and d >= 7:
            a = d - 7
        lost = (tissue[a] - tissue[b]) if a == 0 else (w[a] - w[b])
        cap = pct / 100.0 * w[a]
        if kg is not None:
            cap = min(cap, kg)
        assert lost * 7 / (b - a) <= cap + 1e-6
    ex = sum(s.deficit_kcal for s in plan.sessions) / d
    ea = (t["intake_kcal_per_day"] - ex) / plan.baseline["fat_free_kg"]
    if ea_floor is not None:
        assert ea >= ea_floor - 1e-6
    if band is not None:
        deficit = t["dietary_deficit_kcal_per_day"]
        assert deficit <= band[1] + 1e-6
        if deficit < band[0] - 1e-6:  # only when a floor or the rate cap binds
            assert (t["intake_kcal_per_day"] <= FLOOR[person.sex] + 5
                    or plan.safety["fastest_week_loss_pct"] >= 0.9 * pct)
    assert w[-1] / person.height_m ** 2 >= 18.5
    # No lean gain while losing weight: fat-free mass never rises on a day weight falls, and
    # ends below where it started.
    ffm = np.asarray(p["fat_free_kg"][:d + 1])
    falling = np.diff(w) < 0
    assert np.all(np.diff(ffm)[falling] <= 1e-9)
    assert ffm[-1] < ffm[0]
    # The goal is met on the goal day.
    goal = plan.goal
    if goal.kind == "fat_loss_kg":
        assert p["fat_kg"][d] <= plan.baseline["fat_kg"] - goal.target + 0.02
    elif goal.kind == "weight_kg":
        assert w[-1] <= goal.target + 0.02
    # Energy budget: expenditure before the plan = RMR × non-exercise PAL + current training.
    rmr = float(mifflin_st_jeor(person.weight_kg, person.height_cm, person.age_years,
                                person.sex == "male"))
    assert t["baseline_expenditure_kcal_per_day"] == pytest.approx(
        rmr * plan.habits.pal + t["current_training_kcal_per_day"], rel=1e-9)


@st.composite
def requests(draw: st.DrawFn) -> tuple[Person, Habits, Goal, Preferences]:
    sex = draw(st.sampled_from(["female", "male"]))
    height = draw(st.floats(150, 195))
    bmi = draw(st.floats(21, 42))
    bf = draw(st.one_of(st.none(), st.floats(15, 45) if sex == "male" else st.floats(22, 50)))
    weight = bmi * (height / 100) ** 2
    person = Person(sex=sex, age_years=draw(st.floats(18, 74)), height_cm=height,
                    weight_kg=weight, body_fat_pct=bf)
    habits = Habits(pal=draw(st.floats(1.4, 1.9)), sleep_hours=draw(st.floats(5, 9)))
    experience = draw(st.sampled_from(["none", "beginner", "intermediate", "advanced"]))
    prefs = Preferences(
        running_days_per_week=draw(st.integers(2, 6)),
        longest_session_min=draw(st.floats(30, 120)), experience=experience,
        weekly_running_min=draw(st.one_of(st.none(), st.floats(0, 420))))
    weeks = draw(st.one_of(st.none(), st.integers(4, 40)))
    # A goal a person could set: 2-12 % of their weight as fat (BMI and fat floors may still
    # refuse some, which the test counts).
    goal = Goal(kind="fat_loss_kg", target=weight * draw(st.floats(0.02, 0.12)), weeks=weeks)
    return person, habits, goal, prefs


REFUSED: list[str] = []
MADE: list[str] = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(req=requests())
def test_plans_keep_their_populations_rules(
        req: tuple[Person, Habits, Goal, Preferences]) -> None:
    person, habits, goal, prefs = req
    try:
        plan = make_plan(person, habits, goal, prefs, START)
    except (UnsafeGoalError, InvalidInputError) as exc:  # a refusal, with its reason
        REFUSED.append(str(exc))
        return
    MADE.append(plan.population)
    check_rules(plan)


def test_refusals_are_rare() -> None:
    """The property test above made plans for most random people (it counts, not skips)."""
    if not MADE and not REFUSED:
        pytest.skip("run together with test_plans_keep_their_populations_rules")
    assert len(MADE) >= 0.8 * (len(MADE) + len(REFUSED)), REFUSED[:3]


# --- the personas of the issue ------------------------------------------------------------

def _diet_only_days(person: Person, habits: Habits, goal_weight: float,
                    deficit: float) -> int:
    """Days for a diet-only plan at a fixed deficit to reach a weight (Hall's model)."""
    base = hall_baseline(person.sex == "male", person.age_years, person.height_cm,
                         person.weight_kg, person.body_fat_pct, habits.pal)
    traj = simulate_batch(base, 7 * 104, -deficit)
    return int(np.nonzero(traj.weight[0] <= goal_weight)[0][0])


def test_woman_95_to_80_follows_obesity_guidelines() -> None:
    person = Person(sex="female", age_years=45, height_cm=165, weight_kg=95)
    habits = Habits(pal=1.4)
    plan = make_plan(person, habits, Goal(kind="weight_kg", target=80),
                     Preferences(experience="none"), START)
    check_rules(plan)
    assert plan.population == "overweight"
    assert plan.targets["dietary_deficit_kcal_per_day"] == pytest.approx(600.0)
    days = (plan.goal_date - plan.start_date).days
    assert days < 46 * 7  # the athlete rule gave 46 weeks
    assert days <= _diet_only_days(person, habits, 80.0, 600.0)
    assert any("first goal of 5-10 %" in w for w in plan.warnings)


def test_man_130_to_110_follows_obesity_guidelines() -> None:
    person = Person(sex="male", age_years=40, height_cm=180, weight_kg=130)
    plan = make_plan(person, Habits(), Goal(kind="weight_kg", target=110),
                     Preferences(experience="none"), START)
    check_rules(plan)
    days = (plan.goal_date - plan.start_date).days
    assert days < 61 * 7
    assert days <= _diet_only_days(person, Habits(), 110.0, 600.0)
    # BMI 40: medical clearance and a walking-first start.
    assert plan.screening_clearance
    assert plan.sessions[0].kind == "walk"


def test_advanced_runner_six_days_gets_a_plan_that_counts_the_running() -> None:
    person = Person(sex="male", age_years=35, height_cm=178, weight_kg=80)
    prefs = Preferences(experience="advanced", running_days_per_week=6,
                        weekly_running_min=360, longest_recent_run_min=80,
                        longest_session_min=90)
    plan = make_plan(person, Habits(pal=1.5), Goal(kind="fat_loss_kg", target=3), prefs, START)
    check_rules(plan)
    assert plan.population == "athlete"  # 6 h a week of training
    total_pal = plan.baseline["total_pal"]
    assert total_pal > 1.5 + 0.3  # 360 min of running on top of the non-exercise 1.5
    assert any("Screen yourself for low energy availability" in w for w in plan.warnings)


def test_beginner_128_kg_walks_first_with_a_screening_recommendation() -> None:
    person = Person(sex="female", age_years=50, height_cm=168, weight_kg=128)
    plan = make_plan(person, Habits(), Goal(kind="weight_kg", target=115),
                     Preferences(experience="none", running_days_per_week=3), START)
    check_rules(plan)
    assert plan.screening_clearance
    assert any("see your doctor before you start" in w for w in plan.warnings)
    week1 = [s for s in plan.sessions if s.week == 1]
    assert {s.kind for s in week1} <= {"walk", "strength", "cross"}
    assert not any(s.kind == "hiit" for s in plan.sessions if s.week <= 13)
    continuous = [s.week for s in plan.sessions if s.kind in ("easy", "long")
                  and s.running_min >= 30]
    assert not continuous or min(continuous) >= 13


def test_a_known_condition_means_clearance_and_no_intervals() -> None:
    person = Person(sex="male", age_years=52, height_cm=176, weight_kg=92,
                    screening=Screening(heart_disease=True, metabolic_disease=False,
                                        kidney_disease=False, symptoms=False,
                                        medications=True, joint_problem=False))
    prefs = Preferences(experience="intermediate", weekly_running_min=150,
                        longest_recent_run_min=50)
    plan = make_plan(person, Habits(), Goal(kind="fat_loss_kg", target=4), prefs, START)
    assert plan.screening_clearance
    assert not any(s.kind == "hiit" for s in plan.sessions)


def test_body_fat_goal_end_to_end() -> None:
    person = Person(sex="male", age_years=35, height_cm=180, weight_kg=90, body_fat_pct=25)
    plan = make_plan(person, Habits(), Goal(kind="body_fat_pct", target=20), Preferences(),
                     START)
    d = (plan.goal_date - plan.start_date).days
    p = plan.projection["plan"]
    assert 100 * p["fat_kg"][d] / p["weight_kg"][d] <= 20.0 + 0.02
    check_rules(plan)


def test_leg_fat_goal_is_checked_at_the_slower_end() -> None:
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=80)
    plan = make_plan(person, Habits(), Goal(kind="leg_fat_kg", target=10), Preferences(),
                     START)
    d = (plan.goal_date - plan.start_date).days
    p = plan.projection["plan"]
    assert p["leg_fat_kg_allometric"][d] <= 10.0 + 0.01  # the slower rule reaches it
    assert p["leg_fat_kg"][d] < p["leg_fat_kg_allometric"][d]


def test_strength_is_credited_only_when_scheduled() -> None:
    """2 run days × 30 min leave no room for strength: no strength credit in the model."""
    person = Person(sex="female", age_years=40, height_cm=166, weight_kg=80)
    prefs = Preferences(running_days_per_week=2, longest_session_min=30,
                        free_weekdays=(1, 5), strength_sessions_per_week=2)
    plan = make_plan(person, Habits(), Goal(kind="fat_loss_kg", target=3), prefs, START)
    assert not any(s.kind == "strength" for s in plan.sessions)
    assert plan.baseline["lean_multiplier"] == pytest.approx(
        plan.baseline["lean_multiplier_no_strength"])
    assert any("strength sessions are scheduled" in w for w in plan.warnings)


def test_lean_multiplier_never_below_40_percent_of_forbes() -> None:
    person = Person(sex="male", age_years=30, height_cm=180, weight_kg=95)
    prefs = Preferences(strength_sessions_per_week=3, longest_session_min=90)
    plan = make_plan(person, Habits(sleep_hours=8), Goal(kind="fat_loss_kg", target=5),
                     prefs, START)
    assert plan.baseline["lean_multiplier"] >= 0.40 - 1e-9


def test_too_fast_date_moves_to_earliest_safe_date() -> None:
    person = Person(sex="male", age_years=40, height_cm=180, weight_kg=95)
    plan = make_plan(person, Habits(), Goal(kind="weight_kg", target=85, weeks=3),
                     Preferences(), START)
    assert any("earliest safe goal date" in w for w in plan.warnings)
    check_rules(plan)


def test_a_later_date_uses_a_smaller_deficit_within_the_band() -> None:
    person = Person(sex="male", age_years=40, height_cm=180, weight_kg=95)
    plan = make_plan(person, Habits(), Goal(kind="weight_kg", target=90, weeks=40),
                     Preferences(), START)
    assert plan.targets["dietary_deficit_kcal_per_day"] == pytest.approx(500.0)  # band floor
    assert plan.goal_date <= START + dt.timedelta(weeks=40)


def test_low_bmi_target_refused() -> None:
    person = Person(sex="female", age_years=30, height_cm=170, weight_kg=65)
    with pytest.raises(UnsafeGoalError, match=r"BMI of 16\.0"):
        make_plan(person, Habits(), Goal(kind="weight_kg", target=46.24), Preferences(), START)


def test_uids_stable() -> None:
    person = Person(sex="female", age_years=30, height_cm=170, weight_kg=80)
    args = (person, Habits(), Goal(kind="fat_loss_kg", target=3), Preferences(), START)
    a, b = make_plan(*args), make_plan(*args)
    assert [s.uid for s in a.sessions] == [s.uid for s in b.sessions]
    assert len({s.uid for s in a.sessions}) == len(a.sessions)


def test_running_alone_never_rises_above_start_for_a_habitual_runner() -> None:
    person = Person(sex="female", age_years=28, height_cm=168, weight_kg=60,
                    body_fat_pct=22)
    prefs = Preferences(experience="intermediate", weekly_running_min=150,
                        longest_recent_run_min=50)
    plan = make_plan(person, Habits(), Goal(kind="fat_loss_kg", target=2), prefs, START)
    ro = plan.projection["running_only"]["weight_kg"]
    d = (plan.goal_date - plan.start_date).days
    # Week by week (within a week, a run day and a rest day move weight by a few grams).
    assert max(ro[0:d + 1:7]) <= ro[0] + 1e-6


def test_nothing_user_visible_names_an_internal_file() -> None:
    person = Person(sex="female", age_years=38, height_cm=166, weight_kg=78)
    plan = make_plan(person, Habits(), Goal(kind="fat_loss_kg", target=6), Preferences(),
                     START)
    text = json.dumps(plan_to_json(plan))
    for name in ("physiology.md", "DESIGN.md", "hall_model.md", ".md §", "§"):
        assert name not in text
