"""The history pages: departments, a department's projects, a project's years and versions, a stored form
across time, and the HTML report of a stored form. Only when the server has a store (``--history``)."""
from __future__ import annotations

import threading
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import history
from .limits import Refused


_OPENING = threading.Lock()


def _store(request: Request) -> Any:
    """The server's store, opened on first use (in a worker thread: opening may migrate it)."""
    state = request.app.state
    if not state.settings.history:
        raise Refused(404, "error.no-store")
    with _OPENING:
        if state.store is None:
            state.store = history.open_store(state.settings.history)
    return state.store


async def _call(request: Request, fn: Any, *args: Any) -> Any:
    from ..errors import PerflintError

    def work() -> Any:
        return fn(_store(request), *args)
    try:
        return await run_in_threadpool(work)
    except PerflintError as exc:
        raise Refused(503, "error.store", detail=str(exc)) from None


async def departments(request: Request) -> Response:
    rows = await _call(request, history.departments)
    return request.app.state.pages.render(request, "history_departments.html", departments=rows)


async def department(request: Request) -> Response:
    key = request.query_params.get("d", "")
    rows = await _call(request, history.projects, key)
    if not rows:
        raise Refused(404, "error.no-department")
    return request.app.state.pages.render(request, "history_department.html", department=key,
                                          name=rows[0]["department"], projects=rows)


async def project(request: Request) -> Response:
    key, dept = request.query_params.get("p", ""), request.query_params.get("d", "")
    name, years = await _call(request, history.project, key, dept)
    if not years:
        raise Refused(404, "error.no-project")
    return request.app.state.pages.render(request, "history_project.html", name=name, years=years, department=dept)


async def _stored(request: Request) -> Any:
    try:
        form_id = int(request.path_params["form"])
    except ValueError:
        raise Refused(404, "error.no-form") from None
    stored = await _call(request, history.stored_form, form_id, request.app.state.cfg)
    if stored is None:
        raise Refused(404, "error.no-form")
    return stored


async def stored_form(request: Request) -> Response:
    stored = await _stored(request)
    from ..history.names import project_key, unit_key
    return request.app.state.pages.render(request, "history_form.html", s=stored, row=stored.row,
                                          project_key=project_key(stored.row.project),
                                          department_key=unit_key(stored.row.department))


async def stored_report(request: Request) -> Response:
    from .jobs import stored_report as render
    from .routes import report_response
    stored = await _stored(request)
    lang = request.app.state.pages.lang(request)
    html = await run_in_threadpool(render, stored.row.source_file, stored.form, stored.findings,
                                   [stored.pairing] if stored.pairing else [], lang)
    return report_response(html)


def routes() -> list[Any]:
    return [
        Route("/history", departments),
        Route("/history/department", department),
        Route("/history/project", project),
        Route("/history/forms/{form}", stored_form),
        Route("/history/forms/{form}/report", stored_report),
    ]
