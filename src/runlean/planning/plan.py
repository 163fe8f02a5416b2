"""The plan orchestrator: ``make_plan(person, habits, goal, preferences, start_date)``.

A short sequence of named steps:

1. :func:`plan_context` — body composition now, the energy budget before the plan
   (:mod:`runlean.planning.budget`), the population and its rules, the pre-exercise screening
   (:mod:`runlean.planning.policy`);
2. :func:`goal_target` — the goal as a target of Hall's model (a leg-fat goal checked at the
   slower, evidence-based end of the leg-fat range);
3. :func:`training_calendar` — the sessions over the longest plan (:mod:`training`,
   :mod:`sessions`);
4. :func:`intake_problem` and :func:`~runlean.planning.intake.choose_intake` — the intake and
   goal day within the population's rules;
5. :func:`projections`, :func:`nutrition_targets`, :func:`safety_figures`, warnings and
   assumptions, then the evidence (:mod:`runlean.planning.explain`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from runlean.domain import FloatArray, Goal, Habits, Person, Plan, Preferences, Session
from runlean.errors import InvalidInputError
from runlean.planning import policy
from runlean.planning.budget import (
    CurrentTraining,
    EnergyBudget,
    energy_budget,
    stated_training,
)
from runlean.planning.explain import evidence
from runlean.planning.intake import IntakeChoice, IntakeProblem, choose_intake
from runlean.planning.load import projected_training_load
from runlean.planning.nutrition import (
    WeekDays,
    macro_targets,
    protein_g_per_day,
    protein_reference_weight_kg,
)
from runlean.planning.projection import (
    ScenarioInputs,
    daily_exercise_kcal,
    project,
    weekly_mean,
)
from runlean.planning.sessions import PersonFactors, make_sessions, person_factors
from runlean.planning.training import TrainingInputs, build_calendar
from runlean.science.hall2011 import (
    HallBaseline,
    HallTrajectory,
    hall_baseline,
    maintenance_intake,
)
from runlean.science.lean_modifiers import lean_fraction_multiplier
from runlean.science.nutrition import energy_availability
from runlean.science.regional_fat import fat_mass_for_leg_fat_goal_kg, regional_fat_shares

DEFAULT_COMPENSATION = 0.3
#: Longest plan runlean makes [weeks].
MAX_WEEKS = 104
RUNNING_KINDS = ("easy", "long", "run_walk", "hiit", "walk")


def plan_key(person: Person, habits: Habits, goal: Goal, prefs: Preferences,
             start: dt.date, compensation: float) -> str:
    """Identity of a plan: a hash of every input (stable across runs)."""
    blob = json.dumps([person.model_dump(mode="json"), habits.model_dump(mode="json"),
                       goal.model_dump(mode="json"), prefs.model_dump(mode="json"),
                       start.isoformat(), compensation], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PlanContext:
    """The person now: body, energy budget, population, rules and screening."""

    person: Person
    habits: Habits
    prefs: Preferences
    start: dt.date
    compensation: float
    key: str
    base: HallBaseline
    fat0: float
    legs0: float
    arms0: float
    trunk0: float
    budget: EnergyBudget
    rules: policy.Rules
    screening: policy.ScreeningAdvice
    factors: PersonFactors

    @property
    def male(self) -> bool:
        return self.person.sex == "male"

    @property
    def w0(self) -> float:
        return self.person.weight_kg

    @property
    def ffm0(self) -> float:
        return self.w0 - self.fat0

    @property
    def bf0(self) -> float:
        return 100.0 * self.fat0 / self.w0

    @property
    def credit(self) -> float:
        return 1.0 - self.compensation


def plan_context(person: Person, habits: Habits, prefs: Preferences, start: dt.date,
                 compensation: float, key: str,
                 training: CurrentTraining | None = None) -> PlanContext:
    """Step 1: body composition, energy budget, population, rules and screening."""
    factors = person_factors(person, prefs.experience)
    current = training if training is not None else stated_training(prefs, habits)
    budget = energy_budget(person, habits, current, factors)
    male = person.sex == "male"
    base = hall_baseline(male, person.age_years, person.height_cm, person.weight_kg,
                         person.body_fat_pct, budget.total_pal)
    fat0 = float(base.fat0[0])
    if person.regional_fat is not None:
        rf = person.regional_fat
        legs0, arms0, trunk0 = rf.legs_kg, rf.arms_kg, rf.trunk_kg
    else:
        sl, sa, st = regional_fat_shares(male, person.age_years, fat0)
        legs0, arms0, trunk0 = sl * fat0, sa * fat0, st * fat0
    bf0 = 100.0 * fat0 / person.weight_kg
    population = policy.classify(person.sex, person.bmi, bf0, current.hours_per_week)
    rules = policy.rules_for(population, person.sex, bf0)
    screening = policy.screening_advice(
        person.screening.model_dump() if person.screening is not None else None, person.bmi,
        current.running_min_per_week >= policy.REGULAR_EXERCISE_MIN_PER_WEEK,
        current.longest_run_min)
    return PlanContext(person, habits, prefs, start, compensation, key, base, fat0, legs0,
                       arms0, trunk0, budget, rules, screening, factors)


@dataclass(frozen=True)
class GoalTarget:
    """The goal as Hall's model sees it: a metric of a trajectory and its target value."""

    solver_kind: str
    target: float
    metric: Callable[[HallTrajectory], FloatArray]
    text: str


