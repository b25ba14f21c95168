"""vigie.query on the hand-made store: every expected number can be checked by reading
tests/dashboard/handmade_store.py (its docstring sums them up)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pandas as pd
import pytest

from dashboard.handmade_store import build_store
from dashboard.handmade_stories import STORIES, build_story_store, story_tables
from vigie import query, store
from vigie.query import Filter
from vigie.store import load


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load(build_store(tmp_path_factory.mktemp("store")))


def ids(data, flt):
    return list(query.selected_ids(data, flt))


def test_empty_filter_selects_every_article(data):
    assert ids(data, Filter()) == [f"a{n:02d}" for n in range(1, 13)]
    assert Filter().is_empty() and not Filter(text="x").is_empty()


def test_actors_any_and_all(data):
    both = ("macron", "zuckerberg")
    assert ids(data, Filter(actors=both)) == ["a01", "a02", "a04", "a05", "a07", "a10", "a12"]
    assert ids(data, Filter(actors=both, actor_mode="all")) == ["a02", "a07"]


def test_themes_sources_and_text(data):
    assert ids(data, Filter(themes=("terrorisme",))) == ["a03", "a05", "a06"]
    assert ids(data, Filter(themes=("terrorisme", "moderation"))) == ["a02", "a03", "a05", "a06", "a09"]
    assert ids(data, Filter(sources=("AFP",))) == ["a03", "a05", "a08", "a11"]
    # a03 has the word in its text, a05 only in its title; case is ignored
    assert ids(data, Filter(text="CHRISTCHURCH")) == ["a03", "a05"]
    assert ids(data, Filter(text="<script>")) == ["a11"]


def test_date_bounds_leave_out_undated_articles(data):
    spring = Filter(date_from=dt.date(2019, 3, 1), date_to=dt.date(2019, 5, 31))
    assert ids(data, spring) == ["a04", "a05", "a06", "a07"]
    assert "a09" not in ids(data, Filter(date_to=dt.date(2030, 1, 1)))


def test_filters_combine(data):
    flt = Filter(actors=("facebook",), sources=("Le Monde",), date_from=dt.date(2019, 5, 1))
    assert ids(data, flt) == ["a07", "a12"]
    assert ids(data, Filter(actors=("ardern",), themes=("moderation",))) == []


def test_top_actors_counts_and_order(data):
    top = query.top_actors(data, Filter())
    assert list(top["actor_id"]) == [
        "facebook", "macron", "france", "zuckerberg", "ardern", "nz", "cnews", "christchurch", "cedric_o"]
    facebook = top.iloc[0]
    assert (facebook["mentions"], facebook["articles"], facebook["type"]) == (10, 9, "organisation")
    assert not top.set_index("actor_id").loc["cnews", "registered"]
    assert len(query.top_actors(data, Filter(), limit=3)) == 3


def test_actor_types_narrow_the_actor_views_not_the_articles(data):
    places = Filter(actor_types=("place",))
    assert list(query.top_actors(data, places)["actor_id"]) == ["france", "nz", "christchurch"]
    assert len(ids(data, places)) == 12


def test_top_themes(data):
    themes = query.top_themes(data, Filter())
    assert list(themes["theme_id"]) == [
        "regulation", "terrorisme", "haine_en_ligne", "moderation", "donnees_personnelles"]
    assert themes.set_index("theme_id").loc["regulation", "label"] == "Régulation"
    assert list(query.top_themes(data, Filter(sources=("AFP",)))["articles"]) == [2]  # a03, a05: terrorisme


def test_overview(data):
    numbers = query.overview(data, Filter(sources=("Le Monde",)))
    assert (numbers.articles, numbers.total, numbers.undated) == (5, 12, 1)
    assert (numbers.first, numbers.last) == (dt.date(2019, 1, 15), dt.date(2020, 2, 20))
    assert query.overview(data, Filter(sources=("AFP",))).first_precision == "year"  # a08, "2019"


def test_monthly_timeline_of_one_actor(data):
    result = query.timeline(data, Filter(actors=("facebook",)), granularity="month")
    frame = result.frame.set_index(result.frame["period"].dt.strftime("%Y-%m"))
    assert len(frame) == 14  # every month from January 2019 to February 2020, quiet ones at zero
    mentioned = frame.loc[frame["mentions"] > 0]
    assert list(mentioned.index) == ["2019-01", "2019-03", "2019-05", "2020-01", "2020-02"]
    assert list(mentioned["mentions"]) == [3, 1, 2, 1, 2]  # a01 has two mentions
    assert frame.loc["2019-02", "share"] == 0  # a03 does not mention Facebook
    assert math.isnan(frame.loc["2019-04", "share"])  # no article at all that month
    # the share's denominator ignores the actor filter: March 2019 holds a04 and a05
    assert frame.loc["2019-03", "period_articles"] == 2
    assert frame.loc["2019-03", "share"] == pytest.approx(0.5)
    assert result.left_out == 1  # a09 has no date


def test_timeline_leaves_out_dates_too_coarse_for_the_granularity(data):
    monthly = query.timeline(data, Filter(actors=("france",)), granularity="month")
    assert monthly.left_out == 1  # a08 is dated "2019" only
    yearly = query.timeline(data, Filter(actors=("france",)), granularity="year")
    assert yearly.left_out == 0
    assert list(yearly.frame["mentions"]) == [4, 1]  # 2019: a04 a05 a07 a08; 2020: a12
    daily = query.timeline(data, Filter(actors=("france",)), granularity="day")
    assert daily.left_out == 2  # a04 (month) and a08 (year)


def test_weekly_periods_start_on_monday(data):
    result = query.timeline(data, Filter(actors=("macron",)), granularity="week")
    assert all(day.weekday() == 0 for day in result.frame["period"])


def test_timeline_defaults_to_the_most_mentioned_actors_and_finds_peaks(data):
    result = query.timeline(data, Filter(), limit=2)
    assert set(result.frame["actor_id"]) == {"facebook", "macron"}
    peak = result.peaks.set_index("actor_id").loc["facebook"]
    assert (peak["period"].strftime("%Y-%m"), peak["mentions"], peak["article_id"]) == ("2019-01", 3, "a01")
    assert peak["title"] == "Zuckerberg défend Facebook"


def test_timeline_actor_types_lens_and_peak_ties(data):
    result = query.timeline(data, Filter(actor_types=("place",)), actors=("facebook", "france"), granularity="year")
    assert set(result.frame["actor_id"]) == {"france"}  # Facebook is no place: the lens leaves it out
    assert list(result.frame["mentions"]) == [4, 1] and list(result.frame["period_articles"]) == [8, 3]
    peak = result.peaks.set_index("actor_id").loc["france"]
    assert (peak["mentions"], peak["article_id"]) == (4, "a04")  # a04 a05 a07 a08 name France once: lowest id


def test_actor_filter_with_repeated_or_unknown_actors(data):
    assert ids(data, Filter(actors=("macron", "macron"), actor_mode="all")) == ["a02", "a04", "a05", "a07", "a12"]
    assert ids(data, Filter(actors=("macron", "nobody"), actor_mode="all")) == []
    assert ids(data, Filter(actors=("nobody",))) == []


def test_timeline_rejects_unknown_granularity(data):
    with pytest.raises(ValueError):
        query.timeline(data, Filter(), granularity="hour")


def edge(edges, a, b):
    row = edges.loc[(edges["source"] == min(a, b)) & (edges["target"] == max(a, b))]
    return row.iloc[0] if len(row) else None


def test_cooccurrence_by_article(data):
    edges = query.cooccurrence(data, Filter(), level="article")
    pair = edge(edges, "facebook", "macron")  # together in a02 a05 a07 a12
    assert pair["count"] == 4
    assert pair["jaccard"] == pytest.approx(4 / (9 + 5 - 4))
    assert pair["pmi"] == pytest.approx(math.log2(4 * 12 / (9 * 5)))
    assert (pair["source_name"], pair["target_name"]) == ("Facebook", "Emmanuel Macron")
    assert (edges["source"] < edges["target"]).all()


def test_cooccurrence_by_sentence(data):
    edges = query.cooccurrence(data, Filter(), level="sentence")
    assert edge(edges, "facebook", "macron") is None  # never in one sentence
    pair = edge(edges, "facebook", "france")  # second sentence of a05, a07, a12
    assert pair["count"] == 3
    n_sentences = 22
    assert pair["pmi"] == pytest.approx(math.log2(3 * n_sentences / (10 * 5)))
    assert pair["jaccard"] == pytest.approx(3 / (10 + 5 - 3))
    assert edges["count"].iloc[0] == edges["count"].max()


def test_cooccurrence_without_limit_follows_the_actor_types(data):
    edges = query.cooccurrence(data, Filter(actor_types=("person",)), level="article", limit=None)
    assert list(zip(edges["source"], edges["target"], edges["count"])) == [
        ("macron", "zuckerberg", 2), ("ardern", "macron", 1)]
    assert edges["pmi"].iloc[0] == pytest.approx(math.log2(2 * 12 / (5 * 4)))


def test_cooccurrence_limit_keeps_the_top_actors(data):
    edges = query.cooccurrence(data, Filter(), level="article", limit=2)
    assert list(zip(edges["source"], edges["target"])) == [("facebook", "macron")]


def test_actor_themes(data):
    cells = query.actor_themes(data, Filter())
    table = cells.set_index(["actor_id", "theme_id"])["articles"]
    assert table[("facebook", "regulation")] == 3  # a01 a07 a12
    assert table[("macron", "haine_en_ligne")] == 2  # a04 a12
    assert ("ardern", "regulation") not in table.index


def test_article_rows_newest_first_undated_last(data):
    rows = query.article_rows(data, Filter())
    assert list(rows["id"])[:3] == ["a12", "a11", "a10"]
    assert list(rows["id"])[-1] == "a09"
    a12 = rows.set_index("id").loc["a12"]
    assert a12["actors"] == "Emmanuel Macron, Facebook, France"
    assert a12["themes"] == "Haine en ligne, Régulation"
    assert (a12["source"], a12["date_precision"]) == ("Le Monde", "day")
    assert len(query.article_rows(data, Filter(), limit=4)) == 4


@pytest.mark.parametrize("flt", [Filter(text="introuvable"), Filter(actor_types=("person",), sources=("nulle",))])
def test_empty_selection_gives_empty_frames_with_their_columns(data, flt):
    assert query.top_actors(data, flt).empty
    assert query.top_themes(data, flt).empty
    assert list(query.cooccurrence(data, flt).columns) == [
        "source", "target", "source_name", "target_name", "count", "jaccard", "pmi"]
    assert query.actor_themes(data, flt).empty
    assert query.article_rows(data, flt).empty
    result = query.timeline(data, flt)
    assert result.frame.empty and result.peaks.empty and result.left_out == 0
    assert query.overview(data, flt).first is None


def test_functions_do_not_modify_the_store_frames(data):
    before = {name: getattr(data, name).copy() for name in ("articles", "mentions", "actors")}
    query.timeline(data, Filter(actors=("facebook",)))
    query.cooccurrence(data, Filter())
    query.article_rows(data, Filter())
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(data, name), frame)


def test_concordance_of_an_actor_newest_article_first(data):
    lines = query.concordance(data, Filter(), actor="zuckerberg", width=12)
    assert list(lines["article_id"]) == ["a10", "a07", "a02", "a01"]
    a02 = lines.set_index("article_id").loc["a02"]
    assert (a02["left"], a02["match"], a02["right"]) == ("cron reçoit ", "Mark Zuckerberg", ". Facebook p")
    assert query.concordance(data, Filter(sources=("AFP",)), actor="zuckerberg").empty


def test_concordance_of_a_word_is_whole_word_and_case_blind(data):
    lines = query.concordance(data, Filter(), word="LOI")
    assert list(lines["article_id"]) == ["a12", "a04"]  # not "loin" or "exploit"
    assert set(lines["match"]) == {"loi"}
    assert len(query.concordance(data, Filter(), word="la", limit=3)) == 3
    assert query.concordance(data, Filter()).empty  # nothing asked, nothing read


def test_reading_spans_for_the_reader(data):
    reading = query.reading(data, "a04")
    assert reading.text.startswith("Emmanuel Macron veut combattre")
    spans = [(reading.text[s.start:s.end], s.kind, s.label) for s in reading.spans.itertuples()]
    assert spans == [("Emmanuel Macron", "actor", "Emmanuel Macron"), ("haine en ligne", "theme", "Haine en ligne"),
                     ("France", "actor", "France"), ("loi", "theme", "Régulation")]
    assert reading.article["date_precision"] == "month"
    assert query.reading(data, "absent") is None


def test_mention_rows_follow_the_filter(data):
    rows = query.mention_rows(data, Filter(sources=("AFP",), actor_types=("person",)))
    assert sorted(set(rows["name"])) == ["Emmanuel Macron", "Jacinda Ardern"]
    assert set(rows["article_id"]) == {"a03", "a05"}
    assert list(rows.columns[:3]) == ["article_id", "date", "title"]


def test_answers_remembered_for_one_store_never_leak_to_another(data, tmp_path):
    from dashboard.handmade_store import tables
    from vigie import store

    smaller = tables()
    smaller["articles"] = smaller["articles"].loc[smaller["articles"]["id"] != "a01"]
    with store.locked(tmp_path):
        store.publish(tmp_path, smaller, {"corpus": "smaller"})
    other = load(tmp_path)
    flt = Filter(actors=("zuckerberg",))
    assert ids(data, flt) == ["a01", "a02", "a07", "a10"]
    assert ids(other, flt) == ["a02", "a07", "a10"]
    assert ids(data, flt) == ["a01", "a02", "a07", "a10"]


# ---------------------------------------------------------------- stories: each wire story counted once

#: Each story's earliest copy, by filter: what Filter(stories=True) must keep.
EARLIEST = ["a01", "a03", "a04", "a05", "a06", "a07", "a08", "a09", "a10"]


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    return load(build_story_store(tmp_path_factory.mktemp("stories")))


def test_stories_keep_each_storys_earliest_selected_copy(copies):
    assert ids(copies, Filter()) == [f"a{n:02d}" for n in range(1, 13)]
    assert ids(copies, Filter(stories=True)) == EARLIEST
    # a01 does not name Macron, so its story is held by a02; a12 alone holds story a10
    assert ids(copies, Filter(actors=("macron",), stories=True)) == ["a02", "a04", "a05", "a07", "a12"]
    assert ids(copies, Filter(sources=("AFP", "Le Monde"), stories=True)) == [
        "a01", "a03", "a04", "a05", "a07", "a08", "a09", "a11"]
    assert query.overview(copies, Filter(stories=True)).articles == 9


def test_stories_off_leaves_every_count_unchanged(copies, data):
    for flt in (Filter(), Filter(actors=("facebook",)), Filter(themes=("regulation",))):
        pd.testing.assert_frame_equal(query.top_actors(copies, flt), query.top_actors(data, flt))
        pd.testing.assert_frame_equal(query.cooccurrence(copies, flt), query.cooccurrence(data, flt))
        pd.testing.assert_frame_equal(query.timeline(copies, flt).frame, query.timeline(data, flt).frame)


@pytest.mark.parametrize("flt", [Filter(), Filter(actors=("facebook",)), Filter(date_from=dt.date(2019, 2, 1)),
                                 Filter(sources=("Le Monde",), actor_types=("person",))])
def test_stories_count_like_a_store_of_the_kept_copies_only(copies, flt, tmp_path):
    """Every view in stories mode equals the same view over a store holding only the copies kept."""
    kept = tuple(ids(copies, replace(flt, stories=True)))
    alone = load(build_story_store(tmp_path, keep=kept))
    on, plain = replace(flt, stories=True), flt
    frames = [
        (query.top_actors(copies, on), query.top_actors(alone, plain)),
        (query.top_themes(copies, on), query.top_themes(alone, plain)),
        (query.cooccurrence(copies, on, level="article"), query.cooccurrence(alone, plain, level="article")),
        (query.cooccurrence(copies, on), query.cooccurrence(alone, plain)),
        (query.actor_themes(copies, on), query.actor_themes(alone, plain)),
        (query.mention_rows(copies, on), query.mention_rows(alone, plain)),
        (query.concordance(copies, on, actor="facebook"), query.concordance(alone, plain, actor="facebook")),
    ]
    if not flt.actors:  # with an actor filter the share's denominator is the story's earliest copy
        frames.append((query.timeline(copies, on).frame, query.timeline(alone, plain).frame))
    for got, expected in frames:
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                      check_dtype=False, check_categorical=False)
    assert query.overview(copies, on).articles == len(kept)


def test_article_rows_carry_the_story_and_the_copies_are_listed(copies):
    rows = query.article_rows(copies, Filter(stories=True)).set_index("id")
    assert "a11" not in rows.index and "a02" not in rows.index
    assert (rows.loc["a10", "story"], rows.loc["a10", "n_copies"]) == ("a10", 3)
    assert (rows.loc["a03", "story"], rows.loc["a03", "n_copies"]) == ("a03", 1)
    members = query.story_copies(copies, ["a10", "a01"])
    assert list(members["id"]) == ["a01", "a02", "a10", "a11", "a12"]  # oldest first within each story
    assert list(query.copies_of(copies, "a11")["id"]) == ["a10", "a12"]
    assert query.copies_of(copies, "a03").empty and query.copies_of(copies, "nope").empty
    assert set(STORIES["a10"]) == set(members.loc[members["story"] == "a10", "id"])


def test_copies_of_stories_named_otherwise_than_after_an_article_are_found_too(tmp_path, copies):
    """A story is looked up by the article it is named after; a store whose stories carry other
    names (built by hand or by another tool) gets the same copies, found by their names."""
    frames = story_tables()
    articles = frames["articles"]
    articles.loc[articles["story"] == "a10", "story"] = "dépêche AFP"
    with store.locked(tmp_path / "renamed"):
        store.publish(tmp_path / "renamed", frames, {"corpus": "renamed"})
    renamed = load(tmp_path / "renamed")
    members = query.story_copies(renamed, ["dépêche AFP", "a01", "nope"])
    expected = query.story_copies(copies, ["a10", "a01"])
    assert list(members["id"]) == list(expected["id"]) == ["a01", "a02", "a10", "a11", "a12"]
    assert set(members["story"]) == {"a01", "dépêche AFP"}
    assert list(query.story_copies(renamed, ["a03"])["id"]) == ["a03"]  # a story of one: the article alone
    assert list(query.copies_of(renamed, "a11")["id"]) == ["a10", "a12"]
    assert query.story_copies(renamed, []).empty and query.story_copies(renamed, ["a10"]).empty


def test_stories_switch_is_free_on_a_store_without_copies(data):
    assert ids(data, Filter(stories=True)) == ids(data, Filter())
