"""CPU time of everyday commands: ``--help``, ``log weight``, ``status``, ``plan --example``.

Each command runs ``--runs`` times (default 5) as a fresh process, in rounds of all the
commands, after one untimed warm-up run (which also writes any missing bytecode, ``.pyc``).
Its CPU time is the child's user + system time (``getrusage(RUSAGE_CHILDREN)`` around the
run: what ``/usr/bin/time -f %U+%S`` shows). Printed: min / median / max, the median's ratio
to a bare ``python -c pass`` measured in the same run, the target, and the figure the issue
reported before this work.

The commands run against a throwaway data directory (``RUNLEAN_HOME``) set up first with what
an everyday ``status`` reads: the example profile and its plan saved as the active plan
(started 4 weeks ago), 28 days of weight, intake and sleep logs, and 8 runs imported from
generated GPX files (1 Hz, heart rate). ``log weight 80`` logs today's weight (the warm-up
creates it, the timed runs replace it).

Run: ``python benchmarks/bench_cli.py [--runs N] [--src DIR]`` (``--src``: the ``src`` folder
of another checkout to measure, e.g. the commit before a change, under the same load).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"

#: Targets [CPU s, median] (issue 11, item 16).
TARGETS = {"runlean log weight 80": 0.4, "runlean status": 1.0,
           "runlean plan --example --out DIR": 1.5}
#: The issue's own measurement before this work [CPU s] (same 2-core machine), printed for
#: comparison; not measured by this script.
ISSUE_PREVIOUS = {"python -c pass": 0.02, "runlean --help": 0.30,
                  "runlean log weight 80": 1.58, "runlean status": 2.76,
                  "runlean plan --example --out DIR": 4.07}

_GPX_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<gpx version="1.1" creator="bench_cli" xmlns="http://www.topografix.com/GPX/1/1" '
             'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
             '<trk><name>Run</name><type>running</type><trkseg>\n')


def write_run_gpx(path: Path, start: dt.datetime, minutes: int, seed: int) -> None:
    """A plausible run: 1 Hz points on a loop near Paris at ~10 km/h, heart rate ~150 bpm."""
    lines = [_GPX_HEAD]
    speed = 2.8 + 0.1 * (seed % 3)  # m/s
    radius = 800.0  # m
    for i in range(minutes * 60):
        angle = speed * i / radius
        lat = 48.85 + (radius * math.sin(angle)) / 111_320.0
        lon = 2.35 + (radius * (1.0 - math.cos(angle))) / (111_320.0 * math.cos(0.8526))
        hr = 140 + 15 * min(1.0, i / 600.0) + 3 * math.sin(i / 90.0)
        t = (start + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{35 + 5 * math.sin(angle):.1f}'
                     f'</ele><time>{t}</time><extensions><gpxtpx:TrackPointExtension>'
                     f'<gpxtpx:hr>{hr:.0f}</gpxtpx:hr></gpxtpx:TrackPointExtension>'
                     '</extensions></trkpt>\n')
    lines.append("</trkseg></trk></gpx>\n")
    path.write_text("".join(lines), encoding="utf-8")


def runlean_cmd(*args: str) -> list[str]:
    """``runlean ARGS`` run from the ``src`` folder on ``PYTHONPATH``."""
    return [sys.executable, "-m", "runlean", *args]


def setup_home(home: Path, env: dict[str, str], src: Path = SRC) -> None:
    """Profile + active plan (4 weeks old), 28 days of logs, 8 imported runs."""
    today = dt.datetime.now(dt.UTC).date()
    start = today - dt.timedelta(days=28)
    example = src / "runlean" / "data" / "example_profile.toml"
    subprocess.run(runlean_cmd("plan", "--profile", str(example), "--start", start.isoformat()),
                   env=env, check=True, capture_output=True)
    rows = ["date,weight_kg,intake_kcal,sleep_h"]
    for d in range(28):
        day = start + dt.timedelta(days=d)
        weight = 78.0 - 0.06 * d + 0.4 * math.sin(d * 1.7)
        rows.append(f"{day.isoformat()},{weight:.1f},{1750 + 90 * math.sin(d * 2.3):.0f},"
                    f"{7.0 + 0.5 * math.sin(d):.1f}")
    logs = home / "bench_logs.csv"
    logs.write_text("\n".join(rows) + "\n", encoding="utf-8")
    subprocess.run(runlean_cmd("log", "import", str(logs)), env=env, check=True,
                   capture_output=True)
    gpx_dir = home / "bench_gpx"
    gpx_dir.mkdir()
    for k in range(8):
        day = start + dt.timedelta(days=1 + 3 * k)
        write_run_gpx(gpx_dir / f"run{k}.gpx", dt.datetime(day.year, day.month, day.day, 6, 30,
                                                   tzinfo=dt.UTC),
                      minutes=30 + 5 * (k % 3), seed=k)
    subprocess.run(runlean_cmd("import", str(gpx_dir)), env=env, check=True,
                   capture_output=True)


def cpu_seconds(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    """User + system CPU time of one run of ``cmd`` (and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                         f"{proc.stderr.decode(errors='replace')}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="Timed runs per command.")
    parser.add_argument("--src", type=Path, default=SRC,
                        help="The src folder whose runlean is measured (default: this one).")
    args = parser.parse_args()
    src = args.src.resolve()
    with tempfile.TemporaryDirectory(prefix="runlean-bench-") as tmp:
        root = Path(tmp)
        home = root / "home"
        home.mkdir()
        env = dict(os.environ, RUNLEAN_HOME=str(home), PYTHONPATH=str(src))
        env.pop("RUNLEAN_DATABASE_URL", None)
        # Bytecode as in everyday use: written by the first run (or by pip at install), then
        # read. With PYTHONDONTWRITEBYTECODE an editable checkout recompiles every module of
        # runlean at each start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        setup_home(home, env, src)
        out_n = 0

        def plan_out() -> list[str]:
            nonlocal out_n
            out_n += 1
            out = root / f"plan{out_n}"
            shutil.rmtree(out, ignore_errors=True)
            return runlean_cmd("plan", "--example", "--out", str(out))

        makers: dict[str, Callable[[], list[str]]] = {
            "python -c pass": partial(list, [sys.executable, "-c", "pass"]),
            "runlean --help": partial(runlean_cmd, "--help"),
            "runlean log weight 80": partial(runlean_cmd, "log", "weight", "80"),
            "runlean status": partial(runlean_cmd, "status"),
            "runlean plan --example --out DIR": plan_out,
        }
        for make in makers.values():
            cpu_seconds(make(), env, root)  # warm-up: bytecode, file cache, today's weight row
        # Round after round of every command, so that a change in the machine's load during
        # the run affects all of them alike.
        results: dict[str, list[float]] = {name: [] for name in makers}
        for _ in range(args.runs):
            for name, make in makers.items():
                results[name].append(cpu_seconds(make(), env, root))

    base = statistics.median(results["python -c pass"])
    load = os.getloadavg()[0]
    print(f"runlean from {src}; CPU seconds (user+sys), {args.runs} runs each, on "
          f"{os.cpu_count()} cores, load average {load:.1f}; previous = the issue's figure "
          "before this work")
    print(f"{'command':34s} {'min':>6s} {'median':>7s} {'max':>6s} {'x pass':>7s} "
          f"{'target':>7s} {'previous':>9s}")
    for name, times in results.items():
        med = statistics.median(times)
        target = TARGETS.get(name)
        ratio = med / base if base > 0 else float("inf")
        verdict = "" if target is None else ("  ok" if med < target else "  MISSED")
        print(f"{name:34s} {min(times):6.2f} {med:7.2f} {max(times):6.2f} {ratio:7.1f} "
              f"{'' if target is None else f'< {target:.1f}':>7s} "
              f"{ISSUE_PREVIOUS.get(name, float('nan')):9.2f}{verdict}")


if __name__ == "__main__":
    main()