def goal_target(goal: Goal, ctx: PlanContext) -> GoalTarget:
    """Step 2: the goal's metric and target, refusing goals below the health floors.

    A leg-fat goal is converted to the total fat at which both leg-fat rules reach it (the
    evidence-based allometric rule, k = 0.87, is the slower end of the range).
    """
    person = ctx.person
    goal.check_is_loss_for(person, ctx.fat0, ctx.legs0)
    text = goal.describe(gerund=True)

    def fat(t: HallTrajectory) -> FloatArray:
        return t.fat

    if goal.kind == "weight_kg":
        policy.check_target_bmi(goal.target, person.height_cm, what="the target weight")
        return GoalTarget("weight_kg", goal.target, lambda t: t.weight, text)
    if goal.kind == "body_fat_pct":
        policy.check_body_fat(goal.target, 100.0, ctx.male, what=f"the goal ({text})")
        return GoalTarget("body_fat_pct", goal.target,
                          lambda t: np.asarray(100.0 * t.fat / t.weight), text)
    if goal.kind == "fat_loss_kg":
        return GoalTarget("fat_kg", ctx.fat0 - goal.target, fat, text)
    target_fat = float(fat_mass_for_leg_fat_goal_kg(goal.target, ctx.legs0, ctx.fat0))
    return GoalTarget("fat_kg", target_fat, fat, text)


@dataclass(frozen=True)
class TrainingPlan:
    """Step 3's result: the calendar's sessions over the horizon and their daily energy."""

    sessions: list[Session]
    exercise_kcal: FloatArray
    warnings: list[str]
    first_continuous_30_week: int | None


def training_calendar(ctx: PlanContext, horizon: int) -> TrainingPlan:
    """Step 3: the sessions over the longest plan, with energy and intensity."""
    p = ctx.person
    inputs = TrainingInputs(
        ctx.prefs, ctx.budget.training.running_min_per_week, ctx.budget.training.longest_run_min,
        walk_first=ctx.screening.walk_first,
        slow_progression=policy.slow_progression(p.bmi, p.age_years),
        intervals_allowed=ctx.screening.intervals_allowed,
        walk_recoveries=p.bmi >= 30.0)
    end = ctx.start + dt.timedelta(days=horizon - 1)
    cal = build_calendar(inputs, ctx.start, end)
    sessions = make_sessions(cal, ctx.factors, ctx.key)
    return TrainingPlan(sessions, daily_exercise_kcal(sessions, ctx.start, horizon),
                        list(cal.warnings), cal.first_continuous_30_week)


