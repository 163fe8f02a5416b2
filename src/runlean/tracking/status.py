"""``runlean status``: where the person stands, what the logs say, and what to do next week.

:func:`status` reads the profile, the active plan, the logs and the imported activities, and
returns a :class:`StatusReport` whose :meth:`StatusReport.to_dict` has stable JSON keys (null
where unknown). With little or no data it says what is missing and what to log.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from runlean.domain import Habits, Person
from runlean.planning import policy
from runlean.science.body_composition import navy_body_fat_pct_metric
from runlean.store.activities import list_activities
from runlean.store.db import Store
from runlean.store.profile import load_active_plan, load_profile
from runlean.tracking import logs
from runlean.tracking.checkin import (
    CheckIn,
    CheckInInputs,
    planned_volume_change,
    weekly_checkin,
)
from runlean.tracking.expenditure import (
    ExpenditureReport,
    baseline_fat_mass_kg,
    estimate_from_logs,
    fat_mass_at_weight_kg,
    leg_fat_kg,
    reproject_to_goal,
)
from runlean.tracking.load import (
    ACWR_WARNING,
    activity_date,
    daily_load_series,
    plan_adherence,
    single_run_checks,
)
from runlean.units import UnitSystem, format_distance

#: The ACWR is shown once activities span at least three of these days up to today and one
#: lies within them: the 28-day chronic load must exist before a ratio means anything.
ACWR_MIN_HISTORY_DAYS = 28


@dataclass
class StatusReport:
    """The person's status on ``as_of`` (see :meth:`to_dict` for the JSON form)."""

    as_of: dt.date
    trend_weight_kg: float | None = None
    weight_rate_kg_per_week: float | None = None
    expenditure_estimate_kcal_per_day: float | None = None
    expenditure_uncertainty_kcal_per_day: float | None = None
    expenditure_source: str | None = None
    intake_target_kcal_per_day: float | None = None
    projected_goal_date: dt.date | None = None
    goal_weight_kg: float | None = None
    goal_date: dt.date | None = None
    fat_mass_kg: float | None = None
    leg_fat_kg: float | None = None
    intake_for_goal_date_kcal_per_day: float | None = None
    projected_leg_fat_at_goal_date_kg: float | None = None
    #: Where ``projected_goal_date`` comes from: ``"plan"`` (the active plan's projection,
    #: until the logs can re-estimate expenditure) or ``"logs"`` (Hall's model recalibrated
    #: to the weighings and intake logs); ``None`` without a projection.
    projection_source: str | None = None
    navy_body_fat_pct: float | None = None
    ctl: float | None = None
    atl: float | None = None
    tsb: float | None = None
    acwr: float | None = None
    #: Load of the sessions planned for today and the next 7 days (today included) not yet
    #: done [TRIMP]: shown apart, never counted in CTL/ATL/TSB/ACWR.
    planned_load_today: float | None = None
    planned_load_next_7_days: float | None = None
    sleep_avg_h: float | None = None
    running_volume: str | None = None
    adherence: dict[str, int] | None = None
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    recommendation: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, float):
                value = None if not math.isfinite(value) else round(value, 3)
            out[key] = value
        return out


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and math.isfinite(x) else None


def _plan_goal(plan: dict[str, Any]) -> tuple[float | None, dt.date | None, float | None]:
    """(goal weight, goal date, intake target) read from a stored plan, when present."""
    targets = plan.get("targets") or {}
    intake = _num(targets.get("intake_kcal_per_day")) if isinstance(targets, dict) else None
    gd: dt.date | None = None
    raw = plan.get("goal_date") or (plan.get("goal") or {}).get("target_date")
    if raw:
        try:
            gd = dt.date.fromisoformat(str(raw)[:10])
        except ValueError:
            gd = None
    goal = plan.get("goal") or {}
    gw = _num(goal.get("target")) if goal.get("kind") == "weight_kg" else None
    if gw is None:
        proj = plan.get("projection") or {}
        if isinstance(proj, dict) and isinstance(proj.get("plan"), dict):
            proj = proj["plan"]  # runlean plans: one projection per scenario
        series = proj.get("weight_kg") if isinstance(proj, dict) else None
        if isinstance(series, list) and series:
            gw = _num(series[-1])
    return gw, gd, intake


