"""The application: settings, the middlewares every request passes, the pages' renderer.

A request meets, in order: the trusted-host check (a server on localhost answers only to its own names,
so a page elsewhere cannot reach it through DNS rebinding), the security headers (a Content-Security-Policy
on every response; the report's own, sandboxed, on the report), the body limit (a request larger than a
batch may be is refused before it is read, and one that grows past it while streaming is cut off), and the
session (cookie, CSRF token, login). Then the routes (``routes``).
"""
from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from ..config import Config
from . import i18n
from .auth import LANG_COOKIE, SESSION_COOKIE, Auth, Session, Sessions, is_local
from .batches import JobManager, QueueSettings
from .limits import Limits

log = logging.getLogger("perflint.serve")

# every page of the server: its own scripts and styles only, no frames but its own report, no plugins
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-resource-policy", b"same-origin"),
           (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]
# paths anyone may open before logging in
PUBLIC = ("/login", "/static/", "/healthz", "/lang/")


@dataclass
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    history: str | None = None                   # the store: an absolute path or a URL
    limits: Limits = field(default_factory=Limits)
    queue: QueueSettings = field(default_factory=QueueSettings)
    auth: Auth = field(default_factory=Auth)
    tls: bool = False
    allowed_hosts: tuple[str, ...] = ()          # names the server answers to besides its host
    temp_root: str | None = None                 # where uploads and reports are kept (the system's temp)

    def hosts(self) -> list[str] | None:
        """The Host headers to answer, None for any (a server on all addresses with no names given)."""
        names = {self.host, *self.allowed_hosts}
        if is_local(self.host):
            names |= {"127.0.0.1", "localhost", "::1", "[::1]"}
        elif self.host in ("0.0.0.0", "::", "") and not self.allowed_hosts:
            return None
        return sorted(names)


class BodyTooLarge(Exception):
    pass


# --- middlewares (plain ASGI: they see the body as it streams) -------------------------------------------

class SecurityHeaders:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                if b"x-frame-options" not in names:
                    headers.append((b"x-frame-options", b"DENY"))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                headers.extend(h for h in HEADERS if h[0] not in names)
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, sending)


class BodyLimit:
    """Refuse a request body over ``limit`` bytes: by its Content-Length before reading it, or as it streams."""

    def __init__(self, app: Any, limit: int, refuse: Callable[[dict], Awaitable[Any]]):
        self.app, self.limit, self.refuse = app, limit, refuse

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            response = await self.refuse(scope)
            return await response(scope, receive, send)
        seen = 0

        async def receiving() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
            return message
        await self.app(scope, receiving, send)


class SessionGate:
    """Attach the browser's session (a new one if it has none) and let only logged-in users past when the
    server requires it; a script may log in with ``Authorization: Bearer TOKEN``."""

    def __init__(self, app: Any, sessions: Sessions, auth: Auth, tls: bool,
                 unauthorised: Callable[[dict], Awaitable[Any]]):
        self.app, self.sessions, self.auth, self.tls = app, sessions, auth, tls
        self.unauthorised = unauthorised

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from starlette.requests import HTTPConnection
        conn = HTTPConnection(scope)
        session = self.sessions.get(conn.cookies.get(SESSION_COOKIE)) or self.sessions.new()
        if self.auth.required and session.user is None:
            bearer = conn.headers.get("authorization", "")
            if bearer.lower().startswith("bearer ") and self.auth.token_ok(bearer[7:].strip()):
                session.user = "token"
        scope.setdefault("state", {})["session"] = session
        if self.auth.required and session.user is None and not conn.url.path.startswith(PUBLIC):
            response = await self.unauthorised(scope)
            return await self._send(response, scope, receive, send)
        await self._send(self.app, scope, receive, send)

    async def _send(self, app: Any, scope: dict, receive: Callable, send: Callable) -> None:
        async def sending(message: dict) -> None:
            if message["type"] == "http.response.start":
                current: Session = scope["state"]["session"]
                if current.fresh:
                    cookie = f"{SESSION_COOKIE}={current.id}; Path=/; HttpOnly; SameSite=Strict"
                    cookie += "; Secure" if self.tls else ""
                    message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie.encode())]}
                    current.fresh = False
            await send(message)
        await app(scope, receive, sending)


# --- pages -------------------------------------------------------------------------------------------------

