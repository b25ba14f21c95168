"""Date rules: structured values by form, header, datelines, title dates, and what is never read."""
import datetime as dt

import pytest

from vigie.corpus.dates import (
    DayMonth,
    FoundDate,
    choose_date,
    find_dateline,
    find_text_date,
    parse_date,
    split_header,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019", (dt.date(2019, 1, 1), "year")),
        ("2019-05", (dt.date(2019, 5, 1), "month")),
        ("2019-5", (dt.date(2019, 5, 1), "month")),
        ("2019-05-16", (dt.date(2019, 5, 16), "day")),
        ("2019-05-16T15:00:00+02:00", (dt.date(2019, 5, 16), "day")),
        ("2019-05-16 08:30:00", (dt.date(2019, 5, 16), "day")),
        ("16/05/2019", (dt.date(2019, 5, 16), "day")),
        ("16.05.2019", (dt.date(2019, 5, 16), "day")),
        ("05/2019", (dt.date(2019, 5, 1), "month")),
        ("16 mai 2019", (dt.date(2019, 5, 16), "day")),
        ("1er août 2019", (dt.date(2019, 8, 1), "day")),
        ("Vendredi 10 Mai 2019", (dt.date(2019, 5, 10), "day")),
        ("3 déc. 2020", (dt.date(2020, 12, 3), "day")),
        ("février 2020", (dt.date(2020, 2, 1), "month")),
        ("  2019-05-16 ", (dt.date(2019, 5, 16), "day")),
    ],
)
def test_parse_date_precision_follows_the_form(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["", "demain", "2019-13", "2019-02-30", "31/02/2019", "0000", "16 mai", "mai", "19"])
def test_parse_date_refuses_what_is_not_a_date(value):
    assert parse_date(value) is None


def test_header_prefix_is_taken_off_with_the_body_kept():
    found, text = split_header("date 2020-12 Matt Hancock a déclaré.\n\nSuite.")
    assert found == FoundDate(dt.date(2020, 12, 1), "month", "header")
    assert text == "Matt Hancock a déclaré.\n\nSuite."


@pytest.mark.parametrize("header", ["date 2019-05-16\n", "Date : 16/05/2019\n", "DATE: 16 mai 2019\n"])
def test_header_alone_on_its_line(header):
    found, text = split_header(f"{header}Titre")
    assert (found.date, found.precision, text) == (dt.date(2019, 5, 16), "day", "Titre")


@pytest.mark.parametrize("text", ["Date de sortie inconnue", "date 2019-13 x", "Le date 2019-05", "dates 2019"])
def test_no_header_leaves_the_text_alone(text):
    assert split_header(text) == (None, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Titre\n\nCorps.\n\nSource : Service d'information du Gouvernement, le 16 mai 2019", dt.date(2019, 5, 16)),
        ("Titre\n\nCorps.\n\n» Source (traduit de l'anglais) : Reuters, 16/05/2019", dt.date(2019, 5, 16)),
        ("Titre\n\nPARIS, 16 mai 2019 (AFP) - Le président a parlé.", dt.date(2019, 5, 16)),
        ("Titre\n\nBRUXELLES (Reuters), 3 juin 2021 - La Commission.", dt.date(2021, 6, 3)),
        ("Titre\n\nParis, le 16 mai 2019\n\nMadame la ministre,", dt.date(2019, 5, 16)),
        ("Titre\nPublié le 16/05/2019 à 10h32\n\nCorps.", dt.date(2019, 5, 16)),
        ("Titre\n\nCorps.\n\nMis à jour le 2019-05-17", dt.date(2019, 5, 17)),
    ],
)
def test_datelines(text, expected):
    assert find_dateline(text) == FoundDate(expected, "day", "dateline")


def test_a_dateline_without_year_is_kept_apart():
    assert find_dateline("Titre\n\nPARIS, 16 mai (Reuters) - Le président.") == DayMonth(16, 5)


@pytest.mark.parametrize(
    "text",
    [
        "Titre\n\nHier, le 15 mai 2019, le ministre a parlé.",  # a date in a sentence is no dateline
        "Titre\n\nLe 20 mars dernier, la députée a déposé une loi.",
        "Titre\n\nCorps.\n\nPHOTO DE DOSSIER : le logo, le 8 avril 2019.",
        "Titre\n\nUn\n\nDeux\n\nTrois\n\nPARIS, 16 mai 2019 (AFP) - trop loin du début.",
        "Titre\n\nSource : Reuters",
    ],
)
def test_no_dateline(text):
    assert find_dateline(text) is None


def test_title_date_is_a_fallback_of_source_text():
    assert find_text_date("Entretien avec CNews le 15 mai 2019", "Corps") == FoundDate(
        dt.date(2019, 5, 15), "day", "text"
    )


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Titre", "Un\nPHOTO DE DOSSIER: figurines, le 8 avril 2019.\nTrois"),
        ("Titre", "Un\n(Photo Reuters) le 8 avril 2019\nTrois"),
        ("Titre", "Un\nLe logo © AFP, 8 avril 2019\nTrois"),
        ("Titre", "Le massacre de Christchurch le 15 mars.\nLe 20 mars dernier, une loi."),
        ("Titre", "Un\nDeux\nTrois\nQuatre le 16 mai 2019, trop loin."),
        ("Initié en 2018 et relancé en mai 2019", "Corps"),
    ],
)
def test_captions_body_events_and_partial_dates_are_never_read(title, text):
    assert find_text_date(title, text) is None


MONTH = FoundDate(dt.date(2019, 5, 1), "month", "header")
YEAR = FoundDate(dt.date(2019, 1, 1), "year", "metadata")
DAY = FoundDate(dt.date(2019, 5, 16), "day", "dateline")


def test_choose_date_takes_the_best_ranked():
    other = FoundDate(dt.date(2018, 1, 1), "year", "header")
    assert choose_date((None, YEAR, other), dateline=None) == YEAR


def test_choose_date_lets_a_consistent_dateline_add_precision():
    assert choose_date((MONTH,), dateline=DAY) == DAY
    assert choose_date((YEAR,), dateline=DayMonth(16, 5)) == DAY
    assert choose_date((MONTH,), dateline=DayMonth(16, 5)) == DAY


def test_choose_date_never_lets_a_dateline_contradict_a_better_source():
    assert choose_date((MONTH,), dateline=DayMonth(16, 6)) == MONTH
    assert choose_date((YEAR,), dateline=FoundDate(dt.date(2020, 5, 16), "day", "dateline")) == YEAR
    assert choose_date((MONTH,), dateline=DayMonth(31, 5)) == FoundDate(dt.date(2019, 5, 31), "day", "dateline")
    assert choose_date((FoundDate(dt.date(2019, 2, 1), "month", "header"),), dateline=DayMonth(30, 2)) == FoundDate(
        dt.date(2019, 2, 1), "month", "header"
    )


def test_choose_date_falls_back_in_order():
    title = FoundDate(dt.date(2019, 5, 15), "day", "text")
    assert choose_date((None,), dateline=DAY, fallback=title) == DAY
    assert choose_date((None,), dateline=None, fallback=title) == title
    assert choose_date((None,), dateline=DayMonth(16, 5), fallback=None) is None
