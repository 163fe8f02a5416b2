"""Population-scale throughput of Hall's model, side by side in one run (issue 12 figures).

Usage::

    python benchmarks/bench_cohort.py [--people 10000,100000,1000000] [--numpy-max 100000]
                                      [--workers 2] [--cold]

For each population size × 365 days it prints person-days per second (and per CPU-second)
of:

* the numba kernel, one thread, with daily output (a fresh output array per chunk of 20 000
  people, and one reused buffer: the kernel's own speed) and with the final day only;
* the NumPy kernel (daily output; up to ``--numpy-max`` people, it is slow);
* the study, ``runlean.cohort.run_cohort_study`` of the population written to a Parquet
  file, as ``runlean cohort POPULATION`` runs it (the workers read their slices of the file,
  validate, simulate, write Parquet trajectories and the summary), recording day 0 and the
  last day (``every=365``): in this process on one core (``--workers 1``); as the command
  runs by default where that stays in this process (``default``: the kernel on every core);
  on local Dask clusters of 1 and of 2 worker processes started beforehand (the scaling
  figure: the same path, start-up not timed, as with ``--scheduler``; their workers load the
  kernel as they start, as the command's do); and with a local cluster of 2 workers started
  by the run (``--workers 2``), its start-up included; at the smallest size also weekly
  (``every=7``);

as ratios against a per-person ``scipy.integrate.solve_ivp`` loop (20 people, extrapolated)
and, when R and the bw package are installed, against bw itself (the column is skipped
otherwise). Then the numba compile and cache-load times (``--cold`` deletes the on-disk
cache first to measure the first-ever compilation), the peak memory of a worker, the 1 → 2
worker speed-up, and the time for 10⁸ people × 10 years on N cores extrapolated from the
measured per-core throughput, with its assumptions.

10⁷ people is not run by default (several minutes on two cores): pass it in ``--people``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp

from runlean.cohort import run_cohort_study
from runlean.cohort.study import _small_run
from runlean.science.hall2011 import HallBaseline, hall_baseline
from runlean.science.hall2011_fast import simulate_days_fast

DAYS = 365
CHUNK = 20_000


def population(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "sex": np.where(rng.random(n) < 0.5, "male", "female"),
        "age_years": np.round(rng.uniform(20, 65, n), 1),
        "height_cm": np.round(rng.uniform(155, 195, n), 1),
        "weight_kg": np.round(rng.uniform(55, 130, n), 1),
        "pal": np.round(rng.uniform(1.4, 2.0, n), 2)})


SCENARIO = {"days": DAYS, "intake_change_kcal_per_day": -300,
            "running_programme": {"sessions_per_week": 3, "minutes": 30,
                                  "speed_m_per_s": 2.4, "adherence": 0.7}}


def baseline(pop: pd.DataFrame) -> HallBaseline:
    return hall_baseline(pop["sex"].to_numpy() == "male", pop["age_years"].to_numpy(),
                         pop["height_cm"].to_numpy(), pop["weight_kg"].to_numpy(),
                         pal=pop["pal"].to_numpy())


def solve_ivp_rate() -> float:
    """Person-days per second of a per-person solve_ivp (RK45, rtol 1e-6) loop, 20 people."""
    b = baseline(population(20))
    p = b.params
    t0 = time.perf_counter()
    for i in range(20):
        ei, cib, kg, c = b.intake0[i] - 300.0, b.carb_intake0[i], b.k_g[i], p.forbes_c
        ci = b.carb_fraction_baseline[i] * ei

        def rhs(_t: float, y: np.ndarray, i: int = i, ei: float = ei, cib: float = cib,
                kg: float = kg, c: float = c, ci: float = ci) -> list[float]:
            f, lean, g, ecf, at = y
            gflux = ci - kg * g * g
            bw = f + lean + ecf + 3.7 * g
            base = (b.k[i] + 0.1 * -300.0 + p.gamma_f * f + p.gamma_l * lean
                    + b.delta0[i] * bw + at)
            q = c / (c + f)
            x = (ei - gflux - base) / (1 + p.eta_f / p.rho_f
                                       + q * (p.eta_l / p.rho_l - p.eta_f / p.rho_f))
            return [(1 - q) * x / p.rho_f, q * x / p.rho_l, gflux / p.rho_g,
                    (-3000 * (ecf - b.ecf0[i]) - 4000 * (1 - ci / cib)) / 3220,
                    (0.14 * -300.0 - at) / 14]

        solve_ivp(rhs, (0, DAYS), [b.fat0[i], b.lean0[i], 0.5, b.ecf0[i], 0.0],
                  rtol=1e-6, atol=1e-8)
    return 20 * DAYS / (time.perf_counter() - t0)


def bw_rate() -> float | None:
    """Person-days per second of R's bw::adult_weight on 10 000 people, or None."""
    if shutil.which("Rscript") is None:
        return None
    code = ("suppressMessages(library(bw)); n <- 10000; set.seed(1); "
            "w <- runif(n, 55, 130); h <- runif(n, 1.55, 1.95); a <- runif(n, 20, 65); "
            "s <- sample(c('male','female'), n, TRUE); "
            "ei <- matrix(-300, ncol = 365, nrow = n); "
            "t <- system.time(adult_weight(w, h, a, s, EIchange = ei, days = 365)); "
            "cat(t[['elapsed']])")
    res = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        return None
    return 10_000 * DAYS / float(res.stdout.strip())


