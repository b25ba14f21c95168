import re
from pathlib import Path

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


def test_the_models_vocabulary_answers_as_one_built_from_spacys_own_tables():
    """``pipeline.vocabulary`` reads the model's lookups file itself (faster): the same answers as spaCy's tables."""
    from spacy.lookups import Lookups
    from spacy.parts_of_speech import IDS
    from spacy.strings import get_string_id

    from vigie.corpus import read_corpus
    from vigie.nlp.pipeline import DEFAULT_MODEL, model_path, vocabulary

    lookups = Lookups().from_disk(model_path(DEFAULT_MODEL) / "lemmatizer" / "lookups")
    names = {get_string_id(pos.lower()): pos.lower() for pos in IDS if pos}
    index = lookups.get_table("lemma_index")
    spacys = Vocabulary({names[k]: v for k, v in index.items() if k in names}, lookups.get_table("lemma_lookup"))
    fast = vocabulary(DEFAULT_MODEL)
    texts = [article.text for article in read_corpus(Path(__file__).resolve().parents[2] / "corpus").articles]
    met = sorted({w for text in texts for w in re.findall(r"\w+", text)} | {"Zuckerberg", "Américaines", "ETATS"})
    assert len(met) > 1000
    assert [w in fast for w in met] == [w in spacys for w in met]
    assert [fast.is_adjective(w) for w in met] == [spacys.is_adjective(w) for w in met]
    assert sum(w in fast for w in met) > len(met) / 2 > sum(fast.is_adjective(w) for w in met) > 50
