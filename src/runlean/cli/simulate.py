"""``runlean simulate``: run a body-composition scenario (Hall's model with regional fat)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from runlean.cli._app import app
from runlean.errors import InvalidInputError


@app.command("simulate")
def simulate_command(
    scenario: Annotated[Path | None, typer.Argument(
        help="Scenario JSON file (the scenario format: see the documentation or runlean.simulate).",
        show_default=False, metavar="SCENARIO")] = None,
    example: Annotated[bool, typer.Option(
        "--example", help="Run the bundled example scenario.")] = False,
    fmt: Annotated[Literal["csv", "json"], typer.Option(
        "--format", case_sensitive=False, help="Output format.")] = "csv",
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Simulate body weight, fat, lean and leg/arm/trunk fat day by day."""
    from runlean.simulate import (
        example_scenario,
        load_scenario,
        simulate_scenario,
        write_csv,
        write_json,
    )

    if example == (scenario is not None):
        raise InvalidInputError("SCENARIO", str(scenario) if scenario else None,
                                "either a scenario file or --example (exactly one)")
    data = example_scenario() if scenario is None else load_scenario(scenario)
    columns = simulate_scenario(data)
    writer = write_csv if fmt == "csv" else write_json
    if out is None:
        writer(columns, sys.stdout)
    else:
        writer(columns, out)
        typer.echo(f"wrote {len(columns['day'])} days to {out}", err=True)
