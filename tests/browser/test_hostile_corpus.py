"""The hostile corpus, ingested and served: every payload shows as text, none runs.

Why a browser: the escaping is unit-tested function by function, but only a
real page shows whether some path (a widget's option label, a plotly tick or
hover label, the reader's link, the concordance, the header) still hands
corpus text to ``innerHTML`` or to plotly's markup.  Every payload sets
``window.__pwned`` to the place it came from, so a payload that runs is
named, not only noticed; ``alert`` calls are caught by the page fixture's
dialog listener, and an injected ``<img src=x>`` would ask the server for
``/x``.  The corpus is the reader tests' hostile corpus plus payloads in every
field an article has (title, text, source, URL, file and folder names, table
ids) and in the actor registry and theme lexicon kept beside it.
"""
from __future__ import annotations

import csv
import html
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pandas as pd
import pytest
import yaml
from corpus.hostile import INGESTED, HostileCorpus, build_hostile_corpus

import vigie
from vigie.cli import main as vigie_cli
from vigie.background_server import running_server
from vigie.store import load

pytestmark = pytest.mark.browser
CHART = ".js-plotly-plot .main-svg"
TIMEOUT_MS = 120_000
PACKAGED = Path(vigie.__file__).parent / "data"
#: Elements and attributes that only an injected payload would put in the page.
INJECTED = "[onerror], [onload], [onmouseover], [onclick], a[href^='javascript:' i], a[href^='data:' i], img[src=x]"


def script(where: str) -> str:
    return f"<script>window.__pwned='{where}';alert('{where}')</script>"


def img(where: str) -> str:
    return f"<img src=x onerror=\"window.__pwned='{where}'\">"


def svg(where: str) -> str:
    return f"<svg onload=\"window.__pwned='{where}'\">"


def breakout(where: str) -> str:
    """Closes an attribute and a tag before its own markup."""
    return f"\"><b>gras</b><img src=x onerror=window.__pwned='{where}'>"


def link(where: str) -> str:
    """The markup plotly itself renders in labels and hover text."""
    return f"<a href=\"javascript:window.__pwned='{where}'\">lien</a>"


@dataclass(frozen=True)
class PayloadActor:
    id: str
    type: str
    name: str  # what charts, filters and the concordance show
    alias: str  # what the articles say


ACTORS = (
    PayloadActor("acteur-img", "person", img("acteur-img"), "Jean Piège"),
    PayloadActor("acteur-svg", "organisation", svg("acteur-svg"), "Société Piège"),
    PayloadActor("acteur-gras", "place", breakout("acteur-gras"), "Piègeville"),
    PayloadActor("acteur-lien", "person", link("acteur-lien"), "Paul Lien"),
)
THEME_ID = "piege"
THEME_LABEL = link("theme")
FOLDER = f"corpus {svg('dossier')}"  # the corpus folder's own name is in the page header


def body(where: str, *, day: int) -> str:
    """An article that names every payload actor and scores the payload theme, payloads included."""
    return (
        f"PARIS, {day} mai 2019 (AFP) - Jean Piège a rencontré Paul Lien et la Société Piège à Piègeville "
        f"après le piratage du forum, qui a laissé {script(where)} et {img(where + '-img')} en ligne.\n\n"
        f"Jean Piège a dénoncé ce piratage devant la Société Piège. Paul Lien répond {svg(where + '-svg')} "
        f"et {link(where + '-lien')} depuis Piègeville.\n\n"
        f"Selon Jean Piège, {breakout(where + '-gras')} reste du texte.\n"
    )


