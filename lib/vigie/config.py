"""One configuration per corpus: the registry, lexicon and model a corpus was ingested with, and kept.

Why: ``vigie ingest CORPUS --registry X`` followed by ``vigie dashboard
CORPUS`` used to re-ingest with the default registry, silently.  Now each
publish records in the manifest where every file came from (``option``,
``corpus`` for a file beside the corpus, ``proposed`` for themes discovered
at ingest, ``packaged``), its path and hash, and the model.  Every later
command resolves the same way: an explicit option wins (and is recorded);
else a file chosen by option earlier, while it still exists; else the file
beside the corpus; else, for themes, the proposed lexicon; else the packaged
one.  When a recorded file has disappeared or changed, the user is told (in
French), and the results follow.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

REGISTRY_FILE = "actors.yaml"
LEXICON_FILE = "themes.yaml"
PROPOSED_FILE = "themes.proposed.yaml"  # in the store folder: discovered themes, a corpus's default lexicon
_WHAT = {"registry": "Le registre des acteurs", "lexicon": "Le lexique des thèmes"}


@dataclass(frozen=True)
class Choice:
    """Where one file comes from: ``origin`` and its path (None for the packaged file)."""

    origin: str  # option | corpus | proposed | packaged
    path: Path | None


@dataclass(frozen=True)
class CorpusConfig:
    registry: Choice
    lexicon: Choice
    model: str | None  # None: the default model
    notices: tuple[str, ...]  # what the user should know (in French)


def resolve(
    corpus: Path,
    store_root: Path,
    recorded: dict | None,
    *,
    registry: Path | None = None,
    lexicon: Path | None = None,
    model: str | None = None,
) -> CorpusConfig:
    """The files and model to use for ``corpus``, given the options and the manifest's record."""
    recorded = (recorded or {}).get("config") or {}
    notices: list[str] = []
    chosen = {}
    for name, explicit, beside in (("registry", registry, REGISTRY_FILE), ("lexicon", lexicon, LEXICON_FILE)):
        chosen[name] = _choose(
            name, explicit, Path(corpus) / beside, Path(store_root) / PROPOSED_FILE if name == "lexicon" else None,
            recorded.get(name) or {}, notices,
        )
    before = recorded.get("model") or {}
    if not model and before.get("origin") == "option":
        model = before.get("name")
    return CorpusConfig(registry=chosen["registry"], lexicon=chosen["lexicon"], model=model, notices=tuple(notices))


def _choose(name: str, explicit: Path | None, beside: Path, proposed: Path | None, before: dict, notices: list[str]) -> Choice:
    if explicit is not None:
        return Choice("option", Path(explicit))
    what, origin = _WHAT[name], before.get("origin")
    # the file the last ingest used: an option's own path; beside the corpus and proposed ones where they are now
    # (so that a copied corpus and store speak of their own files)
    used = {"option": Path(before["path"]) if before.get("path") else None, "corpus": beside, "proposed": proposed}.get(origin)
    if used is not None:
        if not used.is_file():
            notices.append(f"{what} utilisé au dernier ingest ({used}) a disparu : vigie reprend le choix par défaut.")
        elif before.get("sha256") and file_sha256(used) != before["sha256"]:
            notices.append(f"{what} ({used}) a changé depuis le dernier ingest : les résultats sont mis à jour.")
        if origin == "option" and used.is_file():
            return Choice("option", used)
    if beside.is_file():
        return Choice("corpus", beside)
    if proposed is not None and proposed.is_file():
        return Choice("proposed", proposed)
    return Choice("packaged", None)


def record(config: CorpusConfig, *, model: str) -> dict:
    """The manifest's ``config`` entry: origins, paths and hashes of the files, and the model."""
    entry = {"model": {"name": model, "origin": "option" if config.model else "default"}}
    for name in ("registry", "lexicon"):
        choice: Choice = getattr(config, name)
        path = str(choice.path.resolve()) if choice.path is not None else None
        entry[name] = {"origin": choice.origin, "path": path,
                       "sha256": file_sha256(choice.path) if choice.path is not None else None}
    return entry


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
