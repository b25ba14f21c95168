"""The widgets against the hand-made store, without a kernel or a browser:
set widget values, check the state, the figures and the article list."""
import datetime as dt
import json
import shutil

import ipywidgets as widgets
import pytest

from dashboard.handmade_store import build_store
from dashboard.handmade_stories import build_story_store

from vigie import charts
from vigie.dashboard import Dashboard, build_app, open_link, prepare_app
from vigie.dashboard.render import format_date
from vigie.dashboard.state import TABS
from vigie.query import Filter


@pytest.fixture
def app(store_root) -> Dashboard:
    return build_app(store_root)


def rows(app):
    return app.articles.listing.value.count("<tr data-vigie-article=")


def open_tab(app, tab):
    app.tabs.selected_index = TABS.index(tab)


def test_opens_on_the_overview_with_both_charts(app):
    assert isinstance(app, widgets.Widget)
    assert "<b>12</b> article(s) sur 12" in app.overview.summary.value
    actors = app.overview.actors.figure
    assert actors["layout"]["title"]["text"] == "Acteurs les plus mentionnés"
    assert sum(len(trace["x"]) for trace in actors["data"]) == 9
    assert app.overview.themes.figure["data"][0]["y"][0] == "Régulation"


def test_actor_options_carry_their_counts_and_search_narrows_them(app):
    assert app.filters.actor_select.options[0] == ("Facebook (9)", "facebook")
    app.filters.actor_search.value = "zél"
    assert app.filters.actor_select.options == (("Nouvelle-Zélande (2)", "nz"),)


def test_choosing_actors_sets_the_state_and_changes_the_article_list(app):
    open_tab(app, "articles")
    assert rows(app) == 12
    app.filters.actor_select.value = ("ardern",)
    assert app.state.filter == Filter(actors=("ardern",))
    assert rows(app) == 2
    app.filters.actor_mode.value = "all"
    app.filters.actor_select.value = ("ardern", "macron")
    assert rows(app) == 1  # a05


def test_chosen_actors_stay_listed_while_searching(app):
    app.filters.actor_select.value = ("macron",)
    app.filters.actor_search.value = "face"
    assert [key for _, key in app.filters.actor_select.options] == ["macron", "facebook"]
    assert app.filters.actor_select.value == ("macron",)


def test_every_filter_widget_reaches_the_state(app):
    app.filters.actor_types.value = ("place",)
    app.filters.date_from.value = "01/03/2019"
    app.filters.date_to.value = "2019"  # a year alone: to its last day
    app.filters.themes.value = ("terrorisme",)
    app.filters.sources.value = ("AFP",)
    app.filters.text.value = "appel"
    assert app.state.filter == Filter(actor_types=("place",), date_from=dt.date(2019, 3, 1),
                                      date_to=dt.date(2019, 12, 31), themes=("terrorisme",),
                                      sources=("AFP",), text="appel")
    assert "<b>1</b> article(s)" in app.overview.summary.value  # a05


def test_reset_empties_the_widgets(app):
    app.filters.sources.value = ("AFP",)
    app.filters.actor_select.value = ("macron",)
    app.filters.reset.click()
    assert app.state.filter == Filter()
    assert app.filters.sources.value == () and app.filters.actor_select.value == ()


def test_timeline_tab_draws_on_opening_and_follows_its_options(app):
    app.filters.actor_select.value = ("facebook",)
    assert app.timeline.chart.figure is None  # hidden tabs wait until opened
    open_tab(app, "timeline")
    figure = app.timeline.chart.figure
    assert [trace["name"] for trace in figure["data"]] == ["Facebook"]
    assert [y for y in figure["data"][0]["y"] if y] == [3, 1, 2, 1, 2]
    chart = app.timeline.chart.chart
    app.timeline.value.value = "share"
    assert app.timeline.chart.chart is chart  # the same chart widget, redrawn in place
    assert app.timeline.chart.figure["layout"]["yaxis"]["tickformat"] == ".0%"
    app.timeline.granularity.value = "year"
    assert app.timeline.chart.figure["data"][0]["y"] == [5 / 8, 1.0]  # 2019: 5 of a01-a08; 2020: a10-a12


