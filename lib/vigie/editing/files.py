"""Writing ``CORPUS/themes.yaml`` and ``CORPUS/actors.yaml`` from the edit mode: checked, locked, kept.

Why each rule:
- Only a server started with ``vigie dashboard --edit`` writes.  Anyone with
  a dashboard link gets a kernel, so the check is here, in the function that
  writes, on an environment variable that ``vigie.serve`` sets for the Voilà
  process (:data:`EDIT_VARIABLE`); nothing in a link or a page can set a
  kernel's environment.  A plain server removes the variable even if the
  shell that started it had it.
- Nothing vigie cannot read is written: the new text goes through the real
  parsers (:func:`~vigie.nlp.registry.parse_registry`,
  :func:`~vigie.nlp.lexicon.parse_lexicon`) first, and their French message,
  with its line number, is what the page shows.
- Two editors saving at once: each kept the SHA-256 of the file it opened; under an
  exclusive lock (``fcntl.flock`` on ``CORPUS/.vigie/edit.lock``) the hash on
  disk is compared with it before anything is written, and the second editor
  is told instead of silently overwriting the first.
- Nothing is lost: before a save or a restore, the files in force are copied
  to ``CORPUS/.vigie/history/<UTC time>/`` (with ``meta.json`` naming the files
  that did not exist, whose absence a restore brings back: vigie's packaged
  file then applies again).  Each file is replaced in one step
  (:func:`vigie.store.write_atomic`).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from vigie.editing.documents import Document, plain
from vigie.datafile import packaged_text, parse_yaml
from vigie.nlp.lexicon import parse_lexicon
from vigie.nlp.registry import parse_registry
from vigie.store import write_atomic

EDIT_VARIABLE = "VIGIE_EDIT"
CORPUS_VARIABLE = "VIGIE_CORPUS"
THEMES = "themes.yaml"
ACTORS = "actors.yaml"
FILES = (THEMES, ACTORS)
HISTORY = Path(".vigie") / "history"
LOCK = Path(".vigie") / "edit.lock"
_PARSERS = {THEMES: parse_lexicon, ACTORS: parse_registry}
_HEADERS = {
    THEMES: ("# Lexique des thèmes de vigie, écrit par le mode édition du tableau de bord ; il reste à éditer à la main.\n"
             "# Chaque thème : id (stable), label (affiché), terms (forme du dictionnaire, « mot* » pour un préfixe,\n"
             "# {term: ..., weight: 2} pour un poids). Un thème est attribué quand son score atteint threshold.\n"
             "# Versions précédentes : .vigie/history/\n"),
    ACTORS: ("# Registre des acteurs de vigie, écrit par le mode édition du tableau de bord ; il reste à éditer à la main.\n"
             "# Chaque acteur : name, type (person | organisation | place), aliases (facultatif), id (facultatif).\n"
             "# ignore : les noms qui ne sont pas des acteurs. Versions précédentes : .vigie/history/\n"),
}


class EditRefused(PermissionError):
    """A write asked of a server that was not started in edit mode."""


class StaleFile(RuntimeError):
    """The file changed on disk since the editor opened it (another editor saved)."""


def edit_mode() -> bool:
    """Whether this process may write the corpus's files: started by ``vigie dashboard --edit``."""
    return os.environ.get(EDIT_VARIABLE) == "1"


def require_edit_mode() -> None:
    if not edit_mode():
        raise EditRefused("Modification refusée : ce tableau de bord n'a pas été lancé en mode édition "
                          "(`vigie dashboard CORPUS --edit`).")


@dataclass(frozen=True)
class Opened:
    """One file as the editor opened it: its document and the hash of the bytes on disk ("" if absent)."""

    name: str
    document: Document
    sha256: str


def disk_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, "" when it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def open_file(corpus: Path, name: str, *, in_force: Path | None = None) -> Opened:
    """``CORPUS/name`` as a document to edit; when the corpus has none, the file in force instead.

    ``in_force`` is the file the last ingest used when it is not the
    corpus's own (themes proposed at ingest, a ``--lexicon`` file; see
    :mod:`vigie.config`); ``None``: vigie's packaged file.  The edit is
    still saved as ``CORPUS/name``.  A file vigie cannot read (edited by
    hand) raises the parser's French message with its line: the page shows
    it, and a kept version can still be restored.
    """
    path = Path(corpus) / name
    sha = disk_hash(path)
    if sha:
        text, where = path.read_text(encoding="utf-8"), str(path)
    elif in_force is not None:
        text, where = Path(in_force).read_text(encoding="utf-8"), str(in_force)
    else:
        text, where = packaged_text(name), f"{name} (fourni avec vigie)"
    _PARSERS[name](text, where=where)
    return Opened(name, plain(parse_yaml(text, where=where)), sha)


