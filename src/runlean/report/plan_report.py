"""The plan's self-contained HTML report (offline: plotly.js is embedded once, inline).

What it shows: the screening advice and warnings first; the population whose guidelines the
plan follows and its rules; the intake by rest, easy and hard day; the dietary deficit against
the guideline band; the pace with the definition of its fastest week; charts of the four
projections (the plan, diet alone, running alone and the plan without strength training),
body composition with leg fat as a range, training volume, load and macros; the projection
table; the whole calendar week by week with distances and fuelling advice; the evidence
answered with the person's numbers; and the assumptions. Masses, distances and paces follow
``units`` (metric or imperial), charts included. Tables scroll inside their box so that the
page never scrolls sideways on a phone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from runlean.domain import Plan, Session
from runlean.planning.explain import evidence
from runlean.planning.policy import pace_text
from runlean.planning.projection import SCENARIO_LABELS
from runlean.report.common import Units, chart_html, environment
from runlean.report.common import layout as _layout
from runlean.tracking.load import TAU_ATL_DAYS, TAU_CTL_DAYS
from runlean.units import UnitSystem

KIND_LABELS = {"easy": "Easy run", "long": "Long run", "run_walk": "Run-walk",
               "hiit": "Intervals", "walk": "Brisk walk", "strength": "Strength",
               "cross": "Cross-training"}
KIND_COLOURS = {"easy": "#5fae8f", "long": "#1b7f5f", "run_walk": "#a6d3bf", "hiit": "#c2571a",
                "walk": "#d9c27a", "strength": "#6c5ba7", "cross": "#3a6ea5"}
#: Scenario lines differ by colour and dash, so that they can be told apart in print and by
#: people who do not see colours well.
COLOURS = {"plan": "#1b7f5f", "diet_only": "#d08c1f", "running_only": "#3a6ea5",
           "plan_no_strength": "#9b4dca"}
DASHES = {"plan": "solid", "diet_only": "dot", "running_only": "dashdot",
          "plan_no_strength": "dash"}
#: Fitness, fatigue and form: the same colours in both reports.
LOAD_COLOURS = {"ctl": "#1b7f5f", "atl": "#c2571a", "tsb": "#6c5ba7"}
POPULATION_LABELS = {"athlete": "Athlete (lean, or training about 5 hours a week or more)",
                     "overweight": "Adult with overweight or obesity (BMI 25 or more)",
                     "healthy_weight": "Adult with a healthy weight (BMI under 25)"}
#: Days between the rows of the projection table.
TABLE_STEP_DAYS = 28
#: Weeks of the calendar shown in full detail (intensity, energy, fuelling, why).
DETAIL_WEEKS = 2


@dataclass
class SessionRow:
    """One session as the calendar shows it."""

    session: Session
    label: str
    distance: str
    intensity: str
    pace: str


@dataclass
class WeekRow:
    """One week of the calendar."""

    week: int
    start: dt.date
    end: dt.date
    sessions: list[SessionRow] = field(default_factory=list)
    deload: bool = False
    minutes: float = 0.0
    running_min: float = 0.0
    distance_m: float = 0.0
    kcal: float = 0.0

    @property
    def span(self) -> str:
        """"3–9 Mar", or "31 Mar–6 Apr" across months."""
        end = f"{self.end.day} {self.end:%b}"
        if self.start.month == self.end.month:
            return f"{self.start.day}–{end}"
        return f"{self.start.day} {self.start:%b}–{end}"


def _intensity(s: Session, u: Units) -> str:
    i = s.intensity
    text = f"RPE {i.rpe_low:g}–{i.rpe_high:g}"
    if i.hr_low_bpm:
        text += f", {i.hr_low_bpm:.0f}–{i.hr_high_bpm:.0f} bpm"
    return text


def calendar_weeks(plan: Plan, units: Units) -> list[WeekRow]:
    """Every week of the plan, start to goal day, with its sessions (empty weeks included)."""
    days = (plan.goal_date - plan.start_date).days
    n_weeks = max(math.ceil(days / 7), max((s.week for s in plan.sessions), default=0))
    weeks = [WeekRow(w, plan.start_date + dt.timedelta(days=7 * (w - 1)),
                     min(plan.start_date + dt.timedelta(days=7 * w - 1),
                         plan.goal_date - dt.timedelta(days=1)))
             for w in range(1, n_weeks + 1)]
    for s in plan.sessions:
        row = weeks[s.week - 1]
        row.sessions.append(SessionRow(
            s, KIND_LABELS.get(s.kind, s.kind), units.dist_text(s.distance_m),
            _intensity(s, units), units.pace(s.intensity.pace_s_per_km)))
        row.deload = row.deload or s.deload
        row.minutes += s.duration_min
        row.running_min += s.running_min
        row.distance_m += s.distance_m or 0.0
        row.kcal += s.deficit_kcal
    return weeks


def _dates(plan: Plan, days: list[float]) -> list[dt.date]:
    return [plan.start_date + dt.timedelta(days=int(d)) for d in days]


def _weight_figure(plan: Plan, u: Units) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, cols in plan.projection.items():
        fig.add_trace(go.Scatter(
            x=_dates(plan, cols["day"]), y=u.masses(cols["weight_kg"]),
            name=SCENARIO_LABELS[name],
            line={"color": COLOURS[name], "dash": DASHES[name],
                  "width": 3 if name == "plan" else 2}))
    fig.add_vline(x=plan.goal_date.isoformat(), line_dash="dot")
    fig.add_annotation(x=plan.goal_date.isoformat(), y=1.0, yref="paper", showarrow=False,
                       xanchor="left", text=" goal day")
    fig.update_layout(**_layout(yaxis_title=u.mass_unit))
    return fig


def _composition_figure(plan: Plan, u: Units) -> Any:
    import plotly.graph_objects as go

    p = plan.projection["plan"]
    x = _dates(plan, p["day"])
    fig = go.Figure()
    for col, label, colour, dash in (("fat_kg", "Total fat", "#c2571a", "solid"),
                                     ("fat_free_kg", "Fat-free mass", "#3a6ea5", "longdash"),
                                     ("trunk_fat_kg", "Trunk fat", "#8c6d31", "dashdot"),
                                     ("arm_fat_kg", "Arm fat", "#7f7f7f", "dash")):
        fig.add_trace(go.Scatter(x=x, y=u.masses(p[col]), name=label,
                                 line={"color": colour, "dash": dash}))
    _leg_band(fig, x, u.masses(p["leg_fat_kg_allometric"]), u.masses(p["leg_fat_kg"]))
    fig.update_layout(**_layout(yaxis_title=u.mass_unit))
    return fig


def _leg_band(fig: Any, x: list[Any], slow: list[float], proportional: list[float]) -> None:
    """Leg fat as a filled range: the slower allometric rule above, the proportional below."""
    import plotly.graph_objects as go

    fig.add_trace(go.Scatter(x=x, y=slow, name="Leg fat, slower rule (k = 0.87)",
                             legendgroup="legs", line={"color": "#1b7f5f", "width": 1}))
    fig.add_trace(go.Scatter(x=x, y=proportional, name="Leg fat, in proportion (k = 1)",
                             legendgroup="legs", fill="tonexty",
                             fillcolor="rgba(27,127,95,0.25)",
                             line={"color": "#1b7f5f", "width": 1, "dash": "dot"}))


def _legfat_figure(plan: Plan, u: Units, goal_day: int) -> Any:
    import plotly.graph_objects as go

    # Both leg-fat rules depend on total fat only: every scenario's days lie on one band.
    points = sorted({(round(c["fat_kg"][i], 2), c["leg_fat_kg"][i], c["leg_fat_kg_allometric"][i])
                     for c in plan.projection.values() for i in range(len(c["fat_kg"]))})
    by_fat = {fat: (prop, slow) for fat, prop, slow in points}
    fats = sorted(by_fat)
    fig = go.Figure()
    _leg_band(fig, u.masses(fats), [u.mass(by_fat[f][1]) for f in fats],
              [u.mass(by_fat[f][0]) for f in fats])
    for name, cols in plan.projection.items():
        fig.add_trace(go.Scatter(
            x=[u.mass(cols["fat_kg"][goal_day])],
            y=[u.mass(cols["leg_fat_kg"][goal_day])], mode="markers",
            name=f"{SCENARIO_LABELS[name]}: goal day",
            marker={"color": COLOURS[name], "size": 11,
                    "symbol": {"plan": "circle", "diet_only": "square",
                               "running_only": "diamond",
                               "plan_no_strength": "triangle-up"}[name]}))
    fig.update_layout(**_layout(
        xaxis_title=f"total fat [{u.mass_unit}]", yaxis_title=f"leg fat [{u.mass_unit}]",
        legend={"orientation": "h", "yanchor": "top", "y": -0.22}, height=460))
    return fig


def _volume_figure(plan: Plan) -> Any:
    import plotly.graph_objects as go

    weeks: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for s in plan.sessions:
        weeks[s.week][s.kind] += s.duration_min
    order = sorted(weeks)
    fig = go.Figure()
    for kind, label in KIND_LABELS.items():
        fig.add_trace(go.Bar(x=order, y=[weeks[w].get(kind, 0.0) for w in order], name=label,
                             marker={"color": KIND_COLOURS[kind]}))
    fig.update_layout(**_layout(barmode="stack", xaxis_title="week", yaxis_title="minutes",
                                legend={"orientation": "h", "yanchor": "top", "y": -0.22}))
    return fig


def _load_figure(plan: Plan) -> Any:
    import plotly.graph_objects as go

    tl = plan.training_load
    x = _dates(plan, tl["day"])
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=tl["load"], name="Daily load (TRIMP)",
                         marker={"color": "#c8d6e5"}))
    # The scale and curves of `runlean status` (runlean.tracking.load.pmc).
    for key, label, colour, dash in (
            ("ctl", f"Fitness (CTL, {TAU_CTL_DAYS:g}-day average)", LOAD_COLOURS["ctl"], "solid"),
            ("atl", f"Fatigue (ATL, {TAU_ATL_DAYS:g}-day average)", LOAD_COLOURS["atl"], "dash"),
            ("tsb", "Form (TSB = yesterday's CTL − ATL)", LOAD_COLOURS["tsb"], "dot")):
        fig.add_trace(go.Scatter(x=x, y=tl[key], name=label,
                                 line={"color": colour, "dash": dash}))
    fig.update_layout(**_layout(yaxis_title="TRIMP/day"))
    return fig


def day_types(plan: Plan) -> list[tuple[str, str]]:
    """(label, key) of the kinds of day the plan has: rest, easy and hard days."""
    t = plan.targets
    out = []
    if t.get("rest_days_per_week", 1.0) > 0:
        out.append(("Rest day", "rest"))
    out.append(("Easy training day", "easy"))
    if t.get("hard_days_per_week", 1.0) > 0:
        out.append(("Long-run or interval day", "hard"))
    return out


def _macros_figure(plan: Plan) -> Any:
    import plotly.graph_objects as go

    t = plan.targets
    types = day_types(plan)
    labels = [{"rest": "Rest day", "easy": "Easy day", "hard": "Hard day"}[key]
              for _label, key in types]
    fig = go.Figure()
    for name, grams, kcal_per_g, colour in (
            ("Protein", [t["protein_g_per_day"]] * len(types), 4, "#3a6ea5"),
            ("Fat", [t["fat_g_per_day"]] * len(types), 9, "#d08c1f"),
            ("Carbohydrate", [t[f"carbohydrate_g_{key}_day"] for _l, key in types], 4,
             "#1b7f5f")):
        fig.add_trace(go.Bar(x=labels, y=[g * kcal_per_g for g in grams], name=name,
                             marker={"color": colour},
                             text=[f"{g:.0f} g" for g in grams], textposition="inside"))
    fig.add_hline(y=t["min_day_intake_kcal"], line_dash="dash", line_color="#b4441c",
                  annotation_text=f"floor {t['min_day_intake_kcal']:.0f}",
                  annotation_position="top left")
    fig.update_layout(**_layout(barmode="stack", yaxis_title="kcal", xaxis_tickangle=0))
    return fig


def _figures(plan: Plan, units: Units) -> list[tuple[str, str, Any]]:
    """(id, section title, figure) of every chart."""
    d = (plan.goal_date - plan.start_date).days
    m = units.mass_unit
    figs: list[tuple[str, str, Any]] = [
        ("weight", f"Projected weight [{m}]: the plan and three alternatives",
         _weight_figure(plan, units)),
        ("composition", f"Body composition under the plan [{m}]: leg fat as a range",
         _composition_figure(plan, units)),
        ("legfat", f"Leg fat follows total fat [{m}], whatever the training",
         _legfat_figure(plan, units, d)),
        ("volume", "Weekly training minutes by type", _volume_figure(plan)),
    ]
    if plan.training_load:
        figs.append(("load", "Projected training load (Banister TRIMP a day)",
                     _load_figure(plan)))
    figs.append(("macros", "Daily energy by macronutrient [kcal] on rest days, easy days and "
                           "hard days (long run or intervals)",
                 _macros_figure(plan)))
    return figs


def projection_rows(plan: Plan) -> list[dict[str, Any]]:
    """The plan's projection every 4 weeks, on the goal day and through maintenance."""
    p = plan.projection["plan"]
    d = (plan.goal_date - plan.start_date).days
    rows = []
    for day in sorted({*range(0, len(p["day"]), TABLE_STEP_DAYS), d}):
        rows.append({k: p[k][day] for k in p}
                    | {"date": plan.start_date + dt.timedelta(days=day),
                       "note": "goal" if day == d else "maintenance" if day > d else ""})
    return rows


