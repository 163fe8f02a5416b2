"""Offline HTML progress report: what the logs show against the plan.

One self-contained file (plotly.js embedded inline once; no network needed): raw and trend
weight against the plan's projection, intake against the target, estimated expenditure over
time, leg fat, CTL/ATL/TSB and weekly running volume. Data come from
:func:`runlean.tracking.status.progress_data`-style inputs gathered here from the store.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from runlean.store.activities import list_activities
from runlean.store.db import Store
from runlean.store.profile import load_active_plan, load_profile
from runlean.tracking import logs
from runlean.tracking.expenditure import estimate_from_logs, fat_mass_at_weight_kg
from runlean.tracking.load import daily_load_series, weekly_run_volume_km
from runlean.tracking.status import StatusReport, _leg_fat, _plan_goal, status

#: The expenditure and leg-fat history is recalibrated once a week (ending on the last
#: weighing): each recalibration simulates Hall's model for the whole PAL grid (~35 ms), so a
#: daily history of a year of logs would take ~13 s; weekly points show the same trend.
RECALIBRATION_STEP_DAYS = 7

#: The training-load chart opens on the last ``LOAD_WINDOW_DAYS`` days (or from the plan start
#: when that is later, but never fewer than ``LOAD_MIN_HISTORY_DAYS`` of history) and
#: ``LOAD_AHEAD_DAYS`` of planned load; older imports stay in the data (zoom out to see them).
LOAD_WINDOW_DAYS = 120
LOAD_MIN_HISTORY_DAYS = 28
LOAD_AHEAD_DAYS = 28

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>runlean progress report</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }}
h1 {{ color: #1b7f5f; }} table {{ border-collapse: collapse; }}
td, th {{ padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }}
.note {{ color: #666; font-size: 0.9em; }}
</style>
<script>{plotly_js}</script>
</head><body>
<h1>Progress report — {as_of}</h1>
<table>{summary}</table>
{lists}
{charts}
<p class="note">Expenditure is estimated from logged intake and the change of trend weight
(Hall's dynamic model recalibrated to the logs; device calories are not used). Leg fat
follows total fat (no spot reduction). CTL/ATL are 42/7-day exponential averages of daily
load; dashed parts
are planned sessions. The training-load chart opens on recent weeks; zoom out (double-click
or the autoscale button) for older activities.</p>
</body></html>
"""


def load_window(series_start: dt.date, series_end: dt.date, today: dt.date,
                plan_start: dt.date | None) -> tuple[dt.date, dt.date]:
    """The date range the training-load chart opens on.

    From the later of ``today - LOAD_WINDOW_DAYS`` and the plan start (but at least
    ``LOAD_MIN_HISTORY_DAYS`` before today) to ``LOAD_AHEAD_DAYS`` after today, both clipped
    to the series, so that years-old imports do not squeeze recent load into a sliver.
    """
    lo = today - dt.timedelta(days=LOAD_WINDOW_DAYS)
    if plan_start is not None:
        lo = max(lo, min(plan_start, today - dt.timedelta(days=LOAD_MIN_HISTORY_DAYS)))
    hi = today + dt.timedelta(days=LOAD_AHEAD_DAYS)
    return max(lo, series_start), min(hi, series_end)


def _plan_start(plan: dict[str, Any] | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(plan["start_date"])[:10]) if plan else None
    except (KeyError, ValueError):
        return None


