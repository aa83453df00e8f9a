"""A plugin that fails on demand: the project name of a form says how (``FAULT_SIGKILL``, ``FAULT_EXIT0`` …).

perflint's tests use it to check that no failure of a rule, nor the death of the process running it, costs
more than a per-file error. A form without a marker gets one harmless finding, so that a test can see the
rule ran.
"""
import os
import re
import signal
import sys
import time

from perflint.rule import Rule

MARKER = re.compile(r"FAULT_([A-Z0-9]+)")

# faults while perflint loads the plugin or starts its rule, asked for through the environment
ON_IMPORT = os.environ.get("PERFLINT_FAULTY_ON_IMPORT")
ON_START = os.environ.get("PERFLINT_FAULTY_ON_START")
if ON_IMPORT == "print":
    print("faulty plugin talking on stdout while it loads")
elif ON_IMPORT == "exit0":
    sys.exit(0)


def _sigkill(rule, form):
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(30)  # the signal is on its way


def _os_exit(rule, form):
    os._exit(3)


def _exit0(rule, form):
    sys.exit(0)


def _exit1(rule, form):
    sys.exit(1)


def _raise(rule, form):
    raise RuntimeError("the faulty plugin raised on purpose")


def _bad_yield(rule, form):
    yield rule.problem(form.loc("project"), name=form.project)
    yield "not a Problem"


def _bad_span(rule, form):
    yield rule.problem("line 3", name=form.project)


def _print(rule, form):
    print("faulty plugin talking on stdout")
    sys.stdout.flush()


def _fd_write(rule, form):
    os.write(1, b"faulty plugin writing to file descriptor 1\n")


def _sleep(rule, form):
    ready = os.environ.get("PERFLINT_FAULTY_READY")
    if ready:  # tell the test the process is stuck now
        with open(ready, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
    while True:
        time.sleep(3600)


FAULTS = {"SIGKILL": _sigkill, "OSEXIT": _os_exit, "EXIT0": _exit0, "EXIT1": _exit1, "RAISE": _raise,
          "BADYIELD": _bad_yield, "BADSPAN": _bad_span, "PRINT": _print, "FDWRITE": _fd_write, "SLEEP": _sleep}


class FaultOnDemand(Rule):
    """The form asks the rule to fail (test plugin).

    **Why**: perflint's tests of plugin and worker faults.
    **Source**: heuristic (test plugin)
    **Bad**::

        项目名称	社区养老服务补贴FAULT_RAISE

    **Good**::

        项目名称	社区养老服务补贴
    """

    code = "XF001"
    name = "fault-on-demand"
    severity = "info"
    group = "test"

    def __init__(self, options=None):
        super().__init__(options)
        if ON_START == "raise":
            raise RuntimeError("the faulty plugin cannot start, on purpose")
        if ON_START == "exit0":
            sys.exit(0)
        if ON_START == "print":
            print("faulty plugin talking on stdout while it starts")

    def check(self, form):
        found = MARKER.search(form.project or "")
        if found is None:
            yield self.problem(form.loc("project"), name=form.project)
            return
        result = FAULTS[found.group(1)](self, form)
        if result is not None:
            yield from result

    messages = {"zh": {"fault-on-demand": "测试插件已检查“{name}”"},
                "en": {"fault-on-demand": "test plugin checked {name!r}"}}
