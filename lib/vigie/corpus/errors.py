"""The one exception that readers raise to refuse an input.

Refusing is ordinary for a corpus reader (a PDF among the texts, an empty
file), so readers raise ``Refused`` and ``read_corpus`` turns it into an
``InputReport``: nothing else escapes, and no file disappears silently.
"""
from __future__ import annotations

from vigie.types import InputStatus


class Refused(Exception):
    """An input that yields no article, with the status and reason to report."""

    def __init__(self, reason: str, *, status: InputStatus = "rejected") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status: InputStatus = status
