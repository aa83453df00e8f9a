"""`perflint check --show-settings`: the settings each path gets, and where each one comes from."""
from __future__ import annotations

import json
import os
from typing import Any

from . import messages
from .config import COMMAND_LINE, DEFAULT_EXCLUDE, describe
from .discovery import printable


def show_settings(paths: list[str], config: Any, overrides: dict[str, Any], stdin_filename: str | None) -> str:
    from .api import resolve
    settings = resolve(config, overrides)
    out = []
    for raw in paths:
        path = (stdin_filename or "-") if raw == "-" else raw
        folder = os.path.isdir(path)
        cfg = settings.settings_for(os.path.join(path, "-") if folder else path)
        lang = overrides.get("lang") or cfg.lang
        words = {None: messages.render("cli.settings-default", lang),
                 COMMAND_LINE: messages.render("cli.settings-command-line", lang)}
        out.append(f"[{printable(path)}]")
        out.append(f"configuration = {_value(cfg.source)}")
        out.append(f"project-root = {_value(cfg.root or os.getcwd())}")
        if not folder:
            out.append(f"excluded = {_value(cfg.is_excluded(path))}")
        for key, value, origin in describe(cfg):
            out.append(f"{key} = {_value(value)}  # {words.get(origin) or printable(origin or '')}")
        out.append(f"default-exclude = {_value(list(DEFAULT_EXCLUDE))}  # {words[None]}")
        out.append("")
    return "\n".join(out)


def _value(value: Any) -> str:
    if value is None:
        return '""'
    return json.dumps(value, ensure_ascii=False)
