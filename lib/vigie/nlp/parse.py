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

import json
import struct
import zlib

import numpy as np
from spacy.attrs import LENGTH, POS, SENT_START, SPACY
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# Bump when the layout below changes; part of the extractor's model key.
FORMAT = 1
# Layout, zlib-compressed: the byte length of a JSON header, the header, then per-token arrays
# (lengths, trailing space, part-of-speech index, sentence start) and the entities (start, end, label index).
_HEADER_SIZE = struct.Struct("<I")
_ENT = np.dtype([("start", "<i4"), ("end", "<i4"), ("label", "<i4")])


class ParseMismatch(ValueError):
    """A parse decoded against a text it was not made from, or written in another format."""


def encode(doc: Doc, *, text: str) -> bytes:
    """The token lengths and spaces, parts of speech, sentence starts and entities of ``doc``.

    ``text`` is ``doc.text``, which the caller has at hand: rebuilding it from
    the tokens costs more than the rest of the encoding.
    """
    table = doc.to_array([LENGTH, SPACY, POS, SENT_START]).astype(np.int64)  # SENT_START: -1, 0 or 1
    if int(table[:, :2].sum()) != len(text):
        raise ParseMismatch("the text given is not the doc's")
    pos_ids, pos = np.unique(table[:, 2], return_inverse=True)
    ents = doc.ents
    labels = sorted({ent.label_ for ent in ents})
    lengths = table[:, 0].astype(np.min_scalar_type(table[:, 0].max(initial=0)))
    header = {
        "format": FORMAT, "chars": len(text), "crc": zlib.crc32(text.encode()), "tokens": len(doc),
        "ents": len(ents), "lengths": lengths.dtype.str, "pos_names": [POS_NAMES[int(i)] for i in pos_ids],
        "labels": labels,
    }
    arrays = (
        lengths, table[:, 1].astype(np.uint8), pos.astype(np.uint8), table[:, 3].astype(np.int8),
        np.array([(e.start, e.end, labels.index(e.label_)) for e in ents], dtype=_ENT),
    )
    head = json.dumps(header).encode()
    return zlib.compress(_HEADER_SIZE.pack(len(head)) + head + b"".join(a.tobytes() for a in arrays))


def decode(data: bytes, *, text: str, vocab: Vocab) -> Doc:
    """The Doc that :func:`encode` saw, rebuilt on ``text`` (the normalised text it was made from)."""
    raw = zlib.decompress(data)
    (size,) = _HEADER_SIZE.unpack_from(raw)
    header = json.loads(raw[_HEADER_SIZE.size : _HEADER_SIZE.size + size])
    if header.get("format") != FORMAT:
        raise ParseMismatch(f"parse format {header.get('format')!r}, expected {FORMAT}")
    if header["chars"] != len(text) or header["crc"] != zlib.crc32(text.encode()):
        raise ParseMismatch("this parse was made from another text")
    n = header["tokens"]
    arrays, offset = [], _HEADER_SIZE.size + size
    for dtype, count in ((header["lengths"], n), (np.uint8, n), (np.uint8, n), (np.int8, n), (_ENT, header["ents"])):
        arrays.append(np.frombuffer(raw, dtype=dtype, count=count, offset=offset))
        offset += arrays[-1].nbytes
    lengths, spaces, pos, sent_starts, ents = arrays
    ends = np.cumsum(lengths.astype(np.int64) + spaces)
    words = [text[end - length : end] for end, length in zip((ends - spaces).tolist(), lengths.tolist(), strict=True)]
    doc = Doc(vocab, words=words, spaces=spaces.astype(bool).tolist())
    if n:
        pos_ids = np.array([POS_IDS[name] for name in header["pos_names"]], dtype=np.uint64)
        doc.from_array([POS, SENT_START], np.stack([pos_ids[pos], sent_starts.astype(np.int64).astype(np.uint64)], axis=1))
    doc.ents = [Span(doc, int(e["start"]), int(e["end"]), label=header["labels"][e["label"]]) for e in ents]
    return doc
