"""The nlp step: articles in, :class:`vigie.types.Extraction` records out.

Extraction has two stages.  The *model* stage runs spaCy on the normalised
text and keeps what the rules read as compact bytes (:mod:`vigie.nlp.parse`);
it depends only on :attr:`Extractor.model_key`.  The *resolution* stage
decodes those bytes and applies the registry, the name rules and the theme
lexicon.  Both fresh and cached parses go through the same decoding, so an
extraction from a stored parse is the extraction from scratch, and a registry
or lexicon edit costs only the resolution stage.
"""
from __future__ import annotations

import hashlib
import itertools
import multiprocessing
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from vigie.nlp import parse
from vigie.nlp.components import set_registered, whole_names
from vigie.nlp.lexicon import Lexicon, load_lexicon
from vigie.nlp.names import NameRules, candidates
from vigie.nlp.pipeline import (
    DEFAULT_MODEL, blas_threads, load_pipeline, model_key, model_meta, resolution_vocab, vocabulary,
)
from vigie.nlp.registry import Registry, load_registry
from vigie.nlp.resolve import resolve
from vigie.nlp.text import recase_caps
from vigie.nlp.themes import THEMES_VERSION, ThemeMatcher, lexicon_topics, theme_records
from vigie.types import Article, Extraction, Mention, Sentence

# Bump when a rule changes what is extracted from the same parse, so that stored results are redone.
RULES_VERSION = "2"
_BATCH_SIZE = 32
_CACHED_PER_BATCH = 8
#: The extractor forked worker processes run (set just before they are forked, so they inherit it).
_FORKED: Extractor | None = None


class Extractor:
    """Finds sentences, actors and themes in articles; the spaCy model is loaded on first use only.

    ``model_key`` changes whenever the model stage's output for the same text
    could change (model, spaCy, pipeline set-up, normalisation);
    ``fingerprint`` whenever the sentences and actors could (``model_key``,
    registry, rules), and ``themes_fingerprint`` whenever the theme hits could
    (lexicon).  They are apart so that a lexicon edit re-assigns themes from
    the stored texts and sentences without resolving actors again; the one
    way the lexicon reaches actors, names that are also terms ("DSA") not
    taken for actors, is covered by :attr:`topics`: ingest re-resolves the
    articles that contain a term added or removed.  All are read from files,
    without loading the model, so the store can tell stale results from
    reusable ones for free.
    """

    def __init__(self, *, model: str = DEFAULT_MODEL, registry: Registry | None = None, lexicon: Lexicon | None = None):
        self.registry = registry if registry is not None else load_registry()
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.model_name = model
        self.model_version = model_meta(model)["version"]
        self.model_key = model_key(model)
        self.fingerprint = self.fingerprint_with(self.registry.sha256)
        self.themes_fingerprint = hashlib.sha256(f"{self.lexicon.sha256}\0{THEMES_VERSION}".encode()).hexdigest()

    def fingerprint_with(self, registry_sha256: str) -> str:
        """The :attr:`fingerprint` this extractor would have with another registry (ingest: was only the registry edited?)."""
        return hashlib.sha256("\0".join((self.model_key, registry_sha256, RULES_VERSION)).encode()).hexdigest()

    @property
    def key(self) -> str:
        """Everything the extraction depends on, actors and themes."""
        return f"{self.fingerprint}|{self.themes_fingerprint}"

    @cached_property
    def topics(self) -> frozenset[tuple[str, ...]]:
        """Folded lexicon terms: names equal to one of them are themes, not actors."""
        return lexicon_topics(self.lexicon)

    @property
    def nlp(self) -> Language:
        """The model stage's pipeline, loaded on first use and shared by every extractor of this model."""
        return load_pipeline(self.model_name)

    def load(self) -> None:
        """Load the model and the word tables now rather than on first use: before timing extraction, for one."""
        _ = self.nlp, self._rules, resolution_vocab(self.model_name)

    @cached_property
    def _rules(self) -> NameRules:
        return NameRules(vocabulary=vocabulary(self.model_name), topics=self.topics)

    @cached_property
    def _themes(self) -> ThemeMatcher:
        return ThemeMatcher(self.lexicon)

    def extract(self, articles: Iterable[Article], *, progress: bool = False, n_process: int = 1) -> Iterator[Extraction]:
        """One extraction per article, in order, running the model on every one."""
        for extraction, _ in self.extract_parsed(articles, progress=progress, n_process=n_process):
            yield extraction

    def extract_parsed(
        self,
        articles: Iterable[Article],
        parses: Mapping[str, bytes] | None = None,
        *,
        progress: bool = False,
        n_process: int = 1,
    ) -> Iterator[tuple[Extraction, bytes]]:
        """Each article's extraction and parse, in order; the model runs only for articles absent from ``parses``.

        ``parses`` maps article ids to bytes yielded by an earlier call with
        the same :attr:`model_key` on the same text (a parse of another text
        raises :class:`vigie.nlp.parse.ParseMismatch`); the model is not even
        loaded when every article has a parse.  With ``n_process`` above 1
        and more than one batch of articles to run the model on, up to that
        many worker processes, forked once the model is loaded, do the whole
        extraction (model and resolution), one batch at a time: the batches
        are those of one process, so the results are the same, in the same order.
        """
        parses = parses if parses is not None else {}
        if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            articles = list(articles)
            batches = _batches(articles, parses, _BATCH_SIZE)
            if min(n_process, len(batches)) > 1:
                yield from self._extract_forked(batches, min(n_process, len(batches)), progress=progress)
                return
        yield from self._extract_here(articles, parses, progress=progress)

    def _extract_here(
        self, articles: Iterable[Article], parses: Mapping[str, bytes], *, progress: bool
    ) -> Iterator[tuple[Extraction, bytes]]:
        """:meth:`extract_parsed` in this process."""
        ours, theirs = itertools.tee((article, recase_caps(article.text)) for article in articles)
        fresh = self._run_model(text for article, text in theirs if article.id not in parses)
        vocab = resolution_vocab(self.model_name)
        try:
            for article, text in tqdm(ours, desc="extraction", unit="article", disable=not progress):
                data = parses[article.id] if article.id in parses else parse.encode(next(fresh), text=text)
                yield self._extraction(parse.decode(data, text=text, vocab=vocab), article, text=text), data
        finally:
            fresh.close()

    def _extract_forked(
        self, batches: list[tuple[list[Article], dict[str, bytes]]], processes: int, *, progress: bool
    ) -> Iterator[tuple[Extraction, bytes]]:
        """:meth:`extract_parsed` in ``processes`` forked workers, one batch a task, results in order."""
        global _FORKED
        if any(len(articles) > len(parses) for articles, parses in batches):
            self.load()  # once, here: the workers share the loaded model instead of loading it each
        _ = self._rules, self._themes, resolution_vocab(self.model_name)
        _FORKED = self
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(processes, initializer=blas_threads, initargs=(1,)) as pool, tqdm(
                total=sum(len(batch) for batch, _ in batches), desc="extraction", unit="article", disable=not progress
            ) as bar:
                for done in pool.imap(_extract_batch, batches):
                    bar.update(len(done))
                    yield from done
        finally:
            _FORKED = None

    def _run_model(self, texts: Iterable[str]) -> Iterator[Doc]:
        """The model stage, one doc per normalised text (a generator, so the model loads on first need)."""
        yield from self.nlp.pipe(texts, batch_size=_BATCH_SIZE)

    def _extraction(self, doc: Doc, article: Article, *, text: str) -> Extraction:
        """The resolution stage on one decoded parse of ``text``, the article's normalised text."""
        whole_names(set_registered(doc, self.registry, vocabulary=self._rules.vocabulary, text=text))
        sentences = _sentences(doc, article.id)
        starts = [s.start for s in sentences]

        def sentence_of(offset: int) -> int:
            return max(bisect_right(starts, offset) - 1, 0)

        found = candidates(doc, original=article.text, registry=self.registry, rules=self._rules)
        mentions = tuple(
            Mention(
                article.id, sentence_of(c.start), c.start, c.end, article.text[c.start : c.end],
                actor.id, actor.name, actor.type, actor.registered,
            )
            for c, actor in resolve(found, self.registry)
        )
        hits, themes = theme_records(article.id, article.text, self._themes, starts)
        return Extraction(article.id, sentences, mentions, hits, themes)


