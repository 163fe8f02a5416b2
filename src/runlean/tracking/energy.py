"""runlean's per-activity energy, EPOC and training-load estimates (policy: which method when).

Energy (``energy_kcal`` is GROSS, i.e. including resting metabolism over the activity's
elapsed time; ``net_energy_kcal`` is gross minus 1 MET = 3.5 ml O2/kg/min over the same
time, the convention of the ACSM net equations):

1. ``keytel_hr`` — (rides: only without usable power, see 2) heart rate covers at least
   :data:`KEYTEL_MIN_HR_COVERAGE` of the recorded time: Keytel et al. 2005 (with VO2max
   when the profile has one) for each sample at or above 90 bpm (the equation's validity
   floor). Samples below 90 bpm count at :data:`LOW_HR_MET` (Compendium 17151, walking
   < 2 mph, 2.0 MET); samples without HR count at the sport's Compendium MET. Each sample
   lasts until the next one, capped at :data:`MAX_SAMPLE_GAP_S`; longer gaps (pauses)
   count as rest (1 MET).
2. ``acsm_cycling_power`` — rides with a power stream covering at least
   :data:`POWER_MIN_COVERAGE` of the recorded time, with positive power for at least
   :data:`POWER_MIN_PEDALLING_FRACTION` of it: the ACSM leg-cycling equation
   (:func:`runlean.science.exercise.acsm_cycling_vo2`, gross) for each sample; zero power
   while moving counts as unloaded cycling (the equation at 0 W, 2 MET), zero power while
   stopped (speed below 1 km/h) counts as rest, samples without power count at the sport's
   Compendium MET, pauses as rest. **For rides, power beats heart rate when both are
   present** (Garmin prefers its HR-based estimate): power is the measured mechanical
   output, and gross efficiency varies little between trained and untrained riders
   (about 0.20–0.25), so energy ≈ mechanical work / efficiency is tighter than any HR
   equation (Keytel et al. 2005 explain 73 % of the variance, with heat, hydration and
   cardiac drift moving HR at constant work). The ACSM figure is cross-checked in the
   tests against ``mechanical work / 0.22``. Running power (Stryd) is not used: the
   running equations below from speed and grade are the validated ones.
3. ``acsm_speed_grade`` — runs and walks with a distance and a moving time: the ACSM running
   (or walking) equation at the mean moving speed and the mean uphill grade
   (``ascent_m / distance_m``) over the moving time, plus rest (1 MET) for the stopped time.
4. ``compendium_met:<code>`` — otherwise: the Compendium (2011) MET of the sport, chosen by
   speed for outdoor rides and by mean power for indoor rides (:func:`sport_met`), over the
   moving time (the elapsed time when unknown), plus rest for the stopped time.

EPOC: :func:`runlean.science.exercise.laforgia_1997_epoc_kcal` (the planner's after-burn
model) of the net energy at an intensity from the heart-rate reserve (mean HR) or, without HR,
from ``(MET − 1) / (VO2max/3.5 − 1)``.

Load: ``banister_trimp`` from the HR samples when HR is present; else ``met_minutes``:
``(MET − 1) × moving minutes × MET_MINUTES_TO_TRIMP``. The factor makes one minute of
running at 60 % HRR (Banister male weighting: 0.6·0.64·e^(1.92·0.6) = 1.215 TRIMP/min) equal
one minute at the running Compendium MET of 8.0 (7 MET above rest): 1.215 / 7 = 0.174.

Without a stored profile the documented defaults :data:`DEFAULT_PROFILE` are used and a
warning ``default_profile: ...`` is attached to the activity. Unknown sex averages the male
and female Keytel equations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from runlean.domain import Activity, FloatArray, Habits, Person
from runlean.science.exercise import KEYTEL_MIN_VALID_HR_BPM

if TYPE_CHECKING:  # the store (SQLAlchemy) loads only where a command reads or writes it
    from runlean.store.db import Store

#: Defaults when no profile is stored: a 40-year-old of 70 kg, sex unknown (averaged),
#: resting HR 60 bpm, VO2max 40 ml/kg/min (a recreationally active adult).
DEFAULT_PROFILE: dict[str, float] = {
    "weight_kg": 70.0, "age_years": 40.0, "resting_hr_bpm": 60.0, "vo2max_ml_per_kg_min": 40.0,
}
KEYTEL_MIN_HR_COVERAGE = 0.5
LOW_HR_MET = 2.0
MAX_SAMPLE_GAP_S = 30.0
MET_MINUTES_TO_TRIMP = 0.6 * 0.64 * math.exp(1.92 * 0.6) / 7.0
#: Power counts for a ride when finite power covers this fraction of the recorded time ...
POWER_MIN_COVERAGE = 0.5
#: ... and positive power (pedalling) at least this fraction: a stream of zeros from a
#: trainer without a power meter is not a measurement.
POWER_MIN_PEDALLING_FRACTION = 0.25
#: Below this speed [m/s] (1 km/h, the moving threshold of :mod:`runlean.io.metrics`) a
#: zero-power sample is stopped (rest), not coasting.
STOPPED_SPEED_M_PER_S = 1.0 / 3.6
#: Resting oxygen uptake, 1 MET [ml O2/kg/min].
ONE_MET_VO2 = 3.5

#: Compendium of Physical Activities codes (2011 edition values from the bundled table of
#: :mod:`runlean.science.compendium`) used by sport family when no better method applies.
RUN_GENERAL = "12150"
WALK_MODERATE = "17190"
SWIM_LAPS_GENERAL = "18310"
ROW_STATIONARY_GENERAL = "02070"
OTHER_MODERATE = "02048"  # elliptical trainer, moderate: stands for "moderate effort"
#: Cross-country skiing, 4.0–4.9 mph, moderate (Compendium 2011 code 19090, 9.0 MET; not in
#: the bundled table, so the value is given here). Ainsworth et al. 2011.
XC_SKI_MODERATE = ("19090", 9.0)
#: Outdoor cycling by speed: (upper bound [m/s], code); the 10/12/14/16/20 mph bands.
CYCLING_BY_SPEED = (
    (4.4704, "01010"), (5.3198, "01020"), (6.2139, "01030"),
    (7.1079, "01040"), (8.9408, "01050"), (math.inf, "01060"),
)
#: Stationary cycling by mean power: (upper bound [W], code), 2011 power bands.
CYCLING_BY_POWER = (
    (50.0, "02011"), (89.0, "02017"), (100.0, "02012"),
    (160.0, "02013"), (200.0, "02014"), (math.inf, "02015"),
)


class SummaryLike(Protocol):
    """The fields of :class:`runlean.io.metrics.ActivitySummary` used here."""

    @property
    def elapsed_s(self) -> float: ...
    @property
    def moving_s(self) -> float | None: ...
    @property
    def distance_m(self) -> float | None: ...
    @property
    def ascent_m(self) -> float | None: ...
    @property
    def avg_hr_bpm(self) -> float | None: ...
    @property
    def max_hr_bpm(self) -> float | None: ...


@dataclass
class Estimate:
    """Energy and load of one activity, each with the method that produced it."""

    energy_kcal: float | None
    net_energy_kcal: float | None
    energy_method: str | None
    epoc_kcal: float | None
    load: float | None
    load_method: str | None
    zones: list[dict[str, Any]] | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Physiology:
    """The person-specific inputs of the estimates (profile or defaults)."""

    weight_kg: float
    age_years: float
    male: bool | None
    resting_hr_bpm: float
    max_hr_bpm: float
    vo2max_ml_per_kg_min: float | None
    from_defaults: bool


def physiology(person: Person | None) -> Physiology:
    """Inputs from the profile; missing HR values from defaults and Tanaka's HRmax."""
    from runlean.science.running import tanaka_hrmax

    if person is None:
        age = DEFAULT_PROFILE["age_years"]
        return Physiology(DEFAULT_PROFILE["weight_kg"], age, None,
                          DEFAULT_PROFILE["resting_hr_bpm"], float(tanaka_hrmax(age)),
                          None, True)
    return Physiology(
        person.weight_kg, person.age_years, person.sex == "male",
        person.resting_hr_bpm or DEFAULT_PROFILE["resting_hr_bpm"],
        person.max_hr_bpm or float(tanaka_hrmax(person.age_years)),
        person.vo2max_ml_per_kg_min, False)


