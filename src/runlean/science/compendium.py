"""MET values from the Compendium of Physical Activities (2024 Adult Compendium and 2011).

The bundled table ``runlean/data/compendium_2024.csv`` holds the running, walking, cycling
(outdoor by speed, stationary by power), elliptical, rowing, resistance, calisthenics and
circuit, HIIT and swimming rows of the 2024 Adult Compendium and the 2011 Compendium.
Columns: ``code``,
``activity``, ``met_2024`` and ``met_2011`` (blank when the code is absent from that edition),
``category``, ``speed_mph_low``/``speed_mph_high`` and ``power_w_low``/``power_w_high``
(blank when not applicable; an open range has one bound).

Status: 2024 values are a third-party transcription cross-checked against code repositories
(to be spot-checked against the official Compendium website before a release); 2011 values
are from a CSV transcription of the official list.

References
----------
.. [1] Herrmann SD, Willis EA, Ainsworth BE, et al. 2024 Adult Compendium of Physical
   Activities: a third update of the energy costs of human activities. J Sport Health Sci
   2024;13(1):6–12. doi:10.1016/j.jshs.2023.10.010
.. [2] Ainsworth BE, Haskell WL, Herrmann SD, et al. 2011 Compendium of Physical Activities:
   a second update of codes and MET values. Med Sci Sports Exerc 2011;43(8):1575–1581.
   doi:10.1249/MSS.0b013e31821ece12
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np
import numpy.typing as npt

from runlean.science._arrays import ArrayLike, as_float, to_output

#: Metres per second in one mile per hour.
M_PER_S_PER_MPH = 0.44704

Intensity = Literal["light", "moderate", "vigorous"]
Edition = Literal[2024, 2011]

#: Compendium code chosen for each (mode, intensity) by :func:`activity_met` [P]. Where the
#: Compendium has no row for an intensity, the nearest available row is used (documented
#: per mode): elliptical "light" → the moderate row; HIIT "light" → the moderate row.
ACTIVITY_MET_CODES: dict[str, dict[str, str]] = {
    "running": {"light": "12020", "moderate": "12050", "vigorous": "12070"},
    "walking": {"light": "17170", "moderate": "17200", "vigorous": "17230"},
    "cycling": {"light": "01020", "moderate": "01030", "vigorous": "01040"},
    "swimming": {"light": "18240", "moderate": "18290", "vigorous": "18230"},
    "elliptical": {"light": "02048", "moderate": "02048", "vigorous": "02049"},
    "rowing": {"light": "02071", "moderate": "02072", "vigorous": "02073"},
    "resistance": {"light": "02054", "moderate": "02052", "vigorous": "02050"},
    "calisthenics": {"light": "02022", "moderate": "02022", "vigorous": "02020"},
    "circuit": {"light": "02055", "moderate": "02055", "vigorous": "02040"},
    "hiit": {"light": "02210", "moderate": "02210", "vigorous": "02214"},
}


@dataclass(frozen=True)
class CompendiumEntry:
    """One Compendium activity row.

    Attributes are the CSV columns; ``met_2024``/``met_2011`` [MET] are ``None`` when the code
    is absent from that edition; speeds in [mph], powers in [W], ``None`` when not given.
    """

    code: str
    activity: str
    met_2024: float | None
    met_2011: float | None
    category: str
    speed_mph_low: float | None
    speed_mph_high: float | None
    power_w_low: float | None
    power_w_high: float | None

    @property
    def speed_mph_mid(self) -> float | None:
        """Mid speed of the row's range [mph] (the single speed when low == high)."""
        if self.speed_mph_low is None or self.speed_mph_high is None:
            return None
        return (self.speed_mph_low + self.speed_mph_high) / 2.0

    def met(self, edition: Edition = 2024) -> float | None:
        """The MET value in an edition, or ``None`` when the code is absent from it."""
        return self.met_2024 if edition == 2024 else self.met_2011


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


@functools.cache
def load_compendium() -> dict[str, CompendiumEntry]:
    """Load the bundled Compendium table (cached after the first call).

    Returns
    -------
    Mapping code -> :class:`CompendiumEntry`, in file order.

    Notes
    -----
    Read with the ``csv`` module from the package data (``importlib.resources``), so it works
    from a wheel or a zip. The returned dict is shared: do not modify it.

    References
    ----------
    .. [1] Herrmann SD et al. J Sport Health Sci 2024;13:6–12.
    .. [2] Ainsworth BE et al. Med Sci Sports Exerc 2011;43:1575–1581.
    """
    text = resources.files("runlean").joinpath("data/compendium_2024.csv").read_text("utf-8")
    entries: dict[str, CompendiumEntry] = {}
    for row in csv.DictReader(io.StringIO(text)):
        entries[row["code"]] = CompendiumEntry(
            code=row["code"],
            activity=row["activity"],
            met_2024=_optional_float(row["met_2024"]),
            met_2011=_optional_float(row["met_2011"]),
            category=row["category"],
            speed_mph_low=_optional_float(row["speed_mph_low"]),
            speed_mph_high=_optional_float(row["speed_mph_high"]),
            power_w_low=_optional_float(row["power_w_low"]),
            power_w_high=_optional_float(row["power_w_high"]),
        )
    return entries


