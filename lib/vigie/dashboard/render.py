"""HTML for the article table, the reader and the concordance.

Why one module: every string from the corpus reaches the page through one of
these functions, and each of them passes it through ``html.escape`` (quotes
included, for attributes).  An article whose text holds ``<script>`` or
``<img onerror>`` is shown as text and runs nothing.  Links are written only
for http(s) addresses.
"""
from __future__ import annotations

import html
from typing import NamedTuple

import pandas as pd

from vigie.diff import Difference
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
.vigie-table tr.vigie-has-copies td { border-bottom: none; }
.vigie-table tr.vigie-copies td { padding-top: 0; }
.vigie-copies summary { cursor: pointer; color: #1a5fb4; font-size: 12px; width: max-content; }
.vigie-copies ul { margin: 2px 0 4px 0; padding-left: 18px; }
.vigie-copies li { cursor: pointer; padding: 1px 0; }
.vigie-copies li:hover { background: #eef4fb; }
.vigie-copies li.vigie-current { cursor: default; color: #555; }
.vigie-diff del { background: #fbe0e0; color: #8a1f1f; }
.vigie-diff ins { background: #dcf3dc; color: #1d5e1d; text-decoration: none; }
.vigie-reader-head del { background: #fbe0e0; color: #8a1f1f; }
.vigie-reader-head ins { background: #dcf3dc; color: #1d5e1d; text-decoration: none; }
.vigie-busy { color: #1a5fb4; font-size: 13px; }
.vigie-banner { font-size: 13px; }
.vigie-theme-card { border: 1px solid #ddd; border-radius: 4px; padding: 6px 10px; margin: 6px 0; font-size: 13px; }
.vigie-theme-card h4 { margin: 0 0 4px 0; font-size: 14px; }
.vigie-theme-card .vigie-terms { color: #333; }
.vigie-theme-card .vigie-weight { color: #888; font-size: 11px; }
.vigie-theme-card blockquote { margin: 3px 0 3px 8px; color: #444; border-left: 3px solid #eee; padding-left: 6px; }
.vigie-edit-ok { color: #1d5e1d; font-size: 13px; }
.vigie-edit-error { color: #a00; font-size: 13px; white-space: pre-wrap; }
.vigie-edit-progress { color: #1a5fb4; font-size: 12px; font-family: monospace; }
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


class Copy(NamedTuple):
    """One article of a story, as the article table lists it under the story's row."""

    story: str
    id: str
    date: object
    date_precision: str
    title: str
    source: str


def media_label(copies: list[Copy]) -> str:
    """« repris par N médias » for a story's copies (distinct named sources), else « N copies »."""
    media = len({c.source for c in copies if isinstance(c.source, str) and c.source != ""})
    return f"repris par {media} médias" if media >= 2 else f"{len(copies)} copies"


def _copies_list(copies: list[Copy], *, current: str) -> str:
    """A story's copies, one clickable line each (the row's own copy is not a link)."""
    items = []
    for c in copies:
        text = f"{format_date(c.date, c.date_precision)} · {escape(c.source or NO_SOURCE)} · {escape(c.title)}"
        if c.id == current:
            items.append(f'<li class="vigie-current">{text} (ligne ci-dessus)</li>')
        else:
            items.append(f'<li data-vigie-article="{escape(c.id)}">{text}</li>')
    return "".join(items)


def _by_story(copies: pd.DataFrame | None) -> dict[str, list[Copy]]:
    """The copies grouped by story, in their order: plain tuples, as a table of 200 rows may hold
    dozens of stories and a pandas group costs a millisecond or two to make and read."""
    groups: dict[str, list[Copy]] = {}
    if copies is None or not len(copies):
        return groups
    for copy in map(Copy._make, zip(*(copies[field].tolist() for field in Copy._fields))):
        groups.setdefault(copy.story, []).append(copy)
    return groups


def article_table(rows: pd.DataFrame, *, total: int, copies: pd.DataFrame | None = None,
                  stories: int | None = None) -> str:
    """The article list; a click on a row opens it in the reader (see PageBridge).

    A row whose story has copies (``copies``: :func:`vigie.query.story_copies`)
    is followed by a line « repris par N médias » that unfolds the list of
    its copies, each of them clickable too.  The line has no article of its
    own, so unfolding it opens nothing.
    """
    if rows.empty:
        return message(NO_RESULT)
    groups = _by_story(copies)
    units = stories if stories is not None else total
    shown = f"les {len(rows)} plus récents" if len(rows) < units else "tous"
    grouped = f" en {stories} histoire(s), une ligne par histoire" if stories is not None and stories != total else ""
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Titre", "Source", "Acteurs", "Thèmes"))
    body = []
    for r in rows.itertuples():
        members = groups.get(getattr(r, "story", None))
        many = members is not None and len(members) > 1
        marked = ' class="vigie-has-copies"' if many else ""
        body.append(
            f'<tr data-vigie-article="{escape(r.id)}"{marked}>'
            f"<td>{format_date(r.date, r.date_precision)}</td>"
            f"<td>{escape(r.title)}</td><td>{escape(r.source or NO_SOURCE)}</td>"
            f"<td>{escape(r.actors)}</td><td>{escape(r.themes)}</td></tr>")
        if many:
            body.append(f'<tr class="vigie-copies"><td></td><td colspan="4"><details class="vigie-copies">'
                        f"<summary>{escape(media_label(members))}</summary>"
                        f"<ul>{_copies_list(members, current=r.id)}</ul></details></td></tr>")
    return (f'<p class="vigie-count">{total} article(s){grouped}, {shown} affichés · '
            f"cliquez sur une ligne pour lire l'article</p>"
            f'<table class="vigie-table vigie-articles"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


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


def comparison(reading: Reading, other: dict, difference: Difference) -> str:
    """The open article against another copy of its story: removed and added words marked, escaped.

    ``<del>`` holds what only the open article says, ``<ins>`` what only the
    other copy says; the shared text is plain.
    """
    article = reading.article
    where = (f"{escape(other.get('source') or NO_SOURCE)} du "
             f"{format_date(other.get('date'), other.get('date_precision'))}")
    parts = []
    for kind, text in difference.parts:
        tag = {"removed": "del", "added": "ins"}.get(kind)
        parts.append(f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text))
    if difference.identical:
        summary = "les deux textes sont identiques"
    else:
        summary = (f"{difference.removed} mot(s) seulement ici, {difference.added} seulement dans l'autre copie"
                   + (" (comparés par paragraphe : textes très longs)" if difference.by == "paragraph" else ""))
    title = ""
    if str(other.get("title") or "") != str(article.get("title") or ""):
        title = f'<div class="vigie-reader-head">Titre de l\'autre copie : « {escape(other.get("title"))} »</div>'
    legend = f"<del>seulement dans cet article</del> <ins>seulement dans la copie de {where}</ins>"
    head = (f"{format_date(article.get('date'), article.get('date_precision'))} · "
            f"{escape(article.get('source') or NO_SOURCE)} comparé à la copie de {where} : {summary}")
    return (f'<h3 class="vigie-title">{escape(article.get("title"))}</h3>'
            f'<div class="vigie-reader-head">{head}</div>{title}'
            f'<div class="vigie-reader-head">{legend}</div>'
            f'<div class="vigie-reader vigie-diff">{"".join(parts)}</div>')


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


# ---------------------------------------------------------------- edit mode (vigie.dashboard.edit_*)


def highlighted(sentence: str, spans) -> str:
    """A sentence with ``spans`` (start, end pairs, sorted, inside it) marked as theme terms."""
    parts, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        parts.append(escape(sentence[cursor:start]))
        parts.append(f'<mark class="vigie-theme">{escape(sentence[start:end])}</mark>')
        cursor = end
    parts.append(escape(sentence[cursor:]))
    return "".join(parts)


def theme_cards(themes: list[dict], *, counts: dict[str, int], examples: dict[str, list]) -> str:
    """One card per theme of a lexicon document: label, id, article count, terms and weights, examples."""
    from vigie.editing.documents import term_text, term_weight

    cards = []
    for theme in themes:
        theme_id = str(theme["id"])
        terms = ", ".join(
            f"{escape(term_text(t))}" + (f' <span class="vigie-weight">×{term_weight(t):g}</span>' if term_weight(t) != 1 else "")
            for t in theme["terms"])
        quotes = "".join(f"<blockquote>{highlighted(e.sentence, e.spans)}</blockquote>" for e in examples.get(theme_id, []))
        count = counts.get(theme_id)
        articles = f"{count} article(s)" if count is not None else "pas encore dans l'index (enregistrez)"
        cards.append(f'<div class="vigie-theme-card" data-vigie-theme="{escape(theme_id)}">'
                     f"<h4>{escape(theme['label'])} <small>({escape(theme_id)} · {articles})</small></h4>"
                     f'<div class="vigie-terms">{terms}</div>{quotes or message("Aucun exemple dans l’index.")}</div>')
    return "".join(cards)


TYPE_LABELS = {"person": "personne", "organisation": "organisation", "place": "lieu"}


def _reason(reason: str) -> str:
    """vigie.curation's reason for a likely duplicate, in French."""
    if reason.startswith("edit distance "):
        return f"{reason.split()[-1]} lettre(s) d'écart"
    return {"same surname": "même nom de famille", "acronym": "sigle"}.get(reason, reason)


def suggestions_table(frame: pd.DataFrame) -> str:
    """``vigie actors suggest``'s rows, in French, every cell escaped."""
    if frame.empty:
        return message("Aucune suggestion : pas d'acteur fréquent hors registre ni de doublon probable.")
    rows = []
    for r in frame.itertuples(index=False):
        what = (f"ajouter au registre ({escape(TYPE_LABELS.get(r.type, r.type))}) ; formes vues : {escape(r.forms)}"
                if r.kind == "new"
                else f"fusionner dans « {escape(r.similar_name)} » ({escape(_reason(r.reason))})")
        rows.append(f"<tr><td>{escape(r.name)}</td><td>{int(r.mentions)}</td><td>{what}</td></tr>")
    return ('<table class="vigie-table vigie-suggestions"><thead><tr><th>Nom</th><th>Mentions</th><th>Suggestion</th>'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def edit_note(text: str, *, error: bool = False) -> str:
    """A line of the edit panels: a confirmation, or a problem (French, possibly several lines)."""
    return f'<div class="vigie-edit-{"error" if error else "ok"}">{escape(text)}</div>' if text else ""


def progress_line(text: str) -> str:
    return f'<div class="vigie-edit-progress">{escape(text)}</div>' if text else ""
