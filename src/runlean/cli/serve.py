"""``runlean serve``: the web app on this computer (FastAPI + uvicorn, imported lazily)."""

from __future__ import annotations

from pathlib import Path

import typer

from runlean.cli._app import DATA_DIR_OPTION, app, console, err_console


def example_data_dir() -> Path:
    """A fresh data directory holding the example runner's profile and plan."""
    import tempfile
    import tomllib
    from importlib.resources import files

    from runlean.domain import WEEKDAYS
    from runlean.planning.service import plan_from_sections

    sections = tomllib.loads((files("runlean") / "data" / "example_profile.toml").read_text())
    prefs = sections["preferences"]
    prefs["free_weekdays"] = tuple(WEEKDAYS.index(d) for d in prefs["free_weekdays"])
    prefs["cross_training"] = tuple(prefs.get("cross_training", ()))
    folder = Path(tempfile.mkdtemp(prefix="runlean-example-"))
    plan_from_sections(sections, data_dir=folder)
    return folder


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS",
                             help="Address to listen on (default: this computer only)."),
    port: int = typer.Option(8000, "--port", metavar="PORT", help="Port to listen on."),
    data_dir: Path | None = DATA_DIR_OPTION,
    example: bool = typer.Option(False, "--example", help="Serve the built-in example runner "
                                 "from a fresh temporary data directory (your data is not "
                                 "touched)."),
    open_browser: bool = typer.Option(False, "--open", help="Open the app in a browser."),
    allow_host: list[str] = typer.Option([], "--allow-host", metavar="HOST",
                                         help="Another host name to answer to (e.g. this "
                                              "machine's name on a LAN)."),
) -> None:
    """Start the web app: plan, today, activities, logs and what-if pages, plus a JSON API."""
    import os

    from runlean.errors import InvalidInputError
    from runlean.web.security import is_loopback

    if not 1 <= port <= 65535:
        raise InvalidInputError("--port", port, "a port number from 1 to 65535")
    if example:
        if data_dir is not None:
            raise InvalidInputError("--example", True, "to be left out when --data-dir is "
                                    "given (the example uses a fresh folder)")
        os.environ.pop("RUNLEAN_DATABASE_URL", None)
        data_dir = example_data_dir()
        console.print(f"Example data in {data_dir}")
    import uvicorn

    from runlean.web.app import create_app

    web_app = create_app(data_dir, host=host, allow_hosts=tuple(allow_host))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    if not is_loopback(host):
        err_console.print(f"[bold red]Warning:[/] listening on {host}: anyone who can reach this "
                      "machine can read and change your data. runlean has no login in this "
                      "mode; use it only on a network you trust.")
    console.print(f"runlean is running at {url} (Ctrl+C stops it)")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(web_app, host=host, port=port, log_level="warning", server_header=False)
