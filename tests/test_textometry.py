"""Iramuteq and TXM exports: read back, well-formed, escaped, valid variable names (a real ingested corpus)."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vigie import store
from vigie.cli import main
from vigie.corpus import read_corpus
from vigie.ingest import ingest
from vigie.sources import load_sources
from vigie.textometry import iramuteq_text, txm_files, variable_value

DATA = Path(__file__).parent / "corpus" / "data"
HOSTILE = "Titre <script>alert('x')</script> & « guillemets » \x01\x0b\ufffe fin --> ]]>"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("textometry") / "corpus"
    root.mkdir()
    shutil.copy(DATA / "iramuteq" / "debats_haine_en_ligne.txt", root / "debats.txt")
    shutil.copy(DATA / "sources" / "lci_loi_avia.md", root / "lci.md")
    hostile = (DATA / "sources" / "lci_loi_avia.md").read_text(encoding="utf-8")
    hostile = hostile.replace("source: LCI (site web)", "source: lci.fr").replace(
        "C'est un revers", "Les balises <b>gras</b> & <script>alert(1)</script> *étoile* **** -*theme\nC'est un revers"
    )
    (root / "hostile.md").write_text(hostile, encoding="utf-8")
    ingest(root)
    return root


@pytest.fixture(scope="module")
def data(corpus):
    return store.load(store.default_store(corpus))


def test_an_iramuteq_export_reads_back_with_the_same_texts_dates_and_sources(data, corpus, tmp_path):
    out = tmp_path / "back" / "export.txt"
    assert main(["export", str(corpus), "--format", "iramuteq", "--out", str(out)]) == 0
    card = json.loads(out.with_name("export.txt.method.json").read_text(encoding="utf-8"))
    out.with_name("export.txt.method.json").unlink()
    back = read_corpus(out.parent)
    assert [r.status for r in back.reports] == ["ingested"] * len(data.articles)
    table = load_sources()
    originals = data.articles.set_index("id")
    texts = data.texts(originals.index)
    words = lambda text: text.replace("*", " ").split()  # noqa: E731 - stars are dropped from the text
    for article in back.articles:  # the card lists the ids in the file's order
        original = originals.loc[card["articles"][article.row - 1]]
        assert words(article.text) == words(texts[original.name])
        assert (article.date, article.date_precision) == (original["date"], original["date_precision"])
        assert table.group(article.source) == original["source"]
        if original.name == "debats#1":
            assert json.loads(article.variables)["thematiques"] == "desaccord"
    assert card["corpus_hash"] == data.manifest["corpus_hash"] and card["sources_sha256"] == data.manifest["sources_sha256"]


def test_texts_without_stars_come_back_identical(data, tmp_path):
    (tmp_path / "export.txt").write_text(iramuteq_text(data), encoding="utf-8")
    back = {a.row: a.text for a in read_corpus(tmp_path).articles}
    ids = data.articles["id"].tolist()
    texts = data.texts(ids)
    plain = [i for i in ids if "*" not in texts[i]]
    assert len(plain) >= 3
    for rank, id in enumerate(ids, start=1):
        if id in plain:
            assert back[rank] == texts[id]


def test_iramuteq_variables_hold_only_letters_digits_and_underscores(data):
    text = iramuteq_text(data)
    headers = [line for line in text.splitlines() if line.startswith("****")]
    assert len(headers) == len(data.articles)
    for header in headers:
        for token in header.split()[1:]:
            assert re.fullmatch(r"\*[a-z0-9]+_[a-z0-9_]+", token), token
    body = [line for line in text.splitlines() if not line.startswith("****")]
    assert not any("*" in line for line in body)  # a star in the text would open a variable
    assert any("*acteur_" in h for h in headers) and any("*theme_" in h for h in headers)
    assert "*source_lci" in text and "*date_2020_06_18" in text and "*orateur_jourda" in text


def test_the_txm_folder_holds_one_well_formed_file_per_text_and_escaped_content(data):
    articles = data.articles.copy()
    articles.loc[articles.index[0], "title"] = HOSTILE
    hostile = dataclasses.replace(data, articles=articles)
    files = txm_files(hostile, filter_description="recherche : « a -- b »")
    texts = {name: ET.fromstring(content) for name, content in files.items() if name.endswith(".xml")}  # raises if malformed
    assert len(texts) == len(articles) and all(root.tag == "text" for root in texts.values())
    assert [texts[name].get("vigie_id") for name in sorted(texts)] == articles["id"].tolist()  # names keep the order
    assert all(name == f"{root.get('id')}.xml" and re.fullmatch(r"\d{4}_[a-z0-9_]+", root.get("id"))
               for name, root in texts.items())
    by_id = {root.get("vigie_id"): root for root in texts.values()}
    assert by_id[articles["id"].iloc[0]].get("titre") == "Titre <script>alert('x')</script> & « guillemets »  fin --> ]]>"
    assert not any(b"<script>" in content for name, content in files.items() if name.endswith(".xml"))
    assert all(re.fullmatch(r"[a-z_]+", name) for root in texts.values() for name in root.attrib)
    lci = by_id["lci"]
    assert (lci.get("source"), lci.get("edition"), lci.get("date"), lci.get("mois")) == ("LCI", "LCI (site web)", "2020-06-18", "2020-06")
    hostile_text = " ".join(p.text for p in by_id["hostile"].findall("p"))
    assert "<script>alert(1)</script>" in hostile_text  # kept as text, escaped in the file
    debate = by_id["debats#1"]
    assert debate.get("var_orateur") == "jourda" and debate.get("var_thematiques") == "desaccord"
    metadata = list(csv.reader(io.StringIO(files["metadata.csv"].decode())))
    assert metadata[0][:3] == ["id", "vigie_id", "titre"] and len(metadata) == len(articles) + 1
    assert sorted(line[0] for line in metadata[1:]) == sorted(root.get("id") for root in texts.values())
    card = json.loads(files["method.json"])
    assert card["corpus_hash"] == data.manifest["corpus_hash"] and card["filter"] == "recherche : « a -- b »"


def test_the_cli_writes_the_txm_folder(corpus, tmp_path, capsys):
    out = tmp_path / "txm"
    assert main(["export", str(corpus), "--format", "txm", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(str(path) for path in out.iterdir())
    assert len(list(out.glob("*.xml"))) == 5 and (out / "metadata.csv").is_file() and (out / "method.json").is_file()


@pytest.mark.parametrize(
    "value, expected",
    [("Le Monde", "le_monde"), ("Élysée", "elysee"), ("L'Obs", "l_obs"), ("2020-05-15", "2020_05_15"),
     ("haine_en_ligne", "haine_en_ligne"), ("<script>", "script"), ("Ωμέγα", "")],
)
def test_variable_values_are_folded_to_ascii_words(value, expected):
    assert variable_value(value) == expected
