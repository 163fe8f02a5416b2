"""Every safety and training rule of runlean, once, with its source.

Planning (the plan) and tracking (status, weekly check-in) read their rules here; nothing else
holds a threshold. Each constant names its source; ``[P]`` marks runlean's own documented
choice where the sources give a range or a principle rather than a number.

**Who a rule is for.** Guidelines differ by population, so a person is first classified
(:func:`classify`):

* *athlete*: lean (body fat below 15 % for men, 25 % for women) or training about 5 hours a
  week or more. Rules from sports nutrition: energy availability at least 30 kcal per kg
  fat-free mass (warning below 45), loss at most 0.7 % of body weight a week when lean and 1 %
  otherwise, and the screening questions for relative energy deficiency in sport (REDs) as
  warnings (Mountjoy et al. 2023, Br J Sports Med 57:1073; Helms et al. 2014, J Int Soc Sports
  Nutr 11:20; Garthe et al. 2011, Int J Sport Nutr Exerc Metab 21:97).
* *non-athlete with overweight or obesity* (BMI ≥ 25): a dietary deficit of 500–750 kcal/day
  (default 600) below the expenditure before the plan, the plan's activity on top; intake at
  least 1200 kcal (women) / 1500 kcal (men); loss at most 1 % of body weight and 1 kg a week;
  a first goal of 5–10 % of body weight in about six months when the target is larger; protein
  1.2–1.6 g per kg of a reference weight (Jensen et al. 2014, AHA/ACC/TOS guideline,
  Circulation 129:S102; NICE CG189, 2014; Donnelly et al. 2009, ACSM position stand, Med Sci
  Sports Exerc 41:459; NHLBI 1998 clinical guidelines).
* *non-athlete with a healthy weight* (BMI < 25): dietary deficit at most 500 kcal/day, loss at
  most 0.7 % a week, the same intake floors.

For everyone: no one under 18, no goal below a BMI of 18.5 (WHO), no goal below an
essential-fat floor, never an intake below 800 kcal/day (a very-low-calorie diet needs medical
supervision: NHLBI 1998), a pre-exercise screening (Riebe et al. 2015, ACSM, Med Sci Sports
Exerc 47:2473; PAR-Q+), and a caution from age 75.

**Training.** Beginners follow a graded run-walk programme to 30 minutes of continuous running
in 9–13 weeks (Buist et al. 2008, Am J Sports Med 36:33: a 13-week graded programme had no
fewer injuries than an 8-week one); runners with a base progress at most 10 % a week (a
habit with little cost, no proven benefit: Buist 2008; Nielsen et al. 2014, J Orthop Sports
Phys Ther 44:739) and no single run longer than 110 % of the longest of the previous 30 days
(Frandsen et al. 2025, Br J Sports Med 59:1203); a deload week every 4th week at 60 % of the
week before (Bosquet et al. 2007, Med Sci Sports Exerc 39:1358: tapers cutting volume by
41–60 %); at most 2 interval sessions a week; load on the 42/7-day CTL/ATL scale with an
acute:chronic warning above 1.5 (Gabbett 2016, Br J Sports Med 50:273; shown as information
only: Impellizzeri et al. 2020).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from runlean.errors import UnsafeGoalError

Population = Literal["athlete", "overweight", "healthy_weight"]

# --------------------------------------------------------------------------------------------
# Everyone
# --------------------------------------------------------------------------------------------

#: No fat-loss plans for people under 18: growing bodies need a doctor's or dietitian's advice.
MIN_AGE_YEARS = 18.0
#: From this age a plan carries a caution: Mifflin-St Jeor was derived on people aged 19-78
#: (Mifflin et al. 1990, Am J Clin Nutr 51:241) and Tanaka's HRmax on 18-81 years (Tanaka et
#: al. 2001, J Am Coll Cardiol 37:153).
CAUTION_AGE_YEARS = 75.0
#: No goal ending below this BMI [kg/m²]: the WHO underweight threshold.
MIN_BMI = 18.5
#: Lowest body fat a goal may end at [%]: essential fat is about 3 % (men) and 12 % (women) of
#: body mass (ACSM's Guidelines for Exercise Testing and Prescription; McArdle, Katch & Katch,
#: Exercise Physiology), plus 2 points for the ±3-4 point error of body-fat estimates [P].
MIN_BODY_FAT_PCT = {"male": 5.0, "female": 14.0}
#: Never an intake below this [kcal/day]: below it a diet is a very-low-calorie diet, which
#: needs medical supervision (NHLBI 1998 clinical guidelines).
ABSOLUTE_MIN_INTAKE_KCAL = 800.0
#: Intake floors [kcal/day]: the lower ends of the low-calorie diets of the AHA/ACC/TOS
#: guideline, 1200-1500 kcal/day for women and 1500-1800 kcal/day for men (Jensen et al.
#: 2014); NHLBI 1998 gives 1000-1200 (women) and 1200-1600 (men). Every day of a plan respects
#: them, rest days included.
MIN_INTAKE_KCAL = {"male": 1500.0, "female": 1200.0}

# --------------------------------------------------------------------------------------------
# Populations
# --------------------------------------------------------------------------------------------

#: Below this body fat a person counts as lean, and so an athlete [%] (issue of the IOC REDs
#: consensus: lean exercisers; the loss-rate evidence of Helms 2014 and Garthe 2011 is from
#: lean athletes).
ATHLETE_BODY_FAT_PCT = {"male": 15.0, "female": 25.0}
#: From this much training a week a person counts as an athlete [h/week] (about an hour a
#: day on five days: the "moderate" training load of Thomas, Erdman & Burke 2016 [P]).
ATHLETE_TRAINING_HOURS_PER_WEEK = 5.0
#: Overweight from this BMI [kg/m²] (WHO).
OVERWEIGHT_BMI = 25.0
#: Class II obesity from this BMI [kg/m²] (WHO): medical clearance recommended before
#: vigorous exercise and a walking-first, low-impact start.
SEVERE_OBESITY_BMI = 35.0

#: Energy availability floor for athletes [kcal per kg fat-free mass per day] (below 30 is
#: "low", the threshold of the REDs model: Mountjoy et al. 2023; Loucks).
MIN_ENERGY_AVAILABILITY = 30.0
#: Energy availability below this [kcal/kg FFM/day] gets a warning (45 is "optimal":
#: Mountjoy et al. 2023; Thomas, Erdman & Burke 2016).
ENERGY_AVAILABILITY_WARNING = 45.0

#: Largest weekly loss [fraction of body weight per week] by population. Athletes: 1 %, and
#: 0.7 % when lean (Helms 2014: 0.5-1 %/week; Garthe 2011: 0.7 %/week kept more lean mass
#: than 1.4 %/week). Overweight: 1 % (and at most 1 kg, :data:`MAX_WEEKLY_LOSS_KG`; NHLBI 1998:
#: 0.5-1 kg/week). Healthy weight: 0.7 % (the lean rate of Garthe 2011).
MAX_WEEKLY_LOSS_FRACTION = {"athlete": 0.010, "overweight": 0.010, "healthy_weight": 0.007}
MAX_WEEKLY_LOSS_FRACTION_LEAN_ATHLETE = 0.007
#: Largest weekly loss for people with overweight [kg/week] (NHLBI 1998: 1-2 lb a week).
MAX_WEEKLY_LOSS_KG = 1.0

#: Dietary deficit below the expenditure before the plan [kcal/day]: (lowest, default,
#: highest). Overweight: 500-750, default 600 (Jensen 2014: 500-750; NICE CG189: 600).
#: Healthy weight: up to 500, default 500 [P]. Athletes: none; their plan is set by the rate
#: of loss (:data:`ATHLETE_DEFAULT_WEEKLY_LOSS_FRACTION`) within energy availability.
DIETARY_DEFICIT_KCAL: dict[Population, tuple[float, float, float] | None] = {
    "athlete": None,
    "overweight": (500.0, 600.0, 750.0),
    "healthy_weight": (0.0, 500.0, 500.0),
}
#: Pace of an athlete's plan without a date [fraction of body weight per week]: the lower end
#: of Helms 2014's 0.5-1 %/week.
ATHLETE_DEFAULT_WEEKLY_LOSS_FRACTION = 0.005

#: A first goal for people with overweight: 5-10 % of body weight in about 6 months (NHLBI
#: 1998: 10 % in about 6 months; Jensen 2014: 5-10 %). A larger target gets this suggestion.
FIRST_GOAL_PERCENT = (5.0, 10.0)
FIRST_GOAL_FRACTION = (FIRST_GOAL_PERCENT[0] / 100.0, FIRST_GOAL_PERCENT[1] / 100.0)
FIRST_GOAL_MONTHS = 6

#: Protein in a deficit [g per kg per day], by population. Non-athletes: 1.2-1.6 g per kg of a
#: reference weight (the weight at BMI 25 when heavier; :data:`PROTEIN_REFERENCE_BMI`)
#: (Jensen 2014 asks for an adequate-protein diet; ACSM/AND/DC 2016: 1.2-2.0 g/kg).
#: Athletes: 1.8-2.2 g/kg (Helms 2014; Jäger et al. 2017, ISSN, J Int Soc Sports Nutr 14:20),
#: 2.3-3.1 g per kg lean mass when lean and resistance-trained (Helms 2014).
PROTEIN_G_PER_KG: dict[Population, tuple[float, float]] = {
    "athlete": (1.8, 2.2),
    "overweight": (1.2, 1.6),
    "healthy_weight": (1.2, 1.6),
}
PROTEIN_LEAN_RESISTANCE_TRAINED_G_PER_KG_LBM = (2.3, 3.1)
#: Protein is dosed on the weight at this BMI when a person is heavier [kg/m²]: clinical
#: guidelines dose protein on an ideal rather than actual weight in obesity (McClave et al.
#: 2016, ASPEN/SCCM, JPEN 40:159) [P: BMI 25 as the reference].
PROTEIN_REFERENCE_BMI = 25.0
#: Resistance sessions a week from which a person counts as resistance-trained for protein.
RESISTANCE_TRAINED_SESSIONS = 2

#: Carbohydrate bands by the day's training load apply to athletes only (Thomas, Erdman &
#: Burke 2016 were written for athletes); other people get carbohydrate as the rest of the
#: energy after protein and fat, with extra on long-run and interval days.
ATHLETE_CARBOHYDRATE_BANDS: dict[Population, bool] = {
    "athlete": True, "overweight": False, "healthy_weight": False}
#: Fat [fraction of energy]: 25 % by default, never below 20 % (ACSM/AND/DC 2016: 20-35 %).
FAT_ENERGY_FRACTION = 0.25
FAT_MIN_ENERGY_FRACTION = 0.20
#: Fuelling during runs [g carbohydrate per hour] for runs of this length or more [min]:
#: 30-60 g/h for sessions of 1-2.5 h (Thomas, Erdman & Burke 2016).
FUELLING_G_PER_HOUR = (30.0, 60.0)
FUELLING_FROM_MIN = 75.0

# --------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------

#: Weekly running time rises by at most this fraction over the last build week, for runners
#: with a base (Buist 2008; Nielsen 2014: no protective effect shown, kept as a cheap habit).
MAX_WEEKLY_INCREASE = 0.10
#: No single run longer than this × the longest run of the previous 30 days (Frandsen 2025).
MAX_SINGLE_RUN_RATIO = 1.10
SINGLE_RUN_LOOKBACK_DAYS = 30
#: Every Nth week is a deload week (3 build : 1 deload) [P] (Bell et al. 2022, Front Sports
#: Act Living: deloads every 4-6 weeks in practice).
DELOAD_EVERY_WEEKS = 4
#: A deload week keeps this fraction of the week before (−40 %; Bosquet 2007: tapers that cut
#: volume by 41-60 % worked best). Deloads shorten sessions; a run-walk ratio is kept.
DELOAD_VOLUME_FRACTION = 0.60
#: At most this many interval sessions a week, never on consecutive days [P].
MAX_HIIT_PER_WEEK = 2
#: Intervals only once the person can run this long continuously [min]; from here on a person
#: trains as a runner with a base (continuous runs, the 10 % and 110 % rules) rather than in
#: the run-walk programme.
CONTINUOUS_MIN_FOR_HIIT = 20.0
#: At most this many hard days (intervals, long run, leg strength) in a row.
MAX_CONSECUTIVE_HARD_DAYS = 2
#: At least this many days a week without any session for anyone in a deficit.
MIN_REST_DAYS_PER_WEEK = 1
#: Beginners: weekly run days at most (more is capped with a warning) [P].
MAX_BEGINNER_RUN_DAYS = 4
#: Graded run-walk programme: weeks to 30 min of continuous running (Buist 2008: graded
#: programmes of 9-13 weeks), 10 by default, 13 when BMI ≥ 35 or age ≥ 60 [P].
RUN_WALK_WEEKS = 10
RUN_WALK_WEEKS_SLOW = 13
RUN_WALK_GOAL_CONTINUOUS_MIN = 30.0
SLOW_PROGRESSION_AGE_YEARS = 60.0
#: People with BMI ≥ 35 walk first: this many weeks of brisk walking (and low-impact
#: cross-training) before run-walk [P] (Riebe 2015: start light to moderate).
WALK_FIRST_WEEKS = 3

#: Training load: CTL and ATL time constants [days] (the 42/7-day convention of the
#: performance-management chart; Banister fitness-fatigue model, physiology of Morton et al.
#: 1990, J Appl Physiol 69:1171).
TAU_CTL_DAYS = 42.0
TAU_ATL_DAYS = 7.0
#: Acute:chronic workload ratio above which a warning is shown (Gabbett 2016 "danger zone"
#: ≥ 1.5; information only, not a validated injury threshold).
ACWR_WARNING = 1.5

# --------------------------------------------------------------------------------------------
# Weekly check-in (tracking)
# --------------------------------------------------------------------------------------------

#: Losing faster than the population's cap raises intake to aim at this rate [%/week] [P]:
#: the middle of Helms 2014's 0.5-1 %/week.
CHECKIN_RECOVERY_LOSS_PCT_PER_WEEK = 0.75
#: Form (TSB) below this fraction of fitness (CTL) calls for a deload [P] (the fatigue side of
#: the Banister model; a convention of training-load software, not a validated threshold).
CHECKIN_TSB_DELOAD_FRACTION_OF_CTL = -0.30
#: Fewer than this share of planned sessions done: hold the volume [P].
CHECKIN_MIN_ADHERENCE = 0.75


# --------------------------------------------------------------------------------------------
# Classification and the rules of a population
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The safety rules of one person's population, as numbers.

    ``dietary_deficit_kcal`` is ``(lowest, default, highest)`` for non-athletes and ``None``
    for athletes; ``min_energy_availability`` is ``None`` for non-athletes (the rule is for
    athletes); ``max_weekly_loss_kg`` is ``None`` where only the fraction applies.
    """

    population: Population
    lean: bool
    max_weekly_loss_fraction: float
    max_weekly_loss_kg: float | None
    min_intake_kcal: float
    min_energy_availability: float | None
    energy_availability_warning: float | None
    dietary_deficit_kcal: tuple[float, float, float] | None
    protein_g_per_kg: tuple[float, float]
    athlete_carbohydrate_bands: bool

    def max_weekly_loss(self, weight_kg: float) -> float:
        """Largest loss in a week starting at ``weight_kg`` [fraction of that weight]."""
        cap = self.max_weekly_loss_fraction
        if self.max_weekly_loss_kg is not None:
            cap = min(cap, self.max_weekly_loss_kg / weight_kg)
        return cap

    def describe(self) -> str:
        """The rules in one sentence, with their sources (shown in the plan's assumptions)."""
        rate = f"at most {100 * self.max_weekly_loss_fraction:.1f} % of body weight a week"
        if self.max_weekly_loss_kg is not None:
            rate += f" and {self.max_weekly_loss_kg:g} kg"
        floor = f"intake at least {self.min_intake_kcal:.0f} kcal every day"
        band = self.dietary_deficit_kcal
        if self.population == "athlete" or band is None:
            return (f"Rules for athletes (lean or training about 5 h a week or more): {rate}, "
                    f"{floor}, energy availability at least {self.min_energy_availability:g} "
                    f"kcal per kg fat-free mass (warning below "
                    f"{self.energy_availability_warning:g}) (Mountjoy 2023, Br J Sports Med; "
                    "Helms 2014, J Int Soc Sports Nutr; Garthe 2011).")
        lo, default, hi = band
        if self.population == "overweight":
            return (f"Rules for adults with overweight or obesity: a dietary deficit of "
                    f"{lo:.0f}-{hi:.0f} kcal/day (default {default:.0f}) below what you burn "
                    f"now, your training on top, {rate}, {floor} (Jensen 2014, Circulation; "
                    "NICE CG189 2014; Donnelly 2009, Med Sci Sports Exerc; NHLBI 1998).")
        return (f"Rules for adults with a healthy weight: a dietary deficit of at most "
                f"{hi:.0f} kcal/day, {rate}, {floor} (Garthe 2011; NHLBI 1998).")


