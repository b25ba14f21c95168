"""Serve the dashboard notebook with standalone Voilà.

Why standalone ``voila`` (not a Jupyter server extension): it executes the
notebook itself and refuses execute requests from the page, so a viewer can
use the widgets but never run code.  Tracebacks stay hidden (the dashboard
shows its own French messages), a kernel is pre-heated so the first chart
comes quickly (the notebook reads the link's query string through
``voila.utils.get_query_string``, which waits for the visitor), and idle
kernels are culled so forgotten tabs do not hold memory.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: notebooks/dashboard.ipynb beside the package in a source checkout.
DEFAULT_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "dashboard.ipynb"
STORE_VARIABLE = "VIGIE_STORE"
#: No per-cell limit: a pre-heated kernel waits for its visitor inside a cell
#: (``get_query_string``), and any limit there blanks the page of whoever
#: arrives later than it.  Idle kernels are culled instead.
CELL_TIMEOUT_S = -1
#: How long Voilà waits for a finished cell's output: the default 4 s drops the
#: dashboard itself on a busy machine (blank page), so wait longer.
IOPUB_TIMEOUT_S = 60
CULL_IDLE_S = 1800


def voila_command(notebook: Path, *, port: int, store: Path, open_browser: bool = False) -> list[str]:
    """The ``voila`` command line serving ``notebook`` on ``port``.

    ``store`` is not on the command line (the kernel reads it from the
    environment, see :func:`serve`); it is taken here so callers cannot forget it.
    """
    voila = Path(sys.executable).with_name("voila")
    if not Path(store).exists():
        raise FileNotFoundError(f"Pas d'index dans {store} : lancez d'abord `vigie ingest`.")
    return [
        str(voila),
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--Voila.open_browser={open_browser}",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        "--pool_size=1",
        f"--VoilaExecutor.timeout={CELL_TIMEOUT_S}",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_S}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_S}",
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_connected=False",
    ]


def voila_environment(store: Path) -> dict[str, str]:
    """The server's environment: the kernels inherit the store's location from it."""
    return {**os.environ, STORE_VARIABLE: str(Path(store).resolve())}


def serve(store: Path, *, port: int = 8866, notebook: Path = DEFAULT_NOTEBOOK, open_browser: bool = False) -> int:
    """Run Voilà in the foreground until interrupted; returns its exit status."""
    command = voila_command(Path(notebook), port=port, store=Path(store), open_browser=open_browser)
    print(f"Tableau de bord : http://localhost:{port}/ (Ctrl+C pour arrêter)")
    try:
        return subprocess.call(command, env=voila_environment(store))
    except KeyboardInterrupt:
        return 0
