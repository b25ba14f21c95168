from vigie.nlp.names import Candidate
from vigie.nlp.resolve import resolve


def cands(registry, *items):
    """Candidates in text order from (name, label) pairs; registry names carry their actor."""
    found, offset = [], 0
    for name, label in items:
        actor = registry.by_id.get(name)
        text = actor.name if actor else name
        found.append(Candidate(offset, offset + len(text), text, label, actor))
        offset += len(text) + 1
    return found


def resolved(registry, *items):
    return [(c.name, a.name, a.type, a.registered) for c, a in resolve(cands(registry, *items), registry)]


def test_surname_and_title_forms_link_to_the_registered_full_name(small_registry):
    assert resolved(small_registry, ("matt-hancock", "PER"), ("Hancock", "LOC"), ("Matt", "PER")) == [
        ("Matt Hancock", "Matt Hancock", "person", True),
        ("Hancock", "Matt Hancock", "person", True),
        ("Matt", "Matt Hancock", "person", True),
    ]


def test_surname_links_to_an_unregistered_full_name_in_the_same_article(small_registry):
    assert resolved(small_registry, ("Elliot Schrage", "PER"), ("Schrage", "LOC")) == [
        ("Elliot Schrage", "Elliot Schrage", "person", False),
        ("Schrage", "Elliot Schrage", "person", False),
    ]


def test_a_name_found_by_ner_that_is_a_registry_name_is_the_registry_actor(small_registry):
    assert resolved(small_registry, ("Zuckerberg", "LOC"))[0][1:] == ("Mark Zuckerberg", "person", True)


def test_reordered_words_are_the_same_person(small_registry):
    assert resolved(small_registry, ("cedric-o", "PER"), ("O Cédric", "PER"))[1][1] == "Cédric O"
    assert [a for _, a, _, _ in resolved(small_registry, ("Chapman Matthew", "PER"), ("Matthew Chapman", "PER"))] == [
        "Chapman Matthew", "Chapman Matthew",
    ]


def test_an_ambiguous_surname_stays_apart(small_registry):
    found = resolved(small_registry, ("Anna Collins", "PER"), ("Damian Collins", "PER"), ("Collins", "PER"))
    assert found[2][1] == "Collins"


def test_an_acronym_links_to_the_organisation_named_in_full(small_registry):
    found = resolved(small_registry, ("Bureau of Investigative Journalism", "ORG"), ("BIJ", "LOC"))
    assert found[1][1:] == ("Bureau of Investigative Journalism", "organisation", False)


def test_unlinked_names_are_new_actors_typed_by_their_label(small_registry):
    found = resolve(cands(small_registry, ("Biarritz", "LOC"), ("Qwant", "ORG")), small_registry)
    assert [(a.id, a.type, a.registered) for _, a in found] == [("biarritz", "place", False), ("qwant", "organisation", False)]


def test_ignored_names_are_dropped_unless_an_actor_claims_them(small_registry):
    from dataclasses import replace

    registry = replace(small_registry, ignored=frozenset({("grand", "angle")}))
    found = resolved(registry, ("Grand Angle", "PER"), ("GRAND-ANGLE", "ORG"), ("facebook", "ORG"), ("Schrage", "PER"))
    assert [name for name, *_ in found] == ["Facebook", "Schrage"]
    assert [name for name, *_ in resolved(small_registry, ("Grand Angle", "PER"), ("Schrage", "PER"))] == [
        "Grand Angle", "Schrage"]
