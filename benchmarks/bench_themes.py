"""Themes for any corpus: discovery's quality against a plain TF-IDF + NMF peer, and its speed.

Quality, on two labelled sets, each article's *first theme* as vigie assigns
it (the lexicon discovery writes, matched by ``ThemeMatcher``, highest score
first) against its subject: purity, inverse purity and the share left without
a theme.  The peer, on the same texts in the same run: scikit-learn's
``TfidfVectorizer`` with its own tokenizer and spaCy's French stop words, NMF
with the true number of subjects (an advantage vigie does not get: it chooses
its number), each article in the component of largest weight.
- ``tests/gold/themes``: 70 real French press excerpts on six subjects.
- ``vigie synth``: the articles with exactly one theme in the truth (an
  article with two has no single subject to be pure about).
Speed: :func:`vigie.discovery.suggest_themes` (what ``vigie themes suggest``
and ingest call) on the synthetic texts at ``plan.articles`` and
``plan.tiled_articles``; the re-assignment after a lexicon edit
(:func:`vigie.tables.theme_frames`, what ingest calls) at ``plan.articles``,
with sentences cut by a regular expression (their count changes only the
sentence index of a hit, not the work); the whole ``vigie ingest`` after
a lexicon edit on the gold corpus, against its full ingest; and the actors
re-resolved after two are merged in the edit mode (one becomes the other's
alias), on the real store of ``plan.articles`` synthetic articles: the ingest
that « Enregistrer » runs, in this process, and the save as the edit mode
runs it (through its warm edit worker, and without one).
"""
from __future__ import annotations

import os
import re
import shutil
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from corpora import base_store, synthetic, truth, working_copy
from harness import Result
from plan import Plan
from vigie.corpus import read_corpus
from vigie.discovery import first_themes, suggest_themes, write_lexicon
from vigie.nlp import load_lexicon

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold" / "themes"
PURITY = 0.90
UNTHEMED = 0.10
DISCOVERY_10K = 60.0
DISCOVERY_100K = 600.0
RETHEME_10K = 5.0
RERESOLVE_10K = 10.0
#: Said beside each CPU figure: on this shared machine, wall time measures the neighbours as much as vigie.
SHARED = " (on a shared machine, CPU seconds are the fair comparison between runs)"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def run(plan: Plan) -> list[Result]:
    """Both parts, or those ``plan.parts`` names: quality, speed (``run.py --parts speed --merge`` keeps the other's rows)."""
    rows = []
    corpus = synthetic(plan.articles, seed=plan.seed, data=plan.data)
    if plan.runs("quality"):
        rows += _quality("gold (70 real excerpts, 6 subjects)", *_gold(), plan=plan)
        texts, subjects = _synthetic(corpus)
        rows += _quality(f"synth ({len(texts)} single-theme articles of {plan.articles})", texts, subjects, plan=plan)
        rows = [replace(row, part="quality") for row in rows]
    if plan.runs("speed"):
        rows += [replace(row, part="speed") for row in (*_speed(plan, corpus), *_reingest(plan), *_actor_merge(plan))]
    return rows


def _gold() -> tuple[list[str], list[str]]:
    labels = yaml.safe_load((GOLD / "labels.yaml").read_text(encoding="utf-8"))["articles"]
    return [(GOLD / "articles" / r["file"]).read_text(encoding="utf-8") for r in labels], [r["subject"] for r in labels]


def _synthetic(corpus: Path) -> tuple[list[str], list[str]]:
    by_id = {a.id: a.text for a in read_corpus(corpus).articles}
    single = [r for r in truth(corpus) if len(r["themes"]) == 1]
    return [by_id[r["id"]] for r in single], [r["themes"][0] for r in single]


def purity(truth_labels: list, found: list) -> float:
    best: dict = defaultdict(Counter)
    for t, f in zip(truth_labels, found, strict=True):
        best[f][t] += 1
    return sum(max(c.values()) for c in best.values()) / len(truth_labels) if truth_labels else float("nan")