def strength_per_week(sessions: list[Session], days: int) -> float:
    """Strength sessions actually scheduled, per week [1/week]."""
    return sum(1 for s in sessions if s.kind == "strength") / max(days / 7.0, 1.0)


def lean_multiplier(ctx: PlanContext, strength: float, protein_g_per_kg: float) -> float:
    """Lean-fraction multiplier of the plan (scheduled strength, protein, sleep)."""
    return float(np.asarray(lean_fraction_multiplier(strength, protein_g_per_kg,
                                                     ctx.habits.sleep_hours)))


def intake_problem(ctx: PlanContext, target: GoalTarget, training: TrainingPlan,
                   m: float, horizon: int) -> IntakeProblem:
    """Step 4: the search problem of the intake for this person and calendar."""
    extra = ctx.credit * (weekly_mean(training.exercise_kcal)
                          - ctx.budget.training_kcal_per_day)
    return IntakeProblem(ctx.base, horizon, extra, training.exercise_kcal, m, target.metric,
                         target.target, target.solver_kind, ctx.rules, ctx.ffm0, target.text)


def requested_days(goal: Goal, start: dt.date) -> int | None:
    """Days to the requested goal date (None without one).

    Raises
    ------
    InvalidInputError
        For a date less than a week after the start or beyond the longest plan.
    """
    if goal.target_date is None and goal.weeks is None:
        return None
    date = goal.target_date or start + dt.timedelta(days=7 * (goal.weeks or 0))
    days = (date - start).days
    if days < 7:
        raise InvalidInputError(
            "goal date", date.isoformat(),
            f"at least 1 week after the start ({start.isoformat()})")
    return min(days, 7 * MAX_WEEKS)


def pace_days(ctx: PlanContext, target: GoalTarget) -> int:
    """Athletes without a date: days to the goal at the default pace (0.5 %/week)."""
    loss = ctx.w0 - _weight_at_goal_estimate(ctx, target)
    return min(7 * MAX_WEEKS, 7 * policy.athlete_default_weeks(ctx.w0, loss))


def _weight_at_goal_estimate(ctx: PlanContext, target: GoalTarget) -> float:
    """Rough goal weight: fat lost plus Forbes' share of lean (for the default pace)."""
    if target.solver_kind == "weight_kg":
        return target.target
    if target.solver_kind == "body_fat_pct":
        return ctx.ffm0 / (1.0 - target.target / 100.0)
    fat_lost = ctx.fat0 - target.target
    return ctx.w0 - fat_lost / (1.0 - 10.4 / (10.4 + ctx.fat0))


def projections(ctx: PlanContext, choice: IntakeChoice, training: TrainingPlan,
                m_plan: float, m_no_rt: float) -> dict[str, dict[str, list[float]]]:
    """Step 5: the plan and three comparison scenarios, to the goal day and maintenance.

    Training energy enters as weekly means of the calendar weeks (the same inputs the intake
    search used), cut at the goal day.
    """
    days = choice.goal_day
    current = ctx.budget.training_kcal_per_day
    horizon = training.exercise_kcal.size

    def weekly(kinds: tuple[str, ...] | None) -> FloatArray:
        daily = (training.exercise_kcal if kinds is None else
                 daily_exercise_kcal(training.sessions, ctx.start, horizon, kinds))
        return weekly_mean(daily)[:days]

    ex, running, no_strength = (weekly(None), weekly(RUNNING_KINDS),
                                weekly((*RUNNING_KINDS, "cross")))
    p = ctx.person
    base_args: dict[str, float | bool | None] = {
        "male": ctx.male, "age_years": p.age_years, "height_cm": p.height_cm,
        "weight_kg": p.weight_kg, "body_fat_pct": p.body_fat_pct, "pal": ctx.budget.total_pal}
    # Running alone changes no diet: only the sleep modifier applies, not the protein target.
    m_habits = float(np.asarray(lean_fraction_multiplier(0.0, None, ctx.habits.sleep_hours)))
    scen = {
        "plan": ScenarioInputs(choice.intake, ex - current, m_plan),
        "diet_only": ScenarioInputs(choice.intake, np.zeros(days), m_no_rt),
        "running_only": ScenarioInputs(ctx.budget.expenditure_kcal_per_day, running - current,
                                       m_habits),
        "plan_no_strength": ScenarioInputs(choice.intake, no_strength - current, m_no_rt),
    }
    return project(base_args, days, scen, ctx.compensation, (ctx.legs0, ctx.arms0, ctx.trunk0))