def _batches(
    articles: list[Article], parses: Mapping[str, bytes], size: int
) -> list[tuple[list[Article], dict[str, bytes]]]:
    """Consecutive runs of articles holding ``size`` articles to run the model on (the last fewer), with their parses.

    Articles with a parse go with the batch they fall in, so each worker's
    model sees the batches one process would have made; a batch also ends
    after ``_CACHED_PER_BATCH`` times ``size`` articles, so that re-resolving
    many cached parses is shared out too (not a few hundred: for those,
    forking and sending the results back cost more than resolving them here).
    """
    batches: list[tuple[list[Article], dict[str, bytes]]] = []
    current: list[Article] = []
    to_run = 0
    for article in articles:
        full = to_run == size and article.id not in parses
        if full or (to_run == 0 and len(current) >= _CACHED_PER_BATCH * size):
            batches.append((current, {a.id: parses[a.id] for a in current if a.id in parses}))
            current, to_run = [], 0
        current.append(article)
        to_run += article.id not in parses
    if current:
        batches.append((current, {a.id: parses[a.id] for a in current if a.id in parses}))
    return batches


def _extract_batch(batch: tuple[list[Article], dict[str, bytes]]) -> list[tuple[Extraction, bytes]]:
    """In a forked worker: one batch through the extractor it inherited."""
    articles, parses = batch
    assert _FORKED is not None, "only forked workers of Extractor._extract_forked run batches"
    return list(_FORKED._extract_here(articles, parses, progress=False))


def _sentences(doc: Doc, article_id: str) -> tuple[Sentence, ...]:
    """Sentences without their surrounding white space; blank ones dropped.

    Only the tokens at each end of a sentence are visited: white space is rare inside.
    """
    found = []
    for sent in doc.sents:
        first = next((i for i in range(sent.start, sent.end) if not doc[i].is_space), None)
        if first is not None:
            last = next(i for i in range(sent.end - 1, first - 1, -1) if not doc[i].is_space)
            found.append(Sentence(article_id, len(found), doc[first].idx, doc[last].idx + len(doc[last].text)))
    return tuple(found)
