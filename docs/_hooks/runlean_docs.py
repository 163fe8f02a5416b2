"""MkDocs hook: the parts of runlean's documentation that are generated from the code.

Every number, option and field name that the code defines is taken from the code at build
time, so the site cannot drift from the package it documents. The hook expands these markers
in the Markdown sources (before Markdown is converted, so the output may itself hold
mkdocstrings ``:::`` blocks):

``<!-- runlean:cli-reference -->``
    Every ``runlean`` command, found by walking the Typer application: its usage line, its
    help text and a table of its arguments and options, with exactly the text
    ``runlean COMMAND --help`` prints.

``<!-- runlean:fields SOURCE [extra=a,b] ... -->``
    A table of the fields of SOURCE (a pydantic model, a dataclass, a SQLAlchemy model, a
    sequence of names, a dict's keys, or ``example-plan.PATH``: the keys at PATH of the
    ``plan.json`` of example plans made at build time) with the descriptions written below
    the marker, one ``name: description`` line each. A field of the code without a description, or a
    description of a field the code does not have, is a build warning (an error with
    ``mkdocs build --strict``). ``extra=`` names fields documented on top of SOURCE. For a
    pydantic model the table also shows the type, the default and the valid range (from
    :data:`runlean.domain.RANGES`).

``<!-- runlean:constants MODULE -->``
    The module-level constants of MODULE (upper-case names) with their values and their
    ``#:`` comments (each rule's or limit's source), in source order.

``<!-- runlean:api PACKAGE -->``
    One mkdocstrings ``::: module`` block per public module of PACKAGE (and its
    subpackages); ``<!-- runlean:module MODULE -->`` one block for MODULE alone.

Inline, anywhere in a page: ``{{value dotted.name}}`` (the value of a constant),
``{{range NAME}}`` (a range of :data:`runlean.domain.RANGES`, "low–high unit") and
``{{range dotted.dict KEY}}`` (a ``(low, high, unit)`` entry of another dict). An unknown
name is a build warning.

After the build, a command of the application that no page rendered (or a site without the
command reference) is a warning too.
"""

from __future__ import annotations

import ast
import dataclasses
import html
import importlib
import inspect
import logging
import pkgutil
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.runlean_docs")

MARKER = re.compile(
    r"<!--\s*runlean:(?P<kind>[\w-]+)(?P<args>[^\n]*?)(?:\n(?P<body>.*?))?-->", re.DOTALL)
INLINE = re.compile(r"\{\{\s*(?P<kind>value|range)\s+(?P<args>[^}]+?)\s*\}\}")

#: Commands rendered by ``cli-reference`` during this build (checked in on_post_build).
_RENDERED_COMMANDS: set[str] = set()


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _warn(page: str, message: str) -> None:
    log.warning("%s: %s", page, message)


#: Profiles whose plans make up the example ``plan.json`` of the ``example-plan`` source: the
#: built-in example (overweight, beginner) and a lean runner with a race result (athlete; the
#: keys of training paces appear only with a race).
EXAMPLE_ATHLETE: dict[str, Any] = {
    "person": {"sex": "male", "age_years": 30, "height_cm": 180, "weight_kg": 75,
               "body_fat_pct": 13, "resting_hr_bpm": 50,
               "race": {"distance_m": 10000, "time_s": 2700}},
    "habits": {"pal": 1.6},
    "preferences": {"running_days_per_week": 5, "experience": "advanced",
                    "weekly_running_min": 300, "longest_recent_run_min": 100},
    "goal": {"target_body_fat_pct": 11},
}
_EXAMPLE_PLANS: list[dict[str, Any]] = []


def example_plans() -> list[dict[str, Any]]:
    """``plan.json`` of the example profiles (computed once per build process)."""
    if not _EXAMPLE_PLANS:
        import datetime as dt
        import tomllib
        from importlib.resources import files

        from runlean.domain import WEEKDAYS
        from runlean.io.plan_files import plan_to_json
        from runlean.planning.service import plan_from_sections

        example = tomllib.loads((files("runlean") / "data" / "example_profile.toml").read_text())
        prefs = example["preferences"]
        prefs["free_weekdays"] = tuple(WEEKDAYS.index(d) for d in prefs["free_weekdays"])
        prefs["cross_training"] = tuple(prefs.get("cross_training", ()))
        for sections in (example, EXAMPLE_ATHLETE):
            outcome = plan_from_sections(sections, start=dt.date(2026, 1, 5),
                                         use_store=False, save=False)
            _EXAMPLE_PLANS.append(plan_to_json(outcome.plan))
    return _EXAMPLE_PLANS


