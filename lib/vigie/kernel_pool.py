"""The pre-heated kernels of a running Voilà server: finding them, knowing when they are warm, what they cost.

Why a module of its own: ``vigie dashboard`` (:func:`vigie.serve.run_voila`)
waits for its pool to be warm before printing what one viewer costs, and the
tests' and benchmarks' server (:mod:`vigie.background_server`) waits the same
way before letting anyone in; both ask the operating system (psutil, which
ipykernel already requires), not Voilà, which logs "pool filled" as soon as
the kernels *start*.
"""
from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Sequence

from vigie.preheat_queue import default_slots

#: One round of the warm-up queue: a pre-heated kernel's imports, store and first charts on a busy machine.
START_TIMEOUT_S = 120


def pool_timeout(viewers: int, *, one: float = START_TIMEOUT_S) -> float:
    """How long a pool of ``viewers`` kernels may take to warm: ``one`` per round of the warm-up queue."""
    return one * math.ceil(viewers / default_slots())


def kernel_pss(kernel) -> int | None:
    """A kernel's proportional set size in bytes (None if it is gone or unreadable)."""
    import psutil

    try:
        return kernel.memory_full_info().pss
    except (psutil.Error, AttributeError):
        return None


def memory_line(found: Sequence, *, viewers: int) -> str:
    """What one viewer costs, measured on the pre-heated kernels ``found``, and what ``viewers`` of them take."""
    import psutil

    sizes = sorted(size for size in (kernel_pss(k) for k in found) if size)
    if not sizes:
        return ""
    one = sizes[len(sizes) // 2]
    room = viewers * one
    available = psutil.virtual_memory().available
    line = (f"Un visiteur : environ {one / 2**20:.0f} Mio (PSS d'un noyau pré-chauffé, mesuré) ; "
            f"{viewers} visiteur(s) : {room / 2**30:.1f} Gio ; mémoire disponible : {available / 2**30:.1f} Gio.")
    if room > 0.8 * available:
        line += " Attention : réduisez --viewers ou servez depuis une machine plus grande (docs/serving.md)."
    return line


def kernels(server: int) -> list:
    """The server's kernel processes (psutil, which ipykernel already requires)."""
    import psutil

    found = []
    with contextlib.suppress(psutil.Error):
        for process in psutil.Process(server).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ipykernel" in " ".join(process.cmdline()):
                    found.append(process)
    return found


def wait_for_spare_kernel(server: int, *, port: int, timeout: float, count: int = 1, poll: float = 1.5) -> None:
    """Wait until ``count`` kernels exist and every one waits for its visitor; at ``timeout``, return anyway.

    Voilà logs "pool filled" as soon as the kernels *start*; the imports, the
    store and the first charts take seconds more each.  A quiet CPU does not
    say the pool is warm either: kernels waiting for their turn to warm up
    (:mod:`vigie.preheat_queue`) are quiet, and so are kernels Voilà has not yet
    given the notebook (a room of 30 came in after 45 s onto a pool still
    warming that way, benchmarks/bench_room.py).  A kernel that has run the
    notebook up to ``get_query_string()`` holds a connection to the server's
    ``port`` (``/voila/query/<kernel>``) until its visitor comes: wait for that.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = kernels(server)
        if len(found) >= count and all(waits_for_visitor(kernel, port) for kernel in found):
            return
        time.sleep(poll)


def waits_for_visitor(kernel, port: int) -> bool:
    """Whether ``kernel`` (a psutil process) holds a TCP connection to the server's ``port``: its visitor's wait."""
    import psutil

    with contextlib.suppress(psutil.Error):
        connections = getattr(kernel, "net_connections", None) or kernel.connections  # psutil < 6: connections
        return any(c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED
                   for c in connections(kind="tcp"))
    return False