def add_payloads(corpus: HostileCorpus) -> None:
    """Payloads in every field an article has, in every readable format, plus registry and lexicon."""
    corpus.write("piege/titre.txt", f"{breakout('titre')} {script('titre-script')}\n\n{body('texte', day=14)}"
                 f"\n\nSource : {svg('source-txt')}\n", INGESTED)
    corpus.write(f"piege/{img('nom')}.md",
                 f"---\ntitle: {svg('titre-md')}\nsource: {script('source-md')}\n"
                 f"url: javascript:window.__pwned='url-md'\n---\n{body('md', day=15)}", INGESTED)
    encoded = html.escape  # markup written as entities in the page: the reader decodes it into text
    corpus.write("piege/page.html", f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{encoded(img('onglet'))} | Site</title>
<meta property="og:site_name" content="{encoded(script('site'))}">
<meta property="article:published_time" content="2019-05-16T10:00:00+02:00">
<link rel="canonical" href="javascript:window.__pwned='canonical'">
</head><body><h1>{encoded(breakout('h1'))} Titre HTML</h1>
<article><p>{encoded(body('html', day=16))}</p></article></body></html>""", INGESTED)
    rows = [
        ("r1", link("titre-csv"), body("csv1", day=17), "2019-05-17", img("source-csv"),
         "javascript:window.__pwned='url-csv'"),
        ("r2", script("titre-csv2"), body("csv2", day=18), "2019-05-18", breakout("source-csv2"),
         " JavaScript:window.__pwned='url-casse'"),
        ("r3", svg("titre-csv3"), body("csv3", day=19), "2019-05-19", link("source-csv3"),
         "https://exemple.fr/\" onmouseover=\"window.__pwned='url-attr'"),
        ("r4", img("titre-csv4"), body("csv4", day=20), "2019-05-20", svg("source-csv4"),
         "data:text/html,<script>window.__pwned='url-data'</script>"),
    ]
    corpus.write("piege/table.csv", _csv([("id", "title", "text", "date", "source", "url"), *rows]))
    starts = [2 + sum(_csv([row]).count("\n") for row in rows[:i]) for i in range(len(rows))]  # multi-line texts
    corpus.rows("piege/table.csv", {line: INGESTED for line in starts})
    records = [
        {"id": img("id-jsonl"), "titre": svg("titre-jsonl"), "texte": body("jsonl", day=21),
         "date": "2019-05-21", "source": link("source-jsonl"), "url": "javascript:window.__pwned='url-jsonl'"},
    ]
    corpus.write("piege/flux.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    corpus.rows("piege/flux.jsonl", {1: INGESTED})
    corpus.write("piege/meta.txt", f"Titre remplacé\n\n{body('meta', day=22)}", INGESTED)
    metadata = corpus.root / "metadata.csv"  # one more row (line 10) for the builder's metadata file
    metadata.write_bytes(metadata.read_bytes() + _csv(
        [("piege/meta.txt", breakout("titre-meta"), "22/05/2019", svg("source-meta"),
          "javascript:window.__pwned='url-meta'")], delimiter=";").encode())
    # Inputs set aside, named with payloads: the header's list of them shows their paths.
    corpus.write(f"piege/{img('rejete')}.txt", b"", ("rejected", "empty file"))
    corpus.write(f"piege/{svg('format')}.pdf", b"%PDF-1.4\n", ("unsupported", "unsupported format .pdf"))
    registry = yaml.safe_load((PACKAGED / "actors.yaml").read_text(encoding="utf-8"))
    registry["actors"] += [{"id": a.id, "name": a.name, "type": a.type, "aliases": [a.alias]} for a in ACTORS]
    corpus.write("actors.yaml", yaml.safe_dump(registry, allow_unicode=True), ("ignored", "configuration file"))
    lexicon = yaml.safe_load((PACKAGED / "themes.yaml").read_text(encoding="utf-8"))
    lexicon["themes"].append({"id": THEME_ID, "label": THEME_LABEL, "terms": [{"term": "piratage", "weight": 2}]})
    corpus.write("themes.yaml", yaml.safe_dump(lexicon, allow_unicode=True), ("ignored", "configuration file"))


def _csv(rows: list[tuple[str, ...]], *, delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


@dataclass(frozen=True)
class Ingested:
    corpus: HostileCorpus
    before: dict[str, str]  # sha256 of every input file before ingest
    store: Path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Ingested:
    """The hostile corpus with payloads, ingested with the real model into a store outside it."""
    from vigie.ingest import ingest

    corpus = build_hostile_corpus(tmp_path_factory.mktemp("hostile") / FOLDER)
    add_payloads(corpus)
    before = corpus.digests()
    store = tmp_path_factory.mktemp("hostile-store") / "store"
    ingest(corpus.root, store_dir=store)
    return Ingested(corpus, before, store)


@pytest.fixture(scope="module")
def hostile_url(hostile, tmp_path_factory) -> Iterator[str]:
    with running_server(hostile.store, log=tmp_path_factory.mktemp("voila-hostile") / "voila.log") as server:
        yield server.url


@pytest.fixture
def watched(page):
    """The page fixture, also recording requests for ``/x`` (what an injected ``<img src=x>`` asks for)."""
    page.image_requests = []
    page.on("request", lambda request: page.image_requests.append(request.url)
            if urlparse(request.url).path.endswith("/x") else None)
    return page


def assert_nothing_ran(page) -> None:
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned === undefined"), page.evaluate("() => String(window.__pwned)")
    assert page.locator(INJECTED).count() == 0
    assert page.image_requests == []


def flat(text: str) -> str:
    return " ".join(text.split())


def open_tab(page, title: str) -> None:
    page.locator(".lm-TabBar-tab", has_text=title).click()
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=title).wait_for(timeout=10_000)


def unfold_copies(page) -> None:
    """Open every « repris par N médias » line of the article table, as a reader would."""
    page.evaluate("() => document.querySelectorAll('.vigie-articles details').forEach(d => { d.open = true; })")


def svg_text(page, selector: str) -> str:
    """The text plotly drew (SVG has no innerText); entities come out decoded, as the reader sees them."""
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent).join(' ')")


def option_labels(select, *, chosen: bool = False) -> list[str]:
    """A select's option texts (ipywidgets writes spaces as no-break spaces)."""
    options = "selectedOptions" if chosen else "options"
    return [t.replace("\xa0", " ") for t in select.evaluate(f"s => [...s.{options}].map(o => o.textContent)")]


def payload_articles(hostile: Ingested):
    articles = load(hostile.store).articles
    return articles.loc[articles["path"].str.startswith("piege/")].sort_values("id")


# ---------------------------------------------------------------- without a browser


def test_inputs_are_byte_identical_after_ingest_and_serving(hostile, hostile_url):
    assert not hostile.store.is_relative_to(hostile.corpus.root)
    assert hostile.corpus.digests() == hostile.before


def report_lines(hostile: Ingested, capsys) -> list[str]:
    capsys.readouterr()
    assert vigie_cli(["report", str(hostile.corpus.root), "--store", str(hostile.store), "--format", "jsonl"]) == 0
    return capsys.readouterr().out.splitlines()


def test_the_report_accounts_for_every_hostile_input(hostile, capsys):
    records = [json.loads(line) for line in report_lines(hostile, capsys)]
    found = {(r["path"], r["row"]): r for r in records}
    assert len(found) == len(records)  # one line per file or table row
    for key, (status, reason) in hostile.corpus.expected.items():
        assert key in found, f"{key} missing from the report"
        assert found[key]["status"] == status, (key, found[key])
        assert reason in found[key]["reason"], (key, found[key])
    for record in records:
        assert record["status"] in {"ingested", "unchanged", "rejected", "unsupported", "ignored"}, record
        assert record["status"] == "ingested" or record["reason"], f"no reason given for {record}"
    # Every file a user can see in the folder has its line (hidden folders are not walked).
    root = hostile.corpus.root
    visible = {
        os.fsencode(path.relative_to(root)).decode("utf-8", "replace")
        for path in root.rglob("*")
        if (path.is_file() or path.is_symlink()) and not any(p.startswith(".") for p in path.relative_to(root).parts[:-1])
    }
    assert visible <= {path for path, _ in found}
    # Each ingested line is one article of the store, and the store holds nothing else.
    ingested = {r["id"] for r in records if r["status"] == "ingested"}
    assert ingested == set(load(hostile.store).articles["id"])
    assert len(hostile.corpus.expected) >= 50


def test_the_jsonl_report_is_strict_json(hostile, capsys):
    """`NaN` is not JSON: jq, JavaScript and most other readers refuse the whole line."""
    def refuse(constant: str):
        raise ValueError(f"{constant} is not JSON")

    for line in report_lines(hostile, capsys):
        json.loads(line, parse_constant=refuse)


# ---------------------------------------------------------------- in the browser


def test_no_payload_runs_on_any_tab_and_each_shows_as_text(watched, hostile, hostile_url, screenshot):
    page = watched
    data = load(hostile.store)
    actors = data.actors.set_index("id").loc[[a.id for a in ACTORS]]
    # The link selects the payload actors: every view then shows them.
    page.goto(hostile_url + "?" + urlencode([("acteur", a.id) for a in ACTORS]), timeout=TIMEOUT_MS)
    page.wait_for_selector(CHART, timeout=TIMEOUT_MS)

    assert FOLDER in page.locator(".vigie-dashboard").inner_text()  # the header names the corpus folder
    selects = page.locator(".vigie-filters select")
    assert sorted(option_labels(selects.nth(0), chosen=True)) == sorted(
        f"{a.name} ({actors.loc[a.id, 'n_articles']})" for a in ACTORS)
    assert any(option.startswith(THEME_LABEL) for option in option_labels(selects.nth(2)))
    assert any(option.startswith(img("source-csv")) for option in option_labels(selects.nth(3)))

    bars = svg_text(page, ".js-plotly-plot >> nth=0")
    for actor in ACTORS:
        assert actor.name[:20] in bars, actor.name  # tick labels are cut at 30 characters
    assert THEME_LABEL[:20] in svg_text(page, ".js-plotly-plot >> nth=1")
    page.locator(".js-plotly-plot").first.locator(".barlayer .point path").first.hover(force=True)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = svg_text(page, ".hoverlayer .hovertext")
    assert any(actor.name[:20] in hover for actor in ACTORS), hover
    screenshot(page, "hostile-overview")

    for title, ready in [("Chronologie", "Mentions au fil du temps"), ("Co-occurrences", "Réseau des co-occurrences"),
                         ("Acteurs × thèmes", "Acteurs × thèmes (articles)")]:
        open_tab(page, title)
        page.get_by_text(ready).first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_timeout(500)  # plotly's transition
        drawn = svg_text(page, ".js-plotly-plot")
        for actor in ACTORS:
            assert actor.name[:20] in drawn, (title, actor.name)
        screenshot(page, f"hostile-{title.split()[0].lower()}")
    assert THEME_LABEL[:20] in drawn

    open_tab(page, "Articles")
    table = page.locator(".vigie-articles")
    table.wait_for(timeout=TIMEOUT_MS)
    unfold_copies(page)  # the payload articles are copies of one story: one row, its copies listed under it
    listed = flat(table.inner_text())
    for article in payload_articles(hostile).itertuples():
        assert flat(article.title) in listed
        assert flat(article.source) in listed
    for actor in ACTORS:
        assert actor.name in listed
    screenshot(page, "hostile-articles")

    open_tab(page, "Concordancier")
    actor = ACTORS[2]
    page.locator(".widget-dropdown select:visible").first.select_option(  # the reader's « comparer avec » is hidden
        label=f"{actor.name} ({actors.loc[actor.id, 'n_mentions']})")
    kwic = page.locator(".vigie-kwic")
    kwic.wait_for(timeout=TIMEOUT_MS)
    assert f"« {actor.name} »" in page.locator(".vigie-count").last.inner_text()
    assert actor.alias in kwic.locator("td.match").first.inner_text()
    titles = set(payload_articles(hostile)["title"])
    assert kwic.locator("tr").first.get_attribute("title") in titles  # a row's tooltip is its article's title
    assert "window.__pwned=" in kwic.inner_text()  # the context around a name: payloads as text
    screenshot(page, "hostile-concordance")
    page.wait_for_timeout(1000)  # time for any injected handler to fire
    assert_nothing_ran(page)


def test_the_reader_shows_every_payload_field_as_text(watched, hostile, hostile_url, screenshot):
    page = watched
    articles = payload_articles(hostile)
    assert len(articles) == 9
    page.goto(hostile_url + "?onglet=articles&" + urlencode([("acteur", a.id) for a in ACTORS]), timeout=TIMEOUT_MS)
    rows = page.locator(".vigie-articles [data-vigie-article]")  # a story's row, and its copies under it
    rows.first.wait_for(timeout=TIMEOUT_MS)
    unfold_copies(page)
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.vigieArticle)")) == sorted(articles["id"])
    reader = page.locator(".vigie-reader")
    for article in articles.itertuples():
        # A click on the row: the id travels from the data attribute back to the kernel.
        unfold_copies(page)
        ids = rows.evaluate_all("rs => rs.map(r => r.dataset.vigieArticle)")
        rows.nth(ids.index(article.id)).click()
        reader.wait_for(timeout=TIMEOUT_MS)
        assert page.locator("h3.vigie-title").inner_text() == article.title
        head = page.locator(".vigie-reader-head").inner_text()
        assert flat(article.source) in flat(head) and article.path in head
        text = flat(reader.inner_text())
        assert "Jean Piège" in text and "<script>window." in text and "<img src=x onerror=" in text  # Markdown eats "__"
        marks = page.locator(".vigie-reader mark.vigie-actor")
        assert {f"Acteur : {a.name}" for a in ACTORS} <= set(marks.evaluate_all("ms => ms.map(m => m.title)"))
        links = page.locator(".vigie-reader-head a")
        if article.url.startswith(("http://", "https://")):
            assert links.get_attribute("href") == article.url  # the quote did not end the attribute
        else:
            assert links.count() == 0, article.url
        page.get_by_role("button", name="Retour à la liste").click()
        rows.first.wait_for(timeout=TIMEOUT_MS)
    screenshot(page, "hostile-list")
    page.wait_for_timeout(1000)
    assert_nothing_ran(page)


