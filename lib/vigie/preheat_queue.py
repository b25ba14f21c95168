"""The pre-heated kernels warm up a few at a time, in the order they started; the others wait their turn.

Why: ``vigie dashboard --viewers 30`` starts 30 kernels at once, and each runs
the notebook's first cell (imports of pandas, scipy, ipywidgets, the store,
the first charts: seconds of CPU alone).  All 30 at the same moment on two
cores, each took more than the 120 s cell limit of wall-clock time, nbclient
interrupted every one of them during its imports, and no viewer of the room
drew (benchmarks/results.md, "room of 30", 0/30 before this queue).  In turn,
``max(1, cores // 2)`` at a time, each kernel warms up in seconds of its own
turn, the first ones are ready early, and the other half of the cores is left
to the pages being served meanwhile; waiting costs almost no CPU.

The queue is a folder of files (``$VIGIE_WARM_UP_QUEUE``, one per server,
made by :mod:`vigie.serve`), shared by processes that know nothing of each
other.  A kernel takes a ticket: the next number of a counter kept under an
``fcntl`` lock, and a file of that number it holds an exclusive lock on for as
long as it waits or warms up.  Its turn comes when fewer than ``slots`` live
tickets come before its own: first come, first served, never more than
``slots`` at once.  A kernel that dies (shut down, culled, killed) loses its
lock with it, and the others skip its ticket, so a dead kernel never blocks
the queue.  Waiting is a sleep between looks at the folder.

Without ``$VIGIE_WARM_UP_QUEUE`` (JupyterLab, nbclient in tests, a Voilà
started by hand) :func:`warm_up_turn` lets the cell run at once, with no limit.

Standard library only: the turn is taken before the heavy imports.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from vigie.cell_limit import environment_limit, time_limit

#: The queue's folder, set by `vigie dashboard` for its kernels.
QUEUE_VARIABLE = "VIGIE_WARM_UP_QUEUE"
#: How many kernels warm up at once (default: :func:`default_slots`).
SLOTS_VARIABLE = "VIGIE_WARM_UP_SLOTS"
#: Seconds between two looks at the queue for the next in line, times its place for those behind it:
#: a look costs about 0.5 ms with 30 tickets, so 29 kernels waiting use about 1 % of a core.
POLL_S = 0.2
_COUNTER = "counter"
_PREFIX = "ticket-"


def default_slots(cores: int | None = None) -> int:
    """Kernels warming up at once: half the cores (1 on two cores), so the pages being served keep the rest."""
    return max(1, (cores or len(os.sched_getaffinity(0))) // 2)


@contextlib.contextmanager
def warm_up_turn() -> Iterator[None]:
    """The block runs in this kernel's turn, under the cell limit counted from the turn (not from the cell's start).

    A no-op outside `vigie dashboard` (no ``$VIGIE_WARM_UP_QUEUE``).  The notebook's first cell
    wraps its imports and :func:`vigie.dashboard.prepare_app` in it; :func:`vigie.serve.cell_timeouts`
    gives that cell no nbclient limit, since the kernel enforces the limit itself (:mod:`vigie.cell_limit`).
    """
    folder = os.environ.get(QUEUE_VARIABLE)
    if not folder:
        yield
        return
    slots = int(os.environ.get(SLOTS_VARIABLE) or default_slots())
    with turn(Path(folder), slots=slots), time_limit(environment_limit()):
        yield


@contextlib.contextmanager
def turn(folder: Path, *, slots: int, poll: float = POLL_S) -> Iterator[int]:
    """Wait until fewer than ``slots`` live tickets of ``folder`` come before this one; hold the turn in the block.

    Yields the ticket's number (1 for the first one the folder ever gave).
    """
    if slots < 1:
        raise ValueError("slots: at least 1")
    folder.mkdir(parents=True, exist_ok=True)
    number, held = _take_ticket(folder)
    try:
        while (ahead := _live_before(folder, number)) >= slots:
            time.sleep(poll * (1 + ahead - slots))  # the next in line looks often, the last of 30 seldom
        yield number
    finally:
        with contextlib.suppress(FileNotFoundError):
            (folder / _name(number)).unlink()
        os.close(held)  # releases the lock


def _name(number: int) -> str:
    return f"{_PREFIX}{number:09d}"


def _take_ticket(folder: Path) -> tuple[int, int]:
    """The next number, and the descriptor holding the exclusive lock on its ticket file.

    The ticket is locked before it appears under its name (made under a
    temporary one, then renamed), so no one ever sees a live ticket unlocked.
    """
    counter = os.open(folder / _COUNTER, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(counter, fcntl.LOCK_EX)
        number = int(os.pread(counter, 32, 0).decode() or 0) + 1
        os.ftruncate(counter, 0)
        os.pwrite(counter, str(number).encode(), 0)
        temporary = folder / f".{_name(number)}.{os.getpid()}"
        held = os.open(temporary, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(held, fcntl.LOCK_EX)
        os.rename(temporary, folder / _name(number))
    finally:
        os.close(counter)  # releases the counter's lock
    return number, held


def _live_before(folder: Path, number: int) -> int:
    """Tickets numbered below ``number`` whose holder is alive (still locks them); dead ones are removed."""
    live = 0
    for path in folder.glob(f"{_PREFIX}*"):
        if int(path.name[len(_PREFIX):]) >= number:
            continue
        if _alive(path):
            live += 1
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return live


def _alive(ticket: Path) -> bool:
    try:
        descriptor = os.open(ticket, os.O_RDONLY)
    except FileNotFoundError:  # its holder has just finished
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False
