"""``runlean cohort``: a population under a scenario, on Dask, results as Parquet.

:func:`run_cohort_study` is the service (and public Python API) behind the command:

1. validate the scenario (:mod:`runlean.cohort.scenario`) and the table's columns, then
   hand the table out in partitions of rows (a file is read partition by partition, so
   this process never holds the whole population);
2. on each worker (a local cluster with one worker process per core, any cluster given by
   its address, or this process, the kernel then on every core): validate the partition's
   rows (:mod:`runlean.cohort.population`; bad rows are left out and listed in
   ``RESULTS/rejected_rows.csv`` with their row numbers in the file), cost the running
   programme, simulate with the vectorised engine (the cached numba kernel, or NumPy) and
   write ``RESULTS/trajectories/part-NNNNN.parquet`` (to a temporary name, then renamed: a
   file there is always complete), so memory is bounded by the partition;
3. summarise each recorded day from the partition files, one day per task
   (:mod:`runlean.cohort.summary`, reading one partition at a time) into
   ``RESULTS/summary.parquet``, and record the run in ``RESULTS/manifest.json``.

Trajectories are sampled every ``every`` days, always with day 0 and the last day. Each
partition file is time-major: one row group per recorded day holding every person of the
partition, with the columns of :data:`TRAJECTORY_COLUMNS`, then ``sex`` and the grouping
columns as text.

Results do not depend on the partitioning or the number of workers: each person's
integration touches only that person's numbers (bit-identical in the numba kernel); counts,
shares and percentiles of the summary are exact, and its means and SDs are merged partition
by partition (identical to rounding, below 1e-9 kg).

With a remote cluster, the workers need runlean installed, and ``RESULTS`` and the
population file on a file system they share with this process (at the same paths).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from runlean.cohort.population import (
    MAX_GROUP_VALUES,
    FileSlice,
    Population,
    RejectedRow,
    TableSource,
    check_columns,
    no_valid_row,
    too_many_group_values,
    validate_rows,
)
from runlean.cohort.programme import (
    RunningProgramme,
    check_applies_to,
    programme_kcal_per_day,
    programme_members,
    programme_schedule,
)
from runlean.cohort.scenario import parse_cohort_scenario
from runlean.cohort.summary import (
    SUMMARY_VARIABLES,
    Group,
    Part,
    group_labels,
    summarise_day,
    summary_columns,
)
from runlean.errors import InvalidInputError, RunleanError
from runlean.simulate import ScenarioInputs

#: Trajectory columns, in order (then ``sex`` and the grouping columns, as text).
TRAJECTORY_COLUMNS = ("person_id", "day", "weight_kg", "fat_kg", "fat_free_kg", "lean_kg",
                      "leg_fat_kg", "arm_fat_kg", "trunk_fat_kg", "expenditure_kcal_per_day",
                      "intake_kcal_per_day", "bmi_kg_m2")
#: Recorded values per partition held in memory at once (bounds a worker's memory): the
#: partition size is this divided by the number of recorded days, within
#: :data:`PARTITION_SIZE_BOUNDS`.
PARTITION_VALUES = 2_000_000
#: People per partition: at most 100 000 (measured on 10⁷ people: 10–15 % faster than
#: 50 000, the kernel as fast, fewer files to summarise); at most 50 000 when the running
#: programme makes each person a daily input series (people × days numbers in memory).
PARTITION_SIZE_BOUNDS = (1_024, 100_000)
SERIES_PARTITION_MAX = 50_000
#: Without ``workers``, runs of fewer person-days (each recorded day counted as
#: :data:`RECORDED_DAY_COST` more) stay in this process, the kernel on one numba thread per
#: core. Measured on two idle cores (Zen 3, AVX2; ``benchmarks/results``, day 0 and 365
#: recorded): 10⁶ people take 7.1 s here and 9.6 s on a local cluster of two workers started
#: for the run (~3 s of it the start), 10⁷ people 72 s and 66 s: they break even near
#: 3·10⁶ people (1.3·10⁹ person-days with the records). On the Zen 5 (AVX-512) machine of
#: earlier runs, the kernel then on one thread here, they broke even near 9·10⁸.
IN_PROCESS_MAX_PERSON_DAYS = 1_100_000_000
#: A recorded day of a person costs about as much as this many simulated days (writing it and
#: summarising it: 0.31 s per 10⁶ people and recorded day, against 7.7 ns per person-day in
#: the kernel; measured with weekly records of 10⁶ people).
RECORDED_DAY_COST = 40
#: Partitions in flight per worker (bounds the data held by the scheduler).
IN_FLIGHT_PER_WORKER = 2
#: The preload module of the local cluster's workers (``dask worker --preload`` it on a
#: cluster of your own).
WORKER_PRELOAD = "runlean.cohort.worker"

Engine = Literal["auto", "numpy", "numba"]
Progress = Callable[[str, int, int], None]


class CohortInterrupted(RunleanError):
    """The run was stopped (Ctrl-C); finished partitions are complete and readable."""

    exit_code = 130


@dataclass(frozen=True)
class CohortRunSpec(ScenarioInputs):
    """What every partition needs besides its people (sent once to each worker): the
    scenario's inputs and how to run and write them."""

    record_days: np.ndarray
    programme: RunningProgramme | None
    programme_on: np.ndarray | None
    engine: str
    out_dir: str


