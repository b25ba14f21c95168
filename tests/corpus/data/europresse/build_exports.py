"""Write the Europresse test exports from ``articles.yaml``: ``python build_exports.py``.

Why a script: the texts, titles, outlets and dates come from public pages
(``articles.yaml``, sources in README.md); this wraps them in the HTML that
Europresse exports and the public parsers read (EuroParser, tm.plugin.europresse,
Tiresias's sample export): one ``<article>`` per document, ``DocPublicationName``,
``DocHeader`` with the date in French words, ``titreArticle``, ``docAuthors``,
``docOcurrContainer`` and the "Cet article est paru dans" link.  The files are
committed; run this again only after editing ``articles.yaml``.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
EXPORTS = {"a": "europresse-2022.html", "b": "Europresse-Tour-2023.HTML", "c": "europresse_divers.html"}
HIGHLIGHT = {"a": "inflation", "b": "Tour", "c": "Mistral"}  # Europresse marks the searched word
_DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
STYLE = (
    "html,body{font-family:Arial,'tahoma';font-size:11px}mark{background-color:#fbf592;color:#000}"
    ".DocPublicationName{color:#736a63;font-size:10px}.DocTitreSousSection{color:#736a63}"
    ".titreArticleVisu{color:#333;font-size:14px;font-weight:bold}.docOcurrContainer a{color:#036}"
    ".twitter{color:#333;font-size:12px}article+article{page-break-before:always}"
)
HEAD = (
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"/>\n<title></title>\n'
    f'<style type="text/css">{STYLE}</style>\n</head>\n<body>\n'
)
TAIL = "</body>\n</html>\n"


def header_line(entry: dict, words: int) -> str:
    day = dt.date.fromisoformat(str(entry["date"]))
    written = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
    section = f"{entry['section']}, " if entry.get("section") else ""
    if entry.get("time"):
        offset = "+0200" if 4 <= day.month <= 10 else "+0100"
        return f"{section}{written} - {entry['time']} UTC {offset} {words} mots"
    page = f", {entry['page']}" if entry.get("page") else ""
    return f"{section}{written} {words} mots{page}"


def article(entry: dict, *, mark: str, number: int) -> str:
    paragraphs = [" ".join(p.split()) for p in entry["text"].split("\n\n") if p.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    outlet = html.escape(entry["outlet"]) + (f", {entry['issue']}" if entry.get("issue") else "")
    if entry.get("edition"):
        outlet += f"<br />{html.escape(entry['edition'])}"
    highlight = re.compile(rf"\b({re.escape(mark)})\b")
    marked = (highlight.sub(r"<mark>\1</mark>", html.escape(p, quote=False)) for p in paragraphs)
    body = "\n".join(f"<p>{p}</p>" for p in marked)
    if "(site web)" in entry["outlet"]:
        body += (
            f'\n<a href="{html.escape(entry["url"])}" target="_blank"> Cet article est paru dans '
            f"{html.escape(entry['outlet'])}</a>\n<p />"
        )
    subtitle = ""
    if entry.get("subtitle"):
        subtitle = f'\n<p class="sm-margin-TopNews rdp__subtitle">{html.escape(entry["subtitle"])}</p>'
    authors = f'\n<div class="docAuthors">{html.escape(entry["authors"])}</div>' if entry.get("authors") else ""
    day = str(entry["date"]).replace("-", "")
    return f"""<article>
<header>
<div class="rdp__DocPublicationName">
<span class="DocPublicationName">{outlet}</span>
</div>
<div class="rdp__DocHeader">
<span class="DocHeader">{html.escape(header_line(entry, words))}</span>
</div>
<div class="titreArticle">
<p class="sm-margin-TopNews titreArticleVisu rdp__articletitle">{html.escape(entry["title"])}</p>{subtitle}
</div>{authors}
</header>
<section>
<div class="DocText clearfix">
<div class='docOcurrContainer' style="">
{body}
</div>
</div>
</section>
<aside></aside>
<footer>
<div class="Doc-LegalInfo"><small>© {day[:4]} {html.escape(entry["outlet"])}. Tous droits réservés.</small>
<small>Le présent document est protégé par les lois et conventions internationales sur le droit d'auteur et son utilisation est régie par ces lois et conventions.</small></div>
<div id="divPubliC" class="rdp__certificat"><div class="publiC-lblNodoc">news·{day}·VG·{number:010d}</div></div>
</footer>
</article>
"""


def not_articles(export: str) -> list[str]:
    """The documents that are not articles, in the forms the public parsers skip."""
    if export == "a":
        report = """<article>
