"""Population-scale runs of Hall's model (the cohort service).

* :func:`run_cohort_study` — ``runlean cohort``: a population table under a scenario
  (intake, activity, a running programme), partitioned on Dask, trajectories and a summary
  per group and day written as Parquet (:mod:`runlean.cohort.study`).
* :func:`example_population` — a synthetic adult population from the U.S. NHANES 2021–2023
  anthropometric tables (:mod:`runlean.cohort.synthetic`).
* :func:`run_cohort`, :func:`iter_cohort_chunks` — the in-memory array API: every person's
  last-day state, or full trajectories chunk by chunk (:mod:`runlean.cohort.chunks`).
"""

from __future__ import annotations

from runlean.cohort.chunks import (
    AUTO_NUMBA_MIN_PERSON_DAYS,
    DEFAULT_CHUNK_SIZE,
    CohortSummary,
    iter_cohort_chunks,
    run_cohort,
)
from runlean.cohort.population import Population, RejectedRow, load_population
from runlean.cohort.scenario import example_cohort_scenario
from runlean.cohort.study import CohortInterrupted, CohortResult, run_cohort_study
from runlean.cohort.synthetic import example_population

__all__ = [
    "AUTO_NUMBA_MIN_PERSON_DAYS",
    "DEFAULT_CHUNK_SIZE",
    "CohortInterrupted",
    "CohortResult",
    "CohortSummary",
    "Population",
    "RejectedRow",
    "example_cohort_scenario",
    "example_population",
    "iter_cohort_chunks",
    "load_population",
    "run_cohort",
    "run_cohort_study",
]