def athlete_default_weeks(weight_kg: float, loss_kg: float) -> int:
    """Weeks an athlete's plan without a date takes: the loss at 0.5 % of weight a week."""
    return max(1, math.ceil(loss_kg / (ATHLETE_DEFAULT_WEEKLY_LOSS_FRACTION * weight_kg) - 1e-9))


def slow_progression(bmi: float, age_years: float) -> bool:
    """The slower run-walk programme (13 weeks): BMI of 35 or more, or age 60 or more."""
    return bmi >= SEVERE_OBESITY_BMI or age_years >= SLOW_PROGRESSION_AGE_YEARS


def first_goal_suggestion(weight_kg: float, loss_kg: float) -> str | None:
    """For people with overweight aiming at more than 10 % of their weight: a first goal."""
    lo, hi = FIRST_GOAL_FRACTION
    if loss_kg <= hi * weight_kg:
        return None
    return (f"Your goal is {100 * loss_kg / weight_kg:.0f} % of your weight. Guidelines "
            f"suggest a first goal of {FIRST_GOAL_PERCENT[0]:g}-{FIRST_GOAL_PERCENT[1]:g} % "
            f"({lo * weight_kg:.0f}-"
            f"{hi * weight_kg:.0f} kg) in about {FIRST_GOAL_MONTHS} months, which already "
            "brings most of the health benefit, then a new plan from there (NHLBI 1998; "
            "Jensen 2014, Circulation).")


