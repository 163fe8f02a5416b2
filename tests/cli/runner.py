"""Run the ``runlean`` command in-process, as the console script would, capturing its output.

A subprocess per case costs a Python start-up and every import again; the CLI's behaviour
(exit status, one-line errors on stderr, output on stdout) is the same in-process, because
:func:`runlean.cli.main` is what the console script calls.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """What a run printed and its exit status (as ``subprocess.CompletedProcess``)."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Result:
    """``runlean ARGS...`` in this process; returns its exit status and output."""
    from runlean.cli import main
    from runlean.cli._app import console, err_console

    # The consoles were made once per process: give them this run's terminal width.
    width = int(os.environ.get("COLUMNS", "80"))
    console.width = err_console.width = width
    out, err = io.StringIO(), io.StringIO()
    old_argv = sys.argv
    sys.argv = ["runlean", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old_argv
    return Result(code, out.getvalue(), err.getvalue())
