"""Ingest: corpus -> nlp -> store, doing only the work that changed.

An article is re-extracted only when its content hash (raw bytes plus its
metadata row) or the extractor's fingerprint (model, registry, rules) changed;
everything else is copied from the published store.  A lexicon edit alone
re-assigns themes from the stored texts and sentences (the same rows as a
full extraction) and re-resolves only the articles containing a term added or
removed (names equal to a term are not actors); a registry edit re-resolves,
from the stored parses, only the articles naming an actor it changed.  The spaCy model is loaded
only when there is something to extract, so re-running ingest on an unchanged
corpus costs a read of the files and one publish.  Even that read is short: a
file whose bytes and metadata row hash as the stored article's is not decoded
or cleaned again (:func:`vigie.reuse.read_before`), and a publish that changed no title
or text links the published text index instead of building it (:func:`vigie.reuse.same_texts`).
What is reused is decided in :mod:`vigie.reuse`.

The registry, lexicon and model come from :mod:`vigie.config` (the corpus's
recorded configuration).  A corpus with no lexicon of its own on which the
packaged one assigns a theme to fewer than half of the articles gets themes
discovered in its articles (:mod:`vigie.discovery`), written beside the store
as ``themes.proposed.yaml`` and used as its lexicon.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import spacy
from tqdm import tqdm

import vigie
from vigie import config, store
from vigie.config import LEXICON_FILE, PROPOSED_FILE, REGISTRY_FILE  # noqa: F401  (re-exported)
from vigie.corpus import read_corpus
from vigie.corpus.read import READER_VERSION
from vigie.nlp import Extractor, load_lexicon, load_registry
from vigie.reuse import (among, cached_parses, previous_tables, read_before, registry_unaffected, reusable_ids,
                         same_texts, topic_affected)
from vigie.sources import SOURCES_FILE, SourceTable, load_sources
from vigie.stories import StoryIndex, story_signatures
from vigie.tables import extraction_frames, theme_frames
from vigie.types import Article, InputReport

#: Below this share of articles with a theme under the packaged lexicon, a corpus gets discovered themes.
PROPOSE_BELOW = 0.5
#: Most local extraction processes by default (each holds a model, ~250 MB).
MAX_LOCAL_PROCESSES = 8
#: Row order of each per-article table (its article id first), so that the same
#: corpus always gives identical tables whatever was reused.
SORT_KEYS = {
    "articles": ["id"],
    "texts": ["id"],
    "parses": ["article_id"],
    "sentences": ["article_id", "index"],
    "mentions": ["article_id", "start", "end", "actor_id"],
    "theme_hits": ["article_id", "start", "end", "theme_id"],
    "article_themes": ["article_id", "theme_id"],
}


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest did, in numbers; ``line()`` is what the command prints."""

    store: Path
    inputs: int
    extracted: int
    unchanged: int
    rejected: int
    unsupported: int
    ignored: int
    articles: int
    seconds: float
    rethemed: int = 0  # unchanged articles whose themes were re-assigned (lexicon edit)
    proposed: Path | None = None  # themes discovered at this ingest, written there
    notices: tuple[str, ...] = ()  # what the user should know about the corpus's configuration (French)

    def line(self) -> str:
        rethemed = f", {self.rethemed} thèmes réattribués" if self.rethemed else ""
        return (
            f"{self.articles} articles indexés ({self.extracted} analysés, {self.unchanged} inchangés{rethemed}) ; "
            f"{self.rejected} rejetés, {self.unsupported} non pris en charge, {self.ignored} ignorés "
            f"sur {self.inputs} entrées, en {self.seconds:.1f} s -> {self.store}"
        )


