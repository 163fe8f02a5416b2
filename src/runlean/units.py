"""Unit conversions, used only at the edges (CLI options, profile files, reports).

Exact definitions: 1 lb = 0.45359237 kg (international pound, 1959); 1 in = 2.54 cm;
1 mile = 1.609344 km.
"""

from __future__ import annotations

from typing import Literal

UnitSystem = Literal["metric", "imperial"]

KG_PER_LB = 0.45359237
CM_PER_IN = 2.54
KM_PER_MILE = 1.609344


def lb_to_kg(lb: float) -> float:
    """Pounds to kilograms."""
    return lb * KG_PER_LB


def kg_to_lb(kg: float) -> float:
    """Kilograms to pounds."""
    return kg / KG_PER_LB


def in_to_cm(inches: float) -> float:
    """Inches to centimetres."""
    return inches * CM_PER_IN


def cm_to_in(cm: float) -> float:
    """Centimetres to inches."""
    return cm / CM_PER_IN


def miles_to_km(miles: float) -> float:
    """Miles to kilometres."""
    return miles * KM_PER_MILE


def km_to_miles(km: float) -> float:
    """Kilometres to miles."""
    return km / KM_PER_MILE


def pace_s_per_km_to_s_per_mile(pace: float) -> float:
    """Pace per kilometre to pace per mile [s]."""
    return pace * KM_PER_MILE


def format_pace(pace_s_per_km: float, units: UnitSystem = "metric") -> str:
    """Format a pace as ``m:ss /km`` (or ``/mi`` in imperial)."""
    value = pace_s_per_km if units == "metric" else pace_s_per_km_to_s_per_mile(pace_s_per_km)
    total = round(value)
    return f"{total // 60}:{total % 60:02d} /{'km' if units == 'metric' else 'mi'}"


def format_mass(kg: float, units: UnitSystem = "metric", digits: int = 1) -> str:
    """A mass as ``94.5 kg`` (or ``208.3 lb`` in imperial)."""
    if units == "imperial":
        return f"{kg_to_lb(kg):.{digits}f} lb"
    return f"{kg:.{digits}f} kg"


def format_length(cm: float, units: UnitSystem = "metric", digits: int = 1) -> str:
    """A body length (waist, height) as ``88.0 cm`` (or ``34.6 in`` in imperial)."""
    if units == "imperial":
        return f"{cm_to_in(cm):.{digits}f} in"
    return f"{cm:.{digits}f} cm"


def format_distance(metres: float, units: UnitSystem = "metric", digits: int = 1) -> str:
    """A distance as ``5.0 km`` (or ``3.1 mi`` in imperial)."""
    if units == "imperial":
        return f"{km_to_miles(metres / 1000.0):.{digits}f} mi"
    return f"{metres / 1000.0:.{digits}f} km"
