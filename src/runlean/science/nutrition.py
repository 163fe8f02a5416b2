"""Nutrition science for runners in a deficit: protein and carbohydrate bands, energy
availability, and the deficit for a rate of loss.

The published bands and equations only; how a plan uses them (floors, rate caps by
population) is policy, in :mod:`runlean.planning.policy`.
"""

from __future__ import annotations

from typing import Literal

from runlean.science._arrays import ArrayLike, as_float, to_output

#: Protein [g/kg body mass/day], planner defaults [P] within the ranges of Thomas, Erdman &
#: Burke 2016 and Jäger et al. 2017.
PROTEIN_MAINTENANCE_G_PER_KG = (1.6, 1.6)
PROTEIN_DEFICIT_G_PER_KG = (1.8, 2.2)
#: Lean, resistance-trained people in a deficit [g/kg LEAN mass/day] (Helms et al. 2014).
PROTEIN_LEAN_RT_DEFICIT_G_PER_KG_LBM = (2.3, 3.1)
#: Carbohydrate bands [g/kg/day] by training load (Thomas, Erdman & Burke 2016).
CARBOHYDRATE_BANDS_G_PER_KG: dict[str, tuple[float, float]] = {
    "light": (3.0, 5.0),
    "moderate": (5.0, 7.0),
    "high": (6.0, 10.0),
    "very_high": (8.0, 12.0),
}
#: Upper bounds of daily training hours for the light, moderate and high bands [h/day] [P]:
#: < 0.75 h light; 0.75–1.25 h moderate ("≈1 h/d"); 1.25–4 h high ("1–3 h/d");
#: > 4 h very high ("> 4–5 h/d").
CARBOHYDRATE_HOURS_BOUNDS = (0.75, 1.25, 4.0)
#: Dietary fat: not chronically below 20 % of energy, up to 35 % (ACSM/AND/DC 2016, [R]).
FAT_MIN_FRACTION = 0.20
FAT_MAX_FRACTION = 0.35
#: Helms et al. 2014 range for physique athletes in contest preparation [fraction of energy].
FAT_FRACTION_HELMS_2014 = (0.15, 0.30)
#: Energy-availability thresholds [kcal/kg FFM/day] (Loucks; [R]).
EA_OPTIMAL_KCAL_PER_KG_FFM = 45.0
EA_LOW_KCAL_PER_KG_FFM = 30.0
#: Energy per kg of weight lost by the classic rule [kcal/kg] (Hall 2008: 32.2 MJ/kg).
KCAL_PER_KG_CLASSIC = 7700.0

EnergyAvailabilityStatus = Literal["optimal", "reduced", "low"]


def protein_target_g_per_kg(
    in_deficit: bool, resistance_trained: bool, lean: bool
) -> tuple[float, float]:
    """Planner default protein band.

    Parameters
    ----------
    in_deficit
        True during an energy deficit.
    resistance_trained
        True if the person does resistance training (≥ 2 sessions/week).
    lean
        True if lean (BF < 15 % men / < 23 % women).

    Returns
    -------
    (low, high) [g per kg per day]. **Per kg of lean body mass** when in a deficit, lean and
    resistance-trained (2.3–3.1, Helms 2014); otherwise per kg of body mass (1.8–2.2 in a
    deficit, 1.6 in maintenance). Use :func:`protein_target_g_per_day` to apply the right
    denominator.

    Notes
    -----
    Planner default [P]. ACSM/AND/DC 2016: 1.2–2.0 g/kg; ISSN 2017: 1.4–2.0 g/kg, 2.3–3.1
    g/kg for resistance-trained people in a deficit. Longland 2016: 2.4 beat 1.2 g/kg for
    lean mass in a 40 % deficit.

    References
    ----------
    .. [1] Thomas DT, Erdman KA, Burke LM. Position of the Academy of Nutrition and
       Dietetics, Dietitians of Canada, and the American College of Sports Medicine:
       Nutrition and Athletic Performance. J Acad Nutr Diet 2016;116:501–528.
    .. [2] Jäger R, Kerksick CM, Campbell BI, et al. ISSN position stand: protein and
       exercise. J Int Soc Sports Nutr 2017;14:20.
    .. [3] Helms ER, Aragon AA, Fitschen PJ. J Int Soc Sports Nutr 2014;11:20.
    .. [4] Longland TM et al. Am J Clin Nutr 2016;103:738–746. doi:10.3945/ajcn.115.119339
    """
    if not in_deficit:
        return PROTEIN_MAINTENANCE_G_PER_KG
    if lean and resistance_trained:
        return PROTEIN_LEAN_RT_DEFICIT_G_PER_KG_LBM
    return PROTEIN_DEFICIT_G_PER_KG


