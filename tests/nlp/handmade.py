"""Docs built by hand: words, parts of speech and entities chosen by the test, no model."""
from __future__ import annotations

from spacy.tokens import Doc, Span


def make_doc(vocab, words_pos: list[tuple[str, str]], *, ents=(), spaces=None) -> Doc:
    """A doc of the given (word, part of speech) pairs, one space apart unless ``spaces`` says otherwise.

    ``ents`` are (start token, end token, label) or (start, end, label, registry id).
    """
    words = [w for w, _ in words_pos]
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces if spaces is not None else [True] * len(words),
        pos=[p for _, p in words_pos],
        sent_starts=[True] + [False] * (len(words) - 1),
    )
    doc.ents = [Span(doc, e[0], e[1], label=e[2], kb_id=e[3] if len(e) > 3 else "") for e in ents]
    return doc