def is_lean(sex: str, body_fat_pct: float) -> bool:
    """Lean: body fat below 15 % (men) or 25 % (women)."""
    return body_fat_pct < ATHLETE_BODY_FAT_PCT[sex]


def classify(sex: str, bmi: float, body_fat_pct: float,
             training_hours_per_week: float) -> Population:
    """The population whose guidelines apply to a person.

    Parameters
    ----------
    sex
        ``"female"`` or ``"male"``.
    bmi
        Body-mass index now [kg/m²].
    body_fat_pct
        Body fat now, measured or estimated [%].
    training_hours_per_week
        Current training (running, strength, cross-training) [h/week].
    """
    if is_lean(sex, body_fat_pct) or training_hours_per_week >= ATHLETE_TRAINING_HOURS_PER_WEEK:
        return "athlete"
    if bmi >= OVERWEIGHT_BMI:
        return "overweight"
    return "healthy_weight"


def rules_for(population: Population, sex: str, body_fat_pct: float) -> Rules:
    """The rules of ``population`` for a person of this sex and body fat."""
    lean = is_lean(sex, body_fat_pct)
    rate = MAX_WEEKLY_LOSS_FRACTION[population]
    if population == "athlete" and lean:
        rate = MAX_WEEKLY_LOSS_FRACTION_LEAN_ATHLETE
    athlete = population == "athlete"
    return Rules(
        population=population, lean=lean, max_weekly_loss_fraction=rate,
        max_weekly_loss_kg=MAX_WEEKLY_LOSS_KG if population == "overweight" else None,
        min_intake_kcal=MIN_INTAKE_KCAL[sex],
        min_energy_availability=MIN_ENERGY_AVAILABILITY if athlete else None,
        energy_availability_warning=ENERGY_AVAILABILITY_WARNING if athlete else None,
        dietary_deficit_kcal=DIETARY_DEFICIT_KCAL[population],
        protein_g_per_kg=PROTEIN_G_PER_KG[population],
        athlete_carbohydrate_bands=ATHLETE_CARBOHYDRATE_BANDS[population],
    )


