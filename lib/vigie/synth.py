"""A synthetic French press corpus whose content is known, to measure vigie at any size.

``write_synthetic_corpus(n, out, seed=...)`` writes ``n`` articles as
``out/0000/000000.txt`` ... (at most 1,000 files a folder), ``out/metadata.csv``
(path, title, date, source, url: what ``vigie ingest`` reads) and the truth,
``out/.truth.jsonl`` (hidden, so that ingesting ``out`` does not read it as a
table of articles), one JSON object per article: ``id`` (the path without
extension, as vigie names it), ``path``, ``date``, ``source``, ``kind``
(original, dispatch, republication, duplicate, same_event), ``event``,
``story``, ``n_words``, ``actors`` (canonical name, type, registered or not,
number of mentions) and ``themes``.  The same seed writes the same bytes,
whatever the number of processes.

Why it looks the way it does
- Actors come from the registry (``vigie.nlp.load_registry``) plus invented
  people and organisations that are *not* in it, so that both the registry
  matcher and the model's recall are measured.  Names are written the ways the
  press writes them: full name first, then the surname alone or "M."/"Mme" +
  surname, aliases, sometimes in capitals or without accents, places with
  their article ("la France", "aux États-Unis"), organisations with theirs
  ("la CNIL", "l'Arcom").  Every occurrence is recorded as it is written
  (terms that name an actor, "loi Avia", included), so mention counts are
  facts, not guesses.
- Theme vocabulary comes from the lexicon (``vigie.nlp.load_lexicon``): an
  article's themes are those whose inserted terms weigh at least the
  lexicon's threshold.  The sentence frames around them contain no lexicon
  term (a test checks it), so the truth is what was put in.
- Dates span 2016-2024 with a weekly rhythm (quiet weekends and Augusts), a
  slow growth and bursts: a burst is an event covered by many articles over a
  few days, on its own themes and around its own person.
- Stories: ``wire_share`` of the articles come from agency dispatches (AFP,
  Reuters), the dispatch itself or its republications with the edits sites
  make: a new title, the last paragraphs cut, a lead sentence added,
  boilerplate, a few words reworded, their own quote marks, the date a day
  later.  Archives also hold some files twice.  Some events get a second
  article written independently (same actors, date and quote, different
  text): it must *not* be grouped.  ``story`` is the id of the story's
  earliest article (by date, then id), the article's own id when alone.

Text comes from a small grammar (``_GRAMMAR``: symbols with alternatives,
expanded at random), so that separately written articles share topic words
but few five-word runs, as real articles do (more than real ones, in fact:
unrelated synthetic articles share up to ~10 % of their 5-word runs).
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import io
import itertools
import json
import math
import multiprocessing
import os
import random
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from vigie.nlp import Lexicon, Registry, load_lexicon, load_registry
from vigie.nlp.text import fold
from vigie.types import ActorType

__all__ = ["TRUTH_FILE", "SynthSummary", "write_synthetic_corpus"]

FILES_PER_FOLDER = 1000
#: Hidden, so that ``vigie ingest`` of the folder skips it (a ``truth.jsonl`` would be read as a table of articles).
TRUTH_FILE = ".truth.jsonl"
FIRST_DAY, LAST_DAY = dt.date(2016, 1, 1), dt.date(2024, 12, 31)
MIN_WORDS, MAX_WORDS = 150, 900
SAME_EVENT_SHARE = 0.05  # events that a second outlet covers with its own, separately written article
DUPLICATE_SHARE = 0.01  # articles that the archive holds twice, under two file names
INVENTED_PEOPLE, INVENTED_ORGANISATIONS = 160, 50
INVENTED_SHARE = 0.35  # of the people and organisations an event involves
HOME_SHARE = 0.3  # events in France, the rest anywhere in the registry's places


#: Accent-free lower case, as the registry compares names; cached since names recur.
_fold = functools.lru_cache(maxsize=4096)(fold)


# --- Outlets: name, domain, typographic habits -------------------------------------------------
AGENCIES = (("AFP", "afp.com"), ("Reuters", "reuters.com"))
OUTLETS = (
    ("Le Monde", "lemonde.fr"), ("Le Figaro", "lefigaro.fr"), ("Libération", "liberation.fr"),
    ("Les Echos", "lesechos.fr"), ("Ouest-France", "ouest-france.fr"), ("20 Minutes", "20minutes.fr"),
    ("franceinfo", "francetvinfo.fr"), ("La Croix", "la-croix.com"), ("L'Express", "lexpress.fr"),
    ("Le Parisien", "leparisien.fr"), ("Numerama", "numerama.com"), ("Sud Ouest", "sudouest.fr"),
    ("La Dépêche", "ladepeche.fr"), ("Le Point", "lepoint.fr"), ("L'Obs", "nouvelobs.com"),
    ("Mediapart", "mediapart.fr"), ("Les Numériques", "lesnumeriques.com"), ("Le Télégramme", "letelegramme.fr"),
)
SECTIONS = ("actualite", "societe", "economie", "politique", "international", "tech", "medias")
BOILERPLATE = (
    "Lire aussi : notre dossier complet",
    "Abonnez-vous à notre lettre d'information quotidienne",
    "Cet article est réservé aux abonnés",
    "[ Publicité ]",
    "Partager cet article",
    "Vous souhaitez réagir ? Écrivez-nous.",
    "Tous droits de reproduction réservés",
    "Article mis à jour dans la soirée",
)
# Light rewording by outlets: the first pair found in a sentence is swapped.
REWORDINGS = (
    ("a déclaré", "a affirmé"), ("a estimé", "a jugé"), ("a rappelé", "a souligné"),
    ("Selon", "D'après"), ("également", "aussi"), ("notamment", "en particulier"),
    ("toutefois", "cependant"), ("très", "particulièrement"), ("Contacté", "Sollicité"),
    ("doivent", "devront"), ("rapidement", "vite"), ("plusieurs", "de nombreuses"),
)

# --- French grammar of names ------------------------------------------------------------------
# Places: (article, preposition for "in"); a place not listed is written like a city: "Paris", "à Paris".
_PLACE_FORMS = {
    ("la", "en"): "France, Belgique, Pologne, Hongrie, Suède, Norvège, Finlande, Grèce, Suisse, Chine, Russie, "
    "Corée du Sud, Nouvelle-Zélande, Turquie, Tunisie, Californie, Grande-Bretagne",
    ("l'", "en"): "Allemagne, Italie, Espagne, Irlande, Autriche, Ukraine, Inde, Australie, Indonésie, Algérie, "
    "Europe, Afrique, Asie, Iran",
    ("le", "au"): "Luxembourg, Danemark, Portugal, Royaume-Uni, Canada, Mexique, Brésil, Japon, Maroc, Sénégal",
    ("les", "aux"): "Pays-Bas, États-Unis",
    ("", "en"): "Israël",
    ("la", "dans la"): "Silicon Valley",
}
_PLACES = {_fold(name.strip()): forms for forms, names in _PLACE_FORMS.items() for name in names.split(",")}
# Organisations: the article their first word takes ("la Commission européenne"); brands take none.
_ORG_ARTICLES = {
    "le": "ministère parquet conseil comité parlement sénat congrès défenseur collectif syndicat csa fbi parti "
    "rassemblement palais cepd",
    "la": "commission cour chambre ligue maison cnil fondation fédération ftc licra chancellerie cjue",
    "l'": "assemblée union autorité agence organisation élysée arcom arcep anssi association observatoire institut "
    "otan unesco ocde onu ue",
    "les": "sages communes",
}
_ORG_FIRST_WORDS = {_fold(w): article for article, ws in _ORG_ARTICLES.items() for w in ws.split()}
_FEMALE_ENDINGS = ("a", "ie", "ine", "yne", "elle", "ette", "ise", "ude", "ène", "ice", "anne", "ire", "ura")

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

# --- The grammar -----------------------------------------------------------------------------
# ``{name}`` expands a symbol: a lower-case one from this table, an upper-case one from the
# article being written (actors, theme terms, dates).  Repeating an alternative weighs it.
_GRAMMAR: dict[str, tuple[str, ...]] = {
    "lead": (
        "{LEAD}{ROLE} a {presented} {DAY} {IN_L} {measures} {matter}.",
        "{DAY}, {LEAD}{ROLE} a {presented} {measures} {matter}, {lead_tail}.",
        "{O} se retrouve une nouvelle fois sous pression : {LEAD}{ROLE} a {demanded} {DAY} {asks} {about}.",
        "Nouvelle passe d'armes {DAY} {IN_L} entre {LEAD}{ROLE} et {O}, autour des questions {DE_T}.",
        "{IN_L}, le volet {T} est revenu au premier plan {DAY} avec {asks_by} {LEAD}{ROLE}.",
        "{LEAD}{ROLE} a choisi {DAY} de {lead_move} {O} {about}.",
        "Le ton monte entre {O} et {LEAD}{ROLE}, qui {lead_claim} {matter}.",
        "C'est un dossier que {LEAD}{ROLE} suit de près : {DAY}, {IN_L}, {clause}.",
    ),
    "body": (
        "{quote}", "{quote}", "{reported}", "{reported}", "{reported}", "{context}", "{context}",
        "{context}", "{background}", "{figures}", "{reaction}", "{analysis}",
    ),
    "quote": (
        "« {quote_text} », {said} {P}.",
        "« {quote_text} », a-t-{IL} {added}.",
        "{P} l'a {summed} ainsi : « {quote_text} ».",
        "« {quote_text} », {said} {spokes} {DE_O}.",
        "« {quote_text} » : c'est en ces termes que {P} a réagi {DAY}.",
        "{P}, interrogé{E} {on_air}, a {insisted} : « {quote_text} ».",
        "« {quote_text} », {tempers} {P}, {nuance}.",
    ),
    "reported": (
        "{P} {said_that} {clause}.", "Selon {P}, {clause}.", "Pour {P}, {clause}.",
        "D'après {O}, {clause}.", "{P} s'est engagé{E} à {action} {about}.",
        "{P} {regrets} que rien n'ait bougé {about}.", "Du côté {DE_O}, on {org_line}.",
        "{P} ne cache pas son {feeling} : {clause}.",
    ),
    "context": (
        "{O} {is_targeted} {matter}.",
        "{L} {prepares} un texte {about}, dont l'examen est prévu {when}.",
        "{IN_L}, {clause}.",
        "Le sujet est suivi de près par {O}, qui {org_does}.",
        "{O} et {O2} {jointly} {about}.",
        "La position {DE_P} a {evolved} ces derniers mois {about}.",
        "{P}{ROLE} {said_that} {clause}.",
        "{O} {defends} {its_line}, {contested}.",
        "Le calendrier reste flou : {clause}.",
    ),
    "background": (
        "En {YEAR}, {O} avait déjà {past_act} {matter}.",
        "Ce n'est pas la première fois que {P} {past_thing}.",
        "{P}{ROLE} avait déjà {past_p} {when_past}.",
        "Le précédent de {YEAR} reste dans toutes les mémoires {IN_L}.",
        "Depuis {YEAR}, {O} {since}.",
    ),
    "figures": (
        "Selon les chiffres communiqués par {O}, {NUM} {units} ont été {handled} {period}.",
        "{NUM} {units} auraient été {handled} {IN_L} au cours {period_of}.",
        "Un rapport publié en {YEAR} faisait état de {NUM} {units} {handled} {period}.",
        "À titre de comparaison, {O} revendique {NUM} {units} {handled} {period}.",
    ),
    "reaction": (
        "{O} n'a pas souhaité réagir {DAY}.", "Contacté, {O} n'a pas donné suite.",
        "{P} doit {next_step} {when}.", "Les discussions doivent reprendre {when}.",
        "{O2} a pour sa part salué {a_step}.", "{O} promet de {promise} {when}.",
    ),
    "analysis": (
        "Reste à savoir si {clause}.", "Sur le fond, {clause}.", "Dans les faits, {clause}.",
        "Pour beaucoup d'observateurs, {clause}.", "Une chose est sûre : {clause}.",
    ),
    "key_quote": (
        "« {KEY_QUOTE} », {said} {P}.", "{P} l'a dit sans détour : « {KEY_QUOTE} ».",
        "« {KEY_QUOTE} », a résumé {P} {DAY}.",
    ),
    "add_lead": (
        "{P} est revenu{E} {DAY} sur le sujet.", "Le dossier continue de faire parler {IN_L}.",
        "Nouvel épisode dans le bras de fer entre {P} et {O}.", "C'est une décision qui devrait faire réagir.",
        "{IN_L}, le sujet est revenu sur le devant de la scène {DAY}.",
    ),
    "update": (
        "Mise à jour : {O} a finalement réagi dans la soirée, sans donner de détails.",
        "Mise à jour : {P} doit s'exprimer de nouveau {when}.",
    ),
    "title": (
        "{T_CAP} : {P} {title_verb} {O}", "{P} veut {title_goal} sur le volet {T}",
        "{O} de nouveau dans le viseur {IN_L}", "{T_CAP} : ce qu'a annoncé {P}",
        "{IN_L}, {P} relance le débat sur le volet {T}", "{T_CAP}, le dossier qui embarrasse {O}",
        "{O} face à {P} : {title_end}", "{T_CAP} : {O} {title_org}",
    ),
    "matter": ("en matière {DE_T}", "en matière {DE_T}", "sur les questions {DE_T}", "sur ce dossier",
               "dans ce domaine", "sur le front {DE_T}"),
    "about": ("sur le volet {T}", "sur le volet {T}", "sur ce point", "sur le sujet", "à ce propos",
              "autour des questions {DE_T}"),
    "presented": ("présenté", "dévoilé", "détaillé", "annoncé", "défendu", "esquissé"),
    "measures": ("un plan d'action", "une série de mesures", "une feuille de route", "de nouvelles propositions",
                 "un ensemble de pistes", "plusieurs annonces", "un calendrier resserré", "une méthode nouvelle"),
    "lead_tail": ("une première depuis des mois", "au terme de longues semaines de discussions",
                  "sans convaincre tout le monde", "sous le regard attentif des associations",
                  "ce qui a aussitôt suscité des réactions", "à la surprise générale"),
    "lead_move": ("interpeller publiquement", "mettre en garde", "répondre sèchement à", "tendre la main à"),
    "lead_claim": ("réclame des gages", "dénonce un manque de sérieux", "exige un changement de cap",
                   "attend toujours des réponses"),
    "demanded": ("réclamé", "exigé", "demandé", "souhaité"),
    "asks": ("des engagements précis", "des réponses rapides", "des garanties", "des explications détaillées",
             "un calendrier clair"),
    "asks_by": ("les annonces de", "une prise de parole de", "la sortie de", "une interview de"),
    "said": ("a déclaré", "a affirmé", "a estimé", "a lancé", "a insisté", "a assuré", "a martelé", "a tranché",
             "a prévenu", "a plaidé"),
    "added": ("ajouté", "poursuivi", "précisé", "insisté", "conclu", "complété"),
    "summed": ("résumé", "formulé", "dit"),
    "insisted": ("insisté", "répété", "tenu à préciser", "voulu rassurer"),
    "on_air": ("à la radio", "sur un plateau de télévision", "par la presse", "en marge d'un déplacement",
               "lors d'une conférence de presse"),
    "tempers": ("tempère", "nuance", "prévient", "relativise"),
    "nuance": ("sans fermer la porte", "prudemment", "non sans ironie", "avec un certain agacement"),
    "spokes": ("un porte-parole", "une porte-parole", "un responsable", "une responsable"),
    "said_that": ("a estimé que", "a assuré que", "a rappelé que", "juge que", "a fait valoir que",
                  "considère que", "a souligné que", "estime désormais que", "a reconnu que", "répète que"),
    "regrets": ("regrette", "déplore", "s'étonne", "s'agace"),
    "feeling": ("agacement", "scepticisme", "impatience", "optimisme"),
    "org_line": ("assure avoir déjà beaucoup fait", "se dit ouvert au dialogue", "fait le dos rond",
                 "renvoie la balle aux pouvoirs publics", "préfère attendre le texte définitif"),
    "clause": (
        "{who} {must} {action} {about}",
        "{who} ne peuvent plus ignorer les questions {DE_T}",
        "la situation {IN_L} {sit_state}",
        "le volet {T} {vol_state}",
        "{O} {must_sg} {action}",
        "rien ne changera sans une volonté politique forte",
        "le rapport de force a changé de camp",
        "{who} {must} s'attendre à des lendemains difficiles",
        "les annonces {DE_O} {announce_state}",
        "{L} {country_state}",
    ),
    "quote_text": (
        "Nous {we_will} {action_we} {matter}",
        "Le temps des promesses est terminé, {who} {must} {action}",
        "{opener}, {clause}",
        "{opener}, nous attendons des résultats concrets, pas des annonces",
        "On ne peut pas laisser {who} décider seuls",
        "Ce que nous voulons, c'est du concret sur le volet {T}",
        "Je {i_verb} que {clause}",
        "Il y a {urgency} {about}",
    ),
    "who": ("les géants du secteur", "les entreprises américaines", "les services en ligne", "les acteurs du secteur",
            "les pouvoirs publics", "les grandes entreprises", "les États membres", "les élus",
            "les associations", "les opérateurs"),
    "must": ("doivent", "devront", "devraient", "vont devoir"),
    "must_sg": ("doit", "devra", "devrait", "va devoir"),
    "action": ("répondre aux critiques", "agir plus vite", "publier davantage de chiffres", "changer de méthode",
               "accélérer", "faire beaucoup plus", "revoir les procédures internes", "mieux former les équipes",
               "sortir de l'ambiguïté", "tenir parole", "clarifier les règles du jeu", "montrer l'exemple"),
    "we_will": ("allons", "voulons", "devons", "comptons"),
    "action_we": ("avancer rapidement", "aller beaucoup plus loin", "mettre tout le monde autour de la table",
                  "fixer des objectifs précis", "tenir nos engagements", "travailler main dans la main"),
    "i_verb": ("crois", "pense", "constate", "observe", "suis convaincu"),
    "urgency": ("urgence à agir", "un vrai problème", "une prise de conscience", "encore beaucoup à faire"),
    "opener": ("Soyons clairs", "Je le dis très simplement", "Il faut le dire", "C'est un tournant",
               "Personne n'est dupe", "Les choses doivent bouger", "Disons-le franchement"),
    "sit_state": ("reste très préoccupante", "s'est nettement dégradée", "s'améliore lentement",
                  "inquiète de plus en plus", "n'a guère évolué depuis deux ans"),
    "vol_state": ("divise toujours autant", "reste le point le plus sensible", "fait désormais consensus",
                  "s'est imposé dans le débat", "n'est plus un sujet secondaire"),
    "announce_state": ("ont été accueillies fraîchement", "restent très floues", "ont rassuré les plus inquiets",
                       "ne convainquent pas grand monde"),
    "country_state": ("fait figure de bon élève", "reste à la traîne", "avance à petits pas",
                      "veut montrer la voie"),
    "is_targeted": ("fait l'objet de critiques répétées", "fait face à plusieurs enquêtes",
                    "a déjà dû s'expliquer à plusieurs reprises", "se défend de tout laxisme",
                    "promet des efforts depuis des mois"),
    "defends": ("défend", "justifie", "assume"),
    "its_line": ("sa ligne", "ses choix", "sa méthode", "son bilan"),
    "contested": ("contestée par plusieurs élus", "loin de faire l'unanimité", "sans convaincre ses détracteurs",
                  "jugée trop timide"),
    "prepares": ("prépare", "a présenté", "étudie", "a promis"),
    "when": ("dans les prochaines semaines", "avant l'été", "à l'automne", "d'ici la fin de l'année",
             "en début d'année prochaine", "le mois prochain", "sous quinze jours"),
    "when_past": ("l'an dernier", "il y a deux ans", "au printemps", "lors de son précédent mandat"),
    "since": ("multiplie les annonces", "peine à convaincre", "a changé de discours", "avance prudemment"),
    "org_does": ("réclame des garanties", "dit attendre des actes", "n'exclut pas de saisir la justice",
                 "plaide pour une approche européenne", "appelle à la prudence"),
    "jointly": ("ont signé un accord", "travaillent ensemble depuis des mois", "ont ouvert des discussions",
                "s'opposent frontalement"),
    "evolved": ("nettement évolué", "peu changé", "beaucoup fluctué", "surpris les observateurs"),
    "past_act": ("été mis en cause", "pris des engagements", "dû s'expliquer", "annoncé des changements"),
    "past_thing": ("s'exprime sur ce dossier", "hausse le ton", "s'en prend à un géant du secteur",
                   "se retrouve en première ligne"),
    "past_p": ("alerté sur ces dérives", "plaidé pour une réponse commune", "publié une tribune remarquée",
               "été auditionné sur le sujet"),
    "units": ("comptes", "messages", "commentaires", "profils", "liens", "fichiers"),
    "handled": ("supprimés", "retirés", "bloqués", "examinés", "suspendus"),
    "period": ("en un an", "au dernier trimestre", "depuis janvier", "en six mois"),
    "period_of": ("de l'année écoulée", "des six derniers mois", "du seul mois dernier"),
    "next_step": ("s'exprimer de nouveau", "être reçu{E} au ministère", "présenter un bilan", "rendre ses conclusions"),
    "promise": ("faire mieux", "publier un bilan", "corriger le tir", "revoir sa copie"),
    "a_step": ("une avancée", "un premier pas", "un signal encourageant", "une décision attendue"),
    "title_verb": ("hausse le ton face à", "met la pression sur", "interpelle", "tance", "convoque"),
    "title_goal": ("accélérer", "changer la donne", "aller plus loin", "reprendre la main"),
    "title_end": ("le bras de fer continue", "la tension monte", "un dialogue de sourds", "l'heure des comptes"),
    "title_org": ("sous pression", "promet des changements", "se défend", "sur la sellette"),
}
_REWORDINGS = tuple((re.compile(rf"\b{old}\b"), new) for old, new in REWORDINGS)
_PUNCTUATION = "«»-:;,.?!()[]\u201c\u201d\""
_SLOT = re.compile(r"\{(\w+)\}")


def _parse(alternative: str) -> tuple[tuple[str, str], ...]:
    """``"a {b} c"`` -> ``(("a ", "b"), (" c", ""))``: literal text, then the symbol that follows it."""
    parts = _SLOT.split(alternative) + [""]
    return tuple(zip(parts[::2], parts[1::2], strict=True))


_RULES = {name: tuple(_parse(alt) for alt in alts) for name, alts in _GRAMMAR.items()}
_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_SPEAKING = (0.5, 0.3, 0.2)  # how often each of an event's three people is the one speaking
_DAY_FORMS = ("{}", "{}", "ce {}", "{} soir", "{} matin")
_QUOTES = (("« ", " »"), ("«\u00a0", "\u00a0»"), ("\u201c", "\u201d"), ('"', '"'))
_CAPITALS = re.compile("[ÉÈÊÀÂÇÔÎ]")




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


@dataclass(frozen=True)
class Phrase:
    """A sentence and what it contains, so that any edit keeps the truth exact."""

    text: str
    actors: tuple[Actor, ...] = ()
    terms: tuple[tuple[str, float], ...] = ()  # (theme id, weight) of each inserted term


@dataclass(frozen=True)
class Scene:
    """Who an event involves and the quote every article on it may use."""

    people: tuple[Actor, ...]  # the first is the lead
    organisations: tuple[Actor, ...]
    place: Actor
    themes: tuple[str, ...]
    quote: Phrase | None = None


@dataclass(frozen=True)
class Member:
    """One planned article of an event: its kind, its story within the event, its date."""

    kind: str  # original | same_event | duplicate | dispatch | republication
    story: str  # "wire", or the independent article it belongs to ("own0", "own1")
    date: dt.date


@dataclass(frozen=True)
class Event:
    """Something that happens: a date, a topic and the articles that cover it."""

    number: int
    date: dt.date
    themes: tuple[str, ...]
    lead: Actor | None  # a burst's central person
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Written:
    """One article as written: title, paragraphs of sentences, where and when it appeared."""

    title: str
    paragraphs: tuple[tuple[Phrase, ...], ...]
    source: str
    domain: str
    style: int  # index of the outlet's typographic habits (see _typeset)


@dataclass(frozen=True)
class SynthSummary:
    out: Path
    articles: int
    stories: int
    wire_articles: int
    words: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.articles} articles synthétiques ({self.stories} histoires, {self.wire_articles} issus de "
            f"dépêches, {self.words} mots) en {self.seconds:.1f} s -> {self.out}"
        )


def write_synthetic_corpus(
    n: int,
    out: Path,
    *,
    seed: int = 0,
    wire_share: float = 0.15,
    progress: bool = False,
    registry: Registry | None = None,
    lexicon: Lexicon | None = None,
    workers: int | None = None,
) -> SynthSummary:
    """Write ``n`` articles, ``metadata.csv`` and the truth into ``out``, which must be empty or absent.

    ``registry`` and ``lexicon`` default to the packaged ones, as in ingest.
    ``workers`` processes write the articles (default: one per core, one per
    2,000 articles at most); each event has its own random stream, so the
    bytes do not depend on how many.
    """
    started = time.perf_counter()
    if n < 1 or not 0 <= wire_share < 1:
        raise ValueError("n doit être positif et wire_share dans [0, 1)")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"Le dossier de sortie n'est pas vide : {out}")
    rng = random.Random(seed)
    cast = _cast(registry or load_registry(), lexicon or load_lexicon(), rng)
    events = _plan(n, rng, cast, wire_share)
    planned = sorted((m.date, e.number, j) for e in events for j, m in enumerate(e.members))
    ids = {(e, j): _article_id(rank, n) for rank, (_, e, j) in enumerate(planned)}
    stories: dict[tuple[int, str], str] = {}  # in date-then-id order, the first member seen names the story
    for _, e, j in planned:
        stories.setdefault((e, events[e].members[j].story), ids[e, j])
    jobs = [(e, [(ids[e.number, j], stories[e.number, m.story]) for j, m in enumerate(e.members)]) for e in events]
    write = functools.partial(_write_job, cast=cast, seed=seed, out=out)
    workers = workers or min(os.cpu_count() or 1, max(1, n // 2000))
    with multiprocessing.Pool(workers) if workers > 1 else contextlib.nullcontext() as pool:
        done = pool.imap(write, jobs, chunksize=50) if pool else map(write, jobs)
        rows = dict(kv for chunk in tqdm(done, total=len(jobs), desc="synth", disable=not progress) for kv in chunk)
    _write_tables(out, [rows[article_id] for article_id in sorted(rows)])
    return SynthSummary(
        out=out,
        articles=len(rows),
        stories=len(set(stories.values())),
        wire_articles=sum(m.kind in ("dispatch", "republication") for e in events for m in e.members),
        words=sum(truth["n_words"] for _, truth in rows.values()),
        seconds=time.perf_counter() - started,
    )


def _write_job(job: tuple[Event, list[tuple[str, str]]], *, cast: Cast, seed: int, out: Path) -> list:
    """Write one event's articles (ids and stories given); its metadata rows and truth records by id."""
    event, named = job
    articles = _write_event(event, cast, random.Random(seed * 1_000_003 + event.number))
    return [
        (article_id, _save(out, article_id, member, article, event=event.number, story=story, cast=cast))
        for member, article, (article_id, story) in zip(event.members, articles, named, strict=True)
    ]


