"""build_article and its title and source rules."""
import datetime as dt
import hashlib

import pytest

from vigie.corpus.article import (
    Given,
    MetaRow,
    Origin,
    build_article,
    content_hash,
    source_from_text,
    split_site_suffix,
    title_from_text,
)
from vigie.corpus.dates import FoundDate
from vigie.corpus.errors import Refused

ORIGIN = Origin("x", "x.txt", None, "hash")
META = MetaRow("x.txt", 2, "Titre imposé", FoundDate(dt.date(2019, 1, 1), "year", "metadata"), "AFP", "https://a", "{}")


def test_a_short_first_line_is_the_title():
    assert title_from_text("Un titre court\n\nLe corps.") == "Un titre court"


def test_a_long_first_line_gives_its_first_sentence_cut_at_a_word():
    line = "M. Hancock a déclaré à Mark Zuckerberg " + "qu'il souhaitait faire évoluer l'approche " * 4 + ". Suite."
    title = title_from_text(line)
    assert title.startswith("M. Hancock a déclaré") and title.endswith("…")
    assert len(title) <= 121 and not title[:-1].endswith(" ")
    assert line.startswith(title[:-1])


def test_a_long_first_line_with_a_short_first_sentence():
    line = "Le président a parlé. " + "Puis il a longuement développé son propos sur la régulation. " * 3
    assert title_from_text(line) == "Le président a parlé."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Interview du ministre sur Facebook | vie-publique.fr | Discours publics", ("Interview du ministre sur Facebook", "vie-publique.fr")),
        ("Le sommet de Paris | Le Monde", ("Le sommet de Paris", "Le Monde")),
        ("Le sommet de Paris", ("Le sommet de Paris", "")),
        ("Court | site", ("Court | site", "")),
        ("Un tableau | a | b | c | d", ("Un tableau | a | b | c | d", "")),
        ("Un long titre d'article | " + "x" * 60, ("Un long titre d'article | " + "x" * 60, "")),
    ],
)
def test_site_suffix(line, expected):
    assert split_site_suffix(line) == expected


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Corps\n\n» Source (traduit de l'anglais) : reuters", "reuters"),
        ("Corps\n\nSource : Service d'information du Gouvernement, le 16 mai 2019", "Service d'information du Gouvernement"),
        ("Corps\n\nSOURCE: AFP.", "AFP"),
        ("Corps\n\nSource : " + "une phrase très longue " * 5, ""),
        ("Corps sans source", ""),
    ],
)
def test_source_line(text, source):
    assert source_from_text(text) == source


def test_build_article_strips_header_and_site_suffix_from_the_text():
    raw = "date 2019-05 Le sommet de Paris | Le Site | Politique\n\n[ Publicité ]\n\nLe sommet de Paris\n\nCorps."
    article, notes = build_article(raw, origin=ORIGIN, given=Given(), meta=None)
    assert article.text == "Le sommet de Paris\n\nCorps."
    assert (article.title, article.source, article.date, article.date_source) == (
        "Le sommet de Paris", "Le Site", dt.date(2019, 5, 1), "header"
    )
    assert notes == ""


def test_metadata_beats_given_which_beats_the_text():
    raw = "date 2019-05 Titre du texte\n\nCorps.\n\nSource : Reuters"
    given = Given(title="Titre donné", date="2018-03-04", source="Le Monde", url=" https://b ")
    from_given, _ = build_article(raw, origin=ORIGIN, given=given, meta=None)
    assert (from_given.title, from_given.source, from_given.url, from_given.date, from_given.date_source) == (
        "Titre donné", "Le Monde", "https://b", dt.date(2018, 3, 4), "metadata"
    )
    from_meta, _ = build_article(raw, origin=ORIGIN, given=given, meta=META)
    assert (from_meta.title, from_meta.source, from_meta.url, from_meta.date, from_meta.date_precision) == (
        "Titre imposé", "AFP", "https://a", dt.date(2019, 1, 1), "year"
    )


def test_a_table_row_keeps_its_own_columns_and_takes_only_gaps_from_its_tables_metadata():
    row = Origin("t#2", "t.csv", 2, "hash")
    own, _ = build_article("Corps", origin=row, given=Given(title="Titre de la ligne", date="2020-02-02"), meta=META)
    assert (own.title, own.date, own.source, own.url) == ("Titre de la ligne", dt.date(2020, 2, 2), "AFP", "https://a")
    bare, _ = build_article("Premier vers\nSecond", origin=row, given=Given(), meta=META)
    assert (bare.title, bare.date, bare.date_precision) == ("Premier vers", dt.date(2019, 1, 1), "year")


def test_an_ununderstood_given_date_is_noted_and_ignored():
    article, notes = build_article("Titre\n\nCorps", origin=ORIGIN, given=Given(date="hier soir"), meta=None)
    assert article.date is None and notes == "date 'hier soir' not understood, ignored"


def test_nothing_left_after_cleaning_is_refused():
    with pytest.raises(Refused, match="no text left"):
        build_article("Leave a Reply\n\n*\n\nPartager", origin=ORIGIN, given=Given(), meta=None)


def test_given_titles_are_normalised():
    article, _ = build_article("Corps", origin=ORIGIN, given=Given(title="L\u2019été\u00a0 chaud"), meta=None)
    assert article.title == "L'été chaud"


def test_content_hash_chains_the_metadata_row():
    plain = hashlib.sha256(b"data").hexdigest()
    assert content_hash(b"data", meta=None) == plain
    assert content_hash(b"data", meta=META) == hashlib.sha256(f"{plain}\n{{}}".encode()).hexdigest()
