"""The nlp step: articles in, :class:`vigie.types.Extraction` records out."""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator

import spacy
from spacy.tokens import Doc
from tqdm import tqdm

from vigie.nlp.names import NameRules, candidates
from vigie.nlp.lexicon import Lexicon, load_lexicon
from vigie.nlp.pipeline import DEFAULT_MODEL, load_pipeline, vocabulary
from vigie.nlp.registry import Registry, load_registry
from vigie.nlp.resolve import resolve
from vigie.nlp.text import recase_caps, word_key
from vigie.nlp.themes import ThemeMatcher, score_themes
from vigie.types import Article, Extraction, Mention, Sentence, ThemeHit

# Bump when a rule changes what is extracted from the same text, so that stored results are redone.
RULES_VERSION = "1"
_BATCH_SIZE = 32


class Extractor:
    """Finds sentences, actors and themes in articles with one loaded pipeline.

    ``fingerprint`` changes whenever the output for the same article could
    change (model, spaCy, registry, lexicon or rules), so the store can tell
    stale results from reusable ones.
    """

    def __init__(self, *, model: str = DEFAULT_MODEL, registry: Registry | None = None, lexicon: Lexicon | None = None):
        self.registry = registry if registry is not None else load_registry()
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.nlp = load_pipeline(model)
        self.model_name = model
        self.model_version = self.nlp.meta.get("version", "")
        topics = frozenset(word_key(term.text) for theme in self.lexicon.themes for term in theme.terms)
        self._rules = NameRules(vocabulary=vocabulary(model), topics=topics)
        self._themes = ThemeMatcher(self.lexicon)
        parts = (model, self.model_version, spacy.__version__, self.registry.sha256, self.lexicon.sha256, RULES_VERSION)
        self.fingerprint = hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def extract(self, articles: Iterable[Article], *, progress: bool = False) -> Iterator[Extraction]:
        """One extraction per article, in order, batched through the pipeline."""
        pairs = ((recase_caps(a.text), a) for a in articles)
        # The loaded pipeline is shared by every Extractor of this model: this one's registry goes with each call.
        registry_cfg = {"registry": self.registry, "vocabulary": self._rules.vocabulary}
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=_BATCH_SIZE, component_cfg={"vigie_registry": registry_cfg})
        for doc, article in tqdm(docs, desc="extraction", unit="article", disable=not progress):
            yield self._extraction(doc, article)

    def _extraction(self, doc: Doc, article: Article) -> Extraction:
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
    """Sentences without their surrounding white space; blank ones dropped."""
    found = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if words:
            found.append(Sentence(article_id, len(found), words[0].idx, words[-1].idx + len(words[-1].text)))
    return tuple(found)
