"""``runlean serve``: options, lazy imports (``runlean --help`` stays fast), the example."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runlean.cli import app

SRC = Path(__file__).resolve().parents[2] / "src"


def test_cli_does_not_import_the_web_stack() -> None:
    code = ("import sys, runlean.cli; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'runlean.web.app') "
            "if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(SRC))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=60, check=True).stdout.strip()
    assert out == "[]"


def test_serve_help_and_bad_options() -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "--host" in r.output and "--example" in r.output
    r = runner.invoke(app, ["serve", "--port", "70000"])
    assert r.exit_code != 0
    assert "a port number from 1 to 65535" in str(r.exception or r.output)


def test_example_data_dir_holds_a_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    from runlean.cli.serve import example_data_dir
    from runlean.store.db import open_store
    from runlean.store.profile import load_active_plan, load_profile

    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    folder = example_data_dir()
    with open_store(folder) as store:
        plan = load_active_plan(store)
        assert plan is not None and plan["goal"] == {"kind": "fat_loss_kg", "target": 6.0,
                                                     "target_date": None, "weeks": None}
        assert load_profile(store) is not None


def test_hosts_and_loopback() -> None:
    from runlean.web.security import allowed_hosts, host_name, is_loopback

    assert host_name("127.0.0.1:8000") == "127.0.0.1"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("LocalHost") == "localhost"
    assert allowed_hosts("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
    assert allowed_hosts("192.168.1.5", ["pi.local"]) == {"192.168.1.5", "pi.local"}
    assert "localhost" in allowed_hosts("0.0.0.0")
    assert is_loopback("127.0.0.2") and is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
