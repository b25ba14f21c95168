"""The widgets against the hand-made store, without a kernel or a browser:
set widget values, check the state, the figures and the article list."""
import datetime as dt

import ipywidgets as widgets
import pytest

from vigie import charts
from vigie.dashboard import Dashboard, build_app
from vigie.dashboard.view import format_date
from vigie.query import Filter


@pytest.fixture
def app(store_root) -> Dashboard:
    return build_app(store_root)


def rows(app):
    return app._article_list.value.count("<tr data-id=")


def open_tab(app, tab):
    app._tabs.selected_index = ["overview", "timeline", "network", "themes", "articles"].index(tab)


def test_opens_on_the_overview_with_both_charts(app):
    assert isinstance(app, widgets.Widget)
    assert "<b>12</b> article(s) sur 12" in app._summary.value
    actors = app._fig_actors.figure
    assert actors.layout.title.text == "Acteurs les plus mentionnés"
    assert sum(len(trace.x) for trace in actors.data) == 9
    assert app._fig_themes.figure.data[0].y[0] == "Régulation"


def test_actor_options_carry_their_counts_and_search_narrows_them(app):
    assert app._actor_select.options[0] == ("Facebook (9)", "facebook")
    app._actor_search.value = "zél"
    assert app._actor_select.options == (("Nouvelle-Zélande (2)", "nz"),)


def test_choosing_actors_sets_the_state_and_changes_the_article_list(app):
    open_tab(app, "articles")
    assert rows(app) == 12
    app._actor_select.value = ("ardern",)
    assert app.state.filter == Filter(actors=("ardern",))
    assert rows(app) == 2
    app._actor_mode.value = "all"
    app._actor_select.value = ("ardern", "macron")
    assert rows(app) == 1  # a05


def test_chosen_actors_stay_listed_while_searching(app):
    app._actor_select.value = ("macron",)
    app._actor_search.value = "face"
    assert [key for _, key in app._actor_select.options] == ["macron", "facebook"]
    assert app._actor_select.value == ("macron",)


def test_every_filter_widget_reaches_the_state(app):
    app._actor_types.value = ("place",)
    app._date_from.value = dt.date(2019, 3, 1)
    app._date_to.value = dt.date(2019, 12, 31)
    app._themes.value = ("terrorisme",)
    app._sources.value = ("AFP",)
    app._text.value = "appel"
    assert app.state.filter == Filter(actor_types=("place",), date_from=dt.date(2019, 3, 1),
                                      date_to=dt.date(2019, 12, 31), themes=("terrorisme",),
                                      sources=("AFP",), text="appel")
    assert "<b>1</b> article(s)" in app._summary.value  # a05


def test_reset_empties_the_widgets(app):
    app._sources.value = ("AFP",)
    app._actor_select.value = ("macron",)
    app._reset.click()
    assert app.state.filter == Filter()
    assert app._sources.value == () and app._actor_select.value == ()


def test_timeline_tab_draws_on_opening_and_follows_its_options(app):
    app._actor_select.value = ("facebook",)
    assert app._fig_timeline.figure is None  # hidden tabs wait until opened
    open_tab(app, "timeline")
    figure = app._fig_timeline.figure
    assert [trace.name for trace in figure.data] == ["Facebook"]
    assert [y for y in figure.data[0].y if y] == [3, 1, 2, 1, 2]
    app._timeline_value.value = "share"
    assert app._fig_timeline.figure is figure  # updated in place
    assert figure.layout.yaxis.tickformat == ".0%"
    app._granularity.value = "year"
    assert list(figure.data[0].y) == [5 / 8, 1.0]  # 2019: 5 of a01-a08; 2020: a10-a12


def test_cooccurrence_and_actor_theme_tabs(app):
    open_tab(app, "network")
    heat = app._fig_cooc.figure.data[0]
    assert "Facebook" in heat.x
    app._level.value = "article"
    assert app._fig_cooc.figure.layout.title.text.startswith("Co-occurrences par article")
    open_tab(app, "themes")
    assert app._fig_actor_themes.figure.data[0].type == "heatmap"


def test_an_empty_result_shows_french_messages(app):
    app._text.value = "introuvable"
    assert "Aucun article ne correspond" in app._summary.value
    assert app._fig_actors.figure.layout.annotations[0].text == charts.EMPTY_MESSAGE
    open_tab(app, "articles")
    assert "Aucun article ne correspond" in app._article_list.value
    app._text.value = ""
    open_tab(app, "overview")
    assert app._fig_actors.figure.layout.xaxis.visible is True
    assert len(app._fig_actors.figure.layout.annotations) == 0


def test_article_html_is_escaped(app):
    open_tab(app, "articles")
    app._text.value = "script"
    page = app._article_list.value
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt;" in page


def test_a_link_restores_filters_view_and_widgets(store_root):
    app = build_app(store_root, query_string="acteur=macron&source=AFP&onglet=articles&pas=week")
    assert app.state.filter == Filter(actors=("macron",), sources=("AFP",))
    assert (app.state.tab, app.state.granularity, app._tabs.selected_index) == ("articles", "week", 4)
    assert app._actor_select.value == ("macron",) and app._sources.value == ("AFP",)
    assert app._granularity.value == "week"
    assert rows(app) == 1  # a05
    assert app.link() == "acteur=macron&source=AFP&pas=week&onglet=articles"


def test_a_bad_link_gives_defaults_and_a_message(store_root):
    app = build_app(store_root, query_string="acteur=personne&du=hier&onglet=nulle-part")
    assert app.state.filter == Filter() and app.state.tab == "overview"
    assert app._notes.value.count("vigie-message") == 3


def test_the_link_follows_the_state(app):
    app._themes.value = ("terrorisme",)
    assert app._page.query == "theme=terrorisme"


def test_a_missing_store_gives_a_french_message(tmp_path):
    page = build_app(tmp_path / "rien")
    assert isinstance(page, widgets.HTML) and "lancez d&#x27;abord" in page.value


def test_dates_print_as_precisely_as_known():
    day = dt.date(2019, 5, 1)
    assert [format_date(day, p) for p in ("day", "month", "year")] == ["01/05/2019", "05/2019", "2019"]
    assert format_date(None, None) == "sans date"


def test_articles_show_their_date_precision(app):
    open_tab(app, "articles")
    assert "<td>2019</td>" in app._article_list.value  # a08
    assert "<td>03/2019</td>" in app._article_list.value  # a04
