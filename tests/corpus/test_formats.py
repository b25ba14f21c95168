"""HTML and Markdown to plain text, with what each format states outright."""
from vigie.corpus.article import Given
from vigie.corpus.clean import clean_text
from vigie.corpus.formats import html_parts, markdown_parts


def test_html_keeps_readable_text_and_drops_scripts_menus_and_forms():
    text, _ = html_parts(
        "<html><head><style>body{}</style><script>var secret = 1;</script></head><body>"
        "<nav>Accueil Politique</nav><aside>Les plus lus</aside>"
        "<p>Premier   paragraphe\nsur deux lignes.</p><div>Second<br>avec saut</div>"
        "<noscript>Activez JavaScript</noscript><form>Votre nom <button>Envoyer</button></form>"
        "<footer>Mentions légales</footer><iframe>pub</iframe></body></html>"
    )
    assert clean_text(text) == "Premier paragraphe sur deux lignes.\n\nSecond\navec saut"


def test_html_attributes_never_reach_the_text():
    text, _ = html_parts('<p>Avant<img src=x onerror="alert(\'PAYLOAD\')"><a href="javascript:PAYLOAD">lien</a></p>')
    assert clean_text(text) == "Avantlien"


def test_html_escaped_markup_stays_as_text():
    text, _ = html_parts("<p>Il a tapé &lt;script&gt;alert(1)&lt;/script&gt; &amp; rien.</p>")
    assert clean_text(text) == "Il a tapé <script>alert(1)</script> & rien."


def test_html_title_prefers_h1_and_takes_the_site_from_the_title_suffix():
    _, given = html_parts(
        "<head><title>Un titre long | Le Journal | Monde</title></head>"
        "<body><h1>Le <em>vrai</em> titre</h1><p>Texte</p><h1>Autre</h1></body>"
    )
    assert (given.title, given.source) == ("Le vrai titre", "Le Journal")


def test_html_title_tag_alone_is_used_and_not_counted_as_text():
    text, given = html_parts("<html><head><title>Le titre de l'onglet</title></head><body><p>Corps</p></body></html>")
    assert given.title == "Le titre de l'onglet"
    assert clean_text(text) == "Corps"


def test_html_meta_tags_give_date_site_and_url():
    _, given = html_parts(
        '<head><meta name="viewport" content="width=device-width">'
        '<meta property="og:site_name" content="Le Site">'
        '<meta property="og:url" content="https://og.example/a">'
        '<meta name="DC.date.issued" content="2019-05-16">'
        '<meta property="article:published_time" content="2020-01-01">'
        '<link rel="canonical" href="https://canonical.example/a"></head><body><p>x</p></body>'
    )
    assert given == Given(title="", date="2019-05-16", source="Le Site", url="https://og.example/a")


def test_html_h1_inside_a_menu_is_not_the_title():
    _, given = html_parts("<nav><h1>Menu</h1></nav><article><h1>Le titre</h1></article>")
    assert given.title == "Le titre"


def test_broken_html_does_not_raise():
    text, given = html_parts("<p>Texte <b>non fermé <div><title>Sans fin")
    assert "Texte non fermé" in clean_text(text)
    assert given.title == ""


def test_markdown_markup_is_removed():
    text, given = markdown_parts(
        "# Le titre\n\n## Sous-titre ##\n\nDu **gras**, du __gras__, un [lien](https://x.fr) et "
        "![une image](i.png).\n\n> Une citation\n"
    )
    assert clean_text(text) == (
        "Le titre\n\nSous-titre\n\nDu gras, du gras, un lien et une image.\n\nUne citation"
    )
    assert given == Given()


def test_markdown_front_matter_gives_fields():
    text, given = markdown_parts('---\ntitre: "Mon titre"\ndate: 2019-05-16\nlien: https://x.fr\nauteur: moi\n---\nCorps')
    assert given == Given(title="Mon titre", date="2019-05-16", url="https://x.fr")
    assert text == "Corps"


def test_a_markdown_rule_is_not_front_matter():
    text, given = markdown_parts("Corps\n\n---\n\nSuite")
    assert (text, given) == ("Corps\n\n---\n\nSuite", Given())