#: Imported activities that make up the training energy of the expenditure prior: the last
#: 28 days, from two activities on.
TRAINING_WINDOW_DAYS = 28
MIN_TRAINING_ACTIVITIES = 2


def training_energy(activities: list[dict[str, Any]], plan: dict[str, Any] | None,
                    today: dt.date) -> float:
    """Training energy of the expenditure prior [kcal/day] (net + EPOC).

    From the activities of the last 28 days when there are at least two; else the plan's
    average session energy; else 0 (the activity level then carries everything).
    """
    since = today - dt.timedelta(days=TRAINING_WINDOW_DAYS)
    recent = [a for a in activities
              if (d := activity_date(a)) is not None and since < d <= today]
    if len(recent) >= MIN_TRAINING_ACTIVITIES:
        kcal = sum((_num(a.get("net_energy_kcal")) or 0.0) + (_num(a.get("epoc_kcal")) or 0.0)
                   for a in recent)
        return kcal / TRAINING_WINDOW_DAYS
    targets = (plan or {}).get("targets") or {}
    planned = _num(targets.get("exercise_kcal_per_day")) if isinstance(targets, dict) else None
    return planned or 0.0


def plan_projection(plan: dict[str, Any]) -> tuple[dt.date | None, float | None]:
    """(goal date, leg fat at that date [kg]) as the stored plan projected them.

    Until the logs are enough to re-estimate expenditure, the status projects what the plan
    projected: the day a new plan is made, status and plan agree.
    """
    def day(key: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(plan.get(key))[:10])
        except ValueError:
            return None

    goal_date, start = day("goal_date"), day("start_date")
    proj = plan.get("projection") or {}
    if isinstance(proj, dict) and isinstance(proj.get("plan"), dict):
        proj = proj["plan"]
    series = proj.get("leg_fat_kg") if isinstance(proj, dict) else None
    days = proj.get("day") if isinstance(proj, dict) else None
    leg = None
    if (goal_date is not None and start is not None and isinstance(series, list)
            and isinstance(days, list)):
        k = (goal_date - start).days
        at = [i for i, d in enumerate(days) if d == k]
        leg = _num(series[at[0]]) if at and at[0] < len(series) else None
    return goal_date, leg


def _rules(plan: dict[str, Any] | None, person: Person | None) -> policy.Rules | None:
    """The safety rules of the plan's population (classified now for older plans)."""
    if person is None:
        return None
    bf = (_num(((plan or {}).get("baseline") or {}).get("body_fat_pct"))
          or person.body_fat_pct or 100.0 * baseline_fat_mass_kg(person) / person.weight_kg)
    population = (plan or {}).get("population")
    if population not in policy.MAX_WEEKLY_LOSS_FRACTION:
        population = policy.classify(person.sex, person.bmi, bf, 0.0)
    return policy.rules_for(population, person.sex, bf)


def _leg_fat(person: Person, fat_mass: float) -> float:
    """Leg fat at a whole-body fat mass (regional-fat model; no spot reduction) [kg]."""
    return leg_fat_kg(person, fat_mass)