def _example_keys(path: str) -> list[str]:
    """Keys found at ``path`` (e.g. ``targets``, ``sessions.0``) in any example plan."""
    keys: dict[str, None] = {}
    for plan in example_plans():
        node: Any = plan
        for part in path.split(".") if path else []:
            node = node[int(part)] if isinstance(node, list) else node[part]
        keys.update(dict.fromkeys(node))
    return list(keys)


def _resolve(dotted: str) -> Any:
    """The object named by ``dotted``: a module, or an attribute path inside one (a part
    after a dict is a key of it); or
    ``example-plan[.path]``, the keys of the example plans' ``plan.json`` at that path."""
    if dotted == "example-plan" or dotted.startswith("example-plan."):
        return _example_keys(dotted.removeprefix("example-plan").removeprefix("."))
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            if isinstance(obj, Mapping):
                obj = obj[name]
            elif isinstance(obj, tuple | list) and name.isdigit():
                obj = obj[int(name)]
            else:
                obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def _cell(text: object, *, normalise: bool = True) -> str:
    """Text made safe for a Markdown table cell (no markup, no column breaks)."""
    out = html.escape(" ".join(str(text).split()) if normalise else str(text), quote=False)
    for ch in "\\`*_[]|":
        out = out.replace(ch, "\\" + ch)
    return out


RST_CODE = re.compile(r"``(?P<code>.+?)``|:[a-z]+:`~?(?P<role>[^`]+)`")


def rst_cell(text: object) -> str:
    """Docstring or comment text (reStructuredText inline markup) as a Markdown table cell:
    ````code```` and ``:func:`~a.b``` become code spans, the rest is escaped."""
    out: list[str] = []
    pos = 0
    source = " ".join(str(text).split())
    for match in RST_CODE.finditer(source):
        out.append(_cell(source[pos:match.start()], normalise=False))
        code = match["code"] if match["code"] is not None else match["role"]
        out.append("<code>" + html.escape(code).replace("|", "&#124;") + "</code>")
        pos = match.end()
    out.append(_cell(source[pos:], normalise=False))
    return "".join(out)


def _bytes(value: int) -> str:
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if value >= size and value % size == 0:
            return f"{value // size} {unit}"
    return f"{value} bytes"


def _number(value: float) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ") if abs(value) >= 100_000 else str(value)
    return f"{value:g}"


def format_value(value: Any) -> str:
    """A constant as a short human-readable text (numbers, tuples, dicts, dates, names)."""
    import datetime as dt

    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return _number(value)
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, tuple | list):
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return "–".join(_number(v) for v in value) if len(value) == 2 else \
                ", ".join(_number(v) for v in value)
        return ", ".join(format_value(v) for v in value)
    return str(value)


def format_range(entry: tuple[float, float, str]) -> str:
    low, high, unit = entry
    return f"{_number(low)}–{_number(high)} {unit}".strip()


# --------------------------------------------------------------------------------------------
# Inline values
# --------------------------------------------------------------------------------------------


def expand_inline(markdown: str, page: str) -> str:
    """Replace ``{{value X}}`` and ``{{range ...}}`` with values from the code."""

    def repl(match: re.Match[str]) -> str:
        kind, args = match["kind"], match["args"].split()
        try:
            if kind == "value" and len(args) == 1:
                return format_value(_resolve(args[0]))
            if kind == "range" and len(args) == 1:
                from runlean.domain import RANGES

                return format_range(RANGES[args[0]])
            if kind == "range" and len(args) == 2:
                return format_range(_resolve(args[0])[args[1]])
        except (ImportError, AttributeError, KeyError) as exc:
            _warn(page, f"{match[0]}: no such value in the code ({exc!r})")
            return match[0]
        _warn(page, f"{match[0]}: malformed")
        return match[0]

    return INLINE.sub(repl, markdown)


# --------------------------------------------------------------------------------------------
# Field tables
# --------------------------------------------------------------------------------------------


