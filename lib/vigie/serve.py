"""Serve the dashboard notebook with standalone Voilà.

Why standalone ``voila`` (not a Jupyter server extension): it executes the
notebook itself and refuses execute requests from the page, so a viewer can
use the widgets but never run code.  Tracebacks stay hidden (the dashboard
shows its own French messages), a kernel is pre-heated so the first chart
comes quickly, idle kernels are culled so forgotten tabs do not hold memory,
and a notebook cell running too long is interrupted.

The cell limit and pre-heating: the pre-heated kernel runs the notebook up to
the cell that reads the visitor's link (``voila.utils.get_query_string``) and
waits there, inside cell execution, for as long as nobody comes.  A plain
``VoilaExecutor.timeout`` counts that wait and blanks the page of whoever
arrives later than the limit.  So the limit is given per cell, through
nbclient's ``timeout_func`` (a callable, hence a Python config file,
``voila_config/voila.py``): no limit for a cell that waits for the visitor,
:data:`CELL_TIMEOUT_S` for every other one, and a cell over it is interrupted
(``interrupt_on_timeout``) so the kernel stops computing.  See docs/serving.md.

A room: each viewer takes a kernel.  ``viewers`` kernels are pre-heated
(Voilà's ``--pool_size``), each having run the notebook up to the visitor's
link, dashboard and first charts included (:func:`vigie.dashboard.prepare_app`),
so a room of that size only waits for its own link to be followed.  They warm
up a few at a time, in turn (:mod:`vigie.preheat_queue`, a folder per server
given in ``$VIGIE_WARM_UP_QUEUE``): 30 at once on two cores each took longer
than the cell limit and none drew.  Voilà
refills the pool as kernels are taken, :data:`REFILL_DELAY_S` later: a refill
kernel's start-up (imports, store, first charts: seconds of CPU) would otherwise
compete with the room's first charts for the same cores.  Once the pool is
warm, :func:`serve` prints what one viewer costs in memory, measured (the PSS
of a pre-heated kernel: its own pages plus its share of the libraries it
shares with the other kernels).

The pool's kernels are found and waited for in :mod:`vigie.kernel_pool`; the
same server started in the background for tests and benchmarks is
:mod:`vigie.background_server`.
"""
from __future__ import annotations

import ipaddress
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from vigie.cell_limit import CELL_TIMEOUT_VARIABLE
# EDIT_VARIABLE is "1" for the kernels of `vigie dashboard --edit` only: the one thing that lets a kernel
# write the corpus's themes.yaml and actors.yaml; CORPUS_VARIABLE names that corpus.
from vigie.editing.files import CORPUS_VARIABLE, EDIT_VARIABLE
from vigie.kernel_pool import kernels, memory_line, pool_timeout, wait_for_spare_kernel
from vigie.preheat_queue import QUEUE_VARIABLE, SLOTS_VARIABLE, default_slots

#: notebooks/dashboard.ipynb beside the package in a source checkout.
DEFAULT_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "dashboard.ipynb"
#: The folder holding ``voila.py``, the config file that sets the per-cell limit.
VOILA_CONFIG_DIR = Path(__file__).resolve().parent / "voila_config"
STORE_VARIABLE = "VIGIE_STORE"
DEFAULT_IP = "127.0.0.1"
#: A notebook cell (other than the wait for the visitor) running longer is interrupted.
CELL_TIMEOUT_S = 120
#: What a cell calls to wait for its visitor: such a cell has no time limit (importing them is no call).
WAITS_FOR_VISITOR = ("get_query_string", "wait_for_request")
#: What a cell calls to wait for its turn to warm up (vigie.preheat_queue): the kernel limits that cell itself,
#: from its turn on (vigie.cell_limit), so nbclient gives it no limit either.
LIMITS_ITSELF = ("warm_up_turn",)
_WAIT_CALL = re.compile(r"\b(?:%s)\s*\(" % "|".join(WAITS_FOR_VISITOR + LIMITS_ITSELF))
#: How long Voilà waits for a finished cell's output: the default 4 s drops the
#: dashboard itself on a busy machine (blank page), so wait longer.
IOPUB_TIMEOUT_S = 60
#: A kernel idle this long with no page connected is shut down (checked every minute).
CULL_IDLE_S = 600
CULL_INTERVAL_S = 60
#: Seconds after a kernel is taken before Voilà starts its replacement (Voilà's default: 1).
REFILL_DELAY_S = 20
#: Pre-heated kernels by default: one viewer at a time.
VIEWERS = 1
NO_TOKEN_WARNING = ("Attention : pas de jeton (--token '') sur une adresse du réseau : "
                    "quiconque atteint ce port ouvre le tableau de bord et lit le corpus.")


