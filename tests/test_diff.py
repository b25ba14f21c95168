"""vigie.diff: two copies of one story compared word by word."""
from vigie.diff import compare


def test_the_parts_rebuild_both_texts():
    first = "Le président a parlé hier à Paris.\n\nUn paragraphe coupé ensuite. Fin."
    second = "Le président a parlé lundi à Paris.\nFin."
    found = compare(first, second)
    kept_first = "".join(t for k, t in found.parts if k != "added")
    kept_second = "".join(t for k, t in found.parts if k != "removed")
    assert kept_first == first
    assert kept_second.split() == second.split()  # the shared parts keep the first text's spaces
    assert (found.removed, found.added) == (5, 1)
    assert ("removed", "hier ") in found.parts and ("added", "lundi ") in found.parts


def test_identical_texts_and_changed_spacing_are_no_difference():
    assert compare("Un texte.", "Un texte.").identical
    assert compare("Un  texte\nsur deux lignes.", "Un texte sur deux lignes.").identical
    assert compare("", "Ajouté.").parts == (("added", "Ajouté."),)


def test_common_words_are_not_junk_on_long_texts():
    words = " ".join(["de la"] * 300)
    found = compare(words + " fin.", words + " suite.")
    assert (found.removed, found.added) == (1, 1)


def test_very_long_texts_are_compared_by_paragraph():
    para = "mot " * 50
    first = "\n".join([para] * 10) + "\nfin\n"
    found = compare(first, first.replace("fin", "autre fin"), max_words=100)
    assert found.by == "paragraph" and (found.removed, found.added) == (1, 2)