# --- Who: the cast -----------------------------------------------------------------------------
def _cast(registry: Registry, lexicon: Lexicon, rng: random.Random) -> Cast:
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
    first = _fold(term.split()[0])
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
    first = _fold(actor.name.split()[0])
    female = actor.type == "person" and first.endswith(tuple(_fold(e) for e in _FEMALE_ENDINGS))
    return Actor(actor.name, actor.type, True, aliases=actor.aliases, female=female)


def _named(registry: Registry, name: str, type_: ActorType) -> Actor:
    """The registry's actor for a name if it has one, else an unregistered actor of that name."""
    found = registry.lookup(name)
    return _registered(found) if found is not None else Actor(name, type_, False)


# --- When: events and their articles -----------------------------------------------------------
def _plan(n: int, rng: random.Random, cast: Cast, wire_share: float) -> list[Event]:
    """Events with dated members, exactly ``n`` articles in all.

    Days are drawn from a weekly rhythm with a slow growth; about a third of
    the events belong to bursts (heavy-tailed sizes) that pile coverage onto
    a few days after a starting day, with their own themes and central person.
    """
    days = [FIRST_DAY + dt.timedelta(d) for d in range((LAST_DAY - FIRST_DAY).days + 1)]
    weekday = (1.0, 1.05, 1.05, 1.0, 0.95, 0.45, 0.35)
    weights = [
        weekday[d.weekday()] * (0.6 if d.month == 8 else 1.0) * (1 + 0.08 * (d.year - FIRST_DAY.year)) for d in days
    ]
    cumulative = list(itertools.accumulate(weights))
    themes = sorted(cast.terms)

    def new_topic() -> tuple[str, ...]:
        return tuple(rng.sample(themes, min(len(themes), 1 + (rng.random() < 0.4))))

    def day() -> dt.date:
        return rng.choices(days, cum_weights=cumulative)[0]

    bursts = [(day(), rng.paretovariate(1.5), new_topic(),
               rng.choice(cast.people)) for _ in range(max(2, n // 300))]
    burst_weights = list(itertools.accumulate(b[1] for b in bursts))
    events: list[Event] = []
    total = wire = 0
    while total < n:
        if rng.random() < 0.35:
            start, _, topic, lead = rng.choices(bursts, cum_weights=burst_weights)[0]
            date = min(start + dt.timedelta(int(rng.expovariate(0.4))), LAST_DAY)
        else:
            date, topic, lead = day(), new_topic(), None
        members = _members(rng, date, wire_now=wire < wire_share * (total + 2))[: n - total]
        events.append(Event(len(events), date, topic, lead, members))
        total += len(members)
        wire += sum(m.kind in ("dispatch", "republication") for m in members)
    return events


def _members(rng: random.Random, date: dt.date, *, wire_now: bool) -> tuple[Member, ...]:
    def later() -> dt.date:
        return min(date + dt.timedelta(rng.choices((0, 1, 2), (0.55, 0.4, 0.05))[0]), LAST_DAY)

    members: list[Member] = []
    if wire_now:
        size = rng.choice((2, 2, 3, 3, 3, 4, 4, 5, 6, 7))
        if rng.random() < 0.5:  # the agency's own text is in the corpus too
            members.append(Member("dispatch", "wire", date))
        members += [Member("republication", "wire", later()) for _ in range(size - len(members))]
    else:
        members.append(Member("original", "own0", date))
        if rng.random() < DUPLICATE_SHARE:
            members.append(Member("duplicate", "own0", date))
    if rng.random() < SAME_EVENT_SHARE:
        members.append(Member("same_event", "own1", later()))
    return tuple(members)


def _article_id(rank: int, n: int) -> str:
    """``0012/012345``: folder then file number, zero-padded so that names sort as numbers."""
    folder_digits, file_digits = max(4, len(str((n - 1) // FILES_PER_FOLDER))), max(6, len(str(n - 1)))
    return f"{rank // FILES_PER_FOLDER:0{folder_digits}d}/{rank:0{file_digits}d}"


# --- What: writing the articles of an event ----------------------------------------------------
class _Pen:
    """Writes sentences for one article from the grammar, recording every actor and term it puts in."""

    def __init__(self, rng: random.Random, cast: Cast, scene: Scene, date: dt.date):
        self.rng, self.cast, self.scene, self.date = rng, cast, scene, date
        self.seen: set[str] = set()
        self.actors: list[Actor] = []
        self.terms: list[tuple[str, float]] = []
        self.last_first: Actor | None = None  # the actor just named for the first time, for {ROLE}
        self.subject: Actor = scene.people[0]  # the person last named, for {IL} and {E}

    def sentence(self, symbol: str) -> Phrase:
        self.actors, self.terms = [], []
        text = self.expand(symbol).replace(",.", ".")
        start = 2 if text.startswith("« ") else 0
        text = text[:start] + text[start].upper() + text[start + 1 :]
        return Phrase(text, tuple(self.actors), tuple(self.terms))

    def expand(self, symbol: str) -> str:
        """One alternative of ``symbol``, its symbols expanded (the hot loop of the generator)."""
        alternatives = _RULES[symbol]
        out = []
        for literal, name in alternatives[int(self.rng.random() * len(alternatives))]:
            out.append(literal)
            if name:
                out.append(self._slot(name) if name.isupper() else self.expand(name))
        return "".join(out)

    def _slot(self, slot: str) -> str:
        people, organisations = self.scene.people, self.scene.organisations
        match slot:
            case "LEAD":
                return self._say(people[0])
            case "P" | "DE_P":
                person = self.rng.choices(people, _SPEAKING)[0]
                return self._say(person) if slot == "P" else _de(self._say(person))
            case "ROLE":
                return f", {self.last_first.role}," if self.last_first and self.last_first.role else ""
            case "IL" | "E":
                female = self.subject.female
                return ("elle" if female else "il") if slot == "IL" else ("e" if female else "")
            case "O" | "DE_O":
                organisation = self._organisation(organisations[self.rng.random() < 0.35])
                return organisation if slot == "O" else _de(organisation)
            case "O2":
                return self._organisation(organisations[1])
            case "L" | "IN_L":
                return self._place(self.scene.place, within=slot == "IN_L")
            case "T" | "DE_T" | "T_CAP":
                term = self._term()
                return _de(term) if slot == "DE_T" else term[0].upper() + term[1:] if slot == "T_CAP" else term
            case "KEY_QUOTE":
                quote = self.scene.quote
                self.actors.extend(quote.actors)
                self.terms.extend(quote.terms)
                self.seen.update(a.name for a in quote.actors)
                return quote.text
            case "DAY":
                day = self.date - dt.timedelta(self.rng.choice((0, 0, 1)))
                return self.rng.choice(_DAY_FORMS).format(_DAYS[day.weekday()])
            case "YEAR":
                return str(self.date.year - self.rng.randint(1, 4))
            case "NUM":
                value = self.rng.choice((120, 850, 1500, 3200, 12000, 40000, 250000)) * self.rng.randint(1, 9) // 3
                return f"{value:,}".replace(",", " ")
        raise KeyError(slot)

    def _say(self, actor: Actor) -> str:
        """One mention as the press writes it, counted for the truth."""
        first = actor.name not in self.seen
        self.seen.add(actor.name)
        self.actors.append(actor)
        self.last_first = actor if first else None
        if actor.type == "person":
            self.subject = actor
        rng, text = self.rng, actor.name
        if actor.type == "person" and not first:  # a person is named in full first, then more briefly
            roll = rng.random()
            surname = actor.surname
            if roll < 0.35:
                text = ("Mme " if actor.female else "M. ") + surname
            elif roll < 0.75 and len(surname) > 2:
                text = surname
            elif roll < 0.85 and actor.aliases:
                text = rng.choice(actor.aliases)
        elif actor.type != "person" and actor.aliases and rng.random() < 0.15:
            text = rng.choice(actor.aliases)
        roll = rng.random()
        if roll < 0.03:
            return text.upper()
        if roll < 0.07:
            return _strip_accents(text)
        return text

    def _organisation(self, actor: Actor) -> str:
        """``la Commission européenne``, ``l'Arcom``, ``Facebook``: the article goes with the first word."""
        surface = self._say(actor)
        first = _fold(surface.split()[0])
        article = "" if first in ("la", "le", "les", "l", "the") else _ORG_FIRST_WORDS.get(first.split("'")[0], "")
        return f"{article}{surface}" if article == "l'" else f"{article} {surface}".lstrip()

    def _place(self, actor: Actor, *, within: bool) -> str:
        """``la France``/``en France``, ``les États-Unis``/``aux États-Unis``, ``Paris``/``à Paris``."""
        surface = self._say(actor)
        article, preposition = _PLACES.get(_fold(surface)) or _PLACES.get(_fold(actor.name), ("", "à"))
        if within:
            return f"{preposition} {surface}"
        return f"{article}{surface}" if article == "l'" else f"{article} {surface}".lstrip()

    def _term(self) -> str:
        themes = self.scene.themes
        theme = themes[0] if len(themes) == 1 or self.rng.random() < 0.7 else self.rng.choice(themes[1:])
        text, weight, named = self.rng.choice(self.cast.terms[theme])
        self.terms.append((theme, weight))
        self.actors.extend(named)
        return text


def _write_event(event: Event, cast: Cast, rng: random.Random) -> list[Written]:
    """The event's articles, in the order of its members; copies derive from one written base."""
    people = [event.lead] if event.lead else []
    while len(people) < 3:
        candidate = rng.choice(cast.invented_people if rng.random() < INVENTED_SHARE else cast.people)
        if candidate not in people:
            people.append(candidate)
    organisations: list[Actor] = []
    while len(organisations) < 2:
        candidate = rng.choice(cast.invented_organisations if rng.random() < INVENTED_SHARE else cast.organisations)
        if candidate not in organisations:
            organisations.append(candidate)
    place = cast.france if rng.random() < HOME_SHARE else rng.choice(cast.places)
    scene = Scene(tuple(people), tuple(organisations), place, event.themes)
    scene = dataclasses.replace(scene, quote=_Pen(rng, cast, scene, event.date).sentence("quote_text"))
    outlets = rng.sample(OUTLETS, len(event.members))
    agency = rng.randrange(len(AGENCIES))
    credit = cast.agencies[agency]
    written: list[Written] = []
    base: Written | None = None
    for member, outlet in zip(event.members, outlets, strict=True):
        pen = _Pen(rng, cast, scene, member.date)
        if member.kind == "duplicate":
            written.append(written[0])
        elif member.kind in ("dispatch", "republication"):
            if base is None:
                base = _compose(pen, place, source=AGENCIES[agency], dateline=(credit, cast.paris), median=330)
            written.append(base if member.kind == "dispatch" else _republish(base, pen, outlet, credit))
        else:
            written.append(_compose(pen, place, source=outlet, median=420))
    return written


def _compose(pen: _Pen, place: Actor, *, source: tuple[str, str], median: int,
             dateline: tuple[Actor, Actor] | None = None) -> Written:
    """A new article of about ``median`` words (150-900), with the event's quote in most of them."""
    rng = pen.rng
    first: list[Phrase] = []
    if dateline:
        agency, paris = dateline
        city = place if _fold(place.name) not in _PLACES else paris
        pen.seen.update((agency.name, city.name))
        first.append(Phrase(f"{city.name.upper()} ({agency.name}) -", (city, agency)))
    least = MIN_WORDS + _count([first])  # copies may drop the dateline and must keep MIN_WORDS
    target = min(MAX_WORDS, max(least, int(math.exp(rng.gauss(math.log(median), 0.45)))))
    paragraphs = [first + [pen.sentence("lead")]]
    words = _count(paragraphs)
    quote_at = rng.randint(1, 4) if rng.random() < 0.7 else -1
    while words < target:
        paragraph: list[Phrase] = []
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            sentence = pen.sentence("key_quote" if len(paragraphs) == quote_at and not paragraph else "body")
            size = _words(sentence.text)
            if words + size > MAX_WORDS:
                break
            paragraph.append(sentence)
            words += size
            if words >= target:
                break
        if not paragraph:
            break
        paragraphs.append(paragraph)
    return _titled(pen, paragraphs, source)


def _republish(base: Written, pen: _Pen, outlet: tuple[str, str], agency: Actor) -> Written:
    """What a site does to a dispatch: new title, last paragraph cut, a lead added, boilerplate,
    a few words reworded, the dateline dropped, a credit line."""
    rng = pen.rng
    paragraphs = [list(p) for p in base.paragraphs]
    if rng.random() < 0.4 and len(paragraphs[0]) > 1 and paragraphs[0][0].text.endswith("-"):
        paragraphs[0].pop(0)
    while len(paragraphs) > 2 and rng.random() < 0.45 and _count(paragraphs[:-1]) >= MIN_WORDS:
        paragraphs.pop()
    for _ in range(rng.choice((0, 1, 2, 3, 4))):
        p = rng.randrange(len(paragraphs))
        s = rng.randrange(len(paragraphs[p]))
        paragraphs[p][s] = _reword(paragraphs[p][s], rng)
    if rng.random() < 0.35:
        paragraphs.insert(0, [pen.sentence("add_lead")])
    if rng.random() < 0.1:
        paragraphs.append([pen.sentence("update")])
    if rng.random() < 0.3:
        paragraphs.append([Phrase(f"(Avec {agency.name})", (agency,))])
    for _ in range(rng.choice((0, 0, 1, 2))):
        paragraphs.insert(rng.choice((0, len(paragraphs))), [Phrase(rng.choice(BOILERPLATE))])
    while _count(paragraphs) > MAX_WORDS and len(paragraphs) > 2:
        paragraphs.pop(-2)
    return _titled(pen, paragraphs, outlet)


def _titled(pen: _Pen, paragraphs: list[list[Phrase]], source: tuple[str, str]) -> Written:
    """The finished article: a title of its own, the outlet and its typographic habits."""
    style = pen.rng.randrange(2 * len(_QUOTES))
    return Written(pen.sentence("title").text, tuple(map(tuple, paragraphs)), *source, style=style)


def _reword(sentence: Phrase, rng: random.Random) -> Phrase:
    found = [(old, new) for old, new in _REWORDINGS if old.search(sentence.text)]
    if not found:
        return sentence
    old, new = rng.choice(found)
    return Phrase(old.sub(new, sentence.text, count=1), sentence.actors, sentence.terms)


def _count(paragraphs) -> int:
    return sum(_words(s.text) for p in paragraphs for s in p)


def _words(text: str) -> int:
    """Words as a reader counts them: space-separated, punctuation standing alone ("»," "-") not counted."""
    return sum(1 for word in text.split() if word.strip(_PUNCTUATION))


def _de(phrase: str) -> str:
    """French "de" before a noun phrase: du, des, d', de."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return ("d'" if _fold(phrase[:1]) in "aeiouy" else "de ") + phrase


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _typeset(text: str, style: int) -> str:
    """An outlet's habits: its quotation marks, apostrophes, and whether capitals keep their accents."""
    opening, closing = _QUOTES[style % len(_QUOTES)]
    text = text.replace("« ", opening).replace(" »", closing)
    if style >= len(_QUOTES):
        text = _CAPITALS.sub(lambda m: _strip_accents(m.group()), text.replace("'", "\u2019"))
    return text


# --- Where: files, metadata and truth ----------------------------------------------------------
def _save(
    out: Path, article_id: str, member: Member, article: Written, *, event: int, story: str, cast: Cast
) -> tuple[list[str], dict]:
    """Write one article's file; return its metadata row and its truth record."""
    text = _typeset("\n\n".join(" ".join(s.text for s in p) for p in article.paragraphs) + "\n", article.style)
    path = out / f"{article_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    sentences = [s for p in article.paragraphs for s in p]
    mentions = Counter(a for s in sentences for a in s.actors)
    scores: Counter[str] = Counter()
    for s in sentences:
        for theme, weight in s.terms:
            scores[theme] += weight
    title = _typeset(article.title, article.style)
    date = member.date.isoformat()
    number = article_id.rsplit("/", 1)[-1]
    section = SECTIONS[int(number) % len(SECTIONS)]
    url = f"https://www.{article.domain}/{section}/{date.replace('-', '/')}/{_slug(title)}_{number}.html"
    truth = {
        "id": article_id,
        "path": f"{article_id}.txt",
        "date": date,
        "source": article.source,
        "kind": member.kind,
        "event": event,
        "story": story,
        "n_words": _words(text),
        "actors": [
            {"name": a.name, "type": a.type, "registered": a.registered, "mentions": count}
            for a, count in sorted(mentions.items(), key=lambda item: (-item[1], item[0].name))
        ],
        "themes": sorted(theme for theme, score in scores.items() if score >= cast.threshold),
    }
    return [f"{article_id}.txt", title, date, article.source, url], truth


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _strip_accents(title).lower()).strip("-")[:80]


def _write_tables(out: Path, rows: list[tuple[list[str], dict]]) -> None:
    metadata = io.StringIO()
    writer = csv.writer(metadata, lineterminator="\n")
    writer.writerow(["path", "title", "date", "source", "url"])
    writer.writerows(row for row, _ in rows)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metadata.csv").write_bytes(metadata.getvalue().encode("utf-8"))
    lines = (json.dumps(truth, ensure_ascii=False) + "\n" for _, truth in rows)
    (out / TRUTH_FILE).write_bytes("".join(lines).encode("utf-8"))
