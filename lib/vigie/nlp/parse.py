"""The model's output for one article as compact bytes, and back to a Doc.

Running the spaCy model is nearly all of the nlp step's time, while what the
rules read from it is small: token boundaries, parts of speech, sentence
starts and entity spans.  Stored per article, this lets a registry or lexicon
edit re-resolve a whole corpus without the model.  The text itself is not
stored (the store already has it): a parse is decoded against the article's
normalised text, checked by length and CRC so that a parse can never be
applied to another text.  About 1 KB per article of 500 words, a third of its
text, where a DocBin with the same attributes takes five times more (it keeps
every token's string and 8 bytes per attribute).
"""
from __future__ import annotations

import zlib

import numpy as np
import srsly
from spacy.attrs import LENGTH, POS, SENT_START, SPACY
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# Bump when the layout below changes; part of the extractor's model key.
FORMAT = 1


class ParseMismatch(ValueError):
    """A parse decoded against a text it was not made from, or written in another format."""


def encode(doc: Doc) -> bytes:
    """The token lengths and spaces, parts of speech, sentence starts and entities of ``doc``."""
    table = doc.to_array([LENGTH, SPACY, POS, SENT_START]).astype(np.int64)  # SENT_START: -1, 0 or 1
    pos_ids, pos = np.unique(table[:, 2], return_inverse=True)
    labels = sorted({ent.label_ for ent in doc.ents})
    ents = [(ent.start, ent.end, labels.index(ent.label_)) for ent in doc.ents]
    lengths = table[:, 0]
    fields = {
        "format": FORMAT,
        "chars": len(doc.text),
        "crc": zlib.crc32(doc.text.encode()),
        "lengths": lengths.astype(np.min_scalar_type(lengths.max(initial=0))).tobytes(),
        "lengths_dtype": np.min_scalar_type(lengths.max(initial=0)).str,
        "spaces": table[:, 1].astype(np.uint8).tobytes(),
        "pos_names": [POS_NAMES[int(i)] for i in pos_ids],
        "pos": pos.astype(np.uint8).tobytes(),
        "sent_starts": table[:, 3].astype(np.int8).tobytes(),
        "labels": labels,
        "ents": np.array(ents, dtype=np.int32).tobytes(),
    }
    return zlib.compress(srsly.msgpack_dumps(fields))


def decode(data: bytes, *, text: str, vocab: Vocab) -> Doc:
    """The Doc that :func:`encode` saw, rebuilt on ``text`` (the normalised text it was made from)."""
    fields = srsly.msgpack_loads(zlib.decompress(data))
    if fields.get("format") != FORMAT:
        raise ParseMismatch(f"parse format {fields.get('format')!r}, expected {FORMAT}")
    if fields["chars"] != len(text) or fields["crc"] != zlib.crc32(text.encode()):
        raise ParseMismatch("this parse was made from another text")
    lengths = np.frombuffer(fields["lengths"], dtype=fields["lengths_dtype"]).astype(np.int64)
    spaces = np.frombuffer(fields["spaces"], dtype=np.uint8).astype(np.int64)
    starts = np.cumsum(lengths + spaces) - lengths - spaces
    words = [text[s : s + n] for s, n in zip(starts.tolist(), lengths.tolist(), strict=True)]
    doc = Doc(vocab, words=words, spaces=spaces.astype(bool).tolist())
    if len(doc):
        pos_ids = np.array([POS_IDS[name] for name in fields["pos_names"]], dtype=np.uint64)
        pos = pos_ids[np.frombuffer(fields["pos"], dtype=np.uint8)]
        sent_starts = np.frombuffer(fields["sent_starts"], dtype=np.int8).astype(np.int64).astype(np.uint64)
        doc.from_array([POS, SENT_START], np.stack([pos, sent_starts], axis=1))
    ents = np.frombuffer(fields["ents"], dtype=np.int32).reshape(-1, 3).tolist()
    doc.ents = [Span(doc, start, end, label=fields["labels"][label]) for start, end, label in ents]
    return doc
