"""Loading the French spaCy pipeline once, with only the components vigie uses.

vigie needs tokens, part-of-speech (to tell names from other words), sentences
and entities.  The dependency parser is the slowest component and is only
used by spaCy for sentences, so it is disabled and the lighter sentence
recognizer (shipped disabled in the French models) is enabled instead.  The
lemmatizer is not run, but its tables give the list of common French words
that :mod:`vigie.nlp.actors` uses to tell "Personnalité" from a name.
"""
from __future__ import annotations

from collections.abc import Container
from functools import lru_cache

import spacy
from spacy.language import Language

from vigie.nlp import components  # noqa: F401  (registers vigie's factories)
from vigie.nlp.text import fold

DEFAULT_MODEL = "fr_core_news_sm"
_UNUSED = ("parser", "lemmatizer")


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The model with vigie's components, loaded once per process and model name.

    The registry ruler is added empty before the NER; the extractor gives it
    its registry.  Line breaks start sentences before the sentence recognizer.
    """
    nlp = spacy.load(model, disable=list(_UNUSED))
    if "senter" in nlp.component_names:
        nlp.enable_pipe("senter")
        nlp.add_pipe("vigie_line_breaks", before="senter")
    nlp.add_pipe("vigie_registry", before="ner" if "ner" in nlp.pipe_names else None)
    return nlp


class CommonWords:
    """Lower-case French words the model's lemmatizer knows: nouns, verbs, adjectives, adverbs and their forms.

    Proper names are not in these tables, so "personnalité" and "gouvernement"
    are common words, "zuckerberg" and "avia" are not.  Callers pass words as
    written: inflected forms are only known with their accents.
    """

    def __init__(self, lemmas: frozenset[str] = frozenset(), forms: Container[str] = frozenset()):
        self._lemmas = lemmas | {fold(lemma) for lemma in lemmas}  # capitals often lose accents: "Etat"
        self._forms = forms  # spaCy stores the inflected forms hashed: membership only

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        word = word.lower()
        return word in self._forms or any(w in self._lemmas for w in (word, fold(word), fold(word).removesuffix("s")))


@lru_cache(maxsize=2)
def common_words(model: str = DEFAULT_MODEL) -> CommonWords:
    """The common words of ``model``'s lemmatizer tables (none if it has no lemmatizer)."""
    nlp = load_pipeline(model)
    if "lemmatizer" not in nlp.component_names:
        return CommonWords()
    lookups = nlp.get_pipe("lemmatizer").lookups
    lemmas: set[str] = set()
    if lookups.has_table("lemma_index"):
        for entries in lookups.get_table("lemma_index").values():
            lemmas.update(entries)
    forms = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else frozenset()
    return CommonWords(frozenset(lemmas), forms)
