"""The pen: writes one article's sentences from the grammar, recording every actor and theme term it puts in.

Every occurrence is recorded as it is written, so mention counts in the truth
are facts, not guesses.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from vigie.synth.cast import Actor, Cast
from vigie.synth.french import DAY_FORMS, DAYS, ORG_FIRST_WORDS, PLACES, de, fold, strip_accents
from vigie.synth.grammar import RULES

SPEAKING = (0.5, 0.3, 0.2)  # how often each of an event's three people is the one speaking


@dataclass(frozen=True)
class Phrase:
    """A sentence and what it contains, so that any edit keeps the truth exact."""

    text: str
    actors: tuple[Actor, ...] = ()
    terms: tuple[tuple[str, float], ...] = ()  # (theme id, weight) of each inserted term


@dataclass(frozen=True)
class Scene:
    """Who an event involves and the quote every article on it may use."""

    people: tuple[Actor, ...]  # the first is the lead
    organisations: tuple[Actor, ...]
    place: Actor
    themes: tuple[str, ...]
    quote: Phrase | None = None


class Pen:
    """Writes sentences for one article from the grammar, recording every actor and term it puts in."""

    def __init__(self, rng: random.Random, cast: Cast, scene: Scene, date: dt.date):
        self.rng, self.cast, self.scene, self.date = rng, cast, scene, date
        self.seen: set[str] = set()
        self.actors: list[Actor] = []
        self.terms: list[tuple[str, float]] = []
        self.last_first: Actor | None = None  # the actor just named for the first time, for {ROLE}
        self.subject: Actor = scene.people[0]  # the person last named, for {IL} and {E}

    def sentence(self, symbol: str) -> Phrase:
        self.actors, self.terms = [], []
        text = self.expand(symbol).replace(",.", ".")
        start = 2 if text.startswith("« ") else 0
        text = text[:start] + text[start].upper() + text[start + 1 :]
        return Phrase(text, tuple(self.actors), tuple(self.terms))

    def expand(self, symbol: str) -> str:
        """One alternative of ``symbol``, its symbols expanded (the hot loop of the generator)."""
        alternatives = RULES[symbol]
        out = []
        for literal, name in alternatives[int(self.rng.random() * len(alternatives))]:
            out.append(literal)
            if name:
                out.append(self._slot(name) if name.isupper() else self.expand(name))
        return "".join(out)

    def _slot(self, slot: str) -> str:
        people, organisations = self.scene.people, self.scene.organisations
        match slot:
            case "LEAD":
                return self._say(people[0])
            case "P" | "DE_P":
                person = self.rng.choices(people, SPEAKING)[0]
                return self._say(person) if slot == "P" else de(self._say(person))
            case "ROLE":
                return f", {self.last_first.role}," if self.last_first and self.last_first.role else ""
            case "IL" | "E":
                female = self.subject.female
                return ("elle" if female else "il") if slot == "IL" else ("e" if female else "")
            case "O" | "DE_O":
                organisation = self._organisation(organisations[self.rng.random() < 0.35])
                return organisation if slot == "O" else de(organisation)
            case "O2":
                return self._organisation(organisations[1])
            case "L" | "IN_L":
                return self._place(self.scene.place, within=slot == "IN_L")
            case "T" | "DE_T" | "T_CAP":
                term = self._term()
                return de(term) if slot == "DE_T" else term[0].upper() + term[1:] if slot == "T_CAP" else term
            case "KEY_QUOTE":
                quote = self.scene.quote
                self.actors.extend(quote.actors)
                self.terms.extend(quote.terms)
                self.seen.update(a.name for a in quote.actors)
                return quote.text
            case "DAY":
                day = self.date - dt.timedelta(self.rng.choice((0, 0, 1)))
                return self.rng.choice(DAY_FORMS).format(DAYS[day.weekday()])
            case "YEAR":
                return str(self.date.year - self.rng.randint(1, 4))
            case "NUM":
                value = self.rng.choice((120, 850, 1500, 3200, 12000, 40000, 250000)) * self.rng.randint(1, 9) // 3
                return f"{value:,}".replace(",", " ")
        raise KeyError(slot)

    def _say(self, actor: Actor) -> str:
        """One mention as the press writes it, counted for the truth."""
        first = actor.name not in self.seen
        self.seen.add(actor.name)
        self.actors.append(actor)
        self.last_first = actor if first else None
        if actor.type == "person":
            self.subject = actor
        rng, text = self.rng, actor.name
        if actor.type == "person" and not first:  # a person is named in full first, then more briefly
            roll = rng.random()
            surname = actor.surname
            if roll < 0.35:
                text = ("Mme " if actor.female else "M. ") + surname
            elif roll < 0.75 and len(surname) > 2:
                text = surname
            elif roll < 0.85 and actor.aliases:
                text = rng.choice(actor.aliases)
        elif actor.type != "person" and actor.aliases and rng.random() < 0.15:
            text = rng.choice(actor.aliases)
        roll = rng.random()
        if roll < 0.03:
            return text.upper()
        if roll < 0.07:
            return strip_accents(text)
        return text

    def _organisation(self, actor: Actor) -> str:
        """``la Commission européenne``, ``l'Arcom``, ``Facebook``: the article goes with the first word."""
        surface = self._say(actor)
        first = fold(surface.split()[0])
        article = "" if first in ("la", "le", "les", "l", "the") else ORG_FIRST_WORDS.get(first.split("'")[0], "")
        return f"{article}{surface}" if article == "l'" else f"{article} {surface}".lstrip()

    def _place(self, actor: Actor, *, within: bool) -> str:
        """``la France``/``en France``, ``les États-Unis``/``aux États-Unis``, ``Paris``/``à Paris``."""
        surface = self._say(actor)
        article, preposition = PLACES.get(fold(surface)) or PLACES.get(fold(actor.name), ("", "à"))
        if within:
            return f"{preposition} {surface}"
        return f"{article}{surface}" if article == "l'" else f"{article} {surface}".lstrip()

    def _term(self) -> str:
        themes = self.scene.themes
        theme = themes[0] if len(themes) == 1 or self.rng.random() < 0.7 else self.rng.choice(themes[1:])
        text, weight, named = self.rng.choice(self.cast.terms[theme])
        self.terms.append((theme, weight))
        self.actors.extend(named)
        return text
