"""Session energy and intensity for one person: turns a calendar into dated sessions.

Energy by the session's structure (ACSM metabolic equations; Compendium 2024 METs for
strength and cross-training): continuous runs at the easy speed; run-walk sessions as their
running at the easy speed plus their walking breaks at a brisk walk; interval sessions as
warm-up and cool-down at the easy speed, the hard bouts at interval pace (Daniels I) and the
recoveries jogged at the easy speed or walked; brisk-walk sessions at a brisk walk. Net energy
excludes resting metabolism (gross − 3.5 ml/kg/min, or MET − 1), because resting energy is
already in the daily budget.

EPOC (after-burn) is a fraction of each part's net energy that rises with its intensity on the
Daniels scale (fraction of VDOT/VO2max): easy running at Daniels E pace, interval bouts and
their recoveries at I pace (see :func:`epoc_for`). Easy runs come to about 5-7 % of their net
energy and interval sessions to at most about 15 %, as measured (LaForgia et al. 1997, J Appl
Physiol 82:661: 7.1 % after 30 min at 70 % VO2max, 13.8 % after 1-min intervals at 105 %;
Bahr et al. 1987, J Appl Physiol 62:485; Børsheim & Bahr 2003, Sports Med 33:1037).

Intensity: RPE (Foster CR-10) always; a heart-rate range by the Karvonen heart-rate-reserve
method when a resting heart rate is known (maximal heart rate measured, else Tanaka
208 − 0.7·age), else a %HRmax range.

Paces: when a race result is known, its Daniels VDOT sets the paces (easy, long and run-walk
running at E = 0.70 VDOT, interval bouts at I = 0.98 VDOT). Without a race result the easy
speed comes from VO2max (65 % of it) or from experience, and an effective VDOT is inferred
from it (easy pace taken as E pace) for the interval pace.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from runlean.domain import Intensity, Person, Session, SessionKind
from runlean.planning import policy
from runlean.planning.training import Calendar, SessionSpec
from runlean.science.compendium import activity_met, compendium_met
from runlean.science.exercise import (
    acsm_running_speed_for_vo2,
    acsm_running_vo2,
    acsm_walking_vo2,
    laforgia_1997_epoc_kcal,
    met_kcal,
    vo2_to_kcal,
)
from runlean.science.running import (
    DANIELS_PACE_FRACTIONS,
    daniels_speed_for_vo2,
    daniels_training_speed_m_per_s,
    daniels_vdot,
    daniels_vo2,
    karvonen_target_hr,
    tanaka_hrmax,
)
from runlean.units import format_pace

#: Easy running speed assumed by experience when VO2max is unknown [m/s].
EASY_SPEED_M_PER_S = {"none": 2.0, "beginner": 2.2, "intermediate": 2.7, "advanced": 3.1}
#: Easy running is prescribed at this fraction of VO2max when VO2max is known.
EASY_VO2MAX_FRACTION = 0.65
#: Walking breaks of run-walk sessions and recoveries: a brisk 5 km/h [m/min].
WALK_SPEED_M_PER_MIN = 5000.0 / 60.0
#: Intensity [fraction of VO2max] of non-running sessions for EPOC (strength: moderate
#: resistance work; cross-training at an easy, steady effort; walking).
NON_RUNNING_EPOC_INTENSITY: dict[SessionKind, float] = {
    "strength": 0.50, "cross": 0.55, "walk": 0.45}
#: Daniels pace of each running kind (hard bouts for intervals).
DANIELS_PACE_FOR_KIND: dict[SessionKind, str] = {
    "easy": "E", "long": "E", "run_walk": "E", "hiit": "I"}
#: Compendium effort level of cross-training.
CROSS_MET_LEVEL = "moderate"
#: Compendium 2024 code of the strength session: "resistance (weight) training, multiple
#: exercises, 8-15 repetitions at varied resistance", 3.5 MET. The session is exactly that
#: (7 exercises, 2-3 sets, rests between sets). Not 02052 (squats/deadlift only, 5.0 MET) nor
#: 02050 (power lifting or body building, vigorous, 6.0 MET): a 45-min whole-body session is
#: mostly rest between sets, and those rows would overstate its energy by 60-100 %.
STRENGTH_MET_CODE = "02054"
#: Target zones as fractions of heart-rate reserve (Karvonen) and RPE (CR-10) per kind.
ZONES: dict[SessionKind, tuple[float, float, float, float, str]] = {
    "easy": (0.60, 0.70, 3, 4, "zone 2, conversational"),
    "long": (0.60, 0.70, 3, 4, "zone 2, conversational"),
    "run_walk": (0.55, 0.70, 3, 4, "easy; walk breaks brisk"),
    "hiit": (0.85, 0.95, 7, 8, "hard bouts zone 4-5; recoveries easy"),
    "strength": (0.0, 0.0, 6, 7, "2-3 reps in reserve per set"),
    "cross": (0.60, 0.70, 3, 4, "zone 2, steady"),
    "walk": (0.40, 0.55, 3, 4, "brisk: you can talk, not sing"),
}
#: Resistance-exercise menu (whole body with dedicated leg work).
STRENGTH_MENU = ("squats", "reverse lunges", "Romanian deadlifts", "calf raises",
                 "push-ups", "rows", "plank")
#: Strength progression by level (Ratamess et al. 2009, ACSM position stand on progression
#: models in resistance training, Med Sci Sports Exerc 41:687): sets, reps, effort, cue.
STRENGTH_LEVELS: dict[int, tuple[str, str]] = {
    1: ("2 sets of 12-15 reps, light", "learn the movements; stop well short of failure"),
    2: ("3 sets of 10-12 reps", "add 2-5 % load when you can do 2 reps more than 12 in the "
                                "last set two sessions running"),
    3: ("3 sets of 6-10 reps, heavier", "add 2-5 % load when you can do 2 reps more than 10 "
                                        "in the last set two sessions running"),
}

WHY: dict[SessionKind, str] = {
    "easy": "Easy aerobic running adds to the energy deficit at low injury risk and builds the "
            "base (HIIT and steady running lose fat equally per week: Wewege 2017, Obes Rev; "
            "Steele 2021, Sports).",
    "long": "The weekly long run is the largest single energy cost of the week; it grows at "
            "most 10 % over your longest run of the last 30 days (Frandsen 2025, Br J Sports "
            "Med).",
    "run_walk": "Run-walk lets a new runner build running time safely; the graded programme "
                "reaches 30 minutes of continuous running in 9-13 weeks (Buist 2008, Am J "
                "Sports Med).",
    "hiit": "Intervals give the same fat loss as steady running in less time; the extra "
            "after-burn (EPOC) is only tens of kcal (Panissa 2021, Obes Rev; LaForgia 2006, "
            "J Sports Sci).",
    "strength": "Strength training keeps lean mass during a deficit, including leg muscle "
                "(Weinheimer 2010, Nutr Rev; Sardeli 2018, Nutrients). It does not "
                "spot-reduce leg fat.",
    "cross": "Low-impact cross-training adds energy expenditure without running impact "
             "(about half the running benefit for performance: Foster 1995, Eur J Appl "
             "Physiol).",
    "walk": "Brisk walking first: it adds to the deficit with little impact while joints, "
            "tendons and heart get used to regular activity (Riebe 2015, Med Sci Sports "
            "Exerc: start light to moderate and progress gradually).",
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

    @property
    def effective_vdot(self) -> float:
        """VDOT from a race, else inferred from the easy speed (taken as Daniels E pace)."""
        if self.vdot is not None:
            return self.vdot
        return float(daniels_vo2(self.easy_speed_m_per_s * 60.0)) / DANIELS_PACE_FRACTIONS["E"]

    def daniels_speed(self, band: str) -> float:
        """Speed of a Daniels pace band (E, M, T, I) at this person's VDOT [m/s]."""
        if self.vdot is None:
            raise ValueError("no VDOT: Daniels paces need a race result")
        return float(daniels_training_speed_m_per_s(self.vdot, DANIELS_PACE_FRACTIONS[band]))

    @property
    def interval_speed_m_per_s(self) -> float:
        """Speed of the hard bouts: Daniels I pace of the (effective) VDOT [m/s]."""
        vo2 = DANIELS_PACE_FRACTIONS["I"] * self.effective_vdot
        return float(daniels_speed_for_vo2(vo2)) / 60.0

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
    if kind == "hiit":
        pace = 1000.0 / f.interval_speed_m_per_s
        how_i = (f"Daniels I pace, VDOT {f.vdot:.1f}" if f.vdot is not None
                 else "Daniels I pace from your easy pace")
        pace_note = f"; hard bouts at {format_pace(pace)} ({how_i})"
    elif f.vdot is not None and kind in DANIELS_PACE_FOR_KIND:
        pace = 1000.0 / f.daniels_speed("E")
        pace_note = f"; Daniels E pace {format_pace(pace)} (VDOT {f.vdot:.1f})"
    elif kind in ("easy", "long", "run_walk"):
        pace = 1000.0 / f.easy_speed_m_per_s
    elif kind == "walk":
        pace = 60000.0 / WALK_SPEED_M_PER_MIN
    return Intensity(rpe_lo, rpe_hi, round(hr_lo), round(hr_hi), pace,
                     f"{note} ({how}, {src} {f.max_hr_bpm:.0f} bpm{pace_note})")


