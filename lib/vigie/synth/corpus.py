"""Where: the corpus on disk (article files, ``metadata.csv``) and its truth, written by any number of processes.

Each event has its own random stream, so the bytes do not depend on how many
processes write them.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import multiprocessing
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from vigie.nlp import Lexicon, Registry, load_lexicon, load_registry
from vigie.synth.articles import Written, write_event
from vigie.synth.cast import Cast, draw_cast
from vigie.synth.french import strip_accents, word_count
from vigie.synth.plan import Event, Member, numbered_id, plan_events
from vigie.synth.press import SECTIONS, typeset

#: Hidden, so that ``vigie ingest`` of the folder skips it (a ``truth.jsonl`` would be read as a table of articles).
TRUTH_FILE = ".truth.jsonl"


@dataclass(frozen=True)
class SynthSummary:
    out: Path
    articles: int
    stories: int
    wire_articles: int
    words: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.articles} articles synthétiques ({self.stories} histoires, {self.wire_articles} issus de "
            f"dépêches, {self.words} mots) en {self.seconds:.1f} s -> {self.out}"
        )


def write_synthetic_corpus(
    n: int,
    out: Path,
    *,
    seed: int = 0,
    wire_share: float = 0.15,
    progress: bool = False,
    registry: Registry | None = None,
    lexicon: Lexicon | None = None,
    workers: int | None = None,
) -> SynthSummary:
    """Write ``n`` articles, ``metadata.csv`` and the truth into ``out``, which must be empty or absent.

    ``registry`` and ``lexicon`` default to the packaged ones, as in ingest.
    ``workers`` processes write the articles (default: one per core, one per
    2,000 articles at most); each event has its own random stream, so the
    bytes do not depend on how many.
    """
    started = time.perf_counter()
    if n < 1 or not 0 <= wire_share < 1:
        raise ValueError("n doit être positif et wire_share dans [0, 1)")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"Le dossier de sortie n'est pas vide : {out}")
    rng = random.Random(seed)
    cast = draw_cast(registry or load_registry(), lexicon or load_lexicon(), rng)
    events = plan_events(n, rng, cast, wire_share)
    planned = sorted((m.date, e.number, j) for e in events for j, m in enumerate(e.members))
    ids = {(e, j): numbered_id(rank, n) for rank, (_, e, j) in enumerate(planned)}
    stories: dict[tuple[int, str], str] = {}  # in date-then-id order, the first member seen names the story
    for _, e, j in planned:
        stories.setdefault((e, events[e].members[j].story), ids[e, j])
    jobs = [(e, [(ids[e.number, j], stories[e.number, m.story]) for j, m in enumerate(e.members)]) for e in events]
    write = functools.partial(_write_job, cast=cast, seed=seed, out=out)
    workers = workers or min(os.cpu_count() or 1, max(1, n // 2000))
    with multiprocessing.Pool(workers) if workers > 1 else contextlib.nullcontext() as pool:
        done = pool.imap(write, jobs, chunksize=50) if pool else map(write, jobs)
        rows = dict(kv for chunk in tqdm(done, total=len(jobs), desc="synth", disable=not progress) for kv in chunk)
    _write_tables(out, [rows[article_id] for article_id in sorted(rows)])
    return SynthSummary(
        out=out,
        articles=len(rows),
        stories=len(set(stories.values())),
        wire_articles=sum(m.kind in ("dispatch", "republication") for e in events for m in e.members),
        words=sum(truth["n_words"] for _, truth in rows.values()),
        seconds=time.perf_counter() - started,
    )


def _write_job(job: tuple[Event, list[tuple[str, str]]], *, cast: Cast, seed: int, out: Path) -> list:
    """Write one event's articles (ids and stories given); its metadata rows and truth records by id."""
    event, named = job
    articles = write_event(event, cast, random.Random(seed * 1_000_003 + event.number))
    return [
        (article_id, _save(out, article_id, member, article, event=event.number, story=story, cast=cast))
        for member, article, (article_id, story) in zip(event.members, articles, named, strict=True)
    ]


def _save(
    out: Path, article_id: str, member: Member, article: Written, *, event: int, story: str, cast: Cast
) -> tuple[list[str], dict]:
    """Write one article's file; return its metadata row and its truth record."""
    text = typeset("\n\n".join(" ".join(s.text for s in p) for p in article.paragraphs) + "\n", article.style)
    path = out / f"{article_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    sentences = [s for p in article.paragraphs for s in p]
    mentions = Counter(a for s in sentences for a in s.actors)
    scores: Counter[str] = Counter()
    for s in sentences:
        for theme, weight in s.terms:
            scores[theme] += weight
    title = typeset(article.title, article.style)
    date = member.date.isoformat()
    number = article_id.rsplit("/", 1)[-1]
    section = SECTIONS[int(number) % len(SECTIONS)]
    url = f"https://www.{article.domain}/{section}/{date.replace('-', '/')}/{_slug(title)}_{number}.html"
    truth = {
        "id": article_id,
        "path": f"{article_id}.txt",
        "date": date,
        "source": article.source,
        "kind": member.kind,
        "event": event,
        "story": story,
        "n_words": word_count(text),
        "actors": [
            {"name": a.name, "type": a.type, "registered": a.registered, "mentions": count}
            for a, count in sorted(mentions.items(), key=lambda item: (-item[1], item[0].name))
        ],
        "themes": sorted(theme for theme, score in scores.items() if score >= cast.threshold),
    }
    return [f"{article_id}.txt", title, date, article.source, url], truth


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(title).lower()).strip("-")[:80]


def _write_tables(out: Path, rows: list[tuple[list[str], dict]]) -> None:
    metadata = io.StringIO()
    writer = csv.writer(metadata, lineterminator="\n")
    writer.writerow(["path", "title", "date", "source", "url"])
    writer.writerows(row for row, _ in rows)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metadata.csv").write_bytes(metadata.getvalue().encode("utf-8"))
    lines = (json.dumps(truth, ensure_ascii=False) + "\n" for _, truth in rows)
    (out / TRUTH_FILE).write_bytes("".join(lines).encode("utf-8"))
