"""French as the generator writes it: how names take their articles and prepositions, "de", days, word counts.

Kept apart from the grammar's sentence frames because the cast, the pen and the
corpus writer all need it, and it holds rules of the language, not content.
"""
from __future__ import annotations

import functools
import unicodedata

from vigie.nlp import text as nlp_text

#: Accent-free lower case, as the registry compares names; cached since names recur.
fold = functools.lru_cache(maxsize=4096)(nlp_text.fold)

# --- French grammar of names ------------------------------------------------------------------
# Places: (article, preposition for "in"); a place not listed is written like a city: "Paris", "à Paris".
PLACE_FORMS = {
    ("la", "en"): "France, Belgique, Pologne, Hongrie, Suède, Norvège, Finlande, Grèce, Suisse, Chine, Russie, "
    "Corée du Sud, Nouvelle-Zélande, Turquie, Tunisie, Californie, Grande-Bretagne",
    ("l'", "en"): "Allemagne, Italie, Espagne, Irlande, Autriche, Ukraine, Inde, Australie, Indonésie, Algérie, "
    "Europe, Afrique, Asie, Iran",
    ("le", "au"): "Luxembourg, Danemark, Portugal, Royaume-Uni, Canada, Mexique, Brésil, Japon, Maroc, Sénégal",
    ("les", "aux"): "Pays-Bas, États-Unis",
    ("", "en"): "Israël",
    ("la", "dans la"): "Silicon Valley",
}
PLACES = {fold(name.strip()): forms for forms, names in PLACE_FORMS.items() for name in names.split(",")}
# Organisations: the article their first word takes ("la Commission européenne"); brands take none.
ORG_ARTICLES = {
    "le": "ministère parquet conseil comité parlement sénat congrès défenseur collectif syndicat csa fbi parti "
    "rassemblement palais cepd",
    "la": "commission cour chambre ligue maison cnil fondation fédération ftc licra chancellerie cjue",
    "l'": "assemblée union autorité agence organisation élysée arcom arcep anssi association observatoire institut "
    "otan unesco ocde onu ue",
    "les": "sages communes",
}
ORG_FIRST_WORDS = {fold(w): article for article, ws in ORG_ARTICLES.items() for w in ws.split()}
FEMALE_ENDINGS = ("a", "ie", "ine", "yne", "elle", "ette", "ise", "ude", "ène", "ice", "anne", "ire", "ura")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAY_FORMS = ("{}", "{}", "ce {}", "{} soir", "{} matin")
PUNCTUATION = "«»-:;,.?!()[]\u201c\u201d\""


def word_count(text: str) -> int:
    """Words as a reader counts them: space-separated, punctuation standing alone ("»," "-") not counted."""
    return sum(1 for word in text.split() if word.strip(PUNCTUATION))


def de(phrase: str) -> str:
    """French "de" before a noun phrase: du, des, d', de."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return ("d'" if fold(phrase[:1]) in "aeiouy" else "de ") + phrase


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
