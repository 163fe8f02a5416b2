"""Mutation score of the policy module: does a test notice when a rule moves?

Every numeric literal of ``src/runlean/planning/policy.py`` is moved (×1.1, or +1 when it is
0), every comparison flipped (``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``) and every
``min`` / ``max`` swapped, one at a time; the planning and tracking tests run against each
mutant (fast tests first, stopping at the first failure). A mutant that no test kills is
printed with its line. Target (issue 9): ≥ 95 % killed.

Usage: ``python benchmarks/mutation_policy.py [--stages N]`` (``--stages 1``: the policy tests
only; default: all three stages).
Runs in a copy of the source tree, so the working copy is never touched.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = Path("src/runlean/planning/policy.py")
#: Test stages, cheapest first; a mutant is killed by the first stage that fails.
STAGES = (
    ["tests/planning/test_policy.py"],
    ["tests/planning/test_training.py", "tests/planning/test_nutrition.py",
     "tests/planning/test_budget.py", "tests/planning/test_sessions.py",
     "tests/tracking/test_checkin.py"],
    ["tests/planning/test_plan.py", "tests/tracking"],
)
FLIP = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">", ast.Eq: "!=", ast.NotEq: "=="}


@dataclass(frozen=True)
class Mutant:
    line: int
    col: int
    end_col: int
    replacement: str
    what: str


def mutants(source: str) -> list[Mutant]:
    """Every mutant of the module's code (docstrings and other strings left alone)."""
    tree = ast.parse(source)
    out: list[Mutant] = []
    lines = source.splitlines()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            if node.lineno != node.end_lineno:
                continue
            v = node.value
            new = repr(v * 1.1 if v else 1) if isinstance(v, float) else repr(v + 1)
            out.append(Mutant(node.lineno, node.col_offset, node.end_col_offset or 0, new,
                              f"{v!r} -> {new}"))
        elif isinstance(node, ast.Compare):
            for op, right in zip(node.ops, node.comparators, strict=True):
                if type(op) not in FLIP:
                    continue
                line = lines[right.lineno - 1]
                # The operator lies between the previous operand's end and this one's start.
                left_end = (node.left.end_col_offset if right is node.comparators[0]
                            else node.comparators[node.comparators.index(right) - 1]
                            .end_col_offset) or 0
                if right.lineno != node.lineno:
                    continue
                segment = line[left_end:right.col_offset]
                symbol = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
                          ast.Eq: "==", ast.NotEq: "!="}[type(op)]
                at = segment.find(symbol)
                if at < 0:
                    continue
                start = left_end + at
                out.append(Mutant(right.lineno, start, start + len(symbol), FLIP[type(op)],
                                  f"{symbol} -> {FLIP[type(op)]}"))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("min", "max")):
            new = "max" if node.func.id == "min" else "min"
            out.append(Mutant(node.func.lineno, node.func.col_offset,
                              node.func.end_col_offset or 0, new, f"{node.func.id} -> {new}"))
    return sorted(out, key=lambda m: (m.line, m.col))


def apply(source: str, m: Mutant) -> str:
    lines = source.splitlines(keepends=True)
    line = lines[m.line - 1]
    lines[m.line - 1] = line[:m.col] + m.replacement + line[m.end_col:]
    return "".join(lines)


def killed(tree: Path, stages: tuple[list[str], ...]) -> bool:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), HYPOTHESIS_PROFILE="default")
    for tests in stages:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
             "-p", "no:randomly", *tests], cwd=tree, env=env, capture_output=True, timeout=1800)
        if result.returncode != 0:
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", type=int, default=len(STAGES),
                        help="how many test stages to run (1: the policy tests only)")
    args = parser.parse_args()
    stages = STAGES[:max(1, args.stages)]
    source = (REPO / TARGET).read_text()
    todo = mutants(source)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache"))
        target = tree / TARGET
        survivors: list[Mutant] = []
        t0 = time.perf_counter()
        for i, m in enumerate(todo, 1):
            target.write_text(apply(source, m))
            if not killed(tree, stages):
                survivors.append(m)
                print(f"  survived: line {m.line}: {m.what}: "
                      f"{source.splitlines()[m.line - 1].strip()}", flush=True)
            print(f"[{i}/{len(todo)}] {time.perf_counter() - t0:.0f} s", end="\r", flush=True)
        target.write_text(source)
    n = len(todo)
    score = 100.0 * (n - len(survivors)) / n if n else 100.0
    print(f"\nmutants: {n}; killed: {n - len(survivors)}; survived: {len(survivors)}; "
          f"mutation score: {score:.1f} %")


if __name__ == "__main__":
    main()
