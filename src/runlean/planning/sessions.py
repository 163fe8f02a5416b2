"""Session energy and intensity for one person: turns a calendar into dated sessions.

Energy (physiology.md §1, §2, §4): runs by the ACSM running equation at the session's
target speed (walk breaks by the ACSM walking equation); cross-training, strength and HIIT
by Compendium 2024 METs; EPOC by runlean's φ model on the net energy. Net energy excludes
resting metabolism (gross − 3.5 ml/kg/min, or MET − 1), because resting energy is already
in the daily budget.

Intensity: RPE (Foster CR-10) always; a heart-rate range by the Karvonen heart-rate-reserve
method when a resting heart rate is known (maximal heart rate measured, else Tanaka
208 − 0.7·age), else a %HRmax range.

Paces: when a race result is known, its Daniels VDOT sets the paces (easy, long and run-walk
sessions at E = 0.70 VDOT, interval bouts at I = 0.98 VDOT; M = 0.80 and T = 0.88 are given
for reference) and the running energy is the ACSM running equation at those speeds. VDOT
also stands in for VO2max in the EPOC intensity when VO2max is not measured. Without a race
result the easy speed comes from VO2max (65 % of it) or from experience.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from runlean.domain import Intensity, Person, Session, SessionKind
from runlean.planning.training import Calendar, SessionSpec
from runlean.science.compendium import activity_met, compendium_met
from runlean.science.exercise import (
    acsm_running_speed_for_vo2,
    acsm_running_vo2,
    acsm_walking_vo2,
    epoc_kcal,
    met_kcal,
    vo2_to_kcal,
)
from runlean.science.running import (
    DANIELS_PACE_FRACTIONS,
    daniels_training_speed_m_per_s,
    daniels_vdot,
    karvonen_target_hr,
    tanaka_hrmax,
)
from runlean.units import format_pace

#: Easy running speed assumed by experience when VO2max is unknown [m/s].
EASY_SPEED_M_PER_S = {"none": 2.0, "beginner": 2.2, "intermediate": 2.7, "advanced": 3.1}
#: Easy running is prescribed at this fraction of VO2max when VO2max is known.
EASY_VO2MAX_FRACTION = 0.65
#: Walking breaks of run-walk sessions: a brisk 5 km/h [m/min].
WALK_SPEED_M_PER_MIN = 5000.0 / 60.0
#: Intensity [fraction of VO2max] used for EPOC when VO2max is unknown.
DEFAULT_EPOC_INTENSITY: dict[SessionKind, float] = {
    "easy": 0.60, "long": 0.60, "run_walk": 0.55, "hiit": 1.0, "strength": 0.50,
    "cross": 0.55}
#: Daniels pace of each running kind when a VDOT is known (hard bouts for HIIT).
DANIELS_PACE_FOR_KIND: dict[SessionKind, str] = {
    "easy": "E", "long": "E", "run_walk": "E", "hiit": "I"}
#: Length of one hard bout of an interval session [min] (see :func:`describe`).
HIIT_BOUT_MIN = 1.0
#: Compendium effort level used for each non-running kind (strength: see below).
MET_LEVEL = {"hiit": "vigorous", "cross": "moderate"}
#: Compendium 2024 code of the strength session: "resistance (weight) training, multiple
#: exercises, 8-15 repetitions at varied resistance", 3.5 MET. The session is exactly that
#: (7 exercises, 2-3 sets of 8-12, rests between sets), and physiology.md §10.4 costs it
#: the same way. Not 02052 (squats/deadlift only, 5.0 MET) nor 02050 (power lifting or body
#: building, vigorous, 6.0 MET): a 45-min whole-body session is mostly rest between sets,
#: and those rows would overstate its energy by 60-100 % (net 2.5 vs 4.0-5.0 MET).
STRENGTH_MET_CODE = "02054"
#: Target zones as fractions of heart-rate reserve (Karvonen) and RPE (CR-10) per kind.
ZONES: dict[SessionKind, tuple[float, float, float, float, str]] = {
    "easy": (0.60, 0.70, 3, 4, "zone 2, conversational"),
    "long": (0.60, 0.70, 3, 4, "zone 2, conversational"),
    "run_walk": (0.55, 0.70, 3, 4, "easy; walk breaks brisk"),
    "hiit": (0.85, 0.95, 7, 8, "hard bouts zone 4-5; recoveries easy"),
    "strength": (0.0, 0.0, 6, 7, "2-3 reps in reserve per set"),
    "cross": (0.60, 0.70, 3, 4, "zone 2, steady"),
}
#: Resistance-exercise menu (whole body with dedicated leg work).
STRENGTH_MENU = ("squats", "reverse lunges", "Romanian deadlifts", "calf raises",
                 "push-ups", "rows", "plank")

WHY: dict[SessionKind, str] = {
    "easy": "Easy aerobic running adds to the energy deficit at low injury risk and builds the "
            "base (HIIT and steady running lose fat equally per week: Wewege 2017, Steele 2021).",
    "long": "The weekly long run is the largest single energy cost of the week and grows at "
            "most 10 % over your longest run of the last 30 days (Frandsen 2025).",
    "run_walk": "Run-walk lets a new runner accumulate running time safely until 20-30 min "
                "of continuous running is comfortable.",
    "hiit": "Intervals give the same fat loss as steady running in less time; the extra "
            "after-burn (EPOC) is only tens of kcal (Panissa 2021, LaForgia 2006).",
    "strength": "Strength training keeps lean mass during a deficit, including leg muscle "
                "(about half the lean loss: Weinheimer 2010; Sardeli 2018). It does not "
                "spot-reduce leg fat.",
    "cross": "Low-impact cross-training adds energy expenditure without running impact "
             "(about half the running benefit for performance: Foster 1995).",
}


@dataclass(frozen=True)
class PersonFactors:
    """What session energy and intensity need to know about the person."""

    weight_kg: float
    age_years: float
    resting_hr_bpm: float | None
    max_hr_bpm: float
    max_hr_measured: bool
    vo2max: float | None
    easy_speed_m_per_s: float
    vdot: float | None = None

    def daniels_speed(self, band: str) -> float:
        """Speed of a Daniels pace band (E, M, T, I) at this person's VDOT [m/s]."""
        if self.vdot is None:
            raise ValueError("no VDOT: Daniels paces need a race result")
        return float(daniels_training_speed_m_per_s(self.vdot, DANIELS_PACE_FRACTIONS[band]))

    def training_paces(self) -> dict[str, float]:
        """Daniels E, M, T and I paces [s/km]; empty without a race result."""
        if self.vdot is None:
            return {}
        return {band: 1000.0 / self.daniels_speed(band) for band in DANIELS_PACE_FRACTIONS}


