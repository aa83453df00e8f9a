"""The command line: parse options, call the library, choose a reporter. Nothing else lives here."""
from __future__ import annotations

import os
import signal
import sys
import threading


def _interrupted_while_loading(signum, frame):  # pragma: no cover - a race with the user's finger
    os.write(2, b"perflint: interrupted\n")
    os._exit(130)


# Ctrl-C while the modules below load ends the run quietly (exit 130) instead of with an import traceback;
# only Python's own default handler is replaced, and it comes back at the end of this module
_LOADING = (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
if _LOADING:
    signal.signal(signal.SIGINT, _interrupted_while_loading)

import click  # noqa: E402

from . import __version__  # noqa: E402

FAIL_LEVELS = ("error", "warning", "info")
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that every open report is cleaned up on the way out."""


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"perflint: {message}", err=True)
    sys.exit(code)


def _leave(code: int, word: bytes) -> None:
    """After an interrupt: by now output files are cleaned up and workers ended (the exception unwound
    through them); leave at once, so that a second signal cannot turn the exit into a traceback."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os.write(2, b"perflint: " + word + b"\n")
    os._exit(code)


def _handle_signals():
    """SIGINT and SIGTERM raise in the main process (the first one only: later ones are ignored while the run
    unwinds); a forked worker that inherited the handlers leaves at once. Returns the handlers to restore."""
    main_pid = os.getpid()

    def on_signal(signum, frame):
        if os.getpid() != main_pid:
            os._exit(128 + signum)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt if signum == signal.SIGINT else Terminated

    if threading.current_thread() is not threading.main_thread():
        return {}
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, on_signal)
    return previous


