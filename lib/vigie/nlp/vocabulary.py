"""Which words are ordinary French words: the evidence that a capitalised span is not a name.

The list comes from the model's lemmatizer tables (lemmas per part of speech,
and inflected forms with their lemmas).  Proper names are not in them, so
"personnalité" and "gouvernement" are common words, "zuckerberg" and "avia"
are not.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping

from vigie.nlp.text import fold, fold_all


class Vocabulary:
    """Common words and adjectives, looked up by their written form (any case)."""

    def __init__(
        self,
        lemmas: Mapping[str, Collection[str]] | None = None,
        forms: Mapping[str, list[str]] | None = None,
    ):
        """``lemmas``: lemmas per part of speech ("adj", "noun", ...); ``forms``: inflected form -> its lemmas."""
        lemmas = lemmas or {}
        self._lemmas = _with_folded(w for words in lemmas.values() for w in words)
        self._adjectives = _with_folded(lemmas.get("adj", ()))
        self._forms = forms if forms is not None else {}

    def __contains__(self, word: object) -> bool:
        """Whether ``word`` is a common word; capitals often lose their accent ("Etat"), and plurals their lemma."""
        if not isinstance(word, str):
            return False
        word = word.lower()
        return word in self._forms or any(w in self._lemmas for w in (word, fold(word), fold(word).removesuffix("s")))

    def is_adjective(self, word: str) -> bool:
        """Whether ``word`` is an adjective or a form of one ("américaine", "australien")."""
        word = word.lower()
        stems = {word, *(word[: -len(end)] for end in _ADJECTIVE_ENDINGS if word.endswith(end))}
        return any(w in self._adjectives for w in stems) or any(
            lemma in self._adjectives for lemma in self._forms.get(word) or ()
        )


# Feminine and plural endings of adjectives: "américaines" -> "américain", "australienne" -> "australien".
_ADJECTIVE_ENDINGS = ("s", "e", "es", "ne", "nes")


def _with_folded(words) -> frozenset[str]:
    words = list(set(words))
    return frozenset(words).union(fold_all(words))