@dataclass(frozen=True)
class PartitionTask:
    """One partition: its index and its rows of the population table, or where to read them
    (validated on the worker; ``first_row`` is the number of the first), or its already
    validated people."""

    index: int
    rows: pd.DataFrame | FileSlice | Population
    first_row: int


@dataclass(frozen=True)
class PartitionDone:
    """A finished partition: its valid people, written to ``file`` (None when it has none),
    the rows left out, and the values each grouping column (``sex`` first) takes in it."""

    index: int
    rows: int
    people: int
    file: str | None
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    rejected: tuple[RejectedRow, ...]
    group_values: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class CohortResult:
    """What a cohort run produced (see :func:`run_cohort_study`)."""

    out_dir: Path
    people: int
    rejected: tuple[RejectedRow, ...]
    days: int
    record_days: np.ndarray
    partitions: int
    engine: str
    scheduler: str
    workers: int
    simulate_seconds: float
    summary_seconds: float
    peak_worker_rss_mb: float
    summary: pd.DataFrame
    #: CPU seconds the partitions took on their workers, summed.
    worker_cpu_seconds: float = 0.0

    @property
    def summary_path(self) -> Path:
        """``RESULTS/summary.parquet``."""
        return self.out_dir / "summary.parquet"

    @property
    def trajectories_dir(self) -> Path:
        """``RESULTS/trajectories/``."""
        return self.out_dir / "trajectories"


def record_days_every(days: int, every: int) -> np.ndarray:
    """Days 0, every, 2·every, … and always the last day ``days``."""
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise InvalidInputError("--every", every, "a whole number of days, at least 1")
    rd = np.arange(0, days + 1, every, dtype=np.int64)
    return rd if rd[-1] == days else np.append(rd, days)


