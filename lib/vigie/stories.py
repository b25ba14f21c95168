"""Stories, not copies: group the articles that are one text republished.

An agency dispatch reappears in ten outlets with a new title, a cut last
paragraph, an added lead or the site's boilerplate; archives also hold one file
twice.  Counting those as ten articles turns syndication into a fake surge of
attention, so every article gets a ``story``: the id of the earliest article of
its group (by date, undated last, then id), and ``n_copies``, the group's size.

How
- Texts are compared as sets of *shingles*: overlapping runs of 5 words after
  normalisation (case folded, accents and ligatures flattened, punctuation and
  apostrophes dropped), so "ÉTATS-UNIS"/"Etats-Unis" or a typographic
  apostrophe do not count as edits.  Words, not characters: a one-word
  rewording kills 5 shingles out of hundreds, while two articles written
  separately about one event share names and a quote but few 5-word runs.
- Each set becomes a 128-value MinHash (datasketch, "affine32" scheme, seed 1),
  whose share of equal values estimates the Jaccard similarity.  Signatures are
  stored (one ``bytes`` value per article) so a later ingest never re-reads
  unchanged texts.
- Candidates come from datasketch's ``MinHashLSH`` (banding tuned for
  ``THRESHOLD``), then each candidate pair is confirmed on the estimated
  Jaccard.  Confirmed pairs are edges; a story is a connected component.
  Cost is about linear in the corpus: each article is hashed once and looks up
  ``b`` buckets, never compared with every other article.
- Incremental: new articles are queried against the stored signatures and
  each other.  Stored articles keep the story links found earlier; only
  the members of a story that lost an article (file deleted or changed) are
  linked again.  Since a candidate pair depends only on the two signatures,
  this gives the same groups as grouping the whole corpus at once.

Threshold (``THRESHOLD = 0.5``), chosen by measurement on ``vigie synth``
(5,000 articles, seed 0, 15 % in wire stories, plus same-event articles
written separately and exact duplicate files).  Estimated Jaccard of pairs:
  true copies (wire republications with a new title, a cut last paragraph, an
  added lead, boilerplate, a few reworded words): 5th percentile 0.60,
  median 0.79; same event written separately (shared actors, date and a
  quote): 99th percentile 0.10, max 0.16; unrelated articles: < 0.05.
Pairwise precision/recall against the truth for thresholds 0.3 to 0.8:
  0.30: 0.999/0.998, 0.40: 1.000/0.996, 0.50: 1.000/0.990,
  0.60: 1.000/0.957, 0.70: 1.000/0.826, 0.80: 1.000/0.521.
0.5 sits in the wide gap between the two populations: a copy cut to half of
its text still joins (Jaccard of a half is 0.5 at worst only when nothing else
changed), and two separately written articles would need half their 5-word
runs in common.  On the five sample articles, which share a topic, actors
and an event, the largest pairwise estimate is 0.02: none are grouped.
(Reproduce with ``pairwise_scores`` on ``write_synthetic_corpus`` output.)
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
THRESHOLD = 0.3
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

    ``zlib.crc32`` hashes the shingles: stable across processes and machines
    (Python's ``hash`` is salted per process), and fast enough that hashing
    costs less than the permutations.
    """
    base = MinHash(num_perm=num_perm, seed=_SEED, hashfunc=zlib.crc32, scheme=_SCHEME)
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
    ids = list(previous["article_id"]) + list(new["article_id"])
    if len(set(ids)) != len(ids):
        raise ValueError("assign_stories: un même article est à la fois nouveau et déjà indexé")
    signatures = np.vstack(
        [_decode(s) for s in list(previous["signature"]) + list(new["signature"])]
        or [np.empty((0, 0), dtype=_DTYPE)]
    )
    position = {article_id: i for i, article_id in enumerate(ids)}
    links = _Links(len(ids))
    to_query = [position[a] for a in new["article_id"]]
    for members, intact in _stored_stories(previous):
        for member in members:
            if intact:
                links.union(position[members[0]], position[member])
            else:
                to_query.append(position[member])
    if to_query:
        num_perm = signatures.shape[1]
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=_bands(threshold, num_perm))
        permutations = _permutations(num_perm)
        minhashes = [MinHash(hashvalues=row, permutations=permutations, scheme=_SCHEME) for row in signatures]
        for i, minhash in enumerate(minhashes):
            lsh.insert(i, minhash, check_duplication=False)
        for i in to_query:
            for j in lsh.query(minhashes[i]):
                if j != i and np.count_nonzero(signatures[i] == signatures[j]) >= threshold * signatures.shape[1]:
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
    ``article_id, date, signature, story, n_copies``, plain Parquet columns.

    ``update`` is the whole incremental step: keep the rows of unchanged
    articles, sign the new texts, assign stories.
    """

    frame: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INDEX_COLUMNS))

    def update(
        self,
        texts: Iterable[tuple[str, str, dt.date | None]],
        *,
        keep: Iterable[str],
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
    ) -> StoryIndex:
        """A new index: the stored articles in ``keep`` plus ``texts`` given as
        ``(article_id, text, date)``; any other stored article is dropped."""
        kept = self.frame[self.frame["article_id"].isin(set(keep))]
        texts = list(texts)
        new = story_signatures(((a, t) for a, t, _ in texts), num_perm=num_perm)
        dates = {**dict(zip(kept["article_id"], kept["date"], strict=True)), **{a: d for a, _, d in texts}}
        stories = assign_stories(new, kept, dates=dates, threshold=threshold)
        signatures = pd.concat([kept[SIGNATURE_COLUMNS], new], ignore_index=True)
        frame = stories.merge(signatures, on="article_id")
        frame["date"] = [_date_or_none(dates.get(a)) for a in frame["article_id"]]
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


@functools.lru_cache(maxsize=16)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for a threshold; costly to compute, so cached."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def _decode(signature: bytes) -> np.ndarray:
    return np.frombuffer(signature, dtype=_DTYPE)


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int) -> np.ndarray:
    """The permutations of every signature, built once: a MinHash makes them from its seed at each creation."""
    return MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations


def _stored_stories(previous: pd.DataFrame) -> Iterable[tuple[list[str], bool]]:
    """Each stored story's surviving members, and whether all of them survived.

    A story that lost a member (deleted or changed file) may have lost the
    article that linked the others, so its members are linked again.
    """
    for _, rows in previous.groupby("story", sort=True):
        yield list(rows["article_id"]), len(rows) == int(rows["n_copies"].iloc[0])


def _date_or_none(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _stories_frame(ids: list[str], links: _Links, dates: Mapping[str, dt.date | None]) -> pd.DataFrame:
    """Name each component after its earliest article: by date, undated last, then id."""

    def order(article_id: str) -> tuple[bool, dt.date, str]:
        date = _date_or_none(dates.get(article_id))
        return (date is None, date or dt.date.min, article_id)

    earliest: dict[int, str] = {}
    sizes: dict[int, int] = {}
    for i, article_id in enumerate(ids):
        root = links.find(i)
        sizes[root] = sizes.get(root, 0) + 1
        if root not in earliest or order(article_id) < order(earliest[root]):
            earliest[root] = article_id
    roots = [links.find(i) for i in range(len(ids))]
    frame = pd.DataFrame(
        {
            "article_id": pd.Series(ids, dtype=object),
            "story": pd.Series([earliest[r] for r in roots], dtype=object),
            "n_copies": pd.Series([sizes[r] for r in roots], dtype="int64"),
        }
    )
    return frame.sort_values("article_id", ignore_index=True)