def _quality(name: str, texts: list[str], subjects: list[str], *, plan: Plan) -> list[Result]:
    found = suggest_themes(texts, seed=plan.seed)
    folder = plan.data / "themes-lexicons"
    write_lexicon(found, folder / f"{re.sub(r'[^a-z0-9]+', '-', name.lower())[:40]}.yaml")
    lexicon = load_lexicon(folder / f"{re.sub(r'[^a-z0-9]+', '-', name.lower())[:40]}.yaml")
    first = first_themes(lexicon, texts)
    themed = [i for i, f in enumerate(first) if f is not None]
    mine = ([subjects[i] for i in themed], [first[i] for i in themed])
    peer = _peer(texts, len(set(subjects)), seed=plan.seed)
    scores = {"purity": (purity(*mine), purity(subjects, peer)),
              "inverse purity": (purity(mine[1], mine[0]), purity(peer, subjects))}
    unthemed = 1 - len(themed) / len(texts)
    note = f"{found.k} themes ({found.chosen_by}), threshold {found.lexicon['threshold']}"
    rows = [
        Result(f"themes: {name}: {what} of the first theme", f">= {PURITY}, above the peer", ours, "",
               ours >= PURITY and ours >= theirs, f"peer TF-IDF + NMF (k = {len(set(subjects))}): {theirs:.3f}; {note}")
        for what, (ours, theirs) in scores.items()
    ]
    rows.append(Result(f"themes: {name}: articles without a theme", f"<= {UNTHEMED}", unthemed, "",
                       unthemed <= UNTHEMED, note))
    return rows


def _peer(texts: list[str], k: int, *, seed: int) -> list[int]:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from spacy.lang.fr.stop_words import STOP_WORDS

    matrix = TfidfVectorizer(stop_words=sorted(STOP_WORDS), min_df=2, max_df=0.5, sublinear_tf=True).fit_transform(texts)
    return NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400).fit_transform(matrix).argmax(1).tolist()


def cpu_timed(fn):
    """Wall seconds, CPU seconds (this process's threads and its reaped workers) and the value of one call.

    The CPU figure is there because this machine is shared: at a load average
    of 10 to 16 on two cores, wall time says more about the neighbours.
    """
    before, started = os.times(), time.perf_counter()
    value = fn()
    after = os.times()
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
    return time.perf_counter() - started, cpu, value


def _speed(plan: Plan, corpus: Path) -> list[Result]:
    rows = []
    sizes = [(plan.articles, DISCOVERY_10K), *([(plan.tiled_articles, DISCOVERY_100K)] if plan.tile > 1 else [])]
    for n, target in sizes:  # --tile 1: the first size only
        source = corpus if n == plan.articles else synthetic(n, seed=plan.seed, data=plan.data)
        texts = [a.text for a in sorted(read_corpus(source).articles, key=lambda a: a.id)]
        seconds, cpu, found = cpu_timed(lambda texts=texts: suggest_themes(texts, seed=plan.seed))
        rows.append(Result(f"themes: discovery, {n} articles", f"<= {target:.0f} s", seconds, "s", seconds <= target,
                           f"suggest_themes, number of themes chosen ({found.k}); CPU {cpu:.1f} s{SHARED}; "
                           f"load average {os.getloadavg()[0]:.1f}; one run"))
    texts = [a.text for a in sorted(read_corpus(corpus).articles, key=lambda a: a.id)]
    frame = pd.DataFrame({"id": [f"a{i:06d}" for i in range(len(texts))], "text": texts})
    sentences = pd.DataFrame(
        [(i, n, m.start(), m.end()) for i, text in zip(frame["id"], texts, strict=True)
         for n, m in enumerate(_SENTENCE.finditer(text))],
        columns=["article_id", "index", "start", "end"],
    )
    from vigie.tables import theme_frames

    from vigie.ingest import local_processes

    lexicon = load_lexicon()
    processes = local_processes()
    runs = [cpu_timed(lambda: theme_frames(frame, sentences, lexicon, processes=processes)) for _ in range(plan.repeat)]
    seconds, cpu = float(np.median([r[0] for r in runs])), float(np.median([r[1] for r in runs]))
    rows.append(Result(f"themes: re-assignment after a lexicon edit, {len(texts)} articles", f"<= {RETHEME_10K:.0f} s",
                       seconds, "s", seconds <= RETHEME_10K,
                       f"theme_frames in {processes} processes (texts and sentences in memory, packaged lexicon); "
                       f"CPU {cpu:.1f} s{SHARED}; load average {os.getloadavg()[0]:.1f}; medians of {plan.repeat}"))
    return rows


