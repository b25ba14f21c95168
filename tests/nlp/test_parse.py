import pytest

from vigie.nlp.parse import ParseMismatch, decode, encode

from .handmade import make_doc


def annotations(doc):
    return [(t.text, t.whitespace_, t.pos_, t.is_sent_start, t.ent_iob_, t.ent_type_) for t in doc]


def test_a_parse_rebuilds_tokens_parts_of_speech_sentences_and_entities(blank_fr):
    doc = make_doc(
        blank_fr.vocab,
        [("Mark", "PROPN"), ("Zuckerberg", "PROPN"), ("à", "ADP"), ("Paris", "PROPN"), (".", "PUNCT"),
         ("\n\n", "SPACE"), ("Il", "PRON"), ("part", "VERB"), ("!", "PUNCT")],
        ents=[(0, 2, "PER"), (3, 4, "LOC")],
        spaces=[True, True, True, False, False, False, True, False, False],
    )
    doc[6].is_sent_start = True
    rebuilt = decode(encode(doc, text=doc.text), text=doc.text, vocab=blank_fr.vocab)
    assert rebuilt.text == doc.text
    assert annotations(rebuilt) == annotations(doc)
    assert [s.text for s in rebuilt.sents] == ["Mark Zuckerberg à Paris.\n\n", "Il part!"]


def test_a_parse_is_small_beside_its_text(blank_fr):
    words = "Le président Emmanuel Macron a reçu Mark Zuckerberg à l' Élysée .".split() * 40
    doc = make_doc(blank_fr.vocab, [(w, "PROPN" if w[0].isupper() else "NOUN") for w in words])
    assert len(encode(doc, text=doc.text)) < len(doc.text.encode()) / 2


def test_long_tokens_and_empty_docs_survive(blank_fr):
    for text in ("", "x" * 70_000 + " fin"):
        doc = blank_fr(text)
        assert decode(encode(doc, text=doc.text), text=text, vocab=blank_fr.vocab).text == text


def test_a_parse_never_applies_to_another_text(blank_fr):
    doc = blank_fr("Mark Zuckerberg à Paris.")
    with pytest.raises(ParseMismatch, match="not the doc's"):
        encode(doc, text="Mark Zuckerberg à Paris")
    data = encode(doc, text=doc.text)
    with pytest.raises(ParseMismatch, match="another text"):
        decode(data, text="Mark Zuckerberg à Rome.", vocab=blank_fr.vocab)
