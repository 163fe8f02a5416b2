"""What the plan report and the progress report share: units, page style and chart layout.

Both reports are one self-contained HTML file each (plotly.js inline), drawn with the same
style sheet (``templates/_style.css``): a coloured header, white cards, KPI tiles, tables that
scroll inside their own box and charts that follow the page width, so that neither page
scrolls sideways on a phone (390 px wide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runlean.units import KG_PER_LB, KM_PER_MILE, UnitSystem, format_pace

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class Units:
    """Converts metric figures (kg, km, s/km) for display in the chosen unit system."""

    system: UnitSystem = "metric"

    @property
    def imperial(self) -> bool:
        return self.system == "imperial"

    @property
    def mass_unit(self) -> str:
        return "lb" if self.imperial else "kg"

    @property
    def dist_unit(self) -> str:
        return "mi" if self.imperial else "km"

    def mass(self, kg: float) -> float:
        return kg / KG_PER_LB if self.imperial else kg

    def masses(self, values: list[float]) -> list[float]:
        return [self.mass(v) for v in values]

    def mass_text(self, kg: float, digits: int = 1) -> str:
        return f"{self.mass(kg):.{digits}f} {self.mass_unit}"

    def km(self, km: float) -> float:
        """A distance in km in the display unit (km or miles)."""
        return km / KM_PER_MILE if self.imperial else km

    def dist_text(self, metres: float | None) -> str:
        if metres is None or metres <= 0:
            return ""
        return f"{self.km(metres / 1000.0):.1f}\u00a0{self.dist_unit}"

    def pace(self, s_per_km: float | None) -> str:
        return format_pace(s_per_km, self.system) if s_per_km else ""

    def text(self, sentence: str) -> str:
        """A sentence with its kg and km figures converted (imperial); ratios stay per kg."""
        if not self.imperial:
            return sentence

        def convert(m: re.Match[str], factor: float, unit: str) -> str:
            nums = [g for g in (m.group(1), m.group(3)) if g is not None]
            digits = max(len(n.split(".")[1]) if "." in n else 0 for n in nums)
            out = [f"{float(n) * factor:.{digits}f}" for n in nums]
            return (f"{out[0]}{m.group(2)}{out[1]}" if len(out) == 2 else out[0]) + f" {unit}"

        num = r"(\d+(?:\.\d+)?)"
        for word, factor, unit in (("kg", 1.0 / KG_PER_LB, "lb"), ("km", 1.0 / KM_PER_MILE, "mi")):
            pattern = num + r"(?:(\s?[-–]\s?)" + num + r")?\s?" + word + r"\b(?!/)"

            def repl(m: re.Match[str], f: float = factor, u: str = unit) -> str:
                return convert(m, f, u)

            sentence = re.sub(pattern, repl, sentence)
        return sentence


def units_of(value: str | None) -> UnitSystem:
    """``"imperial"`` for "imperial", else ``"metric"``."""
    return "imperial" if value == "imperial" else "metric"


def layout(**extra: Any) -> dict[str, Any]:
    """The charts' common layout: white template, legend below the plot (room on a phone)."""
    out: dict[str, Any] = {"template": "plotly_white", "height": 380,
                           "margin": {"l": 50, "r": 15, "t": 30, "b": 40},
                           "legend": {"orientation": "h", "yanchor": "top", "y": -0.12}}
    out.update(extra)
    return out


def chart_html(fig: Any, cid: str) -> str:
    """A figure as a ``<div>`` that follows the page width (plotly.js is on the page once)."""
    return str(fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{cid}",
                           default_width="100%",
                           config={"displaylogo": False, "responsive": True}))


def environment(units: Units) -> jinja2.Environment:
    """The Jinja environment of the report templates, with the unit filters."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("runlean.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]))
    env.filters["pace"] = units.pace
    env.filters["mass"] = units.mass_text
    env.filters["text"] = units.text
    return env