def sport_met(activity: Activity, summary: SummaryLike) -> tuple[str, float]:
    """Compendium (2011) code and MET for the activity's sport (see the module docstring)."""
    from runlean.science.compendium import compendium_met
    from runlean.store.activities import sport_family

    family = sport_family(activity.sport)
    code = OTHER_MODERATE
    if family == "ski":
        return XC_SKI_MODERATE
    if family == "run":
        code = RUN_GENERAL
    elif family == "walk":
        code = WALK_MODERATE
    elif family == "swim":
        code = SWIM_LAPS_GENERAL
    elif family == "row":
        code = ROW_STATIONARY_GENERAL
    elif family == "ride":
        code = CYCLING_BY_SPEED[2][1]
        mean_w = math.nan
        if activity.has("power_w"):
            power = activity.streams["power_w"]
            positive = np.isfinite(power) & (power > 0)
            if bool(positive.any()):
                mean_w = float(power[positive].mean())
        if not activity.has("lat_deg") and math.isfinite(mean_w):
            code = next(c for hi, c in CYCLING_BY_POWER if mean_w <= hi)
        elif summary.distance_m and summary.moving_s:
            speed = summary.distance_m / summary.moving_s
            code = next(c for hi, c in CYCLING_BY_SPEED if speed <= hi)
    return code, compendium_met(code, 2011)


