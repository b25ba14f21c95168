"""Length-preserving text folding and recasing.

Every span vigie stores indexes ``Article.text``.  So each transformation here
maps one character to exactly one character: matching and the spaCy model can
work on a folded or recased copy, and their offsets still point into the
original text.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


def _fold_table() -> dict[int, str]:
    """Accent-free lower case for Latin letters, ASCII for apostrophes and dashes."""
    table: dict[int, str] = {}
    for code in range(0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if len(base) == 1 and base != char:
            table[code] = base
    for char in "\u2018\u2019\u02bc\u00b4":
        table[ord(char)] = "'"
    for char in "\u2010\u2011\u2012\u2013\u2014":
        table[ord(char)] = "-"
    return table


_FOLD = _fold_table()
_WORD = re.compile(r"[^\W_]+")
_WORD_SPLIT = re.compile(r"([^\W_]+)")  # the same words, kept by split between the gaps


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, one character for one.

    "États-Unis", "ETATS-UNIS" and "Etats-Unis" fold to the same string, and
    ``fold(text)[i]`` is still the folded ``text[i]``.
    """
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Words:
    """The runs of letters or digits in a text (hyphens, apostrophes and spaces separate words).

    Three parallel lists rather than one object per word: a press article
    has hundreds of words and this is built twice per article.
    """

    folded: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.folded)


def words(text: str) -> Words:
    """The folded words of ``text`` with their offsets in ``text``.

    Matching on these words, not on spaCy tokens, is what makes "Royaume-Uni",
    "Royaume Uni" and "ROYAUME-UNI" one name whatever the tokenizer does with
    the hyphen (it keeps "États-Unis" whole but splits "Royaume-Uni").
    """
    # One split (words and the gaps between them, alternately) and a running sum of lengths: about a third
    # cheaper than a Match object per word (0.19 against 0.32 ms of CPU on a 450-word article, folding aside).
    parts = _WORD_SPLIT.split(fold(text))
    bounds = list(itertools.accumulate(map(len, parts)))
    return Words(parts[1::2], bounds[0:-1:2], bounds[1::2])


@dataclass(frozen=True, slots=True)
class WordKeys:
    """Folded words and word beginnings, compiled for :func:`word_spans` (see :func:`word_keys`)."""

    whole: np.ndarray  # sorted keys of whole words
    beginnings: tuple[tuple[int, np.ndarray], ...]  # per number of letters kept (3 or 4), sorted keys of beginnings


@dataclass(frozen=True, slots=True)
class WordSpans:
    """The same words as :func:`words`, as offsets into the folded text, and those a matcher should look at.

    For a matcher that looks at a few words in a hundred (lexicon terms):
    making every word a string, then looking each up in a dict, was two
    thirds of the themes' re-assignment (10,000 articles: fold 9.9 s, split
    6.1 s and the look-ups 7.6 s of CPU out of 37 s under cProfile, at a
    load average of 22).  :func:`word_spans` has numpy fold the texts, cut
    them into words and give each word an integer key (its first three
    letters and its length); only the words whose key one of the matcher's
    entries could have become strings, when the matcher asks (:meth:`word`).
    """

    folded: str  # fold(text)
    starts: list[int]
    ends: list[int]
    candidates: list[int]  # indices of the words that may be one of the keys' words or begin with a beginning

    def __len__(self) -> int:
        return len(self.starts)

    def word(self, i: int) -> str:
        return self.folded[self.starts[i] : self.ends[i]]


# A word's key, 64 bits: its first four letters, 12 bits each (code points above 0xFFF share 0xFFF: a shared
# key only costs a string comparison), then its length in the lowest 16 bits (0 in a beginning's key).
_KEY_LETTERS = 4
_KEY_BITS = 12
_LETTER_MAX = (1 << _KEY_BITS) - 1
_LENGTH_MASK = 0xFFFF
_SHORTEST_BEGINNING = 3
#: Texts folded and cut in one numpy pass: numpy's cost per call is then paid per batch, not per article.
_BATCH = 256


