"""The pages: upload, a batch's progress and report, downloads, login, the language switch, the history.

Handlers stay thin: what an upload may be is ``limits``, how a batch is checked is ``batches`` and
``jobs``, what the store shows is ``history``. Every POST passes :func:`check_post` (same origin, the
session's CSRF token) before anything else is done with it.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import i18n
from .auth import CSRF_FIELD, CSRF_HEADER, LANG_COOKIE, Session
from .batches import Job, QueueFull, State
from .jobs import DOWNLOADS, READABLE
from .limits import BatchWriter, Refused

STATIC = os.path.join(os.path.dirname(__file__), "static")
MEDIA = {"html": "text/html; charset=utf-8", "json": "application/json",
         "sarif": "application/sarif+json",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# script types a browser runs; any other (application/json, application/octet-stream) is a data block
_RUN = ("", "text/javascript", "application/javascript", "module")


def session_of(request: Request) -> Session:
    return request.scope["state"]["session"]


def owner_of(request: Request) -> str:
    """Whose batches these are: the user's when users log in, else the browser session's."""
    s = session_of(request)
    settings = request.app.state.settings
    return f"user:{s.user}" if settings.auth.mode == "users" and s.user else f"session:{s.id}"


def pages(request: Request) -> Any:
    return request.app.state.pages


def check_post(request: Request, token: Any = None) -> None:
    """A POST must come from this server's own pages: the same origin, the session's CSRF token (a form
    field or the X-CSRF-Token header). A session made by this very request has no page behind it."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
        raise Refused(403, "error.csrf")
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise Refused(403, "error.csrf")
    session = session_of(request)
    if session.fresh or not session.csrf_ok(token if token is not None else request.headers.get(CSRF_HEADER)):
        raise Refused(403, "error.csrf")


def local_path(target: str | None, default: str = "/") -> str:
    """A path on this server to send the browser back to (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


# --- upload ------------------------------------------------------------------------------------------------

async def upload_page(request: Request) -> Response:
    settings = request.app.state.settings
    limits = settings.limits
    jobs = request.app.state.manager.mine(owner_of(request))[:10]
    return pages(request).render(request, "upload.html", accepted=",".join(READABLE + (".zip",)),
                                 accepted_text=" ".join(READABLE + (".zip",)),
                                 max_file=f"{limits.max_file_bytes / 1048576:g}",
                                 max_batch=f"{limits.max_batch_bytes / 1048576:g}", max_files=limits.max_files,
                                 max_file_bytes=limits.max_file_bytes, max_batch_bytes=limits.max_batch_bytes,
                                 jobs=jobs)


async def upload(request: Request) -> Response:
    header = request.headers.get(CSRF_HEADER)
    if header is not None or session_of(request).fresh:
        check_post(request, header)  # before the body is read
    manager = request.app.state.manager
    limits = request.app.state.settings.limits
    job_id, folder = manager.new_folder()
    form = None
    try:
        form = await _form(request, limits.max_files)
        if header is None:
            check_post(request, form.get(CSRF_FIELD))
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise Refused(400, "error.no-files")
        writer = BatchWriter(folder, limits, READABLE)
        await run_in_threadpool(_save, writer, files)
        if not writer.saved.files:
            raise Refused(400, "error.nothing-readable", skipped=len(writer.saved.skipped))
        lang = i18n.choose(form.get("lang") if isinstance(form.get("lang"), str) else pages(request).lang(request))
        job = manager.submit(job_id, owner_of(request), writer.saved, lang)
    except QueueFull as exc:
        manager.discard(job_id)
        return pages(request).error(request, 429, exc.key, limit=exc.limit)
    except BaseException:
        manager.discard(job_id)
        raise
    finally:
        if form is not None:
            await form.close()
    url = f"/jobs/{job.id}"
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"job": url}, status_code=201)
    return RedirectResponse(url, status_code=303)


async def _form(request: Request, max_files: int) -> Any:
    try:
        return await request.form(max_files=max_files + 1, max_fields=20)
    except HTTPException as exc:
        if "files" in str(exc.detail).lower():
            raise Refused(413, "error.too-many-files", limit=max_files) from None
        raise Refused(400, "error.bad-form") from None


def _save(writer: BatchWriter, files: list[UploadFile]) -> None:
    for f in files:
        f.file.seek(0)
        writer.add(f.filename or "", f.file)


# --- a batch -----------------------------------------------------------------------------------------------

def job_of(request: Request) -> Job:
    job = request.app.state.manager.get(request.path_params["job"], owner_of(request))
    if job is None:
        raise Refused(404, "error.no-job")
    return job


async def job_page(request: Request) -> Response:
    job = job_of(request)
    p = pages(request)
    if job.state is State.DONE:
        return p.render(request, "result.html", job=job, outcome=job.outcome, downloads=list(DOWNLOADS))
    if job.state is State.FAILED:
        return p.render(request, "failed.html", 500, job=job, reason=failure(request, job))
    status = job.status(request.app.state.manager.position(job))
    return p.render(request, "progress.html", job=job, status=status)


def failure(request: Request, job: Job) -> str:
    """Why a batch failed, in the page's language."""
    lang = pages(request).lang(request)
    error = job.error or ""
    if error.startswith("time-limit:"):
        return i18n.text(lang, "failed.time-limit", seconds=error.split(":", 1)[1])
    if error.startswith("died:"):
        return i18n.text(lang, "failed.died", code=error.split(":", 1)[1])
    return i18n.text(lang, "failed.error", detail=error)


