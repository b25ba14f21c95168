"""Ingest with the sources table: an edit of sources.yaml regroups every article and re-extracts none."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vigie import store
from vigie.ingest import ingest
from vigie.sources import load_sources

DATA = Path(__file__).parent / "corpus" / "data"
IRAMUTEQ = DATA / "iramuteq" / "debats_haine_en_ligne.txt"
LCI = DATA / "sources" / "lci_loi_avia.md"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("debats") / "corpus"
    root.mkdir()
    shutil.copy(IRAMUTEQ, root / "debats.txt")
    shutil.copy(LCI, root / "lci.md")
    return root


def _articles(corpus: Path):
    return store.load(store.default_store(corpus)).articles.set_index("id")


def test_an_edit_of_sources_yaml_regroups_every_article_without_re_extracting(corpus, monkeypatch):
    first = ingest(corpus)
    assert first.extracted == 4
    before = _articles(corpus)
    assert before.loc["lci", "source"] == "LCI" and before.loc["lci", "edition"] == "LCI (site web)"
    assert before.loc["debats#1", "source"] == "senat fr"  # not in the shipped table: kept as given
    assert json.loads(before.loc["debats#1", "variables"]) == {"groupe": "lr", "orateur": "jourda", "thematiques": "desaccord"}
    manifest = store.read_manifest(store.default_store(corpus))
    assert manifest["sources_sha256"] == load_sources().sha256

    (corpus / "sources.yaml").write_text(
        "sources:\n  - {name: Sénat, editions: [senat fr], domains: [senat.fr]}\n"
        "  - {name: NosDéputés.fr, editions: [nosdeputes]}\n",
        encoding="utf-8",
    )
    from vigie.nlp import Extractor

    def no_extraction(*args, **kwargs):
        raise AssertionError("an article was re-extracted although only sources.yaml changed")

    monkeypatch.setattr(Extractor, "extract_parsed", no_extraction)
    second = ingest(corpus)
    assert (second.extracted, second.unchanged) == (0, 4)
    after = _articles(corpus)
    assert after.loc[["debats#1", "debats#2"], "source"].tolist() == ["Sénat", "Sénat"]
    assert after.loc["debats#3", "source"] == "NosDéputés.fr" and after.loc["debats#3", "edition"] == "nosdeputes"
    assert after.loc["lci", "source"] == "LCI"  # the shipped table still applies
    assert (after["fingerprint"] == before["fingerprint"]).all()
    inputs = store.read_table(store.default_store(corpus), "inputs").set_index("path")
    assert (inputs.loc["sources.yaml", "status"], inputs.loc["sources.yaml", "reason"]) == ("ignored", "configuration file")
    assert store.read_manifest(store.default_store(corpus))["sources_sha256"] == load_sources(corpus / "sources.yaml").sha256