<header>
<div class="rdp__DocPublicationName"><span class="DocPublicationName">Rapports - vie-publique.fr</span></div>
<div class="rdp__DocHeader"><span class="DocHeader">mercredi 18 mai 2022 49 mots</span></div>
<div class="titreArticle"><p class="sm-margin-TopNews titreArticleVisu rdp__articletitle">Sécheresse : le comité de suivi hydrologique alerte</p></div>
</header>
<section><div class="DocText clearfix"><div class='docOcurrContainer'>
<p>Alors que les sols sont secs et les nappes phréatiques en baisse, le Comité d’anticipation et de suivi hydrologique s'est réuni le 18 mai 2022. Il alerte sur le faible niveau général de pluviométrie constaté en France ces derniers mois et sur les risques accrus de sécheresse d’ici la fin de l’été.</p>
</div></div></section>
</article>
"""
        tweet = """<article>
<header>
<div class="rdp__DocPublicationName"><span class="DocPublicationName">Twitter</span></div>
<div class="rdp__DocHeader"><span class="DocHeader">mardi 12 juillet 2022 - 22:41 UTC +0200</span></div>
</header>
<section><div class="twitter"><div class="tweet"><div class="core-text">
<p>#FeuxdeForêt sur La Teste-de-Buch et Landiras : à la tombée de la nuit, les 2 #Dash et les 2 #Canadair engagés ont effectué près de 50 largages. 320 sapeurs-pompiers restent mobilisés cette nuit pour faire face aux flammes.</p>
<p>Sécurité Civile (@SecCivileFrance)</p>
</div></div></div></section>
</article>
"""
        return [report, tweet]
    if export == "b":
        link = """<article>
<header>
<div class="rdp__DocPublicationName"><span class="DocPublicationName">TF1 Info (site web)</span></div>
<div class="rdp__DocHeader"><span class="DocHeader">mercredi 13 juillet 2022</span></div>
<div class="titreArticle"><p class="sm-margin-TopNews titreArticleVisu rdp__articletitle">Incendies en Gironde : plus de 1 000 hectares brûlés à Landiras</p></div>
</header>
<section><div class="DocText clearfix">
<p class="link-not-hosted">Ce document n'est pas hébergé par Europresse : <a href="https://www.tf1.fr/tf1/jt-13h/videos/incendies-en-gironde-plus-de-1-000-hectares-brules-a-landiras-40040846.html">consulter la source</a></p>
</div></section>
</article>
"""
        return [link]
    return []


def main() -> None:
    entries = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))["articles"]
    number = 0
    for export, name in EXPORTS.items():
        parts = []
        for entry in entries:
            if export in entry["export"]:
                number += 1
                parts.append(article(entry, mark=HIGHLIGHT[export], number=number))
        extras = not_articles(export)
        parts[3:3] = extras  # among the articles, as in a real export sorted by date or relevance
        (HERE / name).write_text(HEAD + "".join(parts) + TAIL, encoding="utf-8")
    (HERE / "europresse-vide.html").write_text(HEAD + TAIL, encoding="utf-8")
    (HERE / "europresse-resultats.html").write_text(result_list(entries[:6]), encoding="utf-8")


def result_list(entries: list[dict]) -> str:
    """Europresse's result list saved from the browser (classes read by ebanDev/europresse-lib)."""
    items = "".join(
        f"""<div class="docOcurrContainer"><input type="hidden" id="doc-name" value="news·{str(e['date']).replace('-', '')}·VG·{i:010d}"/>
<a class="docList-links" href="#">{html.escape(e['title'])}</a>
<span class="source-name">{html.escape(e['outlet'])}</span>
<div class="details">{html.escape(header_line(e, len(e['text'].split())))} • {len(e['text'].split())} mots</div>
<div class="kwicResult clearfix">{html.escape(' '.join(e['text'].split()[:30]))}…</div></div>
"""
        for i, e in enumerate(entries, start=1)
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>Europresse - Résultats de recherche</title></head>\n'
        f'<body><div id="docListContainer"><h1>Résultats de la recherche</h1>\n{items}</div></body></html>\n'
    )


if __name__ == "__main__":
    main()
