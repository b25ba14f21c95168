"""The edit mode's worker process: ``vigie`` commands run one after another in a process already warm.

Why: « Enregistrer » runs ``vigie ingest`` after every save, and a new
Python process spent more than half of that save importing spaCy, pandas,
pyarrow and scikit-learn before doing any work (7 s of the 12 s at 10,000
articles, on the benchmarks' machine where no bytecode is cached).  The edit
mode starts this process as soon as its panels are built
(:class:`vigie.editing.worker.EditWorker`); it does those imports at once,
then waits on its standard input.

Protocol: one job per line, a JSON list of the command's arguments (the same
as after ``vigie`` on the command line; only ``ingest`` and ``themes`` are
accepted).  The command's output (its summary, tqdm's progress bars, its
errors) goes to standard output as it would in its own process, then one
line :data:`DONE` followed by its exit status.  The process ends when its
standard input closes: the kernel that started it has shut down.

This module imports nothing heavy until :func:`serve` runs, so the kernel
reads :data:`DONE` from it; the kernel starts it with ``python -m vigie.edit_worker``.
"""
from __future__ import annotations

import json
import sys
import traceback

#: The line that ends a job's output, followed by a space and the command's exit status (a NUL first:
#: no output line starts so).
DONE = "\x00vigie-edit-worker-done"
#: The commands a job may run: the two the edit mode needs, nothing that serves or exports.
COMMANDS = frozenset({"ingest", "themes"})


def _warm() -> None:
    """What the first ``vigie ingest`` of a process does once, done before the first job arrives.

    The imports (spaCy, pandas, pyarrow, scikit-learn), and what a first job
    paid on top of them, measured at 10,000 articles (first job 10.0 s, the
    next 6.2 s): pyarrow's dataset and pandas conversion modules loaded by the
    first Parquet read, the process pool, the model's lemma vocabulary.
    """
    import io
    import multiprocessing.pool  # noqa: F401

    import pandas as pd
    import pyarrow.parquet as pq

    import vigie.cli  # noqa: F401
    import vigie.discovery  # noqa: F401  (scikit-learn)
    import vigie.ingest  # noqa: F401  (spaCy, pandas, pyarrow)
    from vigie.nlp.pipeline import DEFAULT_MODEL, resolution_vocab, vocabulary

    buffer = io.BytesIO()
    pd.DataFrame({"id": ["a"], "n": [1]}).to_parquet(buffer)
    pq.read_table(io.BytesIO(buffer.getvalue())).to_pandas()
    resolution_vocab()
    try:
        vocabulary(DEFAULT_MODEL)
    except (OSError, ImportError):  # the default model is not installed: the job will say so
        pass


def run_job(line: str) -> int:
    """One job's command, its exceptions turned into an exit status and a traceback on the output."""
    from vigie.cli import main

    try:
        args = json.loads(line)
        if args == []:  # a ping: answered once the imports are done (EditWorker.wait_ready)
            return 0
        if not isinstance(args, list) or not args or args[0] not in COMMANDS or not all(isinstance(a, str) for a in args):
            print(f"vigie : tâche refusée par le processus d'édition : {line.strip()[:200]}", file=sys.stderr)
            return 2
        return int(main(args) or 0)
    except SystemExit as exc:  # argparse's refusals
        return exc.code if isinstance(exc.code, int) else 1
    except Exception:  # noqa: BLE001  (the worker must survive a failed job, and the page show why)
        traceback.print_exc()
        return 1


def serve() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # the kernel joins standard error to it: one stream, in order
    _warm()
    for line in sys.stdin:
        if not line.strip():
            continue
        status = run_job(line)
        sys.stderr.flush()
        print(f"\n{DONE} {status}", flush=True)  # on a line of its own, even after a progress bar's \\r


if __name__ == "__main__":
    serve()
