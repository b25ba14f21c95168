import pytest

from dashboard.handmade_store import build_store


@pytest.fixture(scope="session")
def store_root(tmp_path_factory):
    """The hand-made store (twelve articles, see handmade_store.py), published once."""
    return build_store(tmp_path_factory.mktemp("handmade"))
