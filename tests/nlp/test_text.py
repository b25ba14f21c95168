from vigie.nlp.text import fold, initials, recase_caps, word_key, words


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
