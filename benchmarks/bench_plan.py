"""Benchmark of `runlean plan --example`: start-up vs planning with projection.

Targets: start-up (``python -m runlean --help``) < 0.5 s; planning with projection < 1 s.
Baseline measured in the same run: a bare ``python -c pass``.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _wall(cmd: list[str], n: int = 3) -> float:
    env = dict(os.environ, PYTHONPATH=SRC)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    base = _wall([sys.executable, "-c", "pass"])
    help_s = _wall([sys.executable, "-m", "runlean", "--help"])
    full = _wall([sys.executable, "-m", "runlean", "plan", "--example", "--start",
                  "2025-03-03"], n=2)
    sys.path.insert(0, SRC)
    import tomllib
    from importlib.resources import files

    from runlean.domain import Goal, Habits, Person, Preferences
    from runlean.planning.plan import make_plan

    data = tomllib.loads((files("runlean") / "data" / "example_profile.toml").read_text())
    prefs = dict(data["preferences"])
    prefs["free_weekdays"] = (0, 2, 3, 5, 6)
    prefs["cross_training"] = tuple(prefs["cross_training"])
    args = (Person(**data["person"]), Habits(**data["habits"]),
            Goal(kind="fat_loss_kg", target=data["goal"]["lose_fat_kg"]), Preferences(**prefs),
            dt.date(2025, 3, 3))
    make_plan(*args)  # warm imports
    t = time.perf_counter()
    for _ in range(3):
        make_plan(*args)
    plan_s = (time.perf_counter() - t) / 3
    print(f"python -c pass (baseline)        {base:.3f} s")
    print(f"runlean --help (start-up)         {help_s:.3f} s  (target < 0.5 s; "
          f"{help_s - base:.3f} s over bare Python)")
    print(f"make_plan incl. projection         {plan_s:.3f} s  (target < 1 s)")
    print(f"runlean plan --example end to end {full:.3f} s")


if __name__ == "__main__":
    main()