def compendium_met(code: str, edition: Edition = 2024) -> float:
    """MET value of a Compendium code.

    Parameters
    ----------
    code
        Five-digit Compendium code as a string, e.g. ``"12050"`` or ``"01030"``.
    edition
        2024 (default) or 2011.

    Returns
    -------
    MET [dimensionless, multiples of 3.5 ml O2/kg/min].

    Notes
    -----
    Raises ``KeyError`` naming the code when it is not in the bundled table or has no value
    in the requested edition (a programming error: codes come from this module's tables).

    References
    ----------
    .. [1] Herrmann SD et al. J Sport Health Sci 2024;13:6–12.
    .. [2] Ainsworth BE et al. Med Sci Sports Exerc 2011;43:1575–1581.
    """
    entry = load_compendium().get(code)
    if entry is None:
        raise KeyError(f"Compendium code {code!r} is not in the bundled table")
    met = entry.met(edition)
    if met is None:
        raise KeyError(f"Compendium code {code!r} has no MET value in the {edition} edition")
    return met


@functools.cache
def _speed_table(category: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    rows = [(e.speed_mph_mid, e.met_2024) for e in load_compendium().values()
            if e.category == category and e.speed_mph_mid is not None and e.met_2024 is not None]
    rows.sort()
    speeds = np.array([s for s, _ in rows], dtype=float) * M_PER_S_PER_MPH
    mets = np.array([m for _, m in rows], dtype=float)
    return speeds, mets


def _interp_met(speed_m_per_s: ArrayLike, category: str) -> ArrayLike:
    speeds, mets = _speed_table(category)
    return to_output(np.interp(as_float(speed_m_per_s), speeds, mets))


def running_met(speed_m_per_s: ArrayLike) -> ArrayLike:
    """2024 Compendium MET of level running at a speed, interpolated between rows.

    Parameters
    ----------
    speed_m_per_s
        Running speed [m/s] (scalar or array).

    Returns
    -------
    MET [dimensionless].

    Notes
    -----
    Linear interpolation (``np.interp``) over the 2024 running-by-speed rows, each placed at
    the middle of its speed range (e.g. 12050 "6.0–6.3 mph" at 6.15 mph). Outside the table
    the value is clamped to the end rows: below 3.15 mph (1.41 m/s, code 12026) it stays
    3.3 MET, above 14 mph (6.26 m/s, code 12135) it stays 23.0 MET. The ACSM equation runs
    ≈2–10 % higher between 5 and 10 mph.

    References
    ----------
    .. [1] Herrmann SD et al. J Sport Health Sci 2024;13:6–12.
    """
    return _interp_met(speed_m_per_s, "running")


def walking_met(speed_m_per_s: ArrayLike) -> ArrayLike:
    """2024 Compendium MET of level walking at a speed, interpolated between rows.

    Parameters
    ----------
    speed_m_per_s
        Walking speed [m/s] (scalar or array).

    Returns
    -------
    MET [dimensionless].

    Notes
    -----
    Linear interpolation over the 2024 level-walking rows at their mid speeds. Clamped at
    the ends: below 2.0 mph (0.89 m/s) 2.8 MET, above 5.25 mph (2.35 m/s) 8.5 MET. Uphill
    walking is not covered (use the ACSM walking equation with a grade).

    References
    ----------
    .. [1] Herrmann SD et al. J Sport Health Sci 2024;13:6–12.
    """
    return _interp_met(speed_m_per_s, "walking")


def activity_met(mode: str, intensity: Intensity = "moderate") -> tuple[float, str]:
    """2024 MET and Compendium code for an exercise mode at an effort level.

    Parameters
    ----------
    mode
        One of ``running, walking, cycling, swimming, elliptical, rowing, resistance,
        calisthenics, circuit, hiit``.
    intensity
        ``light``, ``moderate`` or ``vigorous``: the Compendium's own effort wording, not
        the ACSM MET classes (e.g. "light" cycling 10–12 mph is 6.8 MET).

    Returns
    -------
    (MET [dimensionless], Compendium code).

    Notes
    -----
    The mapping is :data:`ACTIVITY_MET_CODES` [P]. For running and walking the chosen rows
    are: light = jogging general (12020) / 2.5 mph (17170); moderate = 6.0–6.3 mph (12050) /
    3.5–3.9 mph (17200); vigorous = 7 mph (12070) / 4.5–4.9 mph (17230). Prefer
    :func:`running_met` when the speed is known. Unknown modes or intensities raise
    ``KeyError`` listing the valid ones.

    References
    ----------
    .. [1] Herrmann SD et al. J Sport Health Sci 2024;13:6–12.
    """
    by_intensity = ACTIVITY_MET_CODES.get(mode)
    if by_intensity is None:
        raise KeyError(f"mode {mode!r} is not one of {sorted(ACTIVITY_MET_CODES)}")
    code = by_intensity.get(intensity)
    if code is None:
        raise KeyError(f"intensity {intensity!r} is not one of {sorted(by_intensity)}")
    return compendium_met(code), code
