"""Who may use the server: sessions, CSRF tokens, and the token or users a non-local server needs.

Every browser gets a session (a random id in an HttpOnly, SameSite=Strict cookie) with its own CSRF token; every POST must carry that token (a form field or the ``X-CSRF-Token``
header) and must not come from another origin. On localhost nobody logs in unless a token or users are
configured; on any other host the server refuses to start without one of them. Users' passwords are
stored as Argon2id hashes (argon2-cffi) in a file of ``name:hash`` lines that ``perflint serve --add-user``
writes; a token is compared in constant time. Failed logins are throttled per client address.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError

SESSION_COOKIE = "perflint_session"
LANG_COOKIE = "perflint_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOCAL_NAMES = ("localhost", "localhost.localdomain")
_SID = re.compile(r"[A-Za-z0-9_-]{43}")


def is_local(host: str) -> bool:
    """A host only this machine can reach: a loopback address or name."""
    host = host.strip("[]")
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Session:
    id: str
    csrf: str
    user: str | None = None
    seen: float = field(default_factory=time.time)
    fresh: bool = False     # made by this request: its cookie must be set

    def csrf_ok(self, token: Any) -> bool:
        return isinstance(token, str) and bool(token) and secrets.compare_digest(token, self.csrf)


class Sessions:
    """Browser sessions. An anonymous one is only its random id (in the cookie) and a CSRF token derived from
    it with the server's secret, so strangers cannot fill the server's memory with sessions; a signed-in one
    is kept in memory, the least recently seen dropped beyond ``limit`` or after ``idle`` seconds."""

    def __init__(self, limit: int = 10000, idle: float = 12 * 3600):
        self.limit, self.idle = limit, idle
        self._secret = secrets.token_bytes(32)
        self._signed_in: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def _csrf(self, sid: str) -> str:
        return hmac.new(self._secret, sid.encode("ascii"), hashlib.sha256).hexdigest()

    def get(self, sid: str | None) -> Session | None:
        if not sid or not _SID.fullmatch(sid):
            return None
        now = time.time()
        with self._lock:
            s = self._signed_in.get(sid)
            if s is not None:
                if now - s.seen > self.idle:
                    del self._signed_in[sid]
                    return None
                s.seen, s.fresh = now, False
                self._signed_in.move_to_end(sid)
                return s
        return Session(sid, self._csrf(sid))

    def new(self) -> Session:
        sid = secrets.token_urlsafe(32)
        return Session(sid, self._csrf(sid), fresh=True)

    def login(self, old: Session, user: str) -> Session:
        """A new session (new id, new CSRF token) for a user who has just signed in: an id someone planted
        before the login is worth nothing after it."""
        self.drop(old.id)
        s = self.new()
        s.user = user
        with self._lock:
            self._signed_in[s.id] = s
            while len(self._signed_in) > self.limit:
                self._signed_in.popitem(last=False)
        return s

    def drop(self, sid: str) -> None:
        with self._lock:
            self._signed_in.pop(sid, None)


class Throttle:
    """At most ``limit`` failed logins per client address in ``window`` seconds."""

    def __init__(self, limit: int = 10, window: float = 300.0):
        self.limit, self.window = limit, window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allowed(self, client: str) -> bool:
        now = time.time()
        with self._lock:
            q = self._fails.get(client)
            while q and now - q[0] > self.window:
                q.popleft()
            return not q or len(q) < self.limit

    def failed(self, client: str) -> None:
        with self._lock:
            self._fails.setdefault(client, deque()).append(time.time())


class Auth:
    """No authentication, a shared token, or users with Argon2 password hashes."""

    def __init__(self, token: str | None = None, users: dict[str, str] | None = None):
        self._token = hashlib.sha256(token.encode("utf-8")).digest() if token else None
        self.users = users or {}
        self._hasher: Any = None
        self.throttle = Throttle()

    @property
    def mode(self) -> str:
        return "users" if self.users else ("token" if self._token else "none")

    @property
    def required(self) -> bool:
        return self.mode != "none"

    def token_ok(self, candidate: str | None) -> bool:
        if self._token is None or not candidate:
            return False
        return secrets.compare_digest(hashlib.sha256(candidate.encode("utf-8")).digest(), self._token)

    def user_ok(self, name: str | None, password: str | None) -> bool:
        """The password is the user's; an unknown name costs as long as a wrong password."""
        hasher = self.hasher()
        stored = self.users.get(name or "")
        try:
            return hasher.verify(stored or _dummy(hasher), password or "") and stored is not None
        except Exception:  # noqa: BLE001 - argon2's VerifyMismatchError, InvalidHash: both a refusal
            return False

    def hasher(self) -> Any:
        if self._hasher is None:
            self._hasher = password_hasher()
        return self._hasher


_DUMMY: dict[int, str] = {}


def _dummy(hasher: Any) -> str:
    if id(hasher) not in _DUMMY:
        _DUMMY[id(hasher)] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY[id(hasher)]


def password_hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise ConfigError("users need argon2-cffi: pip install 'perflint-cn[serve]'", key="users") from None
    return PasswordHasher()


def load_users(path: str) -> dict[str, str]:
    """``name:hash`` lines (``#`` comments); a line that is not one is an error naming its number."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the users file: {exc.strerror}", source=path) from None
    users: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, sep, digest = text.partition(":")
        if not sep or not name.strip() or not digest.startswith("$argon2"):
            raise ConfigError(f"line {n} is not 'name:argon2-hash' (perflint serve --add-user NAME writes one)",
                              source=path)
        users[name.strip()] = digest.strip()
    if not users:
        raise ConfigError("the users file names no user (perflint serve --add-user NAME adds one)", source=path)
    return users


def add_user(path: str, name: str, password: str) -> None:
    """Add a user to the file (or give a known one a new password), the file readable by its owner only."""
    if not name or ":" in name or name != name.strip() or any(ord(c) < 32 for c in name):
        raise ConfigError(f"{name!r} cannot be a user name (no ':', no spaces around it)", key="add-user")
    if len(password) < 8:
        raise ConfigError("the password needs at least 8 characters", key="add-user")
    digest = password_hasher().hash(password)
    lines: list[str] = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            lines = [ln for ln in f.read().splitlines() if ln.partition(":")[0].strip() != name]
    lines.append(f"{name}:{digest}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
