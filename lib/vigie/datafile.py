"""Reading the editable YAML files (registry, lexicon, sources) with errors a user can act on.

Outside `vigie.nlp` so that the sources table, which is metadata, reads its file without loading spaCy.
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
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A registry or lexicon file that cannot be used; the message names the file and the entry."""


def read_yaml(path: Path | None, *, packaged: str | None = None) -> tuple[Mapping[str, Any], str]:
    """The top-level mapping of ``path`` (or, if None, of the ``packaged`` data file) and a name for messages."""
    if path is None:
        if packaged is None:
            raise ValueError("read_yaml needs a path or a packaged file name")
        source = files("vigie") / "data" / packaged
        where = f"packaged {packaged}"
    else:
        source = Path(path)
        where = str(path)
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{where}: cannot read ({exc})") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{where}: not valid YAML ({exc})") from exc
    if not isinstance(data, Mapping):
        raise DataFileError(f"{where}: expected a mapping at the top level")
    return data, where


def check_keys(entry: Any, *, allowed: Iterable[str], required: Iterable[str], where: str) -> Mapping[str, Any]:
    """``entry`` as a mapping with only ``allowed`` keys and all ``required`` ones."""
    if not isinstance(entry, Mapping):
        raise DataFileError(f"{where}: expected a mapping, got {entry!r}")
    unknown = sorted(set(entry) - set(allowed))
    if unknown:
        raise DataFileError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    for key in required:
        if entry.get(key) in (None, ""):
            raise DataFileError(f"{where}: missing '{key}'")
    return entry


def string_list(value: Any, *, where: str) -> tuple[str, ...]:
    """A YAML list of non-empty strings (or nothing) as a tuple."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def content_hash(obj: Any) -> str:
    """SHA-256 of the parsed content, so that comments and layout do not change it."""
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def item_lines(path: Path | None, *, packaged: str | None = None, key: str) -> list[int]:
    """The line (1-based) where each item of the top-level list ``key`` starts, so a message can name it.

    Reads the file a second time as a node tree (YAML's parsed values carry no
    lines); files the user edits are small.  An empty list when ``key`` is absent.
    """
    source = files("vigie") / "data" / packaged if path is None else Path(path)
    root = yaml.compose(source.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(root, yaml.MappingNode):
        return []
    for name, value in root.value:
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []
