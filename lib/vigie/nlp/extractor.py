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
from vigie.nlp.pipeline import DEFAULT_MODEL, load_pipeline, model_key, model_meta, resolution_vocab, vocabulary
from vigie.nlp.registry import Registry, load_registry
from vigie.nlp.resolve import resolve
from vigie.nlp.text import recase_caps, word_key
from vigie.nlp.themes import ThemeMatcher, score_themes
from vigie.types import Article, Extraction, Mention, Sentence, ThemeHit

# Bump when a rule changes what is extracted from the same parse, so that stored results are redone.
RULES_VERSION = "2"
_BATCH_SIZE = 32


class Extractor:
    """Finds sentences, actors and themes in articles; the spaCy model is loaded on first use only.

    ``model_key`` changes whenever the model stage's output for the same text
    could change (model, spaCy, pipeline set-up, normalisation), and
    ``fingerprint`` whenever the extraction could (``model_key``, registry,
    lexicon or rules).  Both are read from files, without loading the model,
    so the store can tell stale results from reusable ones for free.
    """

    def __init__(self, *, model: str = DEFAULT_MODEL, registry: Registry | None = None, lexicon: Lexicon | None = None):
        self.registry = registry if registry is not None else load_registry()
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.model_name = model
        self.model_version = model_meta(model)["version"]
        self.model_key = model_key(model)
        parts = (self.model_key, self.registry.sha256, self.lexicon.sha256, RULES_VERSION)
        self.fingerprint = hashlib.sha256("\0".join(parts).encode()).hexdigest()

    @property
    def nlp(self) -> Language:
        """The model stage's pipeline, loaded on first use and shared by every extractor of this model."""
        return load_pipeline(self.model_name)

    def load(self) -> None:
        """Load the model and the word tables now rather than on first use: before timing extraction, for one."""
        _ = self.nlp, self._rules, resolution_vocab(self.model_name)

    @cached_property
    def _rules(self) -> NameRules:
        topics = frozenset(word_key(term.text) for theme in self.lexicon.themes for term in theme.terms)
        return NameRules(vocabulary=vocabulary(self.model_name), topics=topics)

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
        raises :class:`vigie.nlp.parse.ParseMismatch`).  With ``n_process``
        above 1 the model runs in that many forked processes (``nlp.pipe``);
        the model is not even loaded when every article has a parse.
        """
        parses = parses if parses is not None else {}
        ours, theirs = itertools.tee((article, recase_caps(article.text)) for article in articles)
        fresh = self._run_model((text for article, text in theirs if article.id not in parses), n_process=n_process)
        vocab = resolution_vocab(self.model_name)
        try:
            for article, text in tqdm(ours, desc="extraction", unit="article", disable=not progress):
                data = parses[article.id] if article.id in parses else parse.encode(next(fresh), text=text)
                yield self._extraction(parse.decode(data, text=text, vocab=vocab), article, text=text), data
        finally:
            fresh.close()  # stops nlp.pipe's worker processes now, not when garbage-collected

    def _run_model(self, texts: Iterable[str], *, n_process: int) -> Iterator[Doc]:
        """The model stage, one doc per normalised text (a generator, so the model loads on first need)."""
        yield from self.nlp.pipe(texts, batch_size=_BATCH_SIZE, n_process=n_process)

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
        matches = self._themes.find(article.text)
        hits = tuple(
            ThemeHit(article.id, m.theme_id, m.term, sentence_of(m.start), m.start, m.end) for m in matches
        )
        themes = tuple(score_themes(matches, self.lexicon, article_id=article.id))
        return Extraction(article.id, sentences, mentions, hits, themes)


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
