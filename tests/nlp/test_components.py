import pytest

from vigie.nlp.components import find_registered, set_registered
from vigie.nlp.vocabulary import Vocabulary

VOCABULARY = Vocabulary({"noun": ["monde", "parlement"], "adj": ["australien", "entier"], "det": ["le"]})


def names(text, registry, vocabulary=None):
    return [(text[m.start : m.end], m.actor.id) for m in find_registered(text, registry, vocabulary=vocabulary)]


@pytest.mark.parametrize("text", ["Les Etats-Unis", "les ÉTATS UNIS", "les États-Unis", "les USA"])
def test_spelling_variants_are_one_actor(small_registry, text):
    assert [actor for _, actor in names(text, small_registry)] == ["etats-unis"]


def test_longest_name_wins_and_offsets_index_the_text(small_registry):
    text = "Mark Zuckerberg, puis M. Zuckerberg, au Royaume-Uni."
    assert names(text, small_registry) == [
        ("Mark Zuckerberg", "mark-zuckerberg"), ("Zuckerberg", "mark-zuckerberg"), ("Royaume-Uni", "royaume-uni"),
    ]


def test_lower_case_occurrences_need_a_vocabulary_and_no_common_word(small_registry):
    text = "facebook et le monde entier, selon le Monde"
    assert names(text, small_registry) == [("le Monde", "le-monde")]
    assert names(text, small_registry, VOCABULARY) == [("facebook", "facebook"), ("le Monde", "le-monde")]


def test_a_common_noun_alias_followed_by_an_adjective_is_another_institution(small_registry):
    text = "Le Parlement australien a voté, puis le Parlement."
    assert names(text, small_registry, VOCABULARY) == [("Parlement", "parlement-francais")]
    assert [n for n, _ in names(text, small_registry)] == ["Parlement", "Parlement"]  # no vocabulary, no rule


def test_names_inside_web_addresses_are_not_mentions(small_registry):
    assert names("sur facebook.com et www.facebook.fr, pas Facebook.", small_registry, VOCABULARY) == [
        ("Facebook", "facebook")
    ]


def test_registry_names_become_entities_with_ids_and_win_over_the_model(blank_fr, small_registry):
    from spacy.tokens import Span

    doc = blank_fr("FACEBOOK et Cedric O. à Londres")
    doc.ents = [Span(doc, 0, 2, label="MISC"), Span(doc, 5, 6, label="LOC")]  # what a model might say
    set_registered(doc, small_registry)
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("FACEBOOK", "ORG", "facebook"), ("Cedric O.", "PER", "cedric-o"), ("Londres", "LOC", ""),
    ]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("ROMAIN DESARBRES\nBonjour à tous", ["ROMAIN", "Bonjour"]),
        ("Titre\n\nUn texte \n suivi\n", ["Titre", "Un", "suivi"]),
        ("\nSeul", ["\n", "Seul"]),
    ],
)
def test_line_breaks_start_sentences(text, starts):
    import spacy

    nlp = spacy.blank("fr")
    nlp.add_pipe("vigie_line_breaks")
    doc = nlp(text)
    assert [t.text for t in doc if t.is_sent_start] == starts


def test_no_sentence_boundary_inside_a_name(blank_fr):
    from spacy.tokens import Span

    from vigie.nlp.components import whole_names

    doc = blank_fr("Il a vu Emmanuel Macron hier")
    doc[4].is_sent_start = True
    doc.ents = [Span(doc, 3, 5, label="PER")]
    assert not whole_names(doc)[4].is_sent_start