def test_cooccurrence_and_actor_theme_tabs(app):
    open_tab(app, "network")
    heat = app.network.matrix.figure["data"][0]
    assert "Facebook" in heat["x"]
    app.network.level.value = "article"
    assert app.network.matrix.figure["layout"]["title"]["text"].startswith("Co-occurrences par article")
    open_tab(app, "themes")
    assert app.themes.chart.figure["data"][0]["type"] == "heatmap"


def test_an_empty_result_shows_french_messages(app):
    app.filters.text.value = "introuvable"
    assert "Aucun article ne correspond" in app.overview.summary.value
    assert app.overview.actors.figure["layout"]["annotations"][0]["text"] == charts.EMPTY_MESSAGE
    open_tab(app, "articles")
    assert "Aucun article ne correspond" in app.articles.listing.value
    app.filters.text.value = ""
    open_tab(app, "overview")
    assert app.overview.actors.figure["layout"]["xaxis"]["visible"] is True
    assert len(app.overview.actors.figure["layout"]["annotations"]) == 0


def test_article_html_is_escaped(app):
    open_tab(app, "articles")
    app.filters.text.value = "script"
    page = app.articles.listing.value
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt;" in page


def test_a_link_restores_filters_view_and_widgets(store_root):
    app = build_app(store_root, query_string="acteur=macron&source=AFP&onglet=articles&pas=week")
    assert app.state.filter == Filter(actors=("macron",), sources=("AFP",))
    assert (app.state.tab, app.state.granularity, app.tabs.selected_index) == ("articles", "week", 4)
    assert app.filters.actor_select.value == ("macron",) and app.filters.sources.value == ("AFP",)
    assert app.timeline.granularity.value == "week"
    assert rows(app) == 1  # a05
    assert app.link() == "acteur=macron&source=AFP&pas=week&onglet=articles"


def test_a_bad_link_gives_defaults_and_a_message(store_root):
    app = build_app(store_root, query_string="acteur=personne&du=hier&onglet=nulle-part")
    assert app.state.filter == Filter() and app.state.tab == "overview"
    assert app.children[1].value.count("vigie-message") == 3


def test_the_link_follows_the_state(app):
    app.filters.themes.value = ("terrorisme",)
    assert app.page.query == "theme=terrorisme"


def test_a_missing_store_gives_a_french_message(tmp_path):
    page = build_app(tmp_path / "rien")
    assert isinstance(page, widgets.HTML) and "lancez d&#x27;abord" in page.value


def test_dates_print_as_precisely_as_known():
    day = dt.date(2019, 5, 1)
    assert [format_date(day, p) for p in ("day", "month", "year")] == ["01/05/2019", "05/2019", "2019"]
    assert format_date(None, None) == "sans date"


def test_articles_show_their_date_precision(app):
    open_tab(app, "articles")
    assert "<td>2019</td>" in app.articles.listing.value  # a08
    assert "<td>03/2019</td>" in app.articles.listing.value  # a04


def test_a_bar_click_narrows_to_the_articles_and_back_restores(app):
    traces = app.overview.actors.figure["data"]
    organisations = next(index for index, trace in enumerate(traces) if trace["name"] == "Organisation")
    click(app.overview.actors, organisations, 0)  # Facebook's bar, as the browser reports it
    assert app.state.filter == Filter(actors=("facebook",)) and app.state.tab == "articles"
    assert rows(app) == 9 and "Facebook" in app.banner.value
    assert app.back.layout.visibility == "visible"
    app.back.click()
    assert app.state.filter == Filter() and app.state.tab == "overview"
    assert app.back.layout.visibility == "hidden" and app.banner.value == ""


def test_a_timeline_click_narrows_to_actor_and_period(app):
    app.state.apply({"actors": ("facebook",), "tab": "timeline"})
    click(app.timeline.chart, 0, 4)  # May 2019
    assert app.state.filter == Filter(actors=("facebook",), date_from=dt.date(2019, 5, 1),
                                      date_to=dt.date(2019, 5, 31))
    assert rows(app) == 2  # a06, a07
    assert (app.filters.date_from.value, app.filters.date_to.value) == ("01/05/2019", "31/05/2019")


