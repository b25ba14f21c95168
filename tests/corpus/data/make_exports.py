"""Write the Factiva and Nexis Uni test exports from the real excerpts in ``press/articles.yaml``.

Run from the repository root: ``.venv/bin/python tests/corpus/data/make_exports.py``.
The structures follow the public parsers' sample files (see ``factiva/README.md``
and ``nexis/README.md``); the outputs are committed, this script says how they were made.
The HTML and RTF files come out byte for byte the same; the DOCX files differ only in the
times python-docx stamps into them.
"""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import docx
import yaml

HERE = Path(__file__).resolve().parent
ARTICLES = yaml.safe_load((HERE / "press" / "articles.yaml").read_text(encoding="utf-8"))["articles"]
MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
MONTHS_EN = "January February March April May June July August September October November December".split()
DAYS_FR = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
DAYS_EN = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
RTF_COUNT = 15
EN_COUNT = 8
ARTICLE_FORMAT_COUNT = 6
NEXIS_FR_COUNT = 8


def day(article: dict) -> dt.date:
    return dt.date.fromisoformat(str(article["date"]))


def outlet(article: dict) -> str:
    return f"{article['outlet']}, {article['issue']}" if article.get("issue") else article["outlet"]


def lead_and_rest(text: str) -> tuple[str, str]:
    """The first sentence as Factiva's lead paragraph (LP), the rest as its text (TD)."""
    lead, dot, rest = text.partition(". ")
    return (lead + dot).strip(), rest.strip()


def factiva_fields(article: dict, *, english: bool) -> list[tuple[str, list[str]]]:
    when = day(article)
    months = MONTHS_EN if english else MONTHS_FR
    lead, rest = lead_and_rest(article["text"])
    words = len(article["text"].split())
    fields = [("SE", [article["section"]])] if article.get("section") else []
    fields += [("HD", [article["title"]])]
    if article.get("author"):
        fields.append(("BY", [("By " if english else "Par ") + article["author"]]))
    fields += [
        ("WC", [f"{words} {'words' if english else 'mots'}"]),
        ("PD", [f"{when.day} {months[when.month - 1]} {when.year}"]),
    ]
    if article.get("time"):
        fields.append(("ET", [article["time"]]))
    fields += [
        ("SN", [outlet(article)]),
        ("SC", ["VIGIE"]),
        ("LA", ["English" if english else "Français"]),
        ("CY", [f"(c) {when.year} {article['outlet']}"]),
        ("LP", [lead]),
    ]
    if rest:
        fields.append(("TD", [rest]))
    fields.append(("AN", [f"Document VIGIE00{when:%Y%m%d}{article['id'][:6]}"]))
    return fields


def factiva_page(articles: list[dict], *, english: bool = False, indexed: bool = True) -> str:
    lang = "en" if english else "fr"
    blocks = [_indexed_div(a, lang=lang, english=english) if indexed else _article_format_div(a) for a in articles]
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html>\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>\n<title>Factiva</title>\n</head>\n'
        '<body><div id="contentWrapper"><div id="contentLeft">\n' + "\n".join(blocks) + "\n</div></div>\n"
        '<div id="pageFooter"><span class="copyright">© 2026 Factiva, Inc. Tous droits réservés.</span></div>'
        "</body>\n</html>\n"
    )


def _indexed_div(article: dict, *, lang: str, english: bool) -> str:
    rows = []
    for code, values in factiva_fields(article, english=english):
        if code in ("LP", "TD"):
            cell = "".join(f'<p class="articleParagraph {lang}articleParagraph">{html.escape(v)}</p>\n' for v in values)
            label = f"<p><b>{code}</b> </p>"
        elif code == "HD":
            cell, label = f'<b class="{lang}Headline">{html.escape(values[0])}</b>\n', f"<b>{code}</b> "
        else:
            cell, label = html.escape(values[0]), f"<b>{code}</b> "
        rows.append(f'<tr><td align="right" valign="top" class="index">{label}</td><td>{cell}</td></tr>')
    table = '<table cellpadding="1" cellspacing="1" border="0">' + "".join(rows) + "</table>"
    return f'<div class="article {lang}Article">{table}<br /></div>'


def _article_format_div(article: dict) -> str:
    fields = dict(factiva_fields(article, english=False))
    lines = [f'<div id="hd"><span class="frHeadline">{html.escape(article["title"])}</span></div>']
    if "BY" in fields:
        lines.append(f'<div class="author">{html.escape(fields["BY"][0])}</div>')
    for code in ("WC", "PD", "ET", "SN", "SC", "LA", "CY"):
        if code in fields:
            lines.append(f"<div>{html.escape(fields[code][0])}</div>")
    for code in ("LP", "TD"):
        for value in fields.get(code, []):
            lines.append(f'<p class="articleParagraph frarticleParagraph">{html.escape(value)}</p>')
    lines.append(f"<div>{html.escape(fields['AN'][0])}</div>")
    return '<div class="article frArticle">' + "\n".join(lines) + "</div>"