# --------------------------------------------------------------------------------------------
# Checks: each raises UnsafeGoalError with a one-line message naming the rule and the number
# --------------------------------------------------------------------------------------------


def check_age(age_years: float) -> None:
    """Refuse people under 18."""
    if age_years < MIN_AGE_YEARS:
        raise UnsafeGoalError(
            f"No plan: runlean does not make fat-loss plans for people under 18 (age given: "
            f"{age_years:g}). Growing bodies need a doctor's or dietitian's advice.")


def age_caution(age_years: float) -> str | None:
    """A caution for people aged 75 or more, else None."""
    if age_years < CAUTION_AGE_YEARS:
        return None
    return (f"At {age_years:g} years, check this plan with your doctor first: the resting "
            "metabolism (Mifflin-St Jeor, ages 19-78) and maximal heart rate (Tanaka, ages "
            "18-81) equations are less certain at your age; trust how you feel (RPE) over the "
            "heart-rate numbers.")


def lowest_weight_kg(height_cm: float) -> float:
    """Lowest weight a goal may end at for this height (BMI 18.5) [kg]."""
    return MIN_BMI * (height_cm / 100.0) ** 2


def check_target_bmi(weight_kg: float, height_cm: float, *, what: str = "the goal") -> None:
    """Refuse a goal that ends at BMI < 18.5."""
    bmi = weight_kg / (height_cm / 100.0) ** 2
    if bmi < MIN_BMI:
        raise UnsafeGoalError(
            f"No plan: {what} ends at {weight_kg:.1f} kg, a BMI of {bmi:.1f}, below the "
            f"healthy minimum of {MIN_BMI} (lowest safe weight at your height: "
            f"{lowest_weight_kg(height_cm):.1f} kg).")