class Pages:
    """Renders the templates (Jinja2, autoescape on) with what every page needs."""

    def __init__(self, settings: ServeSettings):
        import os

        import jinja2
        from starlette.templating import Jinja2Templates
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
                                 autoescape=True, trim_blocks=True, lstrip_blocks=True)
        env.filters["timestamp"] = _timestamp
        env.filters["when"] = _when
        self.templates = Jinja2Templates(env=env)
        self.settings = settings

    @staticmethod
    def lang(request: Any) -> str:
        return i18n.choose(request.cookies.get(LANG_COOKIE))

    def render(self, request: Any, template: str, status_code: int = 200, headers: dict[str, str] | None = None,
               **context: Any) -> Any:
        lang = self.lang(request)
        session: Session | None = request.scope.get("state", {}).get("session")

        def t(key: str, **params: Any) -> str:
            return i18n.text(lang, key, **params)
        context.update(t=t, lang=lang, html_lang="zh-CN" if lang == "zh" else "en", csrf=session.csrf if session else "",
                       user=session.user if session else None, auth=self.settings.auth.mode,
                       history_on=bool(self.settings.history), here=request.url.path)
        return self.templates.TemplateResponse(request, template, context, status_code=status_code, headers=headers)

    def error(self, request: Any, status: int, key: str, **params: Any) -> Any:
        """An error page (or, for the upload script, the same message as JSON)."""
        lang = self.lang(request)
        title = i18n.text(lang, f"status.{status}") if f"status.{status}" in i18n.catalogue("zh") else str(status)
        message = i18n.text(lang, key, **params)
        if "application/json" in request.headers.get("accept", ""):
            from starlette.responses import JSONResponse
            return JSONResponse({"error": {"status": status, "title": title, "message": message}}, status_code=status)
        return self.render(request, "error.html", status, title=title, message=message, status=status)

    async def too_large(self, scope: dict) -> Any:
        from starlette.requests import Request
        return self.error(Request(scope), 413, "error.request-too-large",
                          limit=f"{self.settings.limits.max_batch_bytes / 1048576:g} MB")

    async def unauthorised(self, scope: dict) -> Any:
        """Not signed in: a page is sent to the login (and back), anything else gets 401."""
        from urllib.parse import quote

        from starlette.requests import Request
        from starlette.responses import RedirectResponse
        request = Request(scope)
        if request.method == "GET" and "application/json" not in request.headers.get("accept", ""):
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return self.error(request, 401, "error.login-needed")


def _timestamp(seconds: float) -> str:
    import time
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))


def _when(iso: str | None) -> str:
    """A time the store wrote (ISO 8601, UTC) in the server's local time."""
    import datetime
    if not iso:
        return "—"
    try:
        return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _handlers(pages: Pages, settings: ServeSettings) -> dict[Any, Any]:
    """What a request refused or failed gets: a page saying why (or its JSON), never a traceback."""
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    from .limits import Refused

    async def refused(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, Refused)
        return pages.error(request, exc.status, exc.key, **exc.params)

    async def too_large(request: Request, exc: Exception) -> Any:
        return await pages.too_large(request.scope)

    async def http(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, HTTPException)
        key = {404: "error.not-found", 405: "error.method", 403: "error.forbidden"}.get(exc.status_code,
                                                                                       "error.bad-request")
        return pages.error(request, exc.status_code, key)

    async def crash(request: Request, exc: Exception) -> Any:
        log.exception("perflint serve: %s %s failed", request.method, request.url.path)
        return pages.error(request, 500, "error.internal")
    return {Refused: refused, BodyTooLarge: too_large, HTTPException: http, Exception: crash}


def create_app(cfg: Config, settings: ServeSettings | None = None) -> Any:
    """The ASGI application; ``cfg`` is the configuration batches are checked with."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from . import routes

    settings = settings or ServeSettings()
    pages = Pages(settings)
    manager = JobManager(cfg, settings.history, settings.queue, settings.temp_root)
    sessions = Sessions()

    @contextlib.asynccontextmanager
    async def lifespan(app: Any):
        try:
            yield
        finally:
            manager.close()
            if app.state.store is not None:
                app.state.store.close()

    hosts = settings.hosts()
    middleware = ([Middleware(TrustedHostMiddleware, allowed_hosts=hosts)] if hosts else []) + [
        Middleware(SecurityHeaders),
        Middleware(BodyLimit, limit=settings.limits.max_request_bytes, refuse=pages.too_large),
        Middleware(SessionGate, sessions=sessions, auth=settings.auth, tls=settings.tls,
                   unauthorised=pages.unauthorised),
    ]
    app = Starlette(routes=routes.routes(), middleware=middleware, lifespan=lifespan,
                    exception_handlers=_handlers(pages, settings))
    app.state.settings, app.state.pages, app.state.manager, app.state.cfg = settings, pages, manager, cfg
    app.state.store, app.state.sessions = None, sessions
    return app
