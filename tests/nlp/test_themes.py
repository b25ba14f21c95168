from vigie.nlp.lexicon import build_lexicon
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