def cell_timeouts(limit: int | None = CELL_TIMEOUT_S) -> Callable[[dict], int | None]:
    """nbclient's ``timeout_func``: ``limit`` for every cell but those waiting for the visitor or for their turn.

    Those two get none: the visitor may come hours later, and the warm-up
    cell's kernel counts ``limit`` itself from its turn (:mod:`vigie.preheat_queue`).
    """
    def timeout(cell: dict) -> int | None:
        return None if _WAIT_CALL.search(cell.get("source", "")) else limit

    return timeout


def configured_cell_timeout() -> int:
    """The per-cell limit the server was started with (``$VIGIE_CELL_TIMEOUT``, else the default)."""
    return int(os.environ.get(CELL_TIMEOUT_VARIABLE) or CELL_TIMEOUT_S)


def is_loopback(ip: str) -> bool:
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:  # a host name: it may well be reachable from the network
        return False


def choose_token(ip: str, token: str | None) -> tuple[str | None, str | None]:
    """The token to serve with, and a warning to print (or None).

    No token asked: none on the loopback, a random one on any other address.
    ``''`` switches it off on purpose (with a warning off the loopback).
    """
    if token is None:
        return (None, None) if is_loopback(ip) else (secrets.token_urlsafe(24), None)
    if token == "":
        return "", None if is_loopback(ip) else NO_TOKEN_WARNING
    return token, None


def public_url(ip: str, port: int, token: str | None = None) -> str:
    """The link to give: this machine's name when listening everywhere, with the token if any."""
    if ip in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    elif is_loopback(ip):
        host = "localhost"
    else:
        host = f"[{ip}]" if ":" in ip else ip
    return f"http://{host}:{port}/" + (f"?token={token}" if token else "")


def voila_command(notebook: Path, *, port: int, store: Path, ip: str = DEFAULT_IP, token: str | None = None,
                  cell_timeout: int = CELL_TIMEOUT_S, open_browser: bool = False, viewers: int = VIEWERS) -> list[str]:
    """The ``voila`` command line serving ``notebook`` on ``ip:port``.

    ``store`` is not on the command line (the kernel reads it from the
    environment, see :func:`voila_environment`); it is taken here so callers
    cannot forget it.  ``token=None`` serves without one (Voilà's default).
    ``viewers`` kernels are kept pre-heated.
    """
    if viewers < 1:
        raise ValueError("--viewers : au moins 1 noyau pré-chauffé.")
    voila = Path(sys.executable).with_name("voila")
    if not Path(store).exists():
        raise FileNotFoundError(f"Pas d'index dans {store} : lancez d'abord `vigie ingest`.")
    return [
        str(voila),
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={ip}",
        *([f"--Voila.token={token}"] if token is not None else []),
        f"--Voila.open_browser={open_browser}",
        # Only vigie's config file (the per-cell limit), not whatever voila.py the user's Jupyter paths hold.
        f"--Voila.config_file_paths={[str(VOILA_CONFIG_DIR)]!r}",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        f"--pool_size={viewers}",
        f"--VoilaKernelManager.fill_delay={REFILL_DELAY_S}",
        f"--VoilaExecutor.timeout={cell_timeout}",  # cells without a timeout_func (none today)
        "--VoilaExecutor.interrupt_on_timeout=True",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_S}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_S}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
        "--MappingKernelManager.cull_connected=False",
    ]


