import pytest

from vigie.nlp.names import (
    NameRules,
    candidates,
    clean_entity,
    defined_acronyms,
    looks_like_name,
    merge_adjacent,
    speaker_labels,
)
from vigie.nlp.vocabulary import Vocabulary

from .handmade import make_doc

RULES = NameRules(
    vocabulary=Vocabulary(
        {
            "noun": ["personnalité", "réunion", "sceau", "paris", "ministère", "santé", "état"],
            "verb": ["demander"],
            "adj": ["américain"],
        },
        {"sceaux": ["sceau"]},
    ),
    topics=frozenset({("dsa",), ("rgpd",)}),
)


@pytest.mark.parametrize(
    ("words_pos", "person", "expected"),
    [
        ([("la", "DET"), ("Chine", "PROPN")], False, "Chine"),
        ([("M.", "NOUN"), ("Hancock", "PROPN")], True, "Hancock"),
        ([("Chambre", "NOUN"), ("des", "ADP"), ("communes", "NOUN"), ("de", "ADP"), ("témoigner", "VERB")], False,
         "Chambre des communes"),
        ([("président", "NOUN"), ("Emmanuel", "PROPN"), ("Macron", "PROPN")], True, "Emmanuel Macron"),
        ([("l'", "DET"), ("Élysée", "PROPN"), (",", "PUNCT")], False, "Élysée"),
        ([("qu'", "SCONJ")], False, None),
    ],
)
def test_clean_entity_strips_articles_titles_and_trailing_words(blank_fr, words_pos, person, expected):
    doc = make_doc(blank_fr.vocab, words_pos)
    cleaned = clean_entity(doc[:], person=person)
    assert (cleaned.text if cleaned is not None else None) == expected


def test_clean_entity_keeps_the_first_line_only(blank_fr):
    doc = make_doc(blank_fr.vocab, [("MATHIAS", "PROPN"), ("\n", "SPACE"), ("Alors", "ADV")], spaces=[False, False, False])
    assert clean_entity(doc[:]).text == "MATHIAS"


def test_a_short_number_after_a_name_belongs_to_it(blank_fr):
    doc = make_doc(blank_fr.vocab, [("la", "DET"), ("chaîne", "NOUN"), ("Channel", "PROPN"), ("4", "NUM"), (".", "PUNCT")])
    assert clean_entity(doc[2:3]).text == "Channel 4"


def span_of(blank_fr, words_pos, start, end):
    return make_doc(blank_fr.vocab, words_pos)[start:end]


@pytest.mark.parametrize(
    ("words_pos", "start", "end", "label", "is_name"),
    [
        ([("Cédric", "PROPN"), ("O", "PROPN")], 1, 2, "PER", False),  # a lone initial
        ([("la", "DET"), ("réunion", "NOUN")], 1, 2, "LOC", False),  # no capital
        ([("Personnalité", "PROPN"), (",", "PUNCT")], 0, 1, "LOC", False),  # capital by position only
        ([("de", "ADP"), ("l'", "DET"), ("Etat", "NOUN")], 2, 3, "LOC", False),  # capital by habit
        ([("Demander", "VERB"), ("aux", "ADP")], 0, 1, "LOC", False),  # a clause
        ([("à", "ADP"), ("Paris", "PROPN")], 1, 2, "LOC", True),  # a place that is also a word
        ([("garde", "NOUN"), ("des", "ADP"), ("Sceaux", "PROPN")], 2, 3, "ORG", False),  # an institution's capital
        ([("au", "ADP"), ("ministère", "NOUN"), ("de", "ADP"), ("la", "DET"), ("Santé", "NOUN")], 1, 5, "ORG", True),
        ([("l'", "DET"), ("Américaine", "PROPN")], 1, 2, "LOC", False),  # a demonym
        ([("le", "DET"), ("DSA", "PROPN")], 1, 2, "ORG", False),  # a lexicon theme
        ([("UK", "PROPN"), ("Limited", "PROPN")], 1, 2, "ORG", False),  # a legal form
        ([("Damian", "PROPN"), ("Collins", "PROPN")], 0, 2, "PER", True),
    ],
)
def test_looks_like_name(blank_fr, words_pos, start, end, label, is_name):
    assert looks_like_name(span_of(blank_fr, words_pos, start, end), rules=RULES, label=label) is is_name


def test_upper_case_in_the_article_makes_a_capital_meaningless(blank_fr):
    span = span_of(blank_fr, [("De", "ADP"), ("Paris", "PROPN")], 1, 2)
    assert looks_like_name(span, rules=RULES, label="LOC", original="De Paris")
    assert not looks_like_name(span, rules=RULES, label="LOC", original="DE PARIS")


def test_adjacent_entities_are_one_name(blank_fr):
    doc = make_doc(
        blank_fr.vocab,
        [("de", "ADP"), ("Kamala", "PROPN"), ("Harris", "PROPN"), ("et", "CCONJ"), ("Paris", "PROPN")],
        ents=[(1, 2, "LOC"), (2, 3, "LOC"), (4, 5, "LOC")],
    )
    merged = merge_adjacent([(e, e.label_) for e in doc.ents])
    assert [(s.text, label) for s, label in merged] == [("Kamala Harris", "PER"), ("Paris", "LOC")]


def test_speaker_labels_are_recurring_upper_case_lines(blank_fr):
    text = "ROMAIN DESARBRES\nBonjour.\nCEDRIC O\nMerci.\nROMAIN DESARBRES\nAu revoir.\nFIN DU DIRECT\n"
    doc = blank_fr(text)
    assert [s.text for s in speaker_labels(doc, original=text)] == ["ROMAIN DESARBRES", "ROMAIN DESARBRES"]


def test_candidates_keep_registry_names_and_drop_the_tail_of_one(blank_fr, small_registry):
    doc = make_doc(
        blank_fr.vocab,
        [("Facebook", "PROPN"), ("Ireland", "PROPN"), ("Limited", "PROPN"), ("et", "CCONJ"),
         ("Elliot", "PROPN"), ("Schrage", "PROPN"), ("à", "ADP"), ("l'", "DET"), ("Etat", "NOUN")],
        ents=[(0, 1, "ORG", "facebook"), (1, 3, "ORG"), (4, 6, "PER"), (8, 9, "LOC")],
    )
    found = candidates(doc, original=doc.text, registry=small_registry, rules=RULES)
    assert [(c.name, c.label, c.actor.id if c.actor else None) for c in found] == [
        ("Facebook", "ORG", "facebook"), ("Elliot Schrage", "PER", None),
    ]


def test_acronyms_defined_in_brackets_bring_their_full_name():
    text = (
        "Pour Agustín Reyna, du Bureau européen des unions de consommateurs (BEUC), c'est un début. "
        "Le secrétariat général de la défense et de la sécurité nationale (SGDSN) confirme. "
        "Le Digital Services Act (DSA) s'applique. Un texte (NB) sans définition."
    )
    found = [(c.name, c.label) for c in defined_acronyms(text, RULES)]
    assert found == [
        ("Bureau européen des unions de consommateurs", "ORG"), ("BEUC", "ORG"),
        ("secrétariat général de la défense et de la sécurité nationale", "ORG"), ("SGDSN", "ORG"),
    ]
    assert all(text[c.start : c.end] == c.name for c in defined_acronyms(text, RULES))
