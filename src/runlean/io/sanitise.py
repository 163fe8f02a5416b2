"""Sanitising chain run on every imported activity (the idea of Runalyze's import filters).

Steps, in order; each change is appended as one readable line to ``activity.sanitised``:

1. streams of mismatched length are truncated to the shortest;
2. samples without a finite time, or going back in time, are dropped;
3. samples sharing a timestamp (within one segment) are merged into one (mean of each
   channel; largest distance);
4. cumulative distance that steps backwards is clamped to stay monotone;
5. values outside :data:`VALID_RANGES` (infinities included) become NaN (heart rate
   30–240 bpm, speed ≤ 30 m/s, power 0–3000 W, cadence ≤ 300 /min, altitude −500..9000 m,
   latitude ±90°, longitude ±180°, temperature −60..70 °C);
6. a device energy of 0 kcal (session or lap) over more than
   :data:`ZERO_ENERGY_MAX_DURATION_S` is "not reported" (Stryd writes 0): it becomes
   ``None`` and the raw value is kept in ``activity.warnings``;
7. text read from the file (sport, sub-sport, device, warnings quoting it) has its control
   characters removed and is cut to :data:`runlean.io.limits.MAX_TEXT_CHARS`
   (:func:`clean_text`): a terminal escape sequence in a FIT product name must not reach a
   terminal, and a 60 MB creator name must not reach the database.

Before step 4, cumulative distance that is negative, infinite or beyond
:data:`DISTANCE_RANGE_M` is a damaged value and becomes NaN (one damaged sample must not
carry its value into every later sample).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from runlean.domain import Activity, FloatArray
from runlean.io.limits import MAX_NAME_CHARS, MAX_TEXT_CHARS

#: Plausible range of each stream (inclusive); values outside become NaN.
VALID_RANGES: dict[str, tuple[float, float]] = {
    "hr_bpm": (30.0, 240.0),
    "speed_m_per_s": (0.0, 30.0),
    "power_w": (0.0, 3000.0),
    "cadence_spm": (0.0, 300.0),
    "altitude_m": (-500.0, 9000.0),
    "lat_deg": (-90.0, 90.0),
    "lon_deg": (-180.0, 180.0),
    "temperature_c": (-60.0, 70.0),
}

#: Plausible range of cumulative distance [m] (a million km); values outside, infinities
#: and negative values become NaN before distance is made monotone.
DISTANCE_RANGE_M = (0.0, 1.0e9)

#: A device energy of exactly 0 kcal over more than this duration [s] (3 minutes: even rest
#: costs about 1 kcal/min) is a device that did not compute energy, not a measurement.
ZERO_ENERGY_MAX_DURATION_S = 180.0


def _duration_s(elapsed_s: float | None, timer_s: float | None) -> float | None:
    return next((float(v) for v in (elapsed_s, timer_s) if v is not None and v == v), None)


def drop_unreported_energy(activity: Activity) -> Activity:
    """Step 6 of the module notes: 0 kcal over more than a few minutes becomes ``None``."""
    t = activity.streams.get("time_s")
    span = float(t[-1] - t[0]) if t is not None and len(t) > 1 else None
    duration = _duration_s(activity.device_elapsed_s, activity.device_timer_s) or span
    if (activity.device_energy_kcal == 0 and duration is not None
            and duration > ZERO_ENERGY_MAX_DURATION_S):
        activity.device_energy_kcal = None
        activity.warnings.append(
            f"device energy not reported: the file says 0 kcal over {duration / 60:.0f} min "
            "(stored as missing)")
    zero_laps = [i for i, lap in enumerate(activity.laps)
                 if lap.energy_kcal == 0
                 and (_duration_s(lap.elapsed_s, lap.timer_s) or 0.0)
                 > ZERO_ENERGY_MAX_DURATION_S]
    for i in zero_laps:
        activity.laps[i].energy_kcal = None
    if zero_laps:
        activity.warnings.append(
            f"device lap energy not reported: 0 kcal in {len(zero_laps)} lap(s) longer than "
            f"{ZERO_ENERGY_MAX_DURATION_S / 60:.0f} min (stored as missing)")
    return activity


def _merge_groups(name: str, arr: FloatArray, starts: FloatArray) -> FloatArray:
    idx = starts.astype(np.intp)
    if name == "segment":
        return arr[idx]
    if name == "distance_m":
        return np.fmax.reduceat(arr, idx)
    finite = np.isfinite(arr)
    sums = np.add.reduceat(np.where(finite, arr, 0.0), idx)
    counts = np.add.reduceat(finite.astype(np.float64), idx)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1.0), np.nan)


#: Whitespace controls shown as one space; every other control character is removed.
_SPACES = re.compile(r"[\t\n\r\v\f]+")
#: Unicode format characters that reorder or hide text (bidirectional overrides and
#: isolates, zero-width joiners are kept: they are part of emoji and scripts).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def clean_text(value: object, max_chars: int = MAX_TEXT_CHARS) -> str:
    """``value`` as text safe to store and print: one line, no control characters, at most
    ``max_chars`` characters (cut text ends with "…").

    Tabs and line breaks become one space; other control characters (C0, DEL, C1: the escape
    sequences that clear a screen or retitle a terminal) and bidirectional overrides are
    removed. Text is cut *before* it is cleaned when it is much longer than ``max_chars``, so
    cleaning a 60 MB string costs no more than cleaning a short one.
    """
    text = str(value)[: max_chars * 4 + 16]
    text = _SPACES.sub(" ", text)
    text = "".join(ch for ch in text
                   if ch not in _BIDI and unicodedata.category(ch) != "Cc")
    text = text.strip()
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text


def clean_name(name: str) -> str:
    """A file or archive member name made safe for display and the import records
    (:func:`clean_text` with :data:`~runlean.io.limits.MAX_NAME_CHARS`)."""
    return clean_text(name, MAX_NAME_CHARS) or "(unnamed)"


def clean_activity_text(activity: Activity) -> Activity:
    """Step 7 of the module notes: clean every text field that came from the file."""
    activity.sport = clean_text(activity.sport) or "generic"
    if activity.sub_sport is not None:
        activity.sub_sport = clean_text(activity.sub_sport) or None
    if activity.sport_raw is not None:
        activity.sport_raw = clean_text(activity.sport_raw) or None
    if activity.device is not None:
        activity.device = clean_text(activity.device) or None
    if activity.timezone is not None:
        activity.timezone = clean_text(activity.timezone) or None
    activity.warnings = [clean_text(w, 4 * MAX_TEXT_CHARS) for w in activity.warnings[:100]]
    activity.sanitised = [clean_text(n, 4 * MAX_TEXT_CHARS) for n in activity.sanitised[:100]]
    return activity


def sanitise(activity: Activity) -> Activity:
    """Clean ``activity``'s streams in place (see the module notes) and return it."""
    notes = activity.sanitised
    streams = activity.streams
    if "time_s" not in streams:
        streams["time_s"] = np.zeros(0)
    lengths = {k: len(v) for k, v in streams.items()}
    n = min(lengths.values())
    if any(v != n for v in lengths.values()):
        longer = sorted(k for k, v in lengths.items() if v != n)
        notes.append(f"streams of different lengths truncated to {n} samples "
                     f"({', '.join(longer)} were longer)")
        streams = {k: np.asarray(v[:n], dtype=np.float64) for k, v in streams.items()}

    t = streams["time_s"]
    finite_t = np.isfinite(t)
    running = np.fmax.accumulate(np.where(finite_t, t, -np.inf)) if len(t) else t
    keep = finite_t & (t >= running)
    dropped = int(len(t) - keep.sum())
    if dropped:
        notes.append(f"{dropped} samples with a missing or backwards time dropped")
        streams = {k: v[keep] for k, v in streams.items()}
        t = streams["time_s"]

    if len(t) > 1:
        new_group = np.empty(len(t), dtype=bool)
        new_group[0] = True
        new_group[1:] = np.diff(t) > 0
        seg = streams.get("segment")
        if seg is not None:
            # The last point of a TCX Track often repeats as the first of the next one:
            # keep both, so that neither segment loses its end.
            new_group[1:] |= np.diff(seg) != 0
        if not bool(new_group.all()):
            starts = np.flatnonzero(new_group).astype(np.float64)
            merged = int(len(t) - len(starts))
            streams = {k: (v[new_group] if k == "time_s" else _merge_groups(k, v, starts))
                       for k, v in streams.items()}
            notes.append(f"{merged} samples sharing a timestamp with another merged into it")

    d = streams.get("distance_m")
    if d is not None and len(d):
        low, high = DISTANCE_RANGE_M
        bad = ~np.isnan(d) & ~((d >= low) & (d <= high))
        if bool(bad.any()):
            d = np.where(bad, np.nan, d)
            streams["distance_m"] = d
            notes.append(f"{int(bad.sum())} distance_m values negative, infinite or above "
                         f"{high:g} m set to missing")
        mono = np.fmax.accumulate(d)
        fixed = np.where(np.isfinite(d), mono, np.nan)
        changed = int(np.sum(np.isfinite(d) & (fixed != d)))
        if changed:
            notes.append(f"{changed} backwards distance steps clamped to keep distance "
                         "monotone")
            streams["distance_m"] = fixed

    for name, (low, high) in VALID_RANGES.items():
        arr = streams.get(name)
        if arr is None:
            continue
        bad = ~np.isnan(arr) & ~((arr >= low) & (arr <= high))  # infinities too
        count = int(bad.sum())
        if count:
            arr = arr.copy()
            arr[bad] = np.nan
            streams[name] = arr
            notes.append(f"{count} {name} values outside {low:g}..{high:g} set to missing")

    activity.streams = streams
    return clean_activity_text(drop_unreported_energy(activity))
