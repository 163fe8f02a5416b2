"""Server time of the web app's main pages, and 20 concurrent clients browsing for 60 s.

Store: the example runner with the example plan, a year of daily logs (weight, intake with
macros, sleep; a weekly waist) and 300 activities (:mod:`benchmarks.web_store`).

1. **Server time** per page, in process through FastAPI's test client (no network): median
   and 95th percentile of ``--requests`` requests each, warm (the status report is reused
   while nothing changes). Also the first Today after a new log (the status is recomputed:
   Hall's model fitted to a year of logs). Baseline measured in the same run: a static file
   through the same stack. Targets: Today and Activities median < 100 ms, p95 < 250 ms.
2. **Load**: a real uvicorn server on 127.0.0.1 and ``--clients`` threads, each browsing
   Today, Activities, Plan, Logs and an activity page in turn for ``--duration`` seconds
   (bounded in time; loopback only). Reports requests/s, latency percentiles and errors.

Run: ``python benchmarks/bench_web.py [--requests 40] [--clients 20] [--duration 60]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "src")]

PAGES = ("/today", "/activities", "/plan", "/logs", "/activities/150", "/api/v1/status",
         "/api/v1/activities?limit=50")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def server_times(data_dir: Path, n: int) -> None:
    from fastapi.testclient import TestClient

    from runlean.web.app import create_app

    app = create_app(data_dir)
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        for path in ("/static/app.css", *PAGES):  # warm-up: caches, templates, imports
            assert c.get(path).status_code == 200, path
        rows = []
        for path in ("/static/app.css", *PAGES):
            times = []
            for _ in range(n):
                t0 = time.perf_counter()
                r = c.get(path)
                times.append(1000 * (time.perf_counter() - t0))
                assert r.status_code == 200
            rows.append((path, statistics.median(times), pct(times, 95)))
        base = rows[0][1]
        print(f"Server time over {n} requests per page (in process) [ms]")
        print(f"{'page':32s} {'median':>8s} {'p95':>8s} {'x static':>9s}")
        for path, med, p95 in rows:
            print(f"{path:32s} {med:8.1f} {p95:8.1f} {med / base:9.1f}")
        token = c.get("/api/v1/csrf").json()["csrf_token"]
        cold = []
        for k in range(3):
            r = c.post("/api/v1/logs/sleep", json={"hours": 7 + 0.1 * k},
                       headers={"X-CSRF-Token": token})
            assert r.status_code == 201
            t0 = time.perf_counter()
            assert c.get("/today").status_code == 200
            cold.append(1000 * (time.perf_counter() - t0))
        print(f"/today right after a new log (status recomputed): median "
              f"{statistics.median(cold):.0f} ms")
        for path, med, p95 in rows:
            if path in ("/today", "/activities"):
                ok = med < 100 and p95 < 250
                print(f"target {path}: median < 100 ms and p95 < 250 ms: "
                      f"{'met' if ok else 'MISSED'}")


def load(data_dir: Path, clients: int, duration: float) -> None:
    import httpx

    sys.path.insert(0, str(REPO))
    from tests.web.live import start_server

    live = start_server(data_dir)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration

    def browse(k: int) -> None:
        mine, bad = [], []
        with httpx.Client(base_url=live.url, timeout=30) as client:
            i = k
            while time.perf_counter() < stop_at:
                path = PAGES[i % len(PAGES)]
                i += 1
                t0 = time.perf_counter()
                try:
                    r = client.get(path)
                    if r.status_code != 200:
                        bad.append(f"{path}: {r.status_code}")
                except httpx.HTTPError as exc:
                    bad.append(f"{path}: {exc!r}")
                mine.append(1000 * (time.perf_counter() - t0))
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=browse, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    live.stop()
    print(f"\n{clients} clients for {wall:.0f} s over {live.url}: {len(latencies)} requests, "
          f"{len(latencies) / wall:.1f} requests/s, {len(errors)} errors")
    print(f"latency [ms]: median {statistics.median(latencies):.0f}, p90 "
          f"{pct(latencies, 90):.0f}, p95 {pct(latencies, 95):.0f}, p99 "
          f"{pct(latencies, 99):.0f}, max {max(latencies):.0f}")
    for e in errors[:5]:
        print("  error:", e)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=60.0)
    args = ap.parse_args()
    os.environ.pop("RUNLEAN_DATABASE_URL", None)
    from runlean.tracking.logs import local_today

    sys.path.insert(0, str(REPO / "benchmarks"))
    from web_store import build_store

    with tempfile.TemporaryDirectory(prefix="runlean-bench-web-") as tmp:
        data_dir = Path(tmp)
        t0 = time.perf_counter()
        build_store(data_dir, local_today())
        print(f"store built in {time.perf_counter() - t0:.1f} s: a year of daily logs, "
              "300 activities\n")
        server_times(data_dir, args.requests)
        load(data_dir, args.clients, args.duration)


if __name__ == "__main__":
    main()
