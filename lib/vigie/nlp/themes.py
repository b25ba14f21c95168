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
from vigie.nlp.text import word_key, words
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
    """All themes' terms, indexed by the first word they accept."""

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

    def find(self, text: str) -> list[TermMatch]:
        """Every term occurrence; per theme, the longest term wins and hits never overlap."""
        found = words(text)
        folded = found.folded
        matches: list[TermMatch] = []
        busy_until: dict[str, int] = defaultdict(int)  # per theme, first word index not yet covered
        exact, prefix = self._exact, self._prefix
        # Only the words a term can start at (a few in a hundred): the per-word work below is what costs.
        for i in [i for i, word in enumerate(folded) if word in exact or word[:_PREFIX_KEY] in prefix]:
            word = folded[i]
            best: dict[str, Term] = {}
            for theme_id, term in (*self._exact.get(word, ()), *self._prefix.get(word[:_PREFIX_KEY], ())):
                if i >= busy_until[theme_id] and term.matches(folded, i):
                    if theme_id not in best or len(term.pattern) > len(best[theme_id].pattern):
                        best[theme_id] = term
            for theme_id, term in best.items():
                last = i + len(term.pattern) - 1
                busy_until[theme_id] = last + 1
                matches.append(TermMatch(theme_id, term.text, term.weight, found.starts[i], found.ends[last]))
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
    """An article's theme hits (with the sentence each falls in) and scores.

    The one path from a text to theme rows, used by extraction and by the
    re-assignment after a lexicon edit, so that both give the same rows.
    """
    matches = matcher.find(text)
    hits = tuple(
        ThemeHit(article_id, m.theme_id, m.term, max(bisect_right(sentence_starts, m.start) - 1, 0), m.start, m.end)
        for m in matches
    )
    return hits, tuple(score_themes(matches, matcher.lexicon, article_id=article_id))


def lexicon_topics(lexicon: Lexicon) -> frozenset[tuple[str, ...]]:
    """The folded words of every term: a name equal to one of them is a theme, not an actor."""
    return frozenset(word_key(term.text) for theme in lexicon.themes for term in theme.terms)
