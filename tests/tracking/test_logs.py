"""Daily logs: write, replace, reject bad values without changing anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from runlean.errors import InvalidInputError
from runlean.store.db import Store, open_store
from runlean.tracking import logs

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path)
    yield s
    s.close()


def test_log_and_replace_weight(store: Store) -> None:
    r1 = logs.log_weight(store, dt.date(2024, 5, 30), 72.4, today=TODAY)
    assert not r1.replaced
    r2 = logs.log_weight(store, dt.date(2024, 5, 30), 72.1, today=TODAY)
    assert r2.replaced and r2.previous is not None and r2.previous["weight_kg"] == 72.4
    assert "replaced" in r2.message()
    assert logs.weights(store) == [(dt.date(2024, 5, 30), 72.1)]


def test_intake_sleep_and_measurements(store: Store) -> None:
    logs.log_intake(store, TODAY, 1850, protein_g=140, today=TODAY)
    logs.log_sleep(store, TODAY, 7.5, today=TODAY)
    logs.log_measurement(store, TODAY, waist_cm=82, today=TODAY)
    r = logs.log_measurement(store, TODAY, neck_cm=36, today=TODAY)
    assert not r.replaced  # neck was new that day; waist is kept
    rows = logs.intakes(store)
    assert rows[0].kcal == 1850 and rows[0].protein_g == 140 and rows[0].fat_g is None
    assert logs.sleeps(store) == [(TODAY, 7.5)]
    assert logs.latest_measurements(store) == {"waist_cm": (TODAY, 82.0),
                                               "neck_cm": (TODAY, 36.0)}
    assert logs.log_measurement(store, TODAY, waist_cm=81, today=TODAY).replaced


@pytest.mark.parametrize(("call", "field"), [
    (lambda s: logs.log_weight(s, TODAY, 720, today=TODAY), "weight_kg"),
    (lambda s: logs.log_weight(s, TODAY, float("nan"), today=TODAY), "weight_kg"),
    (lambda s: logs.log_intake(s, TODAY, -200, today=TODAY), "kcal"),
    (lambda s: logs.log_intake(s, TODAY, 2000, protein_g=-5, today=TODAY), "protein_g"),
    (lambda s: logs.log_sleep(s, TODAY, 30, today=TODAY), "hours"),
    (lambda s: logs.log_weight(s, TODAY + dt.timedelta(days=1), 72, today=TODAY), "date"),
    (lambda s: logs.log_measurement(s, TODAY, today=TODAY), "measurement"),
    (lambda s: logs.log_measurement(s, TODAY, waist_cm=5, today=TODAY), "waist_cm"),
])
def test_bad_values_raise_and_change_nothing(store: Store, call: object, field: str) -> None:
    logs.log_weight(store, TODAY, 72.0, today=TODAY)
    with pytest.raises(InvalidInputError) as exc:
        call(store)  # type: ignore[operator]
    assert exc.value.field == field
    assert field in str(exc.value)
    assert logs.weights(store) == [(TODAY, 72.0)]
    assert logs.intakes(store) == [] and logs.sleeps(store) == []
    assert logs.measurements(store) == []


def test_batch_is_all_or_nothing(store: Store) -> None:
    good = logs.LogEntry("weight", dt.date(2024, 5, 1), {"weight_kg": 70.0})
    bad = logs.LogEntry("weight", dt.date(2024, 5, 2), {"weight_kg": 720.0})
    with pytest.raises(InvalidInputError):
        logs.log_entries(store, [good, bad], today=TODAY)
    assert logs.weights(store) == []


def test_future_date_message_names_today(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="not in the future"):
        logs.log_sleep(store, dt.date(2030, 1, 1), 7, today=TODAY)


def test_weight_and_body_fat_ranges_are_the_profile_ranges() -> None:
    from runlean.domain import RANGES, check_range
    from runlean.tracking.logs import LOG_RANGES, check_log_value

    for name in ("weight_kg", "body_fat_pct"):
        low, high, _unit = RANGES[name]
        assert LOG_RANGES[name] == RANGES[name]
        for v in (low, high):  # what the profile accepts, a log accepts, and vice versa
            check_range(name, v)
            assert check_log_value(name, v) == v
        with pytest.raises(InvalidInputError):
            check_log_value(name, high + 0.1)


def test_log_path_does_not_import_numpy_or_pydantic() -> None:
    # `runlean log` is called daily: the log service and store models stay light.
    import os
    import subprocess
    import sys
    from pathlib import Path

    import runlean

    env = {**os.environ, "PYTHONPATH": str(Path(runlean.__file__).parents[1])}
    code = ("import sys, runlean.cli, runlean.tracking.logs, runlean.store.db; "
            "print(sorted(m for m in ('numpy', 'pydantic', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env).stdout.strip()
    assert out == "[]"


def test_navy_body_fat_now_needs_profile_and_tape(store: Store) -> None:
    import math

    from runlean.domain import Habits, Person
    from runlean.store.profile import save_profile

    logs.log_measurement(store, TODAY, waist_cm=90, neck_cm=38, today=TODAY)
    assert logs.navy_body_fat_now(store) is None  # no profile yet
    save_profile(store, Person(sex="female", age_years=40, height_cm=180, weight_kg=80),
                 Habits(pal=1.5))
    assert logs.navy_body_fat_now(store) is None  # a woman's estimate needs the hip too
    save_profile(store, Person(sex="male", age_years=40, height_cm=180, weight_kg=80),
                 Habits(pal=1.5))
    density = 1.0324 - 0.19077 * math.log10(90 - 38) + 0.15456 * math.log10(180)
    bf = logs.navy_body_fat_now(store)
    assert bf is not None and bf == pytest.approx(495 / density - 450, abs=1e-9)
    logs.log_measurement(store, TODAY - dt.timedelta(days=1), waist_cm=100, today=TODAY)
    assert logs.navy_body_fat_now(store) == pytest.approx(bf)  # the latest tape counts
