"""Import throughput vs bare decoding, and peak memory of importing the largest file.

Corpus: the good fixture files (``fit/``, ``gpx/``, ``tcx/`` of ../shared/data/activities),
imported ``--rounds`` times (default 36 → 1 008 files). Each round imports into a SEPARATE
fresh store: copies of the same bytes would otherwise be skipped by SHA-256 (and FIT files
cannot take a trailing byte tweak without breaking their CRC), so every round runs the full
pipeline: read, sanitise, summarise, energy/load, dedupe lookup, Parquet streams, one
transaction per file.

Baseline, measured in the same run over the same files the same number of times: bare
decoding only — fitdecode iterating every frame, ``gpxpy.parse``, and ``lxml.etree`` parsing
every TCX and walking its Trackpoints. Target: our import within 2x of bare decoding.

Peak memory: a subprocess imports only the largest file into a fresh store and reports its
high-water RSS (``VmHWM`` from ``/proc/self/status``; ``ru_maxrss`` is inherited across
``exec`` on Linux, so it would report the parent's peak); a second subprocess that only
imports the modules gives the baseline.
Target: < 300 MB.

Run: ``python benchmarks/bench_import.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ACTIVITIES = REPO.parent / "shared" / "data" / "activities"


def corpus() -> list[Path]:
    return sorted(p for sub in ("fit", "gpx", "tcx") for p in (ACTIVITIES / sub).iterdir()
                  if p.is_file())


def bare_decode(path: Path) -> int:
    """Decode a file with the bare third-party parser; return the number of samples."""
    suffix = path.suffix.lower()
    if suffix == ".fit":
        import fitdecode

        n = 0
        with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.DISABLED,
                                 error_handling=fitdecode.ErrorHandling.IGNORE) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    n += 1
        return n
    if suffix == ".gpx":
        import gpxpy

        with path.open("rb") as fh:
            gpx = gpxpy.parse(fh)
        return sum(len(seg.points) for trk in gpx.tracks for seg in trk.segments)
    from lxml import etree

    root = etree.parse(str(path), etree.XMLParser(recover=True, huge_tree=True)).getroot()
    return sum(1 for el in root.iter() if isinstance(el.tag, str)
               and etree.QName(el).localname == "Trackpoint")


_MEM_SCRIPT = """
import sys, tempfile
from pathlib import Path
from runlean.store.db import open_store
from runlean.tracking.importing import import_paths
import runlean.io, runlean.io.metrics, runlean.tracking.energy, fitdecode, gpxpy, lxml.etree
import pyarrow.parquet
if sys.argv[1] != "-":
    with open_store(Path(tempfile.mkdtemp())) as store:
        report = import_paths([Path(sys.argv[1])], store)
        assert report.imported, report.failed
status = open("/proc/self/status").read().split("\\n")
print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def peak_rss_mb(path: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    out = subprocess.run([sys.executable, "-c", _MEM_SCRIPT, path], env=env, check=True,
                         capture_output=True, text=True).stdout
    return int(out.split()[-1]) / 1024.0  # VmHWM is in KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=36)
    parser.add_argument("--memory-only", action="store_true", help="Only the memory check.")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    from runlean.store.db import open_store
    from runlean.tracking.importing import import_paths

    files = corpus()
    if args.memory_only:
        report_memory(files)
        return
    n_files = len(files) * args.rounds
    print(f"corpus: {len(files)} files x {args.rounds} rounds = {n_files} files")

    # Bare decoding and our import alternate round by round, so that a change in background
    # load during the run affects both sides alike.
    samples = 0
    imported = 0
    bare_s = 0.0
    ours_s = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            gc.collect()
            t0 = time.perf_counter()
            for f in files:
                samples += bare_decode(f)
            bare_s += time.perf_counter() - t0
            gc.collect()
            t0 = time.perf_counter()
            with open_store(Path(tmp) / f"store{r}") as store:
                report = import_paths(files, store)
                imported += len(report.imported) + len(report.duplicates)
                if report.failed:
                    print("failed:", report.failed)
            ours_s += time.perf_counter() - t0

    print(f"bare decoding : {bare_s:8.2f} s  {n_files / bare_s:8.1f} files/s  "
          f"{samples / bare_s:10.0f} records/s")
    print(f"runlean import: {ours_s:8.2f} s  {n_files / ours_s:8.1f} files/s  "
          f"{samples / ours_s:10.0f} records/s  ({imported} activities incl. duplicates)")
    print(f"ratio import/bare: {ours_s / bare_s:.2f}x (target <= 2x)")

    report_memory(files)


def report_memory(files: list[Path]) -> None:
    largest = max(files, key=lambda p: p.stat().st_size)
    base = peak_rss_mb("-")
    peak = peak_rss_mb(str(largest))
    print(f"peak RSS importing {largest.name} ({largest.stat().st_size / 1e6:.1f} MB): "
          f"{peak:.0f} MB (modules alone: {base:.0f} MB; target < 300 MB)")


if __name__ == "__main__":
    main()
