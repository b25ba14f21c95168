"""When: events, the articles that cover each one, and the ids they are written under.

Days follow a weekly rhythm (quiet weekends and Augusts) with a slow growth and
bursts; wire events get an agency dispatch and its republications.
"""
from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

from vigie.synth.cast import Actor, Cast

FILES_PER_FOLDER = 1000
FIRST_DAY, LAST_DAY = dt.date(2016, 1, 1), dt.date(2024, 12, 31)
SAME_EVENT_SHARE = 0.05  # events that a second outlet covers with its own, separately written article
DUPLICATE_SHARE = 0.01  # articles that the archive holds twice, under two file names


@dataclass(frozen=True)
class Member:
    """One planned article of an event: its kind, its story within the event, its date."""

    kind: str  # original | same_event | duplicate | dispatch | republication
    story: str  # "wire", or the independent article it belongs to ("own0", "own1")
    date: dt.date


@dataclass(frozen=True)
class Event:
    """Something that happens: a date, a topic and the articles that cover it."""

    number: int
    date: dt.date
    themes: tuple[str, ...]
    lead: Actor | None  # a burst's central person
    members: tuple[Member, ...]


def plan_events(n: int, rng: random.Random, cast: Cast, wire_share: float) -> list[Event]:
    """Events with dated members, exactly ``n`` articles in all.

    Days are drawn from a weekly rhythm with a slow growth; about a third of
    the events belong to bursts (heavy-tailed sizes) that pile coverage onto
    a few days after a starting day, with their own themes and central person.
    """
    days = [FIRST_DAY + dt.timedelta(d) for d in range((LAST_DAY - FIRST_DAY).days + 1)]
    weekday = (1.0, 1.05, 1.05, 1.0, 0.95, 0.45, 0.35)
    weights = [
        weekday[d.weekday()] * (0.6 if d.month == 8 else 1.0) * (1 + 0.08 * (d.year - FIRST_DAY.year)) for d in days
    ]
    cumulative = list(itertools.accumulate(weights))
    themes = sorted(cast.terms)

    def new_topic() -> tuple[str, ...]:
        return tuple(rng.sample(themes, min(len(themes), 1 + (rng.random() < 0.4))))

    def day() -> dt.date:
        return rng.choices(days, cum_weights=cumulative)[0]

    bursts = [(day(), rng.paretovariate(1.5), new_topic(),
               rng.choice(cast.people)) for _ in range(max(2, n // 300))]
    burst_weights = list(itertools.accumulate(b[1] for b in bursts))
    events: list[Event] = []
    total = wire = 0
    while total < n:
        if rng.random() < 0.35:
            start, _, topic, lead = rng.choices(bursts, cum_weights=burst_weights)[0]
            date = min(start + dt.timedelta(int(rng.expovariate(0.4))), LAST_DAY)
        else:
            date, topic, lead = day(), new_topic(), None
        members = _members(rng, date, wire_now=wire < wire_share * (total + 2))[: n - total]
        events.append(Event(len(events), date, topic, lead, members))
        total += len(members)
        wire += sum(m.kind in ("dispatch", "republication") for m in members)
    return events


def _members(rng: random.Random, date: dt.date, *, wire_now: bool) -> tuple[Member, ...]:
    def later() -> dt.date:
        return min(date + dt.timedelta(rng.choices((0, 1, 2), (0.55, 0.4, 0.05))[0]), LAST_DAY)

    members: list[Member] = []
    if wire_now:
        size = rng.choice((2, 2, 3, 3, 3, 4, 4, 5, 6, 7))
        if rng.random() < 0.5:  # the agency's own text is in the corpus too
            members.append(Member("dispatch", "wire", date))
        members += [Member("republication", "wire", later()) for _ in range(size - len(members))]
    else:
        members.append(Member("original", "own0", date))
        if rng.random() < DUPLICATE_SHARE:
            members.append(Member("duplicate", "own0", date))
    if rng.random() < SAME_EVENT_SHARE:
        members.append(Member("same_event", "own1", later()))
    return tuple(members)


def numbered_id(rank: int, n: int) -> str:
    """``0012/012345``: folder then file number, zero-padded so that names sort as numbers."""
    folder_digits, file_digits = max(4, len(str((n - 1) // FILES_PER_FOLDER))), max(6, len(str(n - 1)))
    return f"{rank // FILES_PER_FOLDER:0{folder_digits}d}/{rank:0{file_digits}d}"
