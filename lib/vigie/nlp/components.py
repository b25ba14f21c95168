"""vigie's spaCy components: the registry ruler and line-break sentence starts.

Both are registered factories, so a pipeline is assembled with ``add_pipe``
as for spaCy's own EntityRuler, and both are usable on a blank French
pipeline in fast tests.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from vigie.nlp.registry import RegisteredActor, Registry
from vigie.nlp.text import words

# spaCy's French entity labels for each actor type, and back.
LABELS = {"person": "PER", "organisation": "ORG", "place": "LOC"}
TYPES = {label: actor_type for actor_type, label in LABELS.items()}


@dataclass(frozen=True, slots=True)
class RegistryMatch:
    start: int
    end: int
    actor: RegisteredActor


def find_registered(text: str, registry: Registry, *, common_words: Collection[str] = ()) -> list[RegistryMatch]:
    """Every occurrence of a registry name in ``text``, longest first, never overlapping.

    Names are compared by folded words, so accents, case and hyphens never
    split an actor.  An occurrence written all in lower case is taken only
    when none of its words is a common French word (``common_words``):
    "reuters" is the agency, "le monde entier" is not the newspaper.
    """
    found = words(text)
    folded = [w.folded for w in found]
    lengths = registry.name_lengths
    matches: list[RegistryMatch] = []
    i = 0
    while i < len(found):
        for n in lengths.get(folded[i], ()):
            actor = registry.by_key.get(tuple(folded[i : i + n]))
            if actor is None:
                continue
            start, end = found[i].start, found[i + n - 1].end
            if not any(c.isupper() for c in text[start:end]) and any(
                text[w.start : w.end] in common_words for w in found[i : i + n]
            ):
                continue
            matches.append(RegistryMatch(start, end, actor))
            i += n - 1
            break
        i += 1
    return matches


class RegistryRuler:
    """Sets every registry name as an entity before the statistical NER runs.

    The NER then predicts around these entities, so a known actor is always
    found, whole, with its registry id in ``Span.kb_id_``.  Like spaCy's
    EntityRuler it starts empty: call :meth:`set_registry`.
    """

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.registry = Registry(actors=(), sha256="")
        self.common_words: Collection[str] = frozenset()

    def set_registry(self, registry: Registry, *, common_words: Collection[str] = frozenset()) -> None:
        self.registry = registry
        self.common_words = common_words

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in find_registered(doc.text, self.registry, common_words=self.common_words):
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
