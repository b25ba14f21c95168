"""Parts of speech only where the name rules read them: around entities and on short lines.

The name rules (:mod:`vigie.nlp.names`) read the part of speech of an
entity's tokens, of the two tokens after it, and of speaker labels (short
lines); nothing else.  Yet tagging is a third of the model's time, because
the tagger's shared token encoder runs over every token.  That encoder sees
only a fixed number of neighbours on each side (its *reach*: depth times
window of its convolution layers, 4 tokens in the French models), so tagging
the tokens needed plus their reach, gathered into one shorter doc, gives
exactly the tags of the whole doc for those tokens, for about 60% of the
work on press text.  Tokens not needed are left untagged.

Runs after the NER, in the model stage: which tokens are tagged depends on
the model's entities, never on the registry.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise
from typing import Any

import numpy as np
from spacy.attrs import IS_SPACE, ORTH, POS, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

NEAR_NAMES = "vigie_tag_near_names"
_PER_TOKEN_EMBEDDINGS = ("spacy.MultiHashEmbed.v2", "spacy.CharacterEmbed.v2")
_WINDOW_ENCODERS = ("spacy.MaxoutWindowEncoder.v2", "spacy.MishWindowEncoder.v2")
_AFTER = 2  # tokens after an entity whose part of speech is read ("Channel 4 a ...")
_SHORT_LINE = 16  # tokens: a speaker label has at most four words, each split at most at hyphens and apostrophes


def reach(config: Mapping[str, Any], *, tagger: str = "morphologizer") -> int | None:
    """How many neighbours on each side the tagger's shared encoder sees, or None if it is not that kind of encoder.

    ``config`` is the pipeline's configuration (``nlp.config``).  Only the
    standard layout qualifies: a ``tok2vec`` component with per-token
    embeddings and window convolutions, which the tagger listens to.
    """
    components = config["components"]
    listener = components.get(tagger, {}).get("model", {}).get("tok2vec", {})
    if listener.get("@architectures") != "spacy.Tok2VecListener.v1" or listener.get("upstream") not in ("tok2vec", "*"):
        return None
    model = components.get("tok2vec", {}).get("model", {})
    embed, encode = model.get("embed", {}), model.get("encode", {})
    if embed.get("@architectures") not in _PER_TOKEN_EMBEDDINGS or encode.get("@architectures") not in _WINDOW_ENCODERS:
        return None
    return int(encode["depth"]) * int(encode["window_size"])


class NearNamesTagger:
    """Runs the shared encoder and the tagger on the needed tokens and their reach only."""

    def __init__(self, nlp: Language, name: str, *, reach: int, tagger: str = "morphologizer"):
        self.name = name
        self.reach = reach
        self.tok2vec = nlp.get_pipe("tok2vec")
        self.tagger = nlp.get_pipe(tagger)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            picked = [(doc, *_gather(doc, self.reach)) for doc in batch]
            parts = [part for _, part, _, _ in picked]
            for _ in self.tagger.pipe(self.tok2vec.pipe(parts, batch_size=len(parts)), batch_size=len(parts)):
                pass
            for doc, part, kept, needed in picked:
                pos = np.zeros(len(doc), dtype=np.uint64)
                pos[kept] = part.to_array([POS])
                doc.from_array([POS], np.where(needed, pos, 0).reshape(-1, 1))
            yield from batch


def _gather(doc: Doc, reach: int) -> tuple[Doc, np.ndarray, np.ndarray]:
    """The doc of the needed tokens and their reach, the indices it keeps, and which tokens are needed."""
    needed = needed_tokens(doc)
    kept = np.flatnonzero(_widen(needed, reach))
    orths, spaces = doc.to_array([ORTH, SPACY])[kept].T
    strings = doc.vocab.strings
    part = Doc(doc.vocab, words=[strings[o] for o in orths.tolist()], spaces=spaces.astype(bool).tolist())
    return part, kept, needed


def _widen(mask: np.ndarray, by: int) -> np.ndarray:
    """``mask`` with every True spread ``by`` places to each side."""
    counts = np.concatenate(([0], np.cumsum(mask)))
    index = np.arange(len(mask))
    return counts[np.minimum(index + by + 1, len(mask))] - counts[np.maximum(index - by, 0)] > 0


def needed_tokens(doc: Doc) -> np.ndarray:
    """Whether the name rules may read each token's part of speech: in or just after an entity, or on a short line."""
    needed = np.zeros(len(doc), dtype=bool)
    for ent in doc.ents:
        needed[ent.start : ent.end + _AFTER] = True
    spaces = np.flatnonzero(doc.to_array([IS_SPACE]))
    breaks = [-1, *(i for i in spaces.tolist() if "\n" in doc[i].text), len(doc)]
    for start, end in pairwise(breaks):
        if end - start - 1 <= _SHORT_LINE:
            needed[start + 1 : end] = True
    return needed


@Language.factory(NEAR_NAMES, default_config={"reach": 4, "tagger": "morphologizer"}, assigns=["token.pos"])
def make_near_names_tagger(nlp: Language, name: str, reach: int, tagger: str) -> NearNamesTagger:
    return NearNamesTagger(nlp, name, reach=reach, tagger=tagger)
