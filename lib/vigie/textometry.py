"""Corpora for textometry tools: Iramuteq's starred text and TXM's XML, with vigie's findings as variables.

Read side only (store in, one file out), like :mod:`vigie.export`, whose
article records (canonical actors, assigned themes) and method card they reuse.

Iramuteq (format in :mod:`vigie.corpus.exports.iramuteq`, which reads these
files back): each article opens with ``**** *source_le_monde *date_2020_05_15
*annee_2020 *mois_2020_05 *acteur_emmanuel_macron *theme_economie …``.
Iramuteq's variables hold only letters, digits and underscores, so values are
folded to lower-case ASCII with ``_`` for every other run of characters; the
text loses its ``*`` (a star there would open a variable) and its control
characters.  Actors are the registered ones only: names found by NER alone are
unchecked, and each would become a modality of its own.  A variable's name
runs to its first underscore, so names lose theirs.  Iramuteq's manual gives
no comment syntax, so the method card is a companion file
(``FILE.method.json``) that also lists the article ids in the file's order.

TXM: TXM keeps one file per text (XML-TXM specification: « One file for
each text of the corpus »; its XML/w + CSV and XTZ + CSV imports read a folder
of such files with a ``metadata.csv`` beside them whose first column ``id`` is
a file's name without extension, the other columns named without accents).
So a TXM export is a folder: ``<name>.xml`` per article, its root a ``<text>``
whose attributes are the article's metadata (``id, titre, date, annee, mois,
source, edition, auteurs, rubrique, url, acteurs, themes`` and the input's own
variables as ``var_<name>``; lower-case ASCII names), its text in ``<p>``
paragraphs; ``metadata.csv`` with the same properties (``vigie_id`` keeps
vigie's own id); and ``method.json``, the method card.  File names are
``0001_<folded id>``: ranks keep the corpus order (TXM sorts texts by file name
unless a ``textorder`` column says otherwise, and we give one) and make names
unique whatever folding merges.  Not checked against TXM itself.  Characters
XML cannot hold (most control characters) are removed, everything else is
escaped by ``xml.etree``.
"""
from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from vigie.export import article_records, method_card, to_safe_csv
from vigie.store import StoreData

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def variable_value(value: str) -> str:
    """``Le Monde`` -> ``le_monde``, ``Élysée`` -> ``elysee``: what an Iramuteq modality may hold."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub("_", ascii_text.lower()).strip("_")


def _rows(data: StoreData, ids: pd.Index | None) -> list[tuple[dict, pd.Series]]:
    """Each selected article's export record with its stored row (edition, variables, authors…)."""
    table = data.articles.set_index("id")
    return [(record, table.loc[record["id"]]) for record in article_records(data, ids)]


def _variables(row: pd.Series) -> dict[str, str]:
    raw = row.get("variables") or ""
    return json.loads(raw) if isinstance(raw, str) and raw else {}


def iramuteq_text(data: StoreData, ids: pd.Index | None = None) -> str:
    """The selected articles as one Iramuteq corpus (UTF-8 text)."""
    rows = _rows(data, ids)
    texts = data.texts([record["id"] for record, _ in rows])
    parts = []
    for record, row in rows:
        stars = [("source", record["source"])]
        if record["date"]:
            stars.append(("date", _date_as_precise_as_known(record)))
            stars.append(("annee", record["date"][:4]))
            if record["date_precision"] in ("day", "month"):
                stars.append(("mois", record["date"][:7]))
        stars += list(_variables(row).items())
        stars += [("acteur", actor["name"]) for actor in record["actors"] if actor["registered"]]
        stars += [("theme", theme["id"]) for theme in record["themes"]]
        header = " ".join(
            f"*{variable_value(name).replace('_', '')}_{variable_value(str(value))}"
            for name, value in stars
            if variable_value(name) and variable_value(str(value))
        )
        text = _CONTROL.sub(" ", texts.get(record["id"], "").replace("*", " "))
        parts.append(f"**** {header}\n{text.strip()}\n")
    return "\n".join(parts)


