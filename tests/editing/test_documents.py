"""Each edit of the lexicon and the registry, on vigie's packaged files, checked by the real parsers."""
import pandas as pd
import pytest

from vigie.editing import documents as ops
from vigie.editing.documents import EditError
from vigie.editing.files import ACTORS, THEMES, check, dump
from vigie.datafile import packaged_text, parse_yaml
from vigie.nlp.lexicon import parse_lexicon
from vigie.nlp.registry import parse_registry


@pytest.fixture
def themes():
    return ops.plain(parse_yaml(packaged_text(THEMES), where=THEMES))


@pytest.fixture
def actors():
    return ops.plain(parse_yaml(packaged_text(ACTORS), where=ACTORS))


def lexicon(doc):
    return parse_lexicon(dump(THEMES, doc), where=THEMES)


def registry(doc):
    return parse_registry(dump(ACTORS, doc), where=ACTORS)


def test_rename_keeps_the_id_and_leaves_the_argument_alone(themes):
    renamed = ops.rename_theme(themes, "terrorisme", "Terrorisme en ligne")
    assert lexicon(renamed).theme("terrorisme").label == "Terrorisme en ligne"
    assert lexicon(themes).theme("terrorisme").label != "Terrorisme en ligne"
    with pytest.raises(EditError, match="vide"):
        ops.rename_theme(themes, "terrorisme", "  ")


def test_merge_moves_the_terms_once_and_removes_the_other_theme(themes):
    before = lexicon(themes)
    merged = lexicon(ops.merge_themes(themes, "moderation", "transparence"))
    assert "transparence" not in {t.id for t in merged.themes}
    expected = {t.pattern for t in before.theme("moderation").terms} | {t.pattern for t in before.theme("transparence").terms}
    assert {t.pattern for t in merged.theme("moderation").terms} == expected
    with pytest.raises(EditError, match="deux thèmes différents"):
        ops.merge_themes(themes, "moderation", "moderation")


def test_add_and_remove_terms(themes):
    added = ops.add_term(themes, "economie", "souveraineté numérique", weight=2)
    assert any(t.text == "souveraineté numérique" and t.weight == 2 for t in lexicon(added).theme("economie").terms)
    with pytest.raises(EditError, match="déjà un terme"):
        ops.add_term(added, "economie", "SOUVERAINETE  Numérique")  # case, accents and spaces aside, the same term
    with pytest.raises(EditError, match="Terme refusé"):
        ops.add_term(themes, "economie", "ab*")
    removed = ops.remove_term(added, "economie", "souveraineté numérique")
    assert lexicon(removed).theme("economie").terms == lexicon(themes).theme("economie").terms


def test_a_theme_is_never_emptied_by_removing_terms(themes):
    doc = themes
    theme = next(t for t in doc["themes"] if t["id"] == "terrorisme")
    *first, last = [ops.term_text(entry) for entry in theme["terms"]]
    for term in first:
        doc = ops.remove_term(doc, "terrorisme", term)
    with pytest.raises(EditError, match="dernier terme"):
        ops.remove_term(doc, "terrorisme", last)
    assert len(lexicon(doc).theme("terrorisme").terms) == 1


def test_delete_theme_and_the_last_one_is_refused(themes):
    doc = ops.delete_theme(themes, "economie")
    assert "economie" not in {t.id for t in lexicon(doc).themes}
    for theme in [t["id"] for t in doc["themes"]][1:]:
        doc = ops.delete_theme(doc, theme)
    with pytest.raises(EditError, match="dernier thème"):
        ops.delete_theme(doc, doc["themes"][0]["id"])


def test_replace_themes_with_a_proposal(themes):
    proposed = {"threshold": 3, "themes": [{"id": "t1", "label": "Thème 1", "terms": ["algorithme", "plateforme"]}]}
    replaced = lexicon(ops.replace_themes(themes, proposed))
    assert [t.id for t in replaced.themes] == ["t1"] and replaced.threshold == 3


FACEBOOK = ("facebook", "Facebook", "organisation")
MACRON = ("emmanuel-macron", "Emmanuel Macron", "person")