def _run_kcal(speed_m_per_s: float, minutes: float, weight_kg: float, net: bool) -> float:
    """ACSM running energy at a speed for some minutes [kcal]."""
    return float(vo2_to_kcal(acsm_running_vo2(speed_m_per_s * 60.0, net=net), weight_kg,
                             minutes))


def _walk_kcal(minutes: float, weight_kg: float, net: bool) -> float:
    """ACSM walking energy at a brisk 5 km/h for some minutes [kcal]."""
    return float(vo2_to_kcal(acsm_walking_vo2(WALK_SPEED_M_PER_MIN, net=net), weight_kg,
                             minutes))


def epoc_for(net_kcal: float, daniels_fraction: float, interval: bool = False) -> float:
    """EPOC of a part of a session [kcal] from its net energy and Daniels intensity.

    The after-burn fraction rises with intensity on the Daniels scale, fitted to LaForgia et
    al. 1997 (:func:`runlean.science.exercise.laforgia_1997_epoc_kcal`).
    """
    return float(laforgia_1997_epoc_kcal(net_kcal, daniels_fraction, interval))


@dataclass(frozen=True)
class _Part:
    """One part of a session: minutes at a speed (None: walking) or a Daniels intensity."""

    minutes: float
    speed_m_per_s: float | None
    daniels_fraction: float
    interval: bool = False