def _figures(store: Store, today: dt.date, rep: StatusReport
             ) -> list[tuple[str, str, Any]]:
    """(chart id, title, figure) for each chart; titles go in the page heading only."""
    import numpy as np
    import plotly.graph_objects as go

    layout: dict[str, Any] = {"template": "plotly_white", "height": 360,
                              "margin": {"l": 50, "r": 20, "t": 20, "b": 40}}
    figs: list[tuple[str, str, Any]] = []
    weights = logs.weights(store)
    intakes = logs.intakes(store)
    profile = load_profile(store)
    plan = load_active_plan(store)
    if weights:
        from runlean.tracking.trend import weight_trend

        wt = weight_trend(weights)
        assert wt is not None
        origin, tr = wt.origin, wt.trend
        tdates = [wt.date_of(int(d)) for d in tr.day]
        fig = go.Figure()
        fig.add_trace(go.Scatter(x=[d for d, _ in weights], y=[w for _, w in weights],
                                 mode="markers", name="scale"))
        fig.add_trace(go.Scatter(x=tdates, y=tr.level_kg, name="trend"))
        if plan and isinstance(plan.get("projection"), dict):
            proj = plan["projection"].get("plan", plan["projection"])
            start = plan.get("start_date")
            if start and isinstance(proj, dict) and "weight_kg" in proj:
                s0 = dt.date.fromisoformat(str(start)[:10])
                fig.add_trace(go.Scatter(
                    x=[s0 + dt.timedelta(days=int(d)) for d in proj.get("day", [])],
                    y=proj["weight_kg"], name="plan projection", line={"dash": "dot"}))
        fig.update_layout(**layout)
        figs.append(("weight", "Weight [kg]", fig))
        if profile is not None:
            person, habits = profile
            days, est, sd, leg = [], [], [], []
            sleeps = logs.sleeps(store)
            first = tdates[min(13, len(tdates) - 1)]
            weeks = (tdates[-1] - first).days // RECALIBRATION_STEP_DAYS
            pairs = [(x.date, x.kcal) for x in intakes]
            for j in range(weeks, -1, -1):  # weekly, ending on the last weighing
                day = tdates[-1] - dt.timedelta(days=RECALIBRATION_STEP_DAYS * j)
                r = estimate_from_logs(weights, pairs, person, habits, day, sleeps=sleeps)
                days.append(day)
                est.append(r.estimate.expenditure_kcal_per_day)
                sd.append(r.estimate.sd_kcal_per_day)
                level = float(np.interp((day - origin).days, tr.day, tr.level_kg))
                fm = (float(r.calibration.state_now().fat[0, -1]) if r.calibration is not None
                      else fat_mass_at_weight_kg(person, level))
                leg.append(_leg_fat(person, fm))
            fig = go.Figure()
            fig.add_trace(go.Scatter(x=days, y=est, name="expenditure",
                                     error_y={"type": "data", "array": sd, "visible": True}))
            fig.update_layout(**layout)
            figs.append(("expenditure", "Estimated expenditure [kcal/day] (± 1 SD)", fig))
            fig = go.Figure(go.Scatter(x=days, y=leg, name="leg fat"))
            fig.update_layout(**layout)
            figs.append(("legfat", "Leg fat [kg] (follows total fat)", fig))
    if intakes:
        fig = go.Figure(go.Bar(x=[x.date for x in intakes], y=[x.kcal for x in intakes],
                               name="intake"))
        target = rep.intake_target_kcal_per_day or (_plan_goal(plan)[2] if plan else None)
        if target:
            fig.add_hline(y=target, line_dash="dot", annotation_text="target")
        fig.update_layout(**layout)
        figs.append(("intake", "Intake [kcal/day]", fig))
    acts = list_activities(store)
    sessions = list(plan.get("sessions") or []) if plan else []
    if acts or sessions:
        s = daily_load_series(acts, sessions, today,
                              person=profile[0] if profile is not None else None)
        x = [s.start + dt.timedelta(days=k) for k in range(s.load.size)]
        k_today = (today - s.start).days
        lo, hi = load_window(x[0], x[-1], today, _plan_start(plan))
        shown = slice((lo - s.start).days, (hi - s.start).days + 1)
        fig = go.Figure()
        curves = (("CTL (fitness)", s.ctl, s.ctl_planned, "#1f77b4"),
                  ("ATL (fatigue)", s.atl, s.atl_planned, "#d62728"),
                  ("TSB (form)", s.tsb, s.tsb_planned, "#2ca02c"))
        for name, y, yp, colour in curves:  # done: solid up to today; planned: dashed after
            fig.add_trace(go.Scatter(x=x[:k_today + 1], y=y[:k_today + 1], name=name,
                                     legendgroup=name, line={"color": colour}))
            fig.add_trace(go.Scatter(x=x[k_today:], y=yp[k_today:], name=f"{name}, planned",
                                     legendgroup=name, showlegend=False,
                                     line={"color": colour, "dash": "dash"}))
        fig.add_vline(x=today.isoformat(), line_dash="dot", line_color="#888")
        ys = np.concatenate([c[shown] for _, y, yp, _ in curves for c in (y, yp)])
        pad = max(0.08 * float(ys.max() - ys.min()), 2.0)  # [TRIMP/day]
        fig.update_layout(**layout)
        fig.update_xaxes(range=[lo.isoformat(), hi.isoformat()])
        fig.update_yaxes(range=[float(ys.min()) - pad, float(ys.max()) + pad])
        figs.append(("load", "Training load [TRIMP/day] (dashed after today: planned)", fig))
        vol = weekly_run_volume_km(acts, 12, today)
        fig = go.Figure(go.Bar(x=[w for w, _ in vol], y=[v for _, v in vol]))
        fig.update_layout(**layout)
        figs.append(("volume", "Weekly running volume [km]", fig))
    return figs