def rtf(paragraphs: list[str]) -> str:
    body = "".join(_rtf_escape(p).replace("\t", "\\tab ") + "\\par\n" for p in paragraphs)
    return "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}\n"


def _rtf_escape(text: str) -> str:
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) > 127:
            code = ord(char)
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
        else:
            out.append(char)
    return "".join(out)


def factiva_rtf(articles: list[dict]) -> str:
    paragraphs: list[str] = []
    for article in articles:
        for code, values in factiva_fields(article, english=False):
            paragraphs.append(f"{code}\t{values[0]}")
            paragraphs += values[1:]
        paragraphs.append("")
    return rtf(paragraphs)


def nexis_docx(articles: list[dict], path: Path, *, french: bool = False) -> None:
    document = docx.Document()
    add = document.add_paragraph
    add("Date and Time: Monday, 7. December 2026 03:30:00 CET")
    add("Job Number: 00000042")
    add(f"Documents ({len(articles)})")
    for rank, article in enumerate(articles, start=1):
        add(f"{rank}. {article['title']}")
        add("Client/Matter: -None-")
        add("Search Terms: vigie")
    add("")
    add("")
    add("")
    labels = ("Rubrique", "Longueur", "Auteur", "Encart", "Corps", "Date de chargement", "Fin du document")
    if not french:
        labels = ("Section", "Length", "Byline", "Highlight", "Body", "Load-Date", "End of Document")
    section, length, author, highlight, body, load, end = labels
    for article in articles:
        when = day(article)
        if french:
            line = f"{when.day} {MONTHS_FR[when.month - 1]} {when.year} {DAYS_FR[when.weekday()]}"
        else:
            line = f"{MONTHS_EN[when.month - 1]} {when.day}, {when.year} {DAYS_EN[when.weekday()]}"
        if article.get("time"):
            hour, minute = map(int, article["time"].split(":"))
            line += f" {hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'} CET"
        add(article["title"])
        add(outlet(article))
        add(line)
        add("")
        add(f"Copyright {when.year} {article['outlet']}")
        if article.get("section"):
            add(f"{section}:\u00a0{article['section']}; Pg. 12")
        add(f"{length}:\u00a0{len(article['text'].split())} {'mots' if french else 'words'}")
        if article.get("author"):
            add(f"{author}:\u00a0{article['author']}")
        if article.get("subtitle"):
            add(f"{highlight}:\u00a0{article['subtitle']}")
        add(body)
        add("")
        for sentence in _sentences(article["text"]):
            add(sentence)
        add("")
        add(f"{load}:\u00a0{MONTHS_EN[when.month - 1]} {when.day}, {when.year}")
        add("").add_run().add_break()
        document.paragraphs[-1].add_run(end)
        add("")
    document.save(path)


def _sentences(text: str) -> list[str]:
    parts = text.split(". ")
    return [part + "." for part in parts[:-1]] + [parts[-1]]


def main() -> None:
    factiva, nexis = HERE / "factiva", HERE / "nexis"
    factiva.mkdir(exist_ok=True)
    nexis.mkdir(exist_ok=True)
    (factiva / "factiva_fr.html").write_text(factiva_page(ARTICLES), encoding="utf-8")
    (factiva / "factiva_en.html").write_text(factiva_page(ARTICLES[:EN_COUNT], english=True), encoding="utf-8")
    page = factiva_page(ARTICLES[:ARTICLE_FORMAT_COUNT], indexed=False)
    (factiva / "factiva_article_format.html").write_text(page, encoding="utf-8")
    (factiva / "factiva_empty.html").write_text(factiva_page([]), encoding="utf-8")
    (factiva / "factiva_fr.rtf").write_text(factiva_rtf(ARTICLES[:RTF_COUNT]), encoding="ascii")
    letter = ARTICLES[-1]
    (factiva / "plain.rtf").write_text(rtf([letter["title"], "", *_sentences(letter["text"])]), encoding="ascii")
    nexis_docx(ARTICLES, nexis / "nexis_en.docx")
    nexis_docx(ARTICLES[:NEXIS_FR_COUNT], nexis / "nexis_fr.docx", french=True)
    nexis_docx([], nexis / "nexis_empty.docx")
    plain = docx.Document()
    plain.add_paragraph(letter["title"])
    for sentence in _sentences(letter["text"]):
        plain.add_paragraph(sentence)
    plain.save(nexis / "plain.docx")
    blank = docx.Document()
    blank.add_paragraph("")
    blank.save(nexis / "blank.docx")


if __name__ == "__main__":
    main()
