"""The commands the edit mode runs in a subprocess: ``vigie ingest`` and ``vigie themes suggest``.

Why subprocesses: both need spaCy or scikit-learn's model code, and the
dashboard's kernel must never import ``vigie.nlp``'s model side (a viewer's
kernel stays light, and a crash of the command cannot take the page down).
Ingest re-resolves actors and re-assigns themes from the parses cached in the
store when only the registry or the lexicon changed, so the model is not run
again.  Its output (tqdm's progress bars, which end their updates with
``\\r``) is passed on line by line so the page can show it.

With an :class:`~vigie.editing.worker.EditWorker` (what the edit mode
passes), the command runs in that long-lived process, whose imports are
already done; without one, in a new ``vigie`` process, as before.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vigie.editing.documents import plain
from vigie.datafile import parse_yaml
from vigie.nlp.lexicon import parse_lexicon

if TYPE_CHECKING:
    from vigie.editing.worker import EditWorker


@dataclass(frozen=True)
class Finished:
    returncode: int
    last_lines: tuple[str, ...]  # the end of the output, for the message on failure

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def vigie_command(*args: str) -> list[str]:
    """``vigie ARGS`` as a new process of this Python."""
    return [sys.executable, "-m", "vigie", *args]


def split_lines(pending: bytes, chunk: bytes) -> tuple[list[str], bytes]:
    """The complete lines of ``pending + chunk`` (a ``\\r`` ends one too: tqdm's updates), and what is left."""
    *done, pending = (pending + chunk).replace(b"\r", b"\n").split(b"\n")
    return [line for raw in done if (line := raw.decode("utf-8", "replace").strip())], pending


def run(command: list[str], *, on_line: Callable[[str], None] = lambda _line: None) -> Finished:
    """Run ``command``, calling ``on_line`` with each line (or progress-bar update) of its output."""
    lines: list[str] = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
        assert process.stdout is not None
        pending = b""
        while True:
            chunk = process.stdout.read1(4096)
            done, pending = split_lines(pending, chunk if chunk else b"\n")
            for line in done:
                lines.append(line)
                on_line(line)
            if not chunk:
                break
    return Finished(process.returncode, tuple(lines[-5:]))


def _run(args: list[str], worker: EditWorker | None, on_line: Callable[[str], None]) -> Finished:
    return worker.run(args, on_line=on_line) if worker is not None else run(vigie_command(*args), on_line=on_line)


def reindex(corpus: Path, *, store: Path, on_line: Callable[[str], None] = lambda _line: None,
            worker: EditWorker | None = None) -> Finished:
    """``vigie ingest CORPUS --store STORE --wait``: themes re-assigned and actors re-resolved from the saved files.

    The corpus's own ``themes.yaml`` and ``actors.yaml``, where they exist,
    are named as options: they are what the editor just saved, and an option
    wins over whatever an earlier ingest recorded (:mod:`vigie.config`).
    """
    named = [option for flag, name in (("--registry", "actors.yaml"), ("--lexicon", "themes.yaml"))
             if (Path(corpus) / name).is_file() for option in (flag, str(Path(corpus) / name))]
    return _run(["ingest", str(corpus), "--store", str(store), "--wait", *named], worker, on_line)


def suggest_themes(corpus: Path, k: int, *, on_line: Callable[[str], None] = lambda _line: None,
                   worker: EditWorker | None = None) -> dict:
    """The lexicon ``vigie themes suggest CORPUS --k K --out FILE`` proposes, as a document.

    Raises :class:`RuntimeError` (French) when the command fails or is not
    part of this vigie, and the parser's error when its file is not a lexicon.
    """
    with tempfile.TemporaryDirectory(prefix="vigie-themes-") as folder:
        out = Path(folder) / "themes.yaml"
        finished = _run(["themes", "suggest", str(corpus), "--k", str(k), "--out", str(out)], worker, on_line)
        if not finished.ok or not out.is_file():
            detail = " ".join(finished.last_lines[-2:])
            if "invalid choice" in detail or "argument command" in detail:
                raise RuntimeError("La commande `vigie themes suggest` n'existe pas dans cette version de vigie.")
            raise RuntimeError(f"`vigie themes suggest` a échoué : {detail}")
        text = out.read_text(encoding="utf-8")
    parse_lexicon(text, where="proposition de thèmes")
    return plain(parse_yaml(text, where="proposition de thèmes"))
