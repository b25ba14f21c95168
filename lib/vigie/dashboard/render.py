"""HTML for the article table, the reader and the concordance.

Why one module: every string from the corpus reaches the page through one of
these functions, and each of them passes it through ``html.escape`` (quotes
included, for attributes).  An article whose text holds ``<script>`` or
``<img onerror>`` is shown as text and runs nothing.  Links are written only
for http(s) addresses.
"""
from __future__ import annotations

import html

import pandas as pd

from vigie.query import Reading

NO_SOURCE = "(sans source)"
NO_RESULT = "Aucun article ne correspond à ces filtres."
_DATE_FORMATS = {"day": "%d/%m/%Y", "month": "%m/%Y", "year": "%Y"}

CSS = """
<style>
.vigie-table { border-collapse: collapse; width: 100%; font-size: 13px; }
.vigie-table th, .vigie-table td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left;
  vertical-align: top; }
.vigie-table th { background: #f4f4f4; position: sticky; top: 0; }
.vigie-table tr[data-vigie-article] { cursor: pointer; }
.vigie-table tr[data-vigie-article]:hover { background: #eef4fb; }
.vigie-message { color: #555; font-style: italic; padding: 8px 0; }
.vigie-error { color: #a00; padding: 2px 0; }
.vigie-title { margin: 0 0 4px 0; }
.vigie-reader { max-width: 60em; font-size: 15px; line-height: 1.6; white-space: pre-wrap; }
.vigie-reader-head { font-size: 13px; color: #555; margin-bottom: 8px; }
mark.vigie-actor { background: #dbe8f7; border-bottom: 2px solid #4C72B0; padding: 0 1px; }
mark.vigie-theme { background: #f5e6c8; border-bottom: 2px solid #c08a2b; padding: 0 1px; }
.vigie-kwic td.left { text-align: right; white-space: nowrap; overflow: hidden; max-width: 28em; direction: rtl; }
.vigie-kwic td.match { font-weight: bold; white-space: nowrap; }
.vigie-kwic td.right { white-space: nowrap; overflow: hidden; max-width: 28em; }
.vigie-busy { color: #1a5fb4; font-size: 13px; }
.vigie-banner { font-size: 13px; }
</style>
"""


def escape(value: object) -> str:
    return html.escape("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))


def format_date(value, precision: str | None) -> str:
    """A date as precise as the source gave it: 16/05/2019, 05/2019 or 2019."""
    if value is None or pd.isna(value):
        return "sans date"
    return f"{value:{_DATE_FORMATS.get(precision, '%d/%m/%Y')}}"


def message(text: str) -> str:
    return f'<p class="vigie-message">{escape(text)}</p>'


def article_table(rows: pd.DataFrame, *, total: int) -> str:
    """The article list; a click on a row opens it in the reader (see PageBridge)."""
    if rows.empty:
        return message(NO_RESULT)
    shown = f"les {len(rows)} plus récents" if len(rows) < total else "tous"
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Titre", "Source", "Acteurs", "Thèmes"))
    body = "".join(
        f'<tr data-vigie-article="{escape(r.id)}"><td>{format_date(r.date, r.date_precision)}</td>'
        f"<td>{escape(r.title)}</td><td>{escape(r.source or NO_SOURCE)}</td>"
        f"<td>{escape(r.actors)}</td><td>{escape(r.themes)}</td></tr>"
        for r in rows.itertuples()
    )
    return (f'<p class="vigie-count">{total} article(s), {shown} affichés · '
            f"cliquez sur une ligne pour lire l'article</p>"
            f'<table class="vigie-table vigie-articles"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def reader(reading: Reading) -> str:
    """One article's text with actor mentions and theme terms marked, everything escaped."""
    article = reading.article
    parts, cursor = [], 0
    for span in reading.spans.itertuples():
        parts.append(escape(reading.text[cursor:span.start]))
        tip = ("Acteur : " if span.kind == "actor" else "Thème : ") + str(span.label)
        parts.append(f'<mark class="vigie-{span.kind}" title="{escape(tip)}">'
                     f"{escape(reading.text[span.start:span.end])}</mark>")
        cursor = span.end
    parts.append(escape(reading.text[cursor:]))
    url = str(article.get("url") or "")
    link = (f' · <a href="{escape(url)}" target="_blank" rel="noopener noreferrer">source en ligne</a>'
            if url.startswith(("https://", "http://")) else "")
    head = (f"{format_date(article.get('date'), article.get('date_precision'))} · "
            f"{escape(article.get('source') or NO_SOURCE)} · {escape(article.get('path'))}{link}")
    legend = ('<mark class="vigie-actor">acteur</mark> <mark class="vigie-theme">terme d\'un thème</mark>')
    return (f'<h3 class="vigie-title">{escape(article.get("title"))}</h3>'
            f'<div class="vigie-reader-head">{head} · {legend}</div>'
            f'<div class="vigie-reader">{"".join(parts)}</div>')


def concordance_table(frame: pd.DataFrame, *, what: str) -> str:
    """Keyword-in-context lines; a click on a line opens its article."""
    if frame.empty:
        return message(f"Aucune occurrence de {what} dans la sélection.")
    body = "".join(
        f'<tr data-vigie-article="{escape(r.article_id)}" title="{escape(r.title)}">'
        f'<td>{format_date(r.date, r.date_precision)}</td><td class="left">&lrm;{escape(r.left)}&lrm;</td>'
        f'<td class="match">{escape(r.match)}</td><td class="right">{escape(r.right)}</td></tr>'
        for r in frame.itertuples()
    )
    return (f'<p class="vigie-count">{len(frame)} occurrence(s) de {escape(what)} · '
            f"cliquez sur une ligne pour lire l'article</p>"
            f'<table class="vigie-table vigie-kwic"><tbody>{body}</tbody></table>')
