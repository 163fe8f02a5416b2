"""Session intensity and energy: Daniels paces, and energy summed over a session's parts."""

from __future__ import annotations

import datetime as dt

import pytest

from runlean.domain import Person, RaceResult
from runlean.planning.sessions import (
    describe,
    fuelling_advice,
    person_factors,
    session_distance_m,
    session_energy,
)
from runlean.planning.training import SessionSpec
from runlean.science.running import daniels_training_pace_s_per_km, daniels_vdot

START = dt.date(2025, 3, 3)
#: Daniels' published table: a 19:57 5 km is VDOT 50, whose threshold pace is 4:15/km.
RACE_5K_VDOT50 = RaceResult(distance_m=5000.0, time_s=19 * 60 + 57)


def _person(race: RaceResult | None = None, weight: float = 88.0) -> Person:
    return Person(sex="male", age_years=35, height_cm=180, weight_kg=weight, race=race)


def _run_net(speed_m_per_s: float, minutes: float, kg: float) -> float:
    # ACSM running: net VO2 = 0.2 ml/kg/m × speed; 5 kcal per litre of O2.
    return 0.2 * speed_m_per_s * 60.0 * kg / 1000.0 * 5.0 * minutes


def _walk_net(minutes: float, kg: float) -> float:
    # ACSM walking at 5 km/h: net VO2 = 0.1 ml/kg/m × 83.33 m/min.
    return 0.1 * 5000.0 / 60.0 * kg / 1000.0 * 5.0 * minutes


def test_vdot_50_threshold_pace_matches_daniels_table() -> None:
    f = person_factors(_person(RACE_5K_VDOT50), "intermediate")
    assert f.vdot == pytest.approx(50.0, abs=0.1)
    paces = f.training_paces()
    assert paces["T"] == pytest.approx(4 * 60 + 15, abs=2.0)  # table: 4:15/km
    assert paces["E"] > paces["M"] > paces["T"] > paces["I"]


def test_interval_session_is_costed_part_by_part() -> None:
    """Warm-up/cool-down at E pace, bouts at I pace, recoveries jogged: not 11 MET whole."""
    f = person_factors(_person(RACE_5K_VDOT50), "intermediate")
    vdot = float(daniels_vdot(5000.0, 19 * 60 + 57))
    v_e = 1000.0 / float(daniels_training_pace_s_per_km(vdot, 0.70))
    v_i = 1000.0 / float(daniels_training_pace_s_per_km(vdot, 0.98))
    spec = SessionSpec(START, 0, "hiit", "running", 40.0, 40.0, 1, False, hiit_reps=8,
                       warmup_min=10.0, cooldown_min=6.0, work_min=1.0, recovery_min=2.0)
    net, gross, epoc = session_energy(spec, f)
    expected = _run_net(v_e, 16.0, 88) + _run_net(v_i, 8.0, 88) + _run_net(v_e, 16.0, 88)
    assert net == pytest.approx(expected, rel=1e-9)
    assert gross == pytest.approx(expected + 3.5 * 88 / 1000 * 5 * 40, rel=1e-9)
    assert 0.04 * net < epoc <= 0.15 * net  # LaForgia 1997: 13.8 % after intervals


def test_a_heavy_beginner_interval_session_is_hundreds_not_840_kcal() -> None:
    """Issue: a 130 kg beginner's 34-min session came to ~840 kcal at 11 MET."""
    f = person_factors(Person(sex="male", age_years=40, height_cm=180, weight_kg=130), "none")
    spec = SessionSpec(START, 0, "hiit", "running", 34.0, 18.0, 1, False, hiit_reps=8,
                       warmup_min=10.0, cooldown_min=0.0, work_min=1.0, recovery_min=2.0,
                       recovery="walk")
    net, _gross, epoc = session_energy(spec, f)
    v_e = f.easy_speed_m_per_s
    expected = (_run_net(v_e, 10.0, 130) + _run_net(f.interval_speed_m_per_s, 8.0, 130)
                + _walk_net(16.0, 130))
    assert net == pytest.approx(expected, rel=1e-9)
    assert net + epoc < 600
    eleven_met = (11 - 1) * 3.5 * 130 / 200 * 34
    assert net < 0.75 * eleven_met


def test_run_walk_session_runs_and_walks() -> None:
    f = person_factors(_person(), "none")
    spec = SessionSpec(START, 0, "run_walk", "running", 30.0, 10.0, 1, False,
                       run_interval_min=1.0, walk_interval_min=2.0)
    net, _gross, _epoc = session_energy(spec, f)
    assert net == pytest.approx(_run_net(f.easy_speed_m_per_s, 10.0, 88) + _walk_net(20.0, 88))
    dist = session_distance_m(spec, f)
    assert dist == pytest.approx(f.easy_speed_m_per_s * 600 + 5000 / 60 * 20)


def test_brisk_walk_session() -> None:
    f = person_factors(_person(weight=128.0), "none")
    spec = SessionSpec(START, 0, "walk", "walking", 35.0, 0.0, 1, False)
    net, _gross, epoc = session_energy(spec, f)
    assert net == pytest.approx(_walk_net(35.0, 128.0))
    assert epoc < 0.05 * net
    assert "Brisk walk 35 min" in describe(spec)


def test_easy_run_epoc_is_tens_of_kcal() -> None:
    """A 40-min easy run: about 25-35 kcal of EPOC (Bahr 1987; LaForgia 1997), not 62-95."""
    f = person_factors(Person(sex="male", age_years=35, height_cm=178, weight_kg=72,
                              race=RaceResult(distance_m=10000.0, time_s=50 * 60)), "advanced")
    spec = SessionSpec(START, 0, "easy", "running", 40.0, 40.0, 1, False)
    net, _gross, epoc = session_energy(spec, f)
    assert 0.04 * net < epoc < 0.08 * net
    assert 15.0 < epoc < 40.0


def test_strength_session_costs_compendium_02054_not_a_vigorous_row() -> None:
    # A 45-min whole-body session, Compendium 02054 at 3.5 MET, net
    # (3.5 - 1) × 3.5 × 70 / 200 × 45 = 137.8 kcal for 70 kg.
    spec = SessionSpec(START, 0, "strength", "strength", 45.0, 0.0, 1, False, strength_level=2)
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=70)
    net, gross, epoc = session_energy(spec, person_factors(person, "beginner"))
    assert net == pytest.approx(137.8, abs=0.05)
    assert gross == pytest.approx(3.5 * 3.5 * 70 / 200 * 45, rel=1e-9)
    assert 0 < epoc < 0.2 * net
    assert "3 sets of 10-12 reps" in describe(spec)
    assert session_distance_m(spec, person_factors(person, "beginner")) is None


def test_long_runs_get_fuelling_advice() -> None:
    long = SessionSpec(START, 0, "long", "running", 90.0, 90.0, 1, False)
    assert "30-60 g of carbohydrate per hour" in fuelling_advice(long)
    assert fuelling_advice(SessionSpec(START, 0, "long", "running", 74.0, 74.0, 1, False)) == ""
    assert fuelling_advice(SessionSpec(START, 0, "long", "running", 75.0, 75.0, 1, False)) != ""


def test_no_race_no_daniels_paces_but_an_interval_pace() -> None:
    f = person_factors(_person(), "beginner")
    assert f.vdot is None and f.training_paces() == {}
    assert f.interval_speed_m_per_s > f.easy_speed_m_per_s
