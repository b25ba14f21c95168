"""The nlp step: French spaCy pipeline, actor registry and theme lexicon."""
from vigie.datafile import DataFileError
from vigie.nlp.extractor import RULES_VERSION, Extractor
from vigie.nlp.lexicon import Lexicon, Term, Theme, load_lexicon
from vigie.nlp.parse import ParseMismatch
from vigie.nlp.pipeline import DEFAULT_MODEL
from vigie.nlp.registry import RegisteredActor, Registry, load_registry, slugify

__all__ = [
    "DEFAULT_MODEL",
    "RULES_VERSION",
    "DataFileError",
    "Extractor",
    "Lexicon",
    "ParseMismatch",
    "RegisteredActor",
    "Registry",
    "Term",
    "Theme",
    "load_lexicon",
    "load_registry",
    "slugify",
]
