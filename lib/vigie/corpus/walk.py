"""Walking the corpus folder: which files may be articles, and why the others are not.

Every file met is either an ``Entry`` to read or an ``InputReport`` saying
why not, so nothing under the root disappears silently.  Hidden folders are
not entered at all (the store lives in ``<root>/.vigie/``); hidden files are
reported as ignored.  Ids are decided here, from all the paths together,
because whether ``a.txt`` may be called ``a`` depends on whether ``a.md``
exists.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vigie.corpus.metadata import METADATA_FILE
from vigie.types import InputReport, InputStatus

Kind = Literal["text", "markdown", "html", "csv", "jsonl", "docx", "rtf"]

KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".docx": "docx",  # Nexis Uni exports, or one document read whole
    ".rtf": "rtf",  # Factiva exports with indexing, or one document read whole
}
CONFIG_FILES = frozenset(
    (METADATA_FILE, "actors.yaml", "actors.yml", "themes.yaml", "themes.yml", "sources.yaml", "sources.yml")
)
_COMPRESSED = frozenset(".gz .tgz .zip .bz2 .xz .7z .rar .tar .zst .lz .lzma .z".split())
_READ = " ".join(KINDS)


@dataclass(frozen=True, slots=True)
class Entry:
    """A file that may hold articles: its corpus path, location and format."""

    path: str  # relative to the root, POSIX separators
    file: str  # where to open it: a plain string, a Path per file costs more than the reading
    kind: Kind


def walk(root: Path) -> tuple[list[Entry], list[InputReport]]:
    """Files to read, in path order, and reports for every file that will not be read."""
    entries: list[Entry] = []
    reports: list[InputReport] = []
    _walk_folder(root, "", entries, reports)
    return entries, reports


def _walk_folder(folder: str | Path, prefix: str, entries: list[Entry], reports: list[InputReport]) -> None:
    # os.scandir, not os.walk: its entries know their type without one more stat per file,
    # and a symlinked folder is reported instead of silently skipped
    try:
        with os.scandir(folder) as scan:
            found = sorted(scan, key=lambda item: item.name)
    except OSError as error:
        if not prefix:
            raise  # the root itself: the caller's mistake, not a corpus file's
        reports.append(InputReport(_printable(prefix[:-1]), None, "rejected", f"cannot read folder: {error.strerror}", None))
        return
    for item in found:
        path = prefix + item.name
        if item.is_dir(follow_symlinks=False) and not item.name.startswith("."):
            _walk_folder(item.path, path + "/", entries, reports)
        elif not item.is_dir(follow_symlinks=False):
            refusal = _refusal(item, path)
            if refusal:
                reports.append(InputReport(_printable(path), None, *refusal, None))
            else:
                entries.append(Entry(path, item.path, KINDS[_suffix(item.name)]))


def assign_ids(paths: list[str]) -> dict[str, str]:
    """Each path's id: the path without its extension, unless another path shares that stem."""
    stems = {path: path.rsplit(".", 1)[0] for path in paths}
    shared = Counter(stems.values())
    return {path: stem if shared[stem] == 1 else path for path, stem in stems.items()}


def _refusal(item: os.DirEntry[str], path: str) -> tuple[InputStatus, str] | None:
    """(status, reason) for a file that is not to be read, None for one to read."""
    suffix = _suffix(item.name)
    if item.name.startswith("."):
        return "ignored", "hidden file"
    if path in CONFIG_FILES:
        return "ignored", "configuration file"
    if item.is_symlink():
        return "ignored", "symbolic link, not followed"
    if not item.is_file(follow_symlinks=False):
        return "ignored", "not a regular file"
    if path != _printable(path):
        return "rejected", "file name is not valid UTF-8"
    if suffix in KINDS:
        return None
    if suffix in _COMPRESSED:
        return "unsupported", f"compressed file ({suffix}): unpack it first"
    if not suffix:
        return "unsupported", f"no file extension (read: {_READ})"
    return "unsupported", f"unsupported format {suffix} (read: {_READ})"


def _suffix(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def _printable(path: str) -> str:
    """The path as valid UTF-8: undecodable bytes in a file name shown as U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")
