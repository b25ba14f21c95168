from pathlib import Path

import pytest

from vigie.nlp.text import fold, fold_all, initials, recase_caps, word_key, word_keys, word_spans, words


def test_fold_keeps_length_and_removes_accents_and_case():
    text = "États-Unis, ÉLYSÉE, l’Œuvre – Noël"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("etats-unis, elysee, l'")
    assert "noel" in folded


def test_words_split_on_hyphens_apostrophes_and_spaces_with_offsets():
    text = "Les ÉTATS-UNIS et l'Élysée"
    found = words(text)
    assert found.folded == ["les", "etats", "unis", "et", "l", "elysee"]
    assert [text[s:e] for s, e in zip(found.starts, found.ends, strict=True)][1:3] == ["ÉTATS", "UNIS"]


def test_word_key_makes_spelling_variants_one_name():
    assert word_key("États-Unis") == word_key("ETATS UNIS") == word_key("Etats-Unis") == ("etats", "unis")


def test_recase_caps_title_cases_names_and_keeps_acronyms():
    text = "FACEBOOK et la CNIL\nROMAIN DESARBRES\nCEDRIC O\nle G7 et Mark ZUCKERBERG"
    recased = recase_caps(text)
    assert len(recased) == len(text)
    assert recased == "Facebook et la CNIL\nRomain Desarbres\nCedric O\nle G7 et Mark Zuckerberg"


def test_recase_caps_handles_hyphens_and_apostrophes():
    assert recase_caps("JEAN-PIERRE D'ALEMBERT") == "Jean-Pierre D'Alembert"


def test_recase_caps_leaves_short_single_words_and_mixed_case_alone():
    text = "Le DSA, le RGPD, l'UE et YouTube"
    assert recase_caps(text) == text


def test_initials_of_all_words_and_of_long_words():
    assert initials(("bureau", "of", "investigative", "journalism")) == ("boij", "bij")
    assert initials(("union", "europeenne")) == ("ue",)
    assert initials(("facebook",)) == ()


GOLD_ARTICLES = sorted((Path(__file__).resolve().parents[1] / "gold" / "themes" / "articles").glob("*.txt"))
# Characters where folding or word cutting could go wrong: astral letters and emoji, a combining accent,
# letters whose lower case is longer (İ) or outside Latin (Σ), underscores, typographic apostrophes and dashes.
ODD = "L’ÉTÉ—déjà 𝔄𝔅 😀 ok e\u0301t\u00e9 İstanbul ΣΟΦΙΑ snake_case Ǆ 1er–2e « NATO » \u00a0fin\n\nx"


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_word_spans_cut_and_fold_as_words_does_on_real_press(batch):
    """numpy's words (vigie.nlp.themes matches on them) against the regular expression's, text by text."""
    texts = [path.read_text(encoding="utf-8") for path in GOLD_ARTICLES] + [ODD, "", "—"]
    found = [w for w in words(texts[0]).folded if len(w) >= 3][:30]
    keys = word_keys(whole=found, beginnings=["ret", "agric", "olymp"])
    spans = [s for first in range(0, len(texts), batch) for s in word_spans(texts[first : first + batch], keys)]
    assert len(spans) == len(texts) == len(GOLD_ARTICLES) + 3
    for text, span in zip(texts, spans, strict=True):
        expected = words(text)
        assert (span.folded, span.starts, span.ends) == (fold(text), expected.starts, expected.ends)
        wanted = [i for i, w in enumerate(expected.folded) if w in found or w.startswith(("ret", "agric", "olymp"))]
        assert set(wanted) <= set(span.candidates)  # a superset: the matcher compares the strings
        assert len(span.candidates) < len(span) / 2 or len(span) < 10  # yet a filter
    assert sum(len(s.candidates) for s in spans) > 100


def test_fold_all_is_fold_text_by_text():
    texts = [path.read_text(encoding="utf-8") for path in GOLD_ARTICLES] + [ODD, ""]
    assert fold_all(texts) == [fold(text) for text in texts] and fold_all([]) == []
