"""A time limit a kernel enforces on itself, from a moment it chooses: a watchdog that interrupts it.

Why not nbclient's per-cell limit: that clock starts when the cell starts.
The warm-up cell of a pre-heated kernel first waits for its turn
(:mod:`vigie.preheat_queue`), which may take minutes in a room of 30 on two
cores, and only then imports and computes; a limit counted from the cell's
start would interrupt a kernel that was only waiting.  So Voilà gives that
cell no limit (:func:`vigie.serve.cell_timeouts`) and the kernel counts the
limit from its turn: past it, a timer thread sends SIGINT to its own process,
which raises ``KeyboardInterrupt`` in the cell, exactly what nbclient's
``interrupt_on_timeout`` does; the page shows the same French message.

Standard library only: used before the heavy imports.
"""
from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

#: The per-cell limit, in seconds, that `vigie dashboard` gives its kernels (set by :mod:`vigie.serve`).
CELL_TIMEOUT_VARIABLE = "VIGIE_CELL_TIMEOUT"


def environment_limit() -> float | None:
    """``$VIGIE_CELL_TIMEOUT`` in seconds, None when unset (no server set a limit: JupyterLab, tests)."""
    value = os.environ.get(CELL_TIMEOUT_VARIABLE)
    return float(value) if value else None


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt this process (SIGINT, ``KeyboardInterrupt`` in its main thread) if the block lasts over ``seconds``.

    ``None``: no limit.  The clock starts when the block is entered.  Code
    inside C that does not check for signals finishes its call first.
    """
    if seconds is None:
        yield
        return
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