def _constant_or_series(x: np.ndarray) -> float | np.ndarray:
    """A shared daily series: a scalar when constant (the kernel then computes once)."""
    return float(x[0]) if np.all(x == x[0]) else x[None, :]


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def peak_rss_mb() -> float:
    """Peak resident memory of this process [MB].

    ``VmHWM`` from ``/proc/self/status`` where there is one (it starts afresh in a spawned
    worker, whereas ``ru_maxrss`` also counts the parent it was forked from), else
    ``ru_maxrss``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _programme_series(spec: CohortRunSpec) -> bool:
    """Whether the running programme makes each person's extra activity a daily series (it
    starts or stops during the run, or adds to a shared series that changes)."""
    extra = spec.extra_activity_kcal_per_day
    return spec.programme_on is not None and not (
        bool(np.all(spec.programme_on == 1.0)) and bool(np.all(extra == extra[0])))


def _partition_people(task: PartitionTask, spec: CohortRunSpec
                      ) -> tuple[Population, tuple[RejectedRow, ...]]:
    """The partition's valid people and the rows left out (validation, intake floor)."""
    rejected: tuple[RejectedRow, ...] = ()
    if isinstance(task.rows, Population):
        pop = task.rows
    else:
        table = task.rows.read() if isinstance(task.rows, FileSlice) else task.rows
        pop = validate_rows(table, task.first_row)
        rejected = pop.rejected
    pop, low = _intake_floor(pop, spec)
    return pop, tuple(sorted(rejected + low, key=lambda r: r.row))


