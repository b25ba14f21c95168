"""The query-string round trip, including hostile links."""
import datetime as dt

import pytest

from vigie.dashboard import url
from vigie.dashboard.state import DashboardState

CHOICES = {"actors": ("facebook", "macron"), "themes": ("terrorisme",), "sources": ("AFP", "Le Monde"),
           "article": ("a01", "a02"), "compare": ("a01", "a02")}
DEFAULTS = {name: DashboardState().trait_defaults(name) for name in DashboardState().values()}


def test_round_trip_of_a_full_state():
    state = DashboardState()
    state.apply({"actors": ("macron", "facebook"), "actor_mode": "all", "actor_types": ("person",),
                 "date_from": dt.date(2019, 3, 1), "date_to": dt.date(2019, 5, 31), "themes": ("terrorisme",),
                 "sources": ("Le Monde",), "text": "haine & co", "granularity": "week", "timeline_value": "share",
                 "level": "article", "weight": "pmi", "tab": "network", "article": "a01",
                 "stories": True, "compare": "a02"})
    query = url.encode(state.values(), defaults=DEFAULTS)
    decoded = url.decode(query, choices=CHOICES)
    assert decoded.problems == ()
    restored = DashboardState()
    restored.apply(decoded.values)
    assert restored.values() == state.values()


def test_defaults_make_an_empty_link():
    assert url.encode(DashboardState().values(), defaults=DEFAULTS) == ""
    assert url.decode("", choices=CHOICES) == url.Decoded({}, ())


def test_encoding_is_readable_and_escaped():
    query = url.encode({"actors": ("macron",), "text": "a&b=c", "tab": "timeline"}, defaults=DEFAULTS)
    assert query == "acteur=macron&q=a%26b%3Dc&onglet=timeline"
    assert url.decode("?" + query, choices=CHOICES).values == {
        "actors": ("macron",), "text": "a&b=c", "tab": "timeline"}


@pytest.mark.parametrize("query, kept, problem", [
    ("acteur=macron&acteur=inconnu", {"actors": ("macron",)}, "acteur"),
    ("du=2019-13-45", {}, "date de début"),
    ("au=demain", {}, "date de fin"),
    ("pas=heure", {}, "pas de temps"),
    ("onglet=<script>", {}, "onglet"),
    ("source=Le%20Monde&source=Evil", {"sources": ("Le Monde",)}, "source"),
    ("article=../../etc/passwd", {}, "article"),
    ("histoires=oui", {}, "compter chaque histoire"),
    ("histoires=1&comparer=<a01>", {"stories": True}, "copie à comparer"),
])
def test_bad_values_fall_back_with_a_french_message(query, kept, problem):
    decoded = url.decode(query, choices=CHOICES)
    assert decoded.values == kept
    assert len(decoded.problems) == 1 and problem in decoded.problems[0]


def test_unknown_keys_are_ignored_silently():
    assert url.decode("voila-template=x&utm_source=y&mode=all", choices=CHOICES) == url.Decoded(
        {"actor_mode": "all"}, ())


def test_limits_on_length_and_repeats():
    assert url.decode("q=" + "x" * 5000, choices=CHOICES).values == {}
    assert url.decode("q=" + "x" * 5000, choices=CHOICES).problems
    assert url.decode("q=" + "y" * 500, choices=CHOICES).values["text"] == "y" * url.MAX_TEXT
    many = "&".join(["acteur=macron"] * 200)
    assert url.decode(many, choices=CHOICES).values == {"actors": ("macron",)}


def test_repeated_single_value_keeps_the_last():
    assert url.decode("pas=week&pas=year", choices=CHOICES).values == {"granularity": "year"}


def test_the_stories_switch_is_a_flag():
    assert url.encode({"stories": True}, defaults=DEFAULTS) == "histoires=1"
    assert url.decode("histoires=1", choices=CHOICES).values == {"stories": True}
    assert url.decode("histoires=0", choices=CHOICES).values == {"stories": False}