def week_days(sessions: list[Session], days: int) -> WeekDays:
    """Rest, training and hard days (long run or intervals) in an average plan week."""
    by_day: dict[dt.date, list[Session]] = {}
    for s in sessions:
        by_day.setdefault(s.date, []).append(s)
    weeks = days / 7.0
    hard = [d for d, ss in by_day.items() if any(s.kind in ("long", "hiit") for s in ss)]
    train = [d for d in by_day if d not in hard]
    hours = sum(s.duration_min for s in sessions) / 60.0
    hard_hours = sum(s.duration_min for d in hard for s in by_day[d]) / 60.0
    n_train, n_hard = len(train) / weeks, len(hard) / weeks
    return WeekDays(rest=max(7.0 - n_train - n_hard, 0.0), training=n_train, hard=n_hard,
                    training_hours=hours / max(len(by_day), 1),
                    hard_hours=hard_hours / max(len(hard), 1))


def nutrition_targets(ctx: PlanContext, choice: IntakeChoice, sessions: list[Session],
                      ex: FloatArray, protein_g: float,
                      projection: dict[str, dict[str, list[float]]]) -> dict[str, float]:
    """Step 5: intake, macros by day type, maintenance and the figures behind them."""
    days = choice.goal_day
    end = projection["plan"]
    base = ctx.base
    current = ctx.budget.training_kcal_per_day
    maint_extra = ctx.credit * (float(ex[max(0, days - 28):days].mean()) - current)
    fat_end, w_end = end["fat_kg"][days], end["weight_kg"][days]
    tissue_end = end["tissue_kg"][days]
    maint = float(maintenance_intake(base, np.array([fat_end]),
                                     np.array([tissue_end - fat_end]), np.array([w_end]),
                                     extra_activity_kcal_per_day=maint_extra)[0])
    paces = {f"pace_{band}_s_per_km": v for band, v in ctx.factors.training_paces().items()}
    ex_avg = float(ex[:days].mean())
    b = ctx.budget
    return {
        "intake_kcal_per_day": choice.intake,
        **({"vdot": ctx.factors.vdot, **paces} if ctx.factors.vdot is not None else {}),
        "maintenance_kcal_per_day": maint,
        "baseline_expenditure_kcal_per_day": b.expenditure_kcal_per_day,
        "non_exercise_expenditure_kcal_per_day": b.non_exercise_kcal_per_day,
        "non_exercise_pal": b.non_exercise_pal,
        "dietary_deficit_kcal_per_day": choice.deficit,
        "exercise_kcal_per_day": ex_avg,
        "habitual_running_min_per_week": b.training.running_min_per_week,
        "habitual_running_kcal_per_day": b.training_kcal_per_day,
        "current_training_kcal_per_day": b.training_kcal_per_day,
        "exercise_credited_kcal_per_day": ctx.credit * (ex_avg - current),
        **macro_targets(choice.intake, ctx.w0, ctx.person.height_cm, protein_g,
                        week_days(sessions, days), ctx.rules),
    }


def safety_figures(ctx: PlanContext, choice: IntakeChoice, ex: FloatArray,
                   projection: dict[str, dict[str, list[float]]]) -> dict[str, float]:
    """Step 5: the checked safety numbers of the chosen plan."""
    days = choice.goal_day
    p = projection["plan"]
    w = np.asarray(p["weight_kg"][:days + 1])
    weekly = policy.weekly_loss_fractions(w, np.asarray(p["tissue_kg"][:days + 1]))
    caps = policy.weekly_caps(ctx.rules, w)
    w_end = float(w[-1])
    rate = (ctx.w0 - w_end) / ctx.w0 / (days / 7.0)
    ex_avg = float(ex[:days].mean())
    ea = float(energy_availability(choice.intake, ex_avg, ctx.ffm0))
    floor = policy.intake_floor_kcal(ctx.rules, ex_avg, ctx.ffm0)
    out = {
        "intake_kcal_per_day": choice.intake,
        "intake_floor_kcal_per_day": ctx.rules.min_intake_kcal,
        "min_safe_intake_kcal_per_day": floor,
        "energy_availability_kcal_per_kg_ffm": ea,
        "min_energy_availability": ctx.rules.min_energy_availability or 0.0,
        "weekly_loss_pct": 100.0 * rate,
        "fastest_week_loss_pct": 100.0 * float(weekly.max()),
        "fastest_week": float(int(np.argmax(weekly)) + 1),
        "max_weekly_loss_pct": 100.0 * ctx.rules.max_weekly_loss_fraction,
        "max_weekly_loss_pct_week1": 100.0 * float(caps[0]),
        "end_bmi": w_end / ctx.person.height_m ** 2,
        "earliest_safe_weeks": choice.earliest_goal_day / 7.0,
        "dietary_deficit_kcal_per_day": choice.deficit,
        "max_safe_dietary_deficit_kcal_per_day": choice.safe_deficit,
    }
    if ctx.rules.max_weekly_loss_kg is not None:
        out["max_weekly_loss_kg"] = ctx.rules.max_weekly_loss_kg
    band = ctx.rules.dietary_deficit_kcal
    if band is not None:
        out["dietary_deficit_band_low_kcal_per_day"] = band[0]
        out["dietary_deficit_band_default_kcal_per_day"] = band[1]
        out["dietary_deficit_band_high_kcal_per_day"] = band[2]
    return out


def plan_warnings(ctx: PlanContext, goal: Goal, choice: IntakeChoice, training: TrainingPlan,
                  sessions: list[Session], ea: float) -> list[str]:
    """Step 5: everything the person should read before starting."""
    out = [*ctx.screening.messages, *choice.warnings, *training.warnings]
    n_full = choice.goal_day // 7
    want = ctx.prefs.strength_sessions_per_week * n_full
    got = sum(1 for s in sessions if s.kind == "strength" and s.week <= n_full)
    if got < want:
        out.append(
            f"Only {got} of {want} strength sessions are scheduled: a strength session needs "
            f"20 min beside a day's run within your longest session "
            f"({ctx.prefs.longest_session_min:g} min), and no free day had that left for the "
            "others. Free another weekday or allow longer sessions. The projection counts "
            "only the strength sessions scheduled.")
    current = ctx.budget.training.running_min_per_week
    full_weeks = max(n_full, 1)
    planned = sum(s.running_min for s in sessions if s.week <= full_weeks) / full_weeks
    if current > 0 and planned < 0.9 * current:
        out.append(
            f"This plan has less running than you do now ({planned:.0f} vs {current:.0f} min a "
            f"week, {ctx.budget.training.source}): your run days and longest session leave no "
            "more room. Running less than now slows the loss; allow more run days or longer "
            "sessions if you can.")
    if ctx.prefs.cross_training and not any(s.kind == "cross" for s in sessions):
        out.append(
            f"Cross-training ({', '.join(ctx.prefs.cross_training)}) is not scheduled: your "
            "free days are taken by runs, strength and a rest day. Free another weekday or ask "
            "for fewer strength sessions to add it.")
    if ctx.rules.population == "athlete":
        warn = policy.energy_availability_warning(ctx.rules, ea)
        if warn:
            out.append(warn)
        out.append(policy.reds_warning())
    if ctx.rules.population == "overweight":
        lost = ctx.w0 - _weight_at_goal_estimate(ctx, _target_of(goal, ctx))
        suggestion = policy.first_goal_suggestion(ctx.w0, lost)
        if suggestion is not None:
            out.append(suggestion)
    caution = policy.age_caution(ctx.person.age_years)
    if caution is not None:
        out.append(caution)
    return out


