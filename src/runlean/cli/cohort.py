"""``runlean cohort``: a population under a scenario, on Dask, results as Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from runlean.cli._app import app
from runlean.errors import InvalidInputError


@app.command("cohort")
def cohort_command(
    population: Annotated[Path | None, typer.Argument(
        help="Population table, one row per person (.csv or .parquet): sex, age_years, "
             "height_cm, weight_kg, optional body_fat_pct, pal, "
             "baseline_intake_kcal_per_day, vo2max_ml_per_kg_min, legs_kg/arms_kg/trunk_kg, "
             "person_id; any other column groups the summary.",
        show_default=False, metavar="POPULATION")] = None,
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", metavar="FILE",
        help="Cohort scenario JSON (the simulate format without 'person', "
             "plus 'running_programme').")] = None,
    out: Annotated[Path, typer.Option(
        "--out", metavar="DIR", help="Results folder: trajectories/ (Parquet, partitioned), "
                      "summary.parquet, manifest.json, rejected_rows.csv.")] = Path(
        "cohort-results"),
    example: Annotated[bool, typer.Option(
        "--example", help="Run the bundled synthetic adult population (NHANES 2021-2023 "
                          "tables) and example scenario (2 years of 3 x 30 min running).")
    ] = False,
    people: Annotated[int, typer.Option(
        "--people", metavar="N", help="Size of the --example population.")] = 10_000,
    every: Annotated[int, typer.Option(
        "--every", metavar="DAYS",
        help="Record every N days (day 0 and the last day always).")] = 7,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS",
        help="Address of a running Dask scheduler, e.g. tcp://host:8786 "
             "(default: a local cluster).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", metavar="N",
        help="Local worker processes (1 = in this process on one core; default: one "
             "per core, or in this process on every core for small runs).")] = None,
    engine: Annotated[Literal["auto", "numba", "numpy"], typer.Option(
        "--engine", case_sensitive=False, help="Simulation engine.")] = "auto",
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace the results of an earlier run in --out.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Project a population's weight, fat and leg fat under a scenario (Hall's model)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Table
    from rich.text import Text

    from runlean.cohort import (
        example_cohort_scenario,
        example_population,
        run_cohort_study,
    )
    from runlean.cohort.population import TableSource
    from runlean.simulate import load_scenario

    if example == (population is not None):
        raise InvalidInputError("POPULATION", str(population) if population else None,
                                "either a population file or --example (exactly one)")
    if population is not None and scenario is None:
        raise InvalidInputError("--scenario", None, "a cohort scenario JSON file")
    if people < 12:
        raise InvalidInputError("--people", people, "at least 12 (one per sex and age band)")
    # A file is read partition by partition by the run; here only its header.
    table = (example_population(people) if example
             else TableSource.of_file(population))  # type: ignore[arg-type]
    data: dict[str, Any] = (load_scenario(scenario) if scenario is not None
                            else example_cohort_scenario())
    err = Console(stderr=True)

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            unit = task.fields.get("unit", "")
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {unit}/s" if speed else f"– {unit}/s")

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   Rate(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=err, disable=quiet, transient=False)
    tasks: dict[str, Any] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            label, unit = (("simulating", "people") if phase == "simulate"
                           else ("summarising", "days"))
            tasks[phase] = bar.add_task(label, total=total, unit=unit)
        bar.update(tasks[phase], completed=done)

    with bar:
        result = run_cohort_study(table, data, out, every=every, scheduler=scheduler,
                                  workers=workers, engine=engine,
                                  overwrite=overwrite, progress=progress)
    if result.rejected:
        first = result.rejected[0]
        err.print(f"left out {len(result.rejected)} rows that break the rules (row "
                  f"{first.row}: {first.reason}); all are listed in "
                  f"{result.out_dir / 'rejected_rows.csv'}", highlight=False)
    s = result.summary
    last = int(result.record_days[-1])
    view = s[(s["group"] == "all") & s["day"].isin([0, last])]
    t = Table(title=f"{result.people:,} people, day 0 and day {last} (group 'all')")
    for col in ("day", "weight kg (mean)", "fat kg (mean)", "leg fat kg (mean)",
                "obesity share", "overweight share"):
        t.add_column(col, justify="right")
    for _, r in view.iterrows():
        t.add_row(f"{int(r['day'])}", f"{r['weight_kg_mean']:.1f}", f"{r['fat_kg_mean']:.1f}",
                  f"{r['leg_fat_kg_mean']:.2f}", f"{100 * r['share_bmi_obesity']:.1f} %",
                  f"{100 * r['share_bmi_overweight']:.1f} %")
    Console().print(t)
    parts = f"{result.partitions} partition{'' if result.partitions == 1 else 's'}"
    typer.echo(f"engine {result.engine}, {result.scheduler}, {parts}; "
               f"simulated in {result.simulate_seconds:.1f} s, summarised in "
               f"{result.summary_seconds:.1f} s; results in {result.out_dir}", err=True)
