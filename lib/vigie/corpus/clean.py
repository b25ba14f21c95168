"""Text cleaning: what the nlp step sees, and what every char offset indexes.

Two layers.  ``normalise`` fixes characters only (line ends, NFC, typographic
apostrophes, odd spaces, invisible and control characters), so it is safe on
titles and table fields too.  ``clean_text`` adds line rules that drop web
page furniture (comment forms, ad markers, share buttons, URL slugs, a title
repeated by the page template).  Every line rule is written by the *form* of
such lines, short and alone on their line, never as a list of one site's
sentences, and a line of running text is never touched.
"""
from __future__ import annotations

import re
import unicodedata

from vigie.corpus.dates import HEADER

_CHARS = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
    **dict.fromkeys("\t\u00a0\u1680\u202f\u205f\u3000", " "),
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    **dict.fromkeys("\x0b\x0c\x85\u2028", "\n"),
    "\u2029": "\n\n",
    **{chr(c): "" for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0))},
}
# a regex replacing only what occurs: str.translate looks up every character of the text
_ODD_CHARS = re.compile("[" + re.escape("".join(_CHARS)) + "]")
_SPACES = re.compile(r" {2,}")
_ALNUM = re.compile(r"\w")

_SHARE_TARGET = r"(?:\s+(?:sur|on|via)\s+(?:facebook|twitter|x|linkedin|whatsapp|pinterest|e-?mail))?"
_UI_WORDS = (
    r"rechercher|recherche|search|partager|partagez|share|tweet|tweeter|imprimer|print|envoyer|"
    r"e-?mail|menu|accueil|home|fermer|close|s'abonner|abonnez-vous|subscribe|newsletter|"
    r"se connecter|connexion|log ?in|sign ?in|lire aussi|à lire aussi|a lire aussi|lire la suite|"
    r"read more|voir aussi|see also|voir plus|en savoir plus|commenter|réagir|commentaires?|"
    r"comments?|retour en haut|haut de page|back to top|suivant|précédent|next|previous|"
    r"nom|name|site web|website|réponse|reply|annuler|cancel"
)
_BOILERPLATE = re.compile(
    "|".join(
        (
            # comment forms, English and French
            r"(?:leave|post|add|write)\s+(?:a\s+|your\s+)?(?:reply|comment)s?\b.*",
            r"laisse[rz]?\s+(?:un|une|votre)\s+(?:commentaire|réponse)\b.*",
            r"(?:your|votre)\s+(?:e-?mail\s+)?(?:address|adresse)\b.*\b(?:not\s+be\s+published|pas\s+publiée)\b.*",
            r"(?:required\s+fields\s+are\s+marked|les\s+champs\s+obligatoires\s+sont)\b.*",
            r"(?:you\s+may\s+use\s+these\s+html|vous\s+pouvez\s+utiliser\s+ces\s+balises)\b.*",
            r"(?:save\s+my\s+name|enregistrer\s+mon\s+nom)\b.*",
            # copy protection banners
            r"(?:\w+\s*:\s*)?(?:content\s+is\s+protected|contenu\s+protégé)\b.*",
            # ad markers, bracketed or bare
            r"[\[(<\-–—_|*\s]*(?:publicité|advertisement|advertising|annonce|contenu\s+sponsorisé|"
            r"sponsorisé|sponsored(?:\s+content)?|pub|ad)[\])>\-–—_|*\s]*",
            # site furniture alone on its line, or a "Lire aussi : <teaser>" link
            rf"(?:{_UI_WORDS}){_SHARE_TARGET}\s*[:.…»>*]*",
            r"(?:lire\s+aussi|à\s+lire\s+aussi|a\s+lire\s+aussi|voir\s+aussi|read\s+also)\s*[:>»\-–].*",
        )
    ),
    re.I,
)
# a URL slug: lower-case words joined by hyphens, no spaces (case matters here)
_SLUG = re.compile(r"[a-z0-9à-ÿœæ']+(?:-[a-z0-9à-ÿœæ']+){3,}(?:\.html?|/)?")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_BOILERPLATE_LINE = 400  # longer lines are running text, never furniture


def normalise(raw: str) -> str:
    """Fix characters only: line ends, odd spaces, quotes, invisible characters, NFC."""
    return "\n".join(_normalised_lines(raw))


def clean_text(raw: str) -> str:
    """Normalise ``raw`` and drop page furniture lines, keeping paragraph breaks."""
    kept: list[str] = []
    title: str | None = None
    for line in _normalised_lines(raw):
        if not line:
            if kept and kept[-1]:  # one blank line marks a paragraph; more say nothing
                kept.append(line)
        elif not (_is_furniture(line) or line == title):
            title = _title_key(line) if title is None else title
            kept.append(line)
    return "\n".join(kept).rstrip("\n")


def _normalised_lines(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    text = _ODD_CHARS.sub(lambda match: _CHARS[match.group()], text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return [line.strip(" ") for line in text.split("\n")]


def _is_furniture(line: str) -> bool:
    if not _ALNUM.search(line):
        return True  # a lone "*", a row of dashes, a stray guillemet
    if len(line) > _MAX_BOILERPLATE_LINE:
        return False
    if _SLUG.fullmatch(line):
        return _LETTER.search(line) is not None  # "2019-05-16-10-30" is a date, not a slug
    return _BOILERPLATE.fullmatch(line) is not None


def _title_key(first_line: str) -> str:
    """The first line as a page template would repeat it: no header, no ``| site`` suffix."""
    title = HEADER.sub("", first_line, count=1).split(" | ")[0].strip()
    return title if len(title) >= 10 else ""
