"""The sources table: « Le Monde », « Le Monde (site web) » and « lemonde.fr » are one outlet.

Exports and sites name one outlet many ways (an edition in brackets, a
domain, an Iramuteq ``*source_lemonde``).  ``sources.yaml`` lists each outlet
with its editions and domains; vigie ships one for the common French outlets
(``vigie/data/sources.yaml``).  A ``sources.yaml`` at the corpus root (or
``--sources``) **extends** it: its entries are added, an entry named like a
shipped outlet replaces that outlet, and an edition or domain it claims is
taken from whichever shipped outlet had it (the user's table wins).  With
``replace: true`` at its top, it replaces the shipped table instead.

Why at publication and not at reading: grouping is metadata.  Ingest applies
the table to every row of the articles table it publishes (the name as the
input gave it stays in ``edition``; the grouped name goes to ``source``), so
an edit of ``sources.yaml`` regroups every article at the next ingest, reused
ones included, and never re-extracts one (the table is not part of the
extractor's fingerprint).  Nothing here imports spaCy.

Names are compared folded: accents, case, spaces and punctuation ignored
(« Liberation », « libération » and ``*source_Liberation`` are one key).  A
name not found is tried again without a trailing ``(…)`` or `` - …`` part,
then as a domain (``www.lemonde.fr``, ``https://abonnes.lemonde.fr/…``); an
article with no outlet at all is grouped by its URL's domain.  Anything else
keeps its name as given, less a web-edition marker: Europresse writes
« France Bleu (site web) » beside « France Bleu » for outlets no table lists,
and the two are one source whether or not the table knows them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from vigie.datafile import DataFileError, content_hash, read_yaml

SOURCES_FILE = "sources.yaml"
_KEYS = ("name", "editions", "domains")
_SUFFIX = re.compile(r"\s*(?:\([^()]*\)|\s-\s.*)\s*$")
_WEB_EDITION = re.compile(r"\s*(?:\(\s*(?:site\s+web|web|en\s+ligne|online)\b[^()]*\)|\s[-–]\s*(?:site\s+web|web)\s*)$", re.I)
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}")


@dataclass(frozen=True)
class Source:
    name: str
    editions: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceTable:
    sources: tuple[Source, ...]
    sha256: str

    @cached_property
    def by_key(self) -> dict[str, str]:
        """Every name, edition and domain under its folded key -> the outlet's name."""
        return {key(form): s.name for s in self.sources for form in (s.name, *s.editions, *s.domains)}

    @cached_property
    def by_domain(self) -> dict[str, str]:
        return {domain: s.name for s in self.sources for domain in s.domains}

    def group(self, edition: str, url: str = "") -> str:
        """The outlet's name for ``edition`` (or, when it is empty, for ``url``'s domain)."""
        if not edition.strip():
            return self._domain(urlsplit(url.strip()).hostname or "") if url.strip() else ""
        found = self.by_key.get(key(edition))
        if found is None:
            bare = _SUFFIX.sub("", edition)
            found = self.by_key.get(key(bare)) if bare and bare != edition else None
        if found is None:
            found = self._domain(_host(edition)) or None
        return found or _WEB_EDITION.sub("", edition) or edition

    def _domain(self, host: str) -> str:
        """The outlet owning ``host`` or one of its parent domains, else ''."""
        parts = host.lower().rstrip(".").split(".")
        for start in range(len(parts) - 1):
            found = self.by_domain.get(".".join(parts[start:]))
            if found:
                return found
        return ""


def key(name: str) -> str:
    """Fold a name for comparison: « L'Obs », « l obs » and « L’OBS » give ``lobs``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _host(value: str) -> str:
    """The host named by a domain or URL written as an outlet's name, else ''."""
    value = value.strip().lower()
    if "://" in value:
        return urlsplit(value).hostname or ""
    return value if _DOMAIN.fullmatch(value) else ""


def load_sources(path: Path | None = None) -> SourceTable:
    """The shipped table, extended (or replaced, with ``replace: true``) by the file at ``path``."""
    shipped, replace = _read(None)
    if path is None:
        return _table(shipped)
    own, replace = _read(Path(path))
    return _table(own if replace else _extend(shipped, own))


def _table(sources: list[Source]) -> SourceTable:
    plain = [{"name": s.name, "editions": list(s.editions), "domains": list(s.domains)} for s in sources]
    return SourceTable(tuple(sources), content_hash(plain))


def _extend(shipped: list[Source], own: list[Source]) -> list[Source]:
    """Shipped outlets less what the user's entries redefine, then the user's entries."""
    taken = {key(form) for s in own for form in (s.name, *s.editions, *s.domains)}
    named = {key(s.name) for s in own}
    kept = []
    for source in shipped:
        if key(source.name) in named:
            continue
        kept.append(
            Source(
                source.name,
                tuple(e for e in source.editions if key(e) not in taken),
                tuple(d for d in source.domains if key(d) not in taken),
            )
        )
    return kept + own


def _read(path: Path | None) -> tuple[list[Source], bool]:
    """Validated entries of one file and its ``replace`` flag; French messages naming the line."""
    data, where = read_yaml(path, packaged=SOURCES_FILE)  # French errors with YAML's line
    unknown = sorted(set(map(str, data)) - {"sources", "replace"})
    if unknown:
        raise DataFileError(f"{where} : clé inconnue « {unknown[0]} » (attendu : sources, replace)")
    replace = data.get("replace", False)
    if not isinstance(replace, bool):
        raise DataFileError(f"{where} : « replace » doit valoir true ou false, pas {replace!r}")
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(f"{where} : « sources » doit être une liste non vide de médias")
    sources: list[Source] = []
    owners: dict[str, tuple[str, int]] = {}
    for entry in entries:
        line = getattr(entry, "line", None) or 0  # datafile's mappings know the line they start on
        source = _entry(entry, where=f"{where}, ligne {line}")
        for form in (source.name, *source.editions, *source.domains):
            folded = key(form)
            if not folded:
                raise DataFileError(f"{where}, ligne {line} : « {form} » n'a ni lettre ni chiffre")
            if folded in owners and owners[folded][0] != source.name:
                owner, at = owners[folded]
                raise DataFileError(
                    f"{where}, ligne {line} : « {form} » appartient déjà à « {owner} » (ligne {at}) ; "
                    "les accents, la casse, les espaces et la ponctuation sont ignorés"
                )
            owners[folded] = (source.name, line)
        sources.append(source)
    return sources, replace


def _entry(entry: object, *, where: str) -> Source:
    if not isinstance(entry, dict):
        raise DataFileError(f"{where} : un média s'écrit {{name: …, editions: […], domains: […]}}, pas {entry!r}")
    unknown = sorted(set(map(str, entry)) - set(_KEYS))
    if unknown:
        raise DataFileError(f"{where} : clé inconnue « {unknown[0]} » (attendu : {', '.join(_KEYS)})")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(f"{where} : « name » manque ou n'est pas un texte")
    lists = {}
    for field in ("editions", "domains"):
        value = entry.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise DataFileError(f"{where} : « {field} » doit être une liste de textes non vides")
        lists[field] = tuple(v.strip() for v in value)
    bad = [d for d in lists["domains"] if not _DOMAIN.fullmatch(d.lower())]
    if bad:
        raise DataFileError(f"{where} : « {bad[0]} » n'est pas un nom de domaine (exemple : lemonde.fr)")
    return Source(name.strip(), lists["editions"], tuple(d.lower() for d in lists["domains"]))
