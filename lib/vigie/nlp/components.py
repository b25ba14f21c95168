"""vigie's spaCy components: the registry ruler and sentence boundary rules.

Both are registered factories, so a pipeline is assembled with ``add_pipe``
as for spaCy's own EntityRuler, and both are usable on a blank French
pipeline in fast tests.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from vigie.nlp.registry import RegisteredActor, Registry
from vigie.nlp.text import Word, words
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
    folded = [w.folded for w in found]
    lengths = registry.name_lengths
    matches: list[RegistryMatch] = []
    i = 0
    while i < len(found):
        for n in lengths.get(folded[i], ()):
            actor = registry.by_key.get(tuple(folded[i : i + n])) if i + n <= len(found) else None
            if actor is not None and _is_mention(text, found, i, n, vocabulary):
                matches.append(RegistryMatch(found[i].start, found[i + n - 1].end, actor))
                i += n - 1
                break
        i += 1
    return matches


def _is_mention(text: str, found: list[Word], i: int, n: int, vocabulary: Vocabulary | None) -> bool:
    start, end = found[i].start, found[i + n - 1].end
    if _in_address(text, start, end):
        return False
    surface = [text[w.start : w.end] for w in found[i : i + n]]
    if not any(c.isupper() for word in surface for c in word):
        return vocabulary is not None and not any(word in vocabulary for word in surface)
    if n == 1 and vocabulary is not None and surface[0] in vocabulary and i + 1 < len(found):
        following = found[i + 1]
        adjective = text[following.start : following.end]
        if text[end : following.start] == " " and adjective.islower() and vocabulary.is_adjective(adjective):
            return False
    return True


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a web or e-mail address ("www.facebook.com", "youtube.com/...")."""
    before, after = text[start - 1 : start], text[end : end + 2]
    return before in (".", "/", "@") or (after[:1] in (".", "/") and after[1:2].isalnum())


class RegistryRuler:
    """Sets every registry name as an entity before the statistical NER runs.

    The NER then predicts around these entities, so a known actor is always
    found, whole, with its registry id in ``Span.kb_id_``.  Like spaCy's
    EntityRuler it starts empty: call :meth:`set_registry`, or pass
    ``registry``/``vocabulary`` per call (``nlp.pipe(..., component_cfg=...)``),
    which lets extractors with different registries share one loaded model.
    """

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.registry = Registry(actors=(), sha256="")
        self.vocabulary: Vocabulary | None = None

    def set_registry(self, registry: Registry, *, vocabulary: Vocabulary | None = None) -> None:
        self.registry = registry
        self.vocabulary = vocabulary

    def __call__(self, doc: Doc, *, registry: Registry | None = None, vocabulary: Vocabulary | None = None) -> Doc:
        registry = registry if registry is not None else self.registry
        vocabulary = vocabulary if vocabulary is not None else self.vocabulary
        spans = []
        for match in find_registered(doc.text, registry, vocabulary=vocabulary):
            span = doc.char_span(match.start, match.end, LABELS[match.actor.type], kb_id=match.actor.id, alignment_mode="expand")
            if span is not None and not any(s.start < span.end and span.start < s.end for s in spans):
                spans.append(span)
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = sorted((*kept, *spans), key=lambda s: s.start)
        return doc


@Language.factory("vigie_registry", assigns=["doc.ents", "token.ent_kb_id"])
def make_registry_ruler(nlp: Language, name: str) -> RegistryRuler:
    return RegistryRuler(nlp, name)


@Language.component("vigie_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break always starts a sentence: titles, datelines and speaker labels stand alone.

    Placed before the sentence recognizer, which keeps boundaries already set.
    """
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


@Language.component("vigie_whole_names", assigns=["token.is_sent_start"], requires=["doc.ents"])
def whole_names(doc: Doc) -> Doc:
    """No sentence boundary inside a name: the sentence recognizer sometimes splits "Emmanuel | Macron".

    Placed after the NER, so that every mention lies inside its sentence.
    """
    for ent in doc.ents:
        for token in ent[1:]:
            token.is_sent_start = False
    return doc
