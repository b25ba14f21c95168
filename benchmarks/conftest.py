"""The benchmarks' own tests reuse the read side's hand-made store (tests/dashboard/handmade_store.py):
twelve articles whose every count is known, one undated, one with HTML in it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

#: Generated corpora and stores (and anything unpacked there) are data, never tests.
collect_ignore = ["data"]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from dashboard.handmade_store import build_store  # noqa: E402


@pytest.fixture(scope="session")
def handmade(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("handmade"))
