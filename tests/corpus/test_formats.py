"""Markdown to plain text, with what its front matter states outright (web pages: test_web.py)."""
from vigie.corpus.article import Given
from vigie.corpus.clean import clean_text
from vigie.corpus.formats import markdown_parts


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
