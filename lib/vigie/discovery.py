"""Theme discovery: the themes a corpus talks about, found in its own articles and written as a lexicon.

Why this shape
- Themes stay lexicons.  Discovery only *proposes* a ``themes.yaml``: each
  theme is a list of words in their dictionary form with weights and a
  threshold, matched by the same :class:`vigie.nlp.themes.ThemeMatcher` as a
  hand-written lexicon.  So every assignment still shows the words that made
  it, and a person can rename, merge or edit any theme.
- TF-IDF and NMF from scikit-learn: the matrix factorisation that topic
  modelling on short press texts is usually done with, deterministic for a
  given seed, and about 20 s of CPU on 10,000 synth articles (most of it
  choosing the number of themes); no model to download.  On 70 real French press excerpts on six subjects
  (``tests/gold/themes``) it finds the subjects where the hand-written
  platform lexicon left most articles without a theme.
- The words: content words in their dictionary form, names apart, and
  without the words every article says (:mod:`vigie.theme_words`, which
  says why and what it changed).
- The number of themes, when not given, is chosen in two steps.
  First, on the content words alone, the largest number in 4..20 whose two
  most alike themes share at most ``MAX_OVERLAP`` more of their articles
  than the median pair of themes does (cosine of their NMF weights across the
  articles): past that number the extra theme describes part of the same
  articles (a subject split in two, words of every story) rather than
  articles of its own.  The median is the corpus's baseline: where articles
  mix two subjects, every pair shares more.  Excess of the most alike pair,
  at the right number of themes and one more: 2,000-article synth corpus
  (9 subjects, single-subject articles) 0.034 and 0.169; 10,000 synth
  articles 0.053 and 0.089; gold set 0.016 at 6 and 0.062 at 7, where the
  Olympics come as two themes (the medals, the opening ceremony): their
  words differ, and the words they share ("athlètes") are few.  Stability
  across subsamples (Greene et al., 2014), tried first, chose 8 on the gold
  set: the split sub-stories are stable too; the words two themes share
  (cosine of their NMF rows) did not tell the Olympics' two halves (0.10
  above the median pair) from the pension reform and the farmers' protests
  (0.09: "mobilisation", "syndicat") or synth's subjects (0.07).
  Second, the names: the ones those themes explain (knowing that an article
  says the name removes at least ``NAME_EXPLAINED`` of the uncertainty about
  its theme: "Kiev", "FNSEA", "Jeux", "Olympiques", not "France", "Paris" or
  "Macron", nor the actors ``vigie synth`` sprinkles on every subject) join
  the words, and the number goes down while two themes owe more than
  ``MAX_SHARED_NAMES`` of their likeness (cosine of their NMF rows) to names
  they both hold: the same Games, people or places told from two sides are
  one subject.  That part, at the number the first step chose: gold set
  0.085 at 7 (the Olympics' halves, through "Jeux" and "Olympiques"), then
  0.018 at 6; synth 0.004 (2,000) and 0.006 (10,000).  Both steps are made
  on at most ``SAMPLE`` articles, so they cost the same at 10,000 or 100,000.
- The threshold is the highest of a few round values that leaves at most 5 %
  of the articles without a theme when the written lexicon is matched on them
  (on at most ``CALIBRATION_SAMPLE`` of them).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from vigie.nlp.lexicon import build_lexicon, inflections
from vigie.nlp.text import fold
from vigie.nlp.themes import ThemeMatcher, score_themes
from vigie.theme_words import Vocabulary, theme_words

K_RANGE = range(4, 21)
MIN_ARTICLES = 4
#: Articles the choice of the number of themes is made on (a random sample beyond).
SAMPLE = 1500
MAX_OVERLAP = 0.075  # two themes sharing this much more of their articles than most pairs: a subject split in two
MAX_SHARED_NAMES = 0.04  # two themes this alike through the names they share: one subject
NAME_EXPLAINED = 0.5  # a name is let in when the themes explain at least this share of where it is said
TERMS_PER_THEME = 20
THRESHOLDS = (8.0, 6.0, 5.0, 4.0, 3.0, 2.5, 2.0, 1.5, 1.0)
MAX_UNTHEMED = 0.05
CALIBRATION_SAMPLE = 5000  # texts the threshold is calibrated on
MAX_FEATURES = 20000


class DiscoveryError(ValueError):
    """Discovery cannot run on this corpus; the message (in French) says why."""


@dataclass(frozen=True)
class Discovery:
    """What :func:`suggest_themes` found: the lexicon to write, and how it was chosen."""

    k: int
    seed: int
    chosen_by: str  # "--k" or "recouvrement"
    overlap: dict[int, float]  # per number of themes tried, how much more its two most alike themes share their articles
    lexicon: dict  # themes.yaml content: {"threshold": ..., "themes": [...]}
    topics: np.ndarray = field(repr=False)  # per article, the NMF theme with the largest weight (the plain peer)
    n_articles: int = 0
    shared_names: dict[int, float] = field(default_factory=dict)  # per number of themes tried, names in

    def yaml(self) -> str:
        """The lexicon as a ``themes.yaml`` a person can read and edit."""
        header = (
            "# Thèmes proposés automatiquement par `vigie themes suggest`\n"
            f"# ({self.n_articles} articles, {self.k} thèmes, graine {self.seed}, nombre choisi par {self.chosen_by}).\n"
            "# Chaque thème est une liste de mots (forme du dictionnaire : les pluriels et féminins\n"
            "# correspondent aussi) avec leur poids ; un article reçoit un thème quand la somme des\n"
            "# poids de ses mots atteint `threshold`.  Renommez, fusionnez ou corrigez librement.\n"
        )
        lines = [f"threshold: {_number(self.lexicon['threshold'])}", "", "themes:"]
        for theme in self.lexicon["themes"]:
            lines += [f"  - id: {theme['id']}", f"    label: {json.dumps(theme['label'], ensure_ascii=False)}", "    terms:"]
            lines += [f"      - {{term: {t['term']}, weight: {_number(t['weight'])}}}" for t in theme["terms"]]
            lines.append("")
        return header + "\n" + "\n".join(lines)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def suggest_themes(texts: Sequence[str], *, k: int | None = None, seed: int = 0) -> Discovery:
    """Themes of ``texts`` as a lexicon; ``k`` themes, or the number in 4..20 the module's docstring says."""
    if len(texts) < MIN_ARTICLES:
        raise DiscoveryError(
            f"Le corpus ne compte que {len(texts)} article(s) : il en faut au moins {MIN_ARTICLES} "
            "pour proposer des thèmes."
        )
    if k is not None and not 2 <= k <= len(texts):
        raise DiscoveryError(
            f"Impossible de chercher {k} thèmes dans {len(texts)} articles : "
            f"choisissez --k entre 2 et {len(texts)}."
        )
    docs, vocabulary = theme_words(texts)
    matrix, terms = _tfidf(docs)
    is_name = np.array([t in vocabulary.names for t in terms], dtype=bool)
    words = _unit_rows(matrix[:, np.flatnonzero(~is_name)])
    if words.shape[1] < 2:
        raise DiscoveryError("Les articles ont trop peu de mots en commun pour proposer des thèmes.")
    sample = _sample(matrix.shape[0], seed=seed)
    sampled = words[sample]
    weights: dict[int, np.ndarray] = {}  # per number of themes tried, each sampled article's weight in each theme
    shared: dict[int, float] = {}
    if k is None:
        weights = {n: _nmf(sampled, n, seed=seed)[0] for n in _k_range(len(texts))}
        overlap = {n: _overlap(w) for n, w in weights.items()}
        distinct = [n for n, excess in overlap.items() if excess < MAX_OVERLAP]
        first = max(distinct) if distinct else min(overlap)
    else:
        overlap, first = {}, k
    first_weights = weights[first] if first in weights else _nmf(sampled, first, seed=seed)[0]
    topics = first_weights.argmax(axis=1)
    explained = _explained(matrix[sample][:, np.flatnonzero(is_name)], topics, first)
    keep = ~is_name
    keep[np.flatnonzero(is_name)[explained >= NAME_EXPLAINED]] = True
    matrix, terms, is_name = _unit_rows(matrix[:, np.flatnonzero(keep)]), terms[keep], is_name[keep]
    if k is None:
        k = first
        while k > K_RANGE.start:  # the names join the themes of one subject: fewer themes, never more
            shared[k] = _shared_names(matrix[sample], is_name, k, seed=seed)
            if shared[k] < MAX_SHARED_NAMES:
                break
            k -= 1
        chosen_by = "recouvrement"
    else:
        chosen_by = "--k"
    w, h = _nmf(matrix, k, seed=seed)
    topics = w.argmax(axis=1)
    themes = _themes(h, terms, vocabulary, sizes=np.bincount(topics, minlength=k))
    lexicon = {"threshold": _threshold(themes, texts), "themes": themes}
    return Discovery(k=k, seed=seed, chosen_by=chosen_by, overlap=overlap, lexicon=lexicon, topics=topics,
                     n_articles=len(texts), shared_names=shared)


