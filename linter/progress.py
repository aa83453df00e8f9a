"""A progress bar on stderr for batches, when stderr is a terminal; nothing at all otherwise.

tqdm is imported only when the bar is shown (never in a pre-commit hook or a CI log). It appears only after a
moment (a quick run shows none) and is gone when the run ends. A text report going to the same terminal is
written between redraws, so findings and the bar do not garble each other.
"""
from __future__ import annotations

import io
import sys
from typing import IO, Any

from . import messages

# the bar waits this long before it appears
DELAY_SECONDS = 0.5


def wanted(total: int, quiet: int, stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stderr
    try:
        return total > 1 and not quiet and stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Counts files done; ``relay`` passes a report's text on to stdout without breaking the bar."""

    def __init__(self, total: int, lang: str = "zh", enabled: bool = False):
        self.bar: Any = None
        if enabled:
            import shutil
            from tqdm import tqdm
            # a terminal that reports no size (some pseudo-terminals) gets 80×24: tqdm draws nothing in 0×0
            size = shutil.get_terminal_size((80, 24))
            self.bar = tqdm(total=total, file=sys.stderr, desc=messages.render("cli.progress", lang),
                            unit=" " + (messages.render("cli.progress-unit", lang) or "files"), leave=False,
                            delay=DELAY_SECONDS, ncols=size.columns or 80, nrows=size.lines or 24,
                            mininterval=0.2)

    @property
    def active(self) -> bool:
        return self.bar is not None

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def relay(self, buffer: io.StringIO, out: IO[str]) -> None:
        """Write what ``buffer`` holds to ``out`` (the terminal the bar is on), then empty it."""
        text = buffer.getvalue()
        if not text:
            return
        buffer.seek(0)
        buffer.truncate()
        if self.bar is None:
            out.write(text)
            return
        with self.bar.external_write_mode(file=out):
            out.write(text)
            out.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
