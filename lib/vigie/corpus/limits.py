"""Bounds on what one input may cost, so that a stray file cannot stall a run.

A press article is a few kilobytes; twenty megabytes is already a book-length
dump or a mis-named binary.  Tables hold many articles, hence a larger bound.
Past ``MAX_TEXT_CHARS`` the nlp step would spend minutes on a single text, so
the text is cut there and the report says so.
"""

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TABLE_BYTES = 200 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