def _guard(fn):
    """Every command: project and environment errors become one line and exit 2, Ctrl-C exits 130 and
    SIGTERM 143, never a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .errors import PerflintError
        previous = _handle_signals()
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt:
            _leave(EXIT_INTERRUPTED, b"interrupted")
        except Terminated:
            _leave(EXIT_TERMINATED, b"terminated")
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except PerflintError as exc:
            _fail(str(exc))
        except OSError as exc:   # an environment error the library did not foresee: still one line
            from .discovery import printable
            where = f"{printable(exc.filename)}: " if isinstance(exc.filename, str) else ""
            _fail(f"{where}{exc.strerror or exc}")
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perflint")
def main() -> None:
    """perflint — 财政项目支出绩效目标表与绩效自评表的检查工具 (lint Chinese budget performance forms)."""


def _split(text: str | None) -> list[str] | None:
    return [x.strip() for x in text.split(",") if x.strip()] if text else None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt",
              help="Output format: text, json, sarif, github, junit, csv, html, xlsx (default: from the -o file's "
                   "suffix, else text).")
@click.option("-o", "--output", help="Write the report to this file (atomically); - for standard output.")
@click.option("--select", help="Comma-separated rules to run (codes, prefixes, names, ALL).")
@click.option("--ignore", help="Comma-separated rules to skip.")
@click.option("--extend-select", help="Rules to add to the configured selection.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("-q", "--quiet", count=True, help="-q: findings only, no summary or notes; -qq: print nothing.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of messages (default zh).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore every configuration file.")
@click.option("--show-settings", is_flag=True, help="Print the settings each path gets, and where they come from.")
@click.option("--template", type=click.Choice(["auto", "national-2021", "legacy", "shanghai-2020"]),
              help="Indicator template (default: detected per form).")
@click.option("--stdin-filename", help="Name to report stdin (`-`) under.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's findings as the baseline.")
@click.option("-j", "--jobs", type=click.IntRange(0), help="Worker processes (default: number of CPUs).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
@click.option("--previous", multiple=True, type=click.Path(),
              help="Earlier forms to pair with (last year's, an earlier version): a file or folder; repeatable.")
@click.option("--history", help="Store of checked forms: a file (SQLite) or a postgresql:// URL.")
@click.option("--no-history", is_flag=True, help="Do not use the configured store in this run.")
@click.option("--sort", type=click.Choice(["file", "worst"]), default="file", show_default=True,
              help="Order of the forms in html and xlsx reports: file order, or the lowest quality score first.")
@_guard
def check(paths, fmt, output, select, ignore, extend_select, fail_on, exit_zero, statistics, quiet, lang,
          config_path, no_config, show_settings, template, stdin_filename, baseline, write_baseline, jobs, color,
          previous, history, no_history, sort):
    """Check forms: files, folders (forms inside: .txt and the document formats), globs, or - for stdin."""
    from .reporters import FORMATS, format_for
    fmt = format_for(fmt, output)
    if fmt not in FORMATS:
        raise click.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}", param_hint="--format")
    settings = dict(select=_split(select), ignore=_split(ignore), extend_select=_split(extend_select),
                    fail_on=fail_on, lang=lang, template=template, jobs=jobs or None)
    config = _config_arg(config_path, no_config)
    if show_settings:
        from .settings_cmd import show_settings as show
        click.echo(show(paths, config, settings, stdin_filename), nl=False)
        return
    from .api import Session
    from .check_cmd import Run
    from .runner import batch_gc
    batch_gc()
    session = Session(paths, config, stdin_filename=stdin_filename, baseline=baseline, exit_zero=exit_zero,
                      keep_forms=Run.needs_forms(fmt), comparison=Run.shows_comparison(fmt),
                      previous=list(previous) or None, stream=not write_baseline,
                      history="" if no_history else history, **settings)
    run = Run(session, fmt, output, quiet=quiet, statistics=statistics, color=color, sort=sort)
    sys.exit(run.execute(write_baseline))


def _config_arg(config_path: str | None, no_config: bool):
    if no_config:
        from .config import Config
        return Config()
    return config_path


@main.command()
@click.argument("where", metavar="FILE:LINE")
@click.argument("rule")
@click.option("--reason", required=True, help="Why the finding is accepted (kept with it in every report).")
@click.option("--by", "who", help="Who accepts it.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of messages (default zh).")
@_guard
def accept(where, rule, reason, who, lang):
    """Accept the finding RULE at FILE:LINE with a reason (recorded in perflint-accepted.toml)."""
    from .accept_cmd import accept_finding
    path, _, line = where.rpartition(":")
    if not path or not line.isdigit():
        raise click.BadParameter(f"{where!r} is not FILE:LINE", param_hint="FILE:LINE")
    click.echo(accept_finding(path, int(line), rule, reason, who, lang), err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--stdin-filename", help="Name to report stdin (`-`) under.")
@click.option("--previous", multiple=True, type=click.Path(), help="Earlier forms to pair with (file or folder).")
@click.option("--history", help="Store of checked forms to pair with (read only here).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the files' errors (default zh).")
@_guard
def parse(paths, fmt, stdin_filename, previous, history, lang):
    """Print the typed model of forms (JSON valid against schemas/form.schema.json)."""
    from .parse_cmd import run_parse
    sys.exit(run_parse(list(paths), fmt, stdin_filename, list(previous), history, lang))


@main.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the Target as JSON.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@_guard
def value(text, as_json, lang):
    """Show how a target value such as '≥85.00(%)' is read."""
    from .values import describe, parse_value
    target = parse_value(text)
    if as_json:
        import json
        click.echo(json.dumps(target.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(describe(target, lang))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="Language of the titles (default zh).")
@_guard
def rules_cmd(fmt, lang):
    """List every rule: code, name, default severity, title."""
    from .reporters import rule_docs
    from .rule import registry
    rules = registry().all()
    click.echo(rule_docs.as_json(rules, lang) if fmt == "json" else rule_docs.listing(rules, lang))


@main.command("rule")
@click.argument("key")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh",
              help="Language of the documentation (default zh).")
@_guard
def rule_cmd(key, lang):
    """Print a rule's documentation with its examples and options."""
    from .engine import unknown_rule
    from .reporters import rule_docs
    from .rule import registry
    reg = registry()
    cls = reg.get(key) or reg.get(key.upper())
    if cls is None:
        _fail(f"unknown rule {unknown_rule(reg, key)}; `perflint rules` lists them")
    click.echo(rule_docs.page(cls, lang))