def person_factors(person: Person, experience: str) -> PersonFactors:
    """Collect the person's figures used for every session."""
    max_hr = person.max_hr_bpm if person.max_hr_bpm is not None \
        else float(tanaka_hrmax(person.age_years))
    vdot: float | None = None
    if person.race is not None:
        vdot = float(daniels_vdot(person.race.distance_m, person.race.time_s))
        speed = float(daniels_training_speed_m_per_s(vdot, DANIELS_PACE_FRACTIONS["E"]))
    elif person.vo2max_ml_per_kg_min is not None:
        v = float(acsm_running_speed_for_vo2(EASY_VO2MAX_FRACTION
                                             * person.vo2max_ml_per_kg_min)) / 60.0
        speed = min(max(v, 1.8), 4.5)
    else:
        speed = EASY_SPEED_M_PER_S[experience]
    return PersonFactors(person.weight_kg, person.age_years, person.resting_hr_bpm, max_hr,
                         person.max_hr_bpm is not None, person.vo2max_ml_per_kg_min, speed,
                         vdot)


def intensity_for(kind: SessionKind, f: PersonFactors) -> Intensity:
    """Intensity target of a session kind for this person."""
    lo, hi, rpe_lo, rpe_hi, note = ZONES[kind]
    if kind == "strength":
        return Intensity(rpe_lo, rpe_hi, note=note)
    if f.resting_hr_bpm is not None:
        hr_lo = float(karvonen_target_hr(f.resting_hr_bpm, f.max_hr_bpm, lo))
        hr_hi = float(karvonen_target_hr(f.resting_hr_bpm, f.max_hr_bpm, hi))
        how = "Karvonen %HRR"
    else:
        # Without resting HR: %HRmax ranges equivalent to the HRR zones (≈ +10 points).
        hr_lo, hr_hi = f.max_hr_bpm * min(lo + 0.10, 0.97), f.max_hr_bpm * min(hi + 0.05, 1.0)
        how = "%HRmax"
    src = "measured HRmax" if f.max_hr_measured else "Tanaka HRmax"
    pace = None
    pace_note = ""
    if f.vdot is not None and kind in DANIELS_PACE_FOR_KIND:
        band = DANIELS_PACE_FOR_KIND[kind]
        pace = 1000.0 / f.daniels_speed(band)
        what = "hard bouts at " if kind == "hiit" else ""
        pace_note = f"; {what}Daniels {band} pace {format_pace(pace)} (VDOT {f.vdot:.1f})"
    elif kind in ("easy", "long", "run_walk"):
        pace = 1000.0 / f.easy_speed_m_per_s
    return Intensity(rpe_lo, rpe_hi, round(hr_lo), round(hr_hi), pace,
                     f"{note} ({how}, {src} {f.max_hr_bpm:.0f} bpm{pace_note})")


def _running_kcal(speed_m_per_s: float, minutes: float, weight_kg: float,
                  net: bool) -> float:
    """ACSM running energy at a speed for some minutes [kcal]."""
    return float(vo2_to_kcal(acsm_running_vo2(speed_m_per_s * 60.0, net=net), weight_kg,
                             minutes))


