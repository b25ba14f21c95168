"""What the page lets users download: the selection as files another tool can open.

Why zip files: each download holds its tables *and* the method card saying
which corpus, model, rules and filter produced them (``method.json``, the same
card as ``vigie export``), so a figure in a paper can be traced back.  Keeping
the card beside the tables, not inside them, leaves each CSV clean for the
tool that reads it: Gephi takes ``edges.csv`` and ``nodes.csv`` as they are.
Every cell a spreadsheet could run as a formula is neutralised.  The Iramuteq
and TXM corpora (:mod:`vigie.textometry`) come the same way, one corpus file
beside ``method.json``, so that the card travels with them.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import textwrap
import zipfile
from dataclasses import dataclass

import pandas as pd

from vigie import query
from vigie.charts import ACTOR_TYPE_LABELS
from vigie.export import flat_tables, method_card, to_safe_csv
from vigie.query import Filter, Level, Weight
from vigie.store import StoreData
from vigie.textometry import iramuteq_text, txm_files

ZIP_MIME = "application/zip"
CARD_WIDTH = 90  # characters per line of the card printed under an exported chart


@dataclass(frozen=True)
class Download:
    name: str  # file name offered to the browser
    content: bytes
    mime: str = ZIP_MIME


def describe(data: StoreData, flt: Filter) -> str:
    """The filter in one French sentence, with names rather than ids."""
    if flt.is_empty():
        return "tout le corpus"
    names = data.actors.set_index(data.actors["id"].astype(str))["name"]
    labels = data.themes.set_index(data.themes["id"].astype(str))["label"]
    parts = []
    if flt.actors:
        joined = (" et " if flt.actor_mode == "all" else " ou ").join(names.get(a, a) for a in flt.actors)
        parts.append(f"acteurs : {joined}")
    if flt.actor_types:
        parts.append("types d'acteurs : " + ", ".join(ACTOR_TYPE_LABELS.get(t, t) for t in flt.actor_types))
    if flt.date_from or flt.date_to:
        start = f"du {flt.date_from:%d/%m/%Y}" if flt.date_from else ""
        end = f"au {flt.date_to:%d/%m/%Y}" if flt.date_to else ""
        parts.append(f"période : {start} {end}".strip().replace("  ", " "))
    if flt.themes:
        parts.append("thèmes : " + " ou ".join(labels.get(t, t) for t in flt.themes))
    if flt.sources:
        parts.append("sources : " + ", ".join(s or "(sans source)" for s in flt.sources))
    if flt.text:
        parts.append(f"recherche : « {flt.text} »")
    if flt.stories:
        parts.append("chaque histoire comptée une fois (sa première copie retenue)")
    return " ; ".join(parts)


def image_card(data: StoreData, flt: Filter) -> str:
    """The method card as the few lines printed under a chart's PNG or SVG export.

    Plotly text: ``<br>`` between lines, everything else HTML-escaped (a
    filter may hold corpus names and free text); long filters wrap.
    """
    card = {key: "?" if value is None else value
            for key, value in method_card(data, filter_description=describe(data, flt)).items()}
    lines = [
        f"vigie {card['vigie_version']} · modèle {card['model']} {card['model_version']} · "
        f"spaCy {card['spacy_version']} · indexé le {str(card['published'])[:10]}",
        f"corpus {card['corpus']}",
        f"corpus sha256 {card['corpus_hash']}",
        f"registre sha256 {card['registry_sha256']}",
        f"lexique sha256 {card['lexicon_sha256']} ({card['themes']})",
        f"filtre : {card['filter']}",
    ]
    wrapped = [part for line in lines for part in textwrap.wrap(line, CARD_WIDTH)]
    return "<br>".join(html.escape(line, quote=False) for line in wrapped)


def _bundle(stem: str, tables: dict[str, pd.DataFrame], *, data: StoreData, flt: Filter, link: str,
            extra: dict | None = None, files: dict[str, bytes] | None = None) -> Download:
    card = {**method_card(data, filter_description=describe(data, flt)), "link": link,
            "exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), **(extra or {})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            archive.writestr(f"{name}.csv", to_safe_csv(frame))
        for name, content in (files or {}).items():
            archive.writestr(name, content)
        archive.writestr("method.json", json.dumps(card, ensure_ascii=False, indent=2, default=str))
    return Download(name=f"vigie-{stem}.zip", content=buffer.getvalue())


def articles_download(data: StoreData, flt: Filter, *, link: str = "") -> Download:
    """The selected articles as the three flat tables of ``vigie export --format csv``."""
    return _bundle("articles", flat_tables(data, query.selected_ids(data, flt)), data=data, flt=flt, link=link)


def mentions_download(data: StoreData, flt: Filter, *, link: str = "") -> Download:
    """Every actor mention of the selection, with its span in the article's cleaned text."""
    return _bundle("mentions", {"mentions": query.mention_rows(data, flt)}, data=data, flt=flt, link=link)


def network_download(data: StoreData, flt: Filter, *, level: Level = "sentence", weight: Weight = "count",
                     link: str = "") -> Download:
    """Gephi-ready co-occurrence tables: ``edges.csv`` (Source, Target, Type, Weight) and ``nodes.csv``."""
    edges = query.cooccurrence(data, flt, level=level, limit=None)
    gephi_edges = pd.DataFrame({
        "Source": edges["source"], "Target": edges["target"], "Type": "Undirected", "Weight": edges[weight],
        "count": edges["count"], "jaccard": edges["jaccard"], "pmi": edges["pmi"],
    })
    actors = query.top_actors(data, flt, limit=None)
    nodes = pd.DataFrame({
        "Id": actors["actor_id"], "Label": actors["name"],
        "Type": actors["type"].astype(str).map(ACTOR_TYPE_LABELS).fillna(actors["type"].astype(str)),
        "Mentions": actors["mentions"], "Articles": actors["articles"],
    })
    return _bundle("reseau", {"edges": gephi_edges, "nodes": nodes}, data=data, flt=flt, link=link,
                   extra={"level": level, "weight": weight})


def iramuteq_download(data: StoreData, flt: Filter, *, link: str = "") -> Download:
    """The selected articles as an Iramuteq corpus (``corpus.txt``), actors and themes as starred variables."""
    ids = query.selected_ids(data, flt)
    return _bundle("iramuteq", {}, data=data, flt=flt, link=link, files={"corpus.txt": iramuteq_text(data, ids).encode()},
                   extra={"articles": data.articles["id"][data.articles["id"].isin(ids)].tolist()})


def txm_download(data: StoreData, flt: Filter, *, link: str = "") -> Download:
    """The selected articles as TXM's import folder (``txm/``: one XML file per text and ``metadata.csv``)."""
    files = txm_files(data, query.selected_ids(data, flt), filter_description=describe(data, flt))
    files.pop("method.json")  # the bundle carries its own, with the link
    return _bundle("txm", {}, data=data, flt=flt, link=link, files={f"txm/{name}": content for name, content in files.items()})