def kernel_rate(pop: pd.DataFrame, engine: str, daily: bool,
                reuse: bool = False) -> tuple[float, float]:
    """(person-days per wall second, per CPU second), chunks of CHUNK people, one thread.

    ``reuse``: numba writes into one preallocated output buffer (the kernel's own speed,
    without the page faults of a fresh output array per chunk).
    """
    n = len(pop)
    record = np.arange(DAYS + 1) if daily else np.array([DAYS])
    buf = np.zeros((9, record.size, CHUNK)) if reuse else None
    c0, t0 = time.process_time(), time.perf_counter()
    for s in range(0, n, CHUNK):
        b = baseline(pop.iloc[s:s + CHUNK])
        o = buf if buf is None or b.n == CHUNK else np.zeros((9, record.size, b.n))
        simulate_days_fast(b, DAYS, record, -300.0, engine=engine,  # type: ignore[arg-type]
                           threads=1, out=o)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return n * DAYS / wall, n * DAYS / cpu


def study(pop: Path, workers: int | None, cluster: str | None) -> tuple[float, Any, float]:
    """One ``run_cohort_study`` of a population file, as ``runlean cohort POPULATION`` runs
    it (every=365): (wall seconds, result, driver peak RSS [MB]).

    ``cluster="started"``: on a local cluster of ``workers`` processes started beforehand
    (its start-up not timed, as with ``--scheduler``); None: as the command runs with
    ``--workers workers`` (in this process on one core for one worker, else a local cluster
    started and closed within the run; ``workers=None``: the command's default, in this
    process on every core for runs that would not pay for a cluster's start-up).
    """
    import distributed

    from runlean.cohort.study import _local_cluster, peak_rss_mb

    with tempfile.TemporaryDirectory() as d:
        if cluster is None:
            t0 = time.perf_counter()
            res = run_cohort_study(pop, SCENARIO, Path(d) / "r", every=365, workers=workers,
                                   engine="numba")
            return time.perf_counter() - t0, res, peak_rss_mb()
        with _local_cluster(distributed, workers) as lc, distributed.Client(lc):
            t0 = time.perf_counter()
            res = run_cohort_study(pop, SCENARIO, Path(d) / "r", every=365,
                                   scheduler=lc.scheduler_address, engine="numba")
            return time.perf_counter() - t0, res, peak_rss_mb()


