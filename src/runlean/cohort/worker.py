"""Set-up of a Dask worker that runs ``runlean cohort`` partitions (Dask's preload hook).

Dask imports a *preload* module in each worker process it starts and awaits its
``dask_setup(worker)`` before the worker joins the scheduler. :func:`dask_setup` imports what
a partition task needs and loads the compiled kernel of Hall's model, on the worker's task
thread, so that a worker's first partition costs what its others cost instead of also paying
for the imports and the kernel load (0.8–0.9 s measured here: numba loads the machine code
from its on-disk cache, see :mod:`runlean.science.hall2011_kernel`). On a cluster of two
workers that is ~4 % of the ~20 s simulation phase of 10⁷ people × 365 days.

``runlean cohort`` starts its local cluster's workers with this preload. Workers of a cluster
of your own take it from the command line::

    dask worker tcp://HOST:8786 --preload runlean.cohort.worker

(without it they load the kernel on their first partition: the results are the same).
"""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

#: Modules a partition task imports (:func:`runlean.cohort.study.simulate_partition` and
#: :func:`runlean.cohort.study.summarise_recorded_day`).
TASK_MODULES = ("pyarrow.parquet", "runlean.cohort.study", "runlean.cohort.summary",
                "runlean.science.regional_fat")


def load_task_code() -> None:
    """Import the partition tasks' modules and load the compiled kernel (when numba is
    installed) in this process."""
    for name in TASK_MODULES:
        importlib.import_module(name)
    from runlean.science.hall2011_fast import numba_available, warm_up

    if numba_available():
        warm_up()


async def dask_setup(worker: Any) -> None:
    """Dask's preload hook: :func:`load_task_code` on the thread that will run the tasks
    (the worker's default executor), so that the kernel is loaded where it is called.

    Parameters
    ----------
    worker
        The starting ``distributed.Worker``.
    """
    executor = getattr(worker, "executors", {}).get("default")
    if executor is None:
        load_task_code()
        return
    await asyncio.get_running_loop().run_in_executor(executor, load_task_code)
