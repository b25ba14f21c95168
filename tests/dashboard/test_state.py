"""DashboardState without widgets or a kernel."""
import datetime as dt

from vigie.dashboard.state import DashboardState
from vigie.query import Filter


def test_filter_follows_the_filter_traits():
    state = DashboardState()
    assert state.filter == Filter()
    state.actors = ["facebook", "macron"]
    state.actor_mode = "all"
    state.text = "  haine  "
    assert state.filter == Filter(actors=("facebook", "macron"), actor_mode="all", text="haine")


def test_apply_gives_one_filter_change():
    state = DashboardState()
    seen = []
    state.observe(lambda change: seen.append(change["new"]), names="filter")
    state.apply({"actors": ("macron",), "date_from": dt.date(2019, 1, 1), "themes": ("terrorisme",)})
    assert seen == [Filter(actors=("macron",), date_from=dt.date(2019, 1, 1), themes=("terrorisme",))]


def test_view_options_do_not_touch_the_filter():
    state = DashboardState()
    seen = []
    state.observe(lambda change: seen.append(change), names="filter")
    state.apply({"granularity": "week", "weight": "pmi", "tab": "network"})
    assert seen == [] and state.filter == Filter()


def test_reset_keeps_the_view_unless_asked():
    state = DashboardState()
    state.apply({"actors": ("macron",), "sources": ("AFP",), "tab": "timeline"})
    state.reset()
    assert state.filter == Filter() and state.tab == "timeline"
    state.reset(keep_view=False)
    assert state.tab == "overview"


def test_values_names_every_shared_trait():
    assert set(DashboardState().values()) == {
        "actors", "actor_mode", "actor_types", "date_from", "date_to", "themes", "sources", "text",
        "granularity", "timeline_value", "level", "weight", "tab", "article", "kwic_actor", "kwic_word"}
