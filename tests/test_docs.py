"""The documentation in docs/: it cites no internal file, documents every command, and its
generated parts (field tables, values, command reference) agree with the code.

The site itself is built by ``mkdocs build --strict`` in ``.ci/run``; these tests run the
same generator (the MkDocs hook ``docs/_hooks/runlean_docs.py``, which needs no MkDocs) so
that a field added to a stable output without its documentation fails here too.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

DOCS = REPO / "docs"
SRC = REPO / "src" / "runlean"
#: Files of the developers' shared notes, which a user of the package does not have.
INTERNAL_FILES = ("physiology.md", "hall_model.md", "DESIGN.md", "ecosystem.md")
#: Layers whose docstrings were rewritten to cite the public sources instead.
CLEAN_LAYERS = ("science", "io", "store", "tracking")


def _hook() -> ModuleType:
    path = DOCS / "_hooks" / "runlean_docs.py"
    spec = importlib.util.spec_from_file_location("runlean_docs_hook", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


HOOK = _hook()


def _internal_references(root: Path) -> list[str]:
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in (".py", ".j2", ".html", ".toml", ".json",
                                                     ".csv", ".md", ".txt", ".js", ".css"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(name in line for name in INTERNAL_FILES):
                hits.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    return hits


@pytest.mark.parametrize("layer", CLEAN_LAYERS)
def test_science_io_store_and_tracking_cite_no_internal_file(layer: str) -> None:
    hits = _internal_references(SRC / layer)
    assert not hits, "\n".join(hits)


def test_no_file_in_the_package_cites_an_internal_file() -> None:
    hits = _internal_references(SRC)
    assert not hits, "\n".join(hits)


def test_the_docs_cite_no_internal_file() -> None:
    hits = [h for h in _internal_references(DOCS) if "/_hooks/" not in h]
    assert not hits, "\n".join(hits)


def _hand_written_pages() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md")))


def test_every_command_has_an_example_in_the_docs() -> None:
    paths = [p for p in HOOK.command_paths() if p != "runlean"]
    assert {"runlean plan", "runlean log weight", "runlean profile show"} <= set(paths)
    text = _hand_written_pages()
    missing = [p for p in paths if not re.search(re.escape(p) + r"\b", text)]
    assert not missing, f"commands without an example in docs/: {missing}"


def test_the_command_reference_renders_every_command_and_option() -> None:
    import typer.main

    from runlean.cli import app

    reference = HOOK.cli_reference()
    for path in HOOK.command_paths():
        assert f"`{path}`" in reference
    plan = typer.main.get_command(app).commands["plan"]  # type: ignore[attr-defined]
    for param in plan.params:
        for opt in getattr(param, "opts", []):
            # Old spellings kept for scripts (--lose-fat-kg, --sleep-hours) are hidden.
            assert (f"`{opt}" in reference) != getattr(param, "hidden", False), opt


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings() -> _Warnings:
    handler = _Warnings()
    HOOK.log.addHandler(handler)
    yield handler
    HOOK.log.removeHandler(handler)


def test_every_generated_part_of_every_page_matches_the_code(warnings: _Warnings) -> None:
    """Field tables describe exactly the fields of the code; every inline value exists."""
    pages = sorted(DOCS.rglob("*.md"))
    assert len(pages) > 20
    for page in pages:
        HOOK.expand(page.read_text(encoding="utf-8"), str(page.relative_to(DOCS)))
    assert not warnings.messages, "\n".join(warnings.messages)


def test_a_field_without_a_description_is_reported(warnings: _Warnings) -> None:
    table = HOOK.fields_table("runlean.domain.RaceResult", "distance_m: The distance.\n"
                              "speed: Not a field.\n", "test.md")
    assert "`distance_m` | The distance." in table
    assert any("'time_s' has no description" in m for m in warnings.messages)
    assert any("'speed'" in m and "does not have" in m for m in warnings.messages)


def test_inline_values_come_from_the_code(warnings: _Warnings) -> None:
    from runlean.domain import RANGES
    from runlean.planning import policy

    text = HOOK.expand_inline("BMI {{value runlean.planning.policy.MIN_BMI}}; age "
                              "{{range age_years}}; {{value runlean.no.such.NAME}}", "t.md")
    low, high, unit = RANGES["age_years"]
    assert text.startswith(f"BMI {policy.MIN_BMI:g}; age {low:g}–{high:g} {unit}")
    assert len(warnings.messages) == 1 and "no such value" in warnings.messages[0]


def test_constants_tables_carry_each_constant_with_its_source() -> None:
    from runlean.io import limits

    rows = {name: (value, comment)
            for name, value, comment in HOOK.commented_constants("runlean.io.limits")}
    assert rows["MAX_FILE_BYTES"][0] == limits.MAX_FILE_BYTES
    assert "Largest activity file" in rows["MAX_FILE_BYTES"][1]
    table = HOOK.constants_table("runlean.io.limits", "t.md")
    assert "| `MAX_FILE_BYTES` | 64 MiB |" in table


def test_the_docs_dependencies_are_an_extra_with_lower_bounds() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    docs = project["optional-dependencies"]["docs"]
    assert any(d.startswith("mkdocs>=") for d in docs)
    assert any(d.startswith("mkdocs-material>=") for d in docs)
    assert any(d.startswith("mkdocstrings[python]>=") for d in docs)
    ci = (REPO / ".ci" / "run").read_text()
    assert "mkdocs build --strict" in ci
    config = (REPO / "mkdocs.yml").read_text()
    assert re.search(r"^\s+font: false", config, re.M), "web fonts must stay off (offline)"