def voila_environment(store: Path, *, ip: str = DEFAULT_IP, cell_timeout: int = CELL_TIMEOUT_S,
                      edit_corpus: Path | None = None, warm_up_queue: Path | None = None) -> dict[str, str]:
    """The server's environment, which its kernels inherit: the store, the cell limit, where to ask for the link.

    ``warm_up_queue``: the folder of the kernels' warm-up queue (:mod:`vigie.preheat_queue`), one per
    server, and :func:`~vigie.preheat_queue.default_slots` kernels warming up at once; without it
    the kernels warm up as they start (both variables removed, whatever the shell had).

    A pre-heated kernel asks the server for its visitor's link on
    ``$VOILA_APP_IP`` (127.0.0.1 unless set); a server listening on one
    network address only is not on 127.0.0.1, so the kernel is told.

    ``edit_corpus`` (``vigie dashboard --edit``) sets :data:`EDIT_VARIABLE`
    and the corpus; without it both are removed, even if the shell that
    started the server had them, so a plain link never gets a kernel that
    may write.
    """
    environment = {**os.environ, STORE_VARIABLE: str(Path(store).resolve()), CELL_TIMEOUT_VARIABLE: str(cell_timeout)}
    for name in (EDIT_VARIABLE, CORPUS_VARIABLE, QUEUE_VARIABLE, SLOTS_VARIABLE):
        environment.pop(name, None)
    if warm_up_queue is not None:
        environment[QUEUE_VARIABLE] = str(Path(warm_up_queue).resolve())
        environment[SLOTS_VARIABLE] = str(default_slots())
    if edit_corpus is not None:
        environment[EDIT_VARIABLE] = "1"
        environment[CORPUS_VARIABLE] = str(Path(edit_corpus).resolve())
    if ip not in ("", "0.0.0.0", "::"):
        environment["VOILA_APP_IP"] = "127.0.0.1" if ip == "localhost" else f"[{ip}]" if ":" in ip else ip  # in a URL
    return environment


def serve(store: Path, *, port: int = 8866, ip: str = DEFAULT_IP, token: str | None = None,
          cell_timeout: int = CELL_TIMEOUT_S, notebook: Path = DEFAULT_NOTEBOOK, open_browser: bool = False,
          edit_corpus: Path | None = None, viewers: int = VIEWERS) -> int:
    """Run Voilà in the foreground until interrupted; returns its exit status.

    ``token`` as given on the command line: see :func:`choose_token`.
    ``edit_corpus``: serve in edit mode for that corpus (see :func:`voila_environment`).
    Once a kernel is pre-heated, prints what a viewer costs in memory.
    """
    token, warning = choose_token(ip, token)
    command = voila_command(Path(notebook), port=port, store=Path(store), ip=ip, token=token,
                            cell_timeout=cell_timeout, open_browser=open_browser, viewers=viewers)
    if warning:
        print(warning, file=sys.stderr)
    if edit_corpus is not None:
        print(f"Mode édition : quiconque ouvre ce lien peut modifier {Path(edit_corpus) / 'themes.yaml'} et "
              f"{Path(edit_corpus) / 'actors.yaml'}. Ne le partagez pas ; relancez sans --edit pour partager.",
              file=sys.stderr)
    print(f"Tableau de bord : {public_url(ip, port, token)} (Ctrl+C pour arrêter)")
    with tempfile.TemporaryDirectory(prefix="vigie-warm-up-") as queue:
        env = voila_environment(store, ip=ip, cell_timeout=cell_timeout, edit_corpus=edit_corpus,
                                warm_up_queue=Path(queue))
        return run_voila(command, env=env, viewers=viewers, port=port)


def run_voila(command: list[str], *, env: dict[str, str], viewers: int, port: int) -> int:
    """Voilà in the foreground on ``port``; once its pool is warm, the memory a viewer costs is printed."""
    process = subprocess.Popen(command, env=env)
    try:
        wait_for_spare_kernel(process.pid, port=port, count=viewers, timeout=pool_timeout(viewers))
        line = memory_line(kernels(process.pid), viewers=viewers)
        if line:
            print(line, flush=True)
        return process.wait()
    except KeyboardInterrupt:  # Ctrl+C reached Voilà too; make sure it ends, its kernels with it
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
