"""A small store written by hand, so that query, chart and state tests know every count.

Twelve articles over 2019-2020 from three sources, one undated (a09), one dated
only to the year (a08), one only to the month (a04), and one (a11) whose title
and text carry HTML that must never run (and a title a spreadsheet would run as
a formula).  Actors are found by plain substring
search of the surfaces below, theme terms by whole-word search, so the expected
numbers in the tests can be checked by reading ARTICLES.

Actor articles: facebook 9 (10 mentions, two in a01), macron 5, france 5,
zuckerberg 4, ardern 2, nz 2, cedric_o 1, cnews 1 (found by NER), christchurch 1
(found by NER).  Themes: regulation a01 a04 a07 a12; terrorisme a03 a05 a06;
haine_en_ligne a04 a12; moderation a02 a09; donnees_personnelles a10.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from vigie import store

# id, date, precision, source, title, sentences
ARTICLES = [
    ("a01", "2019-01-15", "day", "Le Monde", "Zuckerberg défend Facebook",
     ["Mark Zuckerberg défend Facebook.", "La régulation inquiète Facebook."]),
    ("a02", "2019-01-28", "day", "Libération", "Macron reçoit Zuckerberg",
     ["Emmanuel Macron reçoit Mark Zuckerberg.", "Facebook promet de la modération."]),
    ("a03", "2019-02-10", "day", "AFP", "Deuil national",
     ["L'attentat de Christchurch choque la Nouvelle-Zélande.", "Jacinda Ardern dénonce le terrorisme."]),
    ("a04", "2019-03-01", "month", "Le Monde", "Haine en ligne",
     ["Emmanuel Macron veut combattre la haine en ligne.", "La France prépare une loi."]),
    ("a05", "2019-03-20", "day", "AFP", "Appel de Christchurch",
     ["Jacinda Ardern et Emmanuel Macron lancent un appel.",
      "Facebook et la France soutiennent l'appel contre le terrorisme."]),
    ("a06", "2019-05-15", "day", "Libération", "Cédric O sur CNews",
     ["Cédric O parle sur CNews.", "Facebook restreint le direct après le terrorisme."]),
    ("a07", "2019-05-16", "day", "Le Monde", "Facebook et l'Élysée",
     ["Mark Zuckerberg rencontre Emmanuel Macron.", "Facebook et la France parlent de régulation."]),
    ("a08", "2019-01-01", "year", "AFP", "Bilan de l'année",
     ["La France et la Nouvelle-Zélande coopèrent."]),
    ("a09", None, None, "Le Monde", "Sans date",
     ["Facebook publie un rapport de modération."]),
    ("a10", "2020-01-10", "day", "Libération", "Données",
     ["Facebook collecte des données personnelles.", "Mark Zuckerberg s'excuse."]),
    ("a11", "2020-02-05", "day", "AFP", "=HYPERLINK(\"http://x\") <script>alert('titre')</script> Piège",
     ["Le texte <script>alert(1)</script> mentionne Facebook.", "Une image <img src=x onerror=alert(2)> apparaît."]),
    ("a12", "2020-02-20", "day", "Le Monde", "Nouvelle loi",
     ["Emmanuel Macron signe la loi sur la haine en ligne.", "La France régule Facebook."]),
]

# id, name, type, registered, surface
ACTORS = [
    ("facebook", "Facebook", "organisation", True, "Facebook"),
    ("zuckerberg", "Mark Zuckerberg", "person", True, "Mark Zuckerberg"),
    ("macron", "Emmanuel Macron", "person", True, "Emmanuel Macron"),
    ("ardern", "Jacinda Ardern", "person", True, "Jacinda Ardern"),
    ("france", "France", "place", True, "France"),
    ("nz", "Nouvelle-Zélande", "place", True, "Nouvelle-Zélande"),
    ("cedric_o", "Cédric O", "person", True, "Cédric O"),
    ("cnews", "CNews", "organisation", False, "CNews"),
    ("christchurch", "Christchurch", "place", False, "Christchurch"),
]

# theme id, label, terms
THEMES = [
    ("haine_en_ligne", "Haine en ligne", ["haine en ligne"]),
    ("terrorisme", "Terrorisme", ["terrorisme"]),
    ("regulation", "Régulation", ["régulation", "loi"]),
    ("moderation", "Modération", ["modération"]),
    ("donnees_personnelles", "Données personnelles", ["données personnelles"]),
]


def tables() -> dict[str, pd.DataFrame]:
    """Every store table for ARTICLES, built the way an ingest would lay them out."""
    rows: dict[str, list[dict]] = {name: [] for name in store.SCHEMAS}
    for article_id, date, precision, source, title, sentences in ARTICLES:
        text = " ".join(sentences)
        rows["articles"].append(dict(
            id=article_id, path=f"{article_id}.txt", row=None, title=title,
            date=dt.date.fromisoformat(date) if date else None, date_precision=precision,
            date_source="metadata" if date else None, source=source, url=f"https://example.org/{article_id}",
            n_words=len(text.split()), content_hash=f"hash-{article_id}", fingerprint="handmade",
            story=article_id, n_copies=1, subtitle="", authors="", section="", time="", edition=source,
            variables="",
        ))
        rows["texts"].append(dict(id=article_id, text=text))
        rows["inputs"].append(dict(path=f"{article_id}.txt", row=None, status="ingested", reason="", id=article_id))
        offset = 0
        hits: dict[str, int] = {}
        for index, sentence in enumerate(sentences):
            rows["sentences"].append(dict(article_id=article_id, index=index, start=offset, end=offset + len(sentence)))
            for actor_id, _, _, _, surface in ACTORS:
                for found in re.finditer(re.escape(surface), sentence):
                    rows["mentions"].append(dict(
                        article_id=article_id, sentence=index, start=offset + found.start(),
                        end=offset + found.end(), surface=surface, actor_id=actor_id,
                    ))
            for theme_id, _, terms in THEMES:
                for term in terms:
                    for found in re.finditer(rf"\b{re.escape(term)}\b", sentence, flags=re.IGNORECASE):
                        rows["theme_hits"].append(dict(
                            article_id=article_id, theme_id=theme_id, term=term, sentence=index,
                            start=offset + found.start(), end=offset + found.end(),
                        ))
                        hits[theme_id] = hits.get(theme_id, 0) + 1
            offset += len(sentence) + 1
        for theme_id, count in sorted(hits.items()):
            rows["article_themes"].append(dict(
                article_id=article_id, theme_id=theme_id, hits=count, score=float(count), assigned=True,
            ))
    mentions = pd.DataFrame(rows["mentions"])
    for actor_id, name, kind, registered, _ in ACTORS:
        mine = mentions.loc[mentions["actor_id"] == actor_id]
        rows["actors"].append(dict(
            id=actor_id, name=name, type=kind, registered=registered,
            n_mentions=len(mine), n_articles=mine["article_id"].nunique(),
        ))
    rows["themes"] = [dict(id=theme_id, label=label) for theme_id, label, _ in THEMES]
    return {name: pd.DataFrame(rows[name], columns=schema.names) for name, schema in store.SCHEMAS.items()}


def build_store(root: Path) -> Path:
    """Publish the hand-made tables in ``root`` and return it."""
    with store.locked(root):
        store.publish(root, tables(), {"corpus": "handmade", "corpus_hash": "handmade"})
    return root
