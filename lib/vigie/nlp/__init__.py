"""The nlp step: French spaCy pipeline, actor registry and theme lexicon.

The names below are imported on first use (PEP 562), so that reading the
registry or the lexicon (``vigie.nlp.registry``, ``vigie.nlp.lexicon``: plain
YAML and text folding) never imports spaCy: the dashboard's edit mode checks
a file with them in a process that must stay free of the model.
"""
from __future__ import annotations

import importlib

_HOMES = {
    "DEFAULT_MODEL": "vigie.nlp.pipeline",
    "RULES_VERSION": "vigie.nlp.extractor",
    "DataFileError": "vigie.datafile",
    "Extractor": "vigie.nlp.extractor",
    "Lexicon": "vigie.nlp.lexicon",
    "ParseMismatch": "vigie.nlp.parse",
    "RegisteredActor": "vigie.nlp.registry",
    "Registry": "vigie.nlp.registry",
    "Term": "vigie.nlp.lexicon",
    "Theme": "vigie.nlp.lexicon",
    "load_lexicon": "vigie.nlp.lexicon",
    "load_registry": "vigie.nlp.registry",
    "slugify": "vigie.nlp.registry",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'vigie.nlp' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