def _target_of(goal: Goal, ctx: PlanContext) -> GoalTarget:
    return goal_target(goal, ctx)


def plan_assumptions(ctx: PlanContext, protein_g_per_kg_ref: float) -> list[str]:
    """Step 5: the assumptions behind the numbers, with their sources."""
    b = ctx.budget
    pal_how = {"given": "as you gave it",
               "questionnaire": "from your occupation and daily steps",
               "assumed": "assumed (not given; give --pal or --occupation/--steps)"}[b.pal_source]
    out = [
        ctx.rules.describe(),
        f"You burn about {b.expenditure_kcal_per_day:.0f} kcal a day now: resting metabolism "
        f"{b.rmr_kcal_per_day:.0f} kcal (Mifflin-St Jeor) × activity level without training "
        f"{b.non_exercise_pal:.2f} ({pal_how}) + {b.training_kcal_per_day:.0f} kcal/day of "
        f"current training ({b.training.running_min_per_week:.0f} min of running a week, "
        f"{b.training.source}). The plan's training over that is new expenditure (less in "
        "deload weeks).",
        f"Compensation: {100 * ctx.compensation:.0f} % of the new training energy is assumed "
        "eaten back or offset by less daily movement when intake is not tracked (Riou 2015, "
        "Nutrients: mean 18 %; Flack 2018, J Appl Physiol: 34-63 %); change it with "
        "--compensation.",
        "Lean mass: the share of the loss that is lean follows Forbes' rule (Hall 2007, Br J "
        "Nutr), reduced by the strength sessions actually scheduled and protein at "
        f"{protein_g_per_kg_ref:.1f} g per kg of reference weight, and raised by sleep under "
        f"7 h (you sleep {ctx.habits.sleep_hours:g} h); the combined reduction is capped so "
        "that at least 40 % of Forbes' lean share remains (Weinheimer 2010, Nutr Rev: lean "
        "share 11 % with exercise vs 24 % diet-only). A runlean model choice, not part of Hall's "
        "model.",
        "Regional fat follows total fat (no spot reduction: Ramírez-Campillo 2013, J Strength "
        "Cond Res; Kostek 2007, Med Sci Sports Exerc). Leg fat is shown as a range: in "
        "proportion to total fat, and by the slower allometric rule (exponent 0.87) seen in a "
        "one-year lifestyle trial; leg-fat goals are planned on the slower rule.",
    ]
    if ctx.person.body_fat_pct is None:
        out.append(f"Body fat estimated from BMI, age and sex: {ctx.bf0:.1f} % (Jackson 2002, "
                   "Int J Obes, as in Hall's model).")
    if ctx.person.screening is None or not ctx.person.screening.answered:
        out.append("The health screening questions were not all answered; answer them "
                   "(runlean plan --help, --condition and --symptoms) to get advice on "
                   "medical clearance (ACSM, Riebe 2015).")
    return out