def _reingest(plan: Plan) -> list[Result]:
    """Full ingest of the gold corpus, then an edit of its proposed lexicon and ingest again."""
    from vigie import store
    from vigie.ingest import ingest

    corpus = plan.data / "themes-gold-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for path in sorted((GOLD / "articles").glob("*.txt")):
        shutil.copy(path, corpus / path.name)
    full = ingest(corpus)
    proposed = store.default_store(corpus) / "themes.proposed.yaml"
    text = proposed.read_text(encoding="utf-8")
    proposed.write_text(text + "  - id: ajout\n    label: Ajout\n    terms:\n      - {term: paille, weight: 3}\n",
                        encoding="utf-8")
    edited = ingest(corpus)
    return [Result(f"themes: ingest after a lexicon edit, {edited.articles} gold articles", "—", edited.seconds, "s",
                   None, f"{edited.extracted} re-resolved, {edited.rethemed} re-assigned; "
                         f"full ingest {full.seconds:.1f} s (model run); one run")]


def _actor_merge(plan: Plan) -> list[Result]:
    """« Enregistrer » after a merge: the two most mentioned unregistered actors of one type, on a copy of the store.

    Each run starts from a copy of the benchmarks' real store ingested once
    more, untimed, so that its manifest records the registry (a store built
    by an earlier vigie re-resolves every article at its first registry edit).
    Whether the model ran is read from :func:`vigie.nlp.pipeline.load_pipeline`'s
    cache counters, which any use of the model moves.

    « Enregistrer » as the edit mode runs it: :meth:`EditSession.save` then
    :func:`vigie.editing.commands.reindex` sent to the edit worker that the
    panels started (:class:`vigie.editing.worker.EditWorker`), once its
    imports are done; timed from the save to the new generation published.
    The worker's first job (a user's first save) is the row; a second save in
    the same worker, and the same save without a worker (a new ``vigie ingest``
    process: what a save costs when the worker is not warm yet or died), are
    in its note.  The CPU of a save through the worker is the worker's own
    (its ``/proc`` counters, its reaped pool included) plus this process's.
    """
    from vigie import store
    from vigie.editing import EditSession
    from vigie.editing import documents as ops
    from vigie.editing.commands import reindex
    from vigie.editing.files import ACTORS, EDIT_VARIABLE
    from vigie.editing.worker import EditWorker
    from vigie.ingest import ingest, local_processes
    from vigie.nlp.pipeline import load_pipeline

    base = base_store(plan)
    work = plan.data / "scratch" / "actor-merge"
    corpus = working_copy(synthetic(plan.articles, seed=plan.seed, data=plan.data), work / "corpus")
    actors = store.read_table(base.store, "actors")
    unknown = actors[~actors["registered"]]
    kinds = unknown[unknown["type"] == unknown["type"].iloc[0]]
    keep, drop = (tuple(row) for row in kinds[["id", "name", "type"]].head(2).itertuples(index=False))
    before = actors.set_index("id")["n_mentions"]

    def merged_session() -> tuple[Path, EditSession]:
        """The store, ingested again, and an edit session holding the merge, not saved yet."""
        shutil.rmtree(work / "store", ignore_errors=True)
        shutil.rmtree(corpus / ".vigie", ignore_errors=True)  # the edit mode's kept versions
        (corpus / "actors.yaml").unlink(missing_ok=True)
        shutil.copytree(base.store, work / "store")
        ingest(corpus, store_dir=work / "store")
        session = EditSession(corpus, store=work / "store")
        session.apply(ACTORS, ops.merge_actors, keep=keep, drop=drop)
        return work / "store", session

    def saved(root: Path, session: EditSession, worker: EditWorker | None):
        session.save()
        return reindex(corpus, store=root, worker=worker)

    saved_variable = os.environ.get(EDIT_VARIABLE)
    os.environ[EDIT_VARIABLE] = "1"
    try:
        runs = []
        for _ in range(plan.repeat):
            root, session = merged_session()
            session.save()
            model = load_pipeline.cache_info()
            runs.append((*cpu_timed(lambda root=root: ingest(corpus, store_dir=root)), os.getloadavg()[0]))
            model_ran = load_pipeline.cache_info() != model
        after = store.read_table(root, "actors").set_index("id")
        worker = EditWorker().start()
        try:
            warm = []  # the worker's first save, then a second one
            for _ in range(2):
                root, session = merged_session()
                worker.wait_ready()
                pid, cpu_before = worker.pid, _process_cpu(worker.pid)
                seconds, cpu, finished = cpu_timed(lambda root=root, session=session: saved(root, session, worker))
                warm.append((seconds, cpu + _process_cpu(pid) - cpu_before, finished, worker.pid == pid,
                             os.getloadavg()[0]))
        finally:
            worker.close()
        root, session = merged_session()
        cold = cpu_timed(lambda: saved(root, session, None))
    finally:
        if saved_variable is None:
            os.environ.pop(EDIT_VARIABLE, None)
        else:
            os.environ[EDIT_VARIABLE] = saved_variable
    seconds, cpu = float(np.median([r[0] for r in runs])), float(np.median([r[1] for r in runs]))
    summary = runs[-1][2]
    right = drop[0] not in after.index and after.loc[keep[0], "n_mentions"] >= before[keep[0]] + before[drop[0]]
    what = (f"{drop[1]!r} merged into {keep[1]!r}: {summary.extracted} of {summary.articles} articles re-resolved "
            f"(those naming either), {keep[1]!r} now {after.loc[keep[0], 'n_mentions']} mentions "
            f"(was {before[keep[0]]} + {before[drop[0]]}), model {'RUN' if model_ran else 'not loaded'}")
    first, second = warm
    ok = all(w[2].ok and w[3] for w in warm) and cold[2].ok
    return [
        Result(f"themes: actors re-resolved after a merge, {summary.articles} articles", f"<= {RERESOLVE_10K:.0f} s",
               seconds, "s", seconds <= RERESOLVE_10K and right and not model_ran,
               f"ingest in this process, local, {local_processes()} processes; {what}; CPU {cpu:.1f} s{SHARED}; "
               f"load average {np.median([r[3] for r in runs]):.1f}; medians of {plan.repeat}"),
        Result(f"themes: « Enregistrer » after a merge (save, then `vigie ingest` in the warm edit worker), "
               f"{summary.articles} articles", f"<= {RERESOLVE_10K:.0f} s", first[0], "s",
               first[0] <= RERESOLVE_10K and ok,
               f"from EditSession.save to the new generation published, the ingest sent by "
               f"vigie.editing.commands.reindex to the edit worker the panels started (imports done); the worker's "
               f"first job, CPU {first[1]:.1f} s{SHARED}, load average {first[4]:.1f}; a second save in the same "
               f"worker {second[0]:.2f} s (CPU {second[1]:.1f} s); without a warm worker (a new `vigie ingest` "
               f"process, as before: importing spaCy, pandas, pyarrow first) {cold[0]:.2f} s (CPU {cold[1]:.1f} s); "
               f"one run each"),
    ]


def _process_cpu(pid: int | None) -> float:
    """User and system seconds of a running process and of its reaped children, from ``/proc``."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