def _sample_durations_s(time_s: FloatArray) -> FloatArray:
    """Duration of each sample: until the next one (last sample: 0)."""
    dt_s = np.diff(time_s, append=time_s[-1]) if len(time_s) else np.zeros(0)
    return np.where(np.isfinite(dt_s) & (dt_s > 0), dt_s, 0.0)


def _keytel(hr: FloatArray, p: Physiology) -> FloatArray:
    from runlean.science.exercise import keytel_2005_kcal_per_min

    def one(male: bool) -> FloatArray:
        return np.asarray(keytel_2005_kcal_per_min(hr, p.weight_kg, p.age_years, male,
                                                   p.vo2max_ml_per_kg_min), dtype=float)

    if p.male is None:
        return 0.5 * (one(True) + one(False))
    return one(p.male)


def _rest_kcal(p: Physiology, minutes: float) -> float:
    from runlean.science.exercise import met_kcal

    return float(met_kcal(1.0, p.weight_kg, minutes))


def mechanical_work_kj(time_s: FloatArray, power_w: FloatArray) -> float:
    """Mechanical work [kJ]: the sum of power × sample duration over finite, positive samples.

    Each sample lasts until the next one, capped at :data:`MAX_SAMPLE_GAP_S` (as in the
    energy estimate), so a pause does not multiply the last power reading.
    """
    dur = np.minimum(_sample_durations_s(time_s), MAX_SAMPLE_GAP_S)
    p = np.where(np.isfinite(power_w) & (power_w > 0), power_w, 0.0)
    return float((p * dur).sum()) / 1000.0