def check_body_fat(fat_kg: float, weight_kg: float, male: bool, *,
                   what: str = "the goal") -> None:
    """Refuse a goal that ends below the essential-fat floor (5 % men, 14 % women)."""
    pct = 100.0 * fat_kg / weight_kg
    floor = MIN_BODY_FAT_PCT["male" if male else "female"]
    if pct < floor - 1e-9:
        raise UnsafeGoalError(
            f"No plan: {what} ends at {math.floor(10.0 * pct) / 10.0:.1f} % body fat, below "
            f"the safe minimum of {floor:g} % for {'men' if male else 'women'} (essential fat "
            f"is about {floor - 2:g} %; lower is a health risk).")


def intake_floor_kcal(rules: Rules, exercise_kcal_per_day: float,
                      fat_free_mass_kg: float) -> float:
    """Lowest average intake a plan may prescribe [kcal/day].

    The sex floor for everyone (never below 800 kcal/day), and for athletes also the intake
    that keeps energy availability at 30 kcal/kg fat-free mass with this much exercise.
    """
    floor = max(rules.min_intake_kcal, ABSOLUTE_MIN_INTAKE_KCAL)
    if rules.min_energy_availability is not None:
        floor = max(floor, rules.min_energy_availability * fat_free_mass_kg
                    + exercise_kcal_per_day)
    return floor


