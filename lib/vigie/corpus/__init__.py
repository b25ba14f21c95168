"""The corpus step: files in, cleaned ``Article`` records and an ``InputReport`` per input out."""
from vigie.corpus.clean import clean_text
from vigie.corpus.read import CorpusRead, read_corpus

__all__ = ["CorpusRead", "clean_text", "read_corpus"]
