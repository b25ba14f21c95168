"""What: an event's articles, written once, then copied the ways the press copies (duplicates, republications).

Copies derive from one written base, and every edit keeps the truth exact.
"""
from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass

from vigie.synth.cast import Actor, Cast
from vigie.synth.french import PLACES, fold, word_count
from vigie.synth.pen import Pen, Phrase, Scene
from vigie.synth.plan import Event
from vigie.synth.press import AGENCIES, BOILERPLATE, OUTLETS, QUOTES, REWORDING_PATTERNS

MIN_WORDS, MAX_WORDS = 150, 900
INVENTED_SHARE = 0.35  # of the people and organisations an event involves
HOME_SHARE = 0.3  # events in France, the rest anywhere in the registry's places


@dataclass(frozen=True)
class Written:
    """One article as written: title, paragraphs of sentences, where and when it appeared."""

    title: str
    paragraphs: tuple[tuple[Phrase, ...], ...]
    source: str
    domain: str
    style: int  # index of the outlet's typographic habits (see typeset)


def write_event(event: Event, cast: Cast, rng: random.Random) -> list[Written]:
    """The event's articles, in the order of its members; copies derive from one written base."""
    people = [event.lead] if event.lead else []
    while len(people) < 3:
        candidate = rng.choice(cast.invented_people if rng.random() < INVENTED_SHARE else cast.people)
        if candidate not in people:
            people.append(candidate)
    organisations: list[Actor] = []
    while len(organisations) < 2:
        candidate = rng.choice(cast.invented_organisations if rng.random() < INVENTED_SHARE else cast.organisations)
        if candidate not in organisations:
            organisations.append(candidate)
    place = cast.france if rng.random() < HOME_SHARE else rng.choice(cast.places)
    scene = Scene(tuple(people), tuple(organisations), place, event.themes)
    scene = dataclasses.replace(scene, quote=Pen(rng, cast, scene, event.date).sentence("quote_text"))
    outlets = rng.sample(OUTLETS, len(event.members))
    agency = rng.randrange(len(AGENCIES))
    credit = cast.agencies[agency]
    written: list[Written] = []
    base: Written | None = None
    for member, outlet in zip(event.members, outlets, strict=True):
        pen = Pen(rng, cast, scene, member.date)
        if member.kind == "duplicate":
            written.append(written[0])
        elif member.kind in ("dispatch", "republication"):
            if base is None:
                base = _compose(pen, place, source=AGENCIES[agency], dateline=(credit, cast.paris), median=330)
            written.append(base if member.kind == "dispatch" else _republish(base, pen, outlet, credit))
        else:
            written.append(_compose(pen, place, source=outlet, median=420))
    return written


def _compose(pen: Pen, place: Actor, *, source: tuple[str, str], median: int,
             dateline: tuple[Actor, Actor] | None = None) -> Written:
    """A new article of about ``median`` words (150-900), with the event's quote in most of them."""
    rng = pen.rng
    first: list[Phrase] = []
    if dateline:
        agency, paris = dateline
        city = place if fold(place.name) not in PLACES else paris
        pen.seen.update((agency.name, city.name))
        first.append(Phrase(f"{city.name.upper()} ({agency.name}) -", (city, agency)))
    least = MIN_WORDS + _count([first])  # copies may drop the dateline and must keep MIN_WORDS
    target = min(MAX_WORDS, max(least, int(math.exp(rng.gauss(math.log(median), 0.45)))))
    paragraphs = [first + [pen.sentence("lead")]]
    words = _count(paragraphs)
    quote_at = rng.randint(1, 4) if rng.random() < 0.7 else -1
    while words < target:
        paragraph: list[Phrase] = []
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            sentence = pen.sentence("key_quote" if len(paragraphs) == quote_at and not paragraph else "body")
            size = word_count(sentence.text)
            if words + size > MAX_WORDS:
                break
            paragraph.append(sentence)
            words += size
            if words >= target:
                break
        if not paragraph:
            break
        paragraphs.append(paragraph)
    return _titled(pen, paragraphs, source)


def _republish(base: Written, pen: Pen, outlet: tuple[str, str], agency: Actor) -> Written:
    """What a site does to a dispatch: new title, last paragraph cut, a lead added, boilerplate,
    a few words reworded, the dateline dropped, a credit line."""
    rng = pen.rng
    paragraphs = [list(p) for p in base.paragraphs]
    if rng.random() < 0.4 and len(paragraphs[0]) > 1 and paragraphs[0][0].text.endswith("-"):
        paragraphs[0].pop(0)
    while len(paragraphs) > 2 and rng.random() < 0.45 and _count(paragraphs[:-1]) >= MIN_WORDS:
        paragraphs.pop()
    for _ in range(rng.choice((0, 1, 2, 3, 4))):
        p = rng.randrange(len(paragraphs))
        s = rng.randrange(len(paragraphs[p]))
        paragraphs[p][s] = _reword(paragraphs[p][s], rng)
    if rng.random() < 0.35:
        paragraphs.insert(0, [pen.sentence("add_lead")])
    if rng.random() < 0.1:
        paragraphs.append([pen.sentence("update")])
    if rng.random() < 0.3:
        paragraphs.append([Phrase(f"(Avec {agency.name})", (agency,))])
    for _ in range(rng.choice((0, 0, 1, 2))):
        paragraphs.insert(rng.choice((0, len(paragraphs))), [Phrase(rng.choice(BOILERPLATE))])
    while _count(paragraphs) > MAX_WORDS and len(paragraphs) > 2:
        paragraphs.pop(-2)
    return _titled(pen, paragraphs, outlet)


def _titled(pen: Pen, paragraphs: list[list[Phrase]], source: tuple[str, str]) -> Written:
    """The finished article: a title of its own, the outlet and its typographic habits."""
    style = pen.rng.randrange(2 * len(QUOTES))
    return Written(pen.sentence("title").text, tuple(map(tuple, paragraphs)), *source, style=style)


def _reword(sentence: Phrase, rng: random.Random) -> Phrase:
    found = [(old, new) for old, new in REWORDING_PATTERNS if old.search(sentence.text)]
    if not found:
        return sentence
    old, new = rng.choice(found)
    return Phrase(old.sub(new, sentence.text, count=1), sentence.actors, sentence.terms)


def _count(paragraphs) -> int:
    return sum(word_count(s.text) for p in paragraphs for s in p)
