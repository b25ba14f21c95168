"""The model's identity and word tables, read from its package without loading it."""
from pathlib import Path

import spacy

from vigie.nlp import Extractor
from vigie.nlp.pipeline import model_key, model_meta, resolution_vocab, vocabulary
from vigie.nlp.registry import build_registry

GOLD = Path(__file__).resolve().parents[1] / "gold" / "themes" / "articles"


def test_model_key_and_meta_come_from_the_package_files(no_model):
    meta = model_meta("fr_core_news_sm")
    assert (meta["lang"], meta["name"], meta["version"]) == ("fr", "core_news_sm", "3.8.0")
    assert model_key("fr_core_news_sm") == model_key("fr_core_news_sm") != model_key("fr_core_news_md")
    assert len(model_key("fr_core_news_sm")) == 64


def test_an_extractor_knows_what_its_output_depends_on_without_loading_the_model(no_model):
    packaged = Extractor(model="fr_core_news_sm")
    other = Extractor(model="fr_core_news_sm", registry=build_registry([{"name": "Qwant", "type": "organisation"}]))
    assert other.model_key == packaged.model_key  # the registry is applied after the model
    assert other.fingerprint != packaged.fingerprint
    assert Extractor(model="fr_core_news_sm").fingerprint == packaged.fingerprint
    assert Extractor(model="fr_core_news_md").model_key != packaged.model_key
    assert (packaged.model_name, packaged.model_version) == ("fr_core_news_sm", "3.8.0")


def test_common_words_come_from_the_lemmatizer_tables():
    words = vocabulary("fr_core_news_sm")
    assert "Personnalité" in words and "gouvernement" in words and "Etats" in words
    assert "Zuckerberg" not in words and "Avia" not in words
    assert words.is_adjective("australienne") and not words.is_adjective("Parlement")


def test_parses_are_decoded_into_words_with_the_french_attributes_the_rules_read():
    """The decoding vocabulary skips French's tokenizer, not its word attributes: every token of 70 real excerpts."""
    french = spacy.blank("fr")
    texts = [path.read_text(encoding="utf-8") for path in sorted(GOLD.glob("*.txt"))]
    tokens = {token.text for doc in french.pipe(texts) for token in doc}
    read = ("is_punct", "is_space", "is_digit", "is_alpha", "is_upper", "is_title", "is_lower", "like_url")
    ours = resolution_vocab("fr_core_news_sm")
    assert [[getattr(ours[t], a) for a in read] for t in sorted(tokens)] == \
           [[getattr(french.vocab[t], a) for a in read] for t in sorted(tokens)]
    assert len(tokens) > 1000 and sum(ours[t].is_punct for t in tokens) >= 10
