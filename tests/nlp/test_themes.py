from collections import Counter
from pathlib import Path

import pytest

from vigie.nlp import load_lexicon
from vigie.nlp.lexicon import Lexicon, build_lexicon
from vigie.nlp.text import words
from vigie.nlp.themes import ThemeMatcher, score_themes

LEXICON = build_lexicon(
    {
        "threshold": 2,
        "themes": [
            {"id": "haine", "label": "Haine en ligne", "terms": [{"term": "haine en ligne", "weight": 2}, "haine", "contenu haineux"]},
            {"id": "moderation", "label": "Modération", "terms": ["retirer les contenus", "modérat*"]},
            {"id": "terrorisme", "label": "Terrorisme", "terms": ["terroris*"]},
        ],
    }
)
TEXT = "La lutte contre la HAINE EN LIGNE : retirer les contenus haineux, dit le modérateur. La haine recule."


def test_longest_term_wins_and_spans_index_the_text():
    matches = ThemeMatcher(LEXICON).find(TEXT)
    haine = [(m.term, TEXT[m.start : m.end]) for m in matches if m.theme_id == "haine"]
    assert haine == [("haine en ligne", "HAINE EN LIGNE"), ("contenu haineux", "contenus haineux"), ("haine", "haine")]


def test_themes_match_independently_over_the_same_words():
    matches = ThemeMatcher(LEXICON).find(TEXT)
    moderation = [(m.term, TEXT[m.start : m.end]) for m in matches if m.theme_id == "moderation"]
    assert moderation == [("retirer les contenus", "retirer les contenus"), ("modérat*", "modérateur")]


def test_score_is_the_sum_of_weights_and_assignment_follows_the_threshold():
    matches = ThemeMatcher(LEXICON).find(TEXT + " Un attentat terroriste.")
    scores = {t.theme_id: t for t in score_themes(matches, LEXICON, article_id="a1")}
    assert (scores["haine"].hits, scores["haine"].score, scores["haine"].assigned) == (3, 4.0, True)
    assert (scores["terrorisme"].hits, scores["terrorisme"].assigned) == (1, False)
    assert scores["haine"].label == "Haine en ligne" and scores["haine"].article_id == "a1"


def test_no_hit_no_score():
    assert score_themes(ThemeMatcher(LEXICON).find("Rien à signaler."), LEXICON, article_id="a") == []


GOLD = Path(__file__).resolve().parents[1] / "gold" / "themes"
GOLD_TEXTS = [path.read_text(encoding="utf-8") for path in sorted((GOLD / "articles").glob("*.txt"))]


def word_by_word(lexicon: Lexicon, text: str) -> list[tuple]:
    """The matcher as first written, the reference: every word of the text tried against every term."""
    found = words(text)
    busy_until: dict[str, int] = {}
    hits = []
    for i in range(len(found)):
        for theme in lexicon.themes:
            if i < busy_until.get(theme.id, 0):
                continue
            # whole first words before prefixes, as the index tries them; then the longest term
            tried = sorted(theme.terms, key=lambda term: isinstance(term.pattern[0], str))
            fitting = [term for term in tried if term.matches(found.folded, i)]
            if fitting:
                term = max(fitting, key=lambda term: len(term.pattern))  # the first of the longest
                busy_until[theme.id] = i + len(term.pattern)
                hits.append((found.starts[i], found.ends[i + len(term.pattern) - 1], theme.id, term.text, term.weight))
    return sorted(hits)


def _lexicon_of(texts: list[str]) -> Lexicon:
    """Terms taken from the texts themselves: frequent words as prefixes, whole words and pairs of words."""
    counts = Counter(w for text in texts for w in words(text).folded if len(w) >= 6 and w.isalpha())
    pairs = Counter(p for text in texts for p in zip(words(text).folded, words(text).folded[1:]) if min(map(len, p)) >= 4)
    common = [w for w, _ in counts.most_common(60)]
    themes = [
        {"id": "prefixes", "label": "Préfixes", "terms": sorted({f"{w[:5]}*" for w in common[:20]})},
        {"id": "mots", "label": "Mots", "terms": [{"term": w, "weight": 2} for w in common[10:40]]},
        {"id": "paires", "label": "Paires", "terms": [" ".join(p) for p, _ in pairs.most_common(25)]
                                                     + [w for w in common[35:60]]},
    ]
    return build_lexicon({"threshold": 3, "themes": themes})


@pytest.mark.parametrize("lexicon", ["packaged", "from the texts"])
def test_many_real_articles_at_once_give_the_hits_of_the_word_by_word_matcher(lexicon):
    """The matcher that skips most words (numpy) finds what trying every word finds, on 70 real press excerpts."""
    lexicon = load_lexicon() if lexicon == "packaged" else _lexicon_of(GOLD_TEXTS)
    matcher = ThemeMatcher(lexicon)
    found = matcher.find_all(GOLD_TEXTS)
    assert [matcher.find(text) for text in GOLD_TEXTS] == found  # one at a time or many: the same
    for text, matches in zip(GOLD_TEXTS, found, strict=True):
        assert sorted((m.start, m.end, m.theme_id, m.term, m.weight) for m in matches) == word_by_word(lexicon, text)
    assert sum(map(len, found)) > (300 if lexicon.themes[0].id == "prefixes" else 3)
