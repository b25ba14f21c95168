"""DashboardState without widgets or a kernel."""
import datetime as dt

import pytest

from vigie.dashboard.state import DashboardState, format_day, parse_date
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
        "actors", "actor_mode", "actor_types", "date_from", "date_to", "themes", "sources", "text", "stories",
        "granularity", "timeline_value", "level", "weight", "tab", "article", "compare", "kwic_actor", "kwic_word"}


def test_the_stories_switch_rebuilds_the_filter_and_resets():
    state = DashboardState()
    state.stories = True
    assert state.filter == Filter(stories=True)
    state.reset()
    assert state.filter == Filter() and state.stories is False


@pytest.mark.parametrize("text, end, expected", [
    ("16/05/2019", False, dt.date(2019, 5, 16)),
    (" 1/5/2019 ", False, dt.date(2019, 5, 1)),
    ("2019-05-16", False, dt.date(2019, 5, 16)),
    ("05/2019", False, dt.date(2019, 5, 1)),
    ("02/2020", True, dt.date(2020, 2, 29)),
    ("2019", False, dt.date(2019, 1, 1)),
    ("2019", True, dt.date(2019, 12, 31)),
    ("", False, None),
])
def test_period_fields_read_french_dates(text, end, expected):
    assert parse_date(text, end=end) == expected


@pytest.mark.parametrize("text", ["31/02/2019", "05/16/2019", "13/2019", "hier", "<b>2019</b>", "0000"])
def test_a_malformed_date_gives_a_french_message(text):
    with pytest.raises(ValueError, match="Date illisible.*jj/mm/aaaa"):
        parse_date(text)


def test_dates_are_shown_day_first():
    assert format_day(dt.date(2019, 5, 6)) == "06/05/2019" and format_day(None) == ""
