"""Everyday commands load only what they use (start-up time; ``benchmarks/bench_cli.py``).

One child process runs, through the real entry point, ``runlean log weight`` on a store that
holds a leftover stream file to tidy, then ``runlean status``, then ``runlean plan
--example`` with SQLAlchemy made unimportable, and reports the modules loaded after each (and
the BLAS thread setting ``main`` made before NumPy loaded).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from runlean.store.db import ACTIVITY_STREAMS, open_store
from runlean.store.models import ActivityRow, ProfileRow
from runlean.store.settings import PROFILE_PERSON
from tests.conftest import REPO

_CHILD = r"""
import contextlib, io, json, os, sys

from runlean.cli import main


def run(*args):
    sys.argv = ["runlean", *args]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, (args, exc.code)
    return sorted(sys.modules)


report = {"log": run("log", "weight", "80"), "status": run("status"),
          "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS")}


class NoSqlAlchemy:
    # `plan --example` uses no stored data: planning must not need the store's libraries.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "sqlalchemy":
            raise ImportError(f"{name} is blocked: plan --example must not import it")
        return None


for name in [m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "runlean")]:
    del sys.modules[name]
sys.meta_path.insert(0, NoSqlAlchemy())
from runlean.cli import main  # noqa: E402  (fresh modules: the store's are unloaded)

report["plan"] = run("plan", "--example")
print(json.dumps(report))
"""


def _loaded(modules: list[str], *names: str) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_log_status_and_plan_load_only_what_they_use(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_store(home).close()  # migrated already: the commands below do not load Alembic
    leftover = home / "streams" / f"{uuid.uuid4().hex}.parquet.tmp"  # a killed import's
    leftover.write_bytes(b"partial")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), RUNLEAN_HOME=str(home))
    env.pop("RUNLEAN_DATABASE_URL", None)
    env.pop("OPENBLAS_NUM_THREADS", None)
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.splitlines()[-1])

    # log: the store's log tables only; no numeric, ORM-model, report or web stack.
    assert _loaded(report["log"], "numpy", "pandas", "pyarrow", "scipy", "numba", "alembic",
                   "plotly", "jinja2", "runlean.domain", "runlean.store.models",
                   "runlean.report", "runlean.web", "runlean.planning") == []
    assert not leftover.exists()  # the recovery still ran (without the ORM models)
    # NumPy's BLAS runs one thread (no pool of busy-waiting threads for 2x2 products).
    assert report["openblas_threads"] == "1"
    # status: numbers and the store, but no report, web, data-frame or JIT stack.
    # (numpy.ma: np.median and np.unique load it, 0.02 s; the commands do without.)
    assert _loaded(report["status"], "plotly", "jinja2", "pandas", "numba", "dask", "scipy",
                   "alembic", "numpy.ma", "runlean.report", "runlean.web",
                   "runlean.cohort") == []
    # plan --example without --out: no figures, and no store (SQLAlchemy was unimportable).
    assert _loaded(report["plan"], "sqlalchemy", "plotly", "numpy.ma", "runlean.report",
                   "runlean.web") == []
    assert "runlean.planning.plan" in report["plan"]


def test_recovery_reads_the_activities_stream_column() -> None:
    """Recovery's Core view of the stream paths names the ORM model's table and column."""
    assert ACTIVITY_STREAMS.name == ActivityRow.__tablename__
    assert PROFILE_PERSON.name == ProfileRow.__tablename__
    assert {c.name for c in PROFILE_PERSON.c} <= {c.name for c in ProfileRow.__table__.c}
    assert ActivityRow.__table__.c.stream_path.name == ACTIVITY_STREAMS.c.stream_path.name
