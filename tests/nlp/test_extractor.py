"""End-to-end tests of the nlp step with the real fr_core_news_sm model."""
import datetime as dt

import pytest

from vigie.corpus import read_corpus
from vigie.nlp import Extractor, ParseMismatch
from vigie.datafile import read_yaml
from vigie.nlp.pipeline import load_pipeline
from vigie.nlp.registry import build_registry
from vigie.types import Article

pytestmark = pytest.mark.slow

TEXT = (
    "Entretien avec Cédric O\n\n"
    "ROMAIN DESARBRES\n"
    "FACEBOOK a annoncé des restrictions. Mark ZUCKERBERG a rencontré Emmanuel Macron à l'Elysée. "
    "Le patron de Facebook a rencontré M. Macron vendredi.\n\n"
    "CEDRIC O\n"
    "La haine en ligne et les contenus haineux doivent être retirés, comme les contenus terroristes.\n\n"
    "ROMAIN DESARBRES\n"
    "Le journaliste Matthew Chapman, du Bureau of Investigative Journalism, a rencontré M. Chapman à Biarritz. "
    "Les ETATS-UNIS et les Etats-Unis, puis la Nouvelle-Zélande."
)


def article(text=TEXT, id="a1"):
    return Article(id, f"{id}.txt", None, "titre", text, dt.date(2019, 5, 15), "day", "header", "", "", "hash")


@pytest.fixture(scope="module")
def extraction(sm_extractor):
    return next(sm_extractor.extract([article()]))


def test_every_span_indexes_the_article_text(extraction):
    for mention in extraction.mentions:
        assert TEXT[mention.start : mention.end] == mention.surface
    for hit in extraction.theme_hits:
        assert TEXT[hit.start : hit.end]
    for sentence in extraction.sentences:
        assert TEXT[sentence.start : sentence.end].strip() == TEXT[sentence.start : sentence.end]


def test_mentions_are_in_their_sentence(extraction):
    sentences = {s.index: s for s in extraction.sentences}
    for mention in extraction.mentions:
        sentence = sentences[mention.sentence]
        assert sentence.start <= mention.start and mention.end <= sentence.end


def actors(extraction):
    return {(m.actor_name, m.actor_type, m.registered) for m in extraction.mentions}


def test_registered_actors_are_found_whatever_their_spelling(extraction):
    surfaces = {m.surface for m in extraction.mentions if m.actor_id == "facebook"}
    assert surfaces == {"FACEBOOK", "Facebook"}
    assert {m.surface for m in extraction.mentions if m.actor_id == "etats-unis"} == {"ETATS-UNIS", "Etats-Unis"}
    assert {("Mark Zuckerberg", "person", True), ("Emmanuel Macron", "person", True), ("Élysée", "organisation", True),
            ("Nouvelle-Zélande", "place", True), ("Cédric O", "person", True)} <= actors(extraction)


def test_titles_and_surnames_resolve_to_the_full_name(extraction):
    macron = {m.surface for m in extraction.mentions if m.actor_id == "emmanuel-macron"}
    assert macron == {"Emmanuel Macron", "Macron"}
    chapman = {m.surface for m in extraction.mentions if m.actor_name == "Matthew Chapman"}
    assert chapman == {"Matthew Chapman", "Chapman"}


def test_unregistered_actors_are_kept_and_marked(extraction):
    found = actors(extraction)
    assert ("Matthew Chapman", "person", False) in found
    assert ("Romain Desarbres", "person", False) in found  # a transcript speaker label
    assert ("Bureau of Investigative Journalism", "organisation", False) in found


def test_no_junk_entities(extraction):
    names = {m.actor_name for m in extraction.mentions}
    assert not any(name.islower() or len(name) < 2 for name in names)
    assert "M." not in names and "Le" not in names


def test_themes_with_their_terms(extraction):
    themes = {t.theme_id: t for t in extraction.themes}
    assert themes["haine_en_ligne"].assigned and themes["terrorisme"].score >= 2
    terms = {(h.theme_id, h.term) for h in extraction.theme_hits}
    assert ("haine_en_ligne", "contenu haineux") in terms


def test_articles_come_out_in_order_with_their_ids(sm_extractor):
    ids = [e.article_id for e in sm_extractor.extract([article("Paris.", "x"), article("", "y"), article(TEXT, "z")])]
    assert ids == ["x", "y", "z"]


def test_pipeline_is_loaded_once_with_unused_components_off(sm_extractor):
    nlp = load_pipeline("fr_core_news_sm")
    other = Extractor(model="fr_core_news_sm")
    other.load()
    assert nlp is sm_extractor.nlp is other.nlp
    assert "parser" not in nlp.pipe_names and "senter" in nlp.pipe_names
    assert nlp.pipe_names == ["vigie_line_breaks", "senter", "ner", "vigie_tag_near_names"]  # no registry inside


