"""Weekly check-in: next week's intake target and running volume (progress, hold or deload).

Policy (every rule and its source is in :mod:`runlean.planning.policy`; the intake follows
the measured expenditure, as adaptive diet apps such as MacroFactor do):

* Intake. With a measured expenditure, the target is the intake that keeps the goal date
  (re-projection), clamped to the floors and the loss-rate cap of the person's population
  (:mod:`runlean.planning.policy`). Losing faster than the cap raises intake to aim at
  0.75 %/week. Without enough data the current target is kept.
* Running volume. Deload (−40 %) when the EWMA ACWR is above 1.5, when form is very negative
  (TSB below −30 % of CTL) or when the 4th week of a 3:1 cycle is due; hold when a single run
  broke the 110 % rule, when fewer than 75 % of planned sessions were done, or when sleep is
  short; otherwise progress by at most 10 %.
* Enough history first. Load ratios and form only describe training once about four weeks of
  activities are imported (the 28-day chronic window of the acute:chronic ratio). With less, the
  TSB rule is not applied and the volume advice follows the plan's own week-to-week schedule
  (capped at +10 %), or holds the current volume when there is no plan; the reason says so.
* Sleep under 7 h on average adds a note: more of the loss will be lean (Nedeltcheva 2010).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from runlean.planning import policy
from runlean.science.adaptive_expenditure import hall_2008_energy_density
from runlean.science.lean_modifiers import SLEEP_FULL_HOURS

VolumeAction = Literal["progress", "hold", "deload"]

#: Every rule comes from the one policy module (:mod:`runlean.planning.policy`).
RECOVERY_LOSS_PCT_PER_WEEK = policy.CHECKIN_RECOVERY_LOSS_PCT_PER_WEEK
ACWR_DELOAD = policy.ACWR_WARNING
TSB_DELOAD_FRACTION_OF_CTL = policy.CHECKIN_TSB_DELOAD_FRACTION_OF_CTL
MIN_ADHERENCE = policy.CHECKIN_MIN_ADHERENCE
SHORT_SLEEP_H = SLEEP_FULL_HOURS
PROGRESS_FRACTION = policy.MAX_WEEKLY_INCREASE
DELOAD_FRACTION = 1.0 - policy.DELOAD_VOLUME_FRACTION
DELOAD_EVERY_WEEKS = policy.DELOAD_EVERY_WEEKS
#: Days of imported activities needed before load history can justify progression (the
#: 28-day chronic window of the acute:chronic ratio).
MIN_HISTORY_DAYS = 28


@dataclass(frozen=True)
class CheckInInputs:
    """What the check-in looks at (None = unknown)."""

    trend_weight_kg: float | None
    weight_rate_kg_per_week: float | None
    expenditure_kcal_per_day: float | None
    expenditure_from_data: bool
    fat_mass_kg: float | None
    current_intake_target: float | None
    intake_for_goal_date: float | None
    intake_floor: float | None
    planned_rate_kg_per_week: float | None = None
    acwr: float | None = None
    ctl: float | None = None
    tsb: float | None = None
    single_run_exceeded: bool = False
    adherence_fraction: float | None = None
    sleep_avg_h: float | None = None
    week_of_plan: int | None = None
    #: Days from the first imported activity to today (None or 0: no activity history).
    activity_history_days: int | None = None
    #: Planned running volume of next week relative to this week, minus 1 (None: no plan).
    planned_volume_change_fraction: float | None = None
    #: Largest safe loss for the person's population [% of body weight per week]
    #: (:meth:`runlean.planning.policy.Rules.max_weekly_loss`).
    max_loss_pct_per_week: float = 100.0 * policy.MAX_WEEKLY_LOSS_FRACTION["overweight"]


def planned_volume_change(sessions: Sequence[Mapping[str, Any]], week_of_plan: int
                          ) -> float | None:
    """Next week's planned running minutes relative to this week's, minus 1.

    Sessions are plan session dicts with ``week`` and ``running_min`` (running sessions
    without ``running_min`` count their ``duration_min``). None when either week has no
    planned running.
    """
    minutes: dict[int, float] = {}
    for s in sessions:
        try:
            week = int(s["week"])
        except (KeyError, TypeError, ValueError):
            continue
        run = s.get("running_min")
        if run is None and str(s.get("sport", "")).lower() == "running":
            run = s.get("duration_min")
        try:
            minutes[week] = minutes.get(week, 0.0) + float(run or 0.0)
        except (TypeError, ValueError):
            continue
    now, nxt = minutes.get(week_of_plan, 0.0), minutes.get(week_of_plan + 1, 0.0)
    if now <= 0 or nxt <= 0:
        return None
    return nxt / now - 1.0


@dataclass(frozen=True)
class CheckIn:
    """Next week's targets with reasons."""

    intake_target_kcal_per_day: float | None
    running_volume: VolumeAction
    volume_change_fraction: float
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def weekly_checkin(x: CheckInInputs) -> CheckIn:
    """Decide next week's intake target and running volume from what was measured."""
    reasons: list[str] = []
    notes: list[str] = []
    target = x.current_intake_target
    w = x.trend_weight_kg
    rate = x.weight_rate_kg_per_week
    if x.expenditure_from_data and x.expenditure_kcal_per_day is not None and w is not None:
        rho = hall_2008_energy_density(x.fat_mass_kg) if x.fat_mass_kg else 7700.0
        loss_pct = -100.0 * rate / w if rate is not None else 0.0
        if loss_pct > x.max_loss_pct_per_week:
            target = (x.expenditure_kcal_per_day
                      - rho * RECOVERY_LOSS_PCT_PER_WEEK / 100.0 * w / 7.0)
            reasons.append(f"losing {loss_pct:.2f} %/week, faster than the "
                           f"{x.max_loss_pct_per_week:.1f} %/week limit: "
                           f"intake raised to aim at {RECOVERY_LOSS_PCT_PER_WEEK} %/week")
        elif x.intake_for_goal_date is not None:
            if target is not None and abs(x.intake_for_goal_date - target) >= 50:
                direction = "behind" if x.intake_for_goal_date < target else "ahead of"
                reasons.append(f"measured expenditure {x.expenditure_kcal_per_day:.0f} kcal/day: "
                               f"{direction} plan; intake adjusted to keep the goal date")
            target = x.intake_for_goal_date
        if x.intake_floor is not None and target is not None and target < x.intake_floor:
            target = x.intake_floor
            reasons.append(f"intake held at the safety floor {x.intake_floor:.0f} kcal/day; "
                           "the goal date will move later")
    elif target is not None:
        reasons.append("not enough weight and intake logs yet: intake target unchanged")

    history = x.activity_history_days or 0
    enough = history >= MIN_HISTORY_DAYS
    action: VolumeAction = "progress"
    change = PROGRESS_FRACTION
    if not enough:
        have = (f"only {history} days of imported activities" if history
                else "no imported activities")
        if x.planned_volume_change_fraction is not None:
            change = min(x.planned_volume_change_fraction, PROGRESS_FRACTION)
            action = "progress" if change > 0 else "deload" if change < 0 else "hold"
            reasons.append(f"{have} ({MIN_HISTORY_DAYS // 7} weeks are needed to judge load "
                           f"from history): follow the plan's schedule, {100 * change:+.0f} % "
                           "running volume next week")
        else:
            action, change = "hold", 0.0
            reasons.append(f"{have} ({MIN_HISTORY_DAYS // 7} weeks are needed to judge load "
                           "from history) and no plan: keep this week's running volume")
    rule_deload = False
    if x.acwr is not None and x.acwr > ACWR_DELOAD:
        action, rule_deload = "deload", True
        reasons.append(f"acute:chronic load ratio {x.acwr:.2f} > {ACWR_DELOAD} (load spike)")
    if (enough and x.tsb is not None and x.ctl is not None and x.ctl > 0
            and x.tsb < TSB_DELOAD_FRACTION_OF_CTL * x.ctl):
        action, rule_deload = "deload", True
        reasons.append(f"form (TSB) {x.tsb:.0f} is very negative for fitness {x.ctl:.0f}")
    if x.week_of_plan is not None and x.week_of_plan > 0 \
            and x.week_of_plan % DELOAD_EVERY_WEEKS == 0:
        action, rule_deload = "deload", True
        reasons.append(f"week {x.week_of_plan}: planned deload week (3 build : 1 easier)")
    if action != "deload":
        if x.single_run_exceeded:
            action = "hold"
            reasons.append("a single run was > 110 % of your longest in the previous 30 days")
        if x.adherence_fraction is not None and x.adherence_fraction < MIN_ADHERENCE:
            action = "hold"
            reasons.append(f"{100 * x.adherence_fraction:.0f} % of planned sessions done: "
                           "repeat this week before adding volume")
        if x.sleep_avg_h is not None and x.sleep_avg_h < SHORT_SLEEP_H:
            action = "hold"
    if x.sleep_avg_h is not None and x.sleep_avg_h < SHORT_SLEEP_H:
        notes.append(f"sleep {x.sleep_avg_h:.1f} h/night: short sleep shifts the loss from "
                     "fat to lean (Nedeltcheva 2010); aim for 7 h or more")
    if action == "hold":
        change = 0.0
    elif rule_deload:
        change = -DELOAD_FRACTION
    if action == "progress" and enough:
        reasons.append(f"load and recovery look fine over {history // 7} weeks of activities: "
                       f"add up to {100 * PROGRESS_FRACTION:.0f} % running volume")
    if target is not None and not math.isfinite(target):
        target = None
    return CheckIn(None if target is None else round(target), action, change, reasons, notes)
