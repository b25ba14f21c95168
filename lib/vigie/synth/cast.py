"""Who can appear: the registry's actors, invented ones that are not in it, and the writable theme terms.

Invented people and organisations (checked absent from the registry) measure
the model's recall; registered ones, the registry matcher.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from vigie.nlp import Lexicon, Registry
from vigie.synth.french import FEMALE_ENDINGS, fold
from vigie.synth.press import AGENCIES
from vigie.types import ActorType

INVENTED_PEOPLE, INVENTED_ORGANISATIONS = 160, 50

# --- Invented actors: plausible, absent from the registry -------------------------------------
_FIRST_F = ("Claire Camille Sophie Julie Anne Hélène Nathalie Élodie Manon Léa Inès Chloé Sarah Aurélie "
            "Agnès Sandrine Valérie Céline Émilie Margaux Louise Pauline Mathilde Lucie Noémie").split()
_FIRST_M = ("Julien Nicolas Thomas Antoine Mathieu Olivier Stéphane Laurent Pierre Yann Hugo Maxime "
            "Benoît Arnaud Damien Frédéric Guillaume Jérôme Sébastien Rémi Vincent Karim Loïc Xavier").split()
_SURNAMES = ("Castagnède Lemarié Kerbrat Vasseur Delorme Ferrand Peyrac Garnier-Lacombe Rousselot Tessier "
             "Maillard Brunetière Lacoste Chevallier Joubert Dufresne Marchetti Le Guennec Aubriot Carvalho "
             "Benhamou Perrot Lemoine Vidal-Naquet Fabre Bouchardeau Roussel Guérin Leclercq Moreau-Dutilleul "
             "Ribeiro Lefort Cazenave Texier Pujol Morvan Faure Baudry Sauvageot Haddad").split()
_ROLES_F = ("avocate spécialisée en droit du numérique", "chercheuse en sciences de l'information",
            "porte-parole d'une association de victimes", "députée de la majorité", "sénatrice centriste",
            "juriste", "professeure de droit public", "ancienne magistrate", "consultante", "magistrate")
_ROLES_M = ("avocat spécialisé en droit du numérique", "chercheur en sciences de l'information",
            "porte-parole d'une association de victimes", "député de l'opposition", "sénateur socialiste",
            "juriste", "professeur de droit public", "ancien magistrat", "consultant", "magistrat")
_ORG_KINDS = ("Association", "Collectif", "Observatoire", "Fondation", "Institut", "Syndicat", "Fédération")
_ORG_CORES = ("Lumen", "Civitas", "Clairvoie", "Numérique Solidaire", "Horizon Citoyen", "Veille Citoyenne",
              "Ouvrir le Net", "Droits Connectés", "Parole Libre", "Écrans Sereins", "Agora", "Vigilance Web",
              "Liens Ouverts", "Pixel Éthique", "Bastide")
_STARTUPS = ("Klaros", "Datavéra", "Veilleo", "Sentinelle Labs", "Moderia", "Nuance Data", "Opaline",
             "Kerlys", "Trustéa", "Fil d'Ariane Technologies")


@dataclass(frozen=True)
class Actor:
    """An actor as the generator writes it; ``name`` is what the truth calls it."""

    name: str
    type: ActorType
    registered: bool
    aliases: tuple[str, ...] = ()
    female: bool = False
    role: str = ""  # invented people only: "avocate spécialisée en droit du numérique"

    @property
    def surname(self) -> str:
        words = self.name.split()
        return " ".join(words[1:]) if len(words) > 1 else self.name


@dataclass(frozen=True)
class Cast:
    """Who can appear (registry actors and invented ones) and the theme vocabulary."""

    people: tuple[Actor, ...]  # registered
    organisations: tuple[Actor, ...]  # registered
    places: tuple[Actor, ...]  # registered
    invented_people: tuple[Actor, ...]
    invented_organisations: tuple[Actor, ...]
    terms: dict[str, tuple[tuple[str, float, tuple[Actor, ...]], ...]]  # theme id -> (term, weight, actors named in it)
    threshold: float
    agencies: tuple[Actor, ...]  # AFP, Reuters, in the order of AGENCIES
    paris: Actor  # the dateline of a dispatch from a country
    france: Actor


def draw_cast(registry: Registry, lexicon: Lexicon, rng: random.Random) -> Cast:
    """Registry actors, invented ones (checked absent from the registry), and writable theme terms."""
    known = [_registered(a) for a in registry.actors]
    people = [a for a in known if a.type == "person"]
    organisations = [a for a in known if a.type == "organisation" and not re.match(r"(Le|Les) ", a.name)]
    places = [a for a in known if a.type == "place"]
    free_surnames = [s for s in _SURNAMES if registry.lookup(s) is None]
    invented: dict[str, Actor] = {}
    while len(invented) < INVENTED_PEOPLE:
        female = rng.random() < 0.5
        name = f"{rng.choice(_FIRST_F if female else _FIRST_M)} {rng.choice(free_surnames)}"
        if registry.lookup(name) is None:
            invented.setdefault(name, Actor(name, "person", False, female=female,
                                            role=rng.choice(_ROLES_F if female else _ROLES_M)))
    made_up = [f"{kind} {core}" for kind in _ORG_KINDS for core in _ORG_CORES] + list(_STARTUPS)
    rng.shuffle(made_up)
    invented_organisations = [Actor(name, "organisation", False) for name in made_up if registry.lookup(name) is None]
    terms = {
        theme.id: tuple((t.text, t.weight, _named_in(t.text, registry)) for t in theme.terms if _writable(t.text))
        for theme in lexicon.themes
    }
    return Cast(
        people=tuple(people),
        organisations=tuple(organisations),
        places=tuple(places),
        invented_people=tuple(invented.values()),
        invented_organisations=tuple(invented_organisations[:INVENTED_ORGANISATIONS]),
        terms={theme: writable for theme, writable in terms.items() if writable},
        threshold=lexicon.threshold,
        agencies=tuple(_named(registry, name, "organisation") for name, _ in AGENCIES),
        paris=_named(registry, "Paris", "place"),
        france=_named(registry, "France", "place"),
    )


def _writable(term: str) -> bool:
    """Whether a lexicon term reads as a noun after "en matière de": not a prefix, a verb or an adjective."""
    first = fold(term.split()[0])
    single_adjective = " " not in term and first.endswith(("ique", "aire", "al", "eux", "ant", "ent", "aque"))
    return "*" not in term and not first.endswith(("er", "ir", "dre")) and not single_adjective


def _named_in(term: str, registry: Registry) -> tuple[Actor, ...]:
    """Registry actors a term names ("loi Avia", "appel de Christchurch", "G7"): writing it mentions them."""
    words, found, i = term.split(), [], 0
    while i < len(words):
        j = next((j for j in range(len(words), i, -1) if registry.lookup(" ".join(words[i:j]))), i)
        if j > i:
            found.append(_registered(registry.lookup(" ".join(words[i:j]))))
        i = max(j, i + 1)
    return tuple(found)


def _registered(actor) -> Actor:
    first = fold(actor.name.split()[0])
    female = actor.type == "person" and first.endswith(tuple(fold(e) for e in FEMALE_ENDINGS))
    return Actor(actor.name, actor.type, True, aliases=actor.aliases, female=female)


def _named(registry: Registry, name: str, type_: ActorType) -> Actor:
    """The registry's actor for a name if it has one, else an unregistered actor of that name."""
    found = registry.lookup(name)
    return _registered(found) if found is not None else Actor(name, type_, False)
