"""Session intensity and energy: Daniels VDOT paces and ACSM energy at those speeds."""

from __future__ import annotations

import datetime as dt

import pytest

from runlean.domain import Goal, Habits, Person, Preferences, RaceResult
from runlean.planning.plan import make_plan
from runlean.planning.sessions import person_factors, session_energy
from runlean.planning.training import SessionSpec
from runlean.science.running import daniels_training_pace_s_per_km, daniels_vdot

START = dt.date(2025, 3, 3)
#: Daniels' published table: a 19:57 5 km is VDOT 50, whose threshold pace is 4:15/km.
RACE_5K_VDOT50 = RaceResult(distance_m=5000.0, time_s=19 * 60 + 57)


def _person(race: RaceResult | None) -> Person:
    return Person(sex="male", age_years=35, height_cm=180, weight_kg=88, race=race)


def test_vdot_50_threshold_pace_matches_daniels_table() -> None:
    f = person_factors(_person(RACE_5K_VDOT50), "intermediate")
    assert f.vdot == pytest.approx(50.0, abs=0.1)
    paces = f.training_paces()
    assert paces["T"] == pytest.approx(4 * 60 + 15, abs=2.0)  # table: 4:15/km
    assert paces["E"] > paces["M"] > paces["T"] > paces["I"]


def _acsm_net_kcal(speed_m_per_s: float, minutes: float, weight_kg: float) -> float:
    # ACSM running: net VO2 = 0.2 ml/kg/m × speed; 5 kcal per litre of O2.
    return 0.2 * speed_m_per_s * 60.0 * weight_kg / 1000.0 * 5.0 * minutes


def test_race_result_sets_every_run_pace_and_its_energy() -> None:
    person = _person(RACE_5K_VDOT50)
    prefs = Preferences(running_days_per_week=5, longest_session_min=75,
                        experience="intermediate", longest_recent_run_min=45,
                        weekly_running_min=150)
    plan = make_plan(person, Habits(pal=1.5), Goal(kind="fat_loss_kg", target=4), prefs,
                     START)
    vdot = float(daniels_vdot(5000.0, 19 * 60 + 57))
    e_pace = float(daniels_training_pace_s_per_km(vdot, 0.70))
    i_pace = float(daniels_training_pace_s_per_km(vdot, 0.98))
    assert plan.targets["vdot"] == pytest.approx(vdot)
    assert plan.targets["pace_T_s_per_km"] == pytest.approx(
        float(daniels_training_pace_s_per_km(vdot, 0.88)))
    runs = [s for s in plan.sessions if s.sport == "running"]
    kinds = {s.kind for s in runs}
    assert {"easy", "long", "hiit"} <= kinds
    for s in runs:
        pace = i_pace if s.kind == "hiit" else e_pace
        assert s.intensity.pace_s_per_km == pytest.approx(pace, rel=1e-9)
        assert "VDOT 50.0" in s.intensity.note
        v_e = 1000.0 / e_pace
        if s.kind in ("easy", "long"):
            assert s.net_kcal == pytest.approx(_acsm_net_kcal(v_e, s.duration_min, 88), rel=1e-9)
        elif s.kind == "hiit":
            hard = float(s.title.split(", ")[1].split(" × ")[0])  # "Intervals T min, N × 1 min"
            expected = _acsm_net_kcal(1000.0 / i_pace, hard, 88) \
                + _acsm_net_kcal(v_e, s.duration_min - hard, 88)
            assert s.net_kcal == pytest.approx(expected, rel=1e-9)


def test_no_race_no_daniels_paces() -> None:
    f = person_factors(_person(None), "beginner")
    assert f.vdot is None and f.training_paces() == {}


def test_strength_session_costs_compendium_02054_not_a_vigorous_row() -> None:
    # physiology.md §10.4: a 45-min whole-body session, 02054 at 3.5 MET, net
    # (3.5 - 1) × 3.5 × 70 / 200 × 45 = 137.8 kcal for 70 kg.
    spec = SessionSpec(START, 0, "strength", "strength", 45.0, 0.0, 1, False)
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=70)
    net, gross, epoc = session_energy(spec, person_factors(person, "beginner"))
    assert net == pytest.approx(137.8, abs=0.05)
    assert gross == pytest.approx(3.5 * 3.5 * 70 / 200 * 45, rel=1e-9)
    assert 0 < epoc < 0.2 * net


def test_titles_are_short_and_details_stay_in_the_description() -> None:
    prefs = Preferences(running_days_per_week=3, longest_session_min=60,
                        free_weekdays=(0, 2, 3, 5, 6), experience="none",
                        strength_sessions_per_week=2)
    plan = make_plan(_person(None), Habits(pal=1.5), Goal(kind="fat_loss_kg", target=3),
                     prefs, START)
    strength = next(s for s in plan.sessions if s.kind == "strength")
    assert strength.title == "Strength 45 min, whole body + legs"
    assert "Romanian deadlifts" in strength.description
    rw = next(s for s in plan.sessions if s.kind == "run_walk")
    assert rw.title.startswith("Run-walk ") and " min run / " in rw.title
    assert all(len(s.title) <= 48 for s in plan.sessions)