def session_energy(spec: SessionSpec, f: PersonFactors) -> tuple[float, float, float]:
    """(net, gross, EPOC) energy of a session for this person [kcal]."""
    w = f.weight_kg
    run_speed = f.easy_speed_m_per_s * 60.0
    interval = False
    if spec.kind in ("easy", "long", "run_walk"):
        walk_min = spec.duration_min - spec.running_min
        gross = float(vo2_to_kcal(acsm_running_vo2(run_speed), w, spec.running_min)) \
            + float(vo2_to_kcal(acsm_walking_vo2(WALK_SPEED_M_PER_MIN), w, walk_min))
        net = float(vo2_to_kcal(acsm_running_vo2(run_speed, net=True), w, spec.running_min)) \
            + float(vo2_to_kcal(acsm_walking_vo2(WALK_SPEED_M_PER_MIN, net=True), w,
                                walk_min))
        aerobic_max = f.vo2max or f.vdot
        p = (float(acsm_running_vo2(run_speed)) / aerobic_max if aerobic_max
             else DEFAULT_EPOC_INTENSITY[spec.kind])
    elif spec.kind == "hiit" and f.vdot is not None:
        # Hard bouts at I pace, warm-up, recoveries and cool-down at E pace (ACSM running).
        hard = min(HIIT_BOUT_MIN * (spec.hiit_reps or 0), spec.duration_min)
        v_i, v_e = f.daniels_speed("I"), f.easy_speed_m_per_s
        gross = _running_kcal(v_i, hard, w, False) + \
            _running_kcal(v_e, spec.duration_min - hard, w, False)
        net = _running_kcal(v_i, hard, w, True) + \
            _running_kcal(v_e, spec.duration_min - hard, w, True)
        p = DANIELS_PACE_FRACTIONS["I"]
        interval = True
    else:
        if spec.kind == "strength":
            met = compendium_met(STRENGTH_MET_CODE)
        else:
            mode = "hiit" if spec.kind == "hiit" else spec.sport
            met, _code = activity_met(mode, MET_LEVEL[spec.kind])  # type: ignore[arg-type]
        gross = float(met_kcal(met, w, spec.duration_min))
        net = float(met_kcal(met, w, spec.duration_min, net=True))
        p = DEFAULT_EPOC_INTENSITY[spec.kind]
        interval = spec.kind == "hiit"
    epoc = float(epoc_kcal(net, p, interval))
    return net, gross, epoc


def habitual_running_kcal_per_day(weekly_running_min: float, f: PersonFactors) -> float:
    """Energy of the person's usual running, as easy running at their easy speed [kcal/day].

    Net + EPOC, like every session's deficit energy (EPOC is proportional to net energy, so
    one week-long easy "session" gives the same total as the runs it stands for).
    """
    if weekly_running_min <= 0:
        return 0.0
    spec = SessionSpec(dt.date(2000, 1, 1), 0, "easy", "running", weekly_running_min,
                       weekly_running_min, 0, False)
    net, _gross, epoc = session_energy(spec, f)
    return (net + epoc) / 7.0


def describe(spec: SessionSpec) -> str:
    """What to do: a short title, then (after a colon) the details.

    The title (up to the first colon, :attr:`runlean.domain.Session.title`) is what tables
    and calendar summaries show; reports and files keep the whole text.
    """
    d = f"{spec.duration_min:g} min"
    if spec.kind == "run_walk":
        run, walk = spec.run_interval_min or 1.0, spec.walk_interval_min or 1.0
        reps = spec.duration_min / (run + walk)
        return (f"Run-walk {d}, {run:g} min run / {walk:g} min walk: about {reps:.0f} rounds "
                f"of {run:g} min easy running and {walk:g} min brisk walking")
    if spec.kind == "hiit":
        return (f"Intervals {d}, {spec.hiit_reps} × 1 min hard: 10 min easy warm-up, "
                f"{spec.hiit_reps} × (1 min hard / 2 min easy jog), easy cool-down")
    if spec.kind == "long":
        return f"Long easy run {d}"
    if spec.kind == "easy":
        return f"Easy run {d}"
    if spec.kind == "strength":
        return (f"Strength {d}, whole body + legs: " + ", ".join(STRENGTH_MENU)
                + "; 2-3 sets of 8-12 reps, stop 2-3 reps short of failure")
    return f"{spec.sport.capitalize()} {d}, steady and easy"


def session_uid(plan_key: str, spec: SessionSpec) -> str:
    """Stable UID: a hash of the plan's identity, the date and the slot (RFC 5545 UID)."""
    digest = hashlib.sha1(f"{plan_key}|{spec.date.isoformat()}|{spec.slot}".encode())
    return f"{digest.hexdigest()}@runlean"


def make_sessions(calendar: Calendar, person: Person, experience: str,
                  plan_key: str) -> list[Session]:
    """Attach intensity, energy, explanation and UID to every scheduled session."""
    f = person_factors(person, experience)
    out: list[Session] = []
    for spec in calendar.sessions:
        net, gross, epoc = session_energy(spec, f)
        out.append(Session(
            date=spec.date, slot=spec.slot, kind=spec.kind, sport=spec.sport,
            duration_min=spec.duration_min, running_min=spec.running_min,
            intensity=intensity_for(spec.kind, f), net_kcal=net, gross_kcal=gross,
            epoc_kcal=epoc, why=WHY[spec.kind], description=describe(spec),
            uid=session_uid(plan_key, spec), week=spec.week, deload=spec.deload))
    return out