def energy_availability_warning(rules: Rules, energy_availability: float) -> str | None:
    """A warning when an athlete's energy availability is below 45 kcal/kg FFM, else None."""
    limit = rules.energy_availability_warning
    if limit is None or energy_availability >= limit:
        return None
    return (f"Energy availability {energy_availability:.0f} kcal per kg fat-free mass is below "
            f"{limit:g}: fine for a planned, limited deficit, but watch for the signs of low "
            "energy availability listed in the screening questions, and stop the deficit if "
            "they appear (Mountjoy 2023, Br J Sports Med).")


#: The REDs screening questions (signs and symptoms of low energy availability; Mountjoy et
#: al. 2023, IOC consensus, REDs Clinical Assessment Tool v2).
REDS_SCREENING_QUESTIONS = (
    "missed or irregular periods (women) or low libido / morning erections (men)",
    "a bone stress injury or stress fracture",
    "frequent illness, or injuries that heal slowly",
    "persistent fatigue, poor sleep, irritability or low mood",
    "training performance falling although you train as usual",
)


def reds_warning() -> str:
    """The REDs screening questions as one warning (shown to athletes)."""
    return ("Screen yourself for low energy availability while losing weight: see a sports "
            "doctor if you notice " + "; ".join(REDS_SCREENING_QUESTIONS)
            + " (IOC REDs consensus, Mountjoy 2023, Br J Sports Med).")


