"""make_plan: safety rules hold for random profiles; session energies match the science."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlean.domain import Goal, Habits, Person, Plan, Preferences
from runlean.errors import UnsafeGoalError
from runlean.planning.plan import make_plan
from runlean.science.compendium import activity_met
from runlean.science.exercise import acsm_running_vo2, epoc_kcal, met_kcal, vo2_to_kcal
from runlean.science.metabolism import mifflin_st_jeor
from runlean.science.nutrition import MIN_INTAKE_KCAL

START = dt.date(2025, 3, 3)


@st.composite
def requests(draw: st.DrawFn) -> tuple[Person, Habits, Goal, Preferences]:
    sex = draw(st.sampled_from(["female", "male"]))
    height = draw(st.floats(150, 195))
    bmi = draw(st.floats(24, 38))
    person = Person(sex=sex, age_years=draw(st.floats(18, 70)), height_cm=height,
                    weight_kg=bmi * (height / 100) ** 2)
    habits = Habits(pal=draw(st.floats(1.4, 1.9)), sleep_hours=draw(st.floats(5, 9)))
    prefs = Preferences(
        running_days_per_week=draw(st.integers(2, 5)),
        longest_session_min=draw(st.floats(30, 90)),
        experience=draw(st.sampled_from(["none", "beginner", "intermediate", "advanced"])))
    weeks = draw(st.one_of(st.none(), st.integers(4, 30)))
    goal = Goal(kind="fat_loss_kg", target=draw(st.floats(1, 8)), weeks=weeks)
    return person, habits, goal, prefs


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(req=requests())
def test_plans_are_safe(req: tuple[Person, Habits, Goal, Preferences]) -> None:
    person, habits, goal, prefs = req
    try:
        plan = make_plan(person, habits, goal, prefs, START)
    except UnsafeGoalError:
        return
    male = person.sex == "male"
    rmr = float(mifflin_st_jeor(person.weight_kg, person.height_cm, person.age_years, male))
    intake = plan.targets["intake_kcal_per_day"]
    assert intake >= max(MIN_INTAKE_KCAL[person.sex], rmr)
    d = (plan.goal_date - plan.start_date).days
    w_end = plan.projection["plan"]["weight_kg"][d]
    lean = plan.baseline["body_fat_pct"] < (15 if male else 23)
    cap = 0.007 if lean else 0.01
    assert (person.weight_kg - w_end) / person.weight_kg / (d / 7) <= cap + 1e-9
    # Every projected week within the cap: week 1 on tissue (fat + lean, without the fast
    # glycogen/water drop), later weeks on body weight.
    w = plan.projection["plan"]["weight_kg"]
    tissue = plan.projection["plan"]["tissue_kg"]
    for a in range(0, d, 7):
        b = min(a + 7, d)
        lost = tissue[a] - tissue[b] if a == 0 else w[a] - w[b]
        assert lost / w[a] * 7 / (b - a) <= cap + 1e-9
    ex = sum(s.deficit_kcal for s in plan.sessions) / d
    assert (intake - ex) / plan.baseline["fat_free_kg"] >= 30 - 1e-6
    assert w_end / person.height_m ** 2 >= 18.5
    # The goal is met on the goal day.
    fat_end = plan.projection["plan"]["fat_kg"][d]
    assert fat_end == pytest.approx(plan.baseline["fat_kg"] - goal.target, abs=0.02)
    # Session energies recomputed independently from the science functions.
    w = person.weight_kg
    for s in plan.sessions[:30]:
        if s.kind in ("easy", "long"):
            speed = 1000.0 / s.intensity.pace_s_per_km * 60.0  # type: ignore[operator]
            assert s.gross_kcal == pytest.approx(
                float(vo2_to_kcal(acsm_running_vo2(speed), w, s.duration_min)), rel=1e-9)
            assert s.net_kcal == pytest.approx(0.2 * speed * w / 1000 * 5 * s.duration_min,
                                               rel=1e-9)
        if s.kind == "strength":
            # Compendium 02054 (multiple exercises, 8-15 reps): 3.5 MET, net 2.5 MET.
            assert s.net_kcal == pytest.approx((3.5 - 1) * 3.5 * w / 200 * s.duration_min)
        if s.kind == "hiit":
            met, _ = activity_met("hiit", "vigorous")
            net = float(met_kcal(met, w, s.duration_min, net=True))
            assert s.epoc_kcal == pytest.approx(float(epoc_kcal(net, 1.0, True)))


def test_too_fast_goal_moves_to_earliest_safe_date() -> None:
    person = Person(sex="male", age_years=40, height_cm=180, weight_kg=95)
    plan = make_plan(person, Habits(), Goal(kind="weight_kg", target=85, weeks=3),
                     Preferences(), START)
    assert plan.warnings and "earliest safe date" in plan.warnings[0]
    weeks = (plan.goal_date - plan.start_date).days / 7
    assert weeks >= 10 / (0.01 * 95)  # ≤ 1 %/week of 95 kg → at least 10.5 weeks


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


def _steady_runner_plan(prefs: Preferences) -> Plan:
    person = Person(sex="male", age_years=40, height_cm=178, weight_kg=90)
    return make_plan(person, Habits(pal=1.6), Goal(kind="fat_loss_kg", target=3), prefs, START)


def test_current_running_is_not_counted_twice() -> None:
    # 2 runs of 50 min = 100 min/week now; the plan cannot go beyond it (2 × 50 min).
    prefs = Preferences(running_days_per_week=2, longest_session_min=50,
                        experience="intermediate", weekly_running_min=100,
                        longest_recent_run_min=50, strength_sessions_per_week=0)
    plan = _steady_runner_plan(prefs)
    t = plan.targets
    assert t["habitual_running_min_per_week"] == 100
    credited = plan.projection["plan"]["exercise_credited_kcal_per_day"]
    d = (plan.goal_date - plan.start_date).days
    build_weeks = {s.week for s in plan.sessions if not s.deload}
    for w in sorted(build_weeks)[:-1]:
        week = [s for s in plan.sessions if s.week == w]
        assert sum(s.running_min for s in week) == 100
        # Same volume as now: no extra activity energy credited to the model that week.
        assert sum(credited[7 * (w - 1):7 * w]) == pytest.approx(0.0, abs=1e-6)
    # Over the whole plan (with its lighter deload weeks) the credit is ≤ 0.
    assert sum(credited[:d]) <= 1e-6
    assert t["exercise_credited_kcal_per_day"] == pytest.approx(
        (1 - plan.compensation) * (t["exercise_kcal_per_day"]
                                   - t["habitual_running_kcal_per_day"]))
    assert any("already run about 100 min" in a for a in plan.assumptions)


def test_non_runner_gets_all_training_credited() -> None:
    prefs = Preferences(running_days_per_week=3, longest_session_min=45, experience="none",
                        strength_sessions_per_week=0)
    plan = _steady_runner_plan(prefs)
    t = plan.targets
    assert t["habitual_running_kcal_per_day"] == 0.0
    d = (plan.goal_date - plan.start_date).days
    ex = [0.0] * d
    for s in plan.sessions:
        ex[(s.date - plan.start_date).days] += s.deficit_kcal
    credited = plan.projection["plan"]["exercise_credited_kcal_per_day"][:d]
    assert credited == pytest.approx([(1 - plan.compensation) * e for e in ex], abs=1e-9)


def test_strength_that_cannot_fit_beside_runs_is_dropped_with_a_warning() -> None:
    """7 run days of up to 30 min in a 30-min day leave no room for strength: warn."""
    person = Person(sex="male", age_years=35, height_cm=178, weight_kg=86)
    prefs = Preferences(running_days_per_week=7, longest_session_min=30, experience="advanced",
                        weekly_running_min=200, longest_recent_run_min=30,
                        strength_sessions_per_week=2)
    plan = make_plan(person, Habits(pal=1.5), Goal(kind="fat_loss_kg", target=3), prefs, START)
    per_day: dict[dt.date, float] = {}
    for s in plan.sessions:
        per_day[s.date] = per_day.get(s.date, 0.0) + s.duration_min
    assert max(per_day.values()) <= 30
    n_weeks = (plan.goal_date - plan.start_date).days // 7
    got = sum(1 for s in plan.sessions if s.kind == "strength" and s.week <= n_weeks)
    assert got < 2 * n_weeks
    assert any(w.startswith(f"Only {got} of {2 * n_weeks} strength sessions")
               for w in plan.warnings)