#: Summary table rows: (label, status key, number format, unit).
SUMMARY_ROWS = (
    ("Trend weight", "trend_weight_kg", ".1f", " kg"),
    ("Weight change", "weight_rate_kg_per_week", "+.2f", " kg/week"),
    ("Expenditure (from logs)", "expenditure_estimate_kcal_per_day", ".0f", " kcal/day"),
    ("Expenditure uncertainty (1 SD)", "expenditure_uncertainty_kcal_per_day", ".0f",
     " kcal/day"),
    ("Intake target", "intake_target_kcal_per_day", ".0f", " kcal/day"),
    ("Goal weight", "goal_weight_kg", ".1f", " kg"),
    ("Goal date", "goal_date", "", ""),
    ("Projected goal date", "projected_goal_date", "", ""),
    ("Leg fat", "leg_fat_kg", ".2f", " kg"),
    ("US Navy body fat", "navy_body_fat_pct", ".1f", " %"),
    ("Sleep (last 7 days)", "sleep_avg_h", ".1f", " h/night"),
    ("Fitness CTL", "ctl", ".0f", " TRIMP/day"),
    ("Fatigue ATL", "atl", ".0f", " TRIMP/day"),
    ("Form TSB", "tsb", "+.0f", ""),
    ("Acute:chronic load ratio", "acwr", ".2f", ""),
    ("Running volume next week", "running_volume", "", ""),
)


def _cell(v: Any, spec: str, unit: str) -> str:
    if v is None:
        return "— (see Missing data)"
    return f"{v:{spec}}{unit}" if spec and isinstance(v, int | float) else f"{v}{unit}"


def render_progress_report(store: Store, today: dt.date | None = None) -> str:
    """The progress report as one self-contained HTML string."""
    from plotly.offline import get_plotlyjs

    rep = status(store, today)
    d = rep.to_dict()
    summary = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(_cell(d[key], spec, unit))}"
        "</td></tr>" for label, key, spec, unit in SUMMARY_ROWS)
    lists = "".join(
        f"<h2>{title}</h2><ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in d[key])
        + "</ul>" for title, key in (("Warnings", "warnings"), ("Next week", "recommendation"),
                                     ("Missing data", "missing")) if d[key])
    charts = "".join(
        f"<h2>{html.escape(title)}</h2>"
        + fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{cid}",
                      config={"displaylogo": False, "responsive": True})
        for cid, title, fig in _figures(store, rep.as_of, rep))
    return _PAGE.format(plotly_js=get_plotlyjs(), as_of=rep.as_of.isoformat(),
                        summary=summary, lists=lists, charts=charts)


def write_progress_report(store: Store, out_dir: Path, today: dt.date | None = None) -> Path:
    """Write ``progress.html`` into ``out_dir`` (created if needed) and return its path.

    An ``out_dir`` that cannot be a folder raises :class:`runlean.errors.InvalidInputError`.
    """
    from runlean.io.output import write_files

    html_text = render_progress_report(store, today)
    return write_files(out_dir, {"progress.html": html_text.encode("utf-8")})[0]