def ingest(
    corpus: Path,
    *,
    store_dir: Path | None = None,
    registry: Path | None = None,
    lexicon: Path | None = None,
    sources: Path | None = None,
    model: str | None = None,
    progress: bool = False,
    wait: bool = False,
    scheduler: str | None = None,
    workers: int | None = None,
    processes: int | None = None,
) -> IngestSummary:
    """Read ``corpus``, extract what changed and publish a new store generation.

    With ``scheduler`` (a Dask scheduler address) or ``workers`` (a local Dask
    cluster of that many processes) extraction runs on Dask; the tables are the
    same as with the local path.  The local path extracts in ``processes``
    forked processes (default: one per available core, at most
    ``MAX_LOCAL_PROCESSES``) when there are several batches of articles to extract.
    ``sources`` (default: ``sources.yaml`` beside the corpus) extends the shipped
    sources table; it groups every published article, reused ones included.
    """
    started = time.perf_counter()
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"Le dossier du corpus n'existe pas : {corpus}")
    root = Path(store_dir) if store_dir is not None else store.default_store(corpus)
    beside = corpus / SOURCES_FILE
    table = load_sources(sources or (beside if beside.is_file() else None))  # first: a typo there fails fast
    before = store.read_manifest(root)
    chosen = config.resolve(corpus, root, before, registry=registry, lexicon=lexicon, model=model)
    with store.locked(root, wait=wait):
        previous = previous_tables(root)
        read = read_corpus(corpus, progress=progress, known=read_before(before, previous))
        chosen, proposal = _maybe_propose(chosen, before, read.articles, root)
        extractor = Extractor(
            registry=load_registry(chosen.registry.path),
            lexicon=load_lexicon(chosen.lexicon.path),
            **({"model": chosen.model} if chosen.model else {}),
        )
        reusable = reusable_ids(previous["articles"], read.articles, extractor.fingerprint)
        reusable |= registry_unaffected(before, previous["articles"], read.articles, extractor)
        reusable -= topic_affected(before, extractor, [a for a in read.articles if a.id in reusable])
        fresh = [article for article in read.articles if article.id not in reusable]
        parses = cached_parses(previous["parses"], fresh, extractor.model_key)
        new = _extract(
            fresh, parses, extractor, progress=progress, scheduler=scheduler, workers=workers,
            processes=processes if processes is not None else local_processes(),
        )
        rethemed = 0
        if (before or {}).get("themes_fingerprint") != extractor.themes_fingerprint and reusable:
            previous.update(_retheme(previous, reusable, extractor))
            rethemed = len(reusable)
        tables = _merge(previous, reusable, new, extractor)
        same_text = reusable_ids(previous["articles"], fresh, None)  # re-resolved only: their story signatures hold
        tables["story_index"], tables["articles"] = _group_stories(
            previous["story_index"], [a for a in fresh if a.id not in same_text], reusable | same_text, tables["articles"]
        )
        tables["articles"] = group_sources(tables["articles"], table)
        tables["inputs"] = _inputs_frame(read.reports, reusable)
        manifest = _manifest(corpus, read.articles, extractor, table)
        manifest["config"] = config.record(chosen, model=extractor.model_name)
        manifest["themes_proposal"] = proposal
        store.publish(root, tables, manifest, same_texts=same_texts(previous, tables))
    statuses = tables["inputs"]["status"].value_counts()
    return IngestSummary(
        store=root,
        inputs=len(read.reports),
        extracted=len(fresh),
        unchanged=len(reusable),
        rejected=int(statuses.get("rejected", 0)),
        unsupported=int(statuses.get("unsupported", 0)),
        ignored=int(statuses.get("ignored", 0)),
        articles=len(read.articles),
        seconds=time.perf_counter() - started,
        rethemed=rethemed,
        proposed=chosen.lexicon.path if proposal.get("written") else None,
        notices=chosen.notices,
    )


