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
        ("actors:\n  - {name: Facebook, type: company}\n", "unknown type 'company'"),
        ("actors:\n  - {name: Facebook, type: organisation}\n  - {name: Meta, type: organisation, aliases: [FACEBOOK]}\n",
         "duplicate alias 'FACEBOOK', already a name of 'Facebook'"),
        ("actors:\n  - {name: Wikipédia, type: organisation, aliases: [Wikipedia]}\n", "already a name of this actor"),
        ("actors:\n  - {type: person}\n", "missing 'name'"),
        ("actors:\n  - {name: X, type: person, alias: [Y]}\n", "unknown key(s) alias"),
        ("actors:\n  - {name: X, type: person, aliases: Y}\n", "expected a list of non-empty strings"),
        ("actors:\n  - {name: X, type: person, id: Not A Slug}\n", "is not a lower-case slug"),
        ("actors:\n  - {name: '!!', type: person}\n", "has no letters or digits"),
        ("actors: []\n", "non-empty list"),
        ("actors: [\n", "not valid YAML"),
        ("- a list\n", "expected a mapping at the top level"),
    ],
)
def test_bad_registry_files_fail_with_a_message_naming_the_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as error:
        load_registry(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        load_registry(tmp_path / "absent.yaml")
