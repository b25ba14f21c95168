"""A Voilà server started in the background as ``vigie dashboard`` starts it, for tests and benchmarks.

Why apart from :mod:`vigie.serve`: ``vigie dashboard`` runs Voilà in the
foreground until Ctrl+C; tests and benchmarks need the same command on a free
port, its output in a log, a wait until the pool is warm (:mod:`vigie.kernel_pool`)
and a server that is always stopped, its kernels with it.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vigie.kernel_pool import START_TIMEOUT_S, kernels, pool_timeout, wait_for_spare_kernel
from vigie.serve import CELL_TIMEOUT_S, DEFAULT_NOTEBOOK, VIEWERS, voila_command, voila_environment


@dataclass(frozen=True)
class RunningServer:
    """A Voilà server started by :func:`running_server`."""

    url: str  # base URL on 127.0.0.1, without the token
    process: subprocess.Popen
    log: Path
    token: str | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(store: Path, *, notebook: Path = DEFAULT_NOTEBOOK, port: int | None = None,
                   token: str | None = None, cell_timeout: int = CELL_TIMEOUT_S, extra_args: Sequence[str] = (),
                   log: Path | None = None, start_timeout: float = START_TIMEOUT_S,
                   wait_for_spare: bool = True, edit_corpus: Path | None = None,
                   viewers: int = VIEWERS) -> Iterator[RunningServer]:
    """Voilà serving ``notebook`` on ``store`` as `vigie dashboard` does, on 127.0.0.1 and a free port.

    Waits until the server answers (a static file: asking for the page would
    use up the pre-heated kernel) and, with ``wait_for_spare``, until the
    ``viewers`` pre-heated kernels have run the notebook up to their visitor's link,
    as long as ``vigie dashboard`` waits for them (:func:`~vigie.kernel_pool.pool_timeout`:
    ``start_timeout`` per round of the warm-up queue; ``start_timeout`` alone bounds the
    first answer).  Its
    output goes to ``log`` (by default a temporary file, removed on exit).  On exit the
    server is stopped (SIGTERM, which shuts its kernels down; SIGKILL after
    15 s) and any kernel it left behind is killed.  ``extra_args`` (``--name=value``)
    replace vigie's options of the same name or add to them.  ``edit_corpus``
    serves in edit mode, as ``vigie dashboard --edit`` does.
    """
    port = port or free_port()
    command = with_options(voila_command(Path(notebook), port=port, store=Path(store), token=token,
                                         cell_timeout=cell_timeout, viewers=viewers), extra_args)
    own_log = log is None
    if own_log:
        handle, name = tempfile.mkstemp(prefix="vigie-voila-", suffix=".log")
        os.close(handle)
        log = Path(name)
    log.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}/"
    queue = Path(tempfile.mkdtemp(prefix="vigie-warm-up-"))
    with log.open("w") as output:
        process = subprocess.Popen(command, env=voila_environment(store, cell_timeout=cell_timeout,
                                                                  edit_corpus=edit_corpus, warm_up_queue=queue),
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_http(url + "voila/static/voila.js", process=process, timeout=start_timeout)
        if wait_for_spare and "--preheat_kernel=False" not in extra_args:
            wait_for_spare_kernel(process.pid, port=port, count=viewers,
                                  timeout=pool_timeout(viewers, one=start_timeout))
        yield RunningServer(url, process, log, token)
    finally:
        stop(process)
        shutil.rmtree(queue, ignore_errors=True)
        if own_log:
            log.unlink(missing_ok=True)


def with_options(command: Sequence[str], extra_args: Sequence[str]) -> list[str]:
    """``command`` with ``extra_args`` added, each replacing an option of the same name (Voilà refuses twice)."""
    names = {arg.split("=", 1)[0] for arg in extra_args if arg.startswith("--")}
    return [part for part in command if part.split("=", 1)[0] not in names] + list(extra_args)


def wait_for_http(url: str, *, process: subprocess.Popen, timeout: float) -> None:
    """Wait until ``url`` answers 200, failing early if the server has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"voila did not answer {url} within {timeout} s")


def stop(process: subprocess.Popen, *, grace: float = 15) -> None:
    """Stop a server started by :func:`running_server`, then any kernel it left running."""
    import psutil

    left = kernels(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)  # the server's own process group (start_new_session)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    for kernel in left:  # kernels run in sessions of their own
        with contextlib.suppress(psutil.Error):
            kernel.kill()