class _OneLine(dict):
    """A mapping written on one line, as in vigie's packaged files (one actor, one weighted term per line)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_OneLine, lambda dumper, data: dumper.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))


def dump(name: str, document: Document) -> str:
    """The YAML text of a document, laid out like vigie's packaged files, under a header saying what it holds."""
    document = plain(document)
    if name == ACTORS:
        document["actors"] = [_OneLine(entry) for entry in document["actors"]]
    else:
        for theme in document["themes"]:
            theme["terms"] = [_OneLine(t) if isinstance(t, dict) else t for t in theme["terms"]]
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=200)
    return _HEADERS[name] + "\n" + body


def check(name: str, text: str):
    """What the parser makes of ``text`` (a Registry or a Lexicon); its :class:`~vigie.datafile.DataFileError`
    (French, with its line) if vigie cannot use it."""
    return _PARSERS[name](text, where=name)


def parse(name: str, document: Document):
    """The Registry or Lexicon that ``document`` becomes once saved: what ingest will read."""
    return check(name, dump(name, document))


@contextlib.contextmanager
def _locked(corpus: Path) -> Iterator[None]:
    lock = Path(corpus) / LOCK
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # saves are short: wait for the other editor's
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check_unchanged(corpus: Path, expected: Mapping[str, str]) -> None:
    changed = [name for name, sha in expected.items() if disk_hash(Path(corpus) / name) != sha]
    if changed:
        raise StaleFile(f"{', '.join(changed)} a été modifié depuis l'ouverture de l'éditeur (par un autre éditeur, "
                        "ou à la main) : rien n'a été écrit. Rechargez la page pour repartir de la version actuelle.")


def _archive(corpus: Path, *, reason: str) -> str:
    """Copy the files in force to a new history folder; returns its name."""
    now = dt.datetime.now(dt.timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S.%fZ")
    folder = Path(corpus) / HISTORY / stamp
    folder.mkdir(parents=True)
    absent = []
    for name in FILES:
        if (Path(corpus) / name).is_file():
            shutil.copy2(Path(corpus) / name, folder / name)
        else:
            absent.append(name)
    meta = {"saved": now.isoformat(timespec="seconds"), "reason": reason, "absent": absent}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return stamp


def save(corpus: Path, documents: Mapping[str, Document], *, expected: Mapping[str, str]) -> dict[str, str]:
    """Write the edited documents (by file name) into the corpus; returns the new hashes of every file.

    ``expected`` holds, per file, the hash of the bytes the editor opened.
    Raises :class:`EditRefused` outside edit mode, the parser's
    ``DataFileError`` for a document vigie could not read, and
    :class:`StaleFile` when a file changed since it was opened; in each
    case nothing is written.
    """
    require_edit_mode()
    texts = {name: dump(name, document) for name, document in documents.items()}
    for name, text in texts.items():
        check(name, text)
    with _locked(corpus):
        _check_unchanged(corpus, expected)
        _archive(corpus, reason="avant enregistrement")
        for name, text in texts.items():
            write_atomic(Path(corpus) / name, text.encode("utf-8"))
    return {name: disk_hash(Path(corpus) / name) for name in FILES}


@dataclass(frozen=True)
class Version:
    """A kept version of the two files: its folder name and when it was replaced."""

    stamp: str
    saved: dt.datetime
    reason: str
    files: tuple[str, ...]  # the files it holds (the others did not exist then)

    def label(self) -> str:
        kept = " + ".join(self.files) if self.files else "fichiers fournis avec vigie"
        return f"{self.saved.astimezone():%d/%m/%Y %H:%M:%S} — {kept} ({self.reason})"


def history(corpus: Path) -> list[Version]:
    """The kept versions, newest first."""
    folder = Path(corpus) / HISTORY
    versions = []
    for entry in sorted(folder.glob("*/meta.json"), reverse=True):
        meta = json.loads(entry.read_text(encoding="utf-8"))
        files = tuple(name for name in FILES if (entry.parent / name).is_file())
        versions.append(Version(entry.parent.name, dt.datetime.fromisoformat(meta["saved"]), meta["reason"], files))
    return versions


def restore(corpus: Path, stamp: str, *, expected: Mapping[str, str]) -> dict[str, str]:
    """Put a kept version back in force (the current files are kept first); returns the new hashes.

    Same refusals as :func:`save`; a kept file vigie can no longer read is
    refused too.
    """
    require_edit_mode()
    if stamp not in {v.stamp for v in history(corpus)}:
        raise FileNotFoundError(f"Version inconnue : {stamp}")
    folder = Path(corpus) / HISTORY / stamp
    kept = {name: (folder / name).read_text(encoding="utf-8") for name in FILES if (folder / name).is_file()}
    for name, text in kept.items():
        check(name, text)
    with _locked(corpus):
        _check_unchanged(corpus, expected)
        _archive(corpus, reason=f"avant restauration de {stamp}")
        for name in FILES:
            if name in kept:
                write_atomic(Path(corpus) / name, kept[name].encode("utf-8"))
            else:
                (Path(corpus) / name).unlink(missing_ok=True)
    return {name: disk_hash(Path(corpus) / name) for name in FILES}
