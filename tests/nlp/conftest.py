"""Fixtures for the nlp tests: hand-written registries and docs (fast), one real model (slow)."""
from __future__ import annotations

import pytest
import spacy

from vigie.nlp.registry import build_registry


@pytest.fixture(scope="session")
def blank_fr():
    """A blank French pipeline: the tokenizer only, to build docs by hand."""
    return spacy.blank("fr")


@pytest.fixture(scope="session")
def small_registry():
    return build_registry(
        [
            {"name": "États-Unis", "type": "place", "aliases": ["USA"]},
            {"name": "Royaume-Uni", "type": "place", "aliases": ["Grande-Bretagne"]},
            {"name": "Facebook", "type": "organisation"},
            {"name": "Le Monde", "type": "organisation", "aliases": ["Monde"]},
            {"name": "Mark Zuckerberg", "type": "person", "aliases": ["Zuckerberg"]},
            {"name": "Matt Hancock", "type": "person"},
            {"name": "Cédric O", "type": "person"},
            {"name": "Parlement français", "type": "organisation", "aliases": ["Parlement"]},
            {"name": "Commission européenne", "type": "organisation"},
        ]
    )


@pytest.fixture(scope="session")
def sm_extractor():
    """The real extractor with fr_core_news_sm and the packaged registry and lexicon, loaded once."""
    from vigie.nlp import Extractor

    return Extractor(model="fr_core_news_sm")


@pytest.fixture
def no_model(monkeypatch):
    """Any attempt by an extractor to load a spaCy model fails the test."""
    from vigie.nlp import extractor

    def refuse(model):
        raise AssertionError(f"the model {model} was loaded")

    monkeypatch.setattr(extractor, "load_pipeline", refuse)
