"""Throughput of the vectorised Hall model vs a per-person ``solve_ivp`` loop (same run).

Usage::

    python benchmarks/bench_hall.py [--people 1000000] [--workers 2] [--chunk 50000]

Prints person-days per second for cohorts of 1, 10 000 and (by default) 1 000 000 people over
365 days with both engines (numba kernel when installed, compiled first and its compile time
reported separately; NumPy kernel), wall and CPU time, load average, peak memory (max RSS of
this process and of the worker processes; the numba run comes first), and the ratio to a
per-person ``scipy.integrate.solve_ivp`` loop measured on a sample of 20 people and
extrapolated. Target: 10⁶ person-years ≤ 10 s on two
cores with bounded memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
from scipy.integrate import solve_ivp

from runlean.cohort import DEFAULT_CHUNK_SIZE, run_cohort
from runlean.science.hall2011 import HallBaseline, hall_baseline, simulate_batch
from runlean.science.hall2011_fast import numba_available, simulate_batch_fast, warm_up

DAYS = 365


def cohort(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"male": rng.random(n) < 0.5, "age_years": rng.uniform(20, 65, n),
            "height_cm": rng.uniform(155, 195, n), "weight_kg": rng.uniform(55, 130, n),
            "pal": rng.uniform(1.4, 2.0, n), "d_ei": rng.uniform(-800, 200, n)}


def solve_ivp_person(b: HallBaseline, i: int, d_ei: float) -> float:
    """One person, paper model (5 states), scipy RK45 at rtol 1e-6; final weight [kg]."""
    p = b.params
    ei = b.intake0[i] + d_ei
    cib = b.carb_intake0[i]
    kg = b.k_g[i]
    ci = b.carb_fraction_baseline[i] * ei
    c = p.forbes_c

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        f, lean, g, ecf, at = y
        gflux = ci - kg * g * g
        bw = f + lean + ecf + 3.7 * g
        base = b.k[i] + 0.1 * d_ei + p.gamma_f * f + p.gamma_l * lean + b.delta0[i] * bw + at
        q = c / (c + f)
        x = (ei - gflux - base) / (1 + p.eta_f / p.rho_f + q * (p.eta_l / p.rho_l
                                                               - p.eta_f / p.rho_f))
        return [(1 - q) * x / p.rho_f, q * x / p.rho_l, gflux / p.rho_g,
                (-3000 * (ecf - b.ecf0[i]) - 4000 * (1 - ci / cib)) / 3220,
                (0.14 * d_ei - at) / 14]

    y0 = [b.fat0[i], b.lean0[i], 0.5, b.ecf0[i], 0.0]
    sol = solve_ivp(rhs, (0, DAYS), y0, rtol=1e-6, atol=1e-8)
    f, lean, g, ecf, _ = sol.y[:, -1]
    return float(f + lean + ecf + 3.7 * g)


def max_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def timed(fn: object) -> tuple[float, float]:
    """Wall and CPU seconds (this process + finished children) of ``fn()``."""
    c0 = os.times()
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    wall = time.perf_counter() - t0
    c1 = os.times()
    return wall, sum(c1[:4]) - sum(c0[:4])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=DEFAULT_CHUNK_SIZE)
    ap.add_argument("--numba-processes", action="store_true",
                    help="also time numba in a process pool (compiles in every worker)")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()}")

    # solve_ivp baseline on a 20-person sample, extrapolated per person-day.
    s = cohort(20)
    b = hall_baseline(s["male"], s["age_years"], s["height_cm"], s["weight_kg"], pal=s["pal"])
    t0 = time.perf_counter()
    ivp = [solve_ivp_person(b, i, s["d_ei"][i]) for i in range(20)]
    ivp_rate = 20 * DAYS / (time.perf_counter() - t0)
    rk4 = simulate_batch(b, DAYS, s["d_ei"][:, None]).weight[:, -1]
    print(f"solve_ivp loop (20 people, rtol 1e-6): {ivp_rate:,.0f} person-days/s; "
          f"max |RK4 − solve_ivp| final weight = {np.max(np.abs(rk4 - ivp)):.2e} kg")

    engines = ["numpy"]
    if numba_available():
        engines.insert(0, "numba")
        print(f"numba kernel compile time (not in the timings below): {warm_up():.1f} s "
              f"(load average {os.getloadavg()[0]:.2f})")
    else:
        print("numba not installed: NumPy engine only")

    for n in (1, 10_000):
        c = cohort(n)
        bn = hall_baseline(c["male"], c["age_years"], c["height_cm"], c["weight_kg"],
                           pal=c["pal"])
        for engine in engines:
            dt, cpu = timed(lambda bn=bn, c=c, engine=engine: simulate_batch_fast(
                bn, DAYS, c["d_ei"][:, None], final_only=True, engine=engine, threads=1))
            r = n * DAYS / dt
            print(f"batch of {n:>9,} [{engine:5}, 1 thread]: {dt:7.3f} s wall, {cpu:6.2f} s CPU, "
                  f"{r:14,.0f} person-days/s, ×{r / ivp_rate:,.1f} vs solve_ivp loop")

    n = args.people
    c = cohort(n)
    runs = [(e, None) for e in engines]
    if "numba" in engines and args.numba_processes:
        runs.append(("numba", True))
    for engine, processes in runs:
        load = os.getloadavg()[0]
        dt, cpu = timed(lambda engine=engine, processes=processes: run_cohort(
            c["male"], c["age_years"], c["height_cm"], c["weight_kg"], DAYS, pal=c["pal"],
            intake_change_kcal_per_day=c["d_ei"], chunk_size=args.chunk,
            workers=args.workers, engine=engine, processes=processes))
        r = n * DAYS / dt
        how = ("processes" if (processes or engine == "numpy") else "threads")
        print(f"cohort of {n:>9,} [{engine:5}, {args.workers} {how}, chunks of "
              f"{args.chunk:,}]: {dt:7.2f} s wall, {cpu:6.2f} s CPU "
              f"({n * DAYS / cpu:,.0f} person-days per CPU-second), {r:14,.0f} "
              f"person-days/s, ×{r / ivp_rate:,.0f} vs solve_ivp loop; load average "
              f"{load:.2f} → {os.getloadavg()[0]:.2f}")
        print(f"  target 10^6 person-years <= 10 s: "
              f"{'met' if dt * 1_000_000 / n <= 10 else 'NOT met'} "
              f"(scaled to 10^6: {dt * 1_000_000 / n:.1f} s wall, "
              f"{cpu * 1_000_000 / n:.1f} s CPU); peak RSS so far: this process "
              f"{max_rss_mb(resource.RUSAGE_SELF):,.0f} MB, largest worker "
              f"{max_rss_mb(resource.RUSAGE_CHILDREN):,.0f} MB")
    print(f"extrapolated solve_ivp time for {n:,} people: {n * DAYS / ivp_rate / 3600:,.1f} h")


if __name__ == "__main__":
    main()