def render_plan_report(plan: Plan, units: UnitSystem = "metric") -> str:
    """The report as one self-contained HTML string (no network needed to view it).

    Parameters
    ----------
    plan
        The plan to show.
    units
        ``"metric"`` (kg, km, min/km) or ``"imperial"`` (lb, miles, min/mile) for every
        mass, distance and pace shown, charts included.
    """
    from plotly.offline import get_plotlyjs

    u = Units(units)
    env = environment(u)
    charts = [(cid, title, chart_html(fig, cid)) for cid, title, fig in _figures(plan, u)]
    d = (plan.goal_date - plan.start_date).days
    weeks = calendar_weeks(plan, u)
    rows = projection_rows(plan)
    return env.get_template("plan_report.html.j2").render(
        plan=plan, u=u, goal_text=plan.goal.describe(units), charts=charts,
        plotly_js=get_plotlyjs(), goal_day=d, rows=rows,
        goal_row=next(r for r in rows if r["note"] == "goal"),
        labels=SCENARIO_LABELS, population=POPULATION_LABELS.get(plan.population, ""),
        day_types=day_types(plan), pace_text=pace_text(plan.safety),
        weeks=weeks, detail_weeks=weeks[:DETAIL_WEEKS],
        fuelled=[s for s in plan.sessions if s.fuelling],
        evidence=evidence(plan, units))
