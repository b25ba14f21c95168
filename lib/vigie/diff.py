"""What differs between two copies of one story, word by word.

Why words: wire copies differ by a new title, a cut paragraph, site
boilerplate or a few reworded words; a line diff would mark a whole paragraph
for one changed word, a character diff would shred words.  Each token is a
word with the spaces after it, so joining the parts gives back the texts
exactly.  ``autojunk`` is off: on long texts difflib would otherwise treat
the commonest words ("de", "la") as junk and report them as changed.  Very
long texts are compared paragraph by paragraph (difflib is quadratic at worst).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["same", "removed", "added"]

#: Above this many words on either side, compare paragraphs instead of words.
MAX_WORDS = 20_000
_WORD = re.compile(r"\S+\s*|\s+")
_PARAGRAPH = re.compile(r"[^\n]*\n+|[^\n]+")


@dataclass(frozen=True)
class Difference:
    """The parts of the comparison in reading order, and how many words each side has of its own."""

    parts: tuple[tuple[Kind, str], ...]  # ("same" | "removed" | "added", text)
    removed: int  # words only in the first text
    added: int  # words only in the second text
    by: Literal["word", "paragraph"] = "word"

    @property
    def identical(self) -> bool:
        return not self.removed and not self.added


def compare(first: str, second: str, *, max_words: int = MAX_WORDS) -> Difference:
    """The first text turned into the second: kept, removed and added parts.

    Tokens are compared without their trailing spaces, so a changed line
    break is not a difference.
    """
    by = "word"
    a, b = _WORD.findall(first), _WORD.findall(second)
    if max(len(a), len(b)) > max_words:
        by = "paragraph"
        a, b = _PARAGRAPH.findall(first), _PARAGRAPH.findall(second)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    parts: list[tuple[Kind, str]] = []
    removed = added = 0
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":  # laid out as in the first text, the one the reader has open
            parts.append(("same", "".join(a[a0:a1])))
            continue
        if a1 > a0:
            text = "".join(a[a0:a1])
            parts.append(("removed", text))
            removed += len(text.split())
        if b1 > b0:
            text = "".join(b[b0:b1])
            parts.append(("added", text))
            added += len(text.split())
    return Difference(parts=tuple(_merged(parts)), removed=removed, added=added, by=by)


def _merged(parts: list[tuple[Kind, str]]) -> list[tuple[Kind, str]]:
    """Neighbouring parts of one kind joined, empty ones dropped."""
    out: list[tuple[Kind, str]] = []
    for kind, text in parts:
        if not text:
            continue
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))
    return out