def _k_range(n_articles: int) -> range:
    """4..20 themes, and never more themes than a third of the articles (at least 4)."""
    return range(K_RANGE.start, max(K_RANGE.start, min(K_RANGE.stop - 1, n_articles // 3)) + 1)


def _tfidf(docs: list[list[str]]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(docs)
    vectorizer = TfidfVectorizer(
        analyzer=_identity, min_df=2 if n >= 10 else 1, max_df=0.5 if n >= 20 else 1.0,
        sublinear_tf=True, max_features=MAX_FEATURES, dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError as exc:  # no word left after pruning
        raise DiscoveryError("Les articles ont trop peu de mots en commun pour proposer des thèmes.") from exc
    return matrix, vectorizer.get_feature_names_out()


def _identity(doc: list[str]) -> list[str]:
    return doc


def _nmf(matrix, k: int, *, seed: int):
    from sklearn.decomposition import NMF

    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400, tol=1e-4)
    w = model.fit_transform(matrix)
    return w, model.components_


def _unit_rows(matrix):
    """Rows scaled to length 1, as TF-IDF leaves them: a part of the columns is again comparable across articles."""
    from sklearn.preprocessing import normalize

    return normalize(matrix.tocsr(), copy=True)


def _sample(n: int, *, seed: int) -> np.ndarray:
    """The rows the number of themes is chosen on: all, or ``SAMPLE`` of them at random (sorted)."""
    if n <= SAMPLE:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, SAMPLE, replace=False))


def _explained(names, topics: np.ndarray, k: int) -> np.ndarray:
    """Per name (column of ``names``), the share of the themes' uncertainty that knowing an article names it removes.

    1 - H(theme | the article names it) / H(theme), over the articles naming
    it, with each article in its theme of largest weight.
    """
    present = (names > 0).astype(np.float64).tocsc()
    counts = np.asarray((present.T @ np.eye(k)[topics]))  # names x themes: articles naming it in each theme
    prior = np.bincount(topics, minlength=k) / max(len(topics), 1)
    base = _entropy(prior[None, :])[0]
    if base <= 0:
        return np.zeros(counts.shape[0])
    given = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    return 1 - _entropy(given) / base


def _entropy(p: np.ndarray) -> np.ndarray:
    safe = np.where(p > 0, p, 1.0)
    return -(p * np.log(safe)).sum(axis=1)


def _shared_names(matrix, names: np.ndarray, k: int, *, seed: int) -> float:
    """The largest part that names said in both make of two themes' likeness: over two NMF rows scaled to length 1,
    the sum of their products on the name columns (``names``, a mask).  A theme with few names weighs little."""
    h = _nmf(matrix, k, seed=seed)[1]
    h = h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-12)
    part = h[:, names] @ h[:, names].T
    return round(float(part[~np.eye(k, dtype=bool)].max()), 4)


def _overlap(weights: np.ndarray) -> float:
    """How much more the two most alike themes share their articles than the median pair.

    ``weights``: NMF's, each article's weight in each theme.  Shared articles:
    the cosine of two themes' weights across the articles.  The median pair is
    the corpus's baseline (articles on two subjects, words of every story); a
    subject split in two stands out above it.
    """
    rows = weights.T
    rows = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    cosine = rows @ rows.T
    pairs = cosine[~np.eye(len(rows), dtype=bool)]
    return round(float(pairs.max() - np.median(pairs)), 4)


def _themes(h: np.ndarray, terms: Sequence[str], vocabulary: Vocabulary, *, sizes: np.ndarray) -> list[dict]:
    """One lexicon entry per NMF theme, largest first: its own strongest words (a word goes to one theme only),
    names left to the actors."""
    owner = h.argmax(axis=0)
    themes = []
    used_ids: set[str] = set()
    for topic in sorted(range(len(h)), key=lambda t: (-int(sizes[t]), t)):
        row = h[topic]
        mine: list[int] = []
        covered: set[str] = set()
        for i in np.argsort(-row, kind="stable"):
            if len(mine) == TERMS_PER_THEME or row[i] <= 0:
                break
            if terms[i] in vocabulary.names:  # names group the articles; a theme is written in its subject's words
                continue
            if owner[i] == topic and terms[i] not in covered:  # "nationale" after "national" would never match
                mine.append(int(i))
                covered |= inflections(terms[i])
        if not mine:
            continue
        top = float(row[mine[0]])
        written = [vocabulary.shown.get(terms[i], terms[i]) for i in mine]
        entries = [{"term": text, "weight": _weight(float(row[i]) / top)} for text, i in zip(written, mine, strict=True)]
        theme_id = _unique(re.sub(r"[^a-z0-9]+", "_", fold("_".join(written[:2]))).strip("_") or "theme", used_ids)
        label = ", ".join(written[:3])
        themes.append({"id": theme_id, "label": label[:1].upper() + label[1:], "terms": entries})
    return themes


def _weight(relative: float) -> float:
    """1 to 3 by half steps: the theme's strongest word weighs 3, its weakest listed ones 1."""
    return float(min(3.0, max(1.0, math.floor((1 + 2 * relative) * 2 + 0.5) / 2)))


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name}_{n}", n + 1
    used.add(candidate)
    return candidate


