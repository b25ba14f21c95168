"""One editor's session: the two documents being edited, the hashes they were opened with, save and restore.

The panels hold one :class:`EditSession` and call :meth:`EditSession.apply`
with an operation of :mod:`vigie.editing.documents`; nothing is written until
:meth:`EditSession.save`.  A file that vigie cannot read (hand-edited) is
recorded in :attr:`EditSession.problems` instead of being opened, and a kept
version can still be restored over it.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vigie import config
from vigie.editing import files
from vigie.editing.documents import Document
from vigie.datafile import DataFileError
from vigie.store import read_manifest


class EditSession:
    """``store``: the corpus's store, whose manifest says which files the last ingest used (:mod:`vigie.config`)."""

    def __init__(self, corpus: Path, *, store: Path | None = None) -> None:
        self.corpus = Path(corpus)
        self.store = Path(store) if store is not None else None
        self.reopen()

    def _in_force(self) -> dict[str, Path | None]:
        """Per file, what applies when the corpus has none of its own: proposed themes, a --lexicon file, or None."""
        if self.store is None:
            return {}
        chosen = config.resolve(self.corpus, self.store, read_manifest(self.store))
        return {files.ACTORS: chosen.registry.path, files.THEMES: chosen.lexicon.path}

    def reopen(self) -> None:
        """Read both files again (after a save, a restore, or to drop unsaved edits)."""
        self.hashes = {name: files.disk_hash(self.corpus / name) for name in files.FILES}
        self.documents: dict[str, Document] = {}
        self.problems: dict[str, str] = {}
        in_force = self._in_force()
        for name in files.FILES:
            try:
                opened = files.open_file(self.corpus, name, in_force=in_force.get(name))
            except DataFileError as exc:
                self.problems[name] = str(exc)
            else:
                self.documents[name], self.hashes[name] = opened.document, opened.sha256
        self.changed: set[str] = set()

    @property
    def themes(self) -> Document:
        return self.documents[files.THEMES]

    @property
    def actors(self) -> Document:
        return self.documents[files.ACTORS]

    def registry(self):
        """The actors document as edited so far, parsed as ingest would read it (what its suggestions are checked against)."""
        return files.parse(files.ACTORS, self.actors)

    def apply(self, name: str, operation: Callable[..., Document], *args, **options) -> None:
        """Replace the document ``name`` by ``operation(document, *args, **options)`` (its EditError passes through)."""
        if name in self.problems:
            raise DataFileError(self.problems[name])
        self.documents[name] = operation(self.documents[name], *args, **options)
        self.changed.add(name)

    def save(self) -> None:
        """Write the changed documents (see :func:`vigie.editing.files.save` for the refusals), then reopen."""
        changed = sorted(self.changed)
        files.save(self.corpus, {name: self.documents[name] for name in changed},
                   expected={name: self.hashes[name] for name in changed})
        self.reopen()

    def restore(self, stamp: str) -> None:
        files.restore(self.corpus, stamp, expected=self.hashes)
        self.reopen()
