"""Fixtures for the corpus step: the real sample articles and a hostile corpus."""
from pathlib import Path

import pytest

from .hostile import HostileCorpus, build_hostile_corpus
from vigie.corpus import CorpusRead, read_corpus

SAMPLES = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="session")
def sample_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def sample_read() -> CorpusRead:
    return read_corpus(SAMPLES)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> HostileCorpus:
    return build_hostile_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def hostile_read(hostile) -> CorpusRead:
    return read_corpus(hostile.root)
