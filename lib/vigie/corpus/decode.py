"""Bytes to text, or a clear refusal: never garbage text.

UTF-8 is tried first because nearly every modern file is UTF-8 and strict
decoding proves it.  Only when it fails does ``charset_normalizer`` choose,
and only among the Western single-byte encodings a French text can come in:
left free, it reads a short latin-1 word such as ``café`` as UTF-16.  When it
cannot decide (a short, accent-dense text), cp1252 is the Western default.
Binary inputs are recognised by their magic numbers or by NUL bytes before
any decoding, so a PDF renamed ``.txt`` is refused instead of read.

Control characters (NUL included) are judged by their share, not their
presence: a real text has none, but a long article with a few stray ones
(a NUL left by a broken copy, a form feed) is a text, and the cleaning
removes them; ``read_corpus`` says how many in the report
(:func:`control_note`).  Past 1 % of the characters (or of the first 8 KiB
for NUL bytes, which UTF-16 without a BOM is full of), the file is binary
and refused whole.
"""
from __future__ import annotations

import re

from charset_normalizer import from_bytes

from vigie.corpus.errors import Refused

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive that is not a Word document (odt, xlsx, zip...)",  # DOCX: vigie.corpus.office
    b"\x1f\x8b": "a gzip archive",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ\x00": "an xz archive",
    b"7z\xbc\xaf\x27\x1c": "a 7z archive",
    b"Rar!\x1a\x07": "a RAR archive",
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"RIFF": "a RIFF media file",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Microsoft Office document",
    b"{\\rtf": "an RTF document",  # read by vigie.corpus.office before decode is asked
    b"\x7fELF": "an executable",
    b"SQLite format 3\x00": "an SQLite database",
}
# one regex for all of them; "BZh" alone could open a text, so bzip2 needs its block magic too
_MAGIC_AT_START = re.compile(
    b"|".join(re.escape(magic) + (rb"(?=[1-9]1AY&SY)" if magic == b"BZh" else b"") for magic in _MAGIC)
)
_WESTERN = ["cp1252", "iso8859_15", "latin_1"]
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01  # a real text has none; a few stray ones are cleaned


def decode(data: bytes) -> str:
    """Decode one input's bytes, or raise ``Refused`` saying why it is not text."""
    if not data:
        raise Refused("empty file")
    kind = binary_kind(data)
    if kind:
        raise Refused(f"binary content: {kind}, not text")
    text = _decode_text(data)
    if control_count(text) > _MAX_CONTROL_SHARE * len(text):
        raise Refused("binary content: too many control characters, not text")
    if not text.strip():
        raise Refused("only whitespace")
    return text


def binary_kind(data: bytes) -> str:
    """Name the binary format ``data`` starts with, or '' for what may be text."""
    magic = _MAGIC_AT_START.match(data)
    if magic:
        return _MAGIC[magic.group()]
    if data[257:262] == b"ustar":
        return "a tar archive"
    head = data[:8192]
    if head.count(b"\x00") > _MAX_CONTROL_SHARE * len(head) and not any(data.startswith(bom) for bom, _ in _BOMS):
        return "NUL bytes"
    return ""


def control_count(text: str) -> int:
    """How many control characters ``text`` holds: the cleaning removes them."""
    return len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0


def control_note(text: str) -> str:
    """The report's note on the control characters removed from a decoded input, or ''."""
    count = control_count(text)
    if not count:
        return ""
    return f"{count} caractère de contrôle retiré" if count == 1 else f"{count} caractères de contrôle retirés"


def _decode_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise Refused(f"invalid {encoding.upper()} text: {error.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_WESTERN).best()
    if best is not None:
        return str(best)
    try:  # too short or too accented for statistics: cp1252, the usual Western single-byte text
        return data.decode("cp1252")
    except UnicodeDecodeError:
        if control_count(data.decode("latin-1")) > _MAX_CONTROL_SHARE * len(data):
            raise Refused("binary content: too many control characters, not text") from None
        raise Refused("unknown text encoding") from None