def test_heatmap_cells_narrow_to_pairs_and_actor_themes(app):
    open_tab(app, "network")
    click(app.network.matrix, len(app.network.matrix.figure["data"]) - 1, [0, 1])  # row 0, column 1: the two most linked
    assert app.state.actor_mode == "all" and len(app.state.actors) == 2
    app.back.click()
    open_tab(app, "themes")
    click(app.themes.chart, 0, [0, 0])
    assert app.state.filter == Filter(actors=("facebook",), themes=("regulation",))
    assert rows(app) == 3


def test_opening_an_article_shows_the_reader_and_checks_the_id(app):
    app.page._handle_custom_msg({"kind": "open", "article": "../etc/passwd"}, [])
    assert app.state.article == ""
    app.page._handle_custom_msg({"kind": "open", "article": "a04"}, [])
    assert (app.state.article, app.state.tab) == ("a04", "articles")
    assert app.articles.listing.layout.display == "none"
    assert '<mark class="vigie-theme" title="Thème : Haine en ligne">haine en ligne</mark>' in app.articles.reader.value
    app.articles.close_reader.click()
    assert app.state.article == "" and rows(app) == 12


def test_concordance_tab(app):
    open_tab(app, "concordance")
    assert "Choisissez un acteur" in app.concordance.lines.value
    app.concordance.actor.value = "ardern"
    assert app.concordance.lines.value.count("data-vigie-article=") == 2
    app.concordance.actor.value = ""
    app.concordance.word.value = "loi"
    assert app.concordance.lines.value.count("data-vigie-article=") == 2
    assert app.link() == "onglet=concordance&mot=loi"


def test_downloads_run_without_error_and_the_busy_line_hides_again(app):
    for button in app.filters.children[-1].children[1:4]:
        button.click()
    assert app.error.value == ""
    assert app.busy.layout.visibility == "hidden"


def test_a_failing_view_shows_a_french_message_not_a_traceback(tmp_path, caplog):
    root = build_store(tmp_path / "store")
    app = build_app(root)
    next(root.glob("gen-*/texts.parquet")).unlink()  # the disk loses a table under a running dashboard
    app.filters.text.value = "Mark Zuckerberg"  # a phrase: read in the texts (a word is answered by the index)
    assert "journal du serveur" in app.error.value and "texts.parquet" not in app.error.value
    assert "texts.parquet" in caplog.text
    assert app.busy.layout.visibility == "hidden"


def click(slot, trace, point):
    """The message the page sends when a point (a heatmap: [row, column]) of a chart is clicked."""
    slot.chart._message(slot.chart, {"kind": "click", "trace": trace, "point": point}, [])


def test_a_malformed_date_says_so_in_french_and_keeps_the_filter(app):
    app.filters.date_from.value = "01/03/2019"
    app.filters.date_from.value = "32/03/2019"
    assert app.state.date_from == dt.date(2019, 3, 1)
    assert "Date illisible" in app.filters.date_error.value and "jj/mm/aaaa" in app.filters.date_error.value
    app.filters.date_from.value = "<b>x</b>"
    assert "&lt;b&gt;" in app.filters.date_error.value
    app.filters.reset.click()
    assert app.filters.date_from.value == "" and app.filters.date_error.value == ""
    assert app.filters.date_from.placeholder == "jj/mm/aaaa"


def test_the_stories_switch_is_disabled_without_copies(app):
    assert app.filters.stories.disabled and "Aucune copie" in app.filters.stories_hint.value


@pytest.fixture
def stories_app(tmp_path) -> Dashboard:
    return build_app(build_story_store(tmp_path / "stories"))


def test_the_stories_switch_counts_each_story_once_everywhere(stories_app):
    app = stories_app
    assert not app.filters.stories.disabled
    assert "5 copies regroupées en 2 histoire(s)" in app.filters.stories_hint.value
    assert "<b>12</b> article(s) sur 12" in app.overview.summary.value
    app.filters.stories.value = True
    assert app.state.filter == Filter(stories=True) and app.link() == "histoires=1"
    assert "<b>9</b> histoire(s) (copies comptées une fois) parmi 12 articles" in app.overview.summary.value
    open_tab(app, "articles")
    assert rows(app) == 9 and "12 article(s) en 9 histoire(s)" in app.articles.listing.value
    app.filters.reset.click()
    assert app.filters.stories.value is False


