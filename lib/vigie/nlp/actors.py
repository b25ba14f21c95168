"""From entities to actors: cleaning, filtering and resolving names within an article.

The statistical NER finds most names but also fragments ("qu'", "la
réunion"), capitalised common words ("Personnalité", "Etat") and several
names for one person ("Matt Hancock", "M. Hancock", "Hancock").  The rules
here work on the *form* of a span (capitals, part of speech, whether its words
are common French words, line breaks), never on a list of known mistakes, so
they hold on articles nobody has looked at.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from vigie.nlp.components import TYPES
from vigie.nlp.registry import RegisteredActor, Registry, slugify
from vigie.nlp.text import fold, word_key
from vigie.types import ActorType

# Parts of speech that never begin or end a name.
_EDGE_POS = frozenset({"DET", "ADP", "PRON", "CCONJ", "SCONJ", "PART", "PUNCT", "SPACE", "SYM", "NUM"})
# Parts of speech of a first word that makes a span a clause, not a name, when that word is a common one.
_CLAUSE_POS = frozenset({"VERB", "AUX", "PRON", "INTJ"})
# Words of address and office placed before a name; folded, without their dot.
TITLES = frozenset(
    """m mm mme mmes mlle mlles mr mrs ms dr pr me mgr sir lord lady dame monsieur messieurs madame
    mesdames mademoiselle docteur professeur maitre president presidente ministre depute deputee
    senateur senatrice commissaire secretaire general generale juge procureur procureure premier
    premiere patron patronne pdg roi reine prince princesse pape chancelier chanceliere maire
    ambassadeur ambassadrice gouverneur gouverneure""".split()
)
_MAX_NAME_TOKENS = 8  # longer spans are runaway predictions, not names
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# A speaker label in a transcript: a line of two to four upper-case words ("ROMAIN DESARBRES").
_SPEAKER = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*(?: [^\W\d_]+(?:['-][^\W\d_]+)*){1,3}$", re.M)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name found in the text, cleaned, before resolution."""

    start: int  # char offsets in the article text
    end: int
    name: str  # as read by the model (upper-case names recased)
    label: str  # PER, ORG or LOC
    actor: RegisteredActor | None  # set when the registry ruler found it


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    id: str
    name: str
    type: ActorType
    registered: bool

    @classmethod
    def of(cls, actor: RegisteredActor) -> ResolvedActor:
        return cls(actor.id, actor.name, actor.type, True)


def candidates(doc: Doc, *, original: str, registry: Registry, common_words: Container[str]) -> list[Candidate]:
    """Registry entities, clean NER entities and transcript speaker labels, in text order.

    ``original`` is the article text (``doc.text`` may be recased); speaker
    labels are recognised by their upper case there.
    """
    found: list[Candidate] = []
    for ent in doc.ents:
        if ent.kb_id_ in registry.by_id:
            text = ent.text.rstrip(".,;:!?")  # the ruler expands to whole tokens: "Cedric O." -> "Cedric O"
            found.append(Candidate(ent.start_char, ent.start_char + len(text), text, ent.label_, registry.by_id[ent.kb_id_]))
        elif ent.label_ in TYPES:
            found.extend(_named(ent, ent.label_, original, common_words))
    speakers = [c for span in speaker_labels(doc, original=original) for c in _named(span, "PER", original, common_words)]
    found = [c for c in found if c.actor is not None or not any(_overlap(c, s) for s in speakers)]
    found += [s for s in speakers if not any(_overlap(s, c) for c in found)]
    return sorted(found, key=lambda c: c.start)


def speaker_labels(doc: Doc, *, original: str) -> list[Span]:
    """Upper-case lines of two to four words that recur: the speakers of an interview transcript."""
    lines = [m for m in _SPEAKER.finditer(original) if m.group().isupper()]
    counts = Counter(m.group() for m in lines)
    spans = [doc.char_span(m.start(), m.end()) for m in lines if counts[m.group()] >= 2]
    return [span for span in spans if span is not None]


