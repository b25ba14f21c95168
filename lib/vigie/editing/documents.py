"""Edits of the theme lexicon and the actor registry, as pure functions on their YAML documents.

Why documents, not :class:`~vigie.nlp.lexicon.Lexicon` objects: what the edit
mode writes is a YAML file that a person keeps editing by hand, so the
operations work on the parsed file (plain dicts and lists, in the file's
order) and return a new one, never touching their argument.  Each refuses,
with a French :class:`EditError`, what would leave a file vigie cannot read
(a theme with no term, two actors claiming one name); the full check is
still the real parser's, run on the written text before saving
(:mod:`vigie.editing.files`).

Ids never change: a renamed theme keeps its id, a renamed actor keeps its id
(written out when it no longer is the slug of the name) and its old name as
an alias, so stored links and exports keep pointing at the same thing.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from vigie.nlp.lexicon import Term
from vigie.nlp.registry import slugify
from vigie.nlp.text import word_key
from vigie.types import ACTOR_TYPES

Document = dict[str, Any]


class EditError(ValueError):
    """An edit that cannot be made; the message (French) says why."""


def plain(value: Any) -> Any:
    """A parsed YAML value as plain dicts and lists (the parser's line-aware mappings dropped)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# ---------------------------------------------------------------- themes


def term_text(entry: Any) -> str:
    """The text of a term entry (``"haine"`` or ``{term: haine, weight: 2}``)."""
    return str(entry["term"]) if isinstance(entry, Mapping) else str(entry)


def term_weight(entry: Any) -> float:
    return float(entry.get("weight", 1)) if isinstance(entry, Mapping) else 1.0


def _theme(doc: Document, theme_id: str) -> dict:
    for theme in doc["themes"]:
        if str(theme["id"]) == theme_id:
            return theme
    raise EditError(f"Thème inconnu : {theme_id}")


def _same_term(a: str, b: str) -> bool:
    try:
        return Term.parse(a).pattern == Term.parse(b).pattern
    except ValueError:
        return word_key(a) == word_key(b)


def rename_theme(doc: Document, theme_id: str, label: str) -> Document:
    label = label.strip()
    if not label:
        raise EditError("Le nouveau nom du thème est vide.")
    new = copy.deepcopy(doc)
    _theme(new, theme_id)["label"] = label
    return new


def merge_themes(doc: Document, keep: str, drop: str) -> Document:
    """``drop``'s terms join ``keep`` (a term both have keeps ``keep``'s weight); ``drop`` goes."""
    if keep == drop:
        raise EditError("Choisissez deux thèmes différents à fusionner.")
    new = copy.deepcopy(doc)
    kept, dropped = _theme(new, keep), _theme(new, drop)
    for entry in dropped["terms"]:
        if not any(_same_term(term_text(entry), term_text(other)) for other in kept["terms"]):
            kept["terms"].append(entry)
    new["themes"].remove(dropped)
    return new


def add_term(doc: Document, theme_id: str, term: str, *, weight: float = 1.0) -> Document:
    term = " ".join(term.split())
    try:
        Term.parse(term, weight=weight)
    except ValueError as exc:
        raise EditError(f"Terme refusé : {exc}") from exc
    if weight <= 0:
        raise EditError("Le poids d'un terme doit être un nombre positif.")
    new = copy.deepcopy(doc)
    theme = _theme(new, theme_id)
    if any(_same_term(term, term_text(entry)) for entry in theme["terms"]):
        raise EditError(f"« {term} » est déjà un terme du thème « {theme['label']} ».")
    theme["terms"].append(term if weight == 1 else {"term": term, "weight": int(weight) if weight == int(weight) else weight})
    return new


def remove_term(doc: Document, theme_id: str, term: str) -> Document:
    """Refused when it is the theme's last term: an empty theme matches nothing (delete it instead)."""
    new = copy.deepcopy(doc)
    theme = _theme(new, theme_id)
    kept = [entry for entry in theme["terms"] if term_text(entry) != term]
    if len(kept) == len(theme["terms"]):
        raise EditError(f"« {term} » n'est pas un terme du thème « {theme['label']} ».")
    if not kept:
        raise EditError(f"« {term} » est le dernier terme du thème « {theme['label']} » : un thème vide ne "
                        "trouverait plus rien ; supprimez plutôt le thème.")
    theme["terms"] = kept
    return new


def delete_theme(doc: Document, theme_id: str) -> Document:
    new = copy.deepcopy(doc)
    theme = _theme(new, theme_id)
    if len(new["themes"]) == 1:
        raise EditError("C'est le dernier thème du lexique : il en faut au moins un.")
    new["themes"].remove(theme)
    return new


def replace_themes(doc: Document, proposed: Mapping[str, Any]) -> Document:
    """The themes of a proposed lexicon (``vigie themes suggest``) in place of the current ones."""
    themes = plain(proposed).get("themes")
    if not isinstance(themes, list) or not themes:
        raise EditError("La proposition ne contient aucun thème.")
    return {**copy.deepcopy(doc), "themes": themes, **({"threshold": proposed["threshold"]} if "threshold" in proposed else {})}


# ---------------------------------------------------------------- actors


def _entry_id(entry: Mapping[str, Any]) -> str:
    return str(entry.get("id") or slugify(str(entry["name"])))


def _find_actor(doc: Document, actor_id: str, name: str | None = None) -> dict | None:
    """The entry of that id, else (a store built with another registry) the entry owning ``name``."""
    found = next((entry for entry in doc["actors"] if _entry_id(entry) == actor_id), None)
    return found if found is not None or name is None else _owner(doc, name)


def _owner(doc: Document, name: str) -> dict | None:
    key = word_key(name)
    for entry in doc["actors"]:
        if any(word_key(n) == key for n in (entry["name"], *entry.get("aliases", ()))):
            return entry
    return None


def _ensure_actor(doc: Document, actor_id: str, name: str, type_: str) -> dict:
    """The registry entry of an actor, added (from the store's name and type) when it was unregistered."""
    entry = _find_actor(doc, actor_id, name)
    if entry is None:
        entry = {"name": name, "type": type_}
        if slugify(name) != actor_id:
            entry["id"] = actor_id
        doc["actors"].append(entry)
    return entry


def _add_aliases(entry: dict, names, doc: Document) -> None:
    """Add ``names`` to ``entry``'s aliases, skipping names it has and names another actor claims."""
    for name in names:
        if _owner(doc, name) is None:
            entry.setdefault("aliases", []).append(name)


def merge_actors(doc: Document, *, keep: tuple[str, str, str], drop: tuple[str, str, str]) -> Document:
    """``drop`` (id, name, type) becomes an alias of ``keep``: its names join ``keep``'s aliases."""
    if keep[0] == drop[0]:
        raise EditError("Choisissez deux acteurs différents à fusionner.")
    new = copy.deepcopy(doc)
    kept = _ensure_actor(new, *keep)
    dropped = _find_actor(new, drop[0], drop[1])
    if dropped is kept:
        raise EditError(f"« {drop[1]} » est déjà un nom de « {kept['name']} ».")
    names = [drop[1]]
    if dropped is not None:
        names = [dropped["name"], *dropped.get("aliases", ())]
        new["actors"].remove(dropped)
    _add_aliases(kept, names, new)
    _unignore(new, names)
    return new


def rename_actor(doc: Document, actor: tuple[str, str, str], name: str) -> Document:
    """A new canonical name; the old one stays as an alias and the id is kept."""
    name = " ".join(name.split())
    if not word_key(name):
        raise EditError("Le nouveau nom de l'acteur est vide.")
    new = copy.deepcopy(doc)
    entry = _ensure_actor(new, *actor)
    owner = _owner(new, name)
    if owner is not None and owner is not entry:
        raise EditError(f"« {name} » est déjà un nom de « {owner['name']} » : fusionnez plutôt les deux acteurs.")
    old, actor_id = entry["name"], _entry_id(entry)
    aliases = [a for a in entry.get("aliases", []) if word_key(a) != word_key(name)]
    if word_key(old) != word_key(name):
        aliases.append(old)
    entry["name"] = name
    if aliases:
        entry["aliases"] = aliases
    else:
        entry.pop("aliases", None)
    if slugify(name) != actor_id:
        entry["id"] = actor_id
    _unignore(new, [name])
    return new


def set_actor_type(doc: Document, actor: tuple[str, str, str], type_: str) -> Document:
    if type_ not in ACTOR_TYPES:
        raise EditError(f"Type inconnu : {type_} (attendu : {', '.join(ACTOR_TYPES)})")
    new = copy.deepcopy(doc)
    _ensure_actor(new, *actor)["type"] = type_
    return new


def ignore_actor(doc: Document, actor: tuple[str, str, str]) -> Document:
    """The actor's name is not an actor: it joins ``ignore:`` (a registry entry of that id is removed)."""
    new = copy.deepcopy(doc)
    entry = _find_actor(new, actor[0], actor[1])
    if entry is not None:
        new["actors"].remove(entry)
    if not new["actors"]:
        raise EditError("C'est le dernier acteur du registre : il en faut au moins un.")
    ignored = new.setdefault("ignore", [])
    if not any(word_key(n) == word_key(actor[1]) for n in ignored):
        ignored.append(actor[1])
    return new


def _unignore(doc: Document, names) -> None:
    """Names that become an actor's leave the ``ignore:`` list (both at once is refused by the parser)."""
    keys = {word_key(n) for n in names}
    if doc.get("ignore"):
        doc["ignore"] = [n for n in doc["ignore"] if word_key(n) not in keys]
        if not doc["ignore"]:
            del doc["ignore"]


def accept_suggestions(doc: Document, suggestions) -> Document:
    """Every row of :func:`vigie.curation.suggest_actors` taken at once.

    A new actor enters the registry under its name and type, with the other
    forms the press used as aliases (those no actor claims yet); a likely
    duplicate is merged into the actor it resembles.
    """
    new = copy.deepcopy(doc)
    for row in suggestions.to_dict("records"):
        if row["kind"] == "new":
            if _owner(new, row["name"]) is None:
                entry = _ensure_actor(new, row["actor_id"], row["name"], row["type"])
                forms = [f.strip() for f in str(row.get("forms") or "").split(",") if f.strip()]
                _add_aliases(entry, [f for f in forms if word_key(f) != word_key(row["name"])], new)
        elif row["kind"] == "duplicate":
            keep = (row["similar_id"], row["similar_name"], row["type"])
            drop = (row["actor_id"], row["name"], row["type"])
            owner = _owner(new, row["name"])
            if keep[0] != drop[0] and (owner is None or _entry_id(owner) != keep[0]):
                new = merge_actors(new, keep=keep, drop=drop)
    return new