def usable_power(activity: Activity) -> FloatArray | None:
    """The power stream [W] when it is a measurement (see :data:`POWER_MIN_COVERAGE`)."""
    if not activity.has("power_w"):
        return None
    power = activity.streams["power_w"]
    dur = np.minimum(_sample_durations_s(activity.streams["time_s"]), MAX_SAMPLE_GAP_S)
    total = float(dur.sum())
    if total <= 0:
        return None
    finite = np.isfinite(power)
    pedalling = finite & (np.nan_to_num(power) > 0)
    if (float(dur[finite].sum()) / total < POWER_MIN_COVERAGE
            or float(dur[pedalling].sum()) / total < POWER_MIN_PEDALLING_FRACTION):
        return None
    return power


def acsm_cycling_power_kcal(activity: Activity, power_w: FloatArray, weight_kg: float,
                            missing_met: float) -> tuple[float, float, float]:
    """Gross energy [kcal] over the recorded samples of a ride from its power stream.

    Returns ``(kcal, recorded_s, pedalling_vo2)``: the energy of the recorded samples
    (pauses longer than :data:`MAX_SAMPLE_GAP_S` excluded, the caller adds rest for them),
    their duration [s], and the mean gross VO2 [ml O2/kg/min] of the non-stopped samples
    with power (for the intensity). See the module docstring, method 2.
    """
    from runlean.science.exercise import acsm_cycling_vo2, vo2_to_kcal

    time_s = activity.streams["time_s"]
    dur = np.minimum(_sample_durations_s(time_s), MAX_SAMPLE_GAP_S)
    finite = np.isfinite(power_w)
    p = np.where(finite, np.maximum(np.nan_to_num(power_w), 0.0), 0.0)
    speed = activity.streams.get("speed_m_per_s")
    stopped = np.zeros(len(p), dtype=bool)
    if speed is not None:
        stopped = finite & (p <= 0) & np.isfinite(speed) & (speed < STOPPED_SPEED_M_PER_S)
    vo2 = np.asarray(acsm_cycling_vo2(p, weight_kg), dtype=float)
    vo2 = np.where(stopped, ONE_MET_VO2, vo2)
    vo2 = np.where(finite, vo2, missing_met * ONE_MET_VO2)
    kcal = float(np.asarray(vo2_to_kcal(vo2, weight_kg, dur / 60.0), dtype=float).sum())
    work = finite & ~stopped
    work_s = float(dur[work].sum())
    mean_vo2 = (float((vo2[work] * dur[work]).sum()) / work_s if work_s > 0
                else ONE_MET_VO2)
    return kcal, float(dur.sum()), mean_vo2


def heart_rate_zones(activity: Activity, p: Physiology) -> list[dict[str, Any]] | None:
    """Time in the five Karvonen zones (50–60–70–80–90–100 % HRR) from the HR samples.

    Each sample lasts until the next one (capped at :data:`MAX_SAMPLE_GAP_S`); HR above the
    top edge counts in zone 5, HR below 50 % HRR in no zone.
    """
    from runlean.science.running import karvonen_zones

    if not activity.has("hr_bpm"):
        return None
    zones = karvonen_zones(p.resting_hr_bpm, p.max_hr_bpm)
    hr = activity.streams["hr_bpm"]
    dur = np.minimum(_sample_durations_s(activity.streams["time_s"]), MAX_SAMPLE_GAP_S)
    out = []
    for i, (lo, hi) in enumerate(zones):
        top = i == len(zones) - 1
        mask = (hr >= lo) & (np.ones_like(hr, dtype=bool) if top else (hr < hi))
        out.append({"zone": i + 1, "low_bpm": round(lo, 1), "high_bpm": round(hi, 1),
                    "time_s": float(dur[mask].sum())})
    return out


