"""A hostile corpus built on disk: every trap a real folder of articles sets.

``build_hostile_corpus`` writes the files and returns, for every input file
and table row, the status and a fragment of the reason the reader must give,
so the test can account for each of them one by one.  Nothing here mocks the
reader: these are real bytes in real encodings.
"""
from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import os
import random
import zipfile
from io import BytesIO
from dataclasses import dataclass, field
from pathlib import Path

FIRST_NAMES = ["Jean", "Marie", "Pierre", "Sophie", "Luc", "Claire", "Paul", "Anne", "Marc", "Julie"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
FIVE_THOUSAND_NAMES = [f"{first} {last}-{n}" for n in range(50) for first in FIRST_NAMES for last in LAST_NAMES]
XSS = "Le pirate a posté <script>alert('vigie')</script> et <img src=x onerror=alert(1)> dans le forum."
LONG_FIELD = "Un très long article. " * 9000  # ~200 kB: past the csv module's default cell limit
BODY = "Emmanuel Macron a reçu Mark Zuckerberg à l'Élysée pour parler de régulation."

Outcome = tuple[str, str]  # (status, fragment of the reason; '' when there is none to check)


@dataclass
class HostileCorpus:
    root: Path
    expected: dict[tuple[str, int | None], Outcome] = field(default_factory=dict)

    def digests(self) -> dict[str, str]:
        """sha256 of every file under the root, hidden ones included: to prove nothing was touched."""
        return {
            os.fsdecode(file): hashlib.sha256(file.read_bytes()).hexdigest()
            for file in sorted(self.root.rglob("*"))
            if file.is_file() and not file.is_symlink()
        }

    def write(self, path: str, data: bytes | str, outcome: Outcome | None = None) -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if outcome:
            self.expected[(path, None)] = outcome
        return file

    def rows(self, path: str, outcomes: dict[int, Outcome]) -> None:
        for row, outcome in outcomes.items():
            self.expected[(path, row)] = outcome


INGESTED: Outcome = ("ingested", "")


def build_hostile_corpus(root: Path) -> HostileCorpus:
    corpus = HostileCorpus(root)
    _encodings(corpus)
    _names_and_ids(corpus)
    _refusals(corpus)
    _dates_and_payloads(corpus)
    _html(corpus)
    _tables(corpus)
    _metadata(corpus)
    return corpus


def _encodings(corpus: HostileCorpus) -> None:
    text = "Le président\n\nIl a déclaré à l'Élysée qu'il était prêt, œuvre à 12 € près.\n"
    corpus.write("enc/utf8.txt", text, INGESTED)
    corpus.write("enc/utf8_bom.txt", b"\xef\xbb\xbf" + text.encode(), INGESTED)
    corpus.write("enc/utf16le.txt", text.encode("utf-16"), INGESTED)
    corpus.write("enc/utf16be.txt", b"\xfe\xff" + text.encode("utf-16-be"), INGESTED)
    corpus.write("enc/latin1.txt", text.replace("œuvre à 12 €", "oeuvre à 12 francs").encode("latin-1"), INGESTED)
    corpus.write("enc/cp1252.txt", text.replace("l'Élysée", "l\u2019Élysée").encode("cp1252"), INGESTED)
    corpus.write("enc/crlf.txt", text.replace("\n", "\r\n"), INGESTED)
    corpus.write("enc/cr.txt", text.replace("\n", "\r"), INGESTED)
    corpus.write("enc/nfd.txt", text.replace("é", "e\u0301").replace("É", "E\u0301"), INGESTED)


def _names_and_ids(corpus: HostileCorpus) -> None:
    corpus.write("UPPER.TXT", f"Majuscules\n\n{BODY}", INGESTED)
    corpus.write("Notes.MarkDown", f"# Titre en Markdown\n\n**{BODY}** [lien](http://x.fr)", INGESTED)
    corpus.write("twice/a.txt", f"Premier dossier\n\n{BODY}", INGESTED)
    corpus.write("again/a.txt", f"Second dossier\n\n{BODY}", INGESTED)
    corpus.write("a.txt", f"Texte A\n\n{BODY}", INGESTED)
    corpus.write("a.md", f"---\ntitle: Front matter\ndate: 2019-03\n---\n# Texte A en Markdown\n\n{BODY}", INGESTED)
    corpus.write("deep/er/still/article.htm", f"<p>Profond</p><p>{BODY}</p>", INGESTED)
    corpus.write("names.txt", "Liste des personnes citées\n\n" + "\n".join(FIVE_THOUSAND_NAMES), INGESTED)
    corpus.write("long.txt", "Un texte trop long\n\n" + ("Une phrase de remplissage. " * 20 + "\n\n") * 2100, INGESTED)
    corpus.expected[("long.txt", None)] = ("ingested", "cut to 1000000 chars")
    corpus.write(".hidden.txt", BODY, ("ignored", "hidden file"))
    corpus.write(".vigie/cache.txt", BODY)  # hidden folders are not walked: no report at all
    corpus.write("sub/.git/objects.txt", BODY)
    os.symlink(corpus.root / "a.txt", corpus.root / "link.txt")
    corpus.expected[("link.txt", None)] = ("ignored", "symbolic link")
    bad_name = os.fsencode(corpus.root) + b"/caf\xe9.txt"
    with open(bad_name, "wb") as handle:
        handle.write(BODY.encode())
    corpus.expected[("caf\ufffd.txt", None)] = ("rejected", "not valid UTF-8")


def _refusals(corpus: HostileCorpus) -> None:
    corpus.write("refused/empty.txt", b"", ("rejected", "empty file"))
    corpus.write("refused/invisible.md", "\u200b\n\u200b\u2060\n", ("rejected", "no text left"))
    corpus.write("refused/spaces.txt", "   \n\n\t  \r\n", ("rejected", "only whitespace"))
    corpus.write("refused/furniture.txt", "Leave a Reply\n*\nRechercher\n[ Publicité ]\n", ("rejected", "no text left"))
    corpus.write("refused/nul.txt", b"Texte\x00avec\x00des\x00NUL", ("rejected", "binary"))
    stray = "Un article\n\n" + f"{BODY} " * 10
    corpus.write("stray_controls.txt", stray[:60] + "\x00" + stray[60:] + "\x07\x1b", ("ingested", "3 caractères de contrôle retirés"))
    corpus.write("refused/renamed_pdf.txt", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", ("rejected", "PDF"))
    corpus.write("refused/renamed_png.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("rejected", "PNG"))
    corpus.write("refused/renamed_gzip.csv", gzip.compress(BODY.encode()), ("rejected", "gzip"))
    corpus.write("refused/random.txt", random.Random(7).randbytes(4000), ("rejected", "binary"))
    corpus.write("refused/huge.txt", ("Une ligne de texte ordinaire.\n" * 730_000).encode(), ("rejected", "larger than 20 MB"))
    corpus.write("refused/doc.pdf", b"%PDF-1.4\n", ("unsupported", "unsupported format .pdf"))
    corpus.write("refused/doc.docx", _zip_bytes(), ("rejected", "ZIP archive that is not a Word document"))
    corpus.write("refused/doc.odt", _zip_bytes(), ("unsupported", "unsupported format .odt"))
    corpus.write("refused/photo.png", b"\x89PNG\r\n\x1a\n", ("unsupported", "unsupported format .png"))
    corpus.write("refused/photo.JPG", b"\xff\xd8\xff\xe0", ("unsupported", "unsupported format .jpg"))
    corpus.write("refused/corpus.txt.gz", gzip.compress(BODY.encode()), ("unsupported", "compressed"))
    corpus.write("refused/corpus.zip", _zip_bytes(), ("unsupported", "compressed"))
    corpus.write("refused/corpus.bz2", bz2.compress(BODY.encode()), ("unsupported", "compressed"))
    corpus.write("refused/corpus.xz", lzma.compress(BODY.encode()), ("unsupported", "compressed"))
    corpus.write("refused/corpus.7z", b"7z\xbc\xaf\x27\x1c\x00\x04", ("unsupported", "compressed"))
    corpus.write("refused/README", BODY, ("unsupported", "no file extension"))
    corpus.write("actors.yaml", "acteurs: []\n", ("ignored", "configuration file"))
    corpus.write("themes.yaml", "themes: []\n", ("ignored", "configuration file"))
    corpus.write("sub/metadata.csv", "path,title\na.txt,X\n", ("rejected", "no text column"))


def _dates_and_payloads(corpus: HostileCorpus) -> None:
    corpus.write("dates/header.txt", f"date 2019-05\nLe sommet de Paris\n\n{BODY}", INGESTED)
    corpus.write("dates/agency.txt", f"Sommet à Paris\n\nPARIS, 16 mai 2019 (AFP) - {BODY}", INGESTED)
    corpus.write(
        "dates/caption.txt",
        f"Une photo\n\n{BODY}\n\nPHOTO DE DOSSIER : le logo, le 8 avril 2019.\n\nLe 15 mars dernier, un drame.",
        INGESTED,
    )
    corpus.write("dates/yearless.txt", f"date 2019-05\nSommet\n\nPARIS, 16 mai (Reuters) - {BODY}", INGESTED)
    corpus.write("dates/title.txt", f"Entretien avec le ministre le 15 mai 2019\n\n{BODY}", INGESTED)
    corpus.write(
        "dates/source_line.txt",
        f"Entretien du 15 mai 2019\n\n{BODY}\n\nSource : Service d'information, le 16 mai 2019",
        INGESTED,
    )
    corpus.write("xss.txt", f"Un forum piraté\n\n{XSS}", INGESTED)
    corpus.write("meta_target.txt", f"Titre du fichier\n\n{BODY}", INGESTED)


def _html(corpus: HostileCorpus) -> None:
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Macron et Zuckerberg | Le Journal | Tech</title>
<meta property="article:published_time" content="2019-05-10T15:00:00+02:00">
<link rel="canonical" href="https://journal.example/macron-zuckerberg">
<script>document.write("SCRIPT-TEXT")</script><style>p {{ color: red }}</style>
</head><body><nav><a href="/">Accueil</a> MENU-TEXT</nav>
<header><h1>Macron reçoit <em>Zuckerberg</em></h1></header>
<article><p>{BODY}</p><p>Un &laquo;&nbsp;sommet&nbsp;&raquo; &amp; des <b>annonces</b>.<br>Nouvelle ligne.</p>
<img src="x" onerror="alert('IMG-PAYLOAD')"><p>Le texte &lt;script&gt; reste du texte.</p></article>
<form><input value="FORM-TEXT">Laisser un commentaire</form><footer>FOOTER-TEXT © 2019</footer>
<script>alert("SCRIPT-TWO")</script></body></html>"""
    corpus.write("web/page.html", page, INGESTED)
    latin_page = "<html><head><title>Été à Paris</title></head><body><p>Un été très chaud à Paris.</p></body></html>"
    corpus.write("web/PAGE2.HTM", latin_page.encode("latin-1"), INGESTED)
    corpus.write("web/only_script.html", "<html><script>var a = 'rien';</script></html>", ("rejected", "no text left"))
    corpus.write(  # trafilatura leaves a comments block out: the page is read whole, and the report says so
        "web/comments_only.html",
        f'<html><body><div class="comments"><p>{BODY}</p></div></body></html>',
        ("ingested", "page lue en entier"),
    )


def _tables(corpus: HostileCorpus) -> None:
    corpus.write(
        "tables/comma.csv",
        "id,title,text,date,source,url\n"  # line 1
        f'n1,Premier,"{BODY}",2019-05-16,AFP,https://x.fr/1\n'  # line 2
        'n2,Multiligne,"Première ligne, avec virgule\n\nSeconde ligne ""citée""",16/05/2019,,\n'  # lines 3-5
        "n3,Sans texte,,2019,,\n"  # line 6
        f'n1,Doublon,"{BODY}",,,\n'  # line 7
        f'n4,Trop,"{BODY}",,,,en trop\n'  # line 8
        f'n5,Date,"{BODY}",demain,,\n'  # line 9
        "\n"  # line 10: blank, no row
        f'7,Numérique,"{BODY}",,,\n',  # line 11
    )
    corpus.rows(
        "tables/comma.csv",
        {
            2: INGESTED,
            3: INGESTED,
            6: ("rejected", "no text"),
            7: ("rejected", "duplicate id"),
            8: ("rejected", "7 fields for 6 columns"),
            9: ("ingested", "not understood"),
            11: INGESTED,
        },
    )
    corpus.write(
        "tables/semicolon.csv",
        "\ufeffTitre;Texte;Date;Lien\r\n"
        f"Court;{BODY};16 mai 2019;https://x.fr/2\r\n"
        f'Long;"{LONG_FIELD}";2019-05;\r\n'
        'Vide;"   ";;\r\n',
    )
    corpus.rows("tables/semicolon.csv", {2: INGESTED, 3: INGESTED, 4: ("rejected", "no text")})
    corpus.write("tables/latin.csv", f"contenu,corps\n\"{BODY}\",autre\n".encode("cp1252"))
    corpus.rows("tables/latin.csv", {2: INGESTED})
    corpus.write("tables/no_text.csv", "title,date\nUn titre,2019\n", ("rejected", "no text column"))
    corpus.write("tables/header_only.csv", "id,text\n", ("rejected", "no rows"))
    corpus.write(
        "tables/feed.jsonl",
        f'{{"id": 1, "titre": "Un", "texte": "{BODY}", "date": "2019-05-16"}}\n'  # line 1
        "\n"  # line 2: blank
        '{"id": 2, "texte": "tronqué\n'  # line 3: malformed
        "[1, 2, 3]\n"  # line 4: not an object
        '{"id": 3, "title": "Sans texte"}\n'  # line 5
        f'{{"corps": "{BODY}", "source": "Le Monde", "extra": {{"a": [1]}}}}\n',  # line 6
    )
    corpus.rows(
        "tables/feed.jsonl",
        {
            1: INGESTED,
            3: ("rejected", "malformed JSON"),
            4: ("rejected", "not a JSON object"),
            5: ("rejected", "no text"),
            6: INGESTED,
        },
    )


def _metadata(corpus: HostileCorpus) -> None:
    corpus.write(
        "metadata.csv",
        "path;title;date;source;url\n"  # line 1
        "meta_target.txt;Titre choisi à la main;16/05/2019;Le Monde;https://lemonde.fr/a\n"  # line 2
        "absent.txt;Fantôme;2019;;\n"  # line 3
        "a.txt;Mauvaise date;2019-13-45;;\n"  # line 4
        "../outside.txt;Dehors;;;\n"  # line 5
        "/etc/passwd;Absolu;;;\n"  # line 6
        "./a.md;;2019-03-02;Markdown Hebdo;\n"  # line 7
        "meta_target.txt;Encore;;;\n"  # line 8
        "tables/comma.csv;;;Flux CSV;\n",  # line 9
        ("ignored", "configuration file"),
    )
    corpus.rows(
        "metadata.csv",
        {
            3: ("rejected", "no article file"),
            4: ("rejected", "invalid date"),
            5: ("rejected", "outside the corpus"),
            6: ("rejected", "outside the corpus"),
            8: ("rejected", "already described"),
        },
    )


def _zip_bytes() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<document/>")
    return buffer.getvalue()