def _maybe_propose(
    chosen: config.CorpusConfig, before: dict | None, articles: list[Article], root: Path
) -> tuple[config.CorpusConfig, dict]:
    """Discovered themes for a corpus the packaged lexicon leaves mostly without a theme.

    Checked once per corpus (the manifest remembers the answer), on the
    packaged lexicon only: a lexicon of the user's, or one proposed earlier
    (edited or not), is never replaced.  Deleting the proposed file asks for
    a new proposal at the next ingest.
    """
    recorded = (before or {}).get("themes_proposal") or {}
    if chosen.lexicon.origin != "packaged":
        return chosen, {"checked": recorded.get("checked", False), "share": recorded.get("share"), "written": False}
    if recorded.get("checked") and not recorded.get("written"):
        return chosen, recorded
    from vigie.discovery import MIN_ARTICLES, DiscoveryError, assigned_share, suggest_themes, write_lexicon

    if len(articles) < MIN_ARTICLES:
        return chosen, {"checked": False, "share": None, "written": False}
    texts = [a.text for a in sorted(articles, key=lambda a: a.id)]
    share = assigned_share(load_lexicon(None), texts)
    if share >= PROPOSE_BELOW:
        return chosen, {"checked": True, "share": round(share, 4), "written": False}
    path = root / PROPOSED_FILE
    try:
        found = suggest_themes(texts, seed=0)
    except DiscoveryError as exc:  # too little text in common: the packaged lexicon stays, and the reason is kept
        return chosen, {"checked": True, "share": round(share, 4), "written": False, "reason": str(exc)}
    write_lexicon(found, path)
    proposed = config.CorpusConfig(registry=chosen.registry, lexicon=config.Choice("proposed", path),
                                   model=chosen.model, notices=chosen.notices)
    return proposed, {"checked": True, "share": round(share, 4), "written": True}


def _retheme(previous: dict[str, pd.DataFrame], reusable: set[str], extractor: Extractor) -> dict[str, pd.DataFrame]:
    """Theme rows of the unchanged articles under the current lexicon, from their stored texts and sentences."""
    texts = previous["texts"][among(previous["texts"]["id"], reusable)]
    sentences = previous["sentences"][among(previous["sentences"]["article_id"], reusable)]
    return theme_frames(texts, sentences, extractor.lexicon, processes=local_processes())


def _extract(
    fresh: list[Article],
    parses: dict[str, bytes],
    extractor: Extractor,
    *,
    progress: bool,
    scheduler: str | None,
    workers: int | None,
    processes: int,
) -> dict[str, pd.DataFrame]:
    """Table rows of the articles to (re-)extract, here or on a Dask cluster."""
    if fresh and (scheduler or workers):
        from vigie.distributed import extract_on_cluster

        with tqdm(total=len(fresh), unit="article", disable=not progress) as bar:
            return extract_on_cluster(
                fresh, extractor, parses, scheduler=scheduler, workers=workers, on_partition=bar.update
            )
    extracted = list(extractor.extract_parsed(fresh, parses, progress=progress, n_process=processes)) if fresh else []
    return extraction_frames(fresh, extracted, fingerprint=extractor.fingerprint, model_key=extractor.model_key)


def local_processes() -> int:
    """The cores this process may run on (at most ``MAX_LOCAL_PROCESSES``): the local extraction's default."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_LOCAL_PROCESSES))


def _merge(
    previous: dict[str, pd.DataFrame],
    reusable: set[str],
    new: dict[str, pd.DataFrame],
    extractor: Extractor,
) -> dict[str, pd.DataFrame]:
    """Rows kept from the previous store plus rows of what was just extracted."""
    tables = {}
    kept_ids = pa.array(sorted(reusable), pa.string())
    for name, keys in SORT_KEYS.items():  # the first key is each table's article id
        kept = previous[name][among(previous[name][keys[0]], kept_ids)]
        if name == "articles":  # reused under this extractor: stored with another registry that left them alone
            kept = kept.assign(fingerprint=extractor.fingerprint)
        tables[name] = _concat(kept, new[name], name).sort_values(keys, ignore_index=True)
    tables["actors"] = _actors_frame(tables["mentions"], previous["actors"], new["actor_info"])
    tables["themes"] = pd.DataFrame(
        {"id": [t.id for t in extractor.lexicon.themes], "label": [t.label for t in extractor.lexicon.themes]}
    )
    return tables


def _group_stories(
    index: pd.DataFrame, fresh: list[Article], reusable: set[str], articles: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare the new texts with the stored signatures (not the store with itself)."""
    signatures = story_signatures((a.id, a.text) for a in fresh)
    updated = StoryIndex(index).update(signatures, dates={a.id: a.date for a in fresh}, keep=reusable)
    stories = updated.stories().set_index("article_id")
    articles = articles.assign(
        story=articles["id"].map(stories["story"]), n_copies=articles["id"].map(stories["n_copies"])
    )
    return updated.frame, articles