def estimate_energy_and_load(activity: Activity, summary: SummaryLike,
                             person: Person | None, habits: Habits | None) -> Estimate:
    """runlean's energy (gross and net), EPOC and training load for one activity."""
    from runlean.science.exercise import (
        acsm_running_vo2,
        acsm_walking_vo2,
        laforgia_1997_epoc_kcal,
        met_kcal,
        vo2_to_kcal,
    )
    from runlean.science.training_load import banister_trimp_from_samples
    from runlean.store.activities import sport_family

    p = physiology(person)
    warnings: list[str] = []
    if p.from_defaults:
        warnings.append("default_profile: no stored profile; energy assumes 70 kg, 40 years, "
                        "sex-averaged Keytel, resting HR 60 bpm (set one with "
                        "'runlean profile set')")
    elapsed_min = max(summary.elapsed_s, 0.0) / 60.0
    moving_min = (summary.moving_s / 60.0 if summary.moving_s is not None
                  else elapsed_min)
    moving_min = min(moving_min, elapsed_min)
    code, met = sport_met(activity, summary)
    family = sport_family(activity.sport)
    time_s = activity.streams.get("time_s", np.zeros(0))
    hr = activity.streams.get("hr_bpm")
    dur = _sample_durations_s(time_s)
    active_dur = np.minimum(dur, MAX_SAMPLE_GAP_S)
    recorded_s = float(active_dur.sum())
    has_hr = hr is not None and bool(np.isfinite(hr).any())
    hr_cov = (float(active_dur[np.isfinite(hr)].sum()) / recorded_s
              if has_hr and hr is not None and recorded_s > 0 else 0.0)

    gross: float | None
    method: str
    intensity: float
    power = usable_power(activity) if family == "ride" else None
    if power is not None:
        gross, power_recorded_s, vo2 = acsm_cycling_power_kcal(activity, power,
                                                               p.weight_kg, met)
        gross += _rest_kcal(p, max(elapsed_min - power_recorded_s / 60.0, 0.0))
        method = "acsm_cycling_power"
        met = vo2 / ONE_MET_VO2
        intensity = (met - 1.0) / ((p.vo2max_ml_per_kg_min
                                    or DEFAULT_PROFILE["vo2max_ml_per_kg_min"]) / 3.5 - 1.0)
    elif has_hr and hr is not None and hr_cov >= KEYTEL_MIN_HR_COVERAGE:
        valid = np.isfinite(hr) & (hr >= KEYTEL_MIN_VALID_HR_BPM)
        low = np.isfinite(hr) & (hr < KEYTEL_MIN_VALID_HR_BPM)
        missing = ~np.isfinite(hr)
        rate = _keytel(np.where(valid, hr, KEYTEL_MIN_VALID_HR_BPM), p)
        gross = float((rate[valid] * active_dur[valid] / 60.0).sum())
        gross += float(met_kcal(LOW_HR_MET, p.weight_kg, float(active_dur[low].sum()) / 60.0))
        gross += float(met_kcal(met, p.weight_kg, float(active_dur[missing].sum()) / 60.0))
        gross += _rest_kcal(p, max(elapsed_min - recorded_s / 60.0, 0.0))
        method = "keytel_hr"
        mean_hr = float(np.nanmean(hr))
        intensity = (mean_hr - p.resting_hr_bpm) / (p.max_hr_bpm - p.resting_hr_bpm)
    elif (family in ("run", "walk") and summary.distance_m and summary.moving_s
          and summary.moving_s > 0):
        speed_m_per_min = summary.distance_m / (summary.moving_s / 60.0)
        grade = (summary.ascent_m or 0.0) / summary.distance_m
        eq = acsm_running_vo2 if family == "run" else acsm_walking_vo2
        vo2 = float(eq(speed_m_per_min, grade))
        gross = float(vo2_to_kcal(vo2, p.weight_kg, moving_min))
        gross += _rest_kcal(p, elapsed_min - moving_min)
        method = "acsm_speed_grade"
        met = vo2 / 3.5
        intensity = (met - 1.0) / ((p.vo2max_ml_per_kg_min
                                    or DEFAULT_PROFILE["vo2max_ml_per_kg_min"]) / 3.5 - 1.0)
    else:
        gross = float(met_kcal(met, p.weight_kg, moving_min))
        gross += _rest_kcal(p, elapsed_min - moving_min)
        method = f"compendium_met:{code}"
        intensity = (met - 1.0) / ((p.vo2max_ml_per_kg_min
                                    or DEFAULT_PROFILE["vo2max_ml_per_kg_min"]) / 3.5 - 1.0)
    net = max(gross - _rest_kcal(p, elapsed_min), 0.0)
    intensity = min(max(intensity, 0.0), 1.2)
    # The plan's after-burn model (fraction of net energy rising with intensity, fitted to
    # LaForgia et al. 1997), with intensity as %HRR or VO2/VO2max.
    epoc = float(laforgia_1997_epoc_kcal(net, intensity))

    load: float
    if has_hr and hr is not None:
        ok = np.isfinite(hr)
        load = float(banister_trimp_from_samples(
            time_s[ok], hr[ok], p.resting_hr_bpm, p.max_hr_bpm,
            True if p.male is None else p.male))
        load_method = "banister_trimp"
    else:
        load = (met - 1.0) * moving_min * MET_MINUTES_TO_TRIMP
        load_method = "met_minutes"
    return Estimate(energy_kcal=gross, net_energy_kcal=net, energy_method=method,
                    epoc_kcal=epoc, load=load, load_method=load_method,
                    zones=heart_rate_zones(activity, p), warnings=warnings)


