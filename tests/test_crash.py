"""Killing ingest (SIGKILL) at any moment leaves the previous store complete and readable."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from vigie import store

pytestmark = pytest.mark.slow

#: Moments after the start at which the ingest is killed: while importing,
#: reading, extracting and (with luck on a fast machine) publishing.
KILL_AFTER_S = (0.5, 2.0, 4.0, 6.0, 8.0)


def _grow(corpus, copies: int) -> None:
    """Many distinct articles from the samples, so that an ingest lasts several seconds."""
    for source in sorted(corpus.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for i in range(copies):
            (corpus / f"{source.stem}-copie{i}.txt").write_text(f"{text}\n\nCopie numéro {i}.", encoding="utf-8")


def _ingest_process(corpus):
    return subprocess.Popen(
        [sys.executable, "-m", "vigie", "ingest", str(corpus), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_sigkill_during_ingest_keeps_the_previous_store_and_the_next_ingest_finishes(sample_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    root = store.default_store(corpus)
    subprocess.run([sys.executable, "-m", "vigie", "ingest", str(corpus), "--quiet"], check=True)
    before = store.load(root)
    assert len(before.articles) == 5
    _grow(corpus, copies=6)
    for delay in KILL_AFTER_S:
        process = _ingest_process(corpus)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        data = store.load(root)  # always a complete generation: the old one or a finished new one
        assert len(data.articles) in (5, 35)
        assert set(data.mentions["article_id"]) <= set(data.articles["id"])
        assert len(data.texts(data.articles["id"])) == len(data.articles)
    finished = subprocess.run(
        [sys.executable, "-m", "vigie", "ingest", str(corpus), "--quiet"], capture_output=True, text=True, check=True
    )
    assert "35 articles" in finished.stdout
    assert len(store.load(root).articles) == 35
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(("gen-", "."))]
    assert len(leftovers) == 1, leftovers  # one published generation, no temporary files
