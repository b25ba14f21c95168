"""decode: every text encoding a French corpus meets, and a clear refusal for the rest."""
import gzip
import random

import pytest

from vigie.corpus.decode import binary_kind, control_count, control_note, decode
from vigie.corpus.errors import Refused

FRENCH = "Le président a reçu l’Élysée « grand » : œuvre à 12 €, déjà vu."
LATIN1 = "Été à Noël : où ça ? Là-bas, déjà."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (FRENCH.encode("utf-8"), FRENCH),
        (b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), FRENCH),
        (FRENCH.encode("utf-16"), FRENCH),
        (b"\xfe\xff" + FRENCH.encode("utf-16-be"), FRENCH),
        (FRENCH.encode("utf-32"), FRENCH),
        (FRENCH.encode("cp1252"), FRENCH),
        (LATIN1.encode("latin-1"), LATIN1),
        ("café".encode("latin-1"), "café"),
        ("é".encode("latin-1"), "é"),
    ],
)
def test_text_encodings(data, expected):
    assert decode(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "only whitespace"),
        ("\u00a0\u3000".encode(), "only whitespace"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (gzip.compress(b"texte"), "gzip"),
        (b"BZh91AY&SYrest", "bzip2"),
        (b"\xfd7zXZ\x00rest", "xz"),
        (b"7z\xbc\xaf\x27\x1crest", "7z"),
        (b"\x89PNG\r\n\x1a\nrest", "PNG"),
        (b"\xff\xd8\xff\xe0rest", "JPEG"),
        (b"GIF89a", "GIF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "Microsoft Office"),
        (b"{\\rtf1\\ansi texte}", "RTF"),
        (b"\x7fELF\x02", "executable"),
        (b"x" * 257 + b"ustar\x0000", "tar"),
        (b"texte\x00avec\x00NUL", "NUL"),
        (b"\x01\x02\x03\x04\x05\x06 texte \x07\x08\x0e\x0f", "control characters"),
        (random.Random(3).randbytes(3000), "binary"),
    ],
)
def test_refusals_say_why(data, reason):
    with pytest.raises(Refused) as refused:
        decode(data)
    assert reason.lower() in refused.value.reason.lower()
    assert refused.value.status == "rejected"


def test_a_broken_utf16_file_is_refused_not_garbled():
    with pytest.raises(Refused, match="UTF-16"):
        decode(b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00\xd8")


def test_a_stray_control_character_is_tolerated():
    text = "Un long texte ordinaire, " * 10 + "\x07fin"
    assert decode(text.encode()) == text


def test_binary_kind_is_empty_for_text():
    assert binary_kind(FRENCH.encode()) == ""
    assert binary_kind(FRENCH.encode("utf-16")) == ""


def test_a_real_article_with_a_nul_and_other_control_characters_is_kept(sample_texts):
    article = next(iter(sample_texts.values()))
    cut = len(article) // 2
    dirty = article[:cut] + "\x00" + article[cut:] + "\x07\x1b"  # a NUL left by a broken copy, a bell, an escape
    text = decode(dirty.encode("utf-8"))
    assert text == dirty
    assert control_count(text) == 3
    assert control_note(text) == "3 caractères de contrôle retirés"
    assert control_note(article) == ""


def test_nul_bytes_past_one_percent_are_binary(sample_texts):
    article = next(iter(sample_texts.values())).encode("utf-8")[:1000]
    assert binary_kind(article[:500] + b"\x00" * 5 + article[500:]) == ""
    assert binary_kind(article[:500] + b"\x00" * 20 + article[500:]) == "NUL bytes"
    assert binary_kind(article.decode("utf-8").encode("utf-16-le")) == "NUL bytes"  # UTF-16 without its BOM