def _threshold(themes: list[dict], texts: Sequence[str]) -> float:
    """The highest round threshold that leaves at most ``MAX_UNTHEMED`` of the articles without a theme."""
    lexicon = build_lexicon({"threshold": 1, "themes": themes}, where="discovery")
    if len(texts) > CALIBRATION_SAMPLE:  # matching every text at 100,000 articles would cost minutes, not precision
        texts = [texts[i] for i in np.sort(np.random.default_rng(0).choice(len(texts), CALIBRATION_SAMPLE, replace=False))]
    best = best_scores(lexicon, texts)
    for threshold in THRESHOLDS:
        if np.mean(best < threshold) <= MAX_UNTHEMED:
            return threshold
    return THRESHOLDS[-1]


def best_scores(lexicon, texts: Iterable[str]) -> np.ndarray:
    """Each text's highest theme score under ``lexicon`` (0 without a hit)."""
    matcher = ThemeMatcher(lexicon)
    out = []
    for text in texts:
        scores = score_themes(matcher.find(text), lexicon, article_id="")
        out.append(max((s.score for s in scores), default=0.0))
    return np.array(out, dtype=float)


def stored_texts(root) -> list[str]:
    """The texts of a store, in article id order: what discovery reads instead of running the model again."""
    from vigie import store

    if store.read_manifest(root) is None:
        raise DiscoveryError(f"Aucun index dans {root} : lancez d'abord `vigie ingest` sur le corpus.")
    texts = store.read_table(root, "texts").sort_values("id", kind="stable")
    return texts["text"].tolist()


def suggest_from_store(root, *, k: int | None = None, seed: int = 0) -> Discovery:
    """:func:`suggest_themes` on the articles of the store at ``root``."""
    return suggest_themes(stored_texts(root), k=k, seed=seed)


def write_lexicon(discovery: Discovery, path) -> None:
    """Write the proposed lexicon in one step (a reader never sees half a file)."""
    from pathlib import Path

    from vigie.store import write_atomic

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomic(Path(path), discovery.yaml().encode("utf-8"))


def assigned_share(lexicon, texts: Sequence[str]) -> float:
    """The share of ``texts`` that ``lexicon`` assigns at least one theme to."""
    return float(np.mean(best_scores(lexicon, texts) >= lexicon.threshold)) if len(texts) else 0.0


def first_themes(lexicon, texts: Iterable[str]) -> list[str | None]:
    """Each text's main theme as vigie assigns it: the assigned theme of highest score (None without one)."""
    matcher = ThemeMatcher(lexicon)
    out: list[str | None] = []
    for text in texts:
        assigned = [s for s in score_themes(matcher.find(text), lexicon, article_id="") if s.assigned]
        out.append(max(assigned, key=lambda s: s.score).theme_id if assigned else None)
    return out