@lru_cache(maxsize=1)
def _code_tables() -> tuple[np.ndarray, np.ndarray]:
    """Over the BMP, indexed by code point: :func:`fold`, and whether a folded character is in ``[^\\W_]``."""
    folding = np.arange(0x10000, dtype=np.uint32)
    for code, char in _FOLD.items():
        folding[code] = ord(char)
    letters = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    return folding, letters


def word_spans(texts: Sequence[str], keys: WordKeys) -> list[WordSpans]:
    """The words of each text as :func:`words` finds them, and which may be ``keys``' (see :class:`WordSpans`)."""
    return [spans for first in range(0, len(texts), _BATCH) for spans in _batch_spans(texts[first : first + _BATCH], keys)]


def fold_all(texts: Sequence[str]) -> list[str]:
    """:func:`fold` of each text, by numpy: ten times faster on press articles (``str.translate`` looks up
    every non-ASCII character in a dict)."""
    folded = []
    for first in range(0, len(texts), _BATCH):
        codes, bases, lengths = _folded_codes(texts[first : first + _BATCH])
        joined = codes.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
        folded += [joined[base : base + length] for base, length in zip(bases.tolist(), lengths.tolist(), strict=True)]
    return folded


def _folded_codes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of the folded texts joined by "\\n", where each text starts in them, and its length."""
    folding, _ = _code_tables()
    lengths = np.array([len(text) for text in texts], dtype=np.int64)
    bases = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    folded = folding[np.minimum(codes, 0xFFFF)]
    beyond = codes > 0xFFFF  # emoji, rare scripts: fold leaves them alone
    folded[beyond] = codes[beyond]
    return folded, bases, lengths


def _batch_spans(texts: Sequence[str], keys: WordKeys) -> list[WordSpans]:
    _, letters = _code_tables()
    folded_codes, bases, lengths = _folded_codes(texts)  # no word spans the "\n" between two texts
    is_word = letters[np.minimum(folded_codes, 0xFFFF)]
    for i in np.flatnonzero(folded_codes > 0xFFFF).tolist():  # beyond the BMP: one by one
        is_word[i] = chr(folded_codes[i]).isalnum()
    bounds = np.flatnonzero(np.diff(is_word, prepend=False, append=False))
    starts, ends = bounds[0::2], bounds[1::2]
    word_key = np.minimum(ends - starts, _LENGTH_MASK).astype(np.uint64)
    for k in range(_KEY_LETTERS):
        at = np.minimum(starts + k, len(folded_codes) - 1)
        letter = np.where(starts + k < ends, np.minimum(folded_codes[at], _LETTER_MAX), 0).astype(np.uint64)
        word_key |= letter << np.uint64(_letter_shift(k))
    wanted = np.zeros(len(starts), dtype=bool)
    for known, mine in ((keys.whole, word_key), *((b, word_key & np.uint64(_letters_mask(n))) for n, b in keys.beginnings)):
        if len(known):
            wanted |= known[np.minimum(np.searchsorted(known, mine), len(known) - 1)] == mine
    first_word = np.searchsorted(starts, bases).tolist() + [len(starts)]
    base_of_word = np.repeat(bases, np.diff(first_word))
    folded = folded_codes.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    rel_starts, rel_ends = (starts - base_of_word).tolist(), (ends - base_of_word).tolist()
    chosen = np.flatnonzero(wanted)
    cuts = np.searchsorted(chosen, first_word).tolist()
    chosen = chosen.tolist()
    spans = []
    for n, (base, length) in enumerate(zip(bases.tolist(), lengths.tolist(), strict=True)):
        lo, hi = first_word[n], first_word[n + 1]
        spans.append(WordSpans(folded[base : base + length], rel_starts[lo:hi], rel_ends[lo:hi],
                               [i - lo for i in chosen[cuts[n] : cuts[n + 1]]]))
    return spans


def _letter_shift(k: int) -> int:
    return 16 + _KEY_BITS * (_KEY_LETTERS - 1 - k)


def _letters_mask(n: int) -> int:
    """The bits of a key holding its first ``n`` letters."""
    return sum(_LETTER_MAX << _letter_shift(k) for k in range(n))


def word_keys(*, whole: Iterable[str] = (), beginnings: Iterable[str] = ()) -> WordKeys:
    """Folded words, and beginnings of at least three letters, as :func:`word_spans` looks them up."""

    def key(word: str, length: int) -> int:
        letters = word[:_KEY_LETTERS].ljust(_KEY_LETTERS, "\0")
        return sum(min(ord(char), _LETTER_MAX) << _letter_shift(k) for k, char in enumerate(letters)) | length

    by_letters: dict[int, set[int]] = {}
    for beginning in beginnings:
        if len(beginning) < _SHORTEST_BEGINNING:
            raise ValueError(f"a beginning has at least {_SHORTEST_BEGINNING} letters: {beginning!r}")
        n = min(len(beginning), _KEY_LETTERS)
        by_letters.setdefault(n, set()).add(key(beginning, 0) & _letters_mask(n))
    return WordKeys(
        whole=np.array(sorted({key(w, min(len(w), _LENGTH_MASK)) for w in whole}), dtype=np.uint64),
        beginnings=tuple((n, np.array(sorted(found), dtype=np.uint64)) for n, found in sorted(by_letters.items())),
    )


def word_key(text: str) -> tuple[str, ...]:
    """The folded words of a name, the key under which names are compared (``words`` without the offsets)."""
    return tuple(_WORD.findall(fold(text)))


def initials(key: tuple[str, ...]) -> tuple[str, ...]:
    """The acronyms a multi-word name may go by: all initials, and initials of its long words.

    ("bureau", "of", "investigative", "journalism") -> ("boij", "bij").
    """
    if len(key) < 2:
        return ()
    return tuple(dict.fromkeys(("".join(w[0] for w in key), "".join(w[0] for w in key if len(w) > 3))))


# Bump when recase_caps changes its output: the model reads the recased text, so stored parses depend on it.
NORMALISATION_VERSION = "1"
_NAME_WORD = re.compile(r"(?<!\w)[^\W\d_]+(?:['-][^\W\d_]+)*(?!\w)")
_LONG_CAPS = 6  # shorter upper-case words alone are usually acronyms (CNIL, RGPD, DCMS)


def recase_caps(text: str) -> str:
    """Title-case upper-case names so that the model reads them as names.

    The French model reads "FACEBOOK" or "ROMAIN DESARBRES" as common nouns or
    junk.  A run of two or more upper-case words ("CEDRIC O", "ROMAIN
    DESARBRES") or a single upper-case word of six letters or more ("FACEBOOK")
    becomes "Cedric O", "Facebook".  Shorter words alone stay as they are,
    since they are usually acronyms ("CNIL", "G7").  Length is preserved.
    """
    caps = [m for m in _NAME_WORD.finditer(text) if m.group().isupper()]
    out = list(text)
    for i, match in enumerate(caps):
        in_run = (i > 0 and text[caps[i - 1].end() : match.start()] == " ") or (
            i + 1 < len(caps) and text[match.end() : caps[i + 1].start()] == " "
        )
        if in_run or len(match.group()) >= _LONG_CAPS:
            out[match.start() : match.end()] = _title(match.group())
    return "".join(out)


def _title(word: str) -> str:
    """ "JEAN-PIERRE" -> "Jean-Pierre", "D'ALEMBERT" -> "D'Alembert"; same length."""
    chars = []
    upper_next = True
    for char in word:
        chars.append(char.upper() if upper_next else char.lower())
        upper_next = not char.isalpha()
    title = "".join(chars)
    return title if len(title) == len(word) else word
