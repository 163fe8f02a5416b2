"""The Dask preload of the cohort workers (runlean.cohort.worker)."""

from __future__ import annotations

import asyncio
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from runlean.cohort import worker
from runlean.science.hall2011_fast import kernel_compiled, numba_available


def test_load_task_code_imports_the_task_modules_and_loads_the_kernel() -> None:
    worker.load_task_code()
    assert all(name in sys.modules for name in worker.TASK_MODULES)
    assert kernel_compiled() == numba_available()


def test_dask_setup_runs_the_load_on_the_workers_task_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    monkeypatch.setattr(worker, "load_task_code",
                        lambda: threads.append(threading.current_thread().name))
    with ThreadPoolExecutor(1, thread_name_prefix="task-thread") as pool:
        asyncio.run(worker.dask_setup(SimpleNamespace(executors={"default": pool})))
    assert len(threads) == 1 and threads[0].startswith("task-thread")
    # An object without executors: the load runs where it is called.
    asyncio.run(worker.dask_setup(SimpleNamespace()))
    assert threads[1] == threading.current_thread().name