def _parts(spec: SessionSpec, f: PersonFactors) -> list[_Part]:
    """The running and walking parts of a running or walking session."""
    easy, e = f.easy_speed_m_per_s, DANIELS_PACE_FRACTIONS["E"]
    walk_p = NON_RUNNING_EPOC_INTENSITY["walk"]
    if spec.kind in ("easy", "long"):
        return [_Part(spec.running_min, easy, e)]
    if spec.kind == "run_walk":
        return [_Part(spec.running_min, easy, e),
                _Part(spec.duration_min - spec.running_min, None, walk_p)]
    if spec.kind == "walk":
        return [_Part(spec.duration_min, None, walk_p)]
    # Intervals: warm-up and cool-down easy; bouts at I pace; recoveries jogged or walked.
    reps = spec.hiit_reps or 0
    i = DANIELS_PACE_FRACTIONS["I"]
    recovery_speed = easy if spec.recovery == "jog" else None
    return [_Part(spec.warmup_min + spec.cooldown_min, easy, e),
            _Part(reps * spec.work_min, f.interval_speed_m_per_s, i, True),
            _Part(reps * spec.recovery_min, recovery_speed, i, True)]


def session_energy(spec: SessionSpec, f: PersonFactors) -> tuple[float, float, float]:
    """(net, gross, EPOC) energy of a session for this person [kcal]."""
    w = f.weight_kg
    if spec.kind in ("strength", "cross"):
        if spec.kind == "strength":
            met = compendium_met(STRENGTH_MET_CODE)
        else:
            met, _code = activity_met(spec.sport, CROSS_MET_LEVEL)  # type: ignore[arg-type]
        net = float(met_kcal(met, w, spec.duration_min, net=True))
        gross = float(met_kcal(met, w, spec.duration_min))
        return net, gross, epoc_for(net, NON_RUNNING_EPOC_INTENSITY[spec.kind])
    net = gross = epoc = 0.0
    for part in _parts(spec, f):
        if part.minutes <= 0:
            continue
        if part.speed_m_per_s is None:
            n, g = _walk_kcal(part.minutes, w, True), _walk_kcal(part.minutes, w, False)
        else:
            n = _run_kcal(part.speed_m_per_s, part.minutes, w, True)
            g = _run_kcal(part.speed_m_per_s, part.minutes, w, False)
        net += n
        gross += g
        epoc += epoc_for(n, part.daniels_fraction, part.interval)
    return net, gross, epoc


