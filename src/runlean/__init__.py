"""runlean: running for fat loss, with physiology you can check.

The public Python API is re-exported here lazily: ``import runlean`` loads only the error
classes, and ``runlean.make_plan`` (say) imports its module on first use. The same service
functions back the ``runlean`` command line.

=====================  =====================================================================
name                   what it does
=====================  =====================================================================
simulate_scenario      run Hall's model with regional fat on a scenario dict (the simulate format)
load_scenario          read a scenario JSON file
run_cohort             simulate many people at once (vectorised), summary per person
run_cohort_study       a population under a scenario on Dask, Parquet results (runlean cohort)
make_plan              a safe plan (targets, training calendar, projection) for a goal
open_store             open (create, migrate) the local database
load_profile           the stored person and habits, or None
save_profile           store the person and habits
import_paths           import activity files, folders and export archives
log_weight             log a morning weight (likewise log_intake, log_sleep, log_measurement)
status                 trend weight, real expenditure, targets, load and next steps
Person, Habits, Goal   the validated domain objects (also Preferences, RegionalFat, Activity)
=====================  =====================================================================
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from runlean.errors import (
    ActivityFileError,
    InvalidInputError,
    LogFormatError,
    NotFoundError,
    RunleanError,
    ScenarioError,
    StoreError,
    UnreachableGoalError,
    UnsafeGoalError,
)

if TYPE_CHECKING:
    from runlean.cohort import run_cohort, run_cohort_study
    from runlean.domain import Activity, Goal, Habits, Person, Preferences, RegionalFat
    from runlean.planning.plan import make_plan
    from runlean.simulate import load_scenario, simulate_scenario
    from runlean.store.db import open_store
    from runlean.store.profile import load_profile, save_profile
    from runlean.tracking.importing import import_paths
    from runlean.tracking.logs import log_intake, log_measurement, log_sleep, log_weight
    from runlean.tracking.status import status

__version__ = "0.1.0"

#: Lazily re-exported name -> module that defines it.
_LAZY: dict[str, str] = {
    "simulate_scenario": "runlean.simulate",
    "load_scenario": "runlean.simulate",
    "run_cohort": "runlean.cohort",
    "run_cohort_study": "runlean.cohort",
    "make_plan": "runlean.planning.plan",
    "open_store": "runlean.store.db",
    "load_profile": "runlean.store.profile",
    "save_profile": "runlean.store.profile",
    "import_paths": "runlean.tracking.importing",
    "log_weight": "runlean.tracking.logs",
    "log_intake": "runlean.tracking.logs",
    "log_sleep": "runlean.tracking.logs",
    "log_measurement": "runlean.tracking.logs",
    "status": "runlean.tracking.status",
    "Person": "runlean.domain",
    "Habits": "runlean.domain",
    "Goal": "runlean.domain",
    "Preferences": "runlean.domain",
    "RegionalFat": "runlean.domain",
    "Activity": "runlean.domain",
}

__all__ = [
    "Activity",
    "ActivityFileError",
    "Goal",
    "Habits",
    "InvalidInputError",
    "LogFormatError",
    "NotFoundError",
    "Person",
    "Preferences",
    "RegionalFat",
    "RunleanError",
    "ScenarioError",
    "StoreError",
    "UnreachableGoalError",
    "UnsafeGoalError",
    "__version__",
    "import_paths",
    "load_profile",
    "load_scenario",
    "log_intake",
    "log_measurement",
    "log_sleep",
    "log_weight",
    "make_plan",
    "open_store",
    "run_cohort",
    "run_cohort_study",
    "save_profile",
    "simulate_scenario",
    "status",
]


def __getattr__(name: str) -> object:
    """Import a lazily re-exported name on first use (keeps ``import runlean`` cheap)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'runlean' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
