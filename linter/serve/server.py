"""Starting the server: ``perflint serve``. Reads the settings, refuses what is unsafe (another host than
localhost without a token or users, a certificate without its key), opens the store once so that a wrong
URL is told at once, then runs the application on uvicorn."""
from __future__ import annotations

import os
import sys
from typing import Any

from ..errors import ConfigError
from .auth import Auth, add_user, is_local, load_users
from .batches import QueueSettings
from .limits import MIB, Limits

TOKEN_ENV = "PERFLINT_SERVE_TOKEN"
# connections uvicorn serves at once; past it, 503 at once rather than a server that drowns
CONNECTIONS = 256


def need_extra() -> None:
    import importlib.util
    missing = [m for m in ("starlette", "uvicorn", "jinja2", "multipart", "argon2") if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(f"perflint serve needs the serve extra ({', '.join(missing)} missing): "
                          "pip install 'perflint-cn[serve]'", key="serve")


def read_token(token_file: str | None) -> str | None:
    """The access token: the PERFLINT_SERVE_TOKEN variable, else the first line of --token-file (never an
    option's value: the command line is visible to every user of the machine)."""
    if os.environ.get(TOKEN_ENV):
        token = os.environ[TOKEN_ENV].strip()
    elif token_file:
        try:
            with open(token_file, encoding="utf-8") as f:
                token = f.readline().strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the token file: {exc.strerror}", source=token_file) from None
    else:
        return None
    if len(token) < 16:
        raise ConfigError("the access token needs at least 16 characters (python -c 'import secrets; "
                          "print(secrets.token_urlsafe(24))' makes one)", key="token")
    return token


def settings_from(options: dict[str, Any]) -> tuple[Any, Any]:
    """(configuration, ServeSettings) from the command's options; raises ConfigError on what is unsafe."""
    from .. import config as config_mod
    from ..history.stage import resolve
    from .app import ServeSettings
    if options.get("no_config"):
        cfg = config_mod.Config()
    elif options.get("config_path"):
        cfg = config_mod.Resolver(config_path=options["config_path"]).fixed
    else:
        cfg = config_mod.load()
    host = options.get("host") or "127.0.0.1"
    users = load_users(options["users"]) if options.get("users") else None
    auth = Auth(read_token(options.get("token_file")), users)
    if not is_local(host) and not auth.required:
        raise ConfigError(f"refusing to serve on {host} without authentication: anyone who can reach it could "
                          f"read the forms. Give --users FILE (perflint serve --add-user NAME --users FILE) or a "
                          f"token ({TOKEN_ENV} or --token-file), or serve on 127.0.0.1", key="host")
    cert, key = options.get("ssl_certfile"), options.get("ssl_keyfile")
    if bool(cert) != bool(key):
        raise ConfigError("--ssl-certfile and --ssl-keyfile go together", key="ssl")
    history = options.get("history") or (resolve(cfg, cfg.history) if cfg.history else None)
    if history and "://" not in history:
        history = os.path.abspath(history)
    limits = Limits(max_file_bytes=int(options.get("max_file_mb", 20) * MIB),
                    max_batch_bytes=int(options.get("max_batch_mb", 200) * MIB),
                    max_files=int(options.get("max_files", 2000)))
    queue = QueueSettings(max_jobs=int(options.get("max_jobs") or 2), workers=int(options.get("jobs") or 0))
    settings = ServeSettings(host=host, port=int(options.get("port") or 8000), history=history, limits=limits,
                             queue=queue, auth=auth, tls=bool(cert), allowed_hosts=tuple(options.get("allowed_host") or ()))
    return cfg, settings


def start(**options: Any) -> int:
    need_extra()
    if options.get("add_user"):
        return _add_user(options["add_user"], options.get("users"))
    cfg, settings = settings_from(options)
    if settings.history:
        from .history import open_store
        store = open_store(settings.history)  # creates or migrates it now, and a wrong URL fails here
        store.close()
    import uvicorn

    from .app import create_app
    app = create_app(cfg, settings)
    scheme = "https" if settings.tls else "http"
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(f"perflint serve: {scheme}://{shown}:{settings.port}/  ({settings.auth.mode} authentication"
          f"{', history ' + _shown_store(settings.history) if settings.history else ''}); Ctrl-C stops it",
          file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", server_header=False,
                proxy_headers=False, limit_concurrency=CONNECTIONS, timeout_keep_alive=5,
                ssl_certfile=options.get("ssl_certfile"), ssl_keyfile=options.get("ssl_keyfile"))
    return 0


def _shown_store(url: str) -> str:
    from ..history.store import _display
    return _display(url) if "://" in url else url


def _add_user(name: str, users: str | None) -> int:
    import click
    if not users:
        raise ConfigError("--add-user needs --users FILE (the file the user is written to)", key="users")
    password = click.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True, err=True)
    add_user(users, name, password)
    print(f"perflint serve: {name} can sign in (users file {users})", file=sys.stderr)
    return 0