def _type_text(annotation: Any) -> str:
    """A field's type for readers: choices for literals, 'number' for floats, etc."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " / ".join(f'"{a}"' for a in args)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        parts = [_type_text(a) for a in args if a is not type(None)]
        return " / ".join(parts) + (" or null" if type(None) in args else "")
    if origin in (tuple, list):
        inner = [a for a in args if a is not Ellipsis]
        return "list of " + (_type_text(inner[0]) if inner else "values")
    names = {float: "number", int: "whole number", str: "text", bool: "true/false"}
    if annotation in names:
        return names[annotation]
    return getattr(annotation, "__name__", str(annotation))


def _pydantic_rows(model: Any) -> dict[str, list[str]]:
    from runlean.domain import RANGES

    rows: dict[str, list[str]] = {}
    for name, field in model.model_fields.items():
        default = "required" if field.is_required() else format_value(field.default)
        valid = format_range(RANGES[name]) if name in RANGES else ""
        rows[name] = [_type_text(field.annotation), default, valid]
    return rows


def field_names(source: Any) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """(names, extra column headers, extra cells by name) of a field source."""
    if hasattr(source, "model_fields"):
        return list(source.model_fields), ["type", "default", "valid values"], \
            _pydantic_rows(source)
    if dataclasses.is_dataclass(source) and isinstance(source, type):
        hints = typing.get_type_hints(source)
        return ([f.name for f in dataclasses.fields(source)], ["type"],
                {f.name: [_type_text(hints.get(f.name, f.type))]
                 for f in dataclasses.fields(source)})
    table = getattr(source, "__table__", None)
    if table is not None:
        return [c.key for c in table.columns], [], {}
    if isinstance(source, Mapping):
        return [str(k) for k in source], [], {}
    if isinstance(source, Sequence) and not isinstance(source, str):
        return [str(x) for x in source], [], {}
    raise TypeError(f"cannot list the fields of {source!r}")


def parse_descriptions(body: str) -> dict[str, str]:
    """``name: description`` lines (continuation lines start with whitespace)."""
    out: dict[str, str] = {}
    current: str | None = None
    for line in body.splitlines():
        if not line.strip():
            continue
        if line[0].isspace() and current is not None:
            out[current] += " " + line.strip()
            continue
        name, sep, text = line.partition(":")
        if not sep:
            raise ValueError(f"not a 'name: description' line: {line!r}")
        current = name.strip()
        out[current] = text.strip()
    return out


def fields_table(args: str, body: str, page: str) -> str:
    parts = args.split()
    source = _resolve(parts[0])
    extra = [x for p in parts[1:] if p.startswith("extra=") for x in p[6:].split(",") if x]
    names, headers, cells = field_names(source)
    names += [x for x in extra if x not in names]
    described = parse_descriptions(body)
    for name in names:
        if name not in described:
            _warn(page, f"{parts[0]}: field {name!r} has no description in the docs")
    for name in described:
        if name not in names:
            _warn(page, f"{parts[0]}: the docs describe {name!r}, which the code does not "
                  "have")
    head = ["field", "meaning", *headers]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        row = [f"`{name}`", expand_inline(described.get(name, ""), page)]
        row += [_cell(c) for c in cells.get(name, [""] * len(headers))]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Constants with their #: comments
# --------------------------------------------------------------------------------------------


def commented_constants(module_name: str) -> list[tuple[str, Any, str]]:
    """(name, value, comment) of the upper-case module constants, in source order.

    The comment is the block of ``#:`` lines right above the assignment (Sphinx's
    convention for documenting a module attribute).
    """
    module = importlib.import_module(module_name)
    source = inspect.getsource(module)
    lines = source.splitlines()
    out: list[tuple[str, Any, str]] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        else:
            continue
        if not isinstance(target, ast.Name) or not target.id.isupper():
            continue
        comment: list[str] = []
        i = node.lineno - 2
        while i >= 0 and lines[i].lstrip().startswith("#:"):
            comment.insert(0, lines[i].lstrip()[2:].strip())
            i -= 1
        out.append((target.id, getattr(module, target.id), " ".join(comment)))
    return out


def constants_table(args: str, page: str) -> str:
    module_name = args.split()[0]
    rows = commented_constants(module_name)
    lines = ["| constant | value | what it is, and its source |", "|---|---|---|"]
    for name, value, comment in rows:
        if not comment:
            comment = "(see the constant above)"
        shown = _bytes(value) if name.endswith("_BYTES") and isinstance(value, int) \
            else format_value(value)
        lines.append(f"| `{name}` | {_cell(shown)} | {rst_cell(comment)} |")
    if not rows:
        _warn(page, f"{module_name}: no constants found")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# API reference
# --------------------------------------------------------------------------------------------


def api_blocks(args: str) -> str:
    """``::: module`` blocks for a package's public modules (a module: just itself)."""
    name = args.split()[0]
    module = importlib.import_module(name)
    names = [name]
    if hasattr(module, "__path__"):
        names += sorted(m.name for m in pkgutil.walk_packages(module.__path__, name + ".")
                        if not any(p.startswith("_") for p in m.name.split(".")[1:])
                        and ".migrations" not in m.name)
    return "\n".join(f"::: {n}\n" for n in names)