def make_plan(person: Person, habits: Habits, goal: Goal, preferences: Preferences,
              start_date: dt.date, *, compensation: float = DEFAULT_COMPENSATION,
              current_training: CurrentTraining | None = None) -> Plan:
    """Make a safe plan for a goal (see the module docstring).

    Parameters
    ----------
    person, habits, goal, preferences
        The validated inputs.
    start_date
        Day 0 of the plan.
    compensation
        Share of new training energy assumed eaten back (0-1).
    current_training
        What the person trains now, when measured (imported activities); default: from the
        preferences and habits.

    Raises
    ------
    UnsafeGoalError
        When no safe plan exists (age, BMI or body fat at the goal, no free day, unreachable
        within two years); the message names the rule and the number.
    """
    policy.check_age(person.age_years)
    if not 0.0 <= compensation <= 1.0:
        raise InvalidInputError("compensation", compensation, "between 0 and 1")
    key = plan_key(person, habits, goal, preferences, start_date, compensation)
    ctx = plan_context(person, habits, preferences, start_date, compensation, key,
                       current_training)
    target = goal_target(goal, ctx)
    horizon = 7 * MAX_WEEKS
    training = training_calendar(ctx, horizon)
    protein_g = protein_g_per_day(ctx.rules, ctx.w0, person.height_cm, ctx.ffm0,
                                  strength_per_week(training.sessions, horizon))
    protein_ref = protein_g / protein_reference_weight_kg(ctx.w0, person.height_cm)
    m_plan = lean_multiplier(ctx, strength_per_week(training.sessions, horizon), protein_ref)
    problem = intake_problem(ctx, target, training, m_plan, horizon)
    athlete = ctx.rules.population == "athlete"
    choice = choose_intake(problem, requested_days(goal, start_date),
                           pace_days(ctx, target) if athlete else None)
    days = choice.goal_day
    goal_date = start_date + dt.timedelta(days=days)
    sessions = [s for s in training.sessions if s.date < goal_date]
    m_no_rt = lean_multiplier(ctx, 0.0, protein_ref)
    proj = projections(ctx, choice, training, m_plan, m_no_rt)
    p = proj["plan"]
    policy.check_target_bmi(p["weight_kg"][days], person.height_cm,
                            what=f"the goal ({target.text})")
    policy.check_body_fat(p["fat_kg"][days], p["weight_kg"][days], ctx.male,
                          what=f"the goal ({target.text})")
    targets = nutrition_targets(ctx, choice, sessions, training.exercise_kcal, protein_g, proj)
    safety = safety_figures(ctx, choice, training.exercise_kcal, proj)
    warnings = plan_warnings(ctx, goal, choice, training, sessions,
                             safety["energy_availability_kcal_per_kg_ffm"])
    plan = Plan(
        plan_key=key, person=person, habits=habits, goal=goal, preferences=preferences,
        start_date=start_date, goal_date=goal_date,
        requested_date=(goal.target_date or (start_date + dt.timedelta(days=7 * goal.weeks)
                                              if goal.weeks else None)),
        compensation=compensation, sessions=sessions, targets=targets, projection=proj,
        safety=safety, warnings=warnings, assumptions=plan_assumptions(ctx, protein_ref),
        evidence=[], baseline=_baseline_figures(ctx, m_plan, m_no_rt),
        training_load=projected_training_load(sessions, start_date, days,
                                              ctx.budget.training.running_min_per_week, person),
        population=ctx.rules.population, screening_clearance=ctx.screening.clearance)
    plan.evidence = evidence(plan)
    return plan


def _baseline_figures(ctx: PlanContext, m_plan: float, m_no_rt: float) -> dict[str, float]:
    return {"weight_kg": ctx.w0, "fat_kg": ctx.fat0, "fat_free_kg": ctx.ffm0,
            "body_fat_pct": ctx.bf0, "rmr_kcal_per_day": ctx.budget.rmr_kcal_per_day,
            "leg_fat_kg": ctx.legs0, "arm_fat_kg": ctx.arms0, "trunk_fat_kg": ctx.trunk0,
            "lean_multiplier": m_plan, "lean_multiplier_no_strength": m_no_rt,
            "bmi": ctx.person.bmi, "total_pal": ctx.budget.total_pal}


__all__ = ["DEFAULT_COMPENSATION", "MAX_WEEKS", "make_plan"]
