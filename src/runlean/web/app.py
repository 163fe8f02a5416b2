"""The application factory: one store, the routes, the safety middleware, the error pages."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from runlean import __version__
from runlean.errors import InvalidInputError, NotFoundError, RunleanError
from runlean.web.security import CsrfError, GuardMiddleware, allowed_hosts

log = logging.getLogger("runlean.web")

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Largest request body (an upload of activity files) [bytes].
MAX_UPLOAD_BYTES = 100_000_000
#: Most files in one upload request.
MAX_UPLOAD_FILES = 200


def plotly_js_path() -> Path:
    """The plotly.js bundle shipped inside the plotly package (served locally, offline)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def create_app(data_dir: Path | None = None, *, host: str = "127.0.0.1",
               allow_hosts: tuple[str, ...] = (), max_upload_bytes: int = MAX_UPLOAD_BYTES,
               max_upload_files: int = MAX_UPLOAD_FILES) -> FastAPI:
    """The web app over the store in ``data_dir`` (default ``$RUNLEAN_HOME`` or the platform
    folder; database ``$RUNLEAN_DATABASE_URL`` or SQLite there), as the CLI opens it.

    Parameters
    ----------
    host
        The address the server is bound to: requests naming another host are refused.
    allow_hosts
        Further host names to answer to (e.g. the machine's name on a LAN).
    """
    from runlean.store.db import open_store
    from runlean.web import api, pages

    store = open_store(data_dir)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="runlean", version=__version__, lifespan=lifespan,
                  description="Plan, simulate and track running for fat loss: the same data "
                  "and services as the runlean command line. State-changing calls need the "
                  "X-CSRF-Token header (GET /api/v1/csrf).",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.store = store
    app.state.max_upload_bytes = max_upload_bytes
    app.state.max_upload_files = max_upload_files
    app.add_middleware(GuardMiddleware, hosts=allowed_hosts(host, allow_hosts),
                       max_body_bytes=max_upload_bytes)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    plotly_js = plotly_js_path()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(plotly_js, media_type="text/javascript",
                            headers={"Cache-Control": "max-age=86400"})

    _error_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_json(exc: RunleanError) -> dict[str, Any]:
    """The API's error body: type, one-line message and, for input errors, the field."""
    body: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, InvalidInputError):
        body.update(field=exc.field, value=exc.value if isinstance(
            exc.value, str | int | float | bool | type(None)) else str(exc.value),
            expected=exc.expected)
    return {"error": body}


def _error_handlers(app: FastAPI) -> None:
    from runlean.web.render import render

    @app.exception_handler(RunleanError)
    async def runlean_error(request: Request, exc: RunleanError) -> Response:
        code = 404 if isinstance(exc, NotFoundError) else 400
        if _wants_json(request):
            return JSONResponse(error_json(exc), status_code=code)
        return render(request, "error.html.j2", status_code=code, title="Not possible",
                      message=str(exc), error_id=None)

    @app.exception_handler(CsrfError)
    async def csrf_error(request: Request, exc: CsrfError) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": {"type": "CsrfError", "message": str(exc)}},
                                status_code=403)
        return render(request, "error.html.j2", status_code=403, title="Form expired",
                      message=str(exc), error_id=None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query",
                                                                             "path"))
        message = f"{where or 'input'}: {first.get('msg', 'invalid value')}"
        if _wants_json(request):
            return JSONResponse({"error": {"type": "InvalidInputError", "message": message,
                                           "field": where}}, status_code=422)
        return render(request, "error.html.j2", status_code=422, title="Not possible",
                      message=message, error_id=None)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "Not Found")
        if _wants_json(request):
            return JSONResponse({"error": {"type": "NotFound", "message": str(detail)}},
                                status_code=404)
        return render(request, "error.html.j2", status_code=404, title="Not found",
                      message=f"There is no page at {request.url.path}.", error_id=None)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        error_id = uuid.uuid4().hex[:10]
        log.error("error %s on %s %s", error_id, request.method, request.url.path,
                  exc_info=exc)
        message = ("Something went wrong on our side. Nothing you entered was lost: "
                   "the change was not made.")
        if _wants_json(request):
            return JSONResponse({"error": {"type": "ServerError", "message": message,
                                           "id": error_id}}, status_code=500)
        return render(request, "error.html.j2", status_code=500, title="Server error",
                      message=message, error_id=error_id)
