"""The outlets and agencies the synthetic articles appear in, and the habits that make their copies differ.

A republication differs from its dispatch by what real sites do (boilerplate,
light rewording, their own quotation marks and apostrophes, capitals without
accents), so that finding stories is measured against realistic edits.
"""
from __future__ import annotations

import re

from vigie.synth.french import strip_accents

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
REWORDING_PATTERNS = tuple((re.compile(rf"\b{old}\b"), new) for old, new in REWORDINGS)
QUOTES = (("« ", " »"), ("«\u00a0", "\u00a0»"), ("\u201c", "\u201d"), ('"', '"'))
CAPITALS = re.compile("[ÉÈÊÀÂÇÔÎ]")


def typeset(text: str, style: int) -> str:
    """An outlet's habits: its quotation marks, apostrophes, and whether capitals keep their accents."""
    opening, closing = QUOTES[style % len(QUOTES)]
    text = text.replace("« ", opening).replace(" »", closing)
    if style >= len(QUOTES):
        text = CAPITALS.sub(lambda m: strip_accents(m.group()), text.replace("'", "\u2019"))
    return text
