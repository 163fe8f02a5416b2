"""The plan's self-contained HTML report (offline: plotly.js is embedded once, inline)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from runlean.domain import Plan
from runlean.planning.projection import SCENARIO_LABELS
from runlean.tracking.load import TAU_ATL_DAYS, TAU_CTL_DAYS
from runlean.units import format_pace

KIND_LABELS = {"easy": "Easy run", "long": "Long run", "run_walk": "Run-walk",
               "hiit": "Intervals", "strength": "Strength", "cross": "Cross-training"}
COLOURS = {"plan": "#1b7f5f", "diet_only": "#d08c1f", "running_only": "#3a6ea5",
           "plan_no_strength": "#9b4dca"}


def _figures(plan: Plan) -> list[tuple[str, str, Any]]:
    import plotly.graph_objects as go

    start = plan.start_date
    figs: list[tuple[str, str, Any]] = []
    layout = {"template": "plotly_white", "height": 380,
              "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
              "legend": {"orientation": "h", "y": -0.2}}
    fig = go.Figure()
    for name, cols in plan.projection.items():
        dates = [start.fromordinal(start.toordinal() + int(d)) for d in cols["day"]]
        fig.add_trace(go.Scatter(x=dates, y=cols["weight_kg"], name=SCENARIO_LABELS[name],
                                 line={"color": COLOURS[name]}))
    fig.add_vline(x=plan.goal_date.isoformat(), line_dash="dot")
    fig.add_annotation(x=plan.goal_date.isoformat(), y=1.0, yref="paper", showarrow=False,
                       xanchor="left", text=" goal day; then maintenance intake")
    fig.update_layout(title="Projected weight [kg] (the small rise after the goal is "
                            "glycogen and water)", yaxis_title="kg", **layout)
    figs.append(("weight", "Weight: the plan and three alternatives", fig))
    fig = go.Figure()
    p = plan.projection["plan"]
    dates = [start.fromordinal(start.toordinal() + int(d)) for d in p["day"]]
    for col, label in (("fat_kg", "Total fat"), ("fat_free_kg", "Fat-free mass"),
                       ("leg_fat_kg", "Leg fat"), ("trunk_fat_kg", "Trunk fat"),
                       ("arm_fat_kg", "Arm fat")):
        fig.add_trace(go.Scatter(x=dates, y=p[col], name=label))
    fig.update_layout(title="Body composition under the plan [kg]", **layout)
    figs.append(("composition", "Fat, fat-free mass and regional fat", fig))
    fig = go.Figure()
    for name, cols in plan.projection.items():
        fig.add_trace(go.Scatter(x=cols["fat_kg"], y=cols["leg_fat_kg"], mode="lines",
                                 name=SCENARIO_LABELS[name], line={"color": COLOURS[name]}))
    fig.update_layout(title="Leg fat vs total fat [kg]: one line, whatever the training",
                      xaxis_title="total fat [kg]", yaxis_title="leg fat [kg]", **layout)
    figs.append(("legfat", "Leg fat follows total fat", fig))
    weeks: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for s in plan.sessions:
        weeks[s.week][s.kind] += s.duration_min
    fig = go.Figure()
    for kind, label in KIND_LABELS.items():
        fig.add_trace(go.Bar(x=sorted(weeks), y=[weeks[w].get(kind, 0.0) for w in sorted(weeks)],
                             name=label))
    fig.update_layout(barmode="stack", title="Weekly training minutes by type",
                      xaxis_title="week", **layout)
    figs.append(("volume", "Weekly volume and intensity mix", fig))
    fig.update_layout(yaxis_title="minutes")
    tl = plan.training_load
    if tl:
        x = [start + dt.timedelta(days=int(d)) for d in tl["day"]]
        fig = go.Figure()
        fig.add_trace(go.Bar(x=x, y=tl["load"], name="Daily load (TRIMP)",
                             marker={"color": "#c8d6e5"}))
        # The scale and curves of `runlean status` (runlean.tracking.load.pmc).
        for key, label in (("ctl", f"Fitness (CTL, {TAU_CTL_DAYS:g}-day average)"),
                           ("atl", f"Fatigue (ATL, {TAU_ATL_DAYS:g}-day average)"),
                           ("tsb", "Form (TSB = yesterday's CTL − ATL)")):
            fig.add_trace(go.Scatter(x=x, y=tl[key], name=label))
        fig.update_layout(title="Projected training load: Banister TRIMP [per day]",
                          yaxis_title="TRIMP/day", **layout)
        figs.append(("load", "Projected training load", fig))
    t = plan.targets
    fig = go.Figure()
    for label, key, kcal in (("Protein", "protein_g_per_day", 4), ("Fat", "fat_g_per_day", 9)):
        fig.add_trace(go.Bar(x=["Training day", "Rest day"], y=[t[key] * kcal] * 2, name=label))
    fig.add_trace(go.Bar(x=["Training day", "Rest day"],
                         y=[4 * t["carbohydrate_g_training_day"],
                            4 * t["carbohydrate_g_rest_day"]], name="Carbohydrate"))
    fig.update_layout(barmode="stack", title="Daily energy by macronutrient [kcal]", **layout)
    figs.append(("macros", "Calories and macros", fig))
    return figs


def render_plan_report(plan: Plan) -> str:
    """The report as one self-contained HTML string (no network needed to view it)."""
    import jinja2
    from plotly.offline import get_plotlyjs

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("runlean.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]))
    env.filters["pace"] = format_pace
    charts = [(cid, title, fig.to_html(full_html=False, include_plotlyjs=False,
                                       div_id=f"chart-{cid}",
                                       config={"displaylogo": False, "responsive": True}))
              for cid, title, fig in _figures(plan)]
    d = (plan.goal_date - plan.start_date).days
    rows = []
    for day in sorted({*range(0, len(plan.projection["plan"]["day"]), 28), d}):
        rows.append({k: plan.projection["plan"][k][day] for k in plan.projection["plan"]}
                    | {"date": plan.start_date.fromordinal(plan.start_date.toordinal() + day)})
    goal_text = plan.goal.describe()
    return env.get_template("plan_report.html.j2").render(
        goal_text=goal_text, plan=plan, charts=charts, plotly_js=get_plotlyjs(), goal_day=d,
        rows=rows,
        labels=SCENARIO_LABELS, kind_labels=KIND_LABELS,
        first_sessions=[s for s in plan.sessions if s.week <= 2])