async def job_status(request: Request) -> Response:
    job = job_of(request)
    status = job.status(request.app.state.manager.position(job))
    if job.state is State.FAILED:
        status["error"] = failure(request, job)
    return JSONResponse(status)


async def job_report(request: Request) -> Response:
    """The HTML report itself, as the reporter wrote it, sandboxed by its own policy."""
    job = job_of(request)
    if job.state is not State.DONE:
        raise Refused(404, "error.no-report")
    html = await run_in_threadpool(_read, job.out / DOWNLOADS["html"])
    return report_response(html)


def report_response(html: str) -> Response:
    return Response(html, media_type="text/html; charset=utf-8",
                    headers={"content-security-policy": report_csp(html), "x-frame-options": "SAMEORIGIN"})


def report_csp(html: str) -> str:
    """The report's policy: its own inline scripts (by hash) and styles, nothing from anywhere, in a sandbox
    (an origin of its own: no cookies, no requests to the server in the reviewer's name)."""
    hashes = []
    for attrs, body in _SCRIPT.findall(html):
        kind = _TYPE.search(attrs)
        if "src=" in attrs.lower() or (kind.group(1).lower() if kind else "") not in _RUN:
            continue  # a data block, never run
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    scripts = " ".join(sorted(set(hashes))) or "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; font-src data:; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; "
            "sandbox allow-scripts allow-modals allow-popups allow-popups-to-escape-sandbox")


def _read(path: Any) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


async def job_download(request: Request) -> Response:
    job = job_of(request)
    fmt = request.path_params["fmt"]
    if fmt not in DOWNLOADS or job.state is not State.DONE:
        raise Refused(404, "error.no-report")
    name = i18n.text(pages(request).lang(request), "download.filename") + "." + fmt
    return FileResponse(job.out / DOWNLOADS[fmt], media_type=MEDIA[fmt], filename=name,
                        headers={"content-security-policy": "default-src 'none'; sandbox"})


# --- login, language, health -------------------------------------------------------------------------------

async def login_page(request: Request) -> Response:
    return pages(request).render(request, "login.html", next=local_path(request.query_params.get("next")))


async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    check_post(request, form.get(CSRF_FIELD))
    auth = request.app.state.settings.auth
    client = request.client.host if request.client else "?"
    nxt = local_path(form.get("next") if isinstance(form.get("next"), str) else None)
    if not auth.throttle.allowed(client):
        return pages(request).error(request, 429, "error.login-throttled")
    if auth.mode == "users":
        name = str(form.get("user") or "")
        ok = await run_in_threadpool(auth.user_ok, name, str(form.get("password") or ""))
    else:
        name, ok = "token", auth.token_ok(str(form.get("token") or ""))
    if not ok:
        auth.throttle.failed(client)
        return pages(request).render(request, "login.html", 401, next=nxt, failed=True)
    request.scope["state"]["session"] = request.app.state.sessions.login(session_of(request), name)
    return RedirectResponse(nxt, status_code=303)


async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    check_post(request, form.get(CSRF_FIELD))
    request.app.state.sessions.drop(session_of(request).id)
    return RedirectResponse("/login" if request.app.state.settings.auth.required else "/", status_code=303)


async def switch_language(request: Request) -> Response:
    lang = i18n.choose(request.path_params["lang"])
    response = RedirectResponse(local_path(request.query_params.get("next")), status_code=303)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, httponly=True, samesite="strict",
                        secure=request.app.state.settings.tls)
    return response


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


def routes() -> list[Any]:
    from . import history_routes
    return [
        Route("/", upload_page),
        Route("/upload", upload, methods=["POST"]),
        Route("/jobs/{job}", job_page),
        Route("/jobs/{job}/status", job_status),
        Route("/jobs/{job}/report", job_report),
        Route("/jobs/{job}/download/{fmt}", job_download),
        Route("/login", login_page),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/lang/{lang}", switch_language),
        Route("/healthz", health),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        *history_routes.routes(),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]

