"""The edit mode's worker process: ``vigie`` commands run one after another in a process already warm.

Why: « Enregistrer » runs ``vigie ingest`` after every save, and a new
Python process spent about half of that save importing spaCy, pandas,
pyarrow and scikit-learn before doing any work (at 10,000 articles, 12.1 s
in a new process against 6.8 s here; ``import vigie.ingest, vigie.cli``
alone costs 4.7 s of CPU where no bytecode is cached, as on the benchmarks'
machine, and 2.0 s where it is).  The edit mode starts this process as soon as its panels are built
(:class:`vigie.editing.worker.EditWorker`); it does those imports at once,
then waits on its standard input.

Protocol: one job per line, a JSON list of the command's arguments (the same
as after ``vigie`` on the command line; only ``ingest`` and ``themes`` are
accepted; an empty list is a ping, answered once the imports are done).  The command's output (its summary, tqdm's progress bars, its
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

    The imports (spaCy, pandas, pyarrow, scikit-learn), and what the first
    job of a process paid on top of them (at 10,000 articles under cProfile,
    with the imports only, the first job took 10.0 s and the next 6.2 s):
    pyarrow's dataset and pandas conversion modules that the first Parquet
    read loads, the process pool's modules, the model's lemma vocabulary.
    A first job is still slower than the next (6.8 s against 4.8 s,
    ``benchmarks/results.md``): its reads of the store's tables take
    longer, for a reason not pinned down (not an import).
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
    vocabulary(DEFAULT_MODEL)


def run_job(line: str) -> int:
    """One job's command, its exceptions turned into an exit status and a traceback on the output."""
    try:
        from vigie.cli import main

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
    try:
        _warm()
    except Exception:  # noqa: BLE001  (a speed-up only: a missing model or module is for the job to report)
        pass
    for line in sys.stdin:
        if not line.strip():
            continue
        status = run_job(line)
        sys.stderr.flush()
        print(f"\n{DONE} {status}", flush=True)  # on a line of its own, even after a progress bar


if __name__ == "__main__":
    serve()
