"""From entity spans to candidate names: cleaning and filtering by form.

The statistical NER finds most names but also fragments ("qu'", "la
réunion"), capitalised common words ("Personnalité", "Etat"), demonyms
("l'Américaine") and names cut in two ("Kamala" + "Harris").  The rules here
work on the *form* of a span (capitals, part of speech, whether its words are
ordinary French words, line breaks), never on a list of known mistakes, so
they hold on articles nobody has looked at.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from vigie.nlp.components import TYPES
from vigie.nlp.registry import RegisteredActor, Registry
from vigie.nlp.text import fold, initials, word_key, words
from vigie.nlp.vocabulary import Vocabulary

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
# Company legal forms: a span made only of these is the tail of a company name, not a name.
LEGAL_FORMS = frozenset("limited ltd inc llc plc gmbh ag sa sas sarl spa bv nv corp co".split())
_MAX_NAME_TOKENS = 8  # longer spans are runaway predictions, not names
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


@dataclass(frozen=True)
class NameRules:
    """What the filters need to know besides the span: common words, and names that are topics."""

    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    # Folded names that are themes, not actors: the lexicon's terms ("DSA", "RGPD").
    topics: Collection[tuple[str, ...]] = frozenset()


def candidates(doc: Doc, *, original: str, registry: Registry, rules: NameRules) -> list[Candidate]:
    """Registry entities, clean NER entities, speaker labels and defined acronyms, in text order.

    Registry names win over everything; speaker labels and acronym
    definitions win over the NER entities they overlap.  ``original`` is the
    article text (``doc.text`` may be recased): upper case there marks speaker
    labels, and makes capitals uninformative.
    """
    found: list[Candidate] = []
    for ent in doc.ents:
        if ent.kb_id_ in registry.by_id:
            text = ent.text.rstrip(".,;:!?")  # the ruler expands to whole tokens: "Cedric O." -> "Cedric O"
            found.append(Candidate(ent.start_char, ent.start_char + len(text), text, ent.label_, registry.by_id[ent.kb_id_]))
    names = [
        (n, e.label_)
        for e in doc.ents
        if not e.kb_id_ and e.label_ in TYPES and not _continues_registered(e)
        for n in _name(e, e.label_, original, rules)
    ]
    found += [Candidate(s.start_char, s.end_char, s.text, label, None) for s, label in merge_adjacent(names)]
    speakers = [
        Candidate(n.start_char, n.end_char, n.text, "PER", None)
        for span in speaker_labels(doc, original=original)
        for n in _name(span, "PER", original, rules)
    ]
    ruled = [c for c in [*speakers, *defined_acronyms(original, rules)] if not any(_overlap(c, f) for f in found if f.actor)]
    found = [c for c in found if c.actor is not None or not any(_overlap(c, r) for r in ruled)]
    found += ruled
    return sorted(found, key=lambda c: c.start)


def _continues_registered(ent: Span) -> bool:
    """An entity right after a registry name is the rest of that name ("Google" "Ireland Limited", "TikTok" "Technology")."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and bool(before.ent_kb_id_) and before.whitespace_ == " "


