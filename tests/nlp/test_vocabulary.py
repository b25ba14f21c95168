from vigie.nlp.vocabulary import Vocabulary


def vocabulary():
    return Vocabulary(
        {"noun": ["état", "réunion", "parlement"], "adj": ["américain", "australien", "national"]},
        {"réunions": ["réunion"], "américaines": ["américain"]},
    )


def test_common_words_are_found_in_any_case_and_without_accents():
    v = vocabulary()
    assert "Réunion" in v and "réunions" in v
    assert "Etat" in v and "ETATS" in v  # capitals often lose their accents, plurals their s
    assert "Zuckerberg" not in v
    assert 3 not in v


def test_adjectives_with_their_feminine_and_plural_forms():
    v = vocabulary()
    assert v.is_adjective("Américaine") and v.is_adjective("australienne") and v.is_adjective("américaines")
    assert not v.is_adjective("Parlement")


def test_an_empty_vocabulary_knows_no_word():
    assert "réunion" not in Vocabulary() and not Vocabulary().is_adjective("national")