def _named(span: Span, label: str, original: str, common_words: Container[str]) -> list[Candidate]:
    cleaned = clean_entity(span, person=label == "PER")
    if cleaned is None or not looks_like_name(
        cleaned, common_words=common_words, person=label == "PER", original=original
    ):
        return []
    return [Candidate(cleaned.start_char, cleaned.end_char, cleaned.text, label, None)]


def clean_entity(span: Span, *, person: bool = False) -> Span | None:
    """The name inside an entity span: first line only, without articles, titles or trailing words.

    "la Chine" -> "Chine", "M. Hancock" -> "Hancock", "Chambre des communes
    de témoigner" -> "Chambre des communes".  For a person, lower-case words
    before the name go too ("président Emmanuel Macron" -> "Emmanuel Macron").
    """
    tokens = list(span)
    breaks = [i for i, t in enumerate(tokens) if "\n" in t.text or "\n" in t.whitespace_]
    if breaks:
        tokens = tokens[: breaks[0] + (0 if "\n" in tokens[breaks[0]].text else 1)]
    start, end = 0, len(tokens)
    while start < end and _strip_front(tokens[start], more=start + 1 < end, person=person):
        start += 1
    while end > start and _strip_back(tokens[end - 1]):
        end -= 1
    if start == end or end - start > _MAX_NAME_TOKENS:
        return None
    return span.doc[tokens[start].i : tokens[end - 1].i + 1]


def _strip_front(token: Token, *, more: bool, person: bool) -> bool:
    if token.is_space or token.is_punct or token.pos_ in _EDGE_POS or token.text.endswith("'"):
        return True
    if not more:
        return False
    return _is_title(token) or (person and not token.text[:1].isupper())


def _strip_back(token: Token) -> bool:
    return token.is_space or token.is_punct or token.pos_ in _EDGE_POS or token.pos_ in ("VERB", "AUX") or _is_title(token)


def _is_title(token: Token) -> bool:
    return fold(token.text).rstrip(".") in TITLES


def looks_like_name(span: Span, *, common_words: Container[str], person: bool = False, original: str | None = None) -> bool:
    """Whether a cleaned span reads as a proper name.

    Not a name: fewer than two letters (a lone initial), no capital letter,
    a person's name that does not start with a capital, a first word that is
    a common verb or pronoun ("Demander", "Ça"), or words that are all common
    French words capitalised only by position or habit ("Personnalité",
    "Etat", "Discours publics").  A capitalised word tagged as a proper noun
    in the middle of a sentence counts as a name even if it is also a
    dictionary word ("Paris", "la Chine"), unless it was written in upper
    case in ``original`` (the article text), where capitals say nothing.
    """
    text = span.text
    if sum(c.isalpha() for c in text) < 2 or not any(c.isupper() for c in text):
        return False
    if person and not text[0].isupper():
        return False
    first = span[0]
    if first.pos_ in _CLAUSE_POS and (first.text in common_words or len(first.text) <= 3):
        return False
    content = [t for t in span if t.pos_ not in _EDGE_POS and not t.is_punct and not t.is_space]
    return bool(content) and not all(_common(t, common_words, original) for t in content)