@main.group("history")
def history_cmd() -> None:
    """Look inside the store of checked forms (perflint check --history): list, show, export, forget."""


_STORE = click.option("--history", "target", help="The store: a file or a postgresql:// URL (default: the "
                                                   "configuration's history).")
_FILTERS = [click.option("--project", help="Only this project (years and 项目 in the name do not matter)."),
            click.option("--department", help="Only this department."),
            click.option("--year", type=int, help="Only this year."),
            click.option("--kind", type=click.Choice(["target", "self_eval"]), help="Only this kind of form.")]


def _filters(fn):
    for option in reversed(_FILTERS):
        fn = option(fn)
    return fn


@history_cmd.command("list")
@_STORE
@_filters
@click.option("--limit", type=click.IntRange(1), help="At most this many forms.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_guard
def history_list(target, project, department, year, kind, limit, fmt):
    """List the stored forms: id, year, kind, project, department, time, findings, file."""
    from .history.commands import list_forms
    sys.exit(list_forms(target, fmt, project=project, department=department, year=year, kind=kind, limit=limit))


@history_cmd.command("show")
@click.argument("form_id", type=int)
@_STORE
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_guard
def history_show(form_id, target, fmt):
    """Show one stored form (its id from `perflint history list`): indicators and findings."""
    from .history.commands import show
    sys.exit(show(target, form_id, fmt))


@history_cmd.command("export")
@_STORE
@_filters
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@_guard
def history_export(target, project, department, year, kind, output):
    """Export stored forms with their models and findings as JSON."""
    from .history.commands import export
    sys.exit(export(target, output, project=project, department=department, year=year, kind=kind))


@history_cmd.command("forget")
@click.argument("project")
@_STORE
@click.option("--department", help="Only the forms of this department.")
@click.option("--year", type=int, help="Only the forms of this year.")
@click.option("-y", "--yes", is_flag=True, help="Remove without asking.")
@_guard
def history_forget(project, target, department, year, yes):
    """Remove a project's stored forms (every year and version) and their findings."""
    from .history.commands import forget
    sys.exit(forget(target, project, department, year, yes))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but localhost needs --users or a token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--history", help="Store of checked forms (a file or postgresql:// URL): history pages, resubmissions.")
@click.option("--users", type=click.Path(dir_okay=False), help="File of users who may sign in (name:argon2-hash lines).")
@click.option("--add-user", metavar="NAME", help="Add NAME to the --users file (asks for the password) and exit.")
@click.option("--token-file", type=click.Path(dir_okay=False),
              help="File whose first line is the access token (or set PERFLINT_SERVE_TOKEN).")
@click.option("--allowed-host", multiple=True, help="A host name the server answers to (repeatable).")
@click.option("--max-jobs", type=click.IntRange(1), default=2, show_default=True, help="Batches checked at once.")
@click.option("-j", "--jobs", type=click.IntRange(0), help="Worker processes per batch (default: CPUs / max-jobs).")
@click.option("--max-file-mb", type=click.FloatRange(0.001), default=20, show_default=True)
@click.option("--max-batch-mb", type=click.FloatRange(0.001), default=200, show_default=True)
@click.option("--max-files", type=click.IntRange(1), default=2000, show_default=True)
@click.option("--ssl-certfile", type=click.Path(dir_okay=False), help="Serve HTTPS with this certificate …")
@click.option("--ssl-keyfile", type=click.Path(dir_okay=False), help="… and this key.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to check with.")
@click.option("--no-config", is_flag=True, help="Ignore every configuration file.")
@_guard
def serve(**options):
    """The reviewer's web page: upload a batch, read the report (needs perflint-cn[serve])."""
    from .serve.server import start
    sys.exit(start(**options))


if _LOADING:
    signal.signal(signal.SIGINT, signal.default_int_handler)

if __name__ == "__main__":  # pragma: no cover
    main()
