import pytest

from vigie.nlp import DataFileError, load_registry, slugify
from vigie.nlp.registry import build_registry
from vigie.types import ACTOR_TYPES


def test_packaged_registry_covers_the_domain_with_valid_entries():
    registry = load_registry()
    assert len(registry.actors) > 150
    assert {a.type for a in registry.actors} == set(ACTOR_TYPES)
    for name in ("Facebook", "Mark Zuckerberg", "Emmanuel Macron", "Cédric O", "Laetitia Avia", "États-Unis",
                 "Commission européenne", "Assemblée nationale", "G7", "DCMS", "Élysée", "Nouvelle-Zélande"):
        assert registry.lookup(name) is not None, name
    assert len(registry.sha256) == 64


@pytest.mark.parametrize("variant", ["Etats-Unis", "ÉTATS UNIS", "états-unis", "Etats Unis", "USA"])
def test_lookup_ignores_accents_case_and_hyphens(small_registry, variant):
    assert small_registry.lookup(variant).id == "etats-unis"


def test_ids_are_slugs_of_the_canonical_name(small_registry):
    assert small_registry.lookup("Cedric O").id == "cedric-o"
    assert slugify("Mark Zuckerberg") == "mark-zuckerberg"
    assert slugify("Conseil d'État") == "conseil-d-etat"


def test_sha_depends_on_content_only():
    entries = [{"name": "Facebook", "type": "organisation"}]
    assert build_registry(entries).sha256 == build_registry([dict(entries[0])]).sha256
    assert build_registry(entries).sha256 != build_registry([{"name": "Facebook", "type": "place"}]).sha256


def write(tmp_path, text):
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actors:\n  - {name: Facebook, type: company}\n", "ligne 2 : acteur « Facebook » : type inconnu 'company'"),
        ("actors:\n  - {name: Facebook, type: organisation}\n  - {name: Meta, type: organisation, aliases: [FACEBOOK]}\n",
         "ligne 3 : acteur « Meta » : alias en double 'FACEBOOK', déjà un nom de « Facebook »"),
        ("actors:\n  - {name: Wikipédia, type: organisation, aliases: [Wikipedia]}\n", "déjà un nom de cet acteur"),
        ("actors:\n  - {type: person}\n", "ligne 2 : acteur n° 1 : « name » manque"),
        ("actors:\n  - {name: X, type: person, alias: [Y]}\n", "clé(s) inconnue(s) alias"),
        ("actors:\n  - {name: X, type: person, aliases: Y}\n", "une liste de textes non vides était attendue"),
        ("actors:\n  - {name: X, type: person, id: Not A Slug}\n", "n'est pas en minuscules-avec-tirets"),
        ("actors:\n  - {name: '!!', type: person}\n", "n'a ni lettre ni chiffre"),
        ("actors: []\n", "doit être une liste non vide"),
        ("actors:\n  - {name: A, type: person}\n  - [\n", "ligne 4 : YAML invalide"),
        ("- a list\n", "au premier niveau"),
    ],
)
def test_bad_registry_files_fail_with_a_message_naming_the_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as error:
        load_registry(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DataFileError, match="lecture impossible"):
        load_registry(tmp_path / "absent.yaml")


def test_ignore_list_is_read_hashed_and_checked(tmp_path):
    plain = load_registry(write(tmp_path, "actors:\n  - {name: Facebook, type: organisation}\n"))
    registry = load_registry(write(tmp_path, "actors:\n  - {name: Facebook, type: organisation}\nignore: [Ministre, Grand Angle]\n"))
    assert registry.ignored == {("ministre",), ("grand", "angle")}
    assert plain.ignored == frozenset() and plain.sha256 != registry.sha256
    assert plain.sha256 == build_registry([{"name": "Facebook", "type": "organisation"}]).sha256  # hash kept without ignore
    with pytest.raises(DataFileError, match="FACEBOOK est aussi le nom d'un acteur|facebook est aussi le nom"):
        load_registry(write(tmp_path, "actors:\n  - {name: Facebook, type: organisation}\nignore: [FACEBOOK]\n"))