#: Sports a user may set with :func:`set_activity_sport` (normalised names).
SETTABLE_SPORTS = ("running", "cycling", "walking", "hiking", "swimming", "rowing",
                   "cross_country_skiing", "training")


@dataclass(frozen=True)
class StoredSummary:
    """A :class:`SummaryLike` rebuilt from a stored activity row (sport-independent fields)."""

    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    ascent_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None


def set_activity_sport(store: Store, activity_id: int, sport: str) -> dict[str, Any]:
    """Correct a stored activity's sport and recompute its energy, EPOC and load.

    The stored streams and summary (time, distance, ascent, HR) are reused; the stored
    profile (else :data:`DEFAULT_PROFILE`) is used as at import. The "sport unknown" warning
    is replaced by a note of the change. Returns the updated row.

    Raises
    ------
    InvalidInputError
        ``sport`` is not one of :data:`SETTABLE_SPORTS` (synonyms such as ``run`` or
        ``ride`` are accepted).
    NotFoundError
        No activity with that id.
    """
    from runlean.errors import InvalidInputError
    from runlean.io import SPORT_UNKNOWN_WARNING
    from runlean.io._common import normalise_sport
    from runlean.store.activities import get_activity, load_streams, update_activity
    from runlean.store.profile import load_profile

    new_sport = normalise_sport(sport)
    if new_sport not in SETTABLE_SPORTS:
        raise InvalidInputError("--sport", sport, f"one of {', '.join(SETTABLE_SPORTS)}")
    row = get_activity(store, activity_id)
    streams = load_streams(store, activity_id) or {"time_s": np.zeros(0)}
    activity = Activity(sport=new_sport, source_format=row["source_format"],
                        start_utc=row["start_utc"], streams=streams)
    summary = StoredSummary(row["duration_s"], row["moving_time_s"], row["distance_m"],
                            row["ascent_m"], row["avg_hr_bpm"], row["max_hr_bpm"])
    profile = load_profile(store)
    person, habits = profile if profile is not None else (None, None)
    est = estimate_energy_and_load(activity, summary, person, habits)
    warnings = [w for w in row["warnings_json"]
                if w != SPORT_UNKNOWN_WARNING and w not in est.warnings]
    warnings += [*est.warnings, f"sport set by the user: {row['sport']} -> {new_sport}"]
    return update_activity(
        store, activity_id, sport=new_sport, sub_sport=None, energy_kcal=est.energy_kcal,
        net_energy_kcal=est.net_energy_kcal, energy_method=est.energy_method,
        epoc_kcal=est.epoc_kcal, load=est.load, load_method=est.load_method,
        zones_json=est.zones, warnings_json=warnings)
