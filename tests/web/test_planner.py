"""The plan adapter: plan.json read back into the same Plan; form fields to sections."""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.datastructures import FormData

from runlean.errors import InvalidInputError
from runlean.io.plan_files import plan_to_json
from runlean.web.planner import form_field, goal_section, plan_from_json


def test_plan_json_reads_back_into_the_same_plan() -> None:
    from runlean.domain import Goal, Habits, Person, Preferences
    from runlean.planning.plan import make_plan

    plan = make_plan(Person(sex="male", age_years=40, height_cm=180, weight_kg=90),
                     Habits(), Goal(kind="weight_kg", target=85), Preferences(),
                     dt.date(2024, 3, 4))
    data = plan_to_json(plan)
    back = plan_from_json(data)
    assert plan_to_json(back) == data
    # plan.json rounds paces to 0.1 s/km and energies to 0.01 kcal; nothing else changes.
    p0, p1 = plan.sessions[3], back.sessions[3]
    assert (p1.date, p1.kind, p1.uid, p1.why) == (p0.date, p0.kind, p0.uid, p0.why)
    assert p1.net_kcal == pytest.approx(p0.net_kcal, abs=0.005)
    with pytest.raises(InvalidInputError, match="remake the plan"):
        plan_from_json({k: v for k, v in data.items() if k != "sessions"})


def test_goal_section_in_the_services_words() -> None:
    form = FormData([("goal_kind", "weight_kg"), ("goal_target", "176.4"),
                     ("deadline", "weeks"), ("weeks", "20")])
    section = goal_section(form, "imperial")
    assert section["target_weight_kg"] == pytest.approx(176.4 * 0.45359237)
    assert section["weeks"] == 20
    form = FormData([("goal_kind", "body_fat_pct"), ("goal_target", "25"),
                     ("deadline", "date"), ("target_date", "2030-01-01")])
    assert goal_section(form, "imperial") == {"target_body_fat_pct": 25.0, "by": "2030-01-01"}


@pytest.mark.parametrize(("error", "field"), [("--by", "target_date"), ("target", "goal_target"),
                                              ("goal: target weight [kg]", "goal_target"),
                                              ("height_cm", "height_cm"),
                                              ("time_s", "race_time")])
def test_errors_go_next_to_their_field(error: str, field: str) -> None:
    assert form_field(error) == field
