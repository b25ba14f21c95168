"""Database exports: a 1,000-article Europresse export read by ``read_corpus``, against the same
articles as 1,000 text files.

The articles are ``vigie.synth``'s (the first 1,000 of the synthetic corpus,
as ``read_corpus`` reads them): each becomes one ``<article>`` of an export in
the structure Europresse writes (``DocPublicationName``, ``DocHeader`` with
the date in French words, ``titreArticleVisu``, ``docOcurrContainer``), and
one ``.txt`` file holding its title and text.  Both folders are read whole
(walk, decode, split, clean, dates) ``plan.repeat`` times; the median counts.
The issue's target is the export's time; the ratio says what reading one
file of many articles costs against many files.
"""
from __future__ import annotations

import html
import statistics
from pathlib import Path

from corpora import synthetic
from harness import Result, timed
from plan import Plan
from vigie.corpus import read_corpus

ARTICLES = 1_000
TARGET_SECONDS = 2.0
_DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


def run(plan: Plan) -> list[Result]:
    articles = read_corpus(synthetic(ARTICLES, seed=plan.seed, data=plan.data)).articles[:ARTICLES]
    root = plan.data / "exports"
    export, texts = root / "export", root / "texts"
    for folder in (export, texts):
        folder.mkdir(parents=True, exist_ok=True)
    (export / "europresse.HTML").write_text(_export(articles), encoding="utf-8")
    for i, article in enumerate(articles):
        (texts / f"{i:04d}.txt").write_text(f"{article.title}\n\n{article.text}\n", encoding="utf-8")
    export_runs, text_runs, read = [], [], None
    for _ in range(plan.repeat):
        seconds, read = timed(lambda: read_corpus(export))
        export_runs.append(seconds)
        text_runs.append(timed(lambda: read_corpus(texts))[0])
    exported, separate = statistics.median(export_runs), statistics.median(text_runs)
    found = len(read.articles) if read else 0
    note = f"{found} articles read from one {_megabytes(export / 'europresse.HTML')} file; median of {plan.repeat}"
    return [
        Result(f"exports: {ARTICLES}-article Europresse export, read_corpus", f"<= {TARGET_SECONDS:g} s", exported,
               "s", exported <= TARGET_SECONDS and found == ARTICLES, note),
        Result(f"exports: export / the same {ARTICLES} articles as text files", "—", exported / separate, "×", None,
               f"text files {separate:.2f} s, export {exported:.2f} s; median of {plan.repeat}"),
    ]


def _export(articles) -> str:
    """One Europresse export holding ``articles``, in the structure its HTML exports have."""
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"/><style>.DocPublicationName{color:#736a63}'
             "</style></head><body>"]
    for article in articles:
        day = article.date
        written = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""
        body = "".join(f"<p>{html.escape(p)}</p>" for p in article.text.split("\n") if p.strip())
        parts.append(
            f'<article><header><div class="rdp__DocPublicationName"><span class="DocPublicationName">'
            f"{html.escape(article.source or 'Agence')}, no. 24438</span></div>"
            f'<div class="rdp__DocHeader"><span class="DocHeader">{written} {len(article.text.split())} mots'
            f'</span></div><div class="titreArticle"><p class="titreArticleVisu">{html.escape(article.title)}</p>'
            f'</div></header><section><div class="DocText clearfix"><div class="docOcurrContainer">{body}'
            "</div></div></section><footer><small>© Tous droits réservés.</small></footer></article>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def _megabytes(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:.1f} MB"
