"""CSV and JSON Lines records: delimiters, column names, line numbers, bad rows kept apart."""
import json

import pytest

from vigie.corpus.errors import Refused
from vigie.corpus.tables import Record, column_name, read_records


def test_comma_csv_with_english_columns():
    records = read_records("id,title,text\n1,Un,Premier texte\n2,Deux,Second texte\n", fmt="csv")
    assert records == [
        Record(2, {"id": "1", "title": "Un", "text": "Premier texte"}),
        Record(3, {"id": "2", "title": "Deux", "text": "Second texte"}),
    ]


@pytest.mark.parametrize("name", ["text", "Texte", " CONTENU ", "content", "Body", "corps", "article", "\ufefftexte"])
def test_text_column_names_in_french_or_english(name):
    assert column_name(name) == "text"


@pytest.mark.parametrize(
    ("name", "field"), [("Titre", "title"), ("lien", "url"), ("Link", "url"), ("identifiant", "id"), ("Auteur", "auteur")]
)
def test_other_column_names(name, field):
    assert column_name(name) == field


def test_semicolon_is_detected_and_commas_stay_in_cells():
    records = read_records("titre;texte\nUn, deux;Trois, quatre\n", fmt="csv")
    assert records == [Record(2, {"title": "Un, deux", "text": "Trois, quatre"})]


def test_tab_is_detected():
    assert read_records("texte\tdate\nUn texte\t2019\n", fmt="csv")[0].values == {"text": "Un texte", "date": "2019"}


def test_multiline_cells_give_the_line_where_the_row_starts():
    records = read_records('text,n\n"un\ndeux\ntrois",1\n"quatre",2\r\n\r\n"cinq\r\nsix",3\n', fmt="csv")
    assert [(record.line, record.values["text"]) for record in records] == [
        (2, "un\ndeux\ntrois"),
        (5, "quatre"),
        (7, "cinq\r\nsix"),
    ]


def test_very_long_cells_are_read():
    long = "mot " * 100_000
    assert read_records(f'text\n"{long}"\n', fmt="csv")[0].values["text"] == long


def test_a_row_with_too_many_cells_is_an_error_but_trailing_empty_cells_are_not():
    records = read_records("text,title\nA,B,C\nD,E,,\nF\n", fmt="csv")
    assert records == [
        Record(2, {}, "3 fields for 2 columns"),
        Record(3, {"text": "D", "title": "E"}),
        Record(4, {"text": "F"}),
    ]


def test_a_repeated_column_name_does_not_hide_the_first():
    assert read_records("texte,corps\nA,B\n", fmt="csv")[0].values == {"text": "A", "text_2": "B"}


def test_a_csv_without_text_column_is_refused_whole():
    with pytest.raises(Refused, match="no text column"):
        read_records("titre,date\nUn,2019\n", fmt="csv")


def test_the_required_column_can_be_another():
    assert read_records("file,titre\na.txt,Un\n", fmt="csv", required="path")[0].values == {
        "path": "a.txt",
        "title": "Un",
    }


@pytest.mark.parametrize("text", ["", "\n\n", "text,title\n", "text,title\n\n ,  \n"])
def test_a_table_without_rows_is_refused(text):
    with pytest.raises(Refused):
        read_records(text, fmt="csv")


def test_jsonl_rows_bad_lines_and_line_numbers():
    lines = [
        json.dumps({"id": 7, "texte": "Un", "tags": ["a", "b"], "score": 1.5, "vide": None, "ok": True}),
        "",
        '{"texte": "coupé',
        '"une chaîne"',
        json.dumps({"content": "Deux \u2028 avec séparateur"}),
    ]
    records = read_records("\r\n".join(lines), fmt="jsonl")
    assert records == [
        Record(1, {"id": "7", "text": "Un", "tags": '["a", "b"]', "score": "1.5", "vide": "", "ok": "true"}),
        Record(3, {}, "malformed JSON: Unterminated string starting at"),
        Record(4, {}, "not a JSON object but str"),
        Record(5, {"text": "Deux \u2028 avec séparateur"}),
    ]


def test_canonical_json_does_not_depend_on_column_order():
    one = read_records("text,title\nA,B\n", fmt="csv")[0]
    two = read_records("title,text\nB,A\n", fmt="csv")[0]
    assert one.canonical() == two.canonical() == json.dumps({"text": "A", "title": "B"}, sort_keys=True).encode()
