"""The evidence behind a plan, answered with this person's own numbers.

Each item is a question, an answer computed from the plan (its projection and sessions),
and the sources (physiology.md §4, §6, §7, §9, §10).
"""

from __future__ import annotations

from runlean.domain import Plan


def _at(plan: Plan, scenario: str, column: str, day: int) -> float:
    return plan.projection[scenario][column][day]


def evidence(plan: Plan) -> list[dict[str, str]]:
    """Question-and-answer evidence items for a plan."""
    d = (plan.goal_date - plan.start_date).days
    legs0 = _at(plan, "plan", "leg_fat_kg", 0)
    legs1 = _at(plan, "plan", "leg_fat_kg", d)
    fat0 = _at(plan, "plan", "fat_kg", 0)
    fat1 = _at(plan, "plan", "fat_kg", d)
    items = [{
        "question": "Can running target leg fat?",
        "answer": (
            f"No. Fat is mobilised from the whole body, so your legs lose fat in proportion to "
            f"your total fat. Your projected total fat goes from {fat0:.1f} to {fat1:.1f} kg "
            f"({100 * (fat0 - fat1) / fat0:.0f} % less) and your leg fat from {legs0:.1f} to "
            f"{legs1:.1f} kg: the same share. Running lowers leg fat only by adding to the "
            "whole-body energy deficit; it also keeps leg muscle."),
        "sources": "Ramírez-Campillo 2013; Vispute 2011; Kostek 2007 (spot-reduction trials); "
                   "physiology.md §6.4-6.5",
    }]
    hiit = [s for s in plan.sessions if s.kind == "hiit"]
    easy = [s for s in plan.sessions if s.kind in ("easy", "long")]
    if hiit and easy:
        h, e = hiit[0], easy[0]
        hiit_text = (
            f"Per minute, a little. Your {h.duration_min:g}-min interval session costs about "
            f"{h.net_kcal:.0f} kcal net plus {h.epoc_kcal:.0f} kcal after-burn (EPOC); your "
            f"{e.duration_min:g}-min easy run {e.net_kcal:.0f} kcal plus {e.epoc_kcal:.0f}. The "
            "after-burn difference is tens of kcal, and trials find the same fat loss from HIIT "
            "and steady running; HIIT saves time. It does not justify eating more.")
    else:
        hiit_text = (
            "Not meaningfully. HIIT's extra after-burn (EPOC) is about 10-40 kcal a session, and "
            "trials find the same fat loss from HIIT and steady running. Your plan has no HIIT "
            "yet: intervals start once you can run 20 minutes continuously.")
    items.append({"question": "Does HIIT burn more?", "answer": hiit_text,
                  "sources": "Wewege 2017; Keating 2017; Steele 2021; Panissa 2021; "
                             "LaForgia 2006 (Viana 2019 is retracted and not used)"})
    ffm0 = _at(plan, "plan", "fat_free_kg", 0)
    ffm_plan = ffm0 - _at(plan, "plan", "fat_free_kg", d)
    ffm_no = ffm0 - _at(plan, "plan_no_strength", "fat_free_kg", d)
    items.append({
        "question": "Why strength training?",
        "answer": (
            f"To keep lean mass while you lose fat. Projected fat-free mass lost by the goal "
            f"date: {ffm_plan:.1f} kg with {plan.preferences.strength_sessions_per_week} "
            f"strength sessions a week vs {ffm_no:.1f} kg without (same intake). Part of any "
            "fat-free loss is water and glycogen. Squats, lunges, deadlifts and calf raises "
            "keep leg muscle; they do not burn leg fat specifically."),
        "sources": "Weinheimer 2010; Sardeli 2018; Longland 2016 (with high protein); "
                   "physiology.md §7.2",
    })
    sleep = plan.habits.sleep_hours
    items.append({
        "question": "Why sleep?",
        "answer": (
            f"You sleep {sleep:g} h. In a controlled 14-day deficit, people sleeping 5.5 h lost "
            "55 % less fat and 60 % more fat-free mass than at 8.5 h, for the same weight loss. "
            + ("At 7 h or more your projection uses no sleep penalty."
               if sleep >= 7 else
               "Below 7 h your projection assumes more of the loss is lean; sleeping 7 h or "
               "more would shift it back to fat.")),
        "sources": "Nedeltcheva 2010; Wang 2018; physiology.md §7.4",
    })
    t = plan.targets
    items.append({
        "question": "Why not simply eat less and skip training?",
        "answer": (
            f"Diet is the biggest lever: your target is {t['intake_kcal_per_day']:.0f} kcal/day "
            f"against {t['baseline_expenditure_kcal_per_day']:.0f} now. Training adds about "
            f"{t['exercise_kcal_per_day']:.0f} kcal/day"
            + (f", of which {t['habitual_running_kcal_per_day']:.0f} is the running you already "
               "do (already in your PAL, so not counted again)"
               if t.get("habitual_running_kcal_per_day", 0.0) > 0 else "")
            + f"; of the new part the plan counts only {100 * (1 - plan.compensation):.0f} % "
            "because people tend to eat some of it back. "
            f"Diet alone would reach {_at(plan, 'diet_only', 'weight_kg', d):.1f} kg; running "
            f"alone, without eating less, {_at(plan, 'running_only', 'weight_kg', d):.1f} kg."),
        "sources": "Hall 2011 (Lancet); Riou 2015; Flack 2018; Dhurandhar 2015",
    })
    items.append({
        "question": "Why this pace?",
        "answer": (
            f"{plan.safety['weekly_loss_pct']:.2f} % of body weight a week (safe limit "
            f"{plan.safety['max_weekly_loss_pct']:.1f} %). Slower loss keeps more lean mass "
            "(0.7 %/week beat 1.4 %/week in athletes), and the intake stays at or above "
            f"{plan.safety['min_safe_intake_kcal_per_day']:.0f} kcal/day, the larger of the "
            "minimum intake, your resting metabolic rate and an energy availability of 30 "
            "kcal per kg fat-free mass."),
        "sources": "Helms 2014; Garthe 2011; NHLBI 1998; Loucks / IOC RED-S",
    })
    return items