def simulate_partition(task: PartitionTask, spec: CohortRunSpec, threads: int = 1
                       ) -> PartitionDone:
    """Validate, simulate and write one partition (runs on a worker).

    ``threads``: numba threads integrating the partition's people (1 on a Dask worker, which
    has a core of its own; every core when the run stays in this process). Writes
    ``part-NNNNN.parquet.tmp`` and renames it to ``part-NNNNN.parquet`` when complete (no
    file when no row of the partition is valid).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from runlean.science.hall2011 import PARAMETER_SETS, hall_baseline, regional_fat_kg
    from runlean.science.hall2011_fast import simulate_days_fast
    from runlean.science.regional_fat import regional_fat_shares

    t0, c0 = time.perf_counter(), time.process_time()
    rows = (len(task.rows) if isinstance(task.rows, pd.DataFrame)
            else task.rows.rows if isinstance(task.rows, FileSlice) else task.rows.n)
    p, rejected = _partition_people(task, spec)
    n = p.n
    labels = {"sex": np.where(p.male, "male", "female"), **p.groups}
    encoded = {col: np.unique(v, return_inverse=True) for col, v in labels.items()}
    group_values = {col: tuple(uniq.tolist()) for col, (uniq, _) in encoded.items()}
    if n == 0:
        return PartitionDone(task.index, rows, 0, None, time.perf_counter() - t0,
                             time.process_time() - c0, peak_rss_mb(), rejected, group_values)
    if spec.programme is not None:
        member = programme_members(spec.programme, p.groups, p.bmi)
        prog_kcal = programme_kcal_per_day(spec.programme, p.weight_kg,
                                           p.vo2max_ml_per_kg_min, member)
    base = hall_baseline(p.male, p.age_years, p.height_cm, p.weight_kg,
                         body_fat_pct=p.body_fat_pct, pal=p.pal,
                         intake_kcal_per_day=p.baseline_intake_kcal_per_day,
                         carb_fraction_baseline=spec.carb_fraction_baseline,
                         params=PARAMETER_SETS[spec.parameter_set])
    shared_extra = spec.extra_activity_kcal_per_day
    extra: float | np.ndarray
    if spec.programme_on is None:
        extra = _constant_or_series(shared_extra)
    elif not _programme_series(spec):
        extra = (prog_kcal + shared_extra[0])[:, None]
    else:
        extra = shared_extra[None, :] + prog_kcal[:, None] * spec.programme_on[None, :]
    traj = simulate_days_fast(
        base, spec.days, spec.record_days,
        _constant_or_series(spec.intake_change_kcal_per_day),
        _constant_or_series(spec.activity_change_pct), extra,
        _constant_or_series(spec.carb_fraction),
        _constant_or_series(spec.sodium_change_mg_per_day),
        lean_multiplier=spec.lean_multiplier, engine=spec.engine,  # type: ignore[arg-type]
        threads=threads)
    # Regional fat at baseline: measured (scaled down to the fat mass if above it), else
    # the average shares by sex.
    fat0 = base.fat0
    measured = np.stack([p.legs_kg, p.arms_kg, p.trunk_kg])
    has = ~np.isnan(measured[0])
    shares = np.array([regional_fat_shares(bool(m)) for m in (False, True)])[
        p.male.astype(int)].T
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(has, np.minimum(1.0, fat0 / measured.sum(axis=0)), 1.0)
    regional0 = np.where(has, measured * scale, shares * fat0)
    # Time-major (recorded days, people): .T of the trajectory's (people, days) views.
    weight, fat, lean = traj.weight.T, traj.fat.T, traj.lean.T
    legs, arms, trunk = regional_fat_kg(fat0, traj.fat, regional0[0], regional0[1],
                                        regional0[2], spec.leg_fat_exponent)
    k = spec.record_days.shape[0]
    columns = {
        "person_id": np.tile(p.person_id, k),
        "day": np.repeat(spec.record_days.astype(np.int32), n),
        "weight_kg": weight.reshape(-1), "fat_kg": fat.reshape(-1),
        "fat_free_kg": (weight - fat).reshape(-1), "lean_kg": lean.reshape(-1),
        "leg_fat_kg": legs.T.reshape(-1), "arm_fat_kg": arms.T.reshape(-1),
        "trunk_fat_kg": trunk.T.reshape(-1),
        "expenditure_kcal_per_day": traj.expenditure.T.reshape(-1),
        "intake_kcal_per_day": traj.intake.T.reshape(-1),
        "bmi_kg_m2": (weight / (p.height_cm / 100.0) ** 2).reshape(-1),
    }
    table = pa.table({name: columns[name] for name in TRAJECTORY_COLUMNS})
    for col, (uniq, idx) in encoded.items():  # as dictionaries: an index per row
        table = table.append_column(col, pa.DictionaryArray.from_arrays(
            pa.array(np.tile(idx.astype(np.int32), k)), pa.array(uniq.tolist())))
    final = Path(spec.out_dir) / "trajectories" / f"part-{task.index:05d}.parquet"
    tmp = final.with_name(final.name + ".tmp")
    # One row group per recorded day; dictionary encoding only where values repeat (on
    # the floats it is tried and dropped, which took 3/4 of the write).
    pq.write_table(table, tmp, row_group_size=n, use_dictionary=["day", *labels])
    os.replace(tmp, final)
    return PartitionDone(task.index, rows, n, final.name, time.perf_counter() - t0,
                         time.process_time() - c0, peak_rss_mb(), rejected, group_values)


def _day_parts(k: int, files: list[str], columns: list[str],
               codes_of: Mapping[str, Mapping[str, int]]) -> Iterator[Part]:
    """Row group ``k`` (one recorded day) of each partition file, in order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for f in files:
        t = pq.ParquetFile(f).read_row_group(
            k, columns=[*SUMMARY_VARIABLES, "bmi_kg_m2", *columns])
        part: dict[str, np.ndarray] = {
            v: t.column(v).to_numpy() for v in (*SUMMARY_VARIABLES, "bmi_kg_m2")}
        for col in columns:
            arr = t.column(col).combine_chunks()
            if not pa.types.is_dictionary(arr.type):
                arr = arr.dictionary_encode()
            known = codes_of[col]
            lookup = np.array([known[str(v)] for v in arr.dictionary.to_pylist()],
                              dtype=np.int64)
            part[col] = lookup[arr.indices.to_numpy(zero_copy_only=False)]
        yield part


def summarise_recorded_day(k: int, day: int, files: list[str], groups: list[Group]
                           ) -> list[dict[str, object]]:
    """Summary rows of recorded day number ``k`` (row group ``k`` of every partition file)."""
    values: dict[str, list[str]] = {}
    for _, col, val in groups:
        if col is not None:
            values.setdefault(col, []).append(str(val))
    codes_of = {col: {v: i for i, v in enumerate(vals)} for col, vals in values.items()}
    return summarise_day(day, lambda: _day_parts(k, files, list(values), codes_of), groups,
                         codes_of)


