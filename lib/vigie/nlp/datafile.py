"""Moved to :mod:`vigie.datafile` (the sources table reads YAML without spaCy); kept for old imports."""
from vigie.datafile import DataFileError, check_keys, content_hash, read_yaml, string_list

__all__ = ["DataFileError", "check_keys", "content_hash", "read_yaml", "string_list"]
