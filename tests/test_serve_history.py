"""`perflint serve --history`: batches recorded in the store, a resubmission's fixed / still open / new
findings on its result page, and the history pages — departments, projects, a project's years and versions,
a stored form against its earlier years and its previous version, and its report."""
from __future__ import annotations

import re
import time

import pytest

pytest.importorskip("starlette", reason="perflint serve needs the serve extra (pip install 'perflint[serve]')")
pytest.importorskip("sqlalchemy", reason="the store needs the history extra (pip install 'perflint[history]')")

from starlette.testclient import TestClient  # noqa: E402

from history_forms import ELDERLY, self_eval_form, target_form  # noqa: E402
from perflint.config import Config  # noqa: E402
from perflint.serve.app import ServeSettings, create_app  # noqa: E402
from perflint.serve.batches import QueueSettings  # noqa: E402

P = "社区居家养老服务补贴项目"


def v1_v2() -> tuple[str, str]:
    """A target form with a value missing its unit, then the same form sent back and fixed."""
    v1 = [i.but(target="≥600") if i.name == "服务老人人数" else i for i in ELDERLY]
    return target_form(2026, P, v1), target_form(2026, P, ELDERLY)


@pytest.fixture
def client(tmp_path):
    settings = ServeSettings(history=str(tmp_path / "perflint.db"), allowed_hosts=("testserver",),
                             queue=QueueSettings(workers=1), temp_root=str(tmp_path))
    with TestClient(create_app(Config(), settings), raise_server_exceptions=False) as c:
        yield c


def check(client: TestClient, name: str, text: str) -> str:
    page = client.get("/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    job = client.post("/upload", data={"csrf_token": csrf}, files=[("files", (name, text.encode("utf-8")))],
                      follow_redirects=False).headers["location"]
    for _ in range(600):
        if client.get(job + "/status").json()["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    return job


def test_a_resubmission_shows_what_was_fixed(client):
    v1, v2 = v1_v2()
    first = client.get(check(client, "申报表.txt", v1)).text
    assert 'id="resubmissions"' not in first
    page = client.get(check(client, "申报表_重报.txt", v2)).text
    row = re.search(r'<tr class="resubmission" data-project="([^"]*)" data-fixed="(\d+)" data-open="(\d+)" '
                    r'data-new="(\d+)"', page)
    assert row and row.group(1) == P and int(row.group(2)) >= 1 and int(row.group(4)) == 0
    assert "PF304" in page.split('id="resubmissions"')[1].split("</section>")[0]   # the unit now given


def test_the_history_pages_show_departments_projects_versions(client):
    v1, v2 = v1_v2()
    check(client, "2025自评.txt", self_eval_form(2025, P))
    check(client, "申报表.txt", v1)
    check(client, "申报表_重报.txt", v2)
    home = client.get("/history")
    assert home.status_code == 200 and "某市民政局" in home.text
    dept = client.get(re.search(r'href="(/history/department\?d=[^"]+)"', home.text).group(1).replace("&amp;", "&"))
    assert P in dept.text
    project = client.get(re.search(r'href="(/history/project\?[^"]+)"', dept.text).group(1).replace("&amp;", "&"))
    assert project.status_code == 200
    versions = re.findall(r'<tr data-id="(\d+)">', project.text)
    assert len(versions) == 3   # 2026: two versions of the target form; 2025: the self-evaluation
    table_2026 = project.text.split('data-year="2026" data-kind="target"')[1].split("</table>")[0]
    ids_2026 = re.findall(r'<tr data-id="(\d+)">', table_2026)
    assert len(ids_2026) == 2
    latest = client.get(f"/history/forms/{ids_2026[1]}")
    assert latest.status_code == 200
    resub = latest.text.split('id="resubmission"')[1].split("</section>")[0]
    assert int(re.search(r'data-count="fixed">(\d+)<', resub).group(1)) >= 1 and "PF304" in resub
    cross = latest.text.split('id="cross-year"')[1].split("</section>")[0]
    assert "服务老人人数" in cross and "620" in cross   # last year's actual beside this year's target
    # the first version has no earlier one: a later version is not its "previous"
    first = client.get(f"/history/forms/{ids_2026[0]}").text
    assert 'data-count="fixed"' not in first.split('id="resubmission"')[1].split("</section>")[0]
    report = client.get(f"/history/forms/{ids_2026[1]}/report")
    assert report.status_code == 200 and "sandbox allow-scripts" in report.headers["content-security-policy"]
    assert P in report.text
    assert client.get("/history/forms/999999").status_code == 404
    assert client.get("/history/department?d=nothing").status_code == 404


def test_no_history_pages_without_a_store(tmp_path):
    settings = ServeSettings(allowed_hosts=("testserver",), temp_root=str(tmp_path))
    with TestClient(create_app(Config(), settings), raise_server_exceptions=False) as c:
        assert c.get("/history").status_code == 404
        assert 'href="/history"' not in c.get("/").text