def _common(token: Token, common_words: Container[str], original: str | None) -> bool:
    """A dictionary word, unless it is a proper noun whose capital is not explained by its position or case."""
    if token.text not in common_words:
        return False
    at_start = token.is_sent_start or token.i == 0 or token.nbor(-1).is_punct or token.nbor(-1).is_space
    shouted = original is not None and original[token.idx : token.idx + len(token.text)].isupper()
    return token.pos_ != "PROPN" or bool(at_start) or shouted


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def resolve(found: Sequence[Candidate], registry: Registry) -> list[tuple[Candidate, ResolvedActor]]:
    """The actor behind each candidate, names linked within the article.

    A registry name is its registry actor.  Otherwise, in this order: a name
    that is a registry name once cleaned ("M. Zuckerberg"); a surname, first
    name or reordered name of exactly one person named in full in the article
    ("Hancock", "M. Schrage", "O Cédric"); an acronym of exactly one
    organisation named in full ("BIJ" for "Bureau of Investigative
    Journalism").  What is left is a new actor, marked unregistered, typed by
    its NER label, one per distinct name.
    """
    own = [c if c.actor else _registered(c, registry) for c in found]
    people = _full_names(own, person=True)
    bodies = _full_names(own, person=False)
    groups: dict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    linked: dict[int, tuple[tuple[str, ...], bool]] = {}  # candidate index -> (group key, linked to a person)
    for i, cand in enumerate(own):
        if cand.actor:
            continue
        key = word_key(cand.name)
        target = _person_for(key, people) or _body_for(cand.name, bodies)
        linked[i] = (target or key, target is not None and target in people)
        groups[target or key].append(cand)
    actors = {key: _group_actor(key, groups[key], people, bodies, registry) for key in groups}
    return [
        (cand, ResolvedActor.of(cand.actor) if cand.actor else actors[linked[i][0]])
        for i, cand in enumerate(own)
    ]


def _registered(cand: Candidate, registry: Registry) -> Candidate:
    actor = registry.lookup(cand.name)
    return Candidate(cand.start, cand.end, cand.name, cand.label, actor) if actor else cand


def _full_names(found: Sequence[Candidate], *, person: bool) -> dict[tuple[str, ...], RegisteredActor | None]:
    """Names of two words or more in the article, persons or not, with their registry actor if any."""
    names: dict[tuple[str, ...], RegisteredActor | None] = {}
    for cand in found:
        is_person = (cand.actor.type == "person") if cand.actor else cand.label == "PER"
        if is_person != person:
            continue
        for name in cand.actor.names if cand.actor else (cand.name,):
            key = word_key(name)
            if len(key) >= 2:
                names[key] = cand.actor
    return names


def _person_for(key: tuple[str, ...], people: dict[tuple[str, ...], RegisteredActor | None]) -> tuple[str, ...] | None:
    """The one person whose full name ends or starts with ``key``, or has the same words in another order."""
    if key in people:
        return None
    matches = {
        full
        for full in people
        if (len(key) < len(full) and key in (full[-len(key) :], full[: len(key)])) or sorted(full) == sorted(key)
    }
    owners = {people[m].id if people[m] else m for m in matches}
    return min(matches) if len(owners) == 1 else None


def _body_for(name: str, bodies: dict[tuple[str, ...], RegisteredActor | None]) -> tuple[str, ...] | None:
    """The one organisation or place named in full whose initials are the acronym ``name``."""
    if not _ACRONYM.fullmatch(name):
        return None
    acronym = name.lower()
    matches = [full for full in bodies if acronym == "".join(w[0] for w in full) or acronym == _initials(full)]
    return matches[0] if len(matches) == 1 else None


def _initials(key: tuple[str, ...]) -> str:
    """Initials without short function words: ("bureau", "of", "investigative", "journalism") -> "bij"."""
    return "".join(w[0] for w in key if len(w) > 3)


def _group_actor(
    key: tuple[str, ...],
    members: list[Candidate],
    people: dict[tuple[str, ...], RegisteredActor | None],
    bodies: dict[tuple[str, ...], RegisteredActor | None],
    registry: Registry,
) -> ResolvedActor:
    """The actor of a group of linked names: the registry actor of its full name, else a new one."""
    full = people.get(key) or bodies.get(key)
    if full is not None:
        return ResolvedActor.of(full)
    names = [m.name for m in members if word_key(m.name) == key] or [m.name for m in members]
    name = Counter(names).most_common(1)[0][0]
    labels = Counter(m.label for m in members if word_key(m.name) == key) or Counter(m.label for m in members)
    actor_type = "person" if key in people else TYPES[labels.most_common(1)[0][0]]
    return ResolvedActor(slugify(name), name, actor_type, False)