# --------------------------------------------------------------------------------------------
# CLI reference
# --------------------------------------------------------------------------------------------


def _walk(command: Any, ctx: Any) -> Iterable[tuple[Any, Any]]:
    yield command, ctx
    for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        sub_ctx = sub.make_context(name, [], parent=ctx, resilient_parsing=True)
        yield from _walk(sub, sub_ctx)


def cli_commands() -> list[tuple[Any, Any]]:
    """(command, context) of the ``runlean`` application and every command under it."""
    import typer.main

    from runlean.cli import app

    root = typer.main.get_command(app)
    ctx = root.make_context("runlean", [], resilient_parsing=True)
    return list(_walk(root, ctx))


def command_paths() -> list[str]:
    """``runlean``, ``runlean plan``, ``runlean log weight``, ... (every command's path)."""
    return [ctx.command_path for _cmd, ctx in cli_commands()]


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def render_command(command: Any, ctx: Any) -> str:
    path = ctx.command_path
    depth = min(2 + path.count(" "), 4)
    out = [f"{'#' * depth} `{path}` {{#{_slug(path)}}}", ""]
    help_text = inspect.cleandoc(command.help or "")
    if help_text:
        out += [_cell(p) + "\n" for p in help_text.split("\n\n")]
    out += ["```text", command.get_usage(ctx), "```", ""]
    sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": []}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        kind = "Arguments" if getattr(param, "param_type_name", "") == "argument" \
            else "Options"
        sections[kind].append(record)
    for title, records in sections.items():
        if not records:
            continue
        column = "argument" if title == "Arguments" else "option"
        out += [f"**{title}**", "", f"| {column} | description |", "|---|---|"]
        out += [f"| `{name}` | {_cell(text)} |" for name, text in records]
        out.append("")
    sub = list(getattr(command, "list_commands", lambda _c: [])(ctx))
    if sub:
        out += ["**Commands:** " + ", ".join(
            f"[`{path} {n}`](#{_slug(path + ' ' + n)})" for n in sub), ""]
    return "\n".join(out)


def cli_reference() -> str:
    parts = []
    for command, ctx in cli_commands():
        _RENDERED_COMMANDS.add(ctx.command_path)
        parts.append(render_command(command, ctx))
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# MkDocs events
# --------------------------------------------------------------------------------------------


def expand(markdown: str, page: str) -> str:
    """Expand every marker and inline value of one page's Markdown."""

    def repl(match: re.Match[str]) -> str:
        kind, args, body = match["kind"], match["args"].strip(), match["body"] or ""
        try:
            if kind == "cli-reference":
                return cli_reference()
            if kind == "fields":
                return fields_table(args, body, page)
            if kind == "constants":
                return constants_table(args, page)
            if kind == "api":
                return api_blocks(args)
            if kind == "module":
                return f"::: {importlib.import_module(args.split()[0]).__name__}\n"
        except (ImportError, AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
            _warn(page, f"runlean:{kind} {args}: {exc!r}")
            return ""
        _warn(page, f"unknown marker runlean:{kind}")
        return ""

    return expand_inline(MARKER.sub(repl, markdown), page)


def on_pre_build(config: Any) -> None:
    _RENDERED_COMMANDS.clear()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return expand(markdown, str(Path(page.file.src_path)))


def on_post_build(config: Any) -> None:
    if not _RENDERED_COMMANDS:
        log.warning("no page holds the command reference (<!-- runlean:cli-reference -->)")
        return
    for path in sorted(set(command_paths()) - _RENDERED_COMMANDS):
        log.warning("command %r is not in the command reference", path)
