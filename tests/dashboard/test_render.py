"""Every corpus string that reaches the page is escaped; links only for http(s)."""
import datetime as dt

import pandas as pd

from vigie.dashboard import render
from vigie.query import Reading

HOSTILE = "<img src=x onerror=alert(1)> & <script>alert(2)</script>"


def reading(url="javascript:alert(3)"):
    text = f"Avant {HOSTILE} Facebook après."
    start = text.index("Facebook")
    spans = pd.DataFrame([{"start": start, "end": start + 8, "kind": "actor", "key": "facebook",
                           "label": 'Face"book'}])
    article = {"id": "a1", "title": HOSTILE, "date": dt.date(2019, 5, 1), "date_precision": "month",
               "source": "<b>src</b>", "url": url, "path": "a1.txt"}
    return Reading(article=article, text=text, spans=spans)


def test_reader_marks_spans_and_escapes_the_rest():
    page = render.reader(reading())
    assert "<script>" not in page and "<img" not in page
    assert page.count("&lt;script&gt;alert(2)&lt;/script&gt;") == 2  # title and text
    assert '<mark class="vigie-actor" title="Acteur : Face&quot;book">Facebook</mark>' in page
    assert "05/2019" in page and "&lt;b&gt;src&lt;/b&gt;" in page
    assert "javascript:" not in page  # only http(s) addresses become links


def test_reader_links_http_sources():
    page = render.reader(reading(url="https://example.org/a?b=1&c=2"))
    assert '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">' in page


def test_article_table_rows_open_articles_and_escape_cells():
    rows = pd.DataFrame([{"id": 'a"1', "date": None, "date_precision": None, "title": HOSTILE, "source": "",
                          "actors": "<i>X</i>", "themes": ""}])
    page = render.article_table(rows, total=3)
    assert '<tr data-vigie-article="a&quot;1">' in page
    assert "<img" not in page and "&lt;i&gt;X&lt;/i&gt;" in page
    assert "sans date" in page and render.NO_SOURCE in page
    assert "3 article(s), les 1 plus récents" in page
    assert render.article_table(rows.iloc[0:0], total=0) == render.message(render.NO_RESULT)


def test_concordance_lines_escape_context():
    frame = pd.DataFrame([{"article_id": "a1", "date": dt.date(2020, 1, 2), "date_precision": "day", "title": HOSTILE,
                           "left": "<b>gauche ", "match": "Facebook", "right": " droite</b>", "start": 0, "end": 8}])
    page = render.concordance_table(frame, what="« <Facebook> »")
    assert "&lt;b&gt;gauche" in page and "droite&lt;/b&gt;" in page and "<b>gauche" not in page
    assert "&lt;Facebook&gt;" in page and "02/01/2020" in page
    assert "Aucune occurrence de « &lt;x&gt; »" in render.concordance_table(frame.iloc[0:0], what="« <x> »")
