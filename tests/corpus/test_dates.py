"""Date rules: structured values by form, header, datelines and bylines, and what is never read.

The byline and body cases are the forms of real pages (``tests/gold/bylines/``,
sources in its README); ``test_bylines_gold`` reads those pages whole.
"""
import datetime as dt

import pytest

from vigie.corpus.dates import (
    DayMonth,
    FoundDate,
    choose_date,
    find_byline,
    find_dateline,
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
        ("Titre\n\nCorps.\n\nMis à jour le 2019-05-17", dt.date(2019, 5, 17)),
    ],
)
def test_datelines(text, expected):
    assert find_dateline(text) == FoundDate(expected, "day", "dateline")


@pytest.mark.parametrize(
    ("text", "expected", "time"),
    [
        ("Titre\nPublié le 16/05/2019 à 10h32\n\nCorps.", dt.date(2019, 5, 16), "10:32"),
        ("Titre\nPublié le 28 août 2019 à 08h59\n\nCorps.", dt.date(2019, 8, 28), "08:59"),
        ("Titre\n\nLe 15 mai 2020 à 15h42\n\nCorps.", dt.date(2020, 5, 15), "15:42"),
        ("Titre\n\nLe 15 mai 2020 à 15h42, modifié le 16 mai 2020 à 09h10\n\nCorps.", dt.date(2020, 5, 15), "15:42"),
        # the publication wins over the update, on one line or across lines, whatever their order
        ("Titre\nPublié le 12/03/2021 16:25 Mis à jour le 01/04/2021 15:52\nCorps.", dt.date(2021, 3, 12), "16:25"),
        ("Titre\nMis à jour le 3 février 2022 à 11h02\nPublié le 2 février 2022 à 18h00\nCorps.", dt.date(2022, 2, 2), "18:00"),
        ("Publié le 28 mars 2020 à 8h46 - Dernière mise à jour le 1 décembre 2022 à 12h28\nCorps.", dt.date(2020, 3, 28), "08:46"),
        ("Titre\n\nCorps.\n\nPublié : 15 octobre 2020 à 8h09 par Alexis Vivier", dt.date(2020, 10, 15), "08:09"),
        ("Édition du mardi 8 novembre 2022\n\nTitre\nCorps.", dt.date(2022, 11, 8), ""),
        ("https://x.fr/a\nDate de parution : vendredi 22 janvier 2021", dt.date(2021, 1, 22), ""),
        ("Titre\n- Jacques-Brice MOMNOUGUI\n- 25 mai 2020\n- 16 min de lecture", dt.date(2020, 5, 25), ""),
        ("Titre\n\n26 Septembre 2021 , Rédigé par GUEDON Jean - Jacques Publié dans #SPE 1ere", dt.date(2021, 9, 26), ""),
        ("Titre\n\nAvr 2, 2020Droit social\n\nCorps.", dt.date(2020, 4, 2), ""),
    ],
)
def test_bylines_give_the_publication_date_and_time(text, expected, time):
    assert find_byline(text) == FoundDate(expected, "day", "dateline", time)
    assert find_dateline(text) == FoundDate(expected, "day", "dateline", time)


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


@pytest.mark.parametrize(
    "text",
    [
        "Facebook condamné par la CNIL\nLe 16 mai 2017, la CNIL a annoncé avoir condamné Facebook.",  # an earlier episode
        "Titre\nLes entreprises ont d'ici six mois, le 6 mars 2024, pour se conformer.",  # a deadline
        "Titre\nLa loi entre en vigueur le 1er janvier 2022.",  # an event to come
        "Soyons Claire du samedi 15 juin 2019\nDurée de la vidéo : 19 min.",  # a title's date is the broadcast's
        "Titre\nUn\nPHOTO DE DOSSIER: figurines, le 8 avril 2019.\nTrois",
        "Titre\nUn\nLe logo © AFP, 8 avril 2019\nTrois",
        "Titre\n\nLe 6 mars 2024 à 10h, les députés voteront le texte.",  # a timed event in a sentence
        "Titre\nUn\nDeux\nTrois\nLe 15 mai 2020 à 15h42",  # a timed line past the lead
        "Titre\nPublié\n,\nle\nCorps.",  # a byline whose date the page lost
        "Titre\nLe rapport publié le 3 mars 2021 a été discuté.",  # "publié" inside a sentence
    ],
)
def test_body_title_and_caption_dates_are_never_read(text):
    assert find_dateline(text) is None


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


def test_choose_date_takes_the_dateline_when_nothing_better_is_stated():
    assert choose_date((None,), dateline=DAY) == DAY
    assert choose_date((None,), dateline=DayMonth(16, 5)) is None