def session_distance_m(spec: SessionSpec, f: PersonFactors) -> float | None:
    """Planned distance of a running or walking session [m] (None for strength/cross)."""
    if spec.kind in ("strength", "cross"):
        return None
    return sum(p.minutes * 60.0 * (p.speed_m_per_s if p.speed_m_per_s is not None
                                   else WALK_SPEED_M_PER_MIN / 60.0)
               for p in _parts(spec, f) if p.minutes > 0)


def fuelling_advice(spec: SessionSpec) -> str:
    """Carbohydrate during a long session, or "" (Thomas, Erdman & Burke 2016)."""
    if spec.kind in ("strength",) or spec.duration_min < policy.FUELLING_FROM_MIN:
        return ""
    lo, hi = policy.FUELLING_G_PER_HOUR
    return (f"Over {policy.FUELLING_FROM_MIN:g} min: take {lo:g}-{hi:g} g of carbohydrate per "
            "hour (a sports drink, gel or banana) from about 45 min in, and drink to thirst "
            "(Thomas 2016, Med Sci Sports Exerc).")


def describe(spec: SessionSpec) -> str:
    """What to do: a short title, then (after a colon) the details.

    The title (up to the first colon, :attr:`runlean.domain.Session.title`) is what tables
    and calendar summaries show; reports and files keep the whole text.
    """
    d = f"{spec.duration_min:g} min"
    if spec.kind == "run_walk":
        run, walk = spec.run_interval_min or 1.0, spec.walk_interval_min or 1.0
        return (f"Run-walk {d}, {run:g} min run / {walk:g} min walk: repeat {run:g} min of "
                f"easy running and {walk:g} min of brisk walking for {d} "
                f"({spec.running_min:g} min of running)")
    if spec.kind == "hiit":
        rec = "easy jog" if spec.recovery == "jog" else "walk"
        return (f"Intervals {d}, {spec.hiit_reps} × {spec.work_min:g} min hard: "
                f"{spec.warmup_min:g} min easy warm-up, {spec.hiit_reps} × ({spec.work_min:g} "
                f"min hard / {spec.recovery_min:g} min {rec}), {spec.cooldown_min:g} min easy "
                "cool-down")
    if spec.kind == "long":
        return f"Long easy run {d}"
    if spec.kind == "easy":
        return f"Easy run {d}"
    if spec.kind == "walk":
        return f"Brisk walk {d}: a pace at which you can talk but not sing"
    if spec.kind == "strength":
        sets, cue = STRENGTH_LEVELS[max(spec.strength_level, 1)]
        if spec.deload:
            sets, cue = "2 sets, lighter than last week", "a lighter week to recover"
        return (f"Strength {d}, whole body + legs: " + ", ".join(STRENGTH_MENU)
                + f"; {sets}; {cue}")
    return f"{spec.sport.capitalize()} {d}, steady and easy"


def session_uid(plan_key: str, spec: SessionSpec) -> str:
    """Stable UID: a hash of the plan's identity, the date and the slot (RFC 5545 UID)."""
    digest = hashlib.sha1(f"{plan_key}|{spec.date.isoformat()}|{spec.slot}".encode())
    return f"{digest.hexdigest()}@runlean"


def make_sessions(calendar: Calendar, f: PersonFactors, plan_key: str) -> list[Session]:
    """Attach intensity, energy, distance, explanation and UID to every scheduled session."""
    out: list[Session] = []
    for spec in calendar.sessions:
        net, gross, epoc = session_energy(spec, f)
        out.append(Session(
            date=spec.date, slot=spec.slot, kind=spec.kind, sport=spec.sport,
            duration_min=spec.duration_min, running_min=spec.running_min,
            intensity=intensity_for(spec.kind, f), net_kcal=net, gross_kcal=gross,
            epoc_kcal=epoc, why=WHY[spec.kind], description=describe(spec),
            uid=session_uid(plan_key, spec), week=spec.week, deload=spec.deload,
            distance_m=session_distance_m(spec, f), fuelling=fuelling_advice(spec),
            hard_min=(spec.hiit_reps or 0) * spec.work_min if spec.kind == "hiit" else 0.0))
    return out
