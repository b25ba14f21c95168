import pytest

from vigie.nlp import DataFileError, load_lexicon
from vigie.nlp.lexicon import Term, inflections

REQUIRED = {"haine_en_ligne", "terrorisme", "regulation", "moderation", "donnees_personnelles",
            "desinformation", "transparence", "cooperation_internationale", "economie"}


def test_packaged_lexicon_has_the_required_themes_with_french_labels():
    lexicon = load_lexicon()
    assert REQUIRED <= {t.id for t in lexicon.themes}
    assert all(t.label and t.terms for t in lexicon.themes)
    assert lexicon.theme("haine_en_ligne").label == "Haine en ligne"
    assert lexicon.threshold == 2


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("haineux", {"haineuse", "haineuses"}),
        ("national", {"nationaux", "nationale", "nationales"}),
        ("europeen", {"europeenne", "europeens"}),
        ("regulateur", {"regulatrice", "regulateurs"}),
        ("contenu", {"contenus", "contenue"}),
        ("terrorisme", {"terrorismes"}),
    ],
)
def test_inflections_cover_french_plural_and_feminine(word, forms):
    assert forms <= inflections(word)


def test_term_matches_inflected_forms_and_prefixes():
    words = "les contenus haineux et les moderateurs".split()
    assert Term.parse("contenu haineux").matches(words, 1)
    assert not Term.parse("contenu haineux").matches(words, 0)
    assert Term.parse("modér*").matches(words, 5)
    assert not Term.parse("modér*").matches(words, 4)
    assert not Term.parse("contenu haineux").matches(words, 5)  # runs past the end


def write(tmp_path, text):
    path = tmp_path / "themes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes: [{id: a, label: A, terms: [x]}]\n", "« threshold » manque"),
        ("threshold: 0\nthemes: [{id: a, label: A, terms: [x]}]\n", "le seuil \\(threshold\\) doit être un nombre positif"),
        ("threshold: 2\nthemes: [{id: a, label: A, terms: [x]}, {id: a, label: B, terms: [y]}]\n", "ligne 2 : thème « a » : id de thème en double"),
        ("threshold: 2\nthemes: [{id: a, label: A, terms: [{term: x, weight: -1}]}]\n", "le poids doit être un nombre positif"),
        ("threshold: 2\nthemes: [{id: a, label: A, terms: [ab*]}]\n", "d'au moins 3 lettres"),
        ("threshold: 2\nthemes: [{id: a, label: A, terms: [modération, MODERATION]}]\n", "terme en double"),
        ("threshold: 2\nthemes: [{id: a, terms: [x]}]\n", "thème n° 1 : « label » manque"),
    ],
)
def test_bad_lexicon_files_fail_with_a_message(tmp_path, text, message):
    with pytest.raises(DataFileError, match=message):
        load_lexicon(write(tmp_path, text))
