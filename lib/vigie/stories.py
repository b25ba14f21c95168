"""Stories, not copies: group the articles that are one text republished.

An agency dispatch reappears in ten outlets with a new title, a cut last
paragraph, an added lead or the site's boilerplate; archives also hold one file
twice.  Counting those as ten articles turns syndication into a fake surge of
attention, so every article gets a ``story``: the id of the earliest article of
its group (by date, undated last, then id), and ``n_copies``, the group's size.

How
- Texts are compared as sets of *shingles*: overlapping runs of 5 words after
  normalisation (case folded, accents and ligatures flattened, punctuation and
  apostrophes turned into spaces), so "ÉTATS-UNIS"/"Etats-Unis" or a
  typographic apostrophe are not edits.  Words rather than characters: a
  reworded word changes 5 shingles out of hundreds, while two articles written
  separately on one event share names and a quote but few 5-word runs.
- Each set becomes a 128-value MinHash (datasketch, "affine32" scheme, seed 1,
  shingles hashed with crc32 so that signatures are the same in every process
  and on every machine), whose share of equal values estimates the Jaccard
  similarity.  Signatures are kept (``bytes``, 512 per article) so that a
  later ingest never re-reads unchanged texts.  ``story_signatures`` works
  article by article, so it can run inside the ingest's workers.
- Candidates come from datasketch's ``MinHashLSH`` (bands and rows tuned by
  datasketch for ``THRESHOLD``: 32 x 4 at 0.4); each candidate pair is then
  confirmed on the estimated Jaccard.  Confirmed pairs are edges and a story
  is a connected component.  Cost is about linear in the corpus: each article
  is hashed once and looks into 32 buckets, never compared with all others.
- Incremental (``StoryIndex.update``): new articles are queried against the
  stored signatures and each other.  Stored articles keep the links found
  earlier; only the members of a story that lost an article (file deleted or
  changed) are queried again.  A candidate pair depends only on its two
  signatures, so this gives exactly the groups of a grouping of the whole
  corpus at once (tested).  Nothing new and nothing removed: no index is built.

Threshold: ``THRESHOLD = 0.4``, chosen by measurement on ``vigie synth``
(10,000 articles, seed 1: 15 % from agency dispatches republished with a new
title, paragraphs cut, a lead added, boilerplate, words reworded, other quote
marks and apostrophes; 5 % of events covered again by a separately written
article with the same actors, date and quote; 1 % duplicate files).
Estimated Jaccard of pairs of one story: 1st percentile 0.55, 5th 0.66,
median 0.90 (minimum 0.41: two copies cut differently); of an event's
separately written articles: 99th percentile 0.12, maximum 0.15; of random
pairs: maximum 0.13.  Pairwise precision / recall against the truth:
  0.3: 1.000 / 1.000   0.4: 1.000 / 1.000   0.5: 1.000 / 0.993
  0.6: 1.000 / 0.976   0.7: 1.000 / 0.918   0.8: 1.000 / 0.774
0.4 stands clear of both populations (0.25 above the highest same-event pair,
about eight standard deviations of a 128-value estimate; 0.15 below the 1st
percentile of copies) and keeps the index cheap: lower thresholds need more,
shorter bands, and the synthetic grammar makes unrelated articles more alike
than real ones, so that low thresholds fill the buckets.  At 100,000
articles (seed 2), grouping from scratch: 0.3 gives 1.000 / 1.000 for 60 s of
CPU, 0.4 1.000 / 0.998 for 29 s, 0.5 1.000 / 0.994 for 20 s (signatures: 62 s
more, once per article).  On the five sample
articles, which share a topic, actors and an event (003 and 004 both cover
the Christchurch call), the highest estimate is 0.00: none are grouped.
Reproduce with ``pairwise_scores`` on ``vigie.synth.write_synthetic_corpus``
output.

datasketch (which imports scipy's integrators) is imported where a signature
or an LSH index is made, not with this module: an ingest with nothing new to
sign or group (a registry or lexicon edit, « Enregistrer » in the edit mode)
never needs it, and importing it was 1.1 s of CPU of that command's start.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

SHINGLE_WORDS = 5
NUM_PERM = 128
THRESHOLD = 0.4
_SEED = 1
_SCHEME = "affine32"
_DTYPE = np.dtype("<u4")  # affine32 values, stored little-endian whatever the machine
_NON_WORD = re.compile(r"[\W_]+")
SIGNATURE_COLUMNS = ["article_id", "signature"]
STORY_COLUMNS = ["article_id", "story", "n_copies"]
INDEX_COLUMNS = ["article_id", "date", "signature", "story", "n_copies"]


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> list[bytes]:
    """The word ``size``-grams of a text after normalisation, as bytes for hashing.

    A text shorter than ``size`` words gives one shingle (the whole text), so
    that two identical short texts still match and an empty one gives none.
    """
    spaced = _NON_WORD.sub(" ", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    words = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii").split()
    if len(words) <= size:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)]


def story_signatures(texts: Iterable[tuple[str, str]], *, num_perm: int = NUM_PERM) -> pd.DataFrame:
    """One MinHash signature per ``(article_id, text)``, as little-endian uint32 bytes.

    ``zlib.crc32`` hashes the shingles: stable across processes and machines,
    where Python's ``hash`` is salted per process.
    """
    texts = list(texts)
    if not texts:
        return pd.DataFrame({"article_id": pd.Series([], dtype=object), "signature": pd.Series([], dtype=object)})
    from datasketch import MinHash  # here, not at the top: see the module's docstring

    base = MinHash(num_perm, seed=_SEED, hashfunc=zlib.crc32, permutations=_permutations(num_perm), scheme=_SCHEME)
    ids, signatures = [], []
    for article_id, text in texts:
        minhash = base.copy()
        minhash.update_batch(shingles(text))
        ids.append(article_id)
        signatures.append(minhash.hashvalues.astype(_DTYPE).tobytes())
    return pd.DataFrame({"article_id": pd.Series(ids, dtype=object), "signature": pd.Series(signatures, dtype=object)})


def assign_stories(
    new: pd.DataFrame,
    previous: pd.DataFrame,
    *,
    dates: Mapping[str, dt.date | None],
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """Stories of all articles, comparing only ``new`` ones with the rest.

    ``new``: ``article_id, signature`` (from ``story_signatures``).
    ``previous``: the stored articles that are still in the corpus, with
    ``article_id, signature, story, n_copies`` as returned last time; a story
    with fewer surviving members than its ``n_copies`` lost one and is linked
    again from its members' signatures.  ``dates`` gives each article's date
    (missing means undated).  Returns ``article_id, story, n_copies`` for the
    previous and new articles, sorted by id.
    """
    ids = [*previous["article_id"], *new["article_id"]]
    if len(set(ids)) != len(ids):
        raise ValueError("assign_stories: un même article est à la fois nouveau et déjà indexé")
    position = {article_id: i for i, article_id in enumerate(ids)}
    links = _Links(len(ids))
    to_query = [position[a] for a in new["article_id"]]
    whole = previous.groupby("story")["article_id"].transform("size") == previous["n_copies"]
    for article_id, story, kept_whole in zip(previous["article_id"], previous["story"], whole, strict=True):
        if kept_whole:  # every member is still here: the links found last time still hold
            links.union(position[article_id], position[story])
        else:  # its story lost a member, perhaps the one that linked the others
            to_query.append(position[article_id])
    if to_query:
        signatures = np.vstack([_decode(s) for s in [*previous["signature"], *new["signature"]]])
        for i, j in _similar_pairs(signatures, to_query, threshold=threshold):
            links.union(i, j)
    return _stories_frame(ids, links, dates)


def pairwise_scores(predicted: Mapping[str, str], truth: Mapping[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping: over all pairs of articles
    put in one group by ``predicted``, the share that ``truth`` also groups, and
    the converse.  Computed from group sizes, so linear in the corpus.  With no
    pair to judge, the score is 1.0.
    """
    common = sorted(set(predicted) & set(truth))
    if len(common) != len(predicted) or len(common) != len(truth):
        raise ValueError("pairwise_scores: les deux groupements ne portent pas sur les mêmes articles")
    frame = pd.DataFrame({"p": [predicted[a] for a in common], "t": [truth[a] for a in common]})

    def pairs(sizes: pd.Series) -> int:
        return int((sizes * (sizes - 1) // 2).sum())

    both = pairs(frame.groupby(["p", "t"]).size())
    in_predicted, in_truth = pairs(frame.groupby("p").size()), pairs(frame.groupby("t").size())
    return (both / in_predicted if in_predicted else 1.0, both / in_truth if in_truth else 1.0)


@dataclass(frozen=True)
class StoryIndex:
    """What the store keeps between two ingests: one row per stored article,
    ``article_id, date, signature, story, n_copies``, plain Parquet columns
    (``StoryIndex(pd.read_parquet(...))`` reads it back).

    An ingest signs the texts it extracts (``story_signatures``, in the
    workers if it likes), then calls ``update`` with the ids it reused:
    ``index.update(signatures, dates=..., keep=reused_ids)``.
    """

    frame: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INDEX_COLUMNS))

    def update(
        self,
        new: pd.DataFrame,
        *,
        dates: Mapping[str, dt.date | None],
        keep: Iterable[str],
        threshold: float = THRESHOLD,
    ) -> StoryIndex:
        """A new index: the stored articles in ``keep`` plus ``new`` (``article_id,
        signature``) dated by ``dates``.  Stored articles not kept are dropped; a
        new signature replaces a stored one of the same id (a changed file)."""
        kept = self.frame[self.frame["article_id"].isin(set(keep) - set(new["article_id"]))]
        known = {**dict(zip(kept["article_id"], kept["date"], strict=True)), **dates}
        stories = assign_stories(new, kept, dates=known, threshold=threshold)
        frame = stories.merge(pd.concat([kept[SIGNATURE_COLUMNS], new[SIGNATURE_COLUMNS]]), on="article_id")
        frame["date"] = [_date_or_none(known.get(a)) for a in frame["article_id"]]
        return StoryIndex(frame[INDEX_COLUMNS])

    def stories(self) -> pd.DataFrame:
        """``article_id, story, n_copies``, sorted by id."""
        return self.frame[STORY_COLUMNS].reset_index(drop=True)