def test_merge_a_registered_actor_into_another_makes_its_names_aliases(actors):
    meta = registry(actors).lookup("Meta")
    keep_id = registry(actors).lookup("Facebook").id
    assert meta is not None and meta.id != keep_id, "the packaged registry has Meta and Facebook apart"
    merged = registry(ops.merge_actors(actors, keep=FACEBOOK, drop=(meta.id, meta.name, meta.type)))
    assert merged.lookup("Meta").id == keep_id
    assert meta.id not in merged.by_id
    with pytest.raises(EditError, match="deux acteurs différents"):
        ops.merge_actors(actors, keep=FACEBOOK, drop=FACEBOOK)


def test_merge_an_unregistered_actor_adds_its_name_as_alias(actors):
    merged = registry(ops.merge_actors(actors, keep=MACRON, drop=("president-macron", "Président Macron", "person")))
    assert merged.lookup("Président Macron").id == "emmanuel-macron"


def test_rename_keeps_id_and_old_name(actors):
    renamed = registry(ops.rename_actor(actors, FACEBOOK, "Facebook Inc."))
    actor = renamed.by_id["facebook"]
    assert actor.name == "Facebook Inc." and renamed.lookup("Facebook") is actor
    with pytest.raises(EditError, match="déjà un nom de"):
        ops.rename_actor(actors, FACEBOOK, "Macron")


def test_rename_an_unregistered_actor_registers_it_under_its_id(actors):
    renamed = registry(ops.rename_actor(actors, ("elliot-schrage", "Elliot Schrage", "person"), "Elliot J. Schrage"))
    assert renamed.by_id["elliot-schrage"].name == "Elliot J. Schrage"


def test_type_change_and_unknown_type(actors):
    assert registry(ops.set_actor_type(actors, FACEBOOK, "place")).by_id["facebook"].type == "place"
    with pytest.raises(EditError, match="Type inconnu"):
        ops.set_actor_type(actors, FACEBOOK, "company")


def test_not_an_actor_goes_to_the_ignore_list_and_back_out_when_merged(actors):
    ignored = ops.ignore_actor(actors, ("grand-angle", "Grand Angle", "person"))
    assert registry(ignored).ignored == {("grand", "angle")}
    dropped = registry(ops.ignore_actor(actors, FACEBOOK))
    assert "facebook" not in dropped.by_id and ("facebook",) in dropped.ignored
    back = ops.merge_actors(ignored, keep=MACRON, drop=("grand-angle", "Grand Angle", "person"))
    assert registry(back).ignored == frozenset() and "ignore" not in back


def test_accept_suggestions_in_one_go(actors):
    from vigie.curation import COLUMNS

    rows = pd.DataFrame([
        {"kind": "new", "actor_id": "elliot-schrage", "name": "Elliot Schrage", "type": "person", "mentions": 3,
         "articles": 3, "forms": "Elliot Schrage, M. Schrage", "similar_id": "", "similar_name": "", "reason": ""},
        {"kind": "duplicate", "actor_id": "elliott-schrage", "name": "Elliott Schrage", "type": "person",
         "mentions": 1, "articles": 1, "forms": "Elliott Schrage", "similar_id": "elliot-schrage",
         "similar_name": "Elliot Schrage", "reason": "edit distance 1"},
    ], columns=COLUMNS)
    accepted = registry(ops.accept_suggestions(actors, rows))
    assert accepted.lookup("Elliott Schrage").id == "elliot-schrage"
    assert accepted.lookup("M. Schrage").id == "elliot-schrage"
    assert len(accepted.actors) == len(registry(actors).actors) + 1


def test_dump_is_readable_yaml_that_round_trips(actors, themes):
    text = dump(ACTORS, actors)
    assert text.startswith("# Registre des acteurs") and "- {name: Emmanuel Macron, type: person, aliases: [Macron]}" in text
    check(ACTORS, text)
    assert registry(actors).sha256 == parse_registry(packaged_text(ACTORS), where=ACTORS).sha256
    assert lexicon(themes).sha256 == parse_lexicon(packaged_text(THEMES), where=THEMES).sha256
