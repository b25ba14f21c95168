"""Field values as Factiva and Nexis Uni print them, in French and English."""
import pytest

from vigie.corpus.exports.fields import byline, clock_time, outlet_name, press_date, word_count


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("July 1, 2019 Monday 9:20 AM GMT", ("2019-07-01", "09:20")),  # LexisNexisTools' sample.DOCX
        ("July 4, 2019 Thursday 1:04 PM GMT", ("2019-07-04", "13:04")),
        ("29 décembre 2011", ("2011-12-29", "")),  # tm.plugin.factiva's sample
        ("29 December 2011", ("2011-12-29", "")),
        ("1 juillet 2019 lundi", ("2019-07-01", "")),
        ("lundi 1er juillet 2019 18h09", ("2019-07-01", "18:09")),
        ("Friday, 5. July 2019 09:31:00 CEST", ("2019-07-05", "09:31")),
        ("12 April 2013 Tuesday", ("2013-04-12", "")),
        ("Length: 355 words", None),
        ("31 février 2020", None),
    ],
)
def test_press_date(line, expected):
    assert press_date(line) == expected


def test_clock_time_reads_the_usual_forms():
    assert [clock_time(v) for v in ("15:32", "9:20 AM", "12:05 AM", "12:30 PM", "18h09", "Le Monde")] == [
        "15:32", "09:20", "00:05", "12:30", "18:09", "",
    ]  # fmt: skip


def test_outlet_name_drops_issue_numbers_only():
    assert outlet_name("Le Monde, no. 23373") == "Le Monde"
    assert outlet_name("Les Echos no 22045") == "Les Echos"
    assert outlet_name("L'Humanité - n° 12 345") == "L'Humanité"
    assert outlet_name("The Guardian(London)") == "The Guardian(London)"
    assert outlet_name("Sud Ouest") == "Sud Ouest"


def test_byline_and_word_count():
    assert byline("Par Jean-Michel Bezat") == "Jean-Michel Bezat"
    assert byline("By Andrew Sparrow") == "Andrew Sparrow"
    assert byline("Denis Cosnard") == "Denis Cosnard"
    assert [word_count(v) for v in ("295 mots", "1,234 words", "Le Monde")] == [295, 1234, None]