def _concat(kept: pd.DataFrame, new: pd.DataFrame, name: str) -> pd.DataFrame:
    columns = store.SCHEMAS[name].names
    parts = [frame[columns] for frame in (kept, new) if len(frame)]
    if not parts:
        return store.empty_tables()[name]
    return pd.concat(parts, ignore_index=True)


def _actors_frame(mentions: pd.DataFrame, previous: pd.DataFrame, seen: pd.DataFrame) -> pd.DataFrame:
    """One row per actor still mentioned, with its counts; identities come from the newest sighting."""
    identity = pd.concat([previous[["id", "name", "type", "registered"]], seen], ignore_index=True)
    identity = identity.drop_duplicates("id", keep="last").set_index("id")
    counts = mentions.groupby("actor_id", observed=True).agg(
        n_mentions=("article_id", "size"), n_articles=("article_id", "nunique")
    )
    actors = identity.join(counts, how="inner").reset_index()
    actors = actors.sort_values(["n_mentions", "name"], ascending=[False, True], ignore_index=True)
    return actors[store.SCHEMAS["actors"].names]


def _inputs_frame(reports: Iterable[InputReport], reusable: set[str]) -> pd.DataFrame:
    """The report of every input; an article copied from the last store is 'unchanged'."""
    rows = [
        {
            "path": r.path,
            "row": r.row,
            "status": "unchanged" if r.status == "ingested" and r.id in reusable else r.status,
            "reason": r.reason,
            "id": r.id,
        }
        for r in reports
    ]
    return pd.DataFrame(rows, columns=store.SCHEMAS["inputs"].names)


def group_sources(articles: pd.DataFrame, table: SourceTable) -> pd.DataFrame:
    """``source`` recomputed from ``edition`` (the name as the input gave it) for every row.

    Once per distinct edition (a corpus has few outlets); the URL is looked at
    only for rows with no edition at all.
    """
    editions = articles["edition"].fillna("").astype(str)
    codes, uniques = pd.factorize(editions)
    names = np.array([table.group(edition) for edition in uniques], dtype=object)[codes]
    empty = (editions == "").to_numpy()
    if empty.any():
        names[empty] = [table.group("", url) for url in articles["url"].fillna("").astype(str)[empty]]
    return articles.assign(source=names)


def _manifest(corpus: Path, articles: Iterable[Article], extractor: Extractor, sources: SourceTable) -> dict:
    """What anyone needs to reproduce the numbers: corpus, model, registry, lexicon, sources table, vigie."""
    corpus_hash = hashlib.sha256()
    for article in sorted(articles, key=lambda a: a.id):
        corpus_hash.update(f"{article.id}\0{article.content_hash}\n".encode())
    return {
        "corpus": str(Path(corpus).resolve()),
        "corpus_hash": corpus_hash.hexdigest(),
        "model": extractor.model_name,
        "model_version": extractor.model_version,
        "spacy_version": spacy.__version__,
        "registry_sha256": extractor.registry.sha256,
        "registry": extractor.registry.record(),
        "lexicon_sha256": extractor.lexicon.sha256,
        "sources_sha256": sources.sha256,
        "fingerprint": extractor.fingerprint,
        "themes_fingerprint": extractor.themes_fingerprint,
        "topics": sorted(" ".join(key) for key in extractor.topics),
        "vigie_version": vigie.__version__,
        "reader_version": READER_VERSION,
    }
