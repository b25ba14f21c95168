"""Reading the editable YAML files (registry, lexicon, sources table) with errors a user can act on.

Outside ``vigie.nlp`` so that reading the sources table at publication, or a
file checked by the edit mode, never imports spaCy.

Why line numbers: these files are edited by hand and, since the dashboard's
edit mode, by vigie itself; a message such as « actors.yaml, ligne 41 :
alias en double » lets a researcher find the entry in any editor.  Each
mapping read from YAML is a :class:`Located` dict that remembers the line it
starts on (a dict all the same: the content hash and every lookup are
unchanged), and :func:`at` puts that line into the message's prefix.
Messages are in French: they are shown in the page and by ``vigie ingest``.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it: the same data, read about five times faster.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A registry or lexicon file that cannot be used; the message names the file, the line and the entry."""


class Located(dict):
    """A mapping read from YAML, with the (1-based) line it starts on."""

    line: int | None = None


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, building :class:`Located` mappings."""


def _located_mapping(loader: _Loader, node: yaml.MappingNode):
    data = Located()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _located_mapping)


def at(where: str, entry: Any) -> str:
    """``where`` followed by the line ``entry`` starts on, when it was read from a file."""
    line = getattr(entry, "line", None)
    return f"{where}, ligne {line}" if line else where


def parse_yaml(text: str, *, where: str) -> Mapping[str, Any]:
    """The top-level mapping of a YAML text; a syntax error names its line."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", ligne {mark.line + 1}" if mark else ""
        raise DataFileError(f"{where}{line} : YAML invalide ({exc.problem or exc.context})") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{where} : YAML invalide ({exc})") from exc
    if not isinstance(data, Mapping):
        raise DataFileError(f"{where} : le fichier doit être une table de clés (mapping) au premier niveau")
    return data


def packaged_text(name: str) -> str:
    """The text of one of vigie's packaged data files (``actors.yaml``, ``themes.yaml``)."""
    return (files("vigie") / "data" / name).read_text(encoding="utf-8")


def read_yaml(path: Path | None, *, packaged: str | None = None) -> tuple[Mapping[str, Any], str]:
    """The top-level mapping of ``path`` (or, if None, of the ``packaged`` data file) and a name for messages."""
    if path is None:
        if packaged is None:
            raise ValueError("read_yaml needs a path or a packaged file name")
        where = f"{packaged} (fourni avec vigie)"
        reader = lambda: packaged_text(packaged)  # noqa: E731
    else:
        where = str(path)
        reader = lambda: Path(path).read_text(encoding="utf-8")  # noqa: E731
    try:
        text = reader()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{where} : lecture impossible ({exc})") from exc
    return parse_yaml(text, where=where), where


def check_keys(entry: Any, *, allowed: Iterable[str], required: Iterable[str], where: str) -> Mapping[str, Any]:
    """``entry`` as a mapping with only ``allowed`` keys and all ``required`` ones."""
    if not isinstance(entry, Mapping):
        raise DataFileError(f"{where} : une table de clés (mapping) était attendue, pas {entry!r}")
    unknown = sorted(set(entry) - set(allowed))
    if unknown:
        raise DataFileError(f"{where} : clé(s) inconnue(s) {', '.join(map(str, unknown))} "
                            f"(permises : {', '.join(allowed)})")
    for key in required:
        if entry.get(key) in (None, ""):
            raise DataFileError(f"{where} : « {key} » manque")
    return entry


def string_list(value: Any, *, where: str) -> tuple[str, ...]:
    """A YAML list of non-empty strings (or nothing) as a tuple."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{where} : une liste de textes non vides était attendue, pas {value!r}")
    return tuple(v.strip() for v in value)


def content_hash(obj: Any) -> str:
    """SHA-256 of the parsed content, so that comments and layout do not change it."""
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
