"""The French spaCy model: its identity read from disk, the model itself loaded once and only when run.

vigie needs tokens, part-of-speech (to tell names from other words), sentences
and entities.  The dependency parser is the slowest component and is only
used by spaCy for sentences, so it is disabled and the lighter sentence
recognizer (shipped disabled in the French models) is enabled instead.  The
attribute ruler only copies parts of speech into fine-grained tags, which
vigie does not read, so it is off too (same evaluation figures, ~10% faster).
The lemmatizer is not run, but its tables give the :class:`Vocabulary` of
common French words that :mod:`vigie.nlp.names` uses to tell "Personnalité"
from a name; they are read from the model's folder, without loading it.

Matrix products are half of what is left.  thinc computes them with BLIS by
default, which on the x86 machines measured is about four times slower, on
one core, than the OpenBLAS that numpy ships; the pipeline is loaded with
thinc's numpy ops without BLIS, so that numpy does them (same extractions on
the gold and the benchmark corpora; the product's last bits differ, so this
is part of :func:`model_key`).  :func:`blas_threads` keeps each worker
process of a parallel extraction on one thread.

Nothing here depends on the actor registry or the theme lexicon: the model's
output for a text is a function of :func:`model_key` alone, which is what
lets it be cached and re-resolved after a registry edit.
"""
from __future__ import annotations

import ctypes
import hashlib
from functools import lru_cache
from pathlib import Path

import spacy
import srsly
from spacy.lang.lex_attrs import LEX_ATTRS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.vocab import Vocab
from thinc.api import Model, NumpyOps, use_ops

from vigie.nlp import components, parse, tagger
from vigie.nlp.text import NORMALISATION_VERSION
from vigie.nlp.vocabulary import Vocabulary

DEFAULT_MODEL = "fr_core_news_sm"
_UNUSED = ("parser", "lemmatizer", "attribute_ruler")
# vigie's components in the model stage (see load_pipeline).
_ADDED = (components.LINE_BREAKS, tagger.NEAR_NAMES)
# Bump when a component in _ADDED changes what it does to the model's output.
COMPONENTS_VERSION = "1"
# How the model's matrix products are computed (see the module doc); part of the model key.
_GEMM = "numpy"


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The model with its unused components off and vigie's own added, loaded once per process and model name.

    Line breaks start sentences before the sentence recognizer.  When the
    tagger's encoder has a known reach, parts of speech are computed after
    the NER and only near entities (:mod:`vigie.nlp.tagger`) instead of over
    the whole text.
    """
    ops = NumpyOps(use_blis=False)
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(model, disable=list(_UNUSED))
    for _, component in nlp.components:  # a few layers are built outside the context; disabled ones included
        model = getattr(component, "model", None)
        for layer in model.walk() if isinstance(model, Model) else ():
            layer.ops = ops
    if "senter" in nlp.component_names:
        nlp.enable_pipe("senter")
        nlp.add_pipe(components.LINE_BREAKS, before="senter")
    tokens_reach = tagger.reach(nlp.config.interpolate())
    if tokens_reach is not None and {"tok2vec", "morphologizer", "ner"} <= set(nlp.pipe_names):
        nlp.disable_pipe("tok2vec")
        nlp.disable_pipe("morphologizer")
        nlp.add_pipe(tagger.NEAR_NAMES, after="ner", config={"reach": tokens_reach})
    return nlp


@lru_cache(maxsize=4)
def model_path(model: str = DEFAULT_MODEL) -> Path:
    """The folder holding the model's meta.json and components, for a package name or a path."""
    if spacy.util.is_package(model):
        package = spacy.util.get_package_path(model)
        meta = srsly.read_json(package / "meta.json")
        return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    return Path(model)


def model_meta(model: str = DEFAULT_MODEL) -> dict:
    """The model's meta.json (name, version, language, ...), read without loading the model."""
    return srsly.read_json(model_path(model) / "meta.json")


def model_key(model: str = DEFAULT_MODEL) -> str:
    """What the model stage's output depends on: model and version, spaCy, pipeline set-up, normalisation, format.

    Two runs with the same key give the same :mod:`vigie.nlp.parse` bytes for
    the same text, so a stored parse is reusable as long as both are unchanged.
    """
    parts = (
        model, model_meta(model)["version"], spacy.__version__, ",".join(_UNUSED), ",".join(_ADDED),
        COMPONENTS_VERSION, _GEMM, NORMALISATION_VERSION, str(parse.FORMAT),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@lru_cache(maxsize=2)
def resolution_vocab(model: str = DEFAULT_MODEL) -> Vocab:
    """The vocabulary parses are decoded into, without the model (for any ``model``: see below).

    The rules read only lexical attributes that spaCy defines alike for every
    language (punctuation, digits, spaces: a language overrides ``like_num``
    and stop words, which they do not read), so decoding never needs the
    model loaded, nor even its language: ``spacy.blank("fr")`` gives the same
    attributes, but first compiles the French tokenizer's exceptions: 3.0 s of
    CPU (load average 5.6) in every ``vigie ingest`` that re-resolves a
    registry edit (tests/nlp/test_pipeline.py compares the attributes).
    """
    return Vocab(lex_attr_getters=dict(LEX_ATTRS))


@lru_cache(maxsize=2)
def vocabulary(model: str = DEFAULT_MODEL) -> Vocabulary:
    """The common words of ``model``'s lemmatizer tables (none if it has no lemmatizer)."""
    path = model_path(model) / "lemmatizer" / "lookups" / "lookups.bin"
    if not path.is_file():
        return Vocabulary()
    # The tables as spaCy stores them (``Lookups.to_disk``), read without making them ``Table``
    # objects (one Python call per entry, and a Bloom filter): 0.3 s of CPU instead of 1.1 s, in
    # every ``vigie ingest`` that resolves actors (« Enregistrer » in the edit mode).
    tables = srsly.read_msgpack(path)
    # Tables are keyed by string hashes; the lemmatizer's keys are lower-case parts of speech.
    names = {get_string_id(pos.lower()): pos.lower() for pos in POS_IDS if pos}
    lemmas = {names[key]: entries for key, entries in tables.get("lemma_index", {}).items() if key in names}
    forms = _ByStringId(tables["lemma_lookup"]) if "lemma_lookup" in tables else None
    return Vocabulary(lemmas, forms)


class _ByStringId(dict):
    """A lookups table as stored, keyed by string hashes, looked up by the string (as spaCy's ``Table``)."""

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str | int) and super().__contains__(get_string_id(key))

    def get(self, key, default=None):
        return super().get(get_string_id(key), default)


def blas_threads(count: int) -> bool:
    """Limit numpy's OpenBLAS to ``count`` threads in this process; False where there is no such OpenBLAS.

    Worker processes of a parallel extraction each take one core: their
    OpenBLAS threads would only compete.  The environment variables read at
    start-up do not help a forked process, so the library is asked directly.
    """
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return False
    done = False
    for path in {line.split()[-1] for line in maps.splitlines() if "openblas" in line.rsplit("/", 1)[-1].lower()}:
        library = ctypes.CDLL(path)
        for symbol in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_", "openblas_set_num_threads"):
            if hasattr(library, symbol):
                getattr(library, symbol)(ctypes.c_int(count))
                done = True
                break
    return done
