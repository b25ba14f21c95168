"""Free-text search from the index built at publish (vigie.text_index): the same articles as the old
search, which read every text, for every needle of one word or part of a word."""
from __future__ import annotations

import pyarrow as pa
import pytest

from dashboard.handmade_store import build_store
from older_store import older_generation
from vigie import query, store
from vigie.query import Filter
from vigie.text_index import words_of


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("text")
    root = build_store(folder / "store")
    return store.load(root), store.load(older_generation(root, folder / "old"))


def found(data, needle: str) -> list[str]:
    return list(query.selected_ids(data, Filter(text=needle)))


def needles(data) -> list[str]:
    """Every word of the store's titles and texts, as written and in other cases, and parts of them."""
    texts = data.texts(data.articles["id"])
    written = {w for t in [*texts.values(), *data.articles["title"].dropna()] for w in str(t).split()}
    words = sorted({w.strip(".,;:!?«»()\"'") for w in written} - {""})
    parts = {w[i:i + 4] for w in words for i in range(0, max(len(w) - 3, 1), 3)}
    absent = {"absentissime", "zzq", "ZUCKERBERGS"}
    return sorted({*words, *(w.upper() for w in words), *(w.capitalize() for w in words), *parts, *absent})


def test_each_word_and_part_of_a_word_finds_what_the_full_scan_found(stores):
    mapped, scanned = stores
    assert mapped.indexes.text is not None and scanned.indexes.text is None
    every = needles(mapped)
    assert len(every) > 300
    one_word = [n for n in every if words_of_needle(n) == [n.lower()]]
    assert len(one_word) > 200
    differing = [n for n in every if found(mapped, n) != found(scanned, n)]
    assert differing == []
    sizes = {len(found(mapped, n)) for n in one_word}
    assert 1 in sizes and len(mapped.articles) in sizes and len(sizes) > 4  # the needles select differently


def words_of_needle(needle: str) -> list[str]:
    return [w for w in words_of(pa.array([needle])).to_pylist()[0] if w]


def test_a_word_is_answered_from_the_index_alone_and_a_phrase_from_the_texts(stores, tmp_path):
    mapped, scanned = stores
    alone = store.load(mapped.root)
    (alone._generation / "texts.parquet").rename(tmp_path / "texts.parquet")  # no text left to read
    try:
        assert found(alone, "Zuckerberg") == found(scanned, "Zuckerberg") != []
        assert found(alone, "régul") == found(scanned, "régul") != []
        assert found(alone, "absentissime mot") == []  # a word absent everywhere: nothing to read
        with pytest.raises(FileNotFoundError):
            found(alone, "Mark Zuckerberg")  # a phrase: only the texts can tell where words are side by side
    finally:
        (tmp_path / "texts.parquet").rename(alone._generation / "texts.parquet")
    for phrase in ("Mark Zuckerberg", "l'Élysée", "Jacinda Ardern", "haine en ligne", "absentissime mot"):
        assert found(mapped, phrase) == found(scanned, phrase)