class _Links:
    """Union-find over article positions: connected components of the copy edges."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _similar_pairs(signatures: np.ndarray, queries: list[int], *, threshold: float) -> Iterable[tuple[int, int]]:
    """Pairs (query, other row) whose estimated Jaccard reaches ``threshold``.

    The rows that share a band with some query go into a ``MinHashLSH``
    index (all rows when grouping from scratch, a handful when a few files
    are added to a large store); each query takes the rows sharing one of its
    bands as candidates, confirmed on the share of equal signature values.
    """
    from datasketch import MinHash, MinHashLSH

    num_perm = signatures.shape[1]
    bands = _bands(threshold, num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=bands)
    permutations = _permutations(num_perm)
    minhashes = {}
    for i in _sharing_a_band(signatures, queries, bands).tolist():
        minhashes[i] = MinHash(hashvalues=signatures[i], permutations=permutations, scheme=_SCHEME)
        lsh.insert(i, minhashes[i], check_duplication=False)
    needed = threshold * num_perm
    for i in queries:
        for j in lsh.query(minhashes[i]):
            if j != i and np.count_nonzero(signatures[i] == signatures[j]) >= needed:
                yield i, j


def _sharing_a_band(signatures: np.ndarray, queries: list[int], bands: tuple[int, int]) -> np.ndarray:
    """Rows (queries included) that share at least one LSH band with a query row.

    A vectorised pre-filter (each band's values seen as one opaque key): only
    these rows can be candidates, so adding ten files to a store of 100,000
    indexes a few rows, not the whole store.
    """
    count, rows = bands
    selected = np.zeros(len(signatures), dtype=bool)
    selected[queries] = True
    for band in range(count):
        keys = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows]).view(f"V{rows * 4}").ravel()
        selected |= np.isin(keys, keys[queries])
    return np.flatnonzero(selected)


@functools.lru_cache(maxsize=16)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for a threshold; costly to compute, so cached."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def _decode(signature: bytes) -> np.ndarray:
    return np.frombuffer(signature, dtype=_DTYPE)


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int) -> np.ndarray:
    """The permutations of every signature, built once: a MinHash makes them from its seed at each creation."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations


def _date_or_none(value: object) -> dt.date | None:
    """A date from a Python date, a pandas Timestamp (Parquet round trip) or a missing value."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _stories_frame(ids: list[str], links: _Links, dates: Mapping[str, dt.date | None]) -> pd.DataFrame:
    """Name each component after its earliest article: by date, undated last, then id."""
    roots = [links.find(i) for i in range(len(ids))]
    earliest: dict[int, tuple[bool, dt.date, str]] = {}
    for root, article_id in zip(roots, ids, strict=True):
        date = _date_or_none(dates.get(article_id))
        key = (date is None, date or dt.date.min, article_id)
        if root not in earliest or key < earliest[root]:
            earliest[root] = key
    sizes = Counter(roots)
    frame = pd.DataFrame(
        {
            "article_id": pd.Series(ids, dtype=object),
            "story": pd.Series([earliest[r][2] for r in roots], dtype=object),
            "n_copies": pd.Series([sizes[r] for r in roots], dtype="int64"),
        }
    )
    return frame.sort_values("article_id", ignore_index=True)
