"""The plan orchestrator: ``make_plan(person, habits, goal, preferences, start_date)``.

Steps: refuse unsafe requests; build the training calendar and its session energies; find
the earliest goal day that respects every safety rule (rate of loss in every projected week,
see :func:`~runlean.planning.safety.weekly_loss_fractions`, intake floor, energy
availability); solve Hall's model for the constant intake that reaches the goal on the
chosen day with the plan's own daily exercise energy (less the assumed compensation);
derive macros and maintenance; project four scenarios; explain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass

import numpy as np

from runlean.domain import FloatArray, Goal, Habits, Person, Plan, Preferences, Session
from runlean.errors import UnsafeGoalError
from runlean.planning import safety
from runlean.planning.explain import evidence
from runlean.planning.load import projected_training_load
from runlean.planning.nutrition import (
    macro_targets,
    protein_g_per_day,
    protein_reference_weight_kg,
)
from runlean.planning.projection import ScenarioInputs, daily_exercise_kcal, project
from runlean.planning.sessions import (
    habitual_running_kcal_per_day,
    make_sessions,
    person_factors,
)
from runlean.planning.training import MIN_STRENGTH_MIN, build_calendar, habitual_running_min
from runlean.science.hall2011 import (
    HallTrajectory,
    allometric_legs,
    hall_baseline,
    maintenance_intake,
    simulate_batch,
    solve_constant_intake,
)
from runlean.science.lean_modifiers import lean_fraction_multiplier
from runlean.science.nutrition import (
    LEAN_BODY_FAT_PCT,
    energy_availability,
    max_weekly_loss_fraction,
    minimum_intake_kcal,
)
from runlean.science.regional_fat import regional_fat_shares

DEFAULT_COMPENSATION = 0.3
#: "Safest reasonable pace" when no date is given: 0.5 % of body weight per week.
DEFAULT_PACE_FRACTION_PER_WEEK = 0.005
#: Longest plan runlean makes [weeks].
MAX_WEEKS = 104
RUNNING_KINDS = ("easy", "long", "run_walk", "hiit")


@dataclass(frozen=True)
class _Trial:
    """One candidate goal day: its sessions, solved intake, trajectory and safety figures."""

    days: int
    sessions: list[Session]
    ex: FloatArray
    intake: float
    traj: HallTrajectory
    weekly: FloatArray
    floor: float
    ok: bool


def plan_key(person: Person, habits: Habits, goal: Goal, prefs: Preferences,
             start: dt.date, compensation: float) -> str:
    """Identity of a plan: a hash of every input (stable across runs)."""
    blob = json.dumps([person.model_dump(mode="json"), habits.model_dump(mode="json"),
                       goal.model_dump(mode="json"), prefs.model_dump(mode="json"),
                       start.isoformat(), compensation], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def make_plan(person: Person, habits: Habits, goal: Goal, preferences: Preferences,
              start_date: dt.date, *, compensation: float = DEFAULT_COMPENSATION) -> Plan:
    """Make a safe plan for a goal. See the module docstring.

    Raises
    ------
    UnsafeGoalError
        When no safe plan exists (age, BMI at goal, no available days, unreachable within
        two years at the safest intake); the message names the rule and the number.
    """
    safety.check_age(person.age_years)
    if not 0.0 <= compensation <= 1.0:
        from runlean.errors import InvalidInputError
        raise InvalidInputError("compensation", compensation, "between 0 and 1")
    male = person.sex == "male"
    base_args: dict[str, float | bool | None] = {
        "male": male, "age_years": person.age_years, "height_cm": person.height_cm,
        "weight_kg": person.weight_kg, "body_fat_pct": person.body_fat_pct,
        "pal": habits.pal}
    base = hall_baseline(male, person.age_years, person.height_cm, person.weight_kg,
                         person.body_fat_pct, habits.pal)
    w0 = person.weight_kg
    fat0 = float(base.fat0[0])
    ffm0 = w0 - fat0
    bf0 = 100.0 * fat0 / w0
    rmr0 = float(base.rmr[0])
    if person.regional_fat is not None:
        rf = person.regional_fat
        legs0, arms0, trunk0 = rf.legs_kg, rf.arms_kg, rf.trunk_kg
    else:
        sl, sa, st = regional_fat_shares(male)
        legs0, arms0, trunk0 = sl * fat0, sa * fat0, st * fat0
    goal.check_is_loss_for(person, fat0, legs0)
    kind, target = {
        "fat_loss_kg": ("fat_kg", fat0 - goal.target),
        "weight_kg": ("weight_kg", goal.target),
        "body_fat_pct": ("body_fat_pct", goal.target),
        "leg_fat_kg": ("leg_fat_kg", goal.target),
    }[goal.kind]
    goal_text = goal.describe(gerund=True)
    if kind == "weight_kg":
        safety.check_target_bmi(target, person.height_cm, what="the target weight")
    if kind == "body_fat_pct":
        safety.check_body_fat(target, 100.0, male, what=f"the goal ({goal_text})")
    r_max = max_weekly_loss_fraction(bf0, male)
    lean = bf0 < LEAN_BODY_FAT_PCT[person.sex]
    protein_g = protein_g_per_day(w0, ffm0, lean, preferences.strength_sessions_per_week,
                                  person.height_cm)
    # Per kg of the reference weight (actual weight, capped at BMI 25), the basis of both
    # the protein band and the protein lean-mass modifier.
    protein_g_per_kg = protein_g / protein_reference_weight_kg(w0, person.height_cm)
    m_plan = float(np.asarray(lean_fraction_multiplier(
        preferences.strength_sessions_per_week, protein_g_per_kg, habits.sleep_hours)))
    m_no_rt = float(np.asarray(lean_fraction_multiplier(0, protein_g_per_kg,
                                                        habits.sleep_hours)))
    key = plan_key(person, habits, goal, preferences, start_date, compensation)
    credit = 1.0 - compensation
    factors = person_factors(person, preferences.experience)
    # The PAL already contains the running the person does now: only the plan's training
    # over it (which may be negative, e.g. in deload weeks) is new expenditure.
    habit_min = habitual_running_min(preferences)
    habit_kcal = habitual_running_kcal_per_day(habit_min, factors)

    horizon = 7 * MAX_WEEKS
    cal_h = build_calendar(preferences, start_date,
                           start_date + dt.timedelta(days=horizon - 1))
    ses_h = make_sessions(cal_h, person, preferences.experience, key)
    ex_h = daily_exercise_kcal(ses_h, start_date, horizon)

    def sessions_for(days: int) -> tuple[list[Session], FloatArray]:
        if days % 7 == 0 and days <= horizon:
            # The calendar only looks forward: whole weeks of a longer plan are the same.
            end = start_date + dt.timedelta(days=days)
            return [s for s in ses_h if s.date < end], ex_h[:days].copy()
        cal = build_calendar(preferences, start_date, start_date + dt.timedelta(days=days - 1))
        ses = make_sessions(cal, person, preferences.experience, key)
        return ses, daily_exercise_kcal(ses, start_date, days)

    def metric(weight: FloatArray, fat: FloatArray) -> FloatArray:
        if kind == "weight_kg":
            return weight
        if kind == "fat_kg":
            return fat
        if kind == "body_fat_pct":
            return np.asarray(100.0 * fat / weight, dtype=float)
        return allometric_legs(np.array([legs0]), base.fat0, fat, 1.0)

    # 1. Earliest safe goal day: simulate at the lowest safe intake.
    i_min_h = safety.min_safe_intake_kcal(male, rmr0, float(ex_h.mean()), ffm0)
    traj = simulate_batch(base, horizon, np.full((1, horizon), i_min_h - base.intake0[0]),
                          extra_activity_kcal_per_day=credit * (ex_h - habit_kcal)[None, :],
                          lean_multiplier=m_plan)
    series = metric(traj.weight[0], traj.fat[0])
    reached = np.nonzero(series <= target)[0]
    if reached.size == 0:
        raise UnsafeGoalError(
            f"No plan: the goal ({goal_text}) cannot be reached safely within {MAX_WEEKS} "
            "weeks: even "
            f"at the lowest safe intake ({i_min_h:.0f} kcal/day) the projection only gets to "
            + (f"{fat0 - float(series[-1]):.1f} kg of fat lost" if goal.kind == "fat_loss_kg"
               else f"{float(series[-1]):.1f} {'%' if kind == 'body_fat_pct' else 'kg'}")
            + "; set a nearer goal first.")
    d_int = int(reached[0])
    loss = w0 - float(traj.weight[0, d_int])
    if kind != "weight_kg":
        safety.check_target_bmi(float(traj.weight[0, d_int]), person.height_cm,
                                what=f"the goal ({goal_text})")
    safety.check_body_fat(float(traj.fat[0, d_int]), float(traj.weight[0, d_int]), male,
                          what=f"the goal ({goal_text})")
    weeks_safe = max(1, math.ceil(d_int / 7), math.ceil(loss / (r_max * w0) - 1e-9))
    warnings: list[str] = []
    requested: dt.date | None = None
    if goal.target_date is not None:
        requested = goal.target_date
    elif goal.weeks is not None:
        requested = start_date + dt.timedelta(days=7 * goal.weeks)

    # 2. Solve for the intake on a goal day and check every rule on that trajectory.
    trials: dict[int, _Trial] = {}

    def trial(days: int) -> _Trial:
        if days not in trials:
            sessions, ex = sessions_for(days)
            extra = credit * (ex - habit_kcal)[None, :]
            intake = float(solve_constant_intake(
                base, target, days, kind, legs0_kg=legs0, tolerance_kcal=0.5,
                extra_activity_kcal_per_day=extra, lean_multiplier=m_plan)[0])
            traj = simulate_batch(base, days, np.full((1, days), intake - base.intake0[0]),
                                  extra_activity_kcal_per_day=extra, lean_multiplier=m_plan)
            weekly = safety.weekly_loss_fractions(traj.weight[0], traj.fat[0] + traj.lean[0])
            floor = safety.min_safe_intake_kcal(male, rmr0, float(ex.mean()), ffm0)
            # Strictly at or above the floor: the intake is solved to ±0.5 kcal, and a plan
            # a fraction of a kcal under a safety floor is still under it.
            ok = intake >= floor and float(weekly.max()) <= r_max + 1e-9
            trials[days] = _Trial(days, sessions, ex, intake, traj, weekly, floor, ok)
        return trials[days]

    # Earliest safe goal week: from the estimate above (average rate and lowest safe intake),
    # the first plan length whose every projected week is within the cap and whose intake is
    # safe, found by doubling then bisection (longer plans are slower).
    lo, hi = weeks_safe - 1, weeks_safe
    while not trial(7 * hi).ok:
        if hi >= MAX_WEEKS:
            t = trial(7 * hi)
            raise UnsafeGoalError(
                f"No plan: no safe intake found for {goal_text} within "
                f"{MAX_WEEKS} weeks (fastest week {100 * float(t.weekly.max()):.2f} %/week vs "
                f"{100 * r_max:.1f} % allowed; intake {t.intake:.0f} vs floor {t.floor:.0f} "
                "kcal/day).")
        lo, hi = hi, min(MAX_WEEKS, weeks_safe + 2 * (hi - weeks_safe + 1))
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if trial(7 * mid).ok:
            hi = mid
        else:
            lo = mid
    weeks_safe = hi
    if requested is not None:
        days = (requested - start_date).days
        if days < 7:
            raise UnsafeGoalError(
                f"No plan: the goal date {requested.isoformat()} is "
                + (f"only {days} days after" if days >= 0 else "before")
                + f" the start ({start_date.isoformat()}); a plan needs at least 1 week.")
        if days < 7 * weeks_safe or not trial(days).ok:
            safe_date = start_date + dt.timedelta(days=7 * weeks_safe)
            warnings.append(
                f"Your goal cannot be reached safely by {requested.isoformat()}: some week "
                f"would lose more than {100 * r_max:.1f} % of body weight or the intake would "
                f"fall below the safe minimum. The earliest safe date is "
                f"{safe_date.isoformat()} ({weeks_safe} weeks); this plan is for that date.")
            days = 7 * weeks_safe
    else:
        weeks_pace = math.ceil(loss / (DEFAULT_PACE_FRACTION_PER_WEEK * w0) - 1e-9)
        days = 7 * min(MAX_WEEKS, max(weeks_safe, weeks_pace))
        while not trial(days).ok and days < 7 * MAX_WEEKS:
            days += 7
        if not trial(days).ok:
            days = 7 * weeks_safe
    chosen = trial(days)
    sessions, ex, intake, floor = chosen.sessions, chosen.ex, chosen.intake, chosen.floor
    end = chosen.traj
    w_end = float(end.weight[0, -1])
    rate = (w0 - w_end) / w0 / (days / 7.0)
    goal_date = start_date + dt.timedelta(days=days)
    safety.check_target_bmi(w_end, person.height_cm, what=f"the goal ({goal_text})")
    safety.check_body_fat(float(end.fat[0, -1]), w_end, male, what=f"the goal ({goal_text})")
    if preferences.cross_training and not any(x.kind == "cross" for x in sessions):
        warnings.append(
            f"Cross-training ({', '.join(preferences.cross_training)}) is not scheduled: your "
            f"{len(preferences.free_weekdays)} free days are taken by runs and strength "
            "sessions. Free another weekday or ask for fewer strength sessions to add it.")
    n_full = days // 7
    want_strength = preferences.strength_sessions_per_week * n_full
    got_strength = sum(1 for x in sessions if x.kind == "strength" and x.week <= n_full)
    if got_strength < want_strength:
        warnings.append(
            f"Only {got_strength} of {want_strength} strength sessions are scheduled: a "
            f"strength session needs {MIN_STRENGTH_MIN:g} min beside a day's run within your "
            f"longest session ({preferences.longest_session_min:g} min), and no free day had "
            "that left for the others. Free another weekday or allow longer sessions.")
    caution = safety.age_caution(person.age_years)
    if caution is not None:
        warnings.append(caution)
    ex_avg = float(ex.mean())
    ea = float(energy_availability(intake, ex_avg, ffm0))
    maint = float(maintenance_intake(
        base, end.fat[:, -1], end.lean[:, -1], end.weight[:, -1],
        extra_activity_kcal_per_day=credit * (float(ex[-28:].mean()) - habit_kcal))[0])

    # 3. Scenarios.
    running = daily_exercise_kcal(sessions, start_date, days, RUNNING_KINDS)
    no_strength = daily_exercise_kcal(sessions, start_date, days,
                                      (*RUNNING_KINDS, "cross"))
    scen = {
        "plan": ScenarioInputs(intake, ex - habit_kcal, m_plan),
        "diet_only": ScenarioInputs(intake, np.zeros(days), m_no_rt),
        "running_only": ScenarioInputs(float(base.intake0[0]), running - habit_kcal, m_no_rt),
        "plan_no_strength": ScenarioInputs(intake, no_strength - habit_kcal, m_no_rt),
    }
    projection = project(base_args, days, scen, compensation, (legs0, arms0, trunk0))

    training_days = {s.date for s in sessions}
    n_weeks = days / 7.0
    train_min = sum(s.duration_min for s in sessions)
    paces = {f"pace_{band}_s_per_km": v for band, v in factors.training_paces().items()}
    targets = {
        "intake_kcal_per_day": intake,
        **({"vdot": factors.vdot, **paces} if factors.vdot is not None else {}),
        "maintenance_kcal_per_day": maint,
        "baseline_expenditure_kcal_per_day": float(base.intake0[0]),
        "exercise_kcal_per_day": ex_avg,
        "habitual_running_min_per_week": habit_min,
        "habitual_running_kcal_per_day": habit_kcal,
        "exercise_credited_kcal_per_day": credit * (ex_avg - habit_kcal),
        **macro_targets(intake, w0, protein_g, len(training_days) / n_weeks,
                        train_min / max(len(training_days), 1) / 60.0),
    }
    safety_figures = {
        "intake_kcal_per_day": intake,
        "intake_floor_kcal_per_day": minimum_intake_kcal(male, rmr0),
        "min_safe_intake_kcal_per_day": floor,
        "energy_availability_kcal_per_kg_ffm": ea,
        "min_energy_availability": safety.MIN_ENERGY_AVAILABILITY,
        "weekly_loss_pct": 100.0 * rate,
        "fastest_week_loss_pct": 100.0 * float(chosen.weekly.max()),
        "fastest_week": float(int(np.argmax(chosen.weekly)) + 1),
        "max_weekly_loss_pct": 100.0 * r_max,
        "end_bmi": w_end / person.height_m ** 2,
        "earliest_safe_weeks": float(weeks_safe),
    }
    baseline = {"weight_kg": w0, "fat_kg": fat0, "fat_free_kg": ffm0, "body_fat_pct": bf0,
                "rmr_kcal_per_day": rmr0, "leg_fat_kg": legs0, "arm_fat_kg": arms0,
                "trunk_fat_kg": trunk0, "lean_multiplier": m_plan,
                "lean_multiplier_no_strength": m_no_rt}
    assumptions = [
        f"Compensation: {100 * compensation:.0f} % of exercise energy is assumed eaten back "
        "or offset by less daily movement when intake is not tracked (Riou 2015: mean 18 %; "
        "Flack 2018: 34-63 %); change it with --compensation.",
        (f"You already run about {habit_min:.0f} min a week ({habit_kcal:.0f} kcal/day); "
         f"your PAL of {habits.pal:g} is taken to include that running, so only the plan's "
         "training over it counts as new expenditure (less in deload weeks, when you run less "
         "than now)." if habit_min > 0 else
         f"Your PAL of {habits.pal:g} describes your days without running (no regular running "
         "was stated); all planned training is added on top."),
        "Lean-mass modifiers are on: strength training, protein at "
        f"{protein_g_per_kg:.1f} g/kg"
        + (f" of your reference weight ({protein_reference_weight_kg(w0, person.height_cm):.0f}"
           " kg, BMI 25)" if protein_reference_weight_kg(w0, person.height_cm) < w0 else "")
        + f" and {habits.sleep_hours:g} h sleep shift how much of the "
        "loss is lean (physiology.md §7; a runlean proposal, not part of Hall's model).",
        "Regional fat follows total fat (no spot reduction); exercise mode does not enter.",
    ]
    if person.body_fat_pct is None:
        assumptions.append(f"Body fat estimated from BMI, age and sex: {bf0:.1f} %.")
    plan = Plan(
        plan_key=key, person=person, habits=habits, goal=goal, preferences=preferences,
        start_date=start_date, goal_date=goal_date, requested_date=requested,
        compensation=compensation, sessions=sessions, targets=targets,
        projection=projection, safety=safety_figures, warnings=warnings,
        assumptions=assumptions, evidence=[], baseline=baseline,
        training_load=projected_training_load(sessions, start_date, days, habit_min, person))
    plan.evidence = evidence(plan)
    return plan
