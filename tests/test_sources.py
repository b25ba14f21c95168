"""The sources table: editions and domains grouped, a corpus table extending the shipped one, clear errors."""
import subprocess
import sys
import textwrap

import pytest

from vigie.datafile import DataFileError
from vigie.sources import key, load_sources


@pytest.fixture(scope="module")
def shipped():
    return load_sources()


@pytest.mark.parametrize(
    "edition, url, expected",
    [
        ("Le Monde", "", "Le Monde"),
        ("Le Monde (site web)", "", "Le Monde"),  # Europresse's label for the site
        ("lemonde.fr", "", "Le Monde"),
        ("www.lemonde.fr", "", "Le Monde"),
        ("le_monde".replace("_", " "), "", "Le Monde"),  # an Iramuteq *source_le_monde
        ("lemonde", "", "Le Monde"),  # *source_lemonde
        ("", "https://abonnes.lemonde.fr/economie/article/2020/05/15/x.html", "Le Monde"),  # no name: the URL
        ("Aujourd'hui en France", "", "Le Parisien"),
        ("LIBERATION", "", "Libération"),
        ("Le Figaro (site web)", "", "Le Figaro"),
        ("Ouest-France - Rennes", "", "Ouest-France"),
        ("Le Nouvel Observateur", "", "L'Obs"),
        ("France Info", "", "franceinfo"),
        ("https://www.francetvinfo.fr/", "", "franceinfo"),
        ("AFP Infos Françaises", "", "AFP"),
        ("Le Monde diplomatique", "", "Le Monde diplomatique"),  # not swallowed by Le Monde
        ("Le Courrier de l'Atlas", "", "Le Courrier de l'Atlas"),  # unknown: kept as given
        ("L'Internaute (site web)", "", "L'Internaute"),  # unknown, but its site is the same source
        ("Wojna (site web réf.)", "", "Wojna"),
        ("Le Soir (Belgique)", "", "Le Soir (Belgique)"),  # a bracket that is no web edition stays
        ("", "", ""),
    ],
)
def test_editions_domains_and_urls_are_grouped(shipped, edition, url, expected):
    assert shipped.group(edition, url) == expected


def test_the_shipped_table_lists_the_common_outlets_each_once(shipped):
    names = {s.name for s in shipped.sources}
    for outlet in ("Le Monde", "Les Échos", "L'Humanité", "Mediapart", "20 Minutes", "France 24", "RFI", "BFMTV",
                   "TF1 Info", "Reuters", "HuffPost", "Le Canard enchaîné", "Sud Ouest", "La Voix du Nord"):
        assert outlet in names
    assert len({key(n) for n in names}) == len(names)


def test_reading_the_table_loads_no_model():
    code = "import sys; from vigie.sources import load_sources; load_sources(); print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def _write(tmp_path, text):
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_corpus_table_extends_the_shipped_one_and_wins_its_editions(tmp_path, shipped):
    table = load_sources(_write(tmp_path, """\
        sources:
          - name: Sénat
            editions: [senat fr, Public Sénat]
            domains: [senat.fr]
          - name: Le Monde
            editions: [Le Monde (site web)]
        """))
    assert table.group("senat fr") == "Sénat" and table.group("", "https://www.senat.fr/seances/x.html") == "Sénat"
    assert table.group("Public Sénat") == "Sénat"  # taken from the shipped outlet of that name
    assert table.group("Libération") == "Libération"  # the rest of the shipped table stays
    assert table.group("lemonde.fr") == "lemonde.fr"  # the user's Le Monde replaced the shipped one, domains included
    assert table.sha256 != shipped.sha256


def test_replace_true_uses_the_corpus_table_alone(tmp_path):
    table = load_sources(_write(tmp_path, "replace: true\nsources:\n  - {name: Sénat, editions: [senat fr]}\n"))
    assert [s.name for s in table.sources] == ["Sénat"]
    assert table.group("Libération") == "Libération" and table.group("LIBERATION") == "LIBERATION"


@pytest.mark.parametrize(
    "text, message",
    [
        ("sources:\n  - name: A\n  - {name: B, edition: [x]}\n", "ligne 3 : clé inconnue « edition »"),
        ("sources:\n  - {name: A, editions: [Le Journal]}\n  - {name: B, editions: [le journal]}\n",
         "ligne 3 : « le journal » appartient déjà à « A » (ligne 2)"),
        ("sources:\n  - {name: A, domains: [pas un domaine]}\n", "ligne 2 : « pas un domaine » n'est pas un nom de domaine"),
        ("sources:\n  - {editions: [x]}\n", "ligne 2 : « name » manque"),
        ("sources:\n  - name: A\n   editions: [x\n", "ligne 3 : YAML invalide"),
        ("sources: []\n", "« sources » doit être une liste non vide"),
        ("medias:\n  - {name: A}\n", "clé inconnue « medias »"),
    ],
)
def test_an_invalid_table_is_refused_in_french_with_its_line(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as error:
        load_sources(path)
    assert str(path) in str(error.value) and message in str(error.value)
