"""Web pages through trafilatura and htmldate, on real pages (``pages/``, sources in its README).

Expected fields and snippets are trafilatura's own annotations of these pages
(``tests/evaldata.json`` of adbar/trafilatura); the payload tests put markup
that must stay inert into a real page, not into a page written for the test.
"""
from pathlib import Path

import pytest

from vigie.corpus.clean import clean_text
from vigie.corpus.decode import decode
from vigie.corpus.web import FALLBACK_NOTE, read_web_page

PAGES = Path(__file__).parent / "pages"
SOUND = "soundofscience.fr.1927.html"
BONDY = "bondyblog.fr.paris-8.html"
ANNOTATED = {
    SOUND: dict(
        title="Une candidature collective à la présidence du HCERES", authors="Martin Clavey",
        source="The Sound Of Science", date="2020-01-20", url="https://www.soundofscience.fr/1927",
        kept=["En réaction à la candidature", "Une cible,", "Sans recherche autonome,"],
        dropped=["Votre adresse de messagerie", "Le montage du CNRS"],
    ),
    BONDY: dict(
        title="A Paris-8, un peu de tension, beaucoup d'actions", authors="Kab Niang", source="Bondy Blog",
        date="2020-02-17", url="https://www.bondyblog.fr/societe/a-paris-8-un-peu-de-tension-beaucoup-d-actions/",
        kept=["Une grève reconductible à partir du 5 mars", "Marie-Pierre ne fait plus de cours",
              "Solidaires Étudiant-e-s Saint-Denis"],
        dropped=["Candidatures ouvertes pour le Prix", "Intervenant à l’atelier", "Le piquet de grève dans le hall"],
    ),
}  # fmt: skip


def page(name: str) -> str:
    return decode((PAGES / name).read_bytes())


@pytest.mark.parametrize("name", ANNOTATED)
def test_a_real_page_gives_its_article_and_what_it_states(name):
    expected = ANNOTATED[name]
    read = read_web_page(page(name))
    given = read.given
    assert (given.title, given.authors, given.source, given.date, given.url) == (
        expected["title"], expected["authors"], expected["source"], expected["date"], expected["url"]
    )
    assert read.note == ""
    assert read.text.startswith(expected["title"] + "\n\n")  # the title opens the text, as in a .txt file
    for snippet in expected["kept"]:
        assert snippet in read.text
    for snippet in expected["dropped"]:  # site furniture: related links, comment form, photo captions
        assert snippet not in read.text


def test_blocks_become_paragraphs():
    text = clean_text(read_web_page(page(BONDY)).text)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) > 10 and all(paragraph and "\n" not in paragraph for paragraph in paragraphs)


# the opening of a real teaser (tests/gold/bylines/b09_lemonde_chambre.txt): its body names an earlier episode
CHAMBRE = (
    "<h1>Aux Etats-Unis, la Chambre des représentants, cœur de la revanche trumpiste</h1>"
    "<p>Le nouveau speaker républicain, Kevin McCarthy, a dû s’allier avec la frange la plus extrémiste de son parti "
    "pour être élu, leur accordant de fait une place centrale. Ils pourront désormais lancer leur vendetta en réponse "
    "aux enquêtes sur l’assaut du 6 janvier 2021 contre le Capitole.</p>"
)


def test_the_date_is_the_first_publication_from_the_markup_never_from_the_body():
    assert read_web_page(page(BONDY)).given.date == "2020-02-17"
    assert read_web_page(f"<html><body><article>{CHAMBRE}</article></body></html>").given.date == ""
    dated = (
        '<html><head><meta property="article:modified_time" content="2023-01-13T09:10:00+01:00">'
        '<meta property="article:published_time" content="2023-01-12T18:00:00+01:00"></head>'
        f"<body><article>{CHAMBRE}</article></body></html>"
    )
    assert read_web_page(dated).given.date == "2023-01-12"


PAYLOADS = (
    '<script>document.write("SCRIPT-TEXT")</script><style>p { color: red }</style>'
    "<img src=x onerror=\"alert('IMG-PAYLOAD')\"><a href=\"javascript:alert('HREF-PAYLOAD')\">lien</a>"
    "<p>Il a tapé &lt;script&gt;alert(1)&lt;/script&gt; &amp; rien.</p>"
)


@pytest.mark.parametrize("name", ANNOTATED)
def test_scripts_handlers_and_links_never_become_text_and_escaped_markup_stays_text(name):
    document = page(name)
    paragraph = document.rindex("<p", 0, document.index(ANNOTATED[name]["kept"][1]))  # a paragraph of the article
    text = read_web_page(document[:paragraph] + PAYLOADS + document[paragraph:]).text
    for hidden in ("SCRIPT-TEXT", "color: red", "IMG-PAYLOAD", "HREF-PAYLOAD", "onerror", "javascript"):
        assert hidden not in text
    assert "Il a tapé <script>alert(1)</script> & rien." in text


def test_the_canonical_link_is_the_url():
    document = page(SOUND).replace("<head>", '<head><link rel="canonical" href="https://example.org/canonique">', 1)
    assert read_web_page(document).given.url == "https://example.org/canonique"


def test_a_page_whose_text_trafilatura_rejects_is_read_whole_and_says_so():
    # the article's paragraphs inside a block marked as comments: trafilatura leaves them out
    paragraph = "Depuis la rentrée de janvier, étudiants, personnels et enseignants luttent contre les réformes."
    read = read_web_page(f'<html><body><div class="comments"><p>{paragraph}</p></div></body></html>')
    assert read.note == FALLBACK_NOTE
    assert paragraph in read.text


def test_a_page_with_nothing_readable_gives_no_text():
    assert read_web_page("<html><script>var a = 'rien';</script></html>").text == ""
    assert read_web_page("").text == ""
