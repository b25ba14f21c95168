"""The page's downloads: zip files of clean CSV tables plus the method card."""
import csv
import datetime as dt
import io
import json
import zipfile

import pytest

from vigie.dashboard import downloads
from vigie.query import Filter
from vigie.store import load


@pytest.fixture(scope="module")
def data(store_root):
    return load(store_root)


def unzip(download):
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def table(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_describe_names_every_filter_in_french(data):
    assert downloads.describe(data, Filter()) == "tout le corpus"
    flt = Filter(actors=("facebook", "macron"), actor_mode="all", actor_types=("place",),
                 date_from=dt.date(2019, 3, 1), themes=("terrorisme",), sources=("AFP", ""), text="appel")
    assert downloads.describe(data, flt) == (
        "acteurs : Facebook et Emmanuel Macron ; types d'acteurs : Lieu ; période : du 01/03/2019 ; "
        "thèmes : Terrorisme ; sources : AFP, (sans source) ; recherche : « appel »")


def test_articles_download_holds_the_selection_and_its_method_card(data):
    files = unzip(downloads.articles_download(data, Filter(sources=("AFP",)), link="source=AFP"))
    assert set(files) == {"articles.csv", "article_actors.csv", "article_themes.csv", "method.json"}
    assert [row["id"] for row in table(files["articles.csv"])] == ["a03", "a05", "a08", "a11"]
    card = json.loads(files["method.json"])
    assert (card["filter"], card["link"], card["corpus"]) == ("sources : AFP", "source=AFP", "handmade")


def test_formula_like_cells_are_neutralised(data):
    files = unzip(downloads.articles_download(data, Filter(text="script")))
    [row] = table(files["articles.csv"])
    assert row["title"].startswith("'=HYPERLINK(")  # a spreadsheet shows it as text
    mentions = table(unzip(downloads.mentions_download(data, Filter(text="script")))["mentions.csv"])
    assert mentions[0]["title"].startswith("'=")


def test_mentions_download(data):
    rows = table(unzip(downloads.mentions_download(data, Filter(actors=("ardern",))))["mentions.csv"])
    assert len(rows) == 7  # every mention in a03 (3) and a05 (4), not only Ardern's
    assert {row["article_id"] for row in rows} <= {"a03", "a05"}


def test_network_download_is_ready_for_gephi(data):
    download = downloads.network_download(data, Filter(), level="article", weight="jaccard")
    assert download.name == "vigie-reseau.zip" and download.mime == "application/zip"
    files = unzip(download)
    edges = table(files["edges.csv"])
    assert list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
    pair = next(e for e in edges if (e["Source"], e["Target"]) == ("facebook", "macron"))
    assert (pair["Type"], float(pair["Weight"]), pair["count"]) == ("Undirected", 0.4, "4")
    nodes = {row["Id"]: row for row in table(files["nodes.csv"])}
    assert (nodes["nz"]["Label"], nodes["nz"]["Type"], nodes["nz"]["Mentions"]) == ("Nouvelle-Zélande", "Lieu", "2")
    assert json.loads(files["method.json"])["weight"] == "jaccard"


def test_the_image_card_carries_the_method_card_escaped_and_wrapped(data):
    card = downloads.image_card(data, Filter(text="<b>piège</b> & " + "mot " * 40))
    lines = card.split("<br>")
    for key in ("corpus_hash", "registry_sha256", "lexicon_sha256", "model_version", "spacy_version"):
        assert str(data.manifest.get(key, "?")) in card  # "?" where the hand-made store has none
    assert lines[0].startswith(f"vigie {data.manifest.get('vigie_version', '?')} · modèle")
    assert "&lt;b&gt;piège&lt;/b&gt; &amp;" in card and "<b>" not in card
    assert all(len(line) <= downloads.CARD_WIDTH + 20 for line in lines)  # escaping lengthens a line a little
    start = next(i for i, line in enumerate(lines) if line.startswith("filtre : recherche"))
    assert len(lines) - start > 1 and lines[-1].startswith("mot")  # a long filter wraps


def test_the_iramuteq_download_holds_the_selected_articles_as_starred_texts(data):
    files = unzip(downloads.iramuteq_download(data, Filter(sources=("AFP",)), link="source=AFP"))
    assert set(files) == {"corpus.txt", "method.json"}
    headers = [line for line in files["corpus.txt"].splitlines() if line.startswith("****")]
    card = json.loads(files["method.json"])
    assert card["articles"] == ["a03", "a05", "a08", "a11"] and len(headers) == 4
    assert all("*source_afp" in header for header in headers)
    assert card["filter"] == "sources : AFP"


def test_the_txm_download_is_one_xml_file_per_text_with_metadata_and_the_hostile_title_escaped(data):
    import xml.etree.ElementTree as ET

    files = unzip(downloads.txm_download(data, Filter(sources=("AFP",))))
    texts = {name: ET.fromstring(content.encode()) for name, content in files.items() if name.endswith(".xml")}
    assert [text.get("vigie_id") for _, text in sorted(texts.items())] == ["a03", "a05", "a08", "a11"]
    assert all(name == f"txm/{text.get('id')}.xml" for name, text in texts.items())
    hostile = next(text for text in texts.values() if text.get("vigie_id") == "a11")
    assert hostile.get("titre").startswith('=HYPERLINK("http://x") <script>')
    assert not any("<script>" in content for name, content in files.items() if name.endswith(".xml"))
    import csv
    import io

    metadata = list(csv.DictReader(io.StringIO(files["txm/metadata.csv"])))
    assert [row["vigie_id"] for row in metadata] == ["a03", "a05", "a08", "a11"]
    assert {row["id"] for row in metadata} == {text.get("id") for text in texts.values()}
    assert "'=HYPERLINK" in files["txm/metadata.csv"]  # a spreadsheet opening it runs no formula
    assert "sources : AFP" in files["method.json"]
