"""Doc-level rules around the spaCy model: registry names, sentence boundaries.

Line breaks are a component of the model's pipeline: they read the text
only.  The registry and the name-boundary rule are plain functions applied
after the model, on the decoded parse (see :mod:`vigie.nlp.parse`), so that
editing the registry never calls for the model again.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from vigie.nlp.registry import RegisteredActor, Registry
from vigie.nlp.text import Words, words
from vigie.nlp.vocabulary import Vocabulary

# spaCy's French entity labels for each actor type, and back.
LABELS = {"person": "PER", "organisation": "ORG", "place": "LOC"}
TYPES = {label: actor_type for actor_type, label in LABELS.items()}


@dataclass(frozen=True, slots=True)
class RegistryMatch:
    start: int
    end: int
    actor: RegisteredActor


def find_registered(text: str, registry: Registry, *, vocabulary: Vocabulary | None = None) -> list[RegistryMatch]:
    """Every occurrence of a registry name in ``text``, longest first, never overlapping.

    Names are compared by folded words, so accents, case and hyphens never
    split an actor.  With a ``vocabulary`` of common French words, two
    occurrences are not taken: one written all in lower case that contains a
    common word ("le monde entier" is not the newspaper; "reuters" is the
    agency), and a one-word name that is a common noun followed by an
    adjective ("Parlement australien" is not the French parliament).
    Without a vocabulary, lower-case occurrences are never taken.  A name
    inside a web address ("youtube.com") is an address, not a mention.
    """
    found = words(text)
    folded = found.folded
    lengths = registry.name_lengths
    matches: list[RegistryMatch] = []
    i = 0
    while i < len(found):
        for n in lengths.get(folded[i], ()):
            actor = registry.by_key.get(tuple(folded[i : i + n])) if i + n <= len(found) else None
            if actor is not None and _is_mention(text, found, i, n, vocabulary):
                matches.append(RegistryMatch(found.starts[i], found.ends[i + n - 1], actor))
                i += n - 1
                break
        i += 1
    return matches


def _is_mention(text: str, found: Words, i: int, n: int, vocabulary: Vocabulary | None) -> bool:
    start, end = found.starts[i], found.ends[i + n - 1]
    if _in_address(text, start, end):
        return False
    surface = [text[s:e] for s, e in zip(found.starts[i : i + n], found.ends[i : i + n], strict=True)]
    if not any(c.isupper() for word in surface for c in word):
        return vocabulary is not None and not any(word in vocabulary for word in surface)
    if n == 1 and vocabulary is not None and surface[0] in vocabulary and i + 1 < len(found):
        following = found.starts[i + 1]
        adjective = text[following : found.ends[i + 1]]
        if text[end:following] == " " and adjective.islower() and vocabulary.is_adjective(adjective):
            return False
    return True


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a web or e-mail address ("www.facebook.com", "youtube.com/...")."""
    before, after = text[start - 1 : start], text[end : end + 2]
    return before in (".", "/", "@") or (after[:1] in (".", "/") and after[1:2].isalnum())


def set_registered(
    doc: Doc, registry: Registry, *, vocabulary: Vocabulary | None = None, text: str | None = None
) -> Doc:
    """Make every registry name in ``doc`` an entity, with its registry id in ``Span.kb_id_``.

    Registry names win over the model's entities they overlap, so a known
    actor is always found, whole.  This runs after the model, never inside
    it: the model's output then does not depend on the registry, and a
    stored parse stays valid when the registry is edited.  ``text`` is
    ``doc.text`` when the caller has it (spaCy rebuilds it token by token).
    """
    spans = []
    taken = np.zeros(len(doc), dtype=bool)  # tokens already in a registry name
    for match in find_registered(doc.text if text is None else text, registry, vocabulary=vocabulary):
        span = doc.char_span(match.start, match.end, LABELS[match.actor.type], kb_id=match.actor.id, alignment_mode="expand")
        if span is not None and not taken[span.start : span.end].any():
            spans.append(span)
            taken[span.start : span.end] = True
    kept = [e for e in doc.ents if not taken[e.start : e.end].any()]
    doc.ents = sorted((*kept, *spans), key=lambda s: s.start)
    return doc


def whole_names(doc: Doc) -> Doc:
    """No sentence boundary inside a name: the sentence recognizer sometimes splits "Emmanuel | Macron".

    Applied to the final entities (model and registry), so that every mention lies inside its sentence.
    """
    for ent in doc.ents:
        for token in ent[1:]:
            token.is_sent_start = False
    return doc


# The model-stage component that vigie adds to the spaCy pipeline (see vigie.nlp.pipeline).
LINE_BREAKS = "vigie_line_breaks"


@Language.component(LINE_BREAKS, assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break always starts a sentence: titles, datelines and speaker labels stand alone.

    Placed before the sentence recognizer, which keeps boundaries already
    set.  The tokenizer puts line breaks in white-space tokens, so only
    those are visited.
    """
    for i in np.flatnonzero(doc.to_array([IS_SPACE])[:-1]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc
