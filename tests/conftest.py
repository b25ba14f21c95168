"""Fixtures shared across rooms: the sample corpus ingested once, with the real model."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory) -> Path:
    """A private copy of corpus/, so no test writes into the repository."""
    copy = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(SAMPLE_CORPUS, copy, ignore=shutil.ignore_patterns(".vigie"))
    return copy


@pytest.fixture(scope="session")
def sample_store(sample_corpus) -> Path:
    """The sample corpus ingested with the real spaCy model into its default store."""
    from vigie.ingest import ingest

    summary = ingest(sample_corpus)
    assert summary.articles == 5
    return summary.store
