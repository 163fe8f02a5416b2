"""The ``runlean`` entry point (``runlean.cli.main``): errors are one line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), RUNLEAN_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "runlean", *args], capture_output=True,
                          text=True, env=env, timeout=60)


@pytest.mark.parametrize(("args", "message"), [
    (("profile", "set", "--weight-kg", "abc"), "Invalid value for '--weight-kg'"),
    (("activity", "seven"), "Invalid value for 'ID'"),
    (("status", "--units", "stone"), "Invalid value for '--units': 'stone' is not one of "
                                     "'metric', 'imperial'."),
    (("log", "weight", "heavy"), "weight: got 'heavy'; expected a number"),
    (("simulate", "--bogus"), "No such option: --bogus"),
    (("nosuchcommand",), "No such command 'nosuchcommand'"),
])
def test_command_line_mistakes_are_one_line(args: tuple[str, ...], message: str,
                                            tmp_path: Path) -> None:
    res = run(*args, home=tmp_path)
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("runlean: error: ") and message in lines[0]


def test_version_and_help(tmp_path: Path) -> None:
    from runlean import __version__

    version = run("--version", home=tmp_path)
    assert (version.returncode, version.stdout.strip()) == (0, __version__)
    helped = run("--help", home=tmp_path)
    assert helped.returncode == 0 and "simulate" in helped.stdout
    bare = run(home=tmp_path)
    assert bare.returncode == 2 and bare.stderr.startswith("Usage:")