def _date_as_precise_as_known(record: dict) -> str:
    cut = {"day": 10, "month": 7, "year": 4}.get(record["date_precision"] or "day", 10)
    return record["date"][:cut]


def txm_files(data: StoreData, ids: pd.Index | None = None, *, filter_description: str = "tout le corpus"
              ) -> dict[str, bytes]:
    """The selected articles as TXM's import folder: one XML file per text, ``metadata.csv``, ``method.json``."""
    rows = _rows(data, ids)
    texts = data.texts([record["id"] for record, _ in rows])
    files: dict[str, bytes] = {}
    metadata: list[dict[str, str]] = []
    width = max(4, len(str(len(rows))))
    for rank, (record, row) in enumerate(rows, start=1):
        name = f"{rank:0{width}d}_{variable_value(record['id'])[:60]}".rstrip("_")
        attributes = {"id": name, **_txm_properties(record, row), "textorder": f"{rank:0{width}d}"}
        text = ET.Element("text", {k: _xml_safe(v) for k, v in attributes.items()})
        for paragraph in texts.get(record["id"], "").split("\n"):
            if paragraph.strip():
                ET.SubElement(text, "p").text = _xml_safe(paragraph.strip())
        ET.indent(text)
        files[f"{name}.xml"] = f'<?xml version="1.0" encoding="UTF-8"?>\n{ET.tostring(text, encoding="unicode")}\n'.encode()
        metadata.append(attributes)
    columns = list(dict.fromkeys(column for line in metadata for column in line))
    files["metadata.csv"] = to_safe_csv(pd.DataFrame(metadata, columns=columns).fillna("")).encode()  # opened in spreadsheets too
    card = method_card(data, filter_description=filter_description)
    files["method.json"] = json.dumps(card, ensure_ascii=False, indent=2).encode()
    return files


def _txm_properties(record: dict, row: pd.Series) -> dict[str, str]:
    """A text's TXM properties: vigie's id, the article's metadata and findings, the input's own variables."""
    properties = {
        "vigie_id": record["id"],
        "titre": record["title"],
        "date": record["date"] or "",
        "annee": (record["date"] or "")[:4],
        "mois": (record["date"] or "")[:7] if record["date_precision"] in ("day", "month") else "",
        "source": record["source"],
        "edition": row.get("edition") or "",
        "auteurs": row.get("authors") or "",
        "rubrique": row.get("section") or "",
        "url": record["url"],
        "acteurs": "|".join(a["name"] for a in record["actors"] if a["registered"]),
        "themes": "|".join(t["id"] for t in record["themes"]),
    }
    for name, value in _variables(row).items():
        if variable_value(name):
            properties[f"var_{variable_value(name)}"] = str(value)
    return {key: str(value) for key, value in properties.items()}


def _xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (escaping is ElementTree's job)."""
    return _XML_INVALID.sub("", text)


def write_textometry_export(
    data: StoreData, out: Path, ids: pd.Index | None = None, *, fmt: str, filter_description: str = "tout le corpus"
) -> list[Path]:
    """Write an Iramuteq corpus file (``fmt="iramuteq"``) or a TXM import folder (``fmt="txm"``) at ``out``;
    returns the files written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "txm":
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in txm_files(data, ids, filter_description=filter_description).items():
            (out / name).write_bytes(content)
            written.append(out / name)
        return written
    if fmt != "iramuteq":
        raise ValueError(f"format d'export inconnu : {fmt!r} (attendu : iramuteq ou txm)")
    out.write_text(iramuteq_text(data, ids), encoding="utf-8")
    card = out.with_name(out.name + ".method.json")
    card.write_text(json.dumps(iramuteq_card(data, ids, filter_description=filter_description),
                               ensure_ascii=False, indent=2), encoding="utf-8")
    return [out, card]


def iramuteq_card(data: StoreData, ids: pd.Index | None = None, *, filter_description: str = "tout le corpus") -> dict:
    """The method card of an Iramuteq export, with the article ids in the file's order."""
    chosen = data.articles["id"] if ids is None else data.articles["id"][data.articles["id"].isin(ids)]
    return {**method_card(data, filter_description=filter_description), "articles": chosen.tolist()}
