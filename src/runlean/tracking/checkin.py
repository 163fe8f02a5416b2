"""Weekly check-in: next week's intake target and running volume (progress, hold or deload).

Policy (physiology.md §8.4, §9.1–§9.5, §7.4; MacroFactor-style adjustment from measured
expenditure):

* Intake. With a measured expenditure, the target is the intake that keeps the goal date
  (re-projection), clamped to the floors (max of 1200 F / 1500 M kcal and RMR) and to a loss of
  at most 1 % of body weight per week. Losing faster than 1 %/week raises intake to aim at
  0.75 %/week. Without enough data the current target is kept.
* Running volume. Deload (−40 %) when the EWMA ACWR is above 1.5, when form is very negative
  (TSB below −30 % of CTL) or when the 4th week of a 3:1 cycle is due; hold when a single run
  broke the 110 % rule, when fewer than 75 % of planned sessions were done, or when sleep is
  short; otherwise progress by at most 10 %.
* Sleep under 7 h on average adds a note: more of the loss will be lean (Nedeltcheva 2010).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from runlean.science.adaptive_expenditure import hall_2008_energy_density

VolumeAction = Literal["progress", "hold", "deload"]

MAX_LOSS_PCT_PER_WEEK = 1.0
RECOVERY_LOSS_PCT_PER_WEEK = 0.75
ACWR_DELOAD = 1.5
TSB_DELOAD_FRACTION_OF_CTL = -0.30
MIN_ADHERENCE = 0.75
SHORT_SLEEP_H = 7.0
PROGRESS_FRACTION = 0.10
DELOAD_FRACTION = 0.40
DELOAD_EVERY_WEEKS = 4


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
        if loss_pct > MAX_LOSS_PCT_PER_WEEK:
            target = (x.expenditure_kcal_per_day
                      - rho * RECOVERY_LOSS_PCT_PER_WEEK / 100.0 * w / 7.0)
            reasons.append(f"losing {loss_pct:.2f} %/week, faster than the 1 %/week limit: "
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

    action: VolumeAction = "progress"
    if x.acwr is not None and x.acwr > ACWR_DELOAD:
        action = "deload"
        reasons.append(f"acute:chronic load ratio {x.acwr:.2f} > {ACWR_DELOAD} (load spike)")
    if (x.tsb is not None and x.ctl is not None and x.ctl > 0
            and x.tsb < TSB_DELOAD_FRACTION_OF_CTL * x.ctl):
        action = "deload"
        reasons.append(f"form (TSB) {x.tsb:.0f} is very negative for fitness {x.ctl:.0f}")
    if x.week_of_plan is not None and x.week_of_plan > 0 \
            and x.week_of_plan % DELOAD_EVERY_WEEKS == 0:
        action = "deload"
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
    change = {"progress": PROGRESS_FRACTION, "hold": 0.0, "deload": -DELOAD_FRACTION}[action]
    if action == "progress":
        reasons.append("load and recovery look fine: add up to 10 % running volume")
    if target is not None and not math.isfinite(target):
        target = None
    return CheckIn(None if target is None else round(target), action, change, reasons, notes)