def status(store: Store, today: dt.date | None = None, *,
           units: UnitSystem = "metric") -> StatusReport:
    """Status report from everything stored (profile, plan, logs, activities).

    ``units`` chooses km or miles in the texts (warnings); the numbers stay metric.
    """
    today = today or logs.local_today()
    rep = StatusReport(as_of=today)
    profile = load_profile(store)
    plan = load_active_plan(store)
    weights = logs.weights(store)
    intake_rows = logs.intakes(store)
    intakes = [(r.date, r.kcal) for r in intake_rows]
    all_sleeps = [(d, h) for d, h in logs.sleeps(store) if d <= today]
    sleeps = [(d, h) for d, h in all_sleeps if (today - d).days < 7]
    activities = list_activities(store)
    sessions = list(plan.get("sessions") or []) if plan else []

    if profile is None:
        rep.missing.append("profile: no profile yet (set one up with `runlean plan` or "
                           "`runlean profile`); needed for the expenditure prior and fat mass")
    if plan is None:
        rep.missing.append("plan: no active plan (run `runlean plan`) — no goal to project to")
    if not weights:
        rep.missing.append("weight: no weighings (log with `runlean log weight 72.4`)")
    if not intakes:
        rep.missing.append("intake: no intake logs (log with `runlean log intake 1850`)")

    exp: ExpenditureReport | None = None
    person: Person | None = profile[0] if profile else None
    habits: Habits | None = profile[1] if profile else None
    if weights:
        from runlean.tracking.trend import weight_trend

        wt = weight_trend([(d, v) for d, v in weights if d <= today], weights[0][0])
        if wt is not None:
            tr = wt.trend
            rep.trend_weight_kg = wt.level_now_kg
            if wt.series.day.size >= 3:
                rep.weight_rate_kg_per_week = wt.rate_kg_per_week
            if tr.outlier.any():
                last = wt.date_of(int(tr.day[tr.outlier][-1]))
                rep.warnings.append(f"weighing of {last} looks wrong (far from the trend) "
                                    "and was left out")
    rules = _rules(plan, person)
    if person is not None and habits is not None:
        exp = estimate_from_logs(weights, intakes, person, habits, today, sleeps=all_sleeps,
                                 training_kcal_per_day=training_energy(activities, plan, today))
        est = exp.estimate
        rep.expenditure_estimate_kcal_per_day = est.expenditure_kcal_per_day
        rep.expenditure_uncertainty_kcal_per_day = est.sd_kcal_per_day
        rep.expenditure_source = ("logs (intake + weighings) fitted by Hall's model, "
                                  "Bayesian update of Mifflin × activity level + training"
                                  if exp.data_used
                                  else "Mifflin-St Jeor × activity level + training "
                                       "(prior only)")
        rep.missing.extend(m for m in exp.missing
                           if not any(m.split(":")[0] == x.split(":")[0] for x in rep.missing))
        if exp.calibration is not None:  # today's fat mass of the recalibrated Hall model
            fm = float(exp.calibration.state_now().fat[0, -1])
        else:
            fm = fat_mass_at_weight_kg(person, rep.trend_weight_kg or person.weight_kg)
        rep.fat_mass_kg = fm
        rep.leg_fat_kg = _leg_fat(person, fm)
        meas = logs.latest_measurements(store)
        need = ("waist_cm", "neck_cm") + (("hip_cm",) if person.sex == "female" else ())
        if all(k in meas for k in need):
            with_hip = meas["hip_cm"][1] if person.sex == "female" else None
            bf = navy_body_fat_pct_metric(meas["waist_cm"][1], meas["neck_cm"][1],
                                          person.height_cm, person.sex == "male", with_hip)
            rep.navy_body_fat_pct = float(bf)
        elif meas:
            rep.missing.append("tape: log " + " and ".join(k[:-3] for k in need if k not in meas)
                               + " for a Navy body-fat estimate")

    goal_w = goal_d = None
    intake_target: float | None = None
    if plan is not None:
        goal_w, goal_d, intake_target = _plan_goal(plan)
        rep.goal_weight_kg, rep.goal_date = goal_w, goal_d
    rep.intake_target_kcal_per_day = intake_target
    intake_for_date = floor = None
    if (person is not None and exp is not None and exp.calibration is not None
            and goal_w is not None):
        rp = reproject_to_goal(person, exp.calibration,
                               intake_target or exp.estimate.mean_intake_kcal_per_day,
                               goal_w, goal_d, today, rules)
        rep.projected_goal_date = rp.projected_goal_date
        rep.intake_for_goal_date_kcal_per_day = rp.intake_for_original_date
        rep.projected_leg_fat_at_goal_date_kg = (
            _leg_fat(person, float(rp.fat_kg[(goal_d - today).days]))
            if goal_d is not None and 0 <= (goal_d - today).days < rp.fat_kg.size else None)
        intake_for_date = rp.safe_intake_kcal_per_day if goal_d else None
        floor = max(rp.intake_floor_kcal_per_day, rp.min_intake_for_rate_kcal_per_day)
        rep.projection_source = "logs"
    elif plan is not None:
        rep.projected_goal_date, rep.projected_leg_fat_at_goal_date_kg = plan_projection(plan)
        rep.projection_source = "plan" if rep.projected_goal_date is not None else None

    series = daily_load_series(activities, sessions, today, person=person)
    pmc = series.at(today)
    rep.ctl, rep.atl, rep.tsb, rep.acwr = pmc["ctl"], pmc["atl"], pmc["tsb"], pmc["acwr"]
    if sessions:
        k = series.index(today)
        rep.planned_load_today = round(float(series.planned[k]), 1)
        rep.planned_load_next_7_days = round(float(series.planned[k:k + 7].sum()), 1)
    # Days of activity history up to today (0 when nothing was done in the last 4 weeks).
    done = [d for d in (activity_date(a) for a in activities) if d is not None and d <= today]
    recent = [d for d in done if (today - d).days < ACWR_MIN_HISTORY_DAYS]
    history_days = (today - min(done)).days + 1 if recent else 0
    if not activities:
        rep.missing.append("activities: none imported (`runlean import FILES`) — no training "
                           "load yet")
        rep.ctl = rep.atl = rep.tsb = rep.acwr = None
    elif history_days < ACWR_MIN_HISTORY_DAYS:
        # The chronic load is not established: a ratio would only say "new data".
        rep.acwr = None
        rep.missing.append(f"acwr: needs {ACWR_MIN_HISTORY_DAYS // 7} weeks of imported "
                           "activities up to today (import your recent ones)")
    if rep.acwr is not None and rep.acwr > ACWR_WARNING:
        rep.warnings.append(f"acute:chronic load ratio {rep.acwr:.2f} is above {ACWR_WARNING} "
                            "(information, not a validated injury threshold)")
    checks = [c for c in single_run_checks(activities, today - dt.timedelta(days=7))
              if c.exceeded]
    for c in checks:
        rep.warnings.append(f"run of {c.date}: {format_distance(c.distance_m, units)} is "
                            f"{100 * c.ratio:.0f} % of your longest in the previous 30 days "
                            "(keep single runs ≤ 110 %)")
    adh = plan_adherence(sessions, activities, today) if sessions else None
    if adh is not None:
        rep.adherence = {"done": len(adh.done), "partly_done": len(adh.partly_done),
                         "missed": len(adh.missed)}
    if sleeps:
        rep.sleep_avg_h = sum(h for _, h in sleeps) / len(sleeps)
    max_loss_pct = 100.0 * (rules.max_weekly_loss(rep.trend_weight_kg) if rules is not None
                            and rep.trend_weight_kg else policy.MAX_WEEKLY_LOSS_FRACTION[
                                "overweight"])
    if rep.weight_rate_kg_per_week is not None and rep.trend_weight_kg:
        pct = -100 * rep.weight_rate_kg_per_week / rep.trend_weight_kg
        if pct > max_loss_pct:
            rep.warnings.append(f"losing {pct:.2f} % of body weight per week (limit "
                                f"{max_loss_pct:.1f} %)")

    week = None
    start = plan.get("start_date") if plan else None
    if start:
        try:
            week = (today - dt.date.fromisoformat(str(start)[:10])).days // 7 + 1
        except ValueError:
            week = None
    ci: CheckIn = weekly_checkin(CheckInInputs(
        trend_weight_kg=rep.trend_weight_kg,
        weight_rate_kg_per_week=rep.weight_rate_kg_per_week,
        expenditure_kcal_per_day=rep.expenditure_estimate_kcal_per_day,
        expenditure_from_data=bool(exp and exp.data_used),
        fat_mass_kg=rep.fat_mass_kg,
        current_intake_target=intake_target,
        intake_for_goal_date=intake_for_date, intake_floor=floor,
        acwr=rep.acwr, ctl=rep.ctl, tsb=rep.tsb, single_run_exceeded=bool(checks),
        adherence_fraction=adh.fraction_done if adh else None,
        sleep_avg_h=rep.sleep_avg_h, week_of_plan=week,
        activity_history_days=history_days,
        planned_volume_change_fraction=(planned_volume_change(sessions, week)
                                        if sessions and week is not None else None),
        max_loss_pct_per_week=max_loss_pct))
    if ci.intake_target_kcal_per_day is not None:
        rep.intake_target_kcal_per_day = float(ci.intake_target_kcal_per_day)
    rep.running_volume = ci.running_volume if activities or sessions else None
    rep.recommendation = [*ci.reasons, *ci.notes] if (activities or sessions or exp) else []
    if rep.missing:
        rep.recommendation.append("to improve this report: " + "; ".join(
            m.split(":")[0] for m in rep.missing))
    return rep
