"""The theme lexicon: which words make an article about a theme.

A term is written once, in its dictionary form ("contenu haineux"), and
matches its French inflections ("contenus haineux", "contenue haineuse"); a
word ending in ``*`` matches any word that starts with it ("modér*" for
modérer, modération, modérateurs).  Matching is on folded words, so accents
and case never matter.

An article's score for a theme is the sum of the weights of its hits (a
term's weight is 1 unless the file says otherwise); the theme is *assigned*
when the score reaches the lexicon's ``threshold``.  The packaged threshold
is 2: one passing mention of a theme is not what an article is about.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vigie.datafile import DataFileError, at, check_keys, content_hash, parse_yaml, read_yaml
from vigie.nlp.text import fold, word_key

# French inflection endings: (ending of the dictionary form, endings of its inflected forms).
# The first ending that fits applies; other words take -s, and -e, -es when they do not end in -e.
_INFLECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("eau", ("eaux",)),
    ("eu", ("eux",)),
    ("eux", ("euse", "euses")),
    ("eur", ("eurs", "euse", "euses", "rice", "rices")),
    ("al", ("aux", "ale", "ales", "als")),
    ("if", ("ifs", "ive", "ives")),
    ("er", ("ers", "ere", "eres")),
    ("en", ("ens", "enne", "ennes")),
    ("on", ("ons", "onne", "onnes")),
    ("el", ("els", "elle", "elles")),
    ("et", ("ets", "ette", "ettes")),
)


def inflections(word: str) -> frozenset[str]:
    """Folded forms of a folded French word: "haineux" -> haineuse, haineuses; "national" -> nationaux..."""
    for ending, endings in _INFLECTIONS:
        if word.endswith(ending):
            return frozenset((word, *(word[: -len(ending)] + e for e in endings)))
    if word.endswith(("s", "x", "z")):
        return frozenset((word,))
    if word.endswith("e"):
        return frozenset((word, word + "s"))
    return frozenset((word, word + "s", word + "e", word + "es"))


@dataclass(frozen=True)
class Term:
    """One lexicon entry: how it is written, how much one hit weighs, what it matches."""

    text: str
    weight: float
    pattern: tuple[frozenset[str] | str, ...]  # per word: its forms, or a prefix (from "word*")

    @classmethod
    def parse(cls, text: str, *, weight: float = 1.0) -> Term:
        pattern: list[frozenset[str] | str] = []
        for raw in text.split():
            if raw.endswith("*"):
                prefix = fold(raw[:-1])
                if len(word_key(prefix)) != 1 or len(prefix) < 3:
                    raise ValueError(f"le préfixe {raw!r} doit être un seul mot d'au moins 3 lettres")
                pattern.append(prefix)
            else:
                pattern.extend(inflections(w) for w in word_key(raw))
        if not pattern:
            raise ValueError(f"le terme {text!r} n'a aucun mot")
        return cls(text=text, weight=weight, pattern=tuple(pattern))

    def matches(self, folded_words: list[str], at: int) -> bool:
        """Whether the words from ``at`` on begin with this term."""
        if at + len(self.pattern) > len(folded_words):
            return False
        for expected, word in zip(self.pattern, folded_words[at:], strict=False):  # accepts(), inlined: it is hot
            if not (word in expected if isinstance(expected, frozenset) else word.startswith(expected)):
                return False
        return True

    def accepts(self, word: str, n: int = 0) -> bool:
        """Whether the folded ``word`` can be this term's word number ``n``."""
        expected = self.pattern[n]
        return word in expected if isinstance(expected, frozenset) else word.startswith(expected)


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Lexicon:
    themes: tuple[Theme, ...]
    threshold: float  # score from which a theme is assigned to an article
    sha256: str

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)


def build_lexicon(data: dict, *, where: str = "lexicon") -> Lexicon:
    """Validate a parsed lexicon file into a :class:`Lexicon`."""
    check_keys(data, allowed=("threshold", "themes"), required=("threshold", "themes"), where=where)
    threshold = data["threshold"]
    if not isinstance(threshold, int | float) or threshold <= 0:
        raise DataFileError(f"{where} : le seuil (threshold) doit être un nombre positif, pas {threshold!r}")
    if not isinstance(data["themes"], list) or not data["themes"]:
        raise DataFileError(f"{where} : « themes » doit être une liste non vide")
    themes: list[Theme] = []
    for number, raw in enumerate(data["themes"], start=1):
        entry = check_keys(raw, allowed=("id", "label", "terms"), required=("id", "label", "terms"),
                           where=f"{at(where, raw)} : thème n° {number}")
        here = f"{at(where, raw)} : thème « {entry['id']} »"
        if any(t.id == str(entry["id"]) for t in themes):
            raise DataFileError(f"{here} : id de thème en double")
        if not isinstance(entry["terms"], list):
            raise DataFileError(f"{here} : « terms » doit être une liste")
        if not entry["terms"]:
            raise DataFileError(f"{here} : le thème n'a plus aucun terme")
        themes.append(Theme(id=str(entry["id"]), label=str(entry["label"]), terms=_terms(entry["terms"], where=here)))
    return Lexicon(themes=tuple(themes), threshold=float(threshold), sha256=content_hash(data))


def _terms(entries: list, *, where: str) -> tuple[Term, ...]:
    terms: list[Term] = []
    for raw in entries:
        entry = {"term": raw} if isinstance(raw, str) else check_keys(raw, allowed=("term", "weight"), required=("term",), where=where)
        weight = entry.get("weight", 1.0)
        if not isinstance(weight, int | float) or weight <= 0:
            raise DataFileError(f"{where} : terme {entry['term']!r} : le poids doit être un nombre positif")
        try:
            term = Term.parse(str(entry["term"]), weight=float(weight))
        except ValueError as exc:
            raise DataFileError(f"{where} : {exc}") from exc
        if any(t.pattern == term.pattern for t in terms):
            raise DataFileError(f"{where} : terme en double {term.text!r}")
        terms.append(term)
    return tuple(terms)


def parse_lexicon(text: str, *, where: str) -> Lexicon:
    """A lexicon from the text of a ``themes.yaml`` (the edit mode checks a file before writing it)."""
    return build_lexicon(dict(parse_yaml(text, where=where)), where=where)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and validate a lexicon file; ``None`` reads the packaged ``themes.yaml``."""
    data, where = read_yaml(path, packaged="themes.yaml")
    return build_lexicon(dict(data), where=where)