def merge_adjacent(names: Sequence[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Join names separated by a single space: the model sometimes cuts a name in two ("Kamala" "Harris").

    The joined span is a person if either part was, or if it is two proper
    nouns side by side (the shape of "First Last"); else it keeps the first label.
    """
    merged: list[tuple[Span, str]] = []
    for span, label in names:
        if merged and merged[-1][0].end == span.start and merged[-1][0][-1].whitespace_ == " ":
            previous, previous_label = merged.pop()
            joined = span.doc[previous.start : span.end]
            two_names = len(joined) == 2 and all(t.pos_ == "PROPN" for t in joined)
            merged.append((joined, "PER" if "PER" in (label, previous_label) or two_names else previous_label))
        else:
            merged.append((span, label))
    return merged


_DEFINED = re.compile(r"\(\s*([A-Z][A-Z0-9]{1,7})\s*\)")
_MAX_EXPANSION_WORDS = 12


def defined_acronyms(text: str, rules: NameRules) -> list[Candidate]:
    """Organisations introduced with their acronym: "Bureau européen des unions de consommateurs (BEUC)".

    The press defines an acronym by writing it in brackets right after the
    full name, whose initials (of all words, or of the words of four letters
    or more) spell it.  Both the name and the acronym become candidates, even
    when the name has no capital ("secrétariat général de la défense et de la
    sécurité nationale (SGDSN)"), unless they are lexicon themes ("Digital
    Services Act (DSA)").
    """
    found: list[Candidate] = []
    for match in _DEFINED.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = words(text[line_start : match.start()])
        if not before or text[line_start + before.ends[-1] : match.start()].strip():
            continue
        acronym = match.group(1)
        for k in range(2, min(len(before), _MAX_EXPANSION_WORDS) + 1):
            if acronym.lower() in initials(tuple(before.folded[-k:])):
                start, end = line_start + before.starts[-k], line_start + before.ends[-1]
                if word_key(text[start:end]) not in rules.topics and (acronym.lower(),) not in rules.topics:
                    found += [Candidate(start, end, text[start:end], "ORG", None),
                              Candidate(match.start(1), match.end(1), acronym, "ORG", None)]
                break
    return found


def speaker_labels(doc: Doc, *, original: str) -> list[Span]:
    """Upper-case lines of two to four words that recur: the speakers of an interview transcript."""
    lines = [m for m in _SPEAKER.finditer(original) if m.group().isupper()]
    counts = Counter(m.group() for m in lines)
    spans = [doc.char_span(m.start(), m.end()) for m in lines if counts[m.group()] >= 2]
    return [span for span in spans if span is not None]


def _name(span: Span, label: str, original: str, rules: NameRules) -> list[Span]:
    """The cleaned name in ``span`` if it looks like one (a list of zero or one span)."""
    person = label == "PER"
    cleaned = clean_entity(span, person=person)
    if cleaned is None or not looks_like_name(cleaned, rules=rules, label=label, original=original):
        return []
    return [cleaned]


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
    last = tokens[end - 1].i
    if _number_suffix(span.doc, last):
        last += 1
    return span.doc[tokens[start].i : last + 1]


def _number_suffix(doc: Doc, last: int) -> bool:
    """A one- or two-digit number right after a name belongs to it ("Channel 4", "France 2"), unless a noun follows."""
    if last + 1 >= len(doc) or not (doc[last + 1].is_digit and len(doc[last + 1]) <= 2) or not doc[last].whitespace_:
        return False
    after = doc[last + 2] if last + 2 < len(doc) else None
    return after is None or after.is_punct or after.is_space or after.pos_ in ("VERB", "AUX", "ADP", "CCONJ")


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


def looks_like_name(span: Span, *, rules: NameRules, label: str, original: str | None = None) -> bool:
    """Whether a cleaned span reads as a proper name.

    Not a name: fewer than two letters (a lone initial); no capital letter;
    a person's name that does not start with a capital; a first word that is
    a common verb or pronoun ("Demander", "Ça"); a lone adjective, which is a
    demonym when capitalised ("l'Américaine"); legal forms alone ("Limited");
    a theme of the lexicon ("DSA"); words that are all common French words
    capitalised only by position or habit ("Personnalité", "Etat", "Discours
    publics").  A common word still counts as a place name when it is tagged
    as a proper noun in the middle of a sentence ("la Chine"), unless it was
    written in upper case in ``original``, where capitals say nothing; and a
    span of common words is a name when a later word carries a capital of its
    own ("ministère de la Santé").
    """
    text, person = span.text, label == "PER"
    if sum(c.isalpha() for c in text) < 2 or not any(c.isupper() for c in text):
        return False
    if person and not text[0].isupper():
        return False
    first, vocabulary = span[0], rules.vocabulary
    if first.pos_ in _CLAUSE_POS and (first.text in vocabulary or len(first.text) <= 3):
        return False
    key = word_key(text)
    if key in rules.topics or all(w in LEGAL_FORMS for w in key):
        return False
    content = [t for t in span if t.pos_ not in _EDGE_POS and not t.is_punct and not t.is_space]
    if not content:
        return False
    if len(content) == 1 and not person and vocabulary.is_adjective(content[0].text):
        return False
    if any(_capitalised(t, original) for t in content[1:]):
        return True
    return not all(_common(t, vocabulary, original, place=label == "LOC") for t in content)


def _capitalised(token: Token, original: str | None) -> bool:
    """Written with an initial capital in the article (not in upper case, where capitals say nothing)."""
    written = token.text if original is None else original[token.idx : token.idx + len(token.text)]
    return written[:1].isupper() and not written.isupper()


def _common(token: Token, vocabulary: Vocabulary, original: str | None, *, place: bool) -> bool:
    """A dictionary word, unless it names a place as a proper noun whose capital is not explained by position or case.

    Towns are often dictionary words ("Nice", "Tours", "Sceaux"); capitalised
    dictionary words tagged as organisations or persons are far more often
    institutions written with a capital ("la Justice", "garde des Sceaux").
    """
    if token.text not in vocabulary:
        return False
    at_start = token.is_sent_start or token.i == 0 or token.nbor(-1).is_punct or token.nbor(-1).is_space
    return not place or token.pos_ != "PROPN" or bool(at_start) or not _capitalised(token, original)


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end
