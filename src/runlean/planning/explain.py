"""The evidence behind a plan, answered with this person's own numbers.

Each item answers one question people ask about running for fat loss (spot reduction, the
energy cost of running, the after-burn, muscle and resting metabolism, "toning", diet versus
exercise, strength training, sleep and stress, steady running versus intervals, progression
and lighter weeks, cross-training, what to eat, and how fast). The answer is computed from
the plan (its projections and sessions) and from the published equations in
:mod:`runlean.science`; the sources are public papers (author, year, journal).

Every figure in an answer is computed here from the plan or from an equation; figures from
the literature are quoted with their source. Masses and distances follow ``units``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from runlean.domain import Plan, Session
from runlean.planning import policy
from runlean.planning.sessions import STRENGTH_LEVELS
from runlean.science.compendium import activity_met
from runlean.science.exercise import acsm_running_vo2, acsm_walking_vo2, met_kcal, vo2_to_kcal
from runlean.science.lean_modifiers import SLEEP_FULL_HOURS, sleep_multiplier
from runlean.science.metabolism import elia_tissue_rates
from runlean.science.regional_fat import K_LEG_ALLOMETRIC
from runlean.units import KG_PER_LB, KM_PER_MILE, UnitSystem

#: Running kinds of session (intervals included) and the kinds that make the weekly volume.
RUNNING_KINDS = ("easy", "long", "run_walk", "hiit")
#: Two running speeds [km/h] (metric) and [mph] (imperial) used to show how speed and
#: duration change the energy of a run: a slow jog and a steady run. 8 km/h is about the
#: slowest speed the ACSM running equation covers (134 m/min; jogging from 80 m/min).
EXAMPLE_SPEEDS = {"metric": (8.0, 10.0), "imperial": (5.0, 6.0)}
#: Duration of the example runs [min].
EXAMPLE_MINUTES = 30.0
#: A brisk walk for the cost-per-distance comparison [km/h] (ACSM walking equation).
BRISK_WALK_KM_PER_H = 5.0
#: Length of the example cross-training and run sessions when the plan has none [min].
EXAMPLE_CROSS_MINUTES = 45.0
#: Cross-training mode shown when the plan has no cross-training session.
EXAMPLE_CROSS_MODE = "cycling"


@dataclass(frozen=True)
class _Fmt:
    """Formats masses and distances in the chosen unit system."""

    units: UnitSystem

    @property
    def imperial(self) -> bool:
        return self.units == "imperial"

    def mass(self, kg: float, digits: int = 1) -> str:
        value = kg / KG_PER_LB if self.imperial else kg
        return f"{value:.{digits}f} {'lb' if self.imperial else 'kg'}"

    @property
    def dist_unit(self) -> str:
        return "mile" if self.imperial else "km"

    @property
    def km_per_unit(self) -> float:
        return KM_PER_MILE if self.imperial else 1.0

    @property
    def speed_unit(self) -> str:
        return "mph" if self.imperial else "km/h"

    def dist(self, km: float) -> str:
        value = km / self.km_per_unit
        return f"{value:.1f} {'mi' if self.imperial else 'km'}"


@dataclass(frozen=True)
class _View:
    """The figures of a plan every answer draws on."""

    plan: Plan
    fmt: _Fmt
    day: int

    def at(self, column: str, scenario: str = "plan", day: int | None = None) -> float:
        return float(self.plan.projection[scenario][column][self.day if day is None else day])

    def start(self, column: str) -> float:
        return float(self.plan.projection["plan"][column][0])

    @property
    def weeks(self) -> float:
        return self.day / 7.0

    @property
    def weight0(self) -> float:
        return self.start("weight_kg")


def _change(kg: float, fmt: _Fmt, lose: str = "lose", gain: str = "gain") -> str:
    """"lose 3.2 kg" for a positive loss, "gain 0.4 kg" for a negative one."""
    if abs(kg) < 0.05:
        return f"keep the same ({fmt.mass(0.0)} change)"
    return f"{lose if kg > 0 else gain} {fmt.mass(abs(kg))}"


def _delta(kg: float, fmt: _Fmt) -> str:
    """"falls by 1.2 kg" for a negative change, "rises by 0.3 kg" for a positive one."""
    if abs(kg) < 0.05:
        return "stays about the same"
    return f"{'rises' if kg > 0 else 'falls'} by {fmt.mass(abs(kg))}"


def _first(sessions: Iterable[Session], kinds: tuple[str, ...],
           near_min: float | None = None) -> Session | None:
    """A typical session of the first kind present: a normal (not lighter) week's first,
    or the one closest in length to ``near_min``."""
    sessions = list(sessions)
    for kind in kinds:
        pool = [s for s in sessions if s.kind == kind and not s.deload] \
            or [s for s in sessions if s.kind == kind]
        if not pool:
            continue
        if near_min is None:
            return pool[0]
        return min(pool, key=lambda s: (abs(s.duration_min - near_min), s.date))
    return None


def _session_text(s: Session) -> str:
    """"your 30-min easy run adds 283 kcal (253 + 30 after-burn)"-style figures."""
    return (f"{s.duration_min:.0f}-min {_KIND_NAMES[s.kind]} adds {s.deficit_kcal:.0f} kcal "
            f"({s.net_kcal:.0f} kcal during it + {s.epoc_kcal:.0f} kcal after-burn, "
            f"{100 * s.epoc_kcal / s.net_kcal:.0f} %)")


_KIND_NAMES = {"easy": "easy run", "long": "long run", "run_walk": "run-walk session",
               "hiit": "interval session", "strength": "strength session",
               "cross": "cross-training session", "walk": "brisk walk"}


def _weekly_minutes(sessions: Iterable[Session], kinds: tuple[str, ...]) -> dict[int, float]:
    """Minutes of the given kinds per plan week (running minutes for running kinds)."""
    out: dict[int, float] = defaultdict(float)
    for s in sessions:
        if s.kind in kinds:
            out[s.week] += s.running_min if s.kind in RUNNING_KINDS else s.duration_min
    return dict(out)


# --------------------------------------------------------------------------------------------
# The questions
# --------------------------------------------------------------------------------------------

def _spot_reduction(v: _View) -> dict[str, str]:
    f = v.fmt
    fat0, fat1 = v.start("fat_kg"), v.at("fat_kg")
    legs0 = v.start("leg_fat_kg")
    legs_prop, legs_slow = v.at("leg_fat_kg"), v.at("leg_fat_kg_allometric")
    measured = v.plan.person.regional_fat is not None
    return {
        "topic": "spot_reduction",
        "question": "Can running burn fat off my legs (spot reduction)?",
        "answer": (
            "No. Training one part of the body does not take fat from that part: in a "
            "12-week trial, a leg trained with 960-1200 repetitions a session lost no fat "
            "while the arms lost 10 %; six weeks of abdominal exercises five days a week did "
            "not reduce belly fat or the waist; after 12 weeks of training one arm, the fat "
            "under the skin of the trained and untrained arm had changed alike. Fat is "
            "drawn from the whole body, so leg fat falls with total fat. Your plan takes "
            f"total fat from {f.mass(fat0)} to {f.mass(fat1)} "
            f"({100 * (fat0 - fat1) / fat0:.0f} % less); your leg fat "
            f"({'measured' if measured else 'estimated'}) goes from "
            f"{f.mass(legs0)} to between {f.mass(legs_prop)} (in proportion to total fat) and "
            f"{f.mass(legs_slow)} (the slower rule, exponent {K_LEG_ALLOMETRIC:g}, seen in a "
            "one-year lifestyle programme where hip and thigh fat fell a little less than the "
            f"rest): {f.mass(legs0 - legs_slow)} to {f.mass(legs0 - legs_prop)} less. "
            "Running helps your legs through the whole-body energy deficit it adds, and it "
            "keeps leg muscle."),
        "sources": (
            "Ramírez-Campillo 2013, J Strength Cond Res; Vispute 2011, J Strength Cond Res; "
            "Kostek 2007, Med Sci Sports Exerc; Ramírez-Campillo 2022, Hum Mov (meta-analysis "
            "of 13 studies); Treuth 1994, J Appl Physiol"),
    }


def _run_kcal(speed_km_h: float, weight_kg: float, minutes: float, net: bool = True) -> float:
    """ACSM running energy [kcal] at a speed for some minutes."""
    return float(vo2_to_kcal(acsm_running_vo2(speed_km_h * 1000.0 / 60.0, net=net),
                             weight_kg, minutes))


def _running_cost(v: _View) -> dict[str, str]:
    f = v.fmt
    w = v.weight0
    w_goal = v.at("weight_kg")
    # Per distance: the minutes to cover one unit of distance at any speed.
    slow, fast = EXAMPLE_SPEEDS[f.units]
    slow_kmh, fast_kmh = slow * f.km_per_unit, fast * f.km_per_unit
    per_unit = _run_kcal(slow_kmh, w, 60.0 * f.km_per_unit / slow_kmh)
    per_unit_goal = _run_kcal(slow_kmh, w_goal, 60.0 * f.km_per_unit / slow_kmh)
    t = EXAMPLE_MINUTES
    slow_net, fast_net = _run_kcal(slow_kmh, w, t), _run_kcal(fast_kmh, w, t)
    slow_gross = _run_kcal(slow_kmh, w, t, net=False)
    walk_speed = BRISK_WALK_KM_PER_H * 1000.0 / 60.0
    walk_per_unit = float(vo2_to_kcal(acsm_walking_vo2(walk_speed, net=True), w,
                                      1000.0 * f.km_per_unit / walk_speed))
    ex = v.plan.targets["exercise_kcal_per_day"]
    if f.imperial:
        rule = f"about {per_unit / (w / KG_PER_LB):.2f} kcal per lb per mile, 1 kcal per kg per km"
        walk_text = f"{BRISK_WALK_KM_PER_H / KM_PER_MILE:.1f} mph"
    else:
        rule = "about 1 kcal per kg per km"
        walk_text = f"{BRISK_WALK_KM_PER_H:g} km/h"
    return {
        "topic": "running_cost",
        "question": "How many calories does running burn?",
        "answer": (
            "It depends on your weight and the distance (so the time), hardly on speed. "
            f"At your {f.mass(w, 0)}, running costs about {per_unit:.0f} kcal per "
            f"{f.dist_unit} above what you burn at rest, at any speed ({rule}). "
            f"{t:.0f} minutes at {slow:g} {f.speed_unit} "
            f"({f.dist(slow_kmh * t / 60)}) cost about {slow_net:.0f} kcal, at {fast:g} "
            f"{f.speed_unit} ({f.dist(fast_kmh * t / 60)}) about {fast_net:.0f} kcal: the "
            "faster run covers more ground. Watches and apps often show a gross figure, "
            f"which adds the resting energy you would burn anyway ({slow_gross:.0f} kcal for "
            f"the slower run). Weight matters: at your goal weight the same {f.dist_unit} costs "
            f"about {per_unit_goal:.0f} kcal. A brisk walk at {walk_text} "
            f"costs about {walk_per_unit:.0f} kcal per {f.dist_unit}, half as much per "
            f"distance. Your plan's training adds {ex:.0f} kcal a day on average "
            "(including the after-burn)."),
        "sources": (
            "ACSM's Guidelines for Exercise Testing and Prescription (metabolic equations); "
            "Hall C 2004, Med Sci Sports Exerc (the running equation against measured energy "
            "over 1600 m)"),
    }


def _epoc(v: _View) -> dict[str, str]:
    sessions = v.plan.sessions
    easy = _first(sessions, ("easy", "long", "run_walk", "walk"))
    hiit = _first(sessions, ("hiit",))
    parts = []
    if easy is not None:
        parts.append(f"your {_session_text(easy)}")
    if hiit is not None:
        parts.append(f"your {_session_text(hiit)}")
    total_net = sum(s.net_kcal for s in sessions)
    total_epoc = sum(s.epoc_kcal for s in sessions)
    t = v.plan.targets
    daily_deficit = t["dietary_deficit_kcal_per_day"] + t["exercise_credited_kcal_per_day"]
    epoc_day = total_epoc / max(v.day, 1)
    mine = ("In your plan " + " and ".join(parts) + ". " if parts else "")
    if total_net > 0:
        mine += (f"Over the whole plan the after-burn adds {total_epoc:.0f} kcal, "
                 f"{100 * total_epoc / total_net:.0f} % of the training's energy, about "
                 f"{epoc_day:.0f} kcal a day")
        if daily_deficit > 0:
            mine += f" against a daily deficit of {daily_deficit:.0f} kcal"
        mine += ". "
    return {
        "topic": "epoc",
        "question": "How big is the after-burn (EPOC)?",
        "answer": (
            "Small. After exercise your body uses extra oxygen for some hours, more after "
            "harder and longer sessions, but measured amounts are modest: about 35 kcal after "
            "30 minutes at 70 % of maximal oxygen uptake and about 75 kcal after twenty 1-minute "
            "sprints (7 % and 14 % of the exercise's energy); about 70 kcal after 80 minutes at "
            "70 %. " + mine + "Count on the session itself, not the after-burn, and do not eat "
            "more for it."),
        "sources": (
            "LaForgia 1997, J Appl Physiol; Bahr 1987, J Appl Physiol; LaForgia, Withers & "
            "Gore 2006, J Sports Sci; Børsheim & Bahr 2003, Sports Med; Panissa 2021, Obes Rev"),
    }


def _muscle_vs_fat(v: _View) -> dict[str, str]:
    f = v.fmt
    age = v.plan.person.age_years
    rates = elia_tissue_rates(age)
    muscle, adipose = rates["skeletal_muscle"], rates["adipose"]
    fat_lost = v.start("fat_kg") - v.at("fat_kg")
    kept = v.at("fat_free_kg") - v.at("fat_free_kg", "plan_no_strength")
    per_lb = muscle * KG_PER_LB
    older = (f" (after 50, as for you, {muscle:g} and {adipose:g})"
             if rates != elia_tissue_rates(30.0) else "")
    unit = KG_PER_LB if f.imperial else 1.0
    text = (
        "Yes, but far less than often claimed. At rest a kg of skeletal muscle burns about 13 "
        f"kcal a day and a kg of fat tissue about 4.5{older}: swapping {f.mass(unit, 0)} of "
        f"fat for the same mass of muscle adds about {(muscle - adipose) * unit:.1f} kcal a "
        f"day, and a pound of muscle burns about {per_lb:.0f} kcal a day, not the popular 50. "
        "For you: "
        f"losing {f.mass(fat_lost)} of fat lowers your resting burn by only about "
        f"{adipose * fat_lost:.0f} kcal a day")
    if kept > 0.05:
        text += (f"; the {f.mass(kept)} of fat-free mass your strength sessions keep (against "
                 "the plan without them) would keep at most "
                 f"{muscle * kept:.0f} kcal a day, even if all of it were muscle")
    text += (f". Your whole resting metabolism is about "
             f"{v.plan.baseline['rmr_kcal_per_day']:.0f} kcal a day. Keep muscle for strength, "
             "shape and health; its calories are a bonus.")
    return {
        "topic": "muscle_vs_fat",
        "question": "Does muscle burn more calories than fat?",
        "answer": text,
        "sources": ("Elia 1992, in Energy Metabolism (Kinney & Tucker, eds), Raven Press; "
                    "Wang 2010, Am J Clin Nutr"),
    }


def _toning(v: _View) -> dict[str, str]:
    f = v.fmt
    w0, w1 = v.weight0, v.at("weight_kg")
    fat0, fat1 = v.start("fat_kg"), v.at("fat_kg")
    ffm0 = v.start("fat_free_kg")
    ffm_plan = ffm0 - v.at("fat_free_kg")
    ffm_no = ffm0 - v.at("fat_free_kg", "plan_no_strength")
    lost = w0 - w1
    share = (f" ({100 * (fat0 - fat1) / lost:.0f} % of the weight you lose)"
             if lost > 0.1 else "")
    return {
        "topic": "toning",
        "question": "What does 'toning' mean?",
        "answer": (
            "There is no separate toning process: a toned look is less fat over muscle you "
            "keep. Both come from this plan: the deficit removes fat, strength training and "
            f"protein keep muscle. Your body fat goes from {100 * fat0 / w0:.1f} % to "
            f"{100 * fat1 / w1:.1f} %: you {_change(fat0 - fat1, f)} of fat{share}, and "
            f"fat-free mass {_delta(-ffm_plan, f)} (it {_delta(-ffm_no, f)} without the "
            "strength sessions). Part of any fat-free loss is glycogen and water, which "
            "come back when you eat normally again."),
        "sources": ("Forbes 1987, Nutr Rev; Hall 2007, Br J Nutr; Weinheimer 2010, Nutr Rev; "
                    "Longland 2016, Am J Clin Nutr"),
    }


def _diet_first(v: _View) -> dict[str, str]:
    f = v.fmt
    t = v.plan.targets
    w0 = v.weight0
    plan_loss = w0 - v.at("weight_kg")
    diet_loss = w0 - v.at("weight_kg", "diet_only")
    run_loss = w0 - v.at("weight_kg", "running_only")
    share = (f" ({100 * run_loss / plan_loss:.0f} % of the plan's loss)"
             if plan_loss > 0.1 and run_loss > 0 else "")
    ex, credited = t["exercise_kcal_per_day"], t["exercise_credited_kcal_per_day"]
    now = t.get("current_training_kcal_per_day", 0.0)
    if credited >= 0.5:
        credit = (f"adds {ex:.0f} kcal a day on average"
                  + (f" ({now:.0f} of it the training you already do)" if now >= 0.5 else "")
                  + f"; of the new part the projection counts {credited:.0f}: people tend to "
                  "eat part of it back or move less the rest of the day (by a wide margin "
                  "between people)")
    else:
        credit = (f"costs {ex:.0f} kcal a day on average, no more than the {now:.0f} kcal of "
                  "the training you already do, so the projection adds nothing for it")
    return {
        "topic": "diet_first",
        "question": "Why change what I eat instead of just running more?",
        "answer": (
            "Because eating less moves the energy balance more than training can. With your "
            f"plan you eat {t['dietary_deficit_kcal_per_day']:.0f} kcal a day less "
            f"than the {t['baseline_expenditure_kcal_per_day']:.0f} kcal you burn now, and the "
            f"training {credit}. By your goal date "
            f"({v.weeks:.0f} weeks): diet change alone, {_change(diet_loss, f)}; running "
            f"alone without eating less, {_change(run_loss, f)}{share}; the plan, both "
            f"together, {_change(plan_loss, f)}. Training still matters: it keeps muscle and "
            "fitness and helps keep the weight off afterwards."),
        "sources": (
            "Jensen 2014, Circulation (AHA/ACC/TOS guideline); Donnelly 2009, Med Sci Sports "
            "Exerc; Riou 2015, Nutrients; Flack 2018, J Appl Physiol; Hall 2011, Lancet (the "
            "model behind the projections)"),
    }


def _strength(v: _View) -> dict[str, str]:
    f = v.fmt
    sessions = [s for s in v.plan.sessions if s.kind == "strength"]
    ffm0 = v.start("fat_free_kg")
    ffm_plan = ffm0 - v.at("fat_free_kg")
    ffm_no = ffm0 - v.at("fat_free_kg", "plan_no_strength")
    if sessions:
        starts = []
        for level in sorted(STRENGTH_LEVELS):
            sets = STRENGTH_LEVELS[level][0]
            first = next((s for s in sessions if sets in s.description), None)
            if first is not None:
                starts.append(f"{sets} from week {first.week}")
        mine = (
            f"Your plan has {len(sessions)} strength sessions "
            f"({len(sessions) / max(v.weeks, 1.0):.1f} a week): by the goal date your "
            f"fat-free mass {_delta(-ffm_plan, f)} with them and {_delta(-ffm_no, f)} without "
            "(same food). The load progresses: "
            + "; ".join(starts) + ", adding 2-5 % load when the reps come easily, and lighter "
            "in the easier weeks.")
    else:
        mine = ("Your plan has no strength sessions (none asked for, or no free time left for "
                "them), so its projection gives no lean-mass credit for them; two sessions a "
                "week of 20-45 minutes would add it.")
    return {
        "topic": "strength",
        "question": "Why strength training?",
        "answer": (
            "To keep muscle while you lose fat. In a deficit the body also takes lean tissue; "
            "in trials, adding resistance training to a diet kept most of the lean mass the "
            f"diet alone lost ({f.mass(0.8)} more in older adults with obesity), and with high "
            "protein young men even gained lean mass in a steep deficit. " + mine
            + " Squats, lunges and calf raises keep leg muscle; they do not burn leg fat "
            "specifically."),
        "sources": ("Sardeli 2018, Nutrients; Weinheimer 2010, Nutr Rev; Longland 2016, Am J "
                    "Clin Nutr; Ratamess 2009, Med Sci Sports Exerc (ACSM progression models)"),
    }


def _sleep_stress(v: _View) -> dict[str, str]:
    f = v.fmt
    sleep = v.plan.habits.sleep_hours
    m = float(sleep_multiplier(sleep))
    if sleep >= SLEEP_FULL_HOURS:
        mine = (f"You sleep {sleep:g} h, so your projection uses no short-sleep penalty.")
    else:
        mine = (f"You sleep {sleep:g} h, under {SLEEP_FULL_HOURS:g}: your projection counts "
                f"{100 * (m - 1):.0f} % more of your loss as lean tissue than at "
                f"{SLEEP_FULL_HOURS:g} h or more. Sleeping longer would shift it back to fat.")
    return {
        "topic": "sleep_stress",
        "question": "Do sleep and stress matter?",
        "answer": (
            "Yes. Adults need 7-9 hours a night (7-8 from 65). In a controlled 14-day diet, "
            "people who slept 5.5 h instead of 8.5 h lost the same weight but 55 % less fat "
            "and 60 % more fat-free mass; cutting sleep by about an hour on five nights a week "
            "for 8 weeks also made less of the loss fat. " + mine + " Stress works through "
            "behaviour: in a programme of 472 adults, those with the highest stress and under "
            f"6 hours of sleep were about half as likely to lose {f.mass(4.5)}. runlean does "
            "not model stress in the projection; plan easier weeks when life is hard."),
        "sources": ("Hirshkowitz 2015, Sleep Health; Watson 2015, Sleep; Nedeltcheva 2010, "
                    "Ann Intern Med; Wang X 2018, Sleep; Elder 2012, Int J Obes"),
    }


def _liss_vs_hiit(v: _View) -> dict[str, str]:
    sessions = v.plan.sessions
    hiit = _first(sessions, ("hiit",))
    if hiit is not None:
        easy = _first(sessions, ("easy", "long"), near_min=hiit.duration_min)
        mine = (f"Your {_session_text(hiit)}, "
                f"{hiit.deficit_kcal / hiit.duration_min:.1f} kcal a minute")
        if easy is not None:
            mine += (f"; your {_session_text(easy)}, "
                     f"{easy.deficit_kcal / easy.duration_min:.1f} kcal a minute")
        n = sum(1 for s in sessions if s.kind == "hiit")
        mine += (f". The plan has {n} interval sessions, at most "
                 f"{policy.MAX_HIIT_PER_WEEK} a week and never on consecutive days, because "
                 "they take longer to recover from.")
    else:
        mine = ("Your plan has no interval sessions yet: they come once you can run "
                f"{policy.CONTINUOUS_MIN_FOR_HIIT:.0f} minutes continuously (and, with a known "
                "heart, metabolic or kidney disease or symptoms, only after medical "
                "clearance). Until then steady running and walking do the same job for fat loss.")
    return {
        "topic": "liss_vs_hiit",
        "question": "Steady running or intervals (HIIT)?",
        "answer": (
            "For fat loss, either: trials comparing them in people with overweight found the "
            "same fat loss per week; intervals take about 40 % less time, their after-burn "
            "adds only tens of kcal, and they are harder to recover from. Choose by time, "
            "enjoyment and how your body copes. " + mine + " (A 2019 meta-analysis that "
            "favoured intervals, Viana 2019, was retracted in 2020 and is not used here.)"),
        "sources": ("Wewege 2017, Obes Rev; Keating 2017, Obes Rev; Steele 2021, Sports; "
                    "Panissa 2021, Obes Rev"),
    }


def _progression(v: _View) -> dict[str, str]:
    sessions = v.plan.sessions
    running = _weekly_minutes(sessions, RUNNING_KINDS)
    walking = _weekly_minutes(sessions, ("walk",))
    total = _weekly_minutes(sessions, (*RUNNING_KINDS, "walk", "strength", "cross"))
    parts: list[str] = []
    walk_weeks = sorted(w for w, m in walking.items() if m > 0 and running.get(w, 0.0) == 0)
    if walk_weeks:
        parts.append(
            f"Weeks {walk_weeks[0]}-{walk_weeks[-1]} are brisk walking, the low-impact start "
            f"advised with a BMI of {policy.SEVERE_OBESITY_BMI:.0f} or "
            "more, before any running.")
    run_walk = [s for s in sessions if s.kind == "run_walk"]
    continuous = next((s for s in sessions if s.kind in ("easy", "long")
                       and s.running_min >= 30.0), None)
    if run_walk:
        first = run_walk[0]
        text = (f"Running starts as run-walk in week {first.week} ({first.running_min:.0f} of "
                f"{first.duration_min:.0f} min running)")
        if continuous is not None:
            text += (f" and reaches a continuous {continuous.running_min:.0f}-minute run in "
                     f"week {continuous.week}")
        parts.append(text + "; the run:walk ratio never goes backwards.")
    weeks = sorted(running)
    if weeks:
        w1 = weeks[0]
        peak = max(weeks, key=lambda w: running[w])
        if running[peak] > running[w1] + 0.5:
            volume = (f"Weekly running goes from {running[w1]:.0f} min in week {w1} to "
                      f"{running[peak]:.0f} min at its most (week {peak})")
        else:
            volume = (f"Weekly running stays at about {running[w1]:.0f} min from week {w1}, "
                      "what you can already do")
        parts.append(
            volume + "; runners with a base add at "
            f"most about {100 * policy.MAX_WEEKLY_INCREASE:.0f} % a week and no run longer "
            f"than {100 * policy.MAX_SINGLE_RUN_RATIO:.0f} % of the longest of the last "
            f"{policy.SINGLE_RUN_LOOKBACK_DAYS} days.")
    deloads = sorted({s.week for s in sessions if s.deload})
    if deloads:
        # The last lighter week with a week before it: the steady pattern, past any start-up.
        d = max((w for w in deloads if w - 1 in total), default=deloads[0])
        shown = ", ".join(str(w) for w in deloads[:6]) + (", ..." if len(deloads) > 6 else "")
        before = total.get(d - 1)
        ratio = (f": {total[d]:.0f} min of training in week {d} against {before:.0f} in week "
                 f"{d - 1}" if before else "")
        parts.append(
            f"Every {policy.DELOAD_EVERY_WEEKS}th week is lighter (weeks {shown}){ratio}: "
            "lighter weeks let the body absorb the training (tapers that cut volume by "
            "41-60 % improved performance), and the next week resumes where you were.")
    return {
        "topic": "progression",
        "question": "How does the plan progress, and why the easier weeks?",
        "answer": (
            "Steadily, as the evidence on running injuries suggests: in 532 new runners a "
            "13-week graded programme had no fewer injuries than an 8-week one, and the "
            "popular 10 %-a-week rule showed no protective effect; single runs much longer "
            "than the longest of the previous month did raise the injury risk. "
            + " ".join(parts)),
        "sources": ("Buist 2008, Am J Sports Med; Nielsen 2014, J Orthop Sports Phys Ther; "
                    "Frandsen 2025, Br J Sports Med; Bosquet 2007, Med Sci Sports Exerc "
                    "(tapering); Riebe 2015, Med Sci Sports Exerc (ACSM pre-exercise "
                    "screening)"),
    }


def _cross_training(v: _View) -> dict[str, str]:
    f = v.fmt
    sessions = v.plan.sessions
    cross = [s for s in sessions if s.kind == "cross"]
    w = v.weight0
    if cross:
        c = cross[0]
        mine = (f"Your plan has {len(cross)} cross-training sessions; a "
                f"{c.duration_min:.0f}-min {c.sport} session adds {c.deficit_kcal:.0f} kcal.")
    else:
        met, _code = activity_met(EXAMPLE_CROSS_MODE, "moderate")
        kcal = float(met_kcal(met, w, EXAMPLE_CROSS_MINUTES, net=True))
        mine = (f"Your plan has none; {EXAMPLE_CROSS_MINUTES:.0f} minutes of moderate "
                f"{EXAMPLE_CROSS_MODE} ({met:g} MET in the Compendium) would add about "
                f"{kcal:.0f} kcal at your weight. Ask for it (cycling, swimming, elliptical or "
                "rowing) on a free day.")
    return {
        "topic": "cross_training",
        "question": "Does cross-training count?",
        "answer": (
            "Yes, for the energy deficit: cycling, swimming, rowing or the elliptical burn "
            "energy without running's impact on joints and tendons. For running fitness they "
            "carry over about half: runners who "
            f"added swimming improved a {f.dist(3.2)} time trial by 13 s, those who added "
            "running by 26 s. " + mine),
        "sources": "Foster 1995, Eur J Appl Physiol; Herrmann 2024, J Sport Health Sci "
                   "(Compendium of Physical Activities)",
    }


def _carbohydrate_by_day(t: dict[str, float]) -> str:
    """Carbohydrate and energy by the kinds of day the plan has (rest, easy, hard)."""
    days = []
    if t.get("rest_days_per_week", 1.0) > 0:
        days.append(("rest days", "rest"))
    days.append(("easy training days", "easy"))
    if t.get("hard_days_per_week", 1.0) > 0:
        days.append(("long-run and interval days", "hard"))
    carbs = [t[f"carbohydrate_g_{key}_day"] for _name, key in days]
    if max(carbs) - min(carbs) < 0.5:
        return (f"Carbohydrate {carbs[0]:.0f} g and {t['intake_kcal_per_day']:.0f} kcal every "
                "day (your plan has no long-run or interval days to fuel yet)")
    names = ", ".join(f"{t[f'carbohydrate_g_{key}_day']:.0f} g on {name}" for name, key in days)
    kcal = ", ".join(f"{t[f'intake_kcal_{key}_day']:.0f} kcal on {name}" for name, key in days)
    return f"Carbohydrate follows the training: {names}; so you eat {kcal}"


def _nutrition(v: _View) -> dict[str, str]:
    f = v.fmt
    t = v.plan.targets
    long_sessions = [s for s in v.plan.sessions if s.fuelling]
    lo, hi = policy.FUELLING_G_PER_HOUR
    ref_kg = t["protein_reference_weight_kg"]
    ref = ("your weight" if ref_kg >= v.weight0 - 1e-6
           else f"a reference weight of {f.mass(ref_kg, 0)}, your weight at a BMI of "
                f"{policy.PROTEIN_REFERENCE_BMI:g}")
    text = (
        f"Protein {t['protein_g_per_day']:.0f} g a day "
        f"({t['protein_g_per_kg_reference_weight']:.1f} g per kg of "
        f"{ref}), "
        f"spread over 3-4 meals of about {t['protein_g_per_day'] / 4:.0f} g: it keeps muscle in "
        f"a deficit. {_carbohydrate_by_day(t)}, never below "
        f"{t['min_day_intake_kcal']:.0f} kcal on any day. Fat {t['fat_g_per_day']:.0f} g "
        f"({t['fat_energy_pct']:.0f} % of energy; not below "
        f"{100 * policy.FAT_MIN_ENERGY_FRACTION:.0f} %). ")
    if t.get("athlete_carbohydrate_band_applies", 0.0) > 0.5:
        text += (f"The sports-nutrition band for your training load is "
                 f"{t['acsm_carbohydrate_band_low_g_per_kg']:g}-"
                 f"{t['acsm_carbohydrate_band_high_g_per_kg']:g} g per kg a day; in a deficit "
                 "stay near its low end except around hard sessions. ")
    if long_sessions:
        text += (f"{len(long_sessions)} of your sessions last {policy.FUELLING_FROM_MIN:g} min "
                 f"or more: take {lo:g}-{hi:g} g of carbohydrate an hour during them.")
    else:
        text += (f"None of your sessions lasts {policy.FUELLING_FROM_MIN:g} min, so water is "
                 "enough during them; no sports drinks needed.")
    return {
        "topic": "nutrition",
        "question": "What should I eat as a runner losing fat?",
        "answer": text,
        "sources": ("Thomas, Erdman & Burke 2016, Med Sci Sports Exerc (ACSM/AND/DC position "
                    "stand); Jäger 2017, J Int Soc Sports Nutr; Longland 2016, Am J Clin Nutr; "
                    "Jensen 2014, Circulation"),
    }


def _patience(v: _View) -> dict[str, str]:
    f = v.fmt
    s = v.plan.safety
    p = v.plan.projection["plan"]
    w0, w1 = v.weight0, v.at("weight_kg")
    k = min(28, v.day)
    early = w0 - float(p["weight_kg"][k])
    water = ((w0 - float(p["tissue_kg"][0]))
             - (float(p["weight_kg"][k]) - float(p["tissue_kg"][k])))
    text = (
        f"Your plan takes {v.weeks:.0f} weeks: {f.mass((w0 - w1) / max(v.weeks, 1e-9), 2)} a "
        f"week on average, {s['weekly_loss_pct']:.2f} % of your weight (your limit is "
        f"{s['max_weekly_loss_pct']:.1f} %). Faster loss costs more muscle: athletes losing "
        "0.7 % a week kept more lean mass than at 1.4 %. ")
    if k >= 7 and water > 0.05:
        first = f"first {k // 7} weeks" if k >= 14 else "first week"
        text += (f"The {first} look faster: of the {f.mass(early)} lost, about "
                 f"{f.mass(water)} is glycogen and its water, not fat. ")
    text += ("From day to day, water and food in the gut hide the trend, so judge it over "
             "weeks. ")
    after = min(v.day + 28, len(p["weight_kg"]) - 1)
    rise = float(p["weight_kg"][after]) - w1
    if rise > 0.05:
        text += (f"After the goal, eating at maintenance puts back about {f.mass(rise)} of "
                 "glycogen and water on the scale, not fat. ")
    if v.plan.population == "overweight" and (w0 - w1) > 0.10 * w0:
        text += (f"A first goal of 5-10 % ({f.mass(0.05 * w0, 0)}-{f.mass(0.10 * w0, 0)}) "
                 "already brings most of the health benefit.")
    return {
        "topic": "patience",
        "question": "How fast will it go, and why not faster?",
        "answer": text.strip(),
        "sources": ("Garthe 2011, Int J Sport Nutr Exerc Metab; Helms 2014, J Int Soc Sports "
                    "Nutr; NHLBI 1998 clinical guidelines; Jensen 2014, Circulation; Kreitzman "
                    "1992, Am J Clin Nutr (glycogen and water)"),
    }


#: The questions in the order of the article they answer.
QUESTIONS: tuple[Callable[[_View], dict[str, str]], ...] = (
    _spot_reduction, _running_cost, _epoc, _muscle_vs_fat, _toning, _diet_first, _strength,
    _sleep_stress, _liss_vs_hiit, _progression, _cross_training, _nutrition, _patience)


def evidence(plan: Plan, units: UnitSystem = "metric") -> list[dict[str, str]]:
    """Question-and-answer evidence items for a plan, with this person's numbers.

    Parameters
    ----------
    plan
        A complete plan (projections, sessions, targets and safety figures filled in).
    units
        ``"metric"`` (kg, km) or ``"imperial"`` (lb, miles) for masses and distances.

    Returns
    -------
    One dict per question: ``topic`` (a stable identifier), ``question``, ``answer`` and
    ``sources`` (public references: author, year, journal).
    """
    view = _View(plan, _Fmt(units), (plan.goal_date - plan.start_date).days)
    return [q(view) for q in QUESTIONS]
