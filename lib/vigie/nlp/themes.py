"""Finding lexicon terms in a text and scoring themes per article.

Terms are matched on the folded words of the text itself (no model needed),
so a hit is exactly reproducible and its span can be highlighted on screen.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from vigie.nlp.lexicon import Lexicon, Term
from vigie.nlp.text import WordSpans, word_key, word_keys, word_spans
from vigie.types import ArticleTheme, ThemeHit

# Bump when matching or scoring changes what the same lexicon finds in the same text.
THEMES_VERSION = "1"

_PREFIX_KEY = 3  # prefix terms are indexed by their first letters (Term.parse requires as many)


@dataclass(frozen=True, slots=True)
class TermMatch:
    theme_id: str
    term: str  # the term as written in the lexicon: the reason for the hit
    weight: float
    start: int
    end: int


class ThemeMatcher:
    """All themes' terms, indexed by the first word they accept.

    Only the words that may begin a term are made strings and looked at
    (:func:`vigie.nlp.text.word_spans`): on 10,000 synthetic articles under
    the packaged lexicon, 6.4 % of the 4.7 million words, and what may start
    at a word is worked out once per distinct word.  Finding every hit took
    2.2 s of CPU there, against 5.3 s for the word-by-word matcher it
    replaces (same hits: tests/nlp/test_themes.py).
    """

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._exact: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        for theme in lexicon.themes:
            for term in theme.terms:
                first = term.pattern[0]
                if isinstance(first, str):
                    self._prefix[first[:_PREFIX_KEY]].append((theme.id, term))
                else:
                    for form in first:
                        self._exact[form].append((theme.id, term))
        beginnings = [t.pattern[0] for theme in lexicon.themes for t in theme.terms if isinstance(t.pattern[0], str)]
        self._keys = word_keys(whole=self._exact, beginnings=beginnings)
        self._seen: dict[str, tuple[tuple[tuple[str, Term, int], ...], int]] = {}  # _options of the words met

    def find(self, text: str) -> list[TermMatch]:
        """Every term occurrence; per theme, the longest term wins and hits never overlap."""
        return self.find_all([text])[0]

    def find_all(self, texts: Sequence[str]) -> list[list[TermMatch]]:
        """:meth:`find` for each text: the words of many texts are found at once (see :func:`word_spans`)."""
        return [self._matches(found) for found in word_spans(texts, self._keys)]

    def _options(self, word: str) -> tuple[tuple[tuple[str, Term, int], ...], int]:
        """The (theme, term, its number of words) that may start at ``word``, and the most words among them.

        Kept per word met: a one-word term is then a hit without looking again.
        """
        options = tuple(
            (theme_id, term, len(term.pattern))
            for theme_id, term in (*self._exact.get(word, ()), *self._prefix.get(word[:_PREFIX_KEY], ()))
            if term.accepts(word)
        )
        self._seen[word] = options, max((size for *_, size in options), default=0)
        return self._seen[word]

    def _matches(self, found: WordSpans) -> list[TermMatch]:
        folded, starts, ends, count = found.folded, found.starts, found.ends, len(found)
        matches: list[TermMatch] = []
        busy_until: dict[str, int] = {}  # per theme, first offset not yet covered by a hit
        seen = self._seen
        for i in found.candidates:
            start = starts[i]
            word = folded[start : ends[i]]
            options, reach = seen.get(word) or self._options(word)
            following: list[str] | None = None
            best: dict[str, tuple[Term, int]] = {}
            for theme_id, term, size in options:
                if start < busy_until.get(theme_id, 0):
                    continue
                if size > 1:
                    if following is None:
                        following = [folded[starts[j] : ends[j]] for j in range(i, min(i + reach, count))]
                    if not term.matches(following, 0):
                        continue
                if theme_id not in best or size > best[theme_id][1]:
                    best[theme_id] = term, size
            for theme_id, (term, size) in best.items():
                end = ends[i + size - 1]
                busy_until[theme_id] = end
                matches.append(TermMatch(theme_id, term.text, term.weight, start, end))
        return matches


def score_themes(matches: list[TermMatch], lexicon: Lexicon, *, article_id: str) -> list[ArticleTheme]:
    """One score per theme that has hits, in lexicon order; assigned from the lexicon threshold."""
    hits: dict[str, int] = defaultdict(int)
    score: dict[str, float] = defaultdict(float)
    for match in matches:
        hits[match.theme_id] += 1
        score[match.theme_id] += match.weight
    return [
        ArticleTheme(article_id, t.id, t.label, hits[t.id], round(score[t.id], 3), score[t.id] >= lexicon.threshold)
        for t in lexicon.themes
        if hits[t.id]
    ]


def theme_records(
    article_id: str, text: str, matcher: ThemeMatcher, sentence_starts: Sequence[int]
) -> tuple[tuple[ThemeHit, ...], tuple[ArticleTheme, ...]]:
    """An article's theme hits (with the sentence each falls in) and scores: :func:`theme_records_all` for one."""
    return theme_records_all([(article_id, text, sentence_starts)], matcher)[0]


def theme_records_all(
    work: Sequence[tuple[str, str, Sequence[int]]], matcher: ThemeMatcher
) -> list[tuple[tuple[ThemeHit, ...], tuple[ArticleTheme, ...]]]:
    """Per (article id, text, sentence starts), the article's theme hits (with their sentence) and scores.

    The one path from a text to theme rows, used by extraction (one article
    at a time) and by the re-assignment after a lexicon edit (many), so
    that both give the same rows.
    """
    found = matcher.find_all([text for _, text, _ in work])
    records = []
    for (article_id, _, starts), matches in zip(work, found, strict=True):
        hits = tuple(
            ThemeHit(article_id, m.theme_id, m.term, max(bisect_right(starts, m.start) - 1, 0), m.start, m.end)
            for m in matches
        )
        records.append((hits, tuple(score_themes(matches, matcher.lexicon, article_id=article_id))))
    return records


def lexicon_topics(lexicon: Lexicon) -> frozenset[tuple[str, ...]]:
    """The folded words of every term: a name equal to one of them is a theme, not an actor."""
    return frozenset(word_key(term.text) for theme in lexicon.themes for term in theme.terms)