def protein_target_g_per_day(
    weight_kg: float,
    lean_mass_kg: float,
    in_deficit: bool,
    resistance_trained: bool,
    lean: bool,
) -> tuple[float, float]:
    """Protein band in grams per day, with the denominator of :func:`protein_target_g_per_kg`.

    Parameters
    ----------
    weight_kg
        Body weight [kg].
    lean_mass_kg
        Lean body mass [kg] (used only for lean, resistance-trained people in a deficit).
    in_deficit
        True during an energy deficit.
    resistance_trained
        True with resistance training.
    lean
        True if lean.

    Returns
    -------
    (low, high) protein [g/day].

    Notes
    -----
    Spread over ≥ 3–4 meals of ≈0.25–0.3 g/kg.

    References
    ----------
    .. [1] See :func:`protein_target_g_per_kg`.
    """
    low, high = protein_target_g_per_kg(in_deficit, resistance_trained, lean)
    basis = lean_mass_kg if (in_deficit and lean and resistance_trained) else weight_kg
    return low * basis, high * basis


def carbohydrate_g_per_kg(training_hours_per_day: float) -> tuple[float, float]:
    """Daily carbohydrate band for a training volume (ACSM/AND/DC 2016 table).

    Parameters
    ----------
    training_hours_per_day
        Average training time [h/day].

    Returns
    -------
    (low, high) carbohydrate [g per kg body mass per day].

    Notes
    -----
    Mapping hours to the position stand's load classes is a planner choice [P]
    (:data:`CARBOHYDRATE_HOURS_BOUNDS`). In a deficit aim for the low end and time
    carbohydrate around quality sessions.

    References
    ----------
    .. [1] Thomas DT, Erdman KA, Burke LM. J Acad Nutr Diet 2016;116:501–528; Med Sci Sports
       Exerc 2016;48:543–568.
    """
    light, moderate, high = CARBOHYDRATE_HOURS_BOUNDS
    if training_hours_per_day < light:
        key = "light"
    elif training_hours_per_day <= moderate:
        key = "moderate"
    elif training_hours_per_day <= high:
        key = "high"
    else:
        key = "very_high"
    return CARBOHYDRATE_BANDS_G_PER_KG[key]


def energy_availability(
    intake_kcal: ArrayLike, exercise_kcal: ArrayLike, ffm_kg: ArrayLike
) -> ArrayLike:
    """Energy availability: ``(intake − exercise energy) / fat-free mass``.

    Parameters
    ----------
    intake_kcal
        Energy intake [kcal/day].
    exercise_kcal
        Exercise energy expenditure [kcal/day].
    ffm_kg
        Fat-free mass [kg].

    Returns
    -------
    Energy availability [kcal/kg FFM/day].

    Notes
    -----
    Thresholds in :func:`energy_availability_status`.

    References
    ----------
    .. [1] Loucks AB (concept), as used in Thomas DT et al. 2016 and the IOC RED-S consensus.
    """
    return to_output((as_float(intake_kcal) - as_float(exercise_kcal)) / as_float(ffm_kg))


def energy_availability_status(ea: float) -> EnergyAvailabilityStatus:
    """Classify energy availability.

    Parameters
    ----------
    ea
        Energy availability [kcal/kg FFM/day].

    Returns
    -------
    ``"optimal"`` (≥ 45), ``"reduced"`` (30 to < 45; acceptable for a planned short
    deficit) or ``"low"`` (< 30; risk of RED-S).

    Notes
    -----
    Thresholds recalled [R] from the energy-availability literature (Loucks; Mountjoy et al.
    2023, Br J Sports Med 57:1073), not re-checked against a primary source.

    References
    ----------
    .. [1] Thomas DT et al. J Acad Nutr Diet 2016;116:501–528.
    """
    if ea >= EA_OPTIMAL_KCAL_PER_KG_FFM:
        return "optimal"
    if ea >= EA_LOW_KCAL_PER_KG_FFM:
        return "reduced"
    return "low"


def deficit_for_rate_kcal_per_day(
    weight_kg: ArrayLike,
    weekly_fraction: ArrayLike,
    kcal_per_kg: ArrayLike = KCAL_PER_KG_CLASSIC,
) -> ArrayLike:
    """Daily energy deficit for a weekly rate of weight loss.

    ``deficit = W · rate · e / 7``.

    Parameters
    ----------
    weight_kg
        Body weight W [kg].
    weekly_fraction
        Target loss [fraction of body weight per week], e.g. 0.005.
    kcal_per_kg
        Energy per kg lost e [kcal/kg]: 7700 by the classic rule, or the composition-aware
        value of :func:`runlean.science.body_composition.energy_density_of_weight_change`.

    Returns
    -------
    Required deficit [kcal/day].

    Notes
    -----
    Static: ignores the fall of RMR as weight falls (the dynamic model handles that).

    References
    ----------
    .. [1] Hall KD. Int J Obes 2008;32:573–576 (PMC2376744).
    """
    return to_output(as_float(weight_kg) * as_float(weekly_fraction)
                     * as_float(kcal_per_kg) / 7.0)