@pytest.fixture(scope="module")
def samples(sample_corpus):
    return read_corpus(sample_corpus).articles


@pytest.fixture(scope="module")
def parsed(sm_extractor, samples):
    """The sample articles' extractions and parses, from scratch."""
    return list(sm_extractor.extract_parsed(samples))


def test_cached_parses_give_the_extraction_from_scratch_without_the_model(samples, parsed, no_model):
    parses = {extraction.article_id: data for extraction, data in parsed}
    assert list(Extractor(model="fr_core_news_sm").extract_parsed(samples, parses)) == parsed


def test_parses_are_a_fraction_of_the_text(samples, parsed):
    assert sum(len(data) for _, data in parsed) < sum(len(a.text.encode()) for a in samples) / 2


@pytest.fixture(scope="module")
def edited_registry():
    """The packaged registry without Facebook, and with Leigh Day (found by NER as a person) as a firm."""
    entries, _ = read_yaml(None, packaged="actors.yaml")
    kept = [e for e in entries["actors"] if e["name"] != "Facebook"]
    return build_registry([*kept, {"name": "Leigh Day", "type": "organisation"}])


@pytest.fixture(scope="module")
def fresh_with_edited_registry(samples, edited_registry):
    return list(Extractor(model="fr_core_news_sm", registry=edited_registry).extract(samples))


def test_a_registry_edit_on_cached_parses_equals_a_fresh_extraction(
    samples, parsed, edited_registry, fresh_with_edited_registry, no_model
):
    parses = {extraction.article_id: data for extraction, data in parsed}
    edited = Extractor(model="fr_core_news_sm", registry=edited_registry)
    assert [e for e, _ in edited.extract_parsed(samples, parses)] == fresh_with_edited_registry
    mentions = [m for e in fresh_with_edited_registry for m in e.mentions]
    assert not any(m.actor_id == "facebook" for m in mentions)
    assert {(m.actor_type, m.registered) for m in mentions if m.actor_name == "Leigh Day"} == {("organisation", True)}


def test_a_parse_of_another_text_is_refused(samples, parsed):
    with pytest.raises(ParseMismatch):
        list(Extractor(model="fr_core_news_sm").extract_parsed(samples[:1], {samples[0].id: parsed[1][1]}))


def test_two_processes_and_partly_cached_parses_change_nothing(sm_extractor, samples, parsed):
    many = [*samples, *(article(TEXT, f"t{k}") for k in range(34))]  # more than one batch: both processes work
    expected = list(sm_extractor.extract(many))
    parses = {extraction.article_id: data for extraction, data in parsed[::2]}
    assert [e for e, _ in sm_extractor.extract_parsed(many, parses, n_process=2)] == expected


def test_extractors_with_different_registries_share_the_model_without_interfering(sm_extractor):
    bare = Extractor(model="fr_core_news_sm", registry=build_registry([{"name": "Qwant", "type": "organisation"}]))
    texts = [article("FACEBOOK et Qwant à Paris.", "q")]
    full_run, bare_run = sm_extractor.extract(texts * 2), bare.extract(texts * 2)
    interleaved = [next(full_run), next(bare_run), next(full_run), next(bare_run)]
    registered = [{m.actor_name for m in e.mentions if m.registered} for e in interleaved]
    assert registered[0] == registered[2] == {"Facebook", "Qwant", "Paris"}
    assert registered[1] == registered[3] == {"Qwant"}


def test_batches_for_worker_processes_hold_one_batch_of_the_model_each_with_the_parses_they_need():
    from vigie.nlp.extractor import _CACHED_PER_BATCH, _batches

    many = [article(TEXT, f"a{k}") for k in range(7)]
    parses = {"a1": b"1", "a4": b"4"}
    batches = _batches(many, parses, 2)
    assert [[a.id for a in chunk] for chunk, _ in batches] == [["a0", "a1", "a2"], ["a3", "a4", "a5"], ["a6"]]
    assert [cached for _, cached in batches] == [{"a1": b"1"}, {"a4": b"4"}, {}]
    cached = [article(TEXT, f"c{k}") for k in range(5 * _CACHED_PER_BATCH)]
    assert len(_batches(cached, {a.id: b"" for a in cached}, 1)) == 5  # re-resolving cached parses is shared out too


def test_a_worker_process_limits_numpy_to_one_thread():
    import multiprocessing

    from vigie.nlp.pipeline import blas_threads

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(blas_threads, (1,)) is True
