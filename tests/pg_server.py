"""A throw-away PostgreSQL server for the store tests: ``initdb`` and ``pg_ctl`` in a temporary folder, on a
free port of 127.0.0.1, trust authentication, stopped and removed at the end.

``PERFLINT_TEST_POSTGRES`` (a ``postgresql://`` URL of a server where the user may create databases) is
used instead when set. As root, the cluster runs as the ``postgres`` user (initdb refuses root)."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid


class Unavailable(Exception):
    """No PostgreSQL server can be had here; the message says why."""


def _binary(name: str) -> str:
    found = shutil.which(name) or (sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [None])[-1]
    if not found:
        raise Unavailable(f"{name} not found (install the PostgreSQL server: apt-get install postgresql)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self) -> None:
        self.url = os.environ.get("PERFLINT_TEST_POSTGRES")
        self.folder: str | None = None
        self._as: list[str] = []

    def start(self) -> "Server":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise Unavailable("psycopg is not installed (pip install 'perflint[postgres]')") from None
        if self.url:
            return self
        initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
        self.folder = tempfile.mkdtemp(prefix="perflint-pg-")
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no postgres user to run the server as") from None
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]
        data, port = os.path.join(self.folder, "data"), _free_port()
        self._run([initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
        options = f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        self._run([pg_ctl, "-D", data, "-o", options, "-l", os.path.join(self.folder, "log"), "-w", "-t", "60", "start"])
        self._pg_ctl, self._data = pg_ctl, data
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        return self

    def _run(self, cmd: list[str]) -> None:
        proc = subprocess.run(self._as + cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise Unavailable(f"{os.path.basename(cmd[0])} failed: {(proc.stderr or proc.stdout).strip()[-500:]}")

    def database(self) -> str:
        """A new, empty database on the server; its URL."""
        import psycopg
        name = "perflint_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self._plain(self.url), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def drop(self, url: str) -> None:
        import psycopg
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self._plain(self.url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @staticmethod
    def _plain(url: str) -> str:
        return url.replace("postgresql+psycopg://", "postgresql://")

    def stop(self) -> None:
        if self.folder is None:
            return
        try:
            subprocess.run(self._as + [self._pg_ctl, "-D", self._data, "-m", "fast", "-w", "stop"],
                           capture_output=True, timeout=60)
        except (AttributeError, OSError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