def test_the_article_table_groups_copies_under_their_story(stories_app):
    app = stories_app
    open_tab(app, "articles")
    table = app.articles.listing.value
    assert rows(app) == 9  # one row per story, switch on or off
    assert "12 article(s) en 9 histoire(s)" in table
    assert table.count("repris par 3 médias") == 1 and table.count("repris par 2 médias") == 1
    assert '<li data-vigie-article="a11">' in table and '<li data-vigie-article="a02">' in table
    app.page._handle_custom_msg({"kind": "open", "article": "a11"}, [])  # a copy clicked in the list
    assert app.state.article == "a11"


def test_the_reader_compares_two_copies(stories_app):
    app = stories_app
    app.page._handle_custom_msg({"kind": "open", "article": "a01"}, [])
    assert app.articles.compare.layout.display is None
    assert [key for _, key in app.articles.compare.options] == ["", "a02"]
    assert "<mark" in app.articles.reader.value
    app.articles.compare.value = "a02"
    assert app.state.compare == "a02" and "comparer=a02" in app.link()
    assert "<del>" in app.articles.reader.value and "<ins>" in app.articles.reader.value
    assert "seulement dans la copie de Libération" in app.articles.reader.value
    app.page._handle_custom_msg({"kind": "open", "article": "a03"}, [])  # no copies: no comparison
    assert app.state.compare == "" and app.articles.compare.layout.display == "none"
    app.state.apply({"article": "a01", "compare": "a02"})
    app.articles.close_reader.click()
    assert app.state.compare == "" and "comparer" not in app.link()
    app.state.apply({"article": "a01", "compare": "a02"})
    app.overview.actors._on_click(("facebook", "9"))  # a chart click closes the reader
    assert app.state.article == "" and app.state.compare == ""


def test_a_link_may_only_compare_copies_of_one_story(tmp_path):
    root = build_story_store(tmp_path / "stories")
    app = build_app(root, query_string="onglet=articles&article=a10&comparer=a12")
    assert app.state.compare == "a12" and app.articles.compare.value == "a12" and "<ins>" in app.articles.reader.value
    app = build_app(root, query_string="onglet=articles&article=a10&comparer=a03")
    assert app.state.compare == "" and "copie à comparer" in app.children[1].value


def test_exports_say_that_each_story_was_counted_once(stories_app):
    from vigie.dashboard import downloads
    assert downloads.describe(stories_app.data, Filter(stories=True)) == (
        "chaque histoire comptée une fois (sa première copie retenue)")


def test_a_prepared_dashboard_follows_a_link_as_one_built_from_it(store_root):
    shown = build_app(store_root)
    shown.state.apply({"actors": ("macron",), "tab": "timeline", "granularity": "year"})
    link = shown.link()
    prepared = prepare_app(store_root)  # what a pre-heated kernel builds before its visitor comes
    assert prepared.overview.actors.figure is not None and prepared.timeline.chart.figure is None
    opened = open_link(prepared, store_root, query_string=link)
    built = build_app(store_root, query_string=link)
    assert opened is prepared and opened.state.values() == built.state.values()
    assert opened.timeline.chart.figure == built.timeline.chart.figure
    assert open_link(prepare_app(store_root), store_root, query_string="acteur=personne").notes.value  # said


def test_a_store_published_again_while_the_kernel_waited_is_read_afresh(store_root, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(store_root, store)
    prepared = prepare_app(store)
    manifest = json.loads((store / "manifest.json").read_text())
    (store / "manifest.json").write_text(json.dumps({**manifest, "created": "2026-12-07T04:00:00"}))
    opened = open_link(prepared, store)
    assert opened is not prepared and opened.data.manifest["created"] == "2026-12-07T04:00:00"


def test_a_prepared_dashboard_owns_the_page_address_once_voila_says_a_visitor_came(store_root, monkeypatch):
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    prepared = prepare_app(store_root)  # before the visitor: Voilà has not told the kernel yet
    assert prepared.page.own_url is False
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")  # what get_query_string sets when the visitor comes
    assert open_link(prepared, store_root).page.own_url is True
