"""Safety of a local server: Host check, CSRF tokens, body size cap, security headers.

* **Host check** (DNS rebinding): a request whose ``Host`` header names a host that the server
  was not bound to (or told to accept) is refused with 400, so a web page on another site
  that re-points its own domain to 127.0.0.1 cannot read or change the data.
* **Origin check**: a state-changing request carrying an ``Origin`` of another host is refused.
* **CSRF**: a random token lives in a ``SameSite=Strict`` cookie; every POST, PUT, PATCH and
  DELETE must repeat it in the form field ``csrf_token`` or the ``X-CSRF-Token`` header
  (double-submit). Pages embed it; API clients get it from ``GET /api/v1/csrf``.
* **Body cap**: a request body larger than the upload limit is cut off with 413 before it is
  parsed.
* **Headers**: a Content-Security-Policy that allows scripts, styles, images and connections
  only from the app itself, so no page can make the browser contact another host.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

CSRF_COOKIE = "runlean_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class CsrfError(Exception):
    """A state-changing request without the right CSRF token."""


def host_name(host_header: str) -> str:
    """The host part of a ``Host`` (or Origin netloc) header, lower case, without the port."""
    h = host_header.strip().lower()
    if h.startswith("["):  # [::1]:8000
        return h[1:].split("]", 1)[0]
    if h.count(":") == 1:
        return h.split(":", 1)[0]
    return h


def allowed_hosts(bound_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names the server answers to: the bound host, loopback names if it is loopback,
    and ``extra`` (``--allow-host``)."""
    names = {host_name(bound_host) if bound_host.startswith("[") else bound_host.lower()}
    if names & set(LOOPBACK_NAMES) or bound_host in ("0.0.0.0", "::"):
        names.update(LOOPBACK_NAMES)
    names.update(h.lower() for h in extra)
    names.discard("0.0.0.0")
    names.discard("::")
    return frozenset(names)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    h = host_name(host) if host.startswith("[") else host.lower()
    return h in ("localhost", "::1") or h.startswith("127.")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(request: Request) -> str:
    """The request's CSRF token (the cookie's, or a new one the response will set)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) < 20:
        token = getattr(request.state, "new_csrf", None) or new_token()
        request.state.new_csrf = token
    return token


async def check_csrf(request: Request) -> None:
    """Raise :class:`CsrfError` unless an unsafe request repeats its cookie's token."""
    if request.method not in UNSAFE_METHODS:
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not hmac.compare_digest(cookie, sent):
        raise CsrfError("missing or wrong CSRF token: reload the page and try again")


class GuardMiddleware:
    """Pure ASGI middleware: Host and Origin checks, body cap, CSRF cookie, headers."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str], max_body_bytes: int) -> None:
        self.app = app
        self.hosts = hosts
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        host = host_name(headers.get("host", ""))
        if host not in self.hosts:
            await PlainTextResponse(
                f"Host {host or '(none)'!r} is not served here (DNS-rebinding protection). "
                "Open the address runlean serve printed.", status_code=400)(scope, receive, send)
            return
        origin = headers.get("origin")
        if origin and scope["method"] in UNSAFE_METHODS:
            netloc = origin.split("://", 1)[-1]
            # "null" (sent by privacy settings) names no other site: the CSRF token decides.
            if origin != "null" and host_name(netloc) not in self.hosts:
                await PlainTextResponse("cross-origin request refused", status_code=403)(
                    scope, receive, send)
                return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _too_large(self.max_body)(scope, receive, send)
            return
        seen = 0
        limit = self.max_body
        cut_off = False

        async def capped_receive() -> Message:
            # Over the cap: answer 413 at once, then fail the read; whatever the app answers
            # to that failure is dropped (the response has been sent).
            nonlocal seen, cut_off
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    if not cut_off:
                        cut_off = True
                        await _too_large(limit)(scope, receive, send)
                    raise BodyTooLarge
            return message

        state: dict[str, Any] = scope.setdefault("state", {})
        cookie_present = f"{CSRF_COOKIE}=" in headers.get("cookie", "")

        async def send_with_headers(message: Message) -> None:
            if cut_off:
                return
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.append((b"content-security-policy", CSP.encode()))
                raw.append((b"x-content-type-options", b"nosniff"))
                raw.append((b"referrer-policy", b"same-origin"))
                raw.append((b"x-frame-options", b"DENY"))
                token = state.get("new_csrf")
                if token and not cookie_present:
                    raw.append((b"set-cookie", (
                        f"{CSRF_COOKIE}={token}; Path=/; SameSite=Strict; HttpOnly"
                    ).encode()))
                message["headers"] = raw
            await send(message)

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except BodyTooLarge:
            if not cut_off:
                await _too_large(self.max_body)(scope, receive, send)


class BodyTooLarge(Exception):
    """The request body went over the cap while it was read."""


def _too_large(limit: int) -> Response:
    return PlainTextResponse(
        f"upload too large: at most {limit / 1e6:.0f} MB per request (import big exports "
        "with 'runlean import')", status_code=413)
