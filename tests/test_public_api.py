"""The public Python API re-exported (lazily) by ``runlean/__init__.py``."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

import runlean
from tests.conftest import REPO

LAZY = dict(runlean._LAZY)


@pytest.mark.parametrize("name", sorted(LAZY))
def test_each_reexport_is_the_service_object(name: str) -> None:
    assert name in runlean.__all__
    assert getattr(runlean, name) is getattr(importlib.import_module(LAZY[name]), name)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        runlean.no_such_thing  # noqa: B018
    assert not hasattr(runlean, "no_such_thing")


def test_import_runlean_loads_no_service_or_heavy_module() -> None:
    code = ("import sys, runlean; heavy = ('numpy', 'pandas', 'sqlalchemy', 'pydantic', "
            "'runlean.simulate', 'runlean.planning', 'runlean.store'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or "
            "m in heavy or m.startswith(heavy)))")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
