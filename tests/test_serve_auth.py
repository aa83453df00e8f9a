"""Who may use `perflint serve`: a server on another host than localhost refuses to start without a token
or users; with them, every page but the login asks for it, passwords are Argon2 hashes, failed logins are
throttled, and a script may log in with a bearer token. A batch is its owner's only."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="perflint serve needs the serve extra (pip install 'perflint[serve]')")
pytest.importorskip("argon2", reason="users' passwords need argon2-cffi (the serve extra)")

from starlette.testclient import TestClient  # noqa: E402

from perflint.config import Config  # noqa: E402
from perflint.errors import ConfigError  # noqa: E402
from perflint.serve.app import ServeSettings, create_app  # noqa: E402
from perflint.serve.auth import Auth, add_user, is_local, load_users  # noqa: E402
from perflint.serve.batches import QueueSettings  # noqa: E402
from perflint.serve.server import settings_from  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "s3cret-token-of-the-bureau-2026"


def app_with(tmp_path: Path, auth: Auth, host: str = "127.0.0.1"):
    return create_app(Config(), ServeSettings(host=host, auth=auth, allowed_hosts=("testserver",),
                                              queue=QueueSettings(workers=1), temp_root=str(tmp_path)))


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "perflint.example"])
def test_a_server_on_another_host_refuses_to_start_without_authentication(host):
    with pytest.raises(ConfigError, match="without authentication"):
        settings_from({"host": host, "no_config": True})


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_localhost_needs_no_authentication(host):
    assert is_local(host)
    _, settings = settings_from({"host": host, "no_config": True})
    assert settings.auth.mode == "none"


def test_the_command_refuses_to_start_and_binds_nothing(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PERFLINT_SERVE_TOKEN"}
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "perflint.cli", "serve", "--no-config", "--host", "0.0.0.0",
                          "--port", str(port)], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env)
    assert run.returncode == 2
    assert "refusing to serve on 0.0.0.0 without authentication" in run.stderr and "Traceback" not in run.stderr
    assert time.monotonic() - started < 30
    with socket.socket() as s:   # nothing listens there
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_a_token_from_the_environment_lets_it_start_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("PERFLINT_SERVE_TOKEN", TOKEN)
    _, settings = settings_from({"host": "0.0.0.0", "no_config": True})
    assert settings.auth.mode == "token" and settings.auth.token_ok(TOKEN) and not settings.auth.token_ok("x" * 30)
    monkeypatch.setenv("PERFLINT_SERVE_TOKEN", "short")
    with pytest.raises(ConfigError, match="16 characters"):
        settings_from({"host": "0.0.0.0", "no_config": True})


def test_token_login(tmp_path):
    with TestClient(app_with(tmp_path, Auth(token=TOKEN), "0.0.0.0"), raise_server_exceptions=False) as c:
        first = c.get("/", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"].startswith("/login")
        assert c.get("/jobs/x/status", headers={"accept": "application/json"}).status_code == 401
        assert c.post("/upload").status_code == 401
        login = c.get("/login")
        assert login.status_code == 200 and 'name="token"' in login.text
        wrong = c.post("/login", data={"csrf_token": csrf_of(login.text), "token": "wrong" * 5, "next": "/"})
        assert wrong.status_code == 401
        old_cookie = c.cookies.get("perflint_session")
        ok = c.post("/login", data={"csrf_token": csrf_of(c.get("/login").text), "token": TOKEN, "next": "/"},
                    follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        assert c.cookies.get("perflint_session") != old_cookie   # a new session after the login
        assert c.get("/").status_code == 200
        # a script: the bearer token
        other = TestClient(c.app)
        assert other.get("/", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        stranger = TestClient(c.app)
        assert stranger.get("/", headers={"authorization": "Bearer nope"}, follow_redirects=False).status_code == 303


def test_users_with_argon2_passwords_and_throttled_failures(tmp_path):
    users = tmp_path / "users.txt"
    add_user(str(users), "张审核", "correct horse battery")
    add_user(str(users), "li", "another password")
    text = users.read_text("utf-8")
    assert "correct horse" not in text and text.count("$argon2id$") == 2
    assert oct(users.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(ConfigError):
        add_user(str(users), "short", "1234")
    auth = Auth(users=load_users(str(users)))
    with TestClient(app_with(tmp_path, auth, "10.0.0.5"), raise_server_exceptions=False) as c:
        page = c.get("/login")
        assert 'name="password"' in page.text
        bad = c.post("/login", data={"csrf_token": csrf_of(page.text), "user": "张审核", "password": "wrong"})
        assert bad.status_code == 401
        good = c.post("/login", data={"csrf_token": csrf_of(c.get("/login").text), "user": "张审核",
                                      "password": "correct horse battery"}, follow_redirects=False)
        assert good.status_code == 303
        home = c.get("/")
        assert "张审核" in home.text
        # logging out needs the token too, and ends the session
        assert c.post("/logout", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False).status_code == 303
        assert c.get("/", follow_redirects=False).status_code == 303
        for _ in range(auth.throttle.limit):
            c.post("/login", data={"csrf_token": csrf_of(c.get("/login").text), "user": "li", "password": "x"})
        blocked = c.post("/login", data={"csrf_token": csrf_of(c.get("/login").text), "user": "li",
                                         "password": "another password"})
        assert blocked.status_code == 429


def test_a_users_file_that_is_not_one_is_refused(tmp_path):
    bad = tmp_path / "users.txt"
    bad.write_text("admin:plaintext\n", "utf-8")
    with pytest.raises(ConfigError, match="line 1"):
        load_users(str(bad))


def test_an_unknown_host_header_is_refused_on_localhost(tmp_path):
    app = create_app(Config(), ServeSettings(queue=QueueSettings(workers=1), temp_root=str(tmp_path)))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "attacker.example"}).status_code == 400   # DNS rebinding


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