def weekly_loss_fractions(weight_kg: npt.ArrayLike,
                          tissue_kg: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Projected loss of each plan week [fraction of the week's starting weight per week].

    Parameters
    ----------
    weight_kg
        Daily body weight, day 0 .. goal day [kg].
    tissue_kg
        Daily fat + lean tissue (body weight less glycogen, its water and extracellular
        fluid) [kg].

    Notes
    -----
    Week 1 is judged on tissue only: the first days of a deficit drop glycogen with its water
    and some extracellular fluid, a fast loss of water, not tissue, that is expected and not a
    health risk (Kreitzman et al. 1992, Am J Clin Nutr 56:292S). From week 2 on the rate is
    body weight, as it would be on a scale. A final partial week is judged on the last 7 days
    of the plan (a single day, with or without a long run, says little about a week).
    """
    w = np.asarray(weight_kg, dtype=float)
    t = np.asarray(tissue_kg, dtype=float)
    out = []
    for a, b in week_windows(w.size - 1):
        lost = (t[a] - t[b]) if a == 0 else (w[a] - w[b])
        out.append(lost / w[a] * DAYS_PER_WEEK / (b - a))
    return np.asarray(out, dtype=float)


#: Days of a plan week.
DAYS_PER_WEEK = 7


def week_windows(days: int) -> list[tuple[int, int]]:
    """The (first day, last day) of each plan week of a ``days``-day plan.

    Weeks 1, 2, ... are days 0-7, 7-14, ...; a final partial week is the plan's last 7 days
    (the whole plan when it is shorter than a week).
    """
    out = []
    for a in range(0, days, DAYS_PER_WEEK):
        b = min(a + DAYS_PER_WEEK, days)
        out.append((max(b - DAYS_PER_WEEK, 0), b))
    return out


def pace_text(safety: dict[str, float]) -> str:
    """A plan's pace in words, with the one definition of its fastest week (terminal, report,
    web: the same sentence)."""
    return (f"{safety['weekly_loss_pct']:.2f} % of body weight a week on average; fastest "
            f"week {safety['fastest_week_loss_pct']:.2f} % (week {safety['fastest_week']:.0f}; "
            "week 1 counted without its first-days water and glycogen drop, a final partial "
            "week judged on the plan's last 7 days); limit "
            f"{safety['max_weekly_loss_pct']:.1f} %")


def weekly_caps(rules: Rules, weight_kg: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The loss cap of each plan week [fraction per week], from the week's starting weight."""
    w = np.asarray(weight_kg, dtype=float)
    return np.asarray([rules.max_weekly_loss(float(w[a])) for a, _b in week_windows(w.size - 1)],
                      dtype=float)


# --------------------------------------------------------------------------------------------
# Pre-exercise screening (Riebe et al. 2015, ACSM; PAR-Q+)
# --------------------------------------------------------------------------------------------

#: Weekly activity that counts as "exercising regularly" in the ACSM 2015 algorithm: at least
#: 30 minutes of moderate activity on at least 3 days a week [min/week].
REGULAR_EXERCISE_MIN_PER_WEEK = 90.0

SCREENING_QUESTIONS = {
    "heart_disease": "known heart or blood-vessel disease",
    "metabolic_disease": "diabetes",
    "kidney_disease": "kidney disease",
    "symptoms": "chest pain, unusual breathlessness, dizziness or fainting, ankle swelling or "
                "palpitations",
    "medications": "prescribed medicine for a chronic condition",
    "joint_problem": "a bone or joint problem that activity could make worse",
}


@dataclass(frozen=True)
class ScreeningAdvice:
    """What the pre-exercise screening asks of the plan."""

    clearance: bool
    messages: tuple[str, ...]
    walk_first: bool
    intervals_allowed: bool


def screening_advice(answers: dict[str, bool | None] | None, bmi: float,
                     exercises_regularly: bool, runs_continuously_min: float) -> ScreeningAdvice:
    """Pre-exercise screening (ACSM 2015 algorithm, Riebe et al.; PAR-Q+).

    Known cardiovascular, metabolic or kidney disease, symptoms, a prescribed medicine for a
    chronic condition or a BMI of 35 or more: get medical clearance first (for people who
    already exercise regularly and have a known disease without symptoms, before vigorous
    exercise). Symptoms: stop and see a doctor before training. With symptoms or a known
    disease, intervals wait for that clearance. A BMI of 35 or more also starts with walking
    and low-impact cross-training until the person can run 10 minutes continuously, and has no
    interval sessions.
    """
    yes = {k for k, v in (answers or {}).items() if v}
    disease = yes & {"heart_disease", "metabolic_disease", "kidney_disease"}
    messages: list[str] = []
    if "symptoms" in yes:
        messages.append(
            "You reported symptoms (" + SCREENING_QUESTIONS["symptoms"] + "): do not start "
            "training until a doctor has checked them (ACSM pre-participation screening, "
            "Riebe 2015, Med Sci Sports Exerc).")
    if disease:
        what = ", ".join(SCREENING_QUESTIONS[k] for k in sorted(disease))
        when = ("before the interval sessions (vigorous exercise)" if exercises_regularly
                else "before you start")
        messages.append(f"You reported {what}: get medical clearance {when} (ACSM "
                        "pre-participation screening, Riebe 2015, Med Sci Sports Exerc).")
    if "medications" in yes:
        messages.append("You take a prescribed medicine for a chronic condition: ask your "
                        "doctor whether it changes how you should exercise or eat (PAR-Q+).")
    if "joint_problem" in yes:
        messages.append("You reported a bone or joint problem: ask a doctor or "
                        "physiotherapist which activities suit you; low-impact "
                        "cross-training can replace some runs (PAR-Q+).")
    severe = bmi >= SEVERE_OBESITY_BMI
    if severe:
        messages.append(
            f"With a BMI of {bmi:.0f} (35 or more), see your doctor before you start, and "
            "start with brisk walking and low-impact cross-training (cycling, swimming) before "
            "running; this plan walks first (ACSM, Riebe 2015; Donnelly 2009).")
    clearance = bool(disease or yes & {"symptoms", "medications"} or severe)
    walk_first = severe and runs_continuously_min < 10.0
    # Intervals are vigorous and high-impact: none with a known disease or symptoms (until a
    # doctor clears them) and none with a BMI of 35 or more (a low-impact start).
    intervals_allowed = not (disease or "symptoms" in yes or severe)
    return ScreeningAdvice(clearance, tuple(messages), walk_first, intervals_allowed)