def test_the_set_aside_inputs_are_counted_and_listed_as_text(watched, hostile, hostile_url, screenshot):
    """The header counts what ingest set aside; the list, on demand, shows each path (payloads too) as text."""
    page = watched
    inputs = load(hostile.store).inputs
    set_aside = inputs.loc[inputs["status"].astype(str).isin(["rejected", "unsupported"])]
    assert {img("rejete") + ".txt", svg("format") + ".pdf"} <= {p.rsplit("/", 1)[-1] for p in set_aside["path"]}
    page.goto(hostile_url, timeout=TIMEOUT_MS)
    try:
        page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
    except Exception:
        raise AssertionError(f"no chart; the page says: {page.locator('body').inner_text()[:500]!r}") from None
    panel = page.locator(".vigie-inputs")
    assert f"{len(set_aside)} entrées écartées" in panel.inner_text()
    assert panel.locator("table").count() == 0 or not panel.locator("table").is_visible()

    panel.locator(".vigie-inputs-toggle").click()
    table = panel.locator("table.vigie-inputs")
    table.wait_for(timeout=TIMEOUT_MS)
    cells = table.locator("tbody tr").evaluate_all("rs => rs.map(r => [...r.cells].map(c => c.textContent))")
    assert len(cells) == len(set_aside)
    listed = {(path, row) for path, row, _, _ in cells}
    for record in set_aside.itertuples():
        row = "" if pd.isna(record.row) else str(int(record.row))
        assert (record.path, row) in listed, record.path  # the path as text, markup and all
    assert all(reason for *_, reason in cells)
    screenshot(page, "hostile-set-aside")
    page.wait_for_timeout(1000)
    assert_nothing_ran(page)
    panel.locator(".vigie-inputs-toggle").click()
    table.wait_for(state="hidden", timeout=10_000)
