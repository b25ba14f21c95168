"""Loading the French spaCy pipeline once, with only the components vigie uses.

vigie needs tokens, part-of-speech (to tell names from other words), sentences
and entities.  The dependency parser is the slowest component and is only
used by spaCy for sentences, so it is disabled and the lighter sentence
recognizer (shipped disabled in the French models) is enabled instead.  The
attribute ruler only copies parts of speech into fine-grained tags, which
vigie does not read, so it is off too (same evaluation figures, ~10% faster).
The lemmatizer is not run, but its tables give the :class:`Vocabulary` of
common French words that :mod:`vigie.nlp.names` uses to tell "Personnalité"
from a name.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from vigie.nlp import components  # noqa: F401  (registers vigie's factories)
from vigie.nlp.vocabulary import Vocabulary

DEFAULT_MODEL = "fr_core_news_sm"
_UNUSED = ("parser", "lemmatizer", "attribute_ruler")


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The model with vigie's components, loaded once per process and model name.

    The registry ruler is added empty before the NER; the extractor gives it
    its registry.  Line breaks start sentences before the sentence recognizer,
    and sentence boundaries inside names are removed after the NER.
    """
    nlp = spacy.load(model, disable=list(_UNUSED))
    if "senter" in nlp.component_names:
        nlp.enable_pipe("senter")
        nlp.add_pipe("vigie_line_breaks", before="senter")
    nlp.add_pipe("vigie_registry", before="ner" if "ner" in nlp.pipe_names else None)
    if "senter" in nlp.pipe_names:
        nlp.add_pipe("vigie_whole_names", last=True)
    return nlp


@lru_cache(maxsize=2)
def vocabulary(model: str = DEFAULT_MODEL) -> Vocabulary:
    """The common words of ``model``'s lemmatizer tables (none if it has no lemmatizer)."""
    nlp = load_pipeline(model)
    if "lemmatizer" not in nlp.component_names:
        return Vocabulary()
    lookups = nlp.get_pipe("lemmatizer").lookups
    lemmas = {}
    if lookups.has_table("lemma_index"):
        lemmas = {nlp.vocab.strings[pos]: entries for pos, entries in lookups.get_table("lemma_index").items()}
    forms = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else None
    return Vocabulary(lemmas, forms)
