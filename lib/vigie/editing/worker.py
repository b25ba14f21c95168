"""The edit mode's long-lived ``vigie`` process, seen from the dashboard's kernel.

Why: after « Enregistrer », a new ``vigie ingest`` process spent about half
of the save importing spaCy, pandas, pyarrow and scikit-learn before doing
any work: at 10,000 articles, a save took 12.1 s that way and 6.8 s through a
warm worker, 4.8 s at its next save (``benchmarks/results.md``).  The edit mode starts one :class:`EditWorker` when its
panels are built, while the user is still editing: the worker process
(:mod:`vigie.edit_worker`) does those imports at once and then runs each
save's ``vigie ingest`` (and « Proposer ») as it comes, passing its output on
line by line, as the new process did.

The kernel itself still imports nothing heavy: the worker is a separate
process, in its own session (an interrupt of the kernel does not reach it).
It ends when its standard input closes: when the kernel shuts down, or when
this object is collected.  If it has died (killed, out of memory) when a job
comes, or dies during one, the job runs in a new ``vigie`` process as before
(:func:`vigie.editing.commands.run`), and a fresh worker is started for the
next one.  Jobs from two threads run one after the other.

Only the edit mode creates one: a viewer's kernel (no ``--edit``) never
starts a worker, and the worker's commands that write refuse anyway outside
the edit mode (:mod:`vigie.editing.files`, ``vigie ingest`` writes only the store).
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable

from vigie.edit_worker import DONE
from vigie.editing.commands import Finished, run, split_lines, vigie_command
#: What the page shows when the worker died and the command is run again in a new process.
RESTARTED = "Le processus d'édition s'est arrêté ; la commande est relancée dans un nouveau processus."


def _close(process: subprocess.Popen) -> None:
    """Close the worker's input: it finishes its job, if any, and exits."""
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass


class EditWorker:
    """One warm ``python -m vigie.edit_worker`` process; :meth:`run` sends it a command."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def start(self) -> EditWorker:
        """Start the process (its imports begin at once) unless it is running; returns ``self``."""
        with self._lock:
            self._ensure()
        return self

    def wait_ready(self) -> bool:
        """Wait until the worker's imports are done (a ping); False if it died meanwhile."""
        with self._lock:
            return self._send(self._ensure(), [], lambda _line: None) is not None

    @property
    def pid(self) -> int | None:
        """The running worker's process id (None before :meth:`start` or after it died)."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def _ensure(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "vigie.edit_worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            )
            weakref.finalize(self, _close, self._process)
        return self._process

    def run(self, args: list[str], *, on_line: Callable[[str], None] = lambda _line: None) -> Finished:
        """``vigie ARGS`` in the worker, ``on_line`` called with each line of its output (progress bars too)."""
        with self._lock:
            process = self._ensure()
            finished = self._send(process, args, on_line)
            if finished is None:  # the worker died: today's path, then a fresh worker for the next job
                self._process = None
                on_line(RESTARTED)
                finished = run(vigie_command(*args), on_line=on_line)
                self._ensure()
            return finished

    @staticmethod
    def _send(process: subprocess.Popen, args: list[str], on_line: Callable[[str], None]) -> Finished | None:
        """The job's end as the worker reports it, or None if the worker is gone before reporting it."""
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(args).encode("utf-8") + b"\n")
            process.stdin.flush()
        except OSError:  # BrokenPipeError: it exited
            return None
        lines: list[str] = []
        pending = b""
        while chunk := process.stdout.read1(4096):
            done, pending = split_lines(pending, chunk)
            for line in done:
                if line.startswith(DONE):
                    return Finished(int(line[len(DONE):]), tuple(lines[-5:]))
                lines.append(line)
                on_line(line)
        return None

    def close(self) -> None:
        """End the worker (after its job, if one is running)."""
        with self._lock:
            if self._process is not None:
                _close(self._process)
                self._process.wait()
                self._process = None
