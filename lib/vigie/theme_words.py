"""The words theme discovery models: content words in their dictionary form, names and evenly spread words left out.

Why these words
- Words, not spaCy lemmas: discovery reads the stored texts (never the model
  again) and groups the folded words under the dictionary form whose French
  inflections (:func:`vigie.nlp.lexicon.inflections`) cover them, the most
  frequent such form winning ("retraites" -> "retraite", "agricultrices" ->
  "agriculteur").  A written term therefore matches every form it was made of.
  spaCy's French stop-word list (a plain Python set, no model) removes the
  function words.
- Names apart.  A word written with a capital in most of its occurrences (or
  inside a name, as "von" and "der" in "Ursula von der Leyen") names someone
  or something: that is vigie's other axis, the actors.  Mixed with the
  subject's words, the names that an article repeats ten or fifteen times
  outweigh them, and NMF groups articles by who is in them: on a
  2,000-article ``vigie synth`` corpus, four themes of actors ("clegg,
  nick", "haugen, donnée") and a first-theme purity of 0.46.  Left out
  altogether, the names that *are* a subject's words go too: on the 70 real
  excerpts (``tests/gold/themes``) "Jeux" and "Olympiques", and the Olympics
  come out as two themes (the medals, the opening ceremony).  So the names
  are kept apart (:attr:`Vocabulary.names`): :mod:`vigie.discovery` finds
  the themes on the other words first, then lets in only the names that
  those themes explain, to group the articles; the written themes hold no
  name (``vigie.discovery`` says how and why).
- No evenly spread words.  A subject's words come in bursts: an article on
  the subject says them several times, the others not at all.  Words of every
  story ("volet", "questions", "rapport", "situation") fall on the articles
  like rain, as many articles holding them as chance predicts from how often
  they are said; Church and Gale's *residual IDF* (1995) measures the gap:
  log2 of the articles chance predicts (Poisson, at a rate proportional to
  each article's length) over the articles observed.  A word is left out
  when its residual IDF is below ``MIN_BURST`` with confidence (observed
  articles more than ``CONFIDENCE`` standard deviations above what a burst
  of ``MIN_BURST`` would leave): short texts or rare words never give that
  confidence, so they are kept.  On the 2,000-article synth corpus, the
  words of residual IDF below 0.11 ("volet" 0.02, "rapport" 0.07) are found
  in each subject's articles as often as chance has it (the largest subject
  holds 30 % of a word's articles, as it holds 30 % of all articles); above
  0.11, 73 to 93 %.  Left out, they take NMF's themes from 4 of frames and
  actors to the 9 subjects.  On the gold excerpts (82 words on average) no
  word is left out.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from vigie.nlp.lexicon import _INFLECTIONS, inflections
from vigie.nlp.text import _WORD, fold

NAME_SHARE = 0.5  # a word capitalised (or inside a name) in more of its occurrences is a name
MIN_BURST = 0.2  # residual IDF (bits) below which a word is spread evenly
CONFIDENCE = 2.0  # standard deviations
_DIGIT = re.compile(r"\d")
# Lower-case particles between two capitalised words: "Ursula von der Leyen", "Charles de Gaulle".
_PARTICLES = re.compile(r"[^\W\d_a-zà-ÿ][^\W_]*\s+((?:[a-zà-ÿ]{2,3}\s+){1,2})(?=[^\W\d_a-zà-ÿ])")


@dataclass(frozen=True)
class Vocabulary:
    """Folded content words, each mapped to the dictionary form a lexicon term is written in."""

    base: dict[str, str]  # folded word -> folded dictionary form
    shown: dict[str, str]  # folded dictionary form -> how the texts most often write it (accents kept)
    names: frozenset[str] = frozenset()  # folded words that name someone or something: kept apart

    @classmethod
    def of(cls, folded: Counter[str], surfaces: Counter[str], names: frozenset[str] = frozenset()) -> Vocabulary:
        """From how often each folded word occurs, each lower-case word as written (accents kept), and the folded
        words that are names."""
        counts = Counter({word: n for word, n in folded.items() if _content(word) and word not in names})
        base: dict[str, str] = {}
        for word in sorted(counts, key=len):  # shorter first: a word's dictionary form is shorter than it
            form = _dictionary_form(word, counts)
            base[word] = base.get(form, form) if word in inflections(base.get(form, form)) else form
        shown: dict[str, str] = {}
        for surface, _ in sorted(surfaces.items(), key=lambda item: (-item[1], item[0])):
            if base.get(fold(surface)) == fold(surface):
                shown.setdefault(fold(surface), surface)
        return cls(base=base, shown=shown, names=frozenset(w for w in names if _content(w)))

    def keys(self, tokens: list[str]) -> list[str]:
        """The dictionary forms of ``tokens`` (folded words), and the names among them as they are."""
        base, names = self.base, self.names
        return [base[w] if w in base else w for w in tokens if w in base or w in names]


def theme_words(texts: Sequence[str]) -> tuple[list[list[str]], Vocabulary]:
    """Each text's words that can make a theme (dictionary forms and names), and the vocabulary they come from.

    Two passes over the texts rather than every word kept: 100,000 articles
    hold some 45 million words.
    """
    written: Counter[str] = Counter()
    in_names: Counter[str] = Counter()
    for text in texts:
        written.update(_WORD.findall(text))
        for match in _PARTICLES.finditer(text):
            in_names.update(fold(match.group(1)).split())
    folded: Counter[str] = Counter()
    surfaces: Counter[str] = Counter()
    for word, n in written.items():
        key = fold(word)
        folded[key] += n
        surfaces[word.lower()] += n
        if word[:1].isupper():
            in_names[key] += n
    names = frozenset(word for word, n in in_names.items() if n > NAME_SHARE * folded.get(word, 0))
    vocabulary = Vocabulary.of(folded, surfaces, names)
    docs = [vocabulary.keys(_WORD.findall(fold(text))) for text in texts]
    even = evenly_spread(docs)
    return ([[w for w in doc if w not in even] for doc in docs] if even else docs), vocabulary


def evenly_spread(docs: Sequence[Sequence[str]]) -> frozenset[str]:
    """The words whose residual IDF is, with confidence, below ``MIN_BURST``: they do not come in bursts."""
    held: Counter[str] = Counter()  # articles holding the word
    said: Counter[str] = Counter()  # times it is said
    for doc in docs:
        said.update(doc)
        held.update(set(doc))
    if not said:
        return frozenset()
    words = list(said)
    times = np.array([said[w] for w in words], dtype=float)
    observed = np.array([held[w] for w in words], dtype=float)
    lengths, n_docs = np.unique([len(doc) for doc in docs], return_counts=True)
    # Chance: each article holds the word with probability 1 - exp(-rate * length).
    chance = -np.expm1(-np.outer(times / float(np.dot(lengths, n_docs)), lengths))
    expected = chance @ n_docs
    spread = np.sqrt((chance * (1 - chance)) @ n_docs)
    even = observed - expected / 2**MIN_BURST > CONFIDENCE * np.maximum(spread, 1e-9)
    return frozenset(w for w, e in zip(words, even, strict=True) if e)


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in _stop_words() and not _DIGIT.search(word)


def _stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from spacy.lang.fr.stop_words import STOP_WORDS  # a plain set: no model is loaded

        _STOP = frozenset(fold(w) for w in STOP_WORDS) | _EXTRA_STOP
    return _STOP


_STOP: frozenset[str] | None = None
# Words of every news story (days, months, reporting verbs) that spaCy's list lacks.
_EXTRA_STOP = frozenset(fold(w) for w in (
    "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août "
    "septembre octobre novembre décembre selon ans année années jour jours semaine semaines heure heures "
    "déclaré indiqué affirmé annoncé estime estimé expliqué ajouté rappelé souligné précisé fait faire "
    "plus moins très aussi ainsi cette entre après avant depuis encore déjà notamment lire article"
).split())


def _dictionary_form(word: str, counts: Counter[str]) -> str:
    """The observed word ``word`` is an inflection of, or itself.

    A plural always goes to its singular when the singular occurs ("médailles"
    -> "médaille"); a feminine goes to its masculine only when the masculine
    is at least as frequent, so that "retraite" does not become "retrait"
    while "agricultrice" becomes "agriculteur".
    """
    singular = [word[:-1]] if word.endswith(("s", "x")) else []
    singular += [word[:-3] + "al"] if word.endswith("aux") else []
    for form in singular:
        if form in counts and word in inflections(form):
            return form
    other = []
    for ending, endings in _INFLECTIONS:
        other += [word[: len(word) - len(e)] + ending for e in endings if word.endswith(e)]
    other += [word[:-1]] if word.endswith("e") else []
    other += [word[:-2]] if word.endswith("es") else []
    fits = [f for f in other if f in counts and word in inflections(f) and counts[f] >= counts[word]]
    return max(fits, key=lambda f: (counts[f], f)) if fits else word
