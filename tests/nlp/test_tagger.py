import copy

import pytest
import spacy
from spacy.tokens import Span

from vigie.nlp.pipeline import model_path
from vigie.nlp.tagger import needed_tokens, reach


@pytest.fixture(scope="module")
def sm_config():
    """fr_core_news_sm's configuration, read from its folder (the model is not loaded)."""
    return spacy.util.load_config(model_path("fr_core_news_sm") / "config.cfg", interpolate=True)


def test_reach_is_depth_times_window_of_the_shared_encoder(sm_config):
    assert reach(sm_config) == 4


def test_no_reach_when_the_tagger_has_its_own_encoder_or_an_unknown_one(sm_config):
    own = copy.deepcopy(dict(sm_config))
    own["components"]["morphologizer"]["model"]["tok2vec"] = {"@architectures": "spacy.Tok2Vec.v2"}
    assert reach(own) is None
    recurrent = copy.deepcopy(dict(sm_config))
    recurrent["components"]["tok2vec"]["model"]["encode"] = {"@architectures": "spacy.TorchBiLSTMEncoder.v1"}
    assert reach(recurrent) is None


def test_needed_tokens_are_entities_two_after_and_short_lines(blank_fr):
    text = "ROMAIN DESARBRES\nLe patron de Channel 4 a parlé longuement hier soir devant les députés réunis à Paris pour une audition publique ."
    doc = blank_fr(text)
    doc.ents = [Span(doc, 6, 8, label="ORG")]  # Channel 4
    needed = [t.text for t, n in zip(doc, needed_tokens(doc), strict=True) if n]
    assert needed == ["ROMAIN", "DESARBRES", "Channel", "4", "a", "parlé"]


@pytest.mark.slow
def test_tags_near_names_are_those_of_the_whole_text(sm_extractor, sample_corpus):
    from vigie.corpus import read_corpus
    from vigie.nlp.text import recase_caps

    whole = spacy.load("fr_core_news_sm", exclude=["parser", "lemmatizer", "attribute_ruler", "ner", "senter"])
    texts = [recase_caps(a.text) for a in read_corpus(sample_corpus).articles]
    for ours, reference in zip(sm_extractor.nlp.pipe(texts), whole.pipe(texts), strict=True):
        needed = needed_tokens(ours)
        assert needed.any() and not needed.all()
        assert [t.pos_ for t, n in zip(ours, needed, strict=True) if n] == [
            t.pos_ for t, n in zip(reference, needed, strict=True) if n
        ]
        assert not any(t.pos_ for t, n in zip(ours, needed, strict=True) if not n)
