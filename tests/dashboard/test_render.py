"""Every corpus string that reaches the page is escaped; links only for http(s)."""
import datetime as dt

import pandas as pd

from vigie import diff
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


def test_copies_are_listed_under_their_story_escaped():
    rows = pd.DataFrame([{"id": "s1", "date": dt.date(2019, 5, 2), "date_precision": "day", "title": "Dépêche",
                          "source": "AFP", "actors": "", "themes": "", "story": "s1", "n_copies": 3},
                         {"id": "b1", "date": None, "date_precision": None, "title": "Seul", "source": "X",
                          "actors": "", "themes": "", "story": "b1", "n_copies": 1}])
    copies = pd.DataFrame([
        {"story": "s1", "id": "s1", "date": dt.date(2019, 5, 2), "date_precision": "day", "title": "Dépêche",
         "source": "AFP"},
        {"story": "s1", "id": 'c"2', "date": dt.date(2019, 5, 3), "date_precision": "day", "title": HOSTILE,
         "source": "<b>Le Monde</b>"},
        {"story": "s1", "id": "c3", "date": None, "date_precision": "None", "title": "Reprise", "source": ""},
    ])
    page = render.article_table(rows, total=4, copies=copies, stories=2)
    assert "4 article(s) en 2 histoire(s), une ligne par histoire, tous affichés" in page
    assert page.count("<summary>") == 1 and "<summary>repris par 2 médias</summary>" in page
    assert '<li data-vigie-article="c&quot;2">03/05/2019 · &lt;b&gt;Le Monde&lt;/b&gt; · ' in page
    assert '<li class="vigie-current">' in page and 'data-vigie-article="s1"' in page
    assert "<img" not in page and "<script>" not in page and "<b>Le Monde" not in page
    # the line that unfolds the copies belongs to no article, so unfolding it opens nothing
    assert '<tr class="vigie-copies">' in page


def test_comparison_marks_what_differs_escaped():
    other = {"id": "a2", "title": "<u>Autre</u>", "date": dt.date(2019, 5, 2), "date_precision": "day",
             "source": "<b>Libé</b>"}
    current = reading()
    changed = current.text.replace("après", "<em>ensuite</em>")
    page = render.comparison(current, other, diff.compare(current.text, changed))
    assert "<del>après.</del><ins>&lt;em&gt;ensuite&lt;/em&gt;.</ins>" in page
    assert "<script>" not in page and "<img" not in page and "<u>" not in page and "<em>" not in page
    assert "1 mot(s) seulement ici, 1 seulement dans l'autre copie" in page
    assert "seulement dans la copie de &lt;b&gt;Libé&lt;/b&gt; du 02/05/2019" in page
    assert "identiques" in render.comparison(current, other, diff.compare(current.text, current.text))