def cache_load_seconds() -> float:
    """Seconds a fresh process takes to load the kernel (from the cache once compiled)."""
    code = ("import time; t = time.perf_counter(); "
            "from runlean.science.hall2011_fast import warm_up; warm_up(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=900)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", default="10000,100000,1000000")
    ap.add_argument("--numpy-max", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each study configuration (medians are reported)")
    ap.add_argument("--cold", action="store_true",
                    help="delete numba's on-disk cache of the kernel first")
    args = ap.parse_args()
    sizes = [int(s) for s in args.people.split(",")]
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()}")

    if args.cold:
        import runlean.science as sci

        for f in (Path(sci.__file__).parent / "__pycache__").glob("hall2011_kernel*.nb*"):
            f.unlink()
    compile_s = cache_load_seconds()
    load_s = cache_load_seconds()
    print(f"numba kernel: first load in a fresh process {compile_s:.1f} s "
          f"({'first-ever compile, cache was cold' if args.cold else 'cache possibly warm'}); "
          f"second fresh process {load_s:.2f} s (loaded from the cache, no recompile)")
    from runlean.science.hall2011_fast import warm_up

    warm_up()

    ivp = solve_ivp_rate()
    bw = bw_rate()
    print(f"solve_ivp loop (20 people, RK45 rtol 1e-6): {ivp:,.0f} person-days/s")
    print("R bw: " + (f"{bw:,.0f} person-days/s (10 000 people)" if bw else
                      "skipped (R and the bw package are not installed; CRAN is not "
                      "reachable from this machine)"))

    rows = []
    peak: dict[tuple[int, str], float] = {}
    dask_wall: dict[tuple[int, str], float] = {}
    dask_cpu: dict[tuple[int, str], float] = {}
    work = tempfile.mkdtemp(prefix="bench-cohort-")
    for n in sizes:
        pop = population(n)
        rec: dict[str, object] = {"people": n}
        rec["numba daily"], rec["numba daily /cpu"] = kernel_rate(pop, "numba", True)
        rec["numba daily, buffer"], rec["numba daily, buffer /cpu"] = kernel_rate(
            pop, "numba", True, reuse=True)
        rec["numba final"], rec["numba final /cpu"] = kernel_rate(pop, "numba", False)
        if n <= args.numpy_max:
            rec["numpy daily"], rec["numpy daily /cpu"] = kernel_rate(pop, "numpy", True)
        pop_file = Path(work) / f"population-{n}.parquet"
        pop.to_parquet(pop_file, index=False)
        runs: list[tuple[str, int | None, str | None]] = [
            ("in process", 1, None), ("dask 1w", 1, "started"),
            (f"dask {args.workers}w", args.workers, "started"),
            (f"dask {args.workers}w +start", args.workers, None)]
        if _small_run(n, DAYS, 2):   # the command's default stays in process: every core
            runs.insert(1, ("default", None, None))
        walls: dict[str, list[float]] = {label: [] for label, _, _ in runs}
        cpus: dict[str, list[float]] = {label: [] for label, _, _ in runs}
        for rep in range(args.repeat):      # interleaved, so that drifts hit every run
            for label, w, cluster in runs:
                wall, res, driver_mb = study(pop_file, w, cluster)
                walls[label].append(wall)
                cpus[label].append(res.worker_cpu_seconds)
                peak[(n, label)] = max(peak.get((n, label), 0.0), res.peak_worker_rss_mb)
                print(f"  {n:>10,} people, {label:<16} #{rep + 1} [{res.scheduler}]: "
                      f"{wall:6.1f} s wall (simulate {res.simulate_seconds:.1f} s, summary "
                      f"{res.summary_seconds:.1f} s; partitions {res.worker_cpu_seconds:.1f} "
                      f"CPU-s on the workers), peak worker RSS {res.peak_worker_rss_mb:,.0f} "
                      f"MB, driver peak {driver_mb:,.0f} MB, load average "
                      f"{os.getloadavg()[0]:.1f}", flush=True)
        for label, _, _ in runs:
            dask_wall[(n, label)] = float(np.median(walls[label]))
            dask_cpu[(n, label)] = float(np.median(cpus[label]))
            rec[label] = n * DAYS / dask_wall[(n, label)]
            if args.repeat > 1:
                print(f"  {n:>10,} people, {label:<16} wall min/median/max "
                      f"{min(walls[label]):.1f} / {dask_wall[(n, label)]:.1f} / "
                      f"{max(walls[label]):.1f} s")
        pop_file.unlink()
        rows.append(rec)
        print(f"done {n:,} people; load average {os.getloadavg()[0]:.2f}", flush=True)

    n0 = sizes[0]
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        res = run_cohort_study(population(n0), SCENARIO, Path(d) / "w", every=7,
                               workers=1, engine="numba")
        weekly = time.perf_counter() - t0
    print(f"weekly output (every=7), {n0:,} people in process: {weekly:.2f} s wall "
          f"(simulate {res.simulate_seconds:.2f} s, summary {res.summary_seconds:.2f} s)")

    print("\nThroughput, person-days per second (×solve_ivp loop in brackets):")
    cols = ["numba daily", "numba final", "numpy daily", "in process", "default", "dask 1w",
            f"dask {args.workers}w", f"dask {args.workers}w +start"]
    print(f"{'people':>11} " + " ".join(f"{c:>22}" for c in cols)
          + ("" if bw is None else f" {'×bw (numba daily)':>18}"))
    for rec in rows:
        cells = []
        for c in cols:
            v = rec.get(c)
            cells.append(f"{v / 1e6:9.2f} M (×{v / ivp:6,.0f})" if isinstance(v, float)
                         else f"{'not run':>22}")
        extra = "" if bw is None else f" {float(rec['numba daily']) / bw:18.1f}"  # type: ignore[arg-type]
        print(f"{rec['people']:>11,} " + " ".join(cells) + extra)
    print("\nPer CPU-second (one core), kernel only:")
    for rec in rows:
        parts = [f"{c} {float(rec[c + ' /cpu']) / 1e6:.1f} M" for c in
                 ("numba daily", "numba daily, buffer", "numba final", "numpy daily")
                 if c + " /cpu" in rec]
        print(f"  {rec['people']:>10,}: " + ", ".join(parts))

    for n in sizes:
        if (n, "default") in dask_wall:
            print(f"{n:,} people × {DAYS} days through the command's default path (in this "
                  f"process, the kernel on every core), median of {args.repeat}: "
                  f"{dask_wall[(n, 'default')]:.1f} s wall (one core: "
                  f"{dask_wall[(n, 'in process')]:.1f} s; target for 10^6: ≤ 10 s)")
    big = sizes[-1]
    w2 = args.workers
    d1, d2, d2s, inp = "dask 1w", f"dask {w2}w", f"dask {w2}w +start", "in process"
    print(f"\n1 → {w2} workers at {big:,} people, medians of {args.repeat} (load average "
          f"now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; target ≥ 1.8 at 10^7):")
    print(f"  Dask, clusters started beforehand: {dask_wall[(big, d1)]:.1f} s → "
          f"{dask_wall[(big, d2)]:.1f} s, ×{dask_wall[(big, d1)] / dask_wall[(big, d2)]:.2f}; "
          f"CPU-seconds of the partitions {dask_cpu[(big, d1)]:.1f} vs "
          f"{dask_cpu[(big, d2)]:.1f}")
    print(f"  in process → {w2} workers, the cluster's start-up included: "
          f"{dask_wall[(big, inp)]:.1f} s → {dask_wall[(big, d2s)]:.1f} s, "
          f"×{dask_wall[(big, inp)] / dask_wall[(big, d2s)]:.2f}")
    print(f"peak memory at {big:,} people: a Dask worker {peak[(big, d2)]:,.0f} MB (target "
          f"< 1 GB; bounded by the partition, not the population); the in-process run "
          f"{peak[(big, inp)]:,.0f} MB (the benchmark process, which "
          f"also generated the population)")
    per_core = big * DAYS / dask_cpu[(big, d2)]
    per_core_k = float(rows[-1]["numba final /cpu"])  # type: ignore[arg-type]
    eff = 0.9
    pd_total = 1e8 * 3650
    print("\n10^8 people × 10 years (3.65·10^11 person-days), extrapolated:")
    print(f"  from the measured throughput of the whole partition task on a Dask worker at "
          f"{big:,} people ({per_core / 1e6:.1f} M person-days per worker CPU-second: "
          f"baseline, kernel ({per_core_k / 1e6:.1f} M/CPU-s alone), regional fat, Parquet); "
          f"assumptions: every core runs one worker fully (no other load), {eff:.0%} of "
          f"wall time goes to partitions (scheduling, start-up and the summary take the "
          f"rest), output sampled rarely (every 30+ days; daily output is ~1.5× slower in "
          f"the kernel and 10 years of it is 2.6 TB), results on a file system that keeps "
          f"up, the population read from its file partition by partition by the workers "
          f"(as here)")
    for cores in (2, 16, 64, 256, 1024):
        t = pd_total / (per_core * cores * eff)
        print(f"  {cores:>5} cores: {t / 3600:8.2f} h")


if __name__ == "__main__":
    main()