def _small_run(people: int, days: int, recorded: int) -> bool:
    """Whether a run is quicker in this process than on a local cluster it must start."""
    return people * (days + RECORDED_DAY_COST * recorded) <= IN_PROCESS_MAX_PERSON_DAYS


def _partition_size(n: int, recorded: int, workers: int, series: bool) -> int:
    """People per partition: :data:`PARTITION_VALUES` recorded values, bounded (``series``:
    by :data:`SERIES_PARTITION_MAX` too), and small enough that every worker gets work (at
    least 256 people)."""
    size = int(np.clip(PARTITION_VALUES // recorded, *PARTITION_SIZE_BOUNDS))
    if series:
        size = min(size, SERIES_PARTITION_MAX)
    if workers > 1:
        size = min(size, max(256, -(-n // (IN_FLIGHT_PER_WORKER * workers))))
    return size


def _intake_floor(pop: Population, spec: ScenarioInputs
                  ) -> tuple[Population, tuple[RejectedRow, ...]]:
    """Leave out people whose intake would fall below 0 kcal/d (reported like bad rows)."""
    low = float(np.min(spec.intake_change_kcal_per_day))
    if low >= 0.0 or pop.n == 0:
        return pop, ()
    from runlean.science.hall2011 import PARAMETER_SETS, hall_baseline

    intake0 = hall_baseline(pop.male, pop.age_years, pop.height_cm, pop.weight_kg,
                            body_fat_pct=pop.body_fat_pct, pal=pop.pal,
                            intake_kcal_per_day=pop.baseline_intake_kcal_per_day,
                            carb_fraction_baseline=spec.carb_fraction_baseline,
                            params=PARAMETER_SETS[spec.parameter_set]).intake0
    bad = intake0 + low < 0.0
    if not np.any(bad):
        return pop, ()
    out = tuple(RejectedRow(int(pop.rows[i]), "intake_change_kcal_per_day", low,
                            f"intake_change_kcal_per_day: got {low:g}; expected an intake "
                            f"of at least 0 kcal/day (baseline intake {intake0[i]:.0f} "
                            f"kcal/day).") for i in np.flatnonzero(bad))
    return pop.take(np.flatnonzero(~bad)), out


def _prepare_out(out_dir: Path, overwrite: bool) -> None:
    traj = out_dir / "trajectories"
    ours = [traj, out_dir / "summary.parquet", out_dir / "manifest.json",
            out_dir / "rejected_rows.csv"]
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInputError("--out", str(out_dir), "a folder (this is a file)")
    if any(p.exists() for p in ours):
        if not overwrite:
            raise InvalidInputError("--out", str(out_dir),
                                    "a new or empty folder (it holds cohort results already; "
                                    "choose another or pass --overwrite)")
        shutil.rmtree(traj, ignore_errors=True)
        for p in ours[1:]:
            p.unlink(missing_ok=True)
    try:
        traj.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError("--out", str(out_dir),
                                f"a folder that can be created ({exc.strerror})") from None


def _write_rejected(out_dir: Path, rejected: tuple[RejectedRow, ...]) -> None:
    pd.DataFrame({"row": [r.row for r in rejected], "field": [r.field for r in rejected],
                  "value": [r.value for r in rejected], "reason": [r.reason for r in rejected]}
                 ).to_csv(out_dir / "rejected_rows.csv", index=False)


def _write_manifest(out_dir: Path, status: str, info: Mapping[str, Any]) -> None:
    data = {"status": status, **info}
    tmp = out_dir / "manifest.json.tmp"
    tmp.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / "manifest.json")


class _InProcess:
    """Runs partitions one by one here (the single-process path), the kernel on ``threads``
    of numba's threads."""

    name = "in-process"
    workers = 1

    def __init__(self, threads: int) -> None:
        self.threads = threads

    def map_partitions(self, tasks: Iterator[PartitionTask], spec: CohortRunSpec
                       ) -> Iterator[PartitionDone]:
        for task in tasks:
            yield simulate_partition(task, spec, self.threads)

    def map_days(self, jobs: list[tuple[int, int]], files: list[str], groups: list[Group]
                 ) -> Iterator[list[dict[str, object]]]:
        for k, day in jobs:
            yield summarise_recorded_day(k, day, files, groups)

    def close(self) -> None:
        return None


def _local_cluster(dist: Any, workers: int) -> Any:
    """A local cluster of ``workers`` single-threaded worker processes, started without
    Dask's ``MALLOC_TRIM_THRESHOLD_`` and with :mod:`runlean.cohort.worker` as their preload
    (each worker loads the kernel as it starts, not on its first partition).

    Dask sets that variable in its workers so that they give freed memory back to the
    system at once; setting it also stops glibc from raising its mmap threshold, so every
    array above 128 kB is mapped afresh and page-faulted in. Measured here: one day's summary
    of 10⁷ people took 8.3 s (7.9 s CPU, 1.6 million page faults) in a Dask worker against
    2.9 s in a plain process. The workers' memory is bounded by their partitions anyway.
    """
    import dask

    key = "MALLOC_TRIM_THRESHOLD_"
    inherited = os.environ.pop(key, None)    # Dask writes it into the starting process too
    try:
        with dask.config.set({f"distributed.nanny.pre-spawn-environ.{key}": None}):
            return dist.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=logging.ERROR,
                                     preload=[WORKER_PRELOAD])
    finally:
        os.environ.pop(key, None)
        if inherited is not None:
            os.environ[key] = inherited


class _Dask:
    """Runs partitions on a Dask cluster (a local one, or one given by its address)."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        import importlib

        dist: Any = importlib.import_module("distributed")
        self._dist = dist
        self.cluster: Any = None
        if scheduler is None:
            self.cluster = _local_cluster(dist, workers)
            self.client: Any = dist.Client(self.cluster)
            self.name = f"local Dask cluster of {workers} worker processes"
        else:
            try:
                self.client = dist.Client(scheduler, timeout=10)
            except (OSError, TimeoutError, ValueError) as exc:
                raise InvalidInputError("--scheduler", scheduler,
                                        f"the address of a running Dask scheduler ({exc})"
                                        ) from None
            self.name = f"Dask cluster at {scheduler}"
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def _window(self, submit: Callable[[Any], Any], items: Iterator[Any]) -> Iterator[Any]:
        limit = IN_FLIGHT_PER_WORKER * self.workers
        pending = self._dist.as_completed()
        count = 0
        for item in items:
            pending.add(submit(item))
            count += 1
            if count >= limit:
                yield next(pending).result()
                count -= 1
        for fut in pending:
            yield fut.result()

    def map_partitions(self, tasks: Iterator[PartitionTask], spec: CohortRunSpec
                       ) -> Iterator[PartitionDone]:
        spec_f = self.client.scatter(spec, broadcast=True)
        yield from self._window(
            lambda t: self.client.submit(simulate_partition, t, spec_f, pure=False), tasks)

    def map_days(self, jobs: list[tuple[int, int]], files: list[str], groups: list[Group]
                 ) -> Iterator[list[dict[str, object]]]:
        yield from self._window(
            lambda job: self.client.submit(summarise_recorded_day, job[0], job[1], files,
                                           groups, pure=False), iter(jobs))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_cohort_study(
    population: pd.DataFrame | Population | TableSource | str | Path,
    scenario: Mapping[str, Any],
    out_dir: str | Path,
    *,
    every: int = 7,
    scheduler: str | None = None,
    workers: int | None = None,
    engine: Engine = "auto",
    partition_size: int | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> CohortResult:
    """Simulate a population under a scenario and write Parquet results (module docstring).

    Parameters
    ----------
    population
        The population table: a file (``.csv`` or ``.parquet``, read partition by partition,
        also as a :class:`TableSource`), a table in memory, or an already validated
        :class:`Population`. Rows are validated on the workers, partition by partition.
    scenario
        A cohort scenario (:mod:`runlean.cohort.scenario`).
    out_dir
        The results folder (created; must not hold results already unless ``overwrite``).
    every
        Record every ``every`` days (day 0 and the last day always) [d].
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); None = local.
    workers
        Local worker processes; 1 = in this process on one core (no Dask); None = one per
        core, or in this process for runs under :data:`IN_PROCESS_MAX_PERSON_DAYS`
        person-days (:data:`RECORDED_DAY_COST` more for each recorded day), the kernel then
        on one numba thread per core.
    engine
        ``"numba"``, ``"numpy"`` or ``"auto"`` (numba when installed).
    partition_size
        Rows per partition; None = :data:`PARTITION_VALUES` / recorded days, bounded.
    overwrite
        Replace the results of an earlier run in ``out_dir``.
    progress
        Called as ``progress(phase, done, total)`` with phase ``"simulate"`` (rows of the
        table) or ``"summarise"`` (recorded days).

    Returns
    -------
    :class:`CohortResult`.

    Raises
    ------
    InvalidInputError, ScenarioError
        Bad options, scenario or table, or a population with no valid row.
    CohortInterrupted
        Ctrl-C: the finished partitions are complete and readable; ``manifest.json`` says
        which (status ``"interrupted"``); no summary is written.
    """
    from runlean.science.hall2011_fast import numba_available, resolve_engine, warm_up

    sc = parse_cohort_scenario(scenario)
    record_days = record_days_every(sc.days, every)
    chosen = resolve_engine(engine)
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise InvalidInputError("--workers", workers, "a whole number of at least 1")
    if partition_size is not None and partition_size < 1:
        raise InvalidInputError("partition_size", partition_size, "at least 1")
    if isinstance(population, Population):
        source, group_cols = None, list(population.groups)
        total = population.n
    else:
        source = (population if isinstance(population, TableSource)
                  else TableSource.of_frame(population) if isinstance(population, pd.DataFrame)
                  else TableSource.of_file(population))
        group_cols, total = check_columns(source.columns), source.rows
    if sc.programme is not None:
        check_applies_to(sc.programme, group_cols)
    out = Path(out_dir)
    _prepare_out(out, overwrite)
    spec = CohortRunSpec(
        **{f.name: getattr(sc, f.name) for f in fields(ScenarioInputs)},
        record_days=record_days, programme=sc.programme,
        programme_on=(None if sc.programme is None
                      else programme_schedule(sc.programme, sc.days)),
        engine=chosen, out_dir=str(out.resolve()))
    local = scheduler is None and (
        workers == 1 or (workers is None and _small_run(total, sc.days, record_days.size)))
    n_workers = 1 if local else (workers or available_cores())
    size = partition_size or _partition_size(max(total, 1), record_days.size, n_workers,
                                             _programme_series(spec))

    def tasks() -> Iterator[PartitionTask]:
        if isinstance(population, Population):
            for i, start in enumerate(range(0, population.n, size)):
                people = population.take(np.arange(start, min(start + size, population.n)))
                yield PartitionTask(i, people, int(people.rows[0]) if people.n else 0)
            return
        assert source is not None
        for i, (first, rows) in enumerate(source.slices(size)):
            yield PartitionTask(i, rows, first)

    info: dict[str, Any] = {
        "people": None, "rows": total, "rejected_rows": None, "days": sc.days,
        "record_days": record_days.tolist(), "engine": chosen, "partition_size": size,
        "scenario": dict(scenario)}
    rejected: list[RejectedRow] = list(
        population.rejected if isinstance(population, Population) else ())
    if chosen == "numba" and numba_available():
        warm_up()  # compile once here (cached on disk), not in every worker at once
    runner: _InProcess | _Dask = (
        _InProcess(1 if workers == 1 or chosen != "numba" else available_cores()) if local
        else _Dask(scheduler, n_workers))
    info["scheduler"] = runner.name
    info["kernel_threads"] = runner.threads if isinstance(runner, _InProcess) else 1
    done: list[PartitionDone] = []
    values: dict[str, set[str]] = {col: set() for col in ("sex", *group_cols)}
    t0 = time.perf_counter()
    try:
        rows_done = 0
        for result in runner.map_partitions(tasks(), spec):
            done.append(result)
            rejected += result.rejected
            for col, vals in result.group_values.items():
                values[col].update(vals)
                if len(values[col]) > MAX_GROUP_VALUES:
                    raise too_many_group_values(col)
            rows_done += result.rows
            if progress is not None:
                progress("simulate", rows_done, max(total, rows_done))
        simulate_seconds = time.perf_counter() - t0
        done.sort(key=lambda d: d.index)
        rejected.sort(key=lambda r: r.row)
        _write_rejected(out, tuple(rejected))
        people = sum(d.people for d in done)
        if people == 0:
            raise no_valid_row(sum(d.rows for d in done), rejected)
        info["partitions"] = _partition_list(done)
        t1 = time.perf_counter()
        groups = group_labels(values)
        files = [str(out.resolve() / "trajectories" / d.file) for d in done if d.file]
        jobs = list(enumerate(record_days.tolist()))
        rows_by_day: list[list[dict[str, object]]] = []
        for k_done, day_rows in enumerate(runner.map_days(jobs, files, groups), start=1):
            rows_by_day.append(day_rows)
            if progress is not None:
                progress("summarise", k_done, len(jobs))
        summary_seconds = time.perf_counter() - t1
    except KeyboardInterrupt:
        for tmp in (out / "trajectories").glob("*.tmp"):
            tmp.unlink(missing_ok=True)
        finished = sorted(d.file for d in done if d.file)
        _write_manifest(out, "interrupted", {**info, "partitions": _partition_list(done),
                                             "finished_partitions": finished})
        planned = (-(-total // size) if source is None else source.partitions(size))
        of = "" if planned is None else f" of {planned}"
        raise CohortInterrupted(
            f"interrupted: {len(finished)}{of} partitions finished and readable in "
            f"{out / 'trajectories'} (listed in manifest.json); the summary was not "
            f"written") from None
    finally:
        runner.close()
    order = {label: i for i, (label, _, _) in enumerate(groups)}
    rows = [r for day_rows in rows_by_day for r in day_rows]
    rows.sort(key=lambda r: (order[str(r["group"])], int(r["day"])))  # type: ignore[call-overload]
    summary = pd.DataFrame(rows, columns=summary_columns())
    summary.to_parquet(out / "summary.parquet", index=False)
    peak = max((d.peak_rss_mb for d in done), default=0.0)
    cpu = sum(d.cpu_seconds for d in done)
    _write_manifest(out, "complete", {
        **info, "people": people, "rejected_rows": len(rejected),
        "finished_partitions": sorted(d.file for d in done if d.file),
        "simulate_seconds": simulate_seconds, "summary_seconds": summary_seconds,
        "peak_worker_rss_mb": peak, "worker_cpu_seconds": cpu})
    return CohortResult(out, people, tuple(rejected), sc.days, record_days, len(done), chosen,
                        runner.name, runner.workers, simulate_seconds, summary_seconds, peak,
                        summary, cpu)


def _partition_list(done: list[PartitionDone]) -> list[dict[str, Any]]:
    """The finished partitions for the manifest, in order."""
    out, first = [], 0
    for d in sorted(done, key=lambda d: d.index):
        out.append({"file": d.file, "first_person": first, "people": d.people,
                    "rows": d.rows})
        first += d.people
    return out
